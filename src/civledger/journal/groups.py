"""Each task's rows of the journal, in time order: the grouping every journal view reads.

The journal keeps its entries as columns (:class:`~civledger.model.journal_store.JournalColumns`);
what happened to one task is the rows of its id, in time order (same-time entries
in ledger order). :func:`journal_groups` sorts the rows by task once per ledger,
without building an entry; :func:`entries_by_task` builds a task's entries from
its rows when they are asked for.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

from civledger.journal.fold import Fold
from civledger.model import Entry, Ledger
from civledger.model.journal_columns import JournalColumns, instant_of

__all__ = [
    "ENTRIES_BY_TASK",
    "GROUPS",
    "WRITTEN_OUT_OF_ORDER",
    "EntriesByTask",
    "JournalGroups",
    "entries_by_task",
    "journal_groups",
]

_ZEROS = itertools.repeat(0)

GROUPS = "journal_groups"
"""The memo key of :func:`journal_groups`."""

ENTRIES_BY_TASK = "entries_by_task"
"""The memo key of :func:`entries_by_task` (a journal writer carries it forward)."""

WRITTEN_OUT_OF_ORDER = "journal_written_out_of_order"
"""The memo key of the tasks whose entries the journal does not list in time order."""


class JournalGroups:
    """The rows of each task of a journal, in time order (see :func:`journal_groups`).

    ``order`` lists every row, those of one task together; the rows of the task
    at index ``k`` of the columns' table of tasks are ``order[bounds[k]:bounds[k + 1]]``.
    ``unsorted`` holds the ids of the tasks whose rows the journal does not list
    in time order (their rows are sorted here).
    """

    __slots__ = ("bounds", "columns", "length", "order", "unsorted")

    def __init__(self, columns: JournalColumns, length: int) -> None:
        self.columns = columns
        self.length = length
        tasks = columns.task[:length]
        # The table of tasks lists them in the order of their first row: a journal
        # written task by task is sorted already, and sorting it costs one pass.
        order = array("i", sorted(range(length), key=tasks.__getitem__))
        known = len(columns.tasks)
        counts = Counter(tasks)
        bounds = array("i", itertools.accumulate(map(counts.get, range(known), _ZEROS), initial=0))
        self.order = order
        self.bounds = bounds
        self.unsorted = self._sort_in_time(tasks)

    def _sort_in_time(self, tasks: array[int]) -> frozenset[str]:
        """Sort in time the rows of the few tasks the journal lists out of order."""
        order = self.order
        instant = self.columns.instant
        times = array("q", map(instant.__getitem__, order))
        falls = itertools.compress(
            range(len(order) - 1), map(operator.gt, times, itertools.islice(times, 1, None))
        )
        unsorted: set[int] = set()
        for i in falls:
            if tasks[order[i]] == tasks[order[i + 1]]:
                unsorted.add(tasks[order[i]])
        bounds = self.bounds
        for k in unsorted:
            lo, hi = bounds[k], bounds[k + 1]
            rows = sorted(order[lo:hi], key=instant.__getitem__)  # stable: ledger order kept
            order[lo:hi] = array("i", rows)
        names = self.columns.tasks
        return frozenset(names[k] for k in unsorted)

    def span(self, task: str) -> tuple[int, int]:
        """Where the rows of ``task`` lie in ``order`` (an empty span when it has none)."""
        k = self.columns.task_ids.get(task)
        if k is None or k + 1 >= len(self.bounds):
            return (0, 0)
        return (self.bounds[k], self.bounds[k + 1])

    def rows(self, task: str) -> Sequence[int]:
        """The rows of ``task`` in time order."""
        lo, hi = self.span(task)
        return self.order[lo:hi]

    def tasks(self) -> Iterator[str]:
        """The ids of the tasks with rows, in the order of their first row."""
        bounds = self.bounds
        names = self.columns.tasks
        for k in range(len(bounds) - 1):
            if bounds[k] < bounds[k + 1]:
                yield names[k]


def journal_groups(ledger: Ledger) -> JournalGroups:
    """The rows of each task of the ledger's journal, in time order (computed once per ledger).

    Examples
    --------
    >>> from civledger import testing
    >>> list(journal_groups(testing.small_ledger()).rows("T-001"))
    [0]
    """

    def build() -> JournalGroups:
        journal = ledger.journal
        groups = JournalGroups(journal.columns, len(journal))
        ledger.remember(WRITTEN_OUT_OF_ORDER, groups.unsorted, journal=True)
        return groups

    return ledger.memo(GROUPS, build, journal=True)


_RECENT = 4096
"""How many folds of subtasks :meth:`EntriesByTask.fold_until` keeps (a parent has dozens)."""


class EntriesByTask(Mapping[str, tuple[Entry, ...]]):
    """Each task's journal entries in time order, built when a task's are asked for."""

    __slots__ = ("_count", "_groups", "_recent")

    def __init__(self, groups: JournalGroups) -> None:
        self._groups = groups
        self._recent: dict[tuple[str, datetime], Fold] = {}
        bounds = groups.bounds
        self._count = sum(1 for k in range(len(bounds) - 1) if bounds[k] < bounds[k + 1])

    def __getitem__(self, task: str) -> tuple[Entry, ...]:
        rows = self._groups.rows(task)
        if not rows:
            raise KeyError(task)
        entry = self._groups.columns.entry
        return tuple(entry(row) for row in rows)

    def __contains__(self, task: object) -> bool:
        return type(task) is str and bool(self._groups.rows(task))

    def fold_until(self, fold: Fold, task: str, moment: datetime) -> Fold:
        """``fold`` (a task's fold before its first entry) with the task's entries up to
        ``moment`` (included) applied, in time order, read from the journal's columns.

        The judge folds the subtasks of a parent signed off twice at the same moment
        (are they all closed? what do their figures add up to?): the last folds made
        are kept, and one made already is given instead (nobody changes a fold given).
        """
        key = (task, moment)
        found = self._recent.get(key)
        if found is not None:
            return found
        limit = instant_of(moment)
        columns = self._groups.columns
        instant = columns.instant
        for row in self._groups.rows(task):
            if instant[row] > limit:
                break
            fold.apply_row(columns, row)
        if len(self._recent) >= _RECENT:
            self._recent.clear()
        self._recent[key] = fold
        return fold

    def __iter__(self) -> Iterator[str]:
        return self._groups.tasks()

    def __len__(self) -> int:
        return self._count


def entries_by_task(ledger: Ledger) -> Mapping[str, tuple[Entry, ...]]:
    """Each task's journal entries in time order (same-time entries keep ledger order).

    Computed once per ledger from the journal's columns; a task's entries are
    built when they are asked for.

    Examples
    --------
    >>> from civledger import testing
    >>> [e.action.value for e in entries_by_task(testing.small_ledger())["T-001"]]
    ['assign']
    """
    return ledger.memo(ENTRIES_BY_TASK, lambda: EntriesByTask(journal_groups(ledger)), journal=True)
