"""The state of every task as of a date.

The journal is the history; a task's state at any date is the fold of its
entries up to the end of that day (in the campaign's time zone). Entries are
taken in time order; an action that may not follow the current status is
skipped (the SGN rules report it) so that one bad entry does not derail the
rest of the history. Progress by measure is derived on the way
(:mod:`civledger.journal.measures`), and a parent's measures that roll up are
computed from its subtasks' states of the same day.

One pass over the journal's columns (:mod:`civledger.journal.sweep`) finds
every task's status and due date in force; each task's full :class:`TaskState`
is folded from its own entries when it is asked for (:class:`States`).
"""

from __future__ import annotations

import threading
from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from datetime import date, datetime, tzinfo

import attrs

from civledger.journal.fold import (
    Fold,
    TaskState,
    end_of_day,
    progress_figures,
    state_of_fields,
)
from civledger.journal.groups import (
    ENTRIES_BY_TASK,
    WRITTEN_OUT_OF_ORDER,
    entries_by_task,
    journal_groups,
)
from civledger.journal.layered import Layered
from civledger.journal.lifecycle import Status
from civledger.journal.measures import RollUpPlan, roll_up, roll_up_plan, subtask_figures
from civledger.journal.sweep import (
    NEXT_STATUS,
    NOT_ALLOWED,
    STATUS_COUNT,
    STATUSES,
    LocalDays,
    Swept,
    sweep,
)
from civledger.model import Action, Ledger, Task
from civledger.model.arguments import DayLike, as_ledger, as_optional_day, as_text
from civledger.model.journal_columns import ACTIONS, NO_ID, instant_of

__all__ = [
    "ENTRIES_BY_TASK",
    "STATES",
    "WRITTEN_OUT_OF_ORDER",
    "Fold",
    "States",
    "TaskState",
    "end_of_day",
    "entries_by_task",
    "progress_figures",
    "rolled_up",
    "state",
    "states",
    "with_roll_ups",
]


def rolled_up(state: TaskState, plan: RollUpPlan, lookup: Mapping[str, TaskState]) -> TaskState:
    """``state`` (of a roll-up parent) with its rolling measures computed from the states
    of its subtasks in ``lookup`` (the same day's)."""
    measures = roll_up(state.measures, subtask_figures(plan, state.task, lookup))
    if measures == state.measures:
        return state
    percent, quantity = state.percent, state.quantity
    primary = measures[0]
    if primary.target.roll_up is not None:
        if primary.done is not None:
            percent, quantity = primary.percent, primary.done
        else:
            quantity = None
    return attrs.evolve(state, measures=measures, percent=percent, quantity=quantity)


def with_roll_ups(ledger: Ledger, found: dict[str, TaskState]) -> dict[str, TaskState]:
    """The states of one day with every roll-up computed, subtasks first (in place)."""
    plan = roll_up_plan(ledger)
    for parent in plan.order:
        state = found.get(parent)
        if state is not None:
            found[parent] = rolled_up(state, plan, found)
    return found


class States(Mapping[str, TaskState]):
    """The state of every task at the end of a day; each built when it is asked for.

    It reads like a dict from task id to :class:`TaskState`, in the order of the
    ledger's tasks. The pass that made it found each task's status and due date
    in force (:meth:`due_in_force` reads them without building a state); a task's
    whole state is folded from its own entries the first time it is asked for,
    and kept.
    """

    __slots__ = (
        "_built",
        "_changed",
        "_cutoff",
        "_day",
        "_groups",
        "_index",
        "_journal",
        "_ledger",
        "_limit",
        "_lock",
        "_misses",
        "_plan",
        "_ranks",
        "_swept_once",
        "_zone",
    )

    def __init__(
        self,
        ledger: Ledger,
        day: date,
        swept: Swept | None,
        changed: Mapping[str, TaskState] | None = None,
        built: dict[str, TaskState] | None = None,
    ) -> None:
        self._ledger = ledger
        # The journal as it is now (the deprecated civledger.append changes a ledger's).
        self._journal = ledger.journal
        self._groups = journal_groups(ledger)
        self._day = day
        self._swept_once: Swept | None = swept  # None: the pass is made when a status is first read
        self._zone: tzinfo = ledger.campaign.zone()
        self._cutoff = end_of_day(day, self._zone)
        self._limit = instant_of(self._cutoff)
        self._index: Mapping[str, Task] = ledger.index("tasks")
        self._plan: RollUpPlan | None = None
        self._ranks: dict[str, int] | None = None
        self._changed: Mapping[str, TaskState] = changed or {}
        self._built: dict[str, TaskState] = {} if built is None else built
        self._lock = threading.Lock()
        self._misses = 0

    def with_state(self, task_id: str, found: TaskState) -> States:
        """These states with the one of ``task_id`` replaced (this mapping is unchanged)."""
        return States(
            self._ledger,
            self._day,
            self._swept_once,
            Layered(self._changed).with_item(task_id, found),
            self._built,
        )

    @property
    def _swept(self) -> Swept:
        """The pass that found each task's status and due date in force (made once)."""
        swept = self._swept_once
        if swept is None:
            swept = sweep(self._ledger, self._day)
            with self._lock:
                if self._swept_once is None:
                    self._swept_once = swept
                swept = self._swept_once
        return swept

    def __getitem__(self, task_id: str) -> TaskState:
        changed = self._changed.get(task_id)
        if changed is not None:
            return changed
        found = self._built.get(task_id)
        if found is not None:
            return found
        task = self._index.get(task_id)
        if task is None:
            raise KeyError(task_id)
        self._misses += 1
        if self._misses == min(_FILL_AFTER, len(self._index) // 16 + 1):
            # Whoever asks this many states asks them all (a report, a query): the rest
            # are folded in one pass, which costs less than folding them one by one.
            self.fill()
            found = self._built.get(task_id)
            if found is not None:
                return found
        plan = self._plan
        if plan is None:
            plan = self._plan = roll_up_plan(self._ledger)
        made = self._rolled(task, plan) if task_id in plan.subtasks else self._folded(task)
        with self._lock:
            return self._built.setdefault(task_id, made)

    def values(self) -> ValuesView[TaskState]:
        self.fill()
        return super().values()

    def items(self) -> ItemsView[str, TaskState]:
        self.fill()
        return super().items()

    def fill(self) -> None:
        """Build every state not built yet, in one pass (what :meth:`values` does first).

        A task without figures whose entries up to the day are all of the plain kinds
        (no rare field: no amounts, no new due date, no entry id) is folded on the
        columns' integers, as :meth:`Fold.apply_row` folds it, and its date-times made
        once per moment; any other task is folded as when it is asked for alone.

        Examples
        --------
        >>> from civledger import testing
        >>> every = states(testing.small_ledger(), as_of=date(2026, 5, 1))
        >>> every.fill()
        >>> every["T-001"].status.label, every["T-001"].days_open
        ('已交办', 30)
        """
        self._misses = len(self._index)  # no second fill from a state asked on the way
        if len(self._built) >= len(self._index):
            return
        made = _plain_states(self)
        with self._lock:
            built = self._built
            for task_id, found in made.items():
                built.setdefault(task_id, found)
        for task_id in self._index:  # the rest: figures, rare rows, roll-up parents
            if task_id not in built:
                self[task_id]

    def __contains__(self, task_id: object) -> bool:
        try:
            return task_id in self._index
        except TypeError:
            return False

    def __iter__(self) -> Iterator[str]:
        # In the order of the ledger's tasks (the first of several with one id).
        tasks = self._ledger.tasks
        if len(self._ledger.index("tasks")) == len(tasks):
            return (task.id for task in tasks)
        return iter(dict.fromkeys(task.id for task in tasks))

    def __len__(self) -> int:
        return len(self._ledger.index("tasks"))

    def _folded(self, task: Task) -> TaskState:
        """The task's state from its own entries (a roll-up parent: without the roll-up)."""
        columns = self._journal.columns
        limit = self._limit
        instant = columns.instant
        fold = Fold.of(task, self._zone)
        for row in self._groups.rows(task.id):
            if instant[row] >= limit:
                break
            fold.apply_row(columns, row)
        return fold.freeze(self._day, self._zone, self._cutoff)

    def _rolled(self, task: Task, plan: RollUpPlan) -> TaskState:
        """A roll-up parent's state, as :func:`with_roll_ups` computes it: from its subtasks'
        states, rolled up when they come before it in the plan's order."""
        rank = self._ranks
        if rank is None:
            rank = self._ranks = _ranks(plan)
        return rolled_up(self._folded(task), plan, _Before(self, plan, rank[task.id], rank))

    def status(self, task_id: str) -> Status | None:
        """The status of a task (``None`` when the ledger has no such task), without
        building its state."""
        changed = self._changed.get(task_id)
        if changed is not None:
            return changed.status
        if task_id not in self:
            return None
        k = self._journal.columns.task_ids.get(task_id)
        by_row_task = self._swept.by_row_task
        return STATUSES[by_row_task[k] if k is not None and k < len(by_row_task) else 0]

    def due_in_force(self) -> Iterator[tuple[int, Status, date | None]]:
        """For each task of ``ledger.tasks`` (by position): its status and the due date in
        force, without building its state."""
        tasks = self._ledger.tasks
        status = self._swept.status
        due = self._swept.due
        changed = self._changed
        for position, task in enumerate(tasks):
            if changed and task.id in changed:
                found = changed[task.id]
                yield position, found.status, found.due
            elif position in due:
                yield position, STATUSES[status[position]], due[position]
            else:
                yield position, STATUSES[status[position]], task.due


class _Before(Mapping[str, TaskState]):
    """The states a roll-up parent reads: subtasks rolled up when they come before it."""

    def __init__(
        self, states: States, plan: RollUpPlan, limit: int, rank: Mapping[str, int]
    ) -> None:
        self._states = states
        self._plan = plan
        self._limit = limit
        self._rank = rank

    def __getitem__(self, task_id: str) -> TaskState:
        place = self._rank.get(task_id)
        if place is None or place < self._limit:
            return self._states[task_id]
        changed = self._states._changed.get(task_id)
        if changed is not None:
            return changed
        task = self._states._ledger.index("tasks").get(task_id)
        if task is None:
            raise KeyError(task_id)
        return self._states._folded(task)

    def __iter__(self) -> Iterator[str]:
        return iter(self._states)

    def __len__(self) -> int:
        return len(self._states)


_FILL_AFTER = 4096
"""States asked one by one before :meth:`States.fill` builds the rest, in a big ledger
(with fewer than 16 times as many tasks, after a sixteenth of them)."""

_ASSIGN, _PROGRESS, _REPORT, _REJECT, _SIGN_OFF, _REOPEN, _EXTEND, _CANCEL = (
    ACTIONS.index(action)
    for action in (
        Action.ASSIGN,
        Action.PROGRESS,
        Action.REPORT,
        Action.REJECT,
        Action.SIGN_OFF,
        Action.REOPEN,
        Action.EXTEND,
        Action.CANCEL,
    )
)


def _plain_states(states: States) -> dict[str, TaskState]:
    """The states of the tasks :meth:`States.fill` folds on the columns' integers (tasks
    neither built yet nor changed, without figures, every entry up to the day plain).

    What each action changes is :meth:`Fold._step`'s, on rows instead of date-times;
    then :meth:`Fold.freeze` without figures. Each moment's date-time is made once
    (for its zone, as :meth:`JournalColumns.at` makes it).
    """
    ledger = states._ledger
    groups = states._groups
    columns = states._journal.columns
    bounds, order = groups.bounds, groups.order
    instant, action, by_column, rare = columns.instant, columns.action, columns.by, columns.rare
    zone_column, percent_column, quantity_column = columns.zone, columns.percent, columns.quantity
    task_ids, names = columns.task_ids, columns.names
    known = len(bounds) - 1
    limit = states._limit
    day = states._day
    local = LocalDays(states._zone)
    moments: dict[tuple[int, int], datetime] = {}
    made_at = columns.at

    def at(row: int) -> datetime:
        key = (instant[row], zone_column[row])
        found = moments.get(key)
        if found is None:
            found = moments[key] = made_at(row)
        return found

    built, changed, index = states._built, states._changed, states._index
    plan = states._plan
    if plan is None:
        plan = states._plan = roll_up_plan(ledger)
    parents = plan.subtasks
    actions = len(ACTIONS)
    new = STATUSES.index(Status.NEW)
    out: dict[str, TaskState] = {}
    for task in ledger.tasks:
        task_id = task.id
        if (
            task.target is not None
            or task_id in built
            or task_id in changed
            or task_id in parents
            or index.get(task_id) is not task
        ):
            continue
        k = task_ids.get(task_id)
        lo = hi = 0
        if k is not None and k < known:
            lo, hi = bounds[k], bounds[k + 1]
        code = new
        # Rows (-1: none) where the fold's date-times come from.
        since = assigned = reported = signed = closed = progressed = stated = counted = -1
        signer = NO_ID
        extensions = relapses = rejections = 0
        plain = True
        for i in range(lo, hi):
            row = order[i]
            if instant[row] >= limit:
                break
            act = action[row]
            if act >= actions or row in rare:
                plain = False
                break
            after = NEXT_STATUS[act * STATUS_COUNT + code]
            if after == NOT_ALLOWED:
                continue
            if act == _ASSIGN:
                if assigned < 0:
                    assigned = row
            elif act == _PROGRESS:
                progressed = row
                figure = percent_column[row]
                if figure == figure:  # NaN: none given
                    stated = row
                figure = quantity_column[row]
                if figure == figure:
                    counted = row
            elif act == _REPORT:
                reported = row
            elif act == _REJECT:
                rejections += 1
            elif act == _SIGN_OFF:
                signed = closed = row
                signer = by_column[row]
            elif act == _REOPEN:
                relapses += 1
                signed = closed = -1
                signer = NO_ID
            elif act == _EXTEND:
                extensions += 1
            elif act == _CANCEL:
                closed = row
            if after != code:
                code = after
                since = row
        if not plain:
            continue
        days_open = None
        if assigned >= 0:
            end = local(instant[closed]) if closed >= 0 else day
            days_open = max((end - local(instant[assigned])).days, 0)
        due = task.due
        late = signed >= 0 and due is not None and local(instant[signed]) > due
        percent = percent_column[stated] if stated >= 0 else None
        shown = None
        if stated >= 0 and (counted < 0 or instant[stated] >= instant[counted]):
            shown = percent  # a percent stated, not made stale by a later amount
        out[task_id] = state_of_fields(
            [
                task_id,
                STATUSES[code],
                shown,
                quantity_column[counted] if counted >= 0 else None,
                due,
                extensions,
                relapses,
                rejections,
                at(assigned) if assigned >= 0 else None,
                at(reported) if reported >= 0 else None,
                at(signed) if signed >= 0 else None,
                names[signer] if signer != NO_ID else None,
                at(closed) if closed >= 0 else None,
                days_open,
                late,
                percent,
                (),
                at(progressed) if progressed >= 0 else None,
                at(since) if since >= 0 else None,
            ]
        )
    return out


def _ranks(plan: RollUpPlan) -> dict[str, int]:
    return {parent: i for i, parent in enumerate(plan.order)}


STATES = "states"
"""The memo key (with the date) of :func:`states` (a journal writer carries it forward)."""


def states(ledger: Ledger, as_of: DayLike | None = None) -> States:
    """The state of every task at the end of a day, in one pass.

    Without ``as_of``: the ledger's ``campaign.as_of`` if it states one, else today.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> every = civledger.states(testing.small_ledger(), as_of=date(2026, 5, 1))
    >>> every["T-001"].status.label, every["T-001"].days_open
    ('已交办', 30)
    >>> civledger.states(testing.small_ledger(), as_of=date(2026, 3, 1))["T-001"].status.label
    '未交办'
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    return ledger.memo((STATES, day), lambda: States(ledger, day, None), journal=True, dated=True)


def state(ledger: Ledger, task_id: str, as_of: DayLike | None = None) -> TaskState:
    """The state of one task at the end of a day (by default as :func:`states`).

    Raises
    ------
    UnknownIdError
        When the ledger has no such task.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> civledger.state(testing.small_ledger(), "P-001", as_of=date(2026, 5, 11)).status.label
    '已交办'
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    task_id = as_text(task_id, "task_id")
    task = ledger.task(task_id)
    return states(ledger, as_of)[task.id]
