"""The journal pass as it was before the columns (issue 17): the reference the pass is held to.

Every entry is an object; the journal is grouped by task into tuples of entries,
each task's entries are folded in time order with :class:`~civledger.journal.state.Fold`
and judged with :class:`~civledger.journal.audit.Judge`, and every task's state is
frozen at the end of the day. This is the code of ``civledger.journal.state._fold``
and ``civledger.journal.audit.audit`` before the journal became columns, kept here
so that the tests can compare the pass over the columns with it, finding for finding
and state for state.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date, datetime

from civledger import Entry, Ledger
from civledger.journal.audit import Judge, Verdict
from civledger.journal.state import Fold, TaskState, end_of_day, with_roll_ups

__all__ = ["reference_audit", "reference_entries_by_task", "reference_states"]


def reference_entries_by_task(
    entries: list[Entry],
) -> tuple[dict[str, tuple[Entry, ...]], frozenset[str]]:
    """Each task's entries in time order (same-time entries in ledger order), and the
    tasks whose entries the journal does not list in time order."""
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.task, []).append(entry)
    out: dict[str, tuple[Entry, ...]] = {}
    unsorted = set()
    for task, found in grouped.items():
        if len(found) > 1 and any(a.at > b.at for a, b in itertools.pairwise(found)):
            found.sort(key=lambda e: e.at)
            unsorted.add(task)
        out[task] = tuple(found)
    return out, frozenset(unsorted)


def reference_states(ledger: Ledger, day: date) -> dict[str, TaskState]:
    """The state of every task at the end of ``day``, folded from entry objects."""
    zone = ledger.campaign.zone()
    cutoff = end_of_day(day, zone)
    by_task, _ = reference_entries_by_task(list(ledger.journal))
    out: dict[str, TaskState] = {}
    for task in ledger.tasks:
        if task.id in out:
            continue
        fold = Fold.of(task, zone)
        for entry in by_task.get(task.id, ()):
            if entry.at >= cutoff:
                break
            fold.apply(entry)
        out[task.id] = fold.freeze(day, zone, cutoff)
    return with_roll_ups(ledger, out)


def _file_order_previous(entries: list[Entry], tasks: frozenset[str]) -> dict[int, datetime]:
    last: dict[str, datetime] = {}
    previous: dict[int, datetime] = {}
    for index, entry in enumerate(entries):
        if entry.task not in tasks:
            continue
        before = last.get(entry.task)
        if before is not None:
            previous[index] = before
        if before is None or entry.at > before:
            last[entry.task] = entry.at
    return previous


def reference_audit(ledger: Ledger, day: date) -> list[tuple[int, Verdict]]:
    """Every verdict on the journal's entries up to the end of ``day``, by entry index."""
    judge = Judge(ledger)
    entries = list(ledger.journal)
    position = {id(e): i for i, e in enumerate(entries)}
    cutoff = end_of_day(day, judge.zone)
    by_task, unsorted = reference_entries_by_task(entries)
    previous = _file_order_previous(entries, unsorted)
    judged: list[tuple[int, Verdict]] = []
    shared: Mapping[str, tuple[Entry, ...]] = by_task
    for task_id, found in by_task.items():
        task = judge.tasks.get(task_id)
        fold = Fold.of(task, judge.zone) if task is not None else None
        for entry in found:
            if entry.at >= cutoff:
                break
            index = position[id(entry)]
            for verdict in judge.judge(entry, fold, previous.get(index), shared):
                judged.append((index, verdict))
            if fold is not None:
                fold.apply(entry)
    return sorted(judged, key=lambda pair: pair[0])
