"""PHS: one golden test per rule — a tiny ledger that triggers it, and the same ledger without.

The base ledger plans the five phases back from 20 July 2026 with the default durations
(launch 9–28 Feb, self-check March, rectification April–May, final push June, evaluation
1–20 July) and holds three tasks: T-1 signed off on time, T-2 open and due 30 June,
T-3 ongoing with a monthly review. It is clean under every PHS rule on 15 June.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
import pytest

import civledger
from civledger import Cadence, Ledger, Phase, PhaseWindow, Report, Severity, Tier
from civledger.testing import CST, LedgerBuilder
from support import AS_OF, codes, only

EVALUATION = date(2026, 7, 20)


def build(*, phases: Any = None, evaluation: date = EVALUATION, **tasks: dict[str, Any]) -> Ledger:
    """The base ledger; ``phases`` replaces the windows, ``T_2={...}`` changes a task."""
    windows = civledger.plan_backwards(EVALUATION) if phases is None else phases
    b = LedgerBuilder(
        campaign=civledger.Campaign(
            id="zc-2026", name="柘城县创建全国文明城市", evaluation=evaluation, phases=windows
        )
    )
    b.unit("zc", "柘城县", level="county")
    b.person("p-li", "李某")
    specs = {
        "T-1": {"phase": Phase.RECTIFICATION, "due": "2026-05-20"},
        "T-2": {"phase": Phase.FINAL_PUSH, "due": "2026-06-30"},
        "T-3": {"phase": Phase.RECTIFICATION, "ongoing": True, "review": Cadence.MONTHLY},
    }
    for key, change in tasks.items():
        specs[key.replace("_", "-")].update(change)
    for task_id, spec in specs.items():
        b.task(task_id, lead="zc", **spec)
        b.entry(task_id, "交办", at="2026-04-01T09:00", by="p-li")
    b.entry("T-1", "反馈", at="2026-05-18T17:00", by="p-li")
    b.entry("T-1", "销号", at="2026-05-19T10:00", by="p-li")
    return b.build()


def check(ledger: Ledger, as_of: date = AS_OF, strict: bool = False) -> Report:
    return civledger.check(ledger, select=["PHS"], as_of=as_of, strict=strict)


def windows(**changes: tuple[str, str] | None) -> list[PhaseWindow]:
    """The default windows with some phases' dates changed (or the phase left out)."""
    out = []
    for window in civledger.plan_backwards(EVALUATION):
        key = window.phase.value
        if key in changes:
            dates = changes[key]
            if dates is None:
                continue
            start, end = (date.fromisoformat(d) for d in dates)
            window = attrs.evolve(window, start=start, end=end)
        out.append(window)
    return out


def test_the_base_ledger_is_clean_under_every_phs_rule() -> None:
    report = civledger.check(build(), select=["PHS", "PHS011"], as_of=AS_OF, strict=True)
    assert report.issues == ()
    assert {r.code for r in civledger.rules() if r.family == "PHS"} == set(report.rules)
    assert len(report.rules) == 11


def test_the_catalogue_of_phs_rules() -> None:
    phs = {r.code: r for r in civledger.rules() if r.family == "PHS"}
    assert phs["PHS007"].severity is Severity.WARNING
    assert phs["PHS010"].severity is Severity.WARNING
    assert phs["PHS010"].tier is Tier.STRICT
    assert (phs["PHS011"].severity, phs["PHS011"].tier) == (Severity.INFO, Tier.EXTRA)
    others = [r for c, r in phs.items() if c not in ("PHS007", "PHS010", "PHS011")]
    assert all(r.severity is Severity.ERROR and r.tier is Tier.BASIC for r in others)
    assert all(r.description for r in phs.values())


# -- PHS001 phase-window-reversed ----------------------------------------------------------------


def test_phs001_a_window_that_ends_before_it_starts() -> None:
    ledger = build(phases=windows(self_check=("2026-03-31", "2026-03-01")))
    report = check(ledger)
    assert codes(report) == ["PHS001"]  # judged swapped: no gap, no overlap reported
    issue = only(report, "PHS001")
    assert issue.location.json_path == "$.campaign.phases[1].end"
    assert (
        issue.message == "the self check window ends on 2026-03-01, before it starts on 2026-03-31"
    )
    assert issue.subjects == ("zc-2026",)


def test_phs001_a_one_day_window_is_fine() -> None:
    one_day = windows(launch=("2026-02-28", "2026-02-28"), self_check=("2026-03-01", "2026-03-31"))
    assert "PHS001" not in codes(check(build(phases=one_day)))


# -- PHS002 phase-repeated -----------------------------------------------------------------------


def test_phs002_a_phase_with_a_second_window() -> None:
    second = PhaseWindow(phase=Phase.FINAL_PUSH, start=date(2026, 6, 1), end=date(2026, 6, 15))
    report = check(build(phases=[*windows(), second]))
    assert codes(report) == ["PHS002"]
    issue = only(report, "PHS002")
    assert issue.location.json_path == "$.campaign.phases[5].phase"
    assert issue.message == (
        "final push has a second window (2026-06-01 to 2026-06-15); the first is phases[3]"
    )


def test_phs002_windows_may_be_listed_in_any_order() -> None:
    assert check(build(phases=list(reversed(windows())))).issues == ()


# -- PHS003 phases-out-of-order ------------------------------------------------------------------


def test_phs003_a_phase_that_starts_before_an_earlier_one() -> None:
    swapped = windows(
        self_check=("2026-04-01", "2026-05-31"), rectification=("2026-03-01", "2026-03-31")
    )
    report = check(build(phases=swapped, T_1={"phase": Phase.SELF_CHECK}), as_of=date(2026, 5, 1))
    assert codes(report) == ["PHS003"]
    issue = only(report, "PHS003")
    assert issue.location.json_path == "$.campaign.phases[2].start"
    assert issue.message == (
        "rectification starts on 2026-03-01, before self check (which starts on 2026-04-01)"
    )


def test_phs003_not_when_in_order() -> None:
    assert "PHS003" not in codes(check(build()))


# -- PHS004 phases-overlap -----------------------------------------------------------------------


def test_phs004_a_phase_that_starts_while_an_earlier_one_runs() -> None:
    report = check(build(phases=windows(final_push=("2026-05-25", "2026-06-30"))))
    assert codes(report) == ["PHS004"]
    issue = only(report, "PHS004")
    assert issue.location.json_path == "$.campaign.phases[3].start"
    assert (
        issue.message
        == "final push starts on 2026-05-25, while rectification runs until 2026-05-31"
    )


def test_phs004_not_when_the_next_starts_the_day_after() -> None:
    assert "PHS004" not in codes(
        check(build(phases=windows(final_push=("2026-06-01", "2026-06-30"))))
    )


# -- PHS005 phases-gap ---------------------------------------------------------------------------


def test_phs005_days_that_belong_to_no_phase() -> None:
    report = check(build(phases=windows(self_check=None)))
    assert codes(report) == ["PHS005"]
    issue = only(report, "PHS005")
    assert issue.location.json_path == "$.campaign.phases[1].start"  # rectification, now second
    assert issue.message == (
        "31 days from 2026-03-01 to 2026-03-31 belong to no phase, between launch and rectification"
    )
    assert (
        issue.hint
        == "start rectification the day after launch ends (2026-03-01), or add the missing phase"
    )


def test_phs005_a_one_day_gap() -> None:
    report = check(build(phases=windows(final_push=("2026-06-02", "2026-06-30"))))
    assert only(report, "PHS005").message.startswith("1 day from 2026-06-01 to 2026-06-01 ")


# -- PHS006 evaluation-outside-last-phase ---------------------------------------------------------


def test_phs006_the_evaluation_after_the_last_phase() -> None:
    report = check(build(evaluation=date(2026, 7, 25)))
    assert codes(report) == ["PHS006"]
    issue = only(report, "PHS006")
    assert issue.location.json_path == "$.campaign.evaluation"
    assert issue.message == (
        "the evaluation date 2026-07-25 is outside the last phase, "
        "evaluation (2026-07-01 to 2026-07-20)"
    )


def test_phs006_the_evaluation_within_the_last_phase() -> None:
    assert check(build(evaluation=date(2026, 7, 1))).issues == ()
    no_date = build(evaluation=date(2026, 7, 20))
    no_date = attrs.evolve(no_date, campaign=attrs.evolve(no_date.campaign, evaluation=None))
    assert check(no_date).issues == ()


# -- PHS007 due-outside-phase --------------------------------------------------------------------


def test_phs007_a_task_due_outside_its_phase() -> None:
    report = check(build(T_2={"due": "2026-07-05"}))
    assert codes(report) == ["PHS007"]
    issue = only(report, "PHS007")
    assert issue.severity is Severity.WARNING
    assert issue.location.json_path == "$.tasks[1].due"
    assert issue.subjects == ("T-2",)
    assert (
        issue.message
        == "T-2 is due on 2026-07-05, outside its phase final push (2026-06-01 to 2026-06-30)"
    )


def test_phs007_judges_the_due_date_in_force_after_an_extension() -> None:
    ledger = build()
    extension = civledger.Entry(
        task="T-2",
        action=civledger.Action.EXTEND,
        at=_at("2026-06-10T09:00"),
        due=date(2026, 7, 3),
        by="p-li",
    )
    extended = attrs.evolve(ledger, journal=[*ledger.journal, extension])
    assert check(extended, as_of=date(2026, 6, 9)).issues == ()  # before the extension
    issue = only(check(extended), "PHS007")
    assert "2026-07-03 (extended from 2026-06-30)" in issue.message


def test_phs007_not_for_tasks_without_a_phase_window_or_cancelled() -> None:
    no_phase = build(T_2={"due": "2026-07-05", "phase": None})
    assert check(no_phase).issues == ()
    ledger = build(T_2={"due": "2026-07-05"})
    cancel = civledger.Entry(task="T-2", action=civledger.Action.CANCEL, at=_at("2026-06-01T09:00"))
    assert check(attrs.evolve(ledger, journal=[*ledger.journal, cancel])).issues == ()


# -- PHS008 due-after-evaluation ----------------------------------------------------------------


def test_phs008_a_task_due_after_the_evaluation() -> None:
    report = check(build(T_2={"due": "2026-07-21", "phase": None}))
    assert codes(report) == ["PHS008"]
    issue = only(report, "PHS008")
    assert issue.location.json_path == "$.tasks[1].due"
    assert issue.message == "T-2 is due on 2026-07-21, after the evaluation on 2026-07-20"


def test_phs008_due_on_the_evaluation_day_is_in_time() -> None:
    assert check(build(T_2={"due": "2026-07-20", "phase": Phase.EVALUATION})).issues == ()


# -- PHS009 overdue -----------------------------------------------------------------------------


def test_phs009_a_task_open_after_its_due_date() -> None:
    report = check(build(T_2={"due": "2026-06-10"}))
    assert codes(report) == ["PHS009"]
    issue = only(report, "PHS009")
    assert issue.location.json_path == "$.tasks[1].due"
    assert issue.subjects == ("T-2",)
    assert issue.message == (
        "task T-2 was due on 2026-06-10 and is still assigned on 2026-06-15 (5 days overdue)"
    )


def test_phs009_the_due_date_is_inclusive() -> None:
    ledger = build(T_2={"due": "2026-06-10"})
    assert check(ledger, as_of=date(2026, 6, 10)).issues == ()
    assert only(check(ledger, as_of=date(2026, 6, 11)), "PHS009").message.endswith(
        "(1 day overdue)"
    )


def test_phs009_not_when_signed_off_cancelled_ongoing_or_extended() -> None:
    ledger = build(T_2={"due": "2026-06-10"})
    late = _at("2026-06-12T09:00")

    def with_entries(*entries: civledger.Entry) -> Ledger:
        return attrs.evolve(ledger, journal=[*ledger.journal, *entries])

    E, A = civledger.Entry, civledger.Action
    signed = with_entries(
        E(task="T-2", action=A.REPORT, at=late), E(task="T-2", action=A.SIGN_OFF, at=late)
    )
    assert check(signed).issues == ()  # signed off late is not open on 15 June
    assert codes(check(signed, as_of=date(2026, 6, 11))) == ["PHS009"]  # but was open on 11 June
    assert check(with_entries(E(task="T-2", action=A.CANCEL, at=late))).issues == ()
    extended = with_entries(E(task="T-2", action=A.EXTEND, at=late, due=date(2026, 6, 20)))
    assert check(extended).issues == ()
    assert (
        "(extended from 2026-06-10)"
        in only(check(extended, as_of=date(2026, 6, 21)), "PHS009").message
    )
    assert check(build(T_3={"due": "2026-06-10"})).issues == ()  # ongoing: never overdue


def test_phs009_a_task_never_handed_over_is_overdue_too() -> None:
    ledger = build(T_2={"due": "2026-06-10"})
    unassigned = attrs.evolve(ledger, journal=[e for e in ledger.journal if e.task != "T-2"])
    assert "still new" in only(check(unassigned), "PHS009").message


# -- PHS010 ongoing-without-review ----------------------------------------------------------------


def test_phs010_ongoing_work_without_a_review_cadence_in_the_strict_tier() -> None:
    ledger = build(T_3={"review": None})
    assert check(ledger).issues == ()  # basic tier: not run
    report = check(ledger, strict=True)
    assert codes(report) == ["PHS010"]
    issue = only(report, "PHS010")
    assert issue.severity is Severity.WARNING
    assert issue.location.json_path == "$.tasks[2].ongoing"
    assert issue.message == "T-3 is ongoing (长期坚持) but says nothing of how often it is reviewed"
    assert codes(civledger.check(ledger, select=["PHS010"], as_of=AS_OF)) == ["PHS010"]


def test_phs010_not_with_a_cadence_or_when_cancelled() -> None:
    assert check(build(), strict=True).issues == ()
    ledger = build(T_3={"review": None})
    cancel = civledger.Entry(task="T-3", action=civledger.Action.CANCEL, at=_at("2026-06-01T09:00"))
    assert check(attrs.evolve(ledger, journal=[*ledger.journal, cancel]), strict=True).issues == ()


@pytest.mark.parametrize("cadence", ["每周", "每旬", "每月", "每季度", "weekly", "ten_day"])
def test_review_cadences_are_read_by_label_or_value(cadence: str) -> None:
    ledger = civledger.loads(
        "civledger: 1\ncampaign: {id: c, name: 试点}\n"
        f"tasks: [{{id: T-1, title: 志愿服务, ongoing: true, review: {cadence}}}]\n"
    )
    assert ledger.origin is not None
    assert ledger.origin.observations == ()
    assert ledger.task("T-1").review is Cadence.parse(cadence)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CST)
