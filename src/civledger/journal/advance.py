"""A ledger one entry longer, with the journal views of the old one carried forward.

A dispatch app appends entries one by one to a ledger of a million tasks; each
append gives a new ledger (ledgers never change), and recomputing the grouping
of the journal by task or the states of a day for it would cost seconds.
:func:`advance` builds the new ledger's views from the old one's instead: the
task the entry is about is folded again, the other tasks are shared
(:class:`~civledger.journal.layered.Layered`). Views that are not carried
forward (the audit of a day) are computed again when asked for.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

from civledger.journal.layered import Layered
from civledger.journal.measures import RollUpPlan, roll_up_plan
from civledger.journal.state import (
    ENTRIES_BY_TASK,
    STATES,
    WRITTEN_OUT_OF_ORDER,
    Fold,
    States,
    TaskState,
    end_of_day,
    rolled_up,
)
from civledger.model import Entry, Ledger, Task

__all__ = ["advance"]


def advance(ledger: Ledger, entry: Entry) -> Ledger:
    """``ledger`` with ``entry`` added to its journal (unjudged), its journal views carried.

    Examples
    --------
    >>> import civledger
    >>> from datetime import date, datetime
    >>> from civledger import Action, Entry, testing
    >>> ledger = testing.small_ledger()
    >>> civledger.state(ledger, "T-001", as_of=date(2026, 5, 1)).status.label
    '已交办'
    >>> at = datetime(2026, 4, 3, 9, tzinfo=testing.CST)
    >>> later = advance(ledger, Entry(at=at, task="T-001", action=Action.CLAIM, by="p-qian"))
    >>> civledger.state(later, "T-001", as_of=date(2026, 5, 1)).status.label
    '已认领'
    >>> civledger.state(ledger, "T-001", as_of=date(2026, 5, 1)).status.label
    '已交办'
    """
    new = ledger.with_entries(entry)
    by_task: Mapping[str, tuple[Entry, ...]] | None = ledger.cached(ENTRIES_BY_TASK, journal=True)
    if by_task is None:
        return new
    earlier = by_task.get(entry.task, ())
    entries = list(earlier)
    bisect.insort_right(entries, entry, key=lambda e: e.at)
    grouped = Layered(by_task).with_item(entry.task, tuple(entries))
    new.remember(ENTRIES_BY_TASK, grouped, journal=True)
    written = ledger.cached(WRITTEN_OUT_OF_ORDER, journal=True) or frozenset()
    if earlier and entry.at < earlier[-1].at:
        written = written | {entry.task}
    new.remember(WRITTEN_OUT_OF_ORDER, written, journal=True)
    tasks = ledger.index("tasks")
    task = tasks.get(entry.task)
    zone = ledger.campaign.zone()
    plan = roll_up_plan(ledger) if task is not None else None
    for key in ledger.memo_keys(journal=True, dated=True):
        if not (isinstance(key, tuple) and key[0] == STATES):
            continue
        known: Mapping[str, TaskState] | None = ledger.cached(key, journal=True, dated=True)
        if known is None:
            continue
        day = key[1]
        cutoff = end_of_day(day, zone)
        if task is not None and entry.at < cutoff:
            fold = Fold.of(task, zone)
            for before in entries:
                if before.at >= cutoff:
                    break
                fold.apply(before)
            known = _with(known, task.id, fold.freeze(day, zone, cutoff))
            if plan:
                known = _roll_up_above(known, task, tasks, plan)
        new.remember(key, known, journal=True, dated=True)
    return new


def _roll_up_above(
    known: Mapping[str, TaskState], task: Task, tasks: Mapping[str, Task], plan: RollUpPlan
) -> Mapping[str, TaskState]:
    """``known`` with the roll-ups of ``task`` and of the parents above it computed again."""
    seen: set[str] = set()
    current: Task | None = task
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.id in plan.subtasks and current.id in known:
            known = _with(known, current.id, rolled_up(known[current.id], plan, known))
        current = tasks.get(current.parent) if current.parent is not None else None
    return known


def _with(
    known: Mapping[str, TaskState], task_id: str, found: TaskState
) -> Mapping[str, TaskState]:
    """``known`` with the state of one task replaced (neither is changed)."""
    if isinstance(known, States):
        return known.with_state(task_id, found)
    return Layered(known).with_item(task_id, found)
