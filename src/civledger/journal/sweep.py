"""The journal pass over the columns: every task's status as of a day, and the verdicts.

A million tasks with two or three entries each: the pass reads the journal's
columns (:mod:`civledger.model.journal_store`) task by task, in time order, with
small integers for the statuses and actions and microseconds for the moments,
and builds no entry and no state for a task that breaks no rule. For each task
it keeps what the columnar rules read — the status at the end of the day and
the due date in force — and the states themselves are built when asked for
(:class:`~civledger.journal.state.States`).

When the pass judges (:func:`sweep` with a :class:`~civledger.journal.audit.Judge`),
a task whose entries are all of the common kinds (交办, 认领, 进展, 反馈, 复查, 销号) is
first read quickly: every check that could find something is made on the columns,
and a task that passes them all has no verdict. Any other task — one entry that may
break a rule, an action of the rarer kinds, figures beyond one plain target, entries
out of time order, an unknown task — is judged entry by entry by the judge itself,
on entries built from its rows, exactly as an append is judged. So the fast reading
only ever decides that a task has nothing to report; what is reported, and how, is
the judge's alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

import attrs

from civledger.graph.posts import post_index
from civledger.i18n import N_
from civledger.journal.fold import Fold, end_of_day
from civledger.journal.groups import JournalGroups, entries_by_task, journal_groups
from civledger.journal.lifecycle import TRANSITIONS, Status
from civledger.journal.measures import PERCENT_TOLERANCE
from civledger.model import Action, Comparator, Ledger, Task, TaskKind
from civledger.model.journal_columns import ACTIONS, EPOCH, NO_ID, JournalColumns, instant_of
from civledger.progress import NullProgress, Progress

if TYPE_CHECKING:
    from civledger.journal.audit import Judge, Verdict

__all__ = ["NEXT_STATUS", "NOT_ALLOWED", "STATUSES", "STATUS_COUNT", "LocalDays", "Swept", "sweep"]

STATUSES: tuple[Status, ...] = tuple(Status)
"""The statuses in the order of their codes in :attr:`Swept.status`."""

_CODE = {status: code for code, status in enumerate(STATUSES)}
_NEW = _CODE[Status.NEW]
_REPORTED = _CODE[Status.REPORTED]
NOT_ALLOWED = 255
STATUS_COUNT = len(STATUSES)
# next status by action code * STATUS_COUNT + status code (255: the action may not follow)
NEXT_STATUS = bytearray([NOT_ALLOWED]) * (256 * STATUS_COUNT)
for _action in ACTIONS:
    for _before, _after in TRANSITIONS[_action].items():
        NEXT_STATUS[ACTIONS.index(_action) * STATUS_COUNT + _CODE[_before]] = _CODE[_after]

_A = {action: ACTIONS.index(action) for action in ACTIONS}
_ASSIGN, _CLAIM, _PROGRESS = _A[Action.ASSIGN], _A[Action.CLAIM], _A[Action.PROGRESS]
_REPORT, _RECHECK, _SIGN_OFF = _A[Action.REPORT], _A[Action.RECHECK], _A[Action.SIGN_OFF]
_EXTEND = _A[Action.EXTEND]
_PLAIN = frozenset({_ASSIGN, _CLAIM, _PROGRESS, _REPORT, _RECHECK, _SIGN_OFF})
_PLAIN_FIELDS = frozenset({"id", "note"})  # what a row may carry and stay plain (and evidence)
_EPSILON = 1e-9  # as the judge compares figures (civledger.journal.audit)
_HOUR = 3_600_000_000
_FAR_PAST = -(2**62)
_UNKNOWN = 2**62  # a moment after every moment: the person's post is looked up
_NEVER = 2**62 - 1  # no open-ended post: the judge looks closer
_UNSEEN = object()


@attrs.frozen
class Swept:
    """What one pass found: the verdicts (by journal index, in order) and, for each task
    of ``ledger.tasks`` by position, the code of its status (:data:`STATUSES`) and its
    due date in force where an extension changed it; ``by_row_task`` gives the status
    code of each task of the journal columns' table of tasks (by its index there)."""

    verdicts: list[tuple[int, Verdict]]
    status: bytearray
    due: dict[int, date | None]
    by_row_task: bytearray = attrs.field(factory=bytearray)


class LocalDays:
    """The campaign-local date of instants, computed once per hour of them."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.hours: dict[int, date | None] = {}

    def __call__(self, instant: int) -> date:
        hour = instant // _HOUR
        if hour in self.hours:
            day = self.hours[hour]
        else:
            day = self.hours[hour] = self._whole_hour(hour)
        if day is None:  # a local midnight or a change of offset within the hour
            return (EPOCH + timedelta(microseconds=instant)).astimezone(self.zone).date()
        return day

    def _whole_hour(self, hour: int) -> date | None:
        try:
            first = (EPOCH + timedelta(microseconds=hour * _HOUR)).astimezone(self.zone)
            last = (EPOCH + timedelta(microseconds=(hour + 1) * _HOUR - 1)).astimezone(self.zone)
        except (OverflowError, ValueError):
            return None
        if first.date() != last.date() or first.utcoffset() != last.utcoffset():
            return None
        return first.date()


def sweep(
    ledger: Ledger, day: date, judge: Judge | None = None, progress: Progress | None = None
) -> Swept:
    """One pass over the journal up to the end of ``day``: each task's status and due date
    in force, and, with a ``judge``, every verdict on the entries.

    Examples
    --------
    >>> from civledger import testing
    >>> swept = sweep(testing.small_ledger(), date(2026, 6, 1))
    >>> [STATUSES[code].value for code in swept.status], swept.verdicts
    (['assigned', 'assigned'], [])
    """
    return _Pass(ledger, day, judge, progress or NullProgress()).run()


class _Pass:
    def __init__(self, ledger: Ledger, day: date, judge: Judge | None, progress: Progress) -> None:
        self.ledger = ledger
        self.judge = judge
        self.progress = progress
        self.zone = ledger.campaign.zone()
        self.cutoff = instant_of(end_of_day(day, self.zone))
        self.groups: JournalGroups = journal_groups(ledger)
        self.columns: JournalColumns = ledger.journal.columns
        self.index: Mapping[str, Task] = ledger.index("tasks")
        self.verdicts: list[tuple[int, Verdict]] = []
        self.status = bytearray(len(ledger.tasks))
        self.due: dict[int, date | None] = {}
        if judge is not None:
            self._prepare(judge)

    def _prepare(self, judge: Judge) -> None:
        people = judge.people
        self.known = [name in people and name != "" for name in self.columns.names]
        # Per person (by index): from which instant they hold an open-ended post (_UNKNOWN:
        # not looked up yet), and how they stand once their posts no longer change.
        self.since: list[int] = [_UNKNOWN] * len(self.columns.names)
        self.stable: list[Any] = [_UNSEEN] * len(self.columns.names)
        self.days = LocalDays(judge.zone)
        self.evidence = {kind: judge.evidence_minimum(kind) for kind in TaskKind}

    # -- the pass -----------------------------------------------------------------------
    def run(self) -> Swept:
        tasks = self.ledger.tasks
        index = self.index
        bounds = self.groups.bounds
        task_ids = self.columns.task_ids
        known = len(bounds) - 1
        status = self.status
        by_row_task = self.by_row_task = bytearray(known)
        repeated: list[int] = []
        shown = self.progress
        shown.stage(N_("reading the journal"), len(tasks))
        if self.judge is not None:
            self._read_all(repeated)
        else:
            for position, task in enumerate(tasks):
                if not position % 10_000 and position:
                    shown.advance(10_000)
                if index.get(task.id) is not task:
                    repeated.append(position)
                    continue
                k = task_ids.get(task.id)
                if k is None or k >= known or bounds[k] == bounds[k + 1]:
                    continue  # no entries: new, due as written
                self._fold_only(position, task, bounds[k], bounds[k + 1])
                by_row_task[k] = status[position]
        if self.judge is not None:
            for k in range(known):
                name = self.columns.tasks[k]
                if bounds[k] < bounds[k + 1] and index.get(name) is None:
                    self._judged(None, None, name, bounds[k], bounds[k + 1])
        if repeated:
            first = self.ledger.position
            for position in repeated:
                original = first("tasks", tasks[position].id)
                assert original is not None
                status[position] = status[original]
                if original in self.due:
                    self.due[position] = self.due[original]
        shown.done()
        self.verdicts.sort(key=_row)
        return Swept(
            verdicts=self.verdicts, status=status, due=self.due, by_row_task=self.by_row_task
        )

    def _fold_only(self, position: int, task: Task, lo: int, hi: int) -> None:
        """The status and the due date in force, as :meth:`Fold.apply` would leave them."""
        order = self.groups.order
        columns = self.columns
        instant, action, rare = columns.instant, columns.action, columns.rare
        cutoff = self.cutoff
        code = _NEW
        due = task.due
        extended = False
        for i in range(lo, hi):
            row = order[i]
            if instant[row] >= cutoff:
                break
            act = action[row]
            after = NEXT_STATUS[act * STATUS_COUNT + code]
            if after == NOT_ALLOWED:
                if act >= len(ACTIONS):
                    self._judged(position, task, task.id, lo, hi, fold_only=True)
                    return
                continue
            if act == _EXTEND:
                new = rare.get(row, {}).get("due")
                if new is not None:
                    due, extended = new, True
            code = after
        self.status[position] = code
        if extended:
            self.due[position] = due

    def _read_all(self, repeated: list[int]) -> None:
        """Judge every task of the ledger: quickly where its entries allow, else entry by
        entry (:meth:`_judged`). One loop, every name it reads bound once: it runs a
        million times."""
        judge = self.judge
        assert judge is not None
        tasks = self.ledger.tasks
        index = self.index
        groups = self.groups
        bounds, order, unsorted = groups.bounds, groups.order, groups.unsorted
        columns = self.columns
        task_ids, names = columns.task_ids, columns.names
        instant, action, rare = columns.instant, columns.action, columns.rare
        by_column, percent, quantity = columns.by, columns.percent, columns.quantity
        evidence = columns.evidence
        known_person = self.known
        since = self.since
        cutoff = self.cutoff
        status, by_row_task = self.status, self.by_row_task
        known = len(bounds) - 1
        hours = self.days.hours
        days = self.days
        minimums = self.evidence
        subtasks = judge.subtasks
        recheck = judge.policy.recheck
        standing, signer = judge.standing, judge.signer
        holds = self._holds
        judged = self._judged
        stable = self.stable
        stable_of = self._stable
        places: dict[tuple[int, date], Any] = {}  # where a person (by index) stood on a day
        signs: dict[tuple[int, str, int], bool] = {}  # may a standing sign for a lead, an action
        unique = len(index) == len(tasks)  # no id given twice: every task is the first
        shown = self.progress
        for position, task in enumerate(tasks):
            if not position % 10_000 and position:
                shown.advance(10_000)
            task_id = task.id
            if not unique and index.get(task_id) is not task:
                repeated.append(position)
                continue
            k = task_ids.get(task_id)
            if k is None or k >= known:
                continue  # no entries: new, due as written
            lo, hi = bounds[k], bounds[k + 1]
            if lo == hi:
                continue
            target = task.target
            if task_id in unsorted or (
                target is not None
                and (task.targets or target.baseline is not None or target.roll_up is not None)
            ):
                judged(position, task, task_id, lo, hi)
                by_row_task[k] = status[position]
                continue
            lead = task.lead
            due = task.due
            minimum = minimums.get(task.kind)
            if minimum is None:
                minimum = judge.evidence_minimum(task.kind)
            code = _NEW
            latest: float | None = None
            stated: float | None = None
            plain = True
            for i in range(lo, hi):
                row = order[i]
                moment = instant[row]
                if moment >= cutoff:
                    break
                act = action[row]
                after = NEXT_STATUS[act * STATUS_COUNT + code]
                if after == NOT_ALLOWED or act not in _PLAIN:
                    plain = False
                    break
                extra = rare.get(row)
                if extra is not None and not _PLAIN_FIELDS.issuperset(extra):
                    plain = False
                    break
                by = by_column[row]
                if by != NO_ID and not known_person[by]:
                    plain = False
                    break
                if act == _SIGN_OFF or act == _RECHECK:  # noqa: SIM109 - two int compares
                    if by == NO_ID:
                        plain = False
                        break
                    day = hours.get(moment // _HOUR)
                    if day is None:
                        day = days(moment)
                    if lead is not None:
                        # Whether one may sign depends on where one stands, the lead unit
                        # and the action only: judged once for each. Most people hold
                        # the same posts all along: where they stand is found once.
                        steady = stable[by]
                        if steady is _UNSEEN:
                            steady = stable[by] = stable_of(by)
                        if steady is not None and day >= steady[0]:
                            verdicts = steady[2] if act == _SIGN_OFF else steady[3]
                            fine = verdicts.get(lead)
                            if fine is None:
                                fine = signer(names[by], day, ACTIONS[act], task) is None
                                verdicts[lead] = fine
                        else:
                            place = places.get((by, day))
                            if place is None:
                                place = places[(by, day)] = standing(names[by], day)
                            fine = signs.get((id(place), lead, act))
                            if fine is None:
                                fine = signer(names[by], day, ACTIONS[act], task) is None
                                signs[(id(place), lead, act)] = fine
                        if not fine:
                            plain = False
                            break
                    elif moment < since[by] and not holds(by, moment):
                        plain = False
                        break
                    if act == _SIGN_OFF and (
                        (code == _REPORTED and recheck)
                        or task_id in subtasks
                        or (due is not None and day > due)
                        or (
                            target is not None
                            and (
                                not target.met(latest)
                                if latest is not None
                                else stated is not None and stated < 100 - PERCENT_TOLERANCE
                            )
                        )
                    ):
                        plain = False
                        break
                else:
                    if by != NO_ID and moment < since[by] and not holds(by, moment):
                        plain = False
                        break
                    if act == _PROGRESS:
                        said = percent[row]
                        figure = quantity[row]
                        if said != said and figure != figure:
                            plain = False  # neither a percent nor a quantity: SGN013
                            break
                        if said == said:
                            if target is not None:
                                plain = False  # a percent beside figures: MSR001 compares
                                break
                            stated = said
                        if target is not None and figure == figure:
                            note = extra.get("note") if extra is not None else None
                            if not (note and note.strip()) and not target.is_rate:
                                if latest is not None and figure < latest - _EPSILON * max(
                                    1.0, latest
                                ):
                                    plain = False
                                    break
                                if target.comparator is Comparator.EXACTLY and (
                                    figure > target.quantity * (1 + _EPSILON)
                                ):
                                    plain = False
                                    break
                            latest = figure
                    elif act == _REPORT and len(evidence.get(row, ())) < minimum:
                        plain = False
                        break
                code = after
            if plain:
                status[position] = code
            else:
                judged(position, task, task_id, lo, hi)
            by_row_task[k] = status[position]

    def _stable(self, by: int) -> tuple[date, Any, dict[str, bool], dict[str, bool]] | None:
        """For a person whose posts all run without end: the day from which they hold them
        all, where they stand from then on, and the signing verdicts (by lead unit) of that
        standing for sign-offs and re-checks, to fill; ``None`` for anyone else."""
        judge = self.judge
        assert judge is not None
        name = self.columns.names[by]
        held = post_index(self.ledger).by_person.get(name, ())
        if any(a.end is not None for a in held):
            return None
        start = max((a.start or date.min for a in held), default=date.min)
        return start, judge.standing(name, start), {}, {}

    def _holds(self, by: int, moment: int) -> bool:
        """Whether the person of a row holds an open-ended post since before ``moment``
        (``False`` also when the judge must look closer)."""
        since = self.since[by]
        if since == _UNKNOWN:
            judge = self.judge
            assert judge is not None
            found = judge.holding_since(self.columns.names[by])
            if found is None:
                since = self.since[by] = _NEVER  # the judge looks closer
            elif found.year == 1:
                since = self.since[by] = _FAR_PAST
            else:
                since = self.since[by] = instant_of(found)
        return moment >= since

    def _judged(
        self,
        position: int | None,
        task: Task | None,
        task_id: str,
        lo: int,
        hi: int,
        *,
        fold_only: bool = False,
    ) -> None:
        """Judge a task entry by entry (and fold it), on entries built from its rows."""
        judge = self.judge
        columns = self.columns
        rows = list(self.groups.order[lo:hi])
        entries = [columns.entry(row) for row in rows]
        previous = self._previous(task_id, rows) if task_id in self.groups.unsorted else {}
        fold = Fold.of(task, self.zone) if task is not None else None
        by_task = entries_by_task(self.ledger) if judge is not None else {}
        cutoff = self.cutoff
        instant = columns.instant
        for row, entry in zip(rows, entries, strict=True):
            if instant[row] >= cutoff:
                break
            if judge is not None and not fold_only:
                for verdict in judge.judge(entry, fold, previous.get(row), by_task):
                    self.verdicts.append((row, verdict))
            if fold is not None:
                fold.apply(entry)
        if position is not None and fold is not None:
            self.status[position] = _CODE[fold.status]
            if task is not None and fold.due != task.due:
                self.due[position] = fold.due

    def _previous(self, task_id: str, rows: list[int]) -> dict[int, datetime]:
        """For each row of a task the journal lists out of time order: the latest time
        among the rows of the task written before it."""
        at = self.columns.at
        last: datetime | None = None
        found: dict[int, datetime] = {}
        for row in sorted(rows):
            moment = at(row)
            if last is not None:
                found[row] = last
            if last is None or moment > last:
                last = moment
        return found


def _row(pair: tuple[int, Any]) -> int:
    return pair[0]
