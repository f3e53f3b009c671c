"""Properties of the journal, over random histories (hypothesis).

1. Any sequence of allowed actions, appended one by one, is accepted and folds to a
   consistent state — the same state a fresh one-pass fold of the journal gives.
2. Any disallowed action yields an SGN finding from ``append`` and leaves the state
   (and the journal) unchanged.
3. The state as of a day never shows a task signed off that was not yet reported
   by that day, and later entries never leak into an earlier day's state.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import attrs
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import civledger
from civledger import Action, Entry, Ledger
from civledger.journal.lifecycle import TRANSITIONS, Status
from civledger.journal.state import states
from journal_support import at, county, photos

EXAMPLES = int(os.environ.get("CIV_EXAMPLES", "150"))
START = at("2026-04-01 09:00")

# Who does what for T-1 (led by the street ly): the office hands over, extends, cancels,
# sends back and reopens; the street works; the county verifies and signs.
ACTOR = {
    Action.ASSIGN: "p-office",
    Action.EXTEND: "p-office",
    Action.CANCEL: "p-office",
    Action.REJECT: "p-county",
    Action.REOPEN: "p-office",
    Action.CLAIM: "p-street",
    Action.PROGRESS: "p-street",
    Action.REPORT: "p-street",
    Action.APPEAL: "p-street",
    Action.RECHECK: "p-county",
    Action.SIGN_OFF: "p-county",
}


def _details(
    action: Action, n: int, last_sign_off: str | None, draw_percent: float
) -> dict[str, object]:
    if action is Action.PROGRESS:
        return {"percent": draw_percent}
    if action is Action.REPORT:
        return {"evidence": photos(1, "T-1")}
    if action is Action.REJECT:
        return {"reason": "整改不到位"}
    if action is Action.EXTEND:
        return {"due": date(2026, 7, 1) + timedelta(days=n % 15), "reason": "雨季施工"}
    if action is Action.CANCEL:
        return {"reason": "撤销", "approved_by": "p-county"}
    if action is Action.APPEAL:
        return {"appeal": "explain_only"}
    if action is Action.SIGN_OFF:
        return {"id": f"S-{n}"}
    if action is Action.REOPEN:
        return {"undoes": last_sign_off}
    return {}


@st.composite
def allowed_histories(draw: st.DrawFn) -> list[Entry]:
    """A life of T-1 where each action is one the status allows (within April, so that
    the street's first responsible p-street holds the post)."""
    status, last_sign_off, entries = Status.NEW, None, []
    for n in range(draw(st.integers(min_value=1, max_value=14))):
        choices = [a for a in Action if status in TRANSITIONS[a] and a is not Action.REOPEN]
        if status is Status.SIGNED_OFF:
            choices.append(Action.REOPEN)
        if Action.CANCEL in choices and draw(st.integers(0, 9)):
            choices.remove(Action.CANCEL)  # it ends the life at once: keep it rare
        if not choices:
            break
        action = draw(st.sampled_from(choices))
        percent = draw(st.floats(min_value=0, max_value=100, allow_nan=False))
        details = _details(action, n, last_sign_off, percent)
        entries.append(
            Entry(
                at=START + timedelta(hours=n),
                task="T-1",
                action=action,
                by=ACTOR[action],
                **details,
            )
        )
        status = TRANSITIONS[action][status]
        if action is Action.SIGN_OFF:
            last_sign_off = f"S-{n}"
    return entries


def _fresh(entries: list[Entry]) -> Ledger:
    return county().build(journal=entries)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(allowed_histories())
def test_allowed_actions_are_accepted_and_fold_consistently(entries: list[Entry]) -> None:
    writer = civledger.JournalWriter(county().build())
    day = date(2026, 4, 30)
    civledger.states(writer.ledger, as_of=day)  # a view computed before: carried forward
    for e in entries:
        assert writer.append(e) == [], e
    state = civledger.states(writer.ledger, as_of=day)["T-1"]
    assert state == states(_fresh(entries), day)["T-1"]  # incremental == one pass
    expected = Status.NEW
    for e in entries:
        expected = TRANSITIONS[e.action][expected]
    assert state.status is expected
    assert state.extensions == sum(e.action is Action.EXTEND for e in entries)
    assert state.relapses == sum(e.action is Action.REOPEN for e in entries)
    assert state.rejections == sum(e.action is Action.REJECT for e in entries)
    assert (state.signed_off_at is not None) == (state.status is Status.SIGNED_OFF)
    extensions = [e.due for e in entries if e.action is Action.EXTEND]
    assert state.due == (extensions[-1] if extensions else date(2026, 6, 30))
    assert state.days_open is None or state.days_open >= 0
    event(f"ends {state.status.value}")


@st.composite
def with_a_disallowed_action(draw: st.DrawFn) -> tuple[list[Entry], Entry]:
    history = draw(allowed_histories())
    status = Status.NEW
    for e in history:
        status = TRANSITIONS[e.action][status]
    refused = [a for a in Action if status not in TRANSITIONS[a]]
    action = draw(st.sampled_from(refused))
    details = _details(action, 99, "S-x", 50.0)
    bad = Entry(
        at=START + timedelta(days=3), task="T-1", action=action, by=ACTOR[action], **details
    )
    return history, bad


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_a_disallowed_action())
def test_a_disallowed_action_is_refused_and_changes_nothing(
    case: tuple[list[Entry], Entry],
) -> None:
    history, bad = case
    ledger = _fresh(history)
    days = [date(2026, 4, 1), date(2026, 4, 5), date(2026, 6, 30)]
    before = {d: dict(civledger.states(ledger, as_of=d)) for d in days}
    journal = list(ledger.journal)
    writer = civledger.JournalWriter(ledger)
    issues = writer.append(bad)
    assert "SGN001" in [i.code for i in issues]
    assert all(i.code.startswith("SGN") for i in issues)
    assert writer.ledger is ledger
    assert list(ledger.journal) == journal
    assert {d: dict(civledger.states(ledger, as_of=d)) for d in days} == before
    event(f"{bad.action.value} refused")


@st.composite
def any_histories(draw: st.DrawFn) -> list[Entry]:
    """An allowed life of T-1 mixed with random entries for two tasks, allowed or not,
    at random times in April–June."""
    entries = list(draw(allowed_histories()))
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        task = draw(st.sampled_from(["T-1", "P-1"]))
        action = draw(st.sampled_from(list(Action)))
        minutes = draw(st.integers(min_value=0, max_value=90 * 24 * 60))
        details = _details(action, minutes, "S-x", 30.0)
        entries.append(
            Entry(
                at=START + timedelta(minutes=minutes),
                task=task,
                action=action,
                by=ACTOR[action],
                **details,
            )
        )
    return entries


@settings(max_examples=EXAMPLES, deadline=None)
@given(any_histories(), st.integers(0, 95), st.integers(0, 95))
def test_a_state_never_signs_off_before_the_report_nor_sees_the_future(
    entries: list[Entry], a: int, b: int
) -> None:
    ledger = _fresh(entries)
    t1, t2 = sorted((date(2026, 3, 31) + timedelta(days=a), date(2026, 3, 31) + timedelta(days=b)))
    zone = ledger.campaign.zone()
    for day in (t1, t2):
        for task, state in civledger.states(ledger, as_of=day).items():
            if state.status is Status.SIGNED_OFF:
                assert state.reported_at is not None
                assert state.reported_at.astimezone(zone).date() <= day
                assert state.signed_off_at is not None
                assert state.reported_at <= state.signed_off_at
                event("signed off")
            # Entries after the day do not count: the same ledger cut at the day agrees.
            cut = [e for e in entries if e.at.astimezone(zone).date() <= day]
            assert states(attrs.evolve(ledger, journal=cut), day)[task] == state
