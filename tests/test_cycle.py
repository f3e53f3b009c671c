"""Campaign time and titles (issue 16): years, evaluations per title, verdicts, cross-checks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import jsonschema
import pytest

import civledger
from civledger import (
    Cadence,
    Evaluation,
    GradeCounts,
    Inspection,
    InspectionKind,
    Ledger,
    Lift,
    Rhythm,
    StandardGrade,
)
from civledger.cli.main import run
from civledger.model import Grade

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="module")
def four() -> Ledger:
    return civledger.load(EXAMPLES / "four-cities.yaml")


def codes(ledger: Ledger, *select: str, as_of: date | None = None) -> list[str]:
    report = civledger.check(ledger, select=list(select), as_of=as_of)
    return [i.code for i in report.issues]


def test_the_example_checks_clean_but_for_its_one_veto(four: Ledger) -> None:
    report = civledger.check(four, strict=True)
    assert [(i.code, i.subjects) for i in report.issues] == [("SCR002", ("I-01", "N-02"))]
    extra = "PHS011,SCR004,SCR006,SCR008,SCR005,SCR007,PHS008"
    assert sorted(codes(four, *extra.split(","))) == ["PHS011", "SCR004", "SCR004"]


def test_the_example_round_trips_and_fits_the_schema(four: Ledger) -> None:
    text = civledger.dumps(four, format="json")
    assert civledger.loads(text, format="json") == four
    jsonschema.Draft202012Validator(civledger.json_schema()).validate(json.loads(text))


def test_a_veto_on_one_title_leaves_the_others_qualified(four: Ledger) -> None:
    card = civledger.scorecard(four)
    verdicts = {f.framework: f.verdict for f in card.frameworks}
    assert verdicts == {
        "wmcs": civledger.Verdict.QUALIFIED,
        "wscs": civledger.Verdict.VETOED,
        "ylcs": civledger.Verdict.QUALIFIED,
        "slcs": civledger.Verdict.QUALIFIED,
    }
    # the deduction of an item without frameworks comes off the civilized city only
    assert card.title("wmcs").deductions == 0.5
    assert card.title("wscs").deductions == 0
    # a year's scorecard counts that year's incidents: 2024 knew no veto
    assert civledger.scorecard(four, as_of="2024-12-31", since="2024-01-01").qualified
    assert not card.qualified


def test_the_verdict_names_a_prerequisite_only_when_the_title_has_one(four: Ledger) -> None:
    notes = civledger.scorecard_report(four).notes
    verdicts = [n for n in notes if n.startswith("Verdict")]
    assert len(verdicts) == 4
    assert "prerequisites met" in verdicts[0]  # wmcs has one (I-1 ≥ 85)
    assert "the nomination is cancelled" in verdicts[1]
    assert not any("prerequisite" in v for v in verdicts[2:])


def test_the_csv_scorecard_keeps_totals_and_verdicts(
    four: Ledger, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "scorecard", str(EXAMPLES / "four-cities.yaml"), "--format", "csv"]
    assert run([*args, "--no-bom"]) == 0
    rows = [r for r in capsys.readouterr().out.splitlines() if ",Total: " in r]
    assert [r.split(",")[0] for r in rows] == ["wmcs", "wscs", "ylcs", "slcs"]
    assert rows[1].endswith(",vetoed")
    assert rows[0].endswith(",0.5,qualified")


def test_a_task_serving_two_titles_counts_in_each(four: Ledger) -> None:
    wmcs = civledger.coverage_report(four, framework="wmcs").to_rows()
    wscs = civledger.coverage_report(four, framework="wscs").to_rows()
    assert {r["code"] for r in wmcs if r["tasks"]} >= {"II-2"}
    assert next(r for r in wscs if r["code"] == "1.1")["tasks"] == 1
    # groups inherited from the item they name to the standards under it
    assert {r["groups"] for r in wmcs if r["code"].startswith("II-")} == {"城市管理组"}
    assert next(r for r in wmcs if r["code"] == "I-1-1")["groups"] is None


def test_years_phases_and_evaluations_per_title(four: Ledger) -> None:
    assert [y.year for y in civledger.campaign_years(four)] == [2024, 2025, 2026]
    assert codes(four, "PHS") == []  # the five phases repeat once a year
    # the same phases twice in one year is still PHS002
    doubled = attrs.evolve(four.campaign, phases=(*four.campaign.phases, four.campaign.phases[5]))
    assert "PHS002" in codes(attrs.evolve(four, campaign=doubled), "PHS002")
    ahead = civledger.next_evaluations(four)
    assert {t: d for t, (_, d) in ahead.items()} == {
        "wscs": 6,
        "wmcs": 36,
        "ylcs": 88,
        "slcs": 123,
    }
    assert civledger.days_remaining(four) == 6  # the next evaluation of any title


def test_due_after_the_last_evaluation_of_its_titles(four: Ledger) -> None:
    tasks = list(four.tasks)
    tasks[2] = attrs.evolve(tasks[2], due=date(2026, 8, 1))  # wmcs: last evaluation 2026-07-20
    tasks[4] = attrs.evolve(tasks[4], due=date(2026, 9, 1))  # ylcs: by 2026-09-10, no error
    later = attrs.evolve(four, tasks=tasks)
    assert civledger.check(later, select=["PHS008"]).issues[0].subjects == ("T-03",)
    assert len(civledger.check(later, select=["PHS008"]).issues) == 1


def test_year_long_work_within_this_years_evaluation_is_no_note() -> None:
    ledger = civledger.load(EXAMPLES / "broken" / "PHS011-due-after-this-evaluation.yaml")
    assert codes(ledger, "PHS011", "PHS008", as_of=date(2026, 6, 15)) == ["PHS011"]
    task = attrs.evolve(ledger.tasks[0], due=date(2026, 7, 15))
    assert codes(attrs.evolve(ledger, tasks=[task]), "PHS011", as_of=date(2026, 6, 15)) == []
    # after this year's evaluation, the next one is 2027's: the same work is due by it
    assert codes(ledger, "PHS011", as_of=date(2026, 8, 1)) == []


def test_a_summary_only_report_is_valid_and_compared_across_reports(four: Ledger) -> None:
    assert codes(four, "SCR001", "SCR005") == []  # X-2025-M states counts, records no grades
    inspections = list(four.inspections)
    inspections[6] = attrs.evolve(inspections[6], lift=Lift(b=2, c=1))
    (found,) = civledger.check(
        attrs.evolve(four, inspections=inspections), select=["SCR005"]
    ).issues
    assert found.subjects == ("X-2025-P", "X-2025-M")
    assert "counted 1 B and 1 C" in found.message


def test_a_sign_off_followed_by_a_b_or_c_grade_and_its_repair() -> None:
    ledger = civledger.load(EXAMPLES / "broken" / "SCR006-signed-off-still-graded.yaml")
    assert codes(ledger, "SCR006", as_of=date(2026, 6, 15)) == ["SCR006"]
    regraded = Inspection(
        id="X-2",
        kind=InspectionKind.MOCK_ASSESSMENT,
        on=date(2026, 6, 10),
        grades=[StandardGrade(standard="wmcs:I-3", grade=Grade.A)],
    )
    fixed = attrs.evolve(ledger, inspections=(*ledger.inspections, regraded))
    assert codes(fixed, "SCR006", as_of=date(2026, 6, 15)) == []


def test_a_target_counting_standards(four: Ledger) -> None:
    assert codes(four, "SCR007") == []  # T-04: 3 项指标, three standards
    ledger = civledger.load(EXAMPLES / "broken" / "SCR007-target-count-disagrees.yaml")
    assert codes(ledger, "SCR007") == ["SCR007"]
    item = attrs.evolve(ledger.tasks[0], standards=("wmcs:I",))  # an item counts its standards
    assert codes(attrs.evolve(ledger, tasks=(item, *ledger.tasks[1:])), "SCR007") == []


def test_an_evaluation_prepared_by_a_mock_assessment_of_its_title() -> None:
    ledger = civledger.load(EXAMPLES / "broken" / "SCR008-evaluation-without-mock.yaml")
    mock = Evaluation(on=date(2026, 6, 20), framework="wscs", kind=InspectionKind.MOCK_ASSESSMENT)
    campaign = attrs.evolve(ledger.campaign, evaluations=(*ledger.campaign.evaluations, mock))
    assert codes(ledger, "SCR008") == ["SCR008"]
    assert codes(attrs.evolve(ledger, campaign=campaign), "SCR008") == []


def test_references_of_titles_are_checked(four: Ledger) -> None:
    wrong = attrs.evolve(four.inspections[0], framework="wsc", section="wscs:9")
    ledger = attrs.evolve(four, inspections=(wrong, *four.inspections[1:]))
    assert codes(ledger, "LDG008") == ["LDG008", "LDG008"]


def test_cadences_and_the_yearly_survey() -> None:
    assert Cadence.parse("每年") is Cadence.YEARLY
    assert Cadence.parse("每半年") is Cadence.HALF_YEARLY
    campaign = civledger.Campaign(id="c", name="c", rhythm=Rhythm(satisfaction_survey="11-15"))
    events = civledger.supervision_calendar(campaign, "2025-01-01", "2026-12-31")
    survey = [e.day for e in events if e.kind is InspectionKind.SATISFACTION_SURVEY]
    assert survey == [date(2025, 11, 15), date(2026, 11, 15)]
    with pytest.raises(civledger.InvalidValueError):
        Rhythm(satisfaction_survey="02-30")


def test_the_cycle_report_and_yearly_plans(capsys: pytest.CaptureFixture[str]) -> None:
    ledger = str(EXAMPLES / "four-cities.yaml")
    assert run(["report", "cycle", ledger, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert len(rows) == 12
    assert rows[4]["verdict"] == "vetoed"
    plan = ["plan", "--evaluation", "2025-07-20", "--evaluation", "2026-07-20"]
    assert run([*plan, "--as-of", "2025-06-14", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [len(y["phases"]) for y in doc["years"]] == [5, 5]
    assert (doc["days_remaining"], doc["phase"]) == (36, "final_push")


def test_a_stated_count_and_the_grades_still_disagree() -> None:
    ledger = civledger.load(EXAMPLES / "broken" / "SCR001-stated-totals.yaml")
    assert codes(ledger, "SCR001") == ["SCR001"]
    counts = GradeCounts(a=1)
    assert counts.total == 1
