"""The journal as columns, held to the pass it replaced (issue 17).

The journal keeps its entries as columns and the journal pass reads them
(:mod:`civledger.journal.sweep`); states are built when asked for. Findings,
their order and every state must be what the object fold gave
(:mod:`reference_journal`, the code before the columns): on the examples, the
broken examples, synthetic ledgers, and synthetic ledgers whose journals were
damaged at random in every way the rules look at (wrong actions, unknown people
and tasks, times out of order, missing details, figures that fall or overshoot,
extensions, reopenings, cancellations, a stricter policy).
"""

from __future__ import annotations

import importlib
import pickle
import random
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from dateutil import tz

import civledger
from civledger import (
    Action,
    Amount,
    AppealReason,
    Entry,
    Evidence,
    EvidenceKind,
    EvidenceMinimum,
    Ledger,
    SignOffPolicy,
    TaskKind,
)
from civledger.journal.audit import audit
from civledger.journal.state import States
from civledger.model.journal_columns import JournalColumns
from civledger.model.journal_store import Journal
from civledger.testing import CST
from reference_journal import reference_audit, reference_states

# The module (``civledger.journal.state`` the attribute is the function of that name).
state_module = importlib.import_module("civledger.journal.state")

DAYS = [date(2026, 3, 10), date(2026, 5, 1), date(2026, 6, 14), date(2026, 8, 1)]
EXAMPLES = sorted(
    p
    for p in Path("examples").rglob("*")
    if p.suffix in (".yaml", ".json") and not p.name.startswith("LDG016")
)


def _same_as_reference(ledger: Ledger, day: date) -> None:
    """The pass over the columns finds what the object fold finds, state for state."""
    expected_states = reference_states(ledger, day)
    expected_verdicts = reference_audit(ledger, day)
    fresh = ledger.with_entries()  # no view of the ledger is shared with the reference
    assert audit(fresh, day) == expected_verdicts
    found = civledger.states(fresh, day)
    assert isinstance(found, States)
    assert list(found) == list(expected_states)
    assert dict(found) == expected_states
    for position, status, due in found.due_in_force():
        expected = expected_states[fresh.tasks[position].id]
        assert (status, due) == (expected.status, expected.due), fresh.tasks[position].id
        assert found.status(fresh.tasks[position].id) is expected.status
    assert found.status("no such task") is None
    # The states alone (no audit first) are the same: all folded in one pass ...
    alone = civledger.states(ledger.with_entries(), day)
    assert list(alone.values()) == list(expected_states.values())
    assert dict(alone) == expected_states
    # ... and each folded alone, when fewer are asked than make a pass pay.
    with mock.patch.object(state_module, "_FILL_AFTER", 0):
        one_by_one = civledger.states(ledger.with_entries(), day)
        assert {t: one_by_one[t] for t in reversed(list(one_by_one))} == expected_states
    assert [(s, d) for _, s, d in alone.due_in_force()] == [
        (expected_states[t.id].status, expected_states[t.id].due) for t in fresh.tasks
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_fold_and_judge_as_the_object_fold(path: Path) -> None:
    ledger = civledger.load(path, allow_outside=True)
    for day in DAYS:
        _same_as_reference(ledger, day)


# -- synthetic ledgers, whole and damaged ------------------------------------------------------


def _synthetic(seed: int) -> Ledger:
    return civledger.synthesize(streets=2, communities=2, grids=2, tasks=260, seed=seed)


def _damaged(ledger: Ledger, seed: int) -> Ledger:
    """The ledger with a fifth of its journal damaged, and entries of the rarer kinds added."""
    rng = random.Random(seed)
    people = [p.id for p in ledger.people]
    tasks = [t.id for t in ledger.tasks]
    entries = list(ledger.journal)
    out: list[Entry] = []
    worker: dict[str, str | None] = {}
    for entry in entries:
        if entry.action is Action.REPORT:
            worker[entry.task] = entry.by
        if rng.random() < 0.8:
            out.append(entry)
            continue
        change = rng.randrange(15)
        if change == 0:
            entry = attrs.evolve(entry, action=rng.choice(list(Action)))
        elif change == 1:
            entry = attrs.evolve(entry, by=rng.choice([*people[:40], "p-nobody", None]))
        elif change == 2:
            entry = attrs.evolve(entry, at=entry.at + timedelta(days=rng.randrange(-20, 20)))
        elif change == 3:
            entry = attrs.evolve(entry, task=rng.choice([*tasks[:30], "T-unknown"]))
        elif change == 4:
            entry = attrs.evolve(entry, evidence=(), percent=None, quantity=None, amounts=())
        elif change == 5:
            entry = attrs.evolve(entry, percent=float(rng.randrange(0, 101)), quantity=None)
        elif change == 6:
            entry = attrs.evolve(entry, quantity=float(rng.randrange(0, 5000)))
        elif change == 7:
            entry = attrs.evolve(
                entry,
                amounts=(Amount(measure=rng.choice([None, "面积", "小区", "长度"]), value=3.0),),
            )
        elif change == 8:
            entry = attrs.evolve(entry, note=rng.choice(["补报", " ", "按实际调整"]))
        elif change == 9:
            out.append(entry)
            entry = Entry(
                at=entry.at + timedelta(hours=2),
                task=entry.task,
                action=Action.EXTEND,
                by=entry.by,
                due=date(2026, rng.choice([6, 7, 8]), rng.randrange(1, 28)),
                reason="雨季",
            )
        elif change == 10:
            out.append(attrs.evolve(entry, id=f"S-{len(out)}"))
            entry = Entry(
                at=entry.at + timedelta(days=rng.randrange(1, 60)),
                task=entry.task,
                action=rng.choice([Action.REOPEN, Action.CANCEL, Action.APPEAL, Action.REJECT]),
                by=entry.by,
                undoes=rng.choice([None, f"S-{len(out) - 1}", "S-x"]),
                reason=rng.choice([None, "撤销", ""]),
                approved_by=rng.choice([None, entry.by]),
                appeal=rng.choice([None, AppealReason.EXPLAIN_ONLY]),
            )
        elif change == 11:  # a second figure, higher or lower
            out.append(entry)
            entry = attrs.evolve(
                entry,
                at=entry.at + timedelta(minutes=30),
                action=Action.PROGRESS,
                quantity=(entry.quantity or 10.0) * rng.choice([0.5, 1.0, 1.5]),
                percent=rng.choice([None, None, 80.0]),
                evidence=(),
            )
        elif change == 12:  # signed by the unit that did the work
            entry = attrs.evolve(entry, by=worker.get(entry.task, entry.by))
        elif change == 13:  # before anyone held a post
            entry = attrs.evolve(entry, at=entry.at.replace(year=2025))
        else:
            entry = attrs.evolve(
                entry, evidence=(Evidence(kind=EvidenceKind.PHOTO_AFTER, ref="a.jpg"),)
            )
        out.append(entry)
    return attrs.evolve(ledger, journal=out)


STRICT = SignOffPolicy(recheck=True, evidence=[EvidenceMinimum(kind=TaskKind.TASK, count=3)])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_ledgers_whole_and_damaged_fold_and_judge_as_the_object_fold(seed: int) -> None:
    whole = _synthetic(seed)
    damaged = _damaged(whole, seed)
    strict = attrs.evolve(damaged, policy=STRICT)
    for ledger in (whole, damaged, strict):
        for day in (date(2026, 4, 20), date(2026, 6, 15)):
            _same_as_reference(ledger, day)
    FOUND.update(v.code for ledger in (damaged, strict) for _, v in audit(ledger, DAYS[-1]))


FOUND: set[str] = set()


def test_the_damage_is_found_in_every_way_the_fast_reading_rules_out() -> None:
    """The damaged ledgers above break each rule the quick reading of a task must rule out."""
    if not FOUND:  # run alone
        for seed in (1, 2, 3):
            damaged = _damaged(_synthetic(seed), seed)
            strict = attrs.evolve(damaged, policy=STRICT)
            FOUND.update(v.code for ledger in (damaged, strict) for _, v in audit(ledger, DAYS[-1]))
    wanted = {f"SGN{n:03d}" for n in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14)}
    wanted |= {"MSR001", "MSR002", "MSR003", "MSR004", "MSR008"}
    assert wanted <= FOUND, wanted - FOUND


def test_appends_carry_states_as_the_object_fold_computes_them() -> None:
    ledger = _synthetic(4)
    day = date(2026, 6, 15)
    civledger.check(ledger, as_of=day)  # the views a writer carries forward
    writer = civledger.JournalWriter(ledger)
    rng = random.Random(4)
    accepted = 0
    for task in rng.sample(list(ledger.tasks), 40):
        entry = Entry(
            at=datetime(2026, 6, 10, 9, tzinfo=CST),
            task=task.id,
            action=rng.choice([Action.PROGRESS, Action.EXTEND, Action.CANCEL]),
            by=ledger.people[0].id,
            percent=40.0,
            due=date(2026, 7, 1),
            reason="调整",
            approved_by=ledger.people[0].id,
        )
        accepted += not writer.append(entry)
    assert accepted
    later = writer.ledger
    assert dict(civledger.states(later, day)) == reference_states(later, day)
    assert audit(later, day) == reference_audit(later, day)


# -- the columns keep every entry exactly --------------------------------------------------------


def _shape(value: Any) -> Any:
    if attrs.has(type(value)):
        return (
            type(value),
            tuple((f.name, _shape(getattr(value, f.name))) for f in attrs.fields(type(value))),
        )
    if isinstance(value, tuple | list):
        return (type(value), tuple(_shape(v) for v in value))
    if isinstance(value, datetime):
        return (type(value), value.isoformat(), repr(value.tzinfo), value.fold)
    return (type(value), repr(value))


def test_the_columns_give_back_every_entry_exactly() -> None:
    shanghai = tz.gettz("Asia/Shanghai")
    new_york = tz.gettz("America/New_York")
    odd = timezone(timedelta(hours=5, minutes=45, seconds=30), "odd")
    entries = [
        Entry(at=datetime(2026, 4, 2, 9, tzinfo=CST), task="T-1", action=Action.ASSIGN),
        Entry(
            at=datetime(2026, 4, 2, 9, 0, 0, 123456, tzinfo=timezone(timedelta(hours=8))),
            task="T-1",
            action=Action.PROGRESS,
            by="p",
            unit="u",
            percent=5,  # an int, as a program may give it
            quantity=3.0,
            note="n",
            id="E-1",
        ),
        Entry(at=datetime(2026, 4, 2, 9, tzinfo=shanghai), task="T-2", action=Action.CLAIM),
        Entry(  # the repeated hour: the second 01:30 of the night the clocks go back
            at=datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=new_york),
            task="T-2",
            action=Action.REPORT,
            evidence=(Evidence(kind=EvidenceKind.DOCUMENT, ref="x.pdf"),),
        ),
        Entry(  # a time that never was: 02:30 on the night the clocks go forward
            at=datetime(2026, 3, 8, 2, 30, tzinfo=new_york),
            task="T-3",
            action=Action.EXTEND,
            due=date(2026, 7, 1),
            reason="r",
        ),
        Entry(at=datetime(1, 1, 2, tzinfo=odd), task="T-3", action=Action.CANCEL, approved_by="a"),
        Entry(
            at=datetime(2026, 4, 2, tzinfo=UTC),
            task="T-3",
            action=Action.PROGRESS,
            amounts=(Amount(measure="面积", value=2.5, unit="万平方米"),),
            appeal=AppealReason.NOT_OURS,
            undoes="S-1",
        ),
    ]
    journal = Journal(entries)
    assert [_shape(e) for e in journal] == [_shape(e) for e in entries]
    assert _shape(journal[-1]) == _shape(entries[-1])
    assert journal.values("unit") == [e.unit for e in entries]
    assert journal.values("due") == [e.due for e in entries]
    assert journal.ids() == {"E-1": 1}
    again = pickle.loads(pickle.dumps(journal.appended(entries[0])))
    assert [_shape(e) for e in again] == [_shape(e) for e in [*entries, entries[0]]]
    shared = JournalColumns()
    shared.extend(entries)
    assert len(Journal.of_columns(shared, 2)) == 2


def test_the_values_of_a_field_are_read_from_the_columns_as_from_the_entries() -> None:
    entries = list(_damaged(_synthetic(5), 5).journal)
    entries.append(Entry(at=entries[0].at, task="T-x", action=Action.ASSIGN, by=7))  # type: ignore[arg-type]
    journal = Journal(entries)
    for field in ("task", "by", "unit", "action", "undoes", "due", "evidence", "amounts", "at"):
        assert journal.values(field) == [getattr(e, field) for e in entries], field
        assert journal.distinct(field) == {getattr(e, field) for e in entries}, field


def test_a_layered_mapping_reads_as_the_dict_it_stands_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from civledger.journal import layered
    from civledger.journal.layered import Layered

    monkeypatch.setattr(layered, "_FOLD_AT", 5)  # folds every few changes

    class Mapped(dict[int, float]):
        """Not a plain dict: never copied (as the journal's entries by task)."""

    for kind in (dict, Mapped):
        rng = random.Random(1)
        base = kind({i: -i for i in range(20)})
        expected: dict[int, float] = dict(base)
        current: Layered[int, float] = Layered(base)
        for _ in range(300):
            key, value = rng.randrange(40), rng.random()
            current, expected[key] = current.with_item(key, value), value
            assert len(current) == len(expected)
            assert list(current.items()) == list(expected.items())
        assert dict(base) == {i: -i for i in range(20)}  # never changed
