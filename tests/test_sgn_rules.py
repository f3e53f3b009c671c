"""SGN: one golden test per journal rule — a journal that breaks it, and one that does not.

Each case is checked twice: by ``civledger.check`` over a ledger whose journal
holds the entries, and by a ``civledger.JournalWriter`` adding the last entry to a ledger
holding the ones before it (which must refuse exactly when the check fails).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import civledger
from civledger import Entry, Ledger, SignOffPolicy
from civledger.testing import LedgerBuilder
from journal_support import LIFE, STRICT_POLICY, county, entry, photos

AS_OF = date(2026, 7, 1)


def _life(task: str = "T-1", upto: int = len(LIFE), **changes: Any) -> list[Entry]:
    """The clean life of a task (see LIFE), the first ``upto`` entries."""
    out = []
    for action, when, by, extra in LIFE[:upto]:
        values = {**extra, **changes.get(action, {})}
        who = values.pop("by", by)
        out.append(entry(task, action, when, who, **values))
    return out


def _ledger(
    entries: list[Entry],
    *,
    policy: SignOffPolicy | None = STRICT_POLICY,
    b: LedgerBuilder | None = None,
) -> Ledger:
    builder = b or county()
    return builder.build(journal=entries, policy=policy)


def _codes(ledger: Ledger, strict: bool = False, select: str = "SGN") -> list[str]:
    return [
        i.code for i in civledger.check(ledger, select=[select], strict=strict, as_of=AS_OF).issues
    ]


def _appended(
    entries: list[Entry],
    *,
    policy: SignOffPolicy | None = STRICT_POLICY,
    strict: bool = False,
    b: LedgerBuilder | None = None,
) -> list[str]:
    ledger = _ledger(entries[:-1], policy=policy, b=b)
    before = len(ledger.journal)
    writer = civledger.JournalWriter(ledger, strict=strict)
    issues = writer.append(entries[-1])
    refused = any(i.severity.fails for i in issues)
    assert len(writer.ledger.journal) == before + (0 if refused else 1)
    return [i.code for i in issues]


def test_a_clean_life_breaks_no_rule() -> None:
    entries = _life()
    assert _codes(_ledger(entries), strict=True) == []
    assert _appended(entries, strict=True) == []
    assert civledger.state(_ledger(entries), "T-1", as_of=AS_OF).status.value == "signed_off"


# -- SGN001 illegal transition -------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "why"),
    [
        (
            [
                entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
                entry("T-1", "sign_off", "2026-04-02 09:00", "p-county"),
            ],
            "sign-off without a report",
        ),
        (
            [*_life(), entry("T-1", "progress", "2026-04-22 09:00", "p-street", percent=90.0)],
            "progress after sign-off without reopening",
        ),
        (
            [
                entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
                entry("T-1", "claim", "2026-04-01 10:00", "p-street"),
                entry("T-1", "claim", "2026-04-01 11:00", "p-street"),
            ],
            "a second claim",
        ),
        (
            [entry("T-1", "report", "2026-04-01 09:00", "p-street", evidence=photos(1))],
            "a report before the task was handed over",
        ),
    ],
)
def test_sgn001_an_action_that_may_not_follow(entries: list[Entry], why: str) -> None:
    assert "SGN001" in _codes(_ledger(entries, policy=None)), why
    assert "SGN001" in _appended(entries, policy=None), why


def test_sgn001_every_allowed_step_passes() -> None:
    entries = [
        entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
        entry("T-1", "claim", "2026-04-01 10:00", "p-street"),
        entry("T-1", "report", "2026-04-10 17:00", "p-street", evidence=photos(1)),
        entry("T-1", "reject", "2026-04-11 09:00", "p-county", reason="墙面未清理"),
        entry("T-1", "report", "2026-04-12 17:00", "p-street", evidence=photos(1)),
        entry("T-1", "sign_off", "2026-04-13 09:00", "p-county", id="S-1"),
        entry("T-1", "reopen", "2026-06-20 09:00", "p-office", undoes="S-1"),
        entry("T-1", "progress", "2026-06-21 09:00", "p-late", percent=80.0),
    ]
    assert "SGN001" not in _codes(_ledger(entries, policy=None))
    assert "SGN001" not in _appended(entries, policy=None)


# -- SGN002 / SGN003 who may sign -------------------------------------------------------------


def test_sgn002_the_lead_unit_signs_its_own_work() -> None:
    entries = _life(sign_off={"by": "p-street"}, recheck={"by": "p-county"})
    assert _codes(_ledger(entries)) == ["SGN002"]
    assert _appended(entries) == ["SGN002"]


def test_sgn002_someone_below_the_lead_signs() -> None:
    entries = _life(recheck={"by": "p-comm"})[:5]
    assert "SGN002" in _codes(_ledger(entries))


def test_sgn002_a_contract_leader_of_the_lead_is_not_its_staff() -> None:
    # p-deputy only contracts (包挂) the street: no member post inside it, none above it.
    entries = _life(recheck={"by": "p-deputy"})[:5]
    codes = _codes(_ledger(entries))
    assert "SGN002" not in codes
    assert "SGN003" in codes


def test_sgn003_a_colleague_with_no_post_above_signs() -> None:
    entries = _life(recheck={"by": "p-bureau"})[:5]
    assert _codes(_ledger(entries)) == ["SGN003"]
    assert _appended(entries) == ["SGN003"]


def test_sgn003_the_campaign_office_may_sign_unless_the_policy_says_not() -> None:
    entries = _life(recheck={"by": "p-office"}, sign_off={"by": "p-office"})
    assert _codes(_ledger(entries)) == []
    closed_office = SignOffPolicy(
        evidence=STRICT_POLICY.evidence, recheck=True, office_may_sign=False
    )
    assert _codes(_ledger(entries, policy=closed_office)) == ["SGN003", "SGN003"]


# -- SGN004 evidence ---------------------------------------------------------------------------


def test_sgn004_a_report_with_too_little_evidence() -> None:
    entries = [
        entry("P-1", "assign", "2026-04-01 09:00", "p-office"),
        entry("P-1", "report", "2026-04-02 17:00", "p-comm", evidence=photos(1)),
    ]
    issue = civledger.check(_ledger(entries), select=["SGN004"], as_of=AS_OF).issues[0]
    assert issue.location.path == ("journal", 1, "evidence")
    assert "1 pieces" in issue.message
    assert "asks 2 for a problem" in issue.message
    assert _appended(entries) == ["SGN004"]
    enough = [entries[0], entry("P-1", "report", "2026-04-02 17:00", "p-comm", evidence=photos(2))]
    assert _codes(_ledger(enough)) == []
    assert _codes(_ledger(entries, policy=None)) == []  # no policy, no minimum


# -- SGN005 re-check ---------------------------------------------------------------------------


def test_sgn005_a_sign_off_without_the_required_recheck() -> None:
    entries = [e for e in _life() if e.action.value != "recheck"]
    assert _codes(_ledger(entries)) == ["SGN005"]
    assert _appended(entries) == ["SGN005"]
    assert _codes(_ledger(entries, policy=SignOffPolicy(recheck=False))) == []


# -- SGN006 subtasks first ---------------------------------------------------------------------


def _parent_life(second_sub_closed: bool) -> list[Entry]:
    entries = []
    for task, lead_person, signer in (
        ("T-S1", "p-street", "p-county"),
        ("T-S2", "p-comm", "p-county"),
    ):
        entries += [
            entry(task, "assign", "2026-04-01 09:00", "p-office"),
            entry(task, "report", "2026-04-05 17:00", lead_person, evidence=photos(1, task)),
        ]
        if task == "T-S1" or second_sub_closed:
            entries.append(entry(task, "sign_off", "2026-04-06 09:00", signer))
    entries += [
        entry("T-P", "assign", "2026-04-01 09:00", "p-office"),
        entry("T-P", "report", "2026-04-06 10:00", "p-county", evidence=photos(1, "T-P")),
        entry("T-P", "sign_off", "2026-04-07 09:00", "p-office"),
    ]
    return entries


def test_sgn006_a_parent_signed_off_before_a_subtask() -> None:
    entries = _parent_life(second_sub_closed=False)
    issue = civledger.check(_ledger(entries, policy=None), select=["SGN006"], as_of=AS_OF).issues[0]
    assert issue.subjects == ("T-P", "T-S2")
    assert _appended(entries, policy=None) == ["SGN006"]
    assert _codes(_ledger(_parent_life(second_sub_closed=True), policy=None)) == []


def test_sgn006_a_cancelled_subtask_does_not_hold_the_parent_back() -> None:
    entries = _parent_life(second_sub_closed=False)
    cancel = entry(
        "T-S2", "cancel", "2026-04-06 12:00", "p-office", reason="并入T-S1", approved_by="p-county"
    )
    entries.insert(5, cancel)
    assert _codes(_ledger(entries, policy=None)) == []


# -- SGN007 unknown task or person --------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (entry("T-9", "assign", "2026-04-01 09:00", "p-office"), "task"),
        (entry("T-1", "assign", "2026-04-01 09:00", "p-nobody"), "by"),
        (
            entry(
                "T-1",
                "cancel",
                "2026-04-01 09:00",
                "p-office",
                reason="重复",
                approved_by="p-nobody",
            ),
            "approved_by",
        ),
    ],
)
def test_sgn007_an_entry_about_nobody_known(bad: Entry, field: str) -> None:
    issue = civledger.check(_ledger([bad], policy=None), select=["SGN007"], as_of=AS_OF).issues[0]
    assert issue.location.path == ("journal", 0, field)
    assert _appended([bad], policy=None) == ["SGN007"]


def test_sgn007_is_not_ldg008_any_more() -> None:
    bad = entry("T-9", "assign", "2026-04-01 09:00", "p-nobody")
    assert _codes(_ledger([bad], policy=None), select="LDG") == []


# -- SGN008 time order -------------------------------------------------------------------------


def test_sgn008_an_entry_earlier_than_the_one_before_it() -> None:
    entries = [
        entry("T-1", "assign", "2026-04-02 09:00", "p-office"),
        entry("T-1", "claim", "2026-04-01 09:00", "p-street"),
    ]
    issue = civledger.check(_ledger(entries, policy=None), select=["SGN008"], as_of=AS_OF).issues[0]
    assert issue.location.path == ("journal", 1, "at")
    assert _appended(entries, policy=None) == ["SGN008"]
    # Other tasks' entries do not count: only the same task's order matters.
    mixed = [
        entry("P-1", "assign", "2026-04-05 09:00", "p-office"),
        entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
    ]
    assert _codes(_ledger(mixed, policy=None)) == []


# -- SGN009 a post on that day -----------------------------------------------------------------


def test_sgn009_someone_without_any_post_acts() -> None:
    entries = [entry("T-1", "assign", "2026-04-01 09:00", "p-idle")]
    assert _codes(_ledger(entries, policy=None)) == ["SGN009"]
    assert _appended(entries, policy=None) == ["SGN009"]


def test_sgn009_a_post_counts_only_between_its_dates() -> None:
    before = [
        entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
        entry("T-1", "claim", "2026-04-30 09:00", "p-late"),
    ]
    assert _codes(_ledger(before, policy=None)) == ["SGN009"]
    after = [before[0], entry("T-1", "claim", "2026-05-01 09:00", "p-late")]
    assert _codes(_ledger(after, policy=None)) == []
    ended = [before[0], entry("T-1", "claim", "2026-05-01 09:00", "p-street")]
    assert _codes(_ledger(ended, policy=None)) == ["SGN009"]


# -- SGN010 relapse (strict) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "flagged"), [("2026-05-21 09:00", True), ("2026-05-22 09:00", False)]
)
def test_sgn010_a_relapse_within_the_policy_window(day: str, flagged: bool) -> None:
    entries = [
        *_life(),
        entry("T-1", "reopen", day, "p-office", undoes="S-1"),
    ]  # signed 04-21, 30 days
    assert ("SGN010" in _codes(_ledger(entries), strict=True)) is flagged
    assert "SGN010" not in _codes(_ledger(entries))  # strict tier only
    assert ("SGN010" in _appended(entries, strict=True)) is flagged
    assert _appended(entries) == []


# -- SGN011 extension past the evaluation -------------------------------------------------------


@pytest.mark.parametrize(("due", "flagged"), [("2026-07-21", True), ("2026-07-20", False)])
def test_sgn011_an_extension_after_the_evaluation(due: str, flagged: bool) -> None:
    entries = [
        entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
        entry(
            "T-1",
            "extend",
            "2026-06-01 09:00",
            "p-office",
            due=date.fromisoformat(due),
            reason="雨季",
        ),
    ]
    assert ("SGN011" in _codes(_ledger(entries, policy=None))) is flagged
    assert ("SGN011" in _appended(entries, policy=None)) is flagged


# -- SGN012 late sign-off (extra tier, a note) ---------------------------------------------------


def test_sgn012_a_late_sign_off_is_noted_only_when_asked() -> None:
    late = _life(report={}, recheck={}, sign_off={})
    late = list(late)
    late[-1] = entry("T-1", "sign_off", "2026-07-02 10:00", "p-county", id="S-1")
    late[-2] = entry("T-1", "recheck", "2026-07-02 09:00", "p-county")
    ledger = _ledger(late)
    assert _codes(ledger) == []  # extra tier: not in a plain check
    report = civledger.check(ledger, select=["SGN012"], as_of=date(2026, 7, 3))
    assert [i.code for i in report.issues] == ["SGN012"]
    assert report.valid  # a note never fails a check
    assert civledger.state(ledger, "T-1", as_of=date(2026, 7, 3)).late
    assert not civledger.state(_ledger(_life()), "T-1", as_of=AS_OF).late
    # append records it, and returns the note
    assert _appended(late, policy=STRICT_POLICY) == ["SGN012"]


# -- SGN013 incomplete entries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "missing"),
    [
        (entry("T-1", "progress", "2026-04-02 09:00", "p-street"), "percentage or a quantity"),
        (entry("T-1", "extend", "2026-04-02 09:00", "p-office", reason="雨季"), "new due date"),
        (entry("T-1", "extend", "2026-04-02 09:00", "p-office", due=date(2026, 7, 1)), "reason"),
        (entry("T-1", "cancel", "2026-04-02 09:00", "p-office", reason="重复"), "who approved it"),
        (entry("T-1", "appeal", "2026-04-02 09:00", "p-street"), "ground of appeal"),
    ],
)
def test_sgn013_an_entry_without_what_its_action_needs(bad: Entry, missing: str) -> None:
    entries = [entry("T-1", "assign", "2026-04-01 09:00", "p-office"), bad]
    issue = civledger.check(_ledger(entries, policy=None), select=["SGN013"], as_of=AS_OF).issues[0]
    assert missing in issue.message
    assert _appended(entries, policy=None) == ["SGN013"]


def test_sgn013_complete_entries_pass() -> None:
    entries = [
        entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
        entry("T-1", "progress", "2026-04-02 09:00", "p-street", quantity=13.0),
        entry(
            "T-1", "extend", "2026-04-03 09:00", "p-office", due=date(2026, 7, 10), reason="雨季"
        ),
        entry("T-1", "appeal", "2026-04-04 09:00", "p-street", appeal="not_ours"),
        entry(
            "T-1",
            "cancel",
            "2026-04-05 09:00",
            "p-office",
            reason="非本单位职责",
            approved_by="p-county",
        ),
    ]
    assert _codes(_ledger(entries, policy=None)) == []


# -- SGN014 reopening the right sign-off ---------------------------------------------------------


def test_sgn014_a_reopening_names_another_sign_off() -> None:
    entries = [*_life(), entry("T-1", "reopen", "2026-06-20 09:00", "p-office", undoes="S-0")]
    assert _codes(_ledger(entries)) == ["SGN014"]
    assert _appended(entries) == ["SGN014"]
    right = [*_life(), entry("T-1", "reopen", "2026-06-20 09:00", "p-office", undoes="S-1")]
    assert _codes(_ledger(right)) == []


# -- as of a date --------------------------------------------------------------------------------


def test_a_check_as_of_a_date_ignores_later_entries() -> None:
    entries = [
        entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
        entry("T-1", "sign_off", "2026-08-01 09:00", "p-county"),
    ]
    ledger = _ledger(entries, policy=None)
    assert _codes(ledger) == []  # the sign-off is after AS_OF
    assert [
        i.code for i in civledger.check(ledger, select=["SGN"], as_of=date(2026, 8, 1)).issues
    ] == ["SGN001"]
