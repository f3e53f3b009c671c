"""Reports on a small ledger, against values worked out by hand (the arithmetic is in the comments).

The ledger, as of 2026-05-31 (the end of the May exam period):

- county zc; streets zc-a and zc-b, town zc-c (a town counts as a street); community zc-a-1
  with grid zc-a-1-g1, community zc-b-1, village zc-c-1; department zc-cg.
- T-1 (zc-a, due 05-10): assigned 04-01, reported 05-05, signed off 05-06 -> 35 days open.
- T-2 (zc-a, due 05-20): assigned 04-01, still open -> overdue on 05-31 (11 days).
- P-1 (problem led by zc-cg, located in grid zc-a-1-g1, so it counts for zc-a, due 05-15):
  assigned 04-10, signed off 04-21, reopened 05-01 (a relapse), signed off again 05-12
  -> 32 days open (04-10 to 05-12), 1 relapse.
- T-3 (zc-b, due 05-30): assigned 04-01, extended to 06-10 on 05-25 -> open, not overdue.
- T-4 (zc-b, due 05-20): assigned 04-01, signed off 05-19 -> 48 days open.
- T-5 (zc-c, due 05-31): assigned 04-05, signed off 05-31 -> 56 days open.
- T-6 (zc-c): assigned 04-05, cancelled 04-20 -> left out everywhere.
- T-7 (village zc-c-1, so it counts for zc-c, due 06-30): never assigned.
"""

from __future__ import annotations

from datetime import date

import pytest

import civledger
from civledger import (
    Framework,
    FrameworkNode,
    Grade,
    GradeCounts,
    Incident,
    Inspection,
    InspectionKind,
    Ledger,
    Method,
    NegativeItem,
    RankingWeights,
    ScoringModel,
    StandardGrade,
    UnitScore,
)
from civledger.testing import LedgerBuilder

MAY_31 = date(2026, 5, 31)


def base() -> LedgerBuilder:
    b = LedgerBuilder()
    b.unit("zc", "县", level="county")
    b.unit("zc-a", "甲街道", parent="zc")
    b.unit("zc-b", "乙街道", parent="zc")
    b.unit("zc-c", "丙镇", level="town", parent="zc")
    b.unit("zc-a-1", "甲社区", level="community", parent="zc-a")
    b.unit("zc-a-1-g1", "甲社区第1网格", level="grid", parent="zc-a-1")
    b.unit("zc-b-1", "乙社区", level="community", parent="zc-b")
    b.unit("zc-c-1", "丙村", level="village", parent="zc-c")
    b.unit("zc-cg", "县城管局", level="department", parent="zc")
    b.task("T-1", lead="zc-a", due="2026-05-10")
    b.entry("T-1", "assign", at="2026-04-01T09:00")
    b.entry("T-1", "report", at="2026-05-05T09:00")
    b.entry("T-1", "sign_off", at="2026-05-06T09:00")
    b.task("T-2", lead="zc-a", due="2026-05-20")
    b.entry("T-2", "assign", at="2026-04-01T09:00")
    b.task("P-1", kind="problem", lead="zc-cg", located_in="zc-a-1-g1", due="2026-05-15")
    b.entry("P-1", "assign", at="2026-04-10T09:00")
    b.entry("P-1", "report", at="2026-04-20T09:00")
    b.entry("P-1", "sign_off", at="2026-04-21T09:00")
    b.entry("P-1", "reopen", at="2026-05-01T09:00")
    b.entry("P-1", "report", at="2026-05-10T09:00")
    b.entry("P-1", "sign_off", at="2026-05-12T09:00")
    b.task("T-3", lead="zc-b", due="2026-05-30")
    b.entry("T-3", "assign", at="2026-04-01T09:00")
    b.entry("T-3", "extend", at="2026-05-25T09:00", due=date(2026, 6, 10))
    b.task("T-4", lead="zc-b", due="2026-05-20")
    b.entry("T-4", "assign", at="2026-04-01T09:00")
    b.entry("T-4", "report", at="2026-05-18T09:00")
    b.entry("T-4", "sign_off", at="2026-05-19T09:00")
    b.task("T-5", lead="zc-c", due="2026-05-31")
    b.entry("T-5", "assign", at="2026-04-05T09:00")
    b.entry("T-5", "report", at="2026-05-30T09:00")
    b.entry("T-5", "sign_off", at="2026-05-31T09:00")
    b.task("T-6", lead="zc-c", due="2026-05-31")
    b.entry("T-6", "assign", at="2026-04-05T09:00")
    b.entry("T-6", "cancel", at="2026-04-20T09:00")
    b.task("T-7", lead="zc-c-1", due="2026-06-30")
    return b


@pytest.fixture
def ledger() -> Ledger:
    return base().build()


# -- progress -------------------------------------------------------------------------------------


def test_progress_by_street_by_hand(ledger: Ledger) -> None:
    rows = {r["unit"]: r for r in civledger.progress_report(ledger, as_of=MAY_31).to_rows()}
    assert list(rows) == ["zc-a", "zc-b", "zc-c"]  # the town counts as a street
    # zc-a: T-1, T-2 and P-1 (located in its grid); T-1 and P-1 signed off; T-2 overdue;
    # days (35 + 32) / 2 = 33.5; P-1 relapsed once.
    assert rows["zc-a"] == {
        "unit": "zc-a",
        "name": "甲街道",
        "tasks": 3,
        "signed_off": 2,
        "rate": 2 / 3,
        "open": 1,
        "overdue": 1,
        "days": 33.5,
        "relapses": 1,
        "extensions": 0,
        "measured": 0,  # no task of zc-a has a target
        "percent": None,
        "met": 0,
        "amounts": None,
    }
    # zc-b: T-3 (extended, not overdue) and T-4 (48 days).
    assert (rows["zc-b"]["tasks"], rows["zc-b"]["signed_off"], rows["zc-b"]["overdue"]) == (2, 1, 0)
    assert (rows["zc-b"]["days"], rows["zc-b"]["extensions"]) == (48.0, 1)
    # zc-c: T-5 and T-7 (in its village, not yet assigned); T-6 is cancelled and left out.
    assert (rows["zc-c"]["tasks"], rows["zc-c"]["signed_off"], rows["zc-c"]["days"]) == (2, 1, 56.0)


def test_progress_by_department_counts_the_lead(ledger: Ledger) -> None:
    rows = civledger.progress_report(ledger, level="department", as_of=MAY_31).to_rows()
    assert [(r["unit"], r["tasks"], r["signed_off"], r["relapses"]) for r in rows] == [
        ("zc-cg", 1, 1, 1)
    ]


def test_progress_under_a_unit_and_by_kind(ledger: Ledger) -> None:
    rows = civledger.progress_report(ledger, level="community", as_of=MAY_31, under="zc-a")
    assert [(r["unit"], r["tasks"]) for r in rows.to_rows()] == [("zc-a-1", 1)]
    problems = civledger.progress_report(ledger, as_of=MAY_31, kind="问题").to_rows()
    assert [r["tasks"] for r in problems] == [1, 0, 0]
    assert problems[1]["rate"] is None  # no task, no rate


def test_progress_moves_with_the_date(ledger: Ledger) -> None:
    # On 05-01 nothing of zc-a is signed off: P-1 was reopened that day, T-1 is still open.
    rows = civledger.progress_report(ledger, as_of=date(2026, 5, 1)).to_rows()
    assert (rows[0]["signed_off"], rows[0]["overdue"], rows[0]["relapses"]) == (0, 0, 1)


# -- ranking --------------------------------------------------------------------------------------


def test_ranking_computed_from_the_ledger_by_hand(ledger: Ledger, chinese: None) -> None:
    table = civledger.ranking_report(ledger, period="2026-05", as_of=MAY_31, top=1, bottom=1)
    rows = table.to_rows()
    # Tasks assigned by 05-31 and not cancelled (T-7 was never assigned, T-6 was cancelled):
    #   zc-a: 2 of 3 signed off, 1 overdue, 1 relapse: 40 + 60 × 2/3 − 5 × 1 − 3 × 1 = 72.00
    #   zc-b: 1 of 2 signed off, 1 extension:           40 + 60 × 1/2 − 1 × 1     = 69.00
    #   zc-c: 1 of 1 signed off:                        40 + 60 × 1               = 100.00
    assert [(r["rank"], r["unit"], r["score"], r["source"]) for r in rows] == [
        (1, "zc-c", 100.0, "台账测算"),
        (2, "zc-a", 72.0, "台账测算"),
        (3, "zc-b", 69.0, "台账测算"),
    ]
    # The first place commended, the last criticised, as asked.
    assert [r["outcome"] for r in rows] == ["通报表扬", "", "通报批评"]
    assert table.title == "2026年5月街道（镇）综合排名"


def test_ranking_by_default_commends_the_first_ten_and_criticises_nobody(
    ledger: Ledger, chinese: None
) -> None:
    table = civledger.ranking_report(ledger, period="2026-05", as_of=MAY_31)
    assert [r["outcome"] for r in table.to_rows()] == ["通报表扬"] * 3
    assert any("不通报批评" in note or "通报批评" in note for note in table.notes)


def test_ranking_with_other_weights(ledger: Ledger, chinese: None) -> None:
    weights = RankingWeights(base=0, sign_off=100, overdue=0, relapse=0, extension=10)
    rows = civledger.ranking_report(
        ledger, period="2026-05", as_of=MAY_31, weights=weights, top=1, bottom=0
    ).to_rows()
    # zc-a: 100 × 2/3 = 66.67; zc-b: 100 × 1/2 − 10 = 40; zc-c: 100.
    assert [(r["unit"], r["score"], r["outcome"]) for r in rows] == [
        ("zc-c", 100.0, "通报表扬"),
        ("zc-a", 66.67, ""),
        ("zc-b", 40.0, ""),
    ]


def exam(on: str, **scores: float) -> Inspection:
    return Inspection(
        id=f"X-{on}",
        kind=InspectionKind.MONTHLY_EXAM,
        on=date.fromisoformat(on),
        scores=[UnitScore(unit=unit.replace("_", "-"), score=s) for unit, s in scores.items()],
    )


def test_equal_exam_scores_share_a_place(ledger: Ledger, chinese: None) -> None:
    exams = [exam("2026-05-28", zc_b=90.0, zc_a=90.0, zc_c=85.0)]
    table = civledger.ranking_report(
        civledger.Ledger(**{**_parts(ledger), "inspections": exams}), period="2026-05", as_of=MAY_31
    )
    # zc-a and zc-b both score 90: both first, in the ledger's order; zc-c third, not second.
    assert [(r["rank"], r["unit"], r["score"], r["source"]) for r in table.to_rows()] == [
        (1, "zc-a", 90.0, "月考"),
        (1, "zc-b", 90.0, "月考"),
        (3, "zc-c", 85.0, "月考"),
    ]


def test_two_exams_in_a_month_average_and_a_missing_unit_is_not_ranked(
    ledger: Ledger, chinese: None
) -> None:
    exams = [exam("2026-05-10", zc_a=80.0, zc_b=95.0), exam("2026-05-28", zc_a=91.0)]
    table = civledger.ranking_report(
        civledger.Ledger(**{**_parts(ledger), "inspections": exams}),
        period="2026-05",
        as_of=MAY_31,
        top=1,
        bottom=1,
    )
    rows = table.to_rows()
    # zc-a: (80 + 91) / 2 = 85.5; zc-b: 95; zc-c has no exam score: listed last, unranked.
    assert [(r["rank"], r["unit"], r["score"], r["source"]) for r in rows] == [
        (1, "zc-b", 95.0, "月考"),
        (2, "zc-a", 85.5, "月考"),
        (None, "zc-c", None, "未考"),
    ]
    assert [r["outcome"] for r in rows] == ["通报表扬", "通报批评", ""]
    assert table.notes[-1] == "1 个单位本月没有月考成绩，不参加排名：丙镇。"


def test_ranking_of_communities_and_villages(ledger: Ledger, chinese: None) -> None:
    table = civledger.ranking_report(ledger, period="2026-05", level="社区", as_of=MAY_31)
    # zc-a-1 holds P-1 (signed off, 1 relapse): 40 + 60 − 3 = 97. zc-b-1 has no task and
    # T-7 of zc-c-1 was never assigned: no work in May, so neither is ranked (they would
    # tie at 100 on a rate of 1 and be commended for nothing).
    assert [(r["rank"], r["unit"], r["score"], r["source"]) for r in table.to_rows()] == [
        (1, "zc-a-1", 97.0, "台账测算"),
        (None, "zc-b-1", None, "本期无工作"),
        (None, "zc-c-1", None, "本期无工作"),
    ]
    assert table.notes[-1] == (
        "2 个单位本期没有工作（无任务，或任务均在本期前已销号），不参加排名：乙社区、丙村。"
    )


def test_ranking_refuses_bad_periods(ledger: Ledger) -> None:
    with pytest.raises(civledger.InvalidValueError, match="not a month written YYYY-MM"):
        civledger.ranking_report(ledger, period="2026-5")
    with pytest.raises(civledger.InvalidValueError, match="begins after"):
        civledger.ranking_report(ledger, period="2026-07", as_of=MAY_31)
    with pytest.raises(civledger.InvalidValueError, match=">= 0"):
        civledger.ranking_report(ledger, period="2026-05", as_of=MAY_31, top=-1)


def _parts(ledger: Ledger) -> dict[str, object]:
    return {
        "campaign": ledger.campaign,
        "units": ledger.units,
        "tasks": ledger.tasks,
        "journal": list(ledger.journal),
    }


# -- scorecard ------------------------------------------------------------------------------------


def scored() -> Ledger:
    """A framework of two blocks, graded by two mock assessments, and a negative list."""
    b = base()
    nodes = [
        FrameworkNode(code="1", title="一"),
        FrameworkNode(code="1-1", title="前置", parent="1", prerequisite=85),
        FrameworkNode(
            code="1-1-1",
            title="甲",
            parent="1-1",
            methods=[Method.MATERIALS, Method.FIELD],
            points=2,
            materials=True,
        ),
        FrameworkNode(code="1-1-2", title="乙", parent="1-1", methods=[Method.SURVEY], points=1),
        FrameworkNode(code="2", title="二"),
        FrameworkNode(code="2-1", title="丙", parent="2"),
        FrameworkNode(code="2-2", title="丁", parent="2", methods=[Method.FIELD], points=3),
    ]
    b.add("frameworks", Framework(id="fw", name="测评体系", nodes=nodes))
    b.add(
        "inspections",
        Inspection(
            id="M1",
            kind=InspectionKind.MOCK_ASSESSMENT,
            on=date(2026, 5, 10),
            grades=[
                StandardGrade(standard="fw:1-1-1", grade=Grade.A),
                StandardGrade(standard="fw:1-1-2", grade=Grade.C, method=Method.SURVEY),
                StandardGrade(standard="fw:2-1", grade=Grade.B),
            ],
            stated=GradeCounts(a=2, b=1, c=0),
        ),
    )
    b.add(
        "inspections",
        Inspection(
            id="M2",
            kind=InspectionKind.SELF_CHECK,
            on=date(2026, 5, 20),
            grades=[StandardGrade(standard="fw:1-1-1", grade=Grade.B, method=Method.FIELD)],
            stated=GradeCounts(b=1),
        ),
    )
    b.add("negative_list", NegativeItem(id="N-1", area="安全", title="重大事故", veto=True))
    b.add("negative_list", NegativeItem(id="N-2", area="城管", title="媒体曝光", deduction=0.5))
    b.add("incidents", Incident(id="I-1", item="N-2", on=date(2026, 5, 1)))
    b.add("incidents", Incident(id="I-2", item="N-1", on=date(2026, 6, 5)))
    b.add("incidents", Incident(id="I-3", item="N-1", on=date(2026, 5, 2), confirmed=False))
    return b.build()


def test_scorecard_by_hand() -> None:
    card = civledger.scorecard(scored(), as_of=MAY_31)
    first = card.node("fw:1-1-1")
    # Materials A (M1 graded the whole standard), field B (M2, later, for the field only):
    # (0.4 × 1 + 0.4 × 0.6) ÷ (0.4 + 0.4) = 0.64 ÷ 0.8 = 0.8 of 2 points = 1.6; overall B.
    assert first.grades == ((Method.MATERIALS, Grade.A), (Method.FIELD, Grade.B))
    assert (first.earned, first.graded_points, first.grade) == (1.6, 2.0, Grade.B)
    # 1-1-2: survey C = 0 of 1 point.
    assert card.node("fw:1-1-2").earned == 0.0
    # 1-1: 1.6 of 3 graded points = 53.33…, under its prerequisite of 85: the gate fails.
    gate = card.node("fw:1-1")
    assert gate.score == pytest.approx(160 / 3)
    assert gate.gate_failed
    assert card.gates == [gate]
    # 2-1 lists no method: graded as a whole, B = 0.6 of 1 point (no points given: 1).
    # 2-2 is not graded: 3 full points, none graded; block 2 scores 0.6 ÷ 1 = 60.
    two = card.node("fw:2")
    assert (two.points, two.graded_points, two.earned, two.score) == (4.0, 1.0, 0.6, 60.0)
    # The framework: full 2 + 1 + 1 + 3 = 7, graded 4, earned 1.6 + 0 + 0.6 = 2.2; the
    # confirmed N-2 incident of 05-01 deducts 0.5: net 1.7, a score of 1.7 ÷ 4 × 100 = 42.5.
    (total,) = card.frameworks
    assert (total.points, total.graded_points, total.earned) == (7.0, 4.0, 2.2)
    assert (total.deductions, total.net, total.score) == (0.5, 1.7, 42.5)
    assert total.counts == GradeCounts(a=0, b=2, c=1)
    # The veto incident I-2 is after 05-31 and I-3 unconfirmed: no veto yet; the gate failed.
    assert card.vetoes == []
    assert not card.qualified


def test_scorecard_stated_totals_by_hand() -> None:
    card = civledger.scorecard(scored(), as_of=MAY_31)
    m1, m2 = card.stated
    # M1 grades 1-1-1 A, 1-1-2 C, 2-1 B: 1 A, 1 B, 1 C, not the 2 A, 1 B it states.
    assert (m1.computed, m1.agrees) == (GradeCounts(a=1, b=1, c=1), False)
    # M2 grades 1-1-1 B (field): 1 B, as stated.
    assert (m2.computed, m2.agrees) == (GradeCounts(b=1), True)


def test_scorecard_later_the_veto_counts() -> None:
    card = civledger.scorecard(scored(), as_of=date(2026, 6, 10))
    assert [incident.id for _, incident, _ in card.vetoes] == ["I-2"]


def test_scorecard_before_any_grade() -> None:
    card = civledger.scorecard(scored(), as_of=date(2026, 5, 9))
    assert card.frameworks[0].graded == 0
    assert card.frameworks[0].score is None
    assert card.node("fw:1-1").score is None
    assert not card.node("fw:1-1").gate_failed


def test_scorecard_with_other_weights_by_hand() -> None:
    model = ScoringModel(materials=0.5, field=0.5, survey=0.0, b=0.5)
    card = civledger.scorecard(scored(), as_of=MAY_31, model=model)
    # 1-1-1: (0.5 × 1 + 0.5 × 0.5) ÷ 1 = 0.75 of 2 = 1.5.
    assert card.node("fw:1-1-1").earned == 1.5
    # 1-1-2: its only graded method weighs 0, so equal weights: C = 0.
    assert card.node("fw:1-1-2").earned == 0.0
    # 2-1: whole-standard weight 1: B = 0.5.
    assert card.node("fw:2-1").earned == 0.5


def test_scorecard_report_rows_and_notes(chinese: None) -> None:
    table = civledger.scorecard_report(scored(), as_of=MAY_31)
    rows = {r["code"]: r for r in table.to_rows()}
    assert list(rows) == ["1", "1-1", "1-1-1", "1-1-2", "2", "2-1", "2-2", None]  # None: the total
    assert (rows["1-1-1"]["materials"], rows["1-1-1"]["field"], rows["1-1-1"]["grade"]) == (
        "A",
        "B",
        "B",
    )
    assert rows["1-1"]["prerequisite"] == "≥85 未达"
    assert rows["1-1-1"]["title"] == "\u3000\u3000甲"  # indented by depth
    assert rows["2-2"]["earned"] is None
    assert rows["2-2"]["score"] is None
    assert (
        "SCR001 M1 报告称A级 2 项、B级 1 项、C级 0 项，其测评等级实为A级 1 项、B级 1 项、C级 1 项。"
        in (table.notes)
    )
    assert (
        table.notes[-1]
        == "测评体系结论：前置条件 fw:1-1 前置 得分 53.3，低于 85 分，取消参评资格。"
    )
    assert rows[None]["verdict"] == "前置条件未达标"  # the total row keeps the verdict


def test_scr_rules_on_the_small_ledger() -> None:
    report = civledger.check(scored(), select=["SCR"], as_of=MAY_31)
    assert sorted((i.code, i.subjects) for i in report.issues) == [
        ("SCR001", ("M1",)),
        ("SCR003", ("fw:1-1",)),
    ]
    later = civledger.check(scored(), select=["SCR"], as_of=date(2026, 6, 10))
    assert ("SCR002", ("I-2", "N-1")) in [(i.code, i.subjects) for i in later.issues]
    named = civledger.check(scored(), select=["SCR004"], as_of=MAY_31)
    assert [(i.code, i.subjects, i.location.json_path) for i in named.issues] == [
        ("SCR004", ("fw:1-1-2", "M1"), "$.inspections[0].grades[1].grade")
    ]
