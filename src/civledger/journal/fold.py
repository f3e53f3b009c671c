"""A task's state as of a date, and the fold of its entries that makes it.

:class:`Fold` applies a task's entries one by one, in time order (an action the
status does not allow is skipped: the SGN rules report it); :meth:`Fold.freeze`
makes the :class:`TaskState` at the end of a day. The journal pass
(:mod:`civledger.journal.sweep`) and the states of a day
(:func:`civledger.states`) both fold with it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

import attrs

from civledger.journal.lifecycle import TRANSITIONS, Status
from civledger.journal.measures import Figures, MeasureProgress
from civledger.model import Action, Entry, Task
from civledger.model.journal_columns import ACTIONS, NO_ID, JournalColumns
from civledger.model.quantities import convert
from civledger.serialization.builders import slot_builder

__all__ = ["Fold", "TaskState", "end_of_day", "local_date", "progress_figures"]


def end_of_day(day: date, zone: tzinfo) -> datetime:
    """The first instant after ``day`` in ``zone``: entries before it happened by that day.

    Examples
    --------
    >>> from datetime import timezone, timedelta
    >>> end_of_day(date(2026, 6, 30), timezone(timedelta(hours=8))).isoformat()
    '2026-07-01T00:00:00+08:00'
    """
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)


@attrs.frozen(kw_only=True)
class TaskState:
    """Where a task stands on a date.

    Attributes
    ----------
    status
        The status (see :class:`Status`).
    percent, quantity
        Progress of the primary measure: the percent done (done ÷ target × 100, over
        100 as it is) and the amount done (its latest figure, or a rate's current
        value). A percent typed in the journal (``stated_percent``) is shown only while
        no figure can be derived, and never once a later amount makes it stale. A
        task without a target keeps the quantity last reported.
    stated_percent
        The percent last typed in a progress entry (or in the primary measure's
        baseline, when later): a stated figure, compared by MSR001.
    measures
        Every measure of the task (:class:`~civledger.journal.measures.MeasureProgress`),
        the primary first: target, done, percent, remaining, met. Measures that roll
        up are computed from the subtasks' states of the same day.
    progressed_at
        When progress was last reported (进展).
    status_since
        When the status last changed.
    due
        The due date in force: the task's, or the last extension's.
    extensions, relapses, rejections
        How many times it was extended (延期), reopened after sign-off (回潮) and
        sent back (退回).
    assigned_at, reported_at, signed_off_at, signed_off_by
        When it was first assigned, last reported back, and signed off, and who signed.
    late
        Whether it was signed off after the due date in force (逾期销号).
    days_open
        Days from the first assignment to the sign-off (or cancellation), or to
        the date asked about while it is open; ``None`` before assignment.
    """

    task: str
    status: Status = Status.NEW
    percent: float | None = None
    quantity: float | None = None
    due: date | None = None
    extensions: int = 0
    relapses: int = 0
    rejections: int = 0
    assigned_at: datetime | None = None
    reported_at: datetime | None = None
    signed_off_at: datetime | None = None
    signed_off_by: str | None = None
    closed_at: datetime | None = None
    days_open: int | None = None
    late: bool = False
    stated_percent: float | None = None
    measures: tuple[MeasureProgress, ...] = ()
    progressed_at: datetime | None = None
    status_since: datetime | None = None

    @property
    def primary(self) -> MeasureProgress | None:
        """The primary measure (the task's ``target``), if the task has one."""
        return self.measures[0] if self.measures else None

    def measure(self, name: str | None = None) -> MeasureProgress | None:
        """A measure by name (``None``: the primary one), or ``None`` when there is none.

        Examples
        --------
        >>> TaskState(task="T-1").measure("面积") is None
        True
        """
        if name is None:
            return self.primary
        for found in self.measures:
            if found.target.name == name:
                return found
        return None

    @property
    def is_open(self) -> bool:
        """Whether the task still needs work."""
        return self.status.is_open

    def overdue(self, day: date) -> bool:
        """Whether the task is still open after its due date on ``day`` (due day: not late)."""
        return self.status.is_open and self.due is not None and day > self.due


@attrs.define(slots=True)
class Fold:
    """The state of one task while its entries are applied in time order (internal)."""

    task: str
    due: date | None
    status: Status = Status.NEW
    percent: float | None = None
    quantity: float | None = None
    percent_at: datetime | None = None
    quantity_at: datetime | None = None
    progressed_at: datetime | None = None
    status_since: datetime | None = None
    figures: Figures | None = None
    extensions: int = 0
    relapses: int = 0
    rejections: int = 0
    assigned_at: datetime | None = None
    reported_at: datetime | None = None
    signed_off_at: datetime | None = None
    signed_off_by: str | None = None
    sign_off_entry: str | None = None
    closed_at: datetime | None = None

    @classmethod
    def of(cls, task: Task, zone: tzinfo) -> Fold:
        """The fold of a task before its first entry (its measures' baselines read in ``zone``).

        Examples
        --------
        >>> from datetime import timezone
        >>> from civledger import Target
        >>> Fold.of(Task(id="T-1", title="道路", target=Target(quantity=39, unit="条")),
        ...         timezone.utc).figures is not None
        True
        """
        if task.target is None:  # most tasks: nothing measured (further measures need a target)
            return cls(task.id, task.due)
        return cls(task.id, task.due, figures=Figures(task.all_targets, zone))

    def apply(self, entry: Entry) -> bool:
        """Apply an entry (``False``: its action may not follow the status; it is skipped)."""
        after = TRANSITIONS[entry.action].get(self.status)
        if after is None:
            return False
        self._step(entry.action, after, entry.at, entry.by, entry.id, entry.percent, entry.quantity)
        if entry.amounts and entry.action is Action.PROGRESS:
            self._amounts(entry)
        if entry.due is not None and entry.action is Action.EXTEND:
            self.due = entry.due
        return True

    def apply_row(self, columns: JournalColumns, row: int) -> bool:
        """:meth:`apply` the entry of a row of the journal's columns, without building it
        (a row with fields few entries have is built and applied)."""
        code = columns.action[row]
        if row in columns.rare or code >= len(ACTIONS):
            return self.apply(columns.entry(row))
        action = ACTIONS[code]
        after = TRANSITIONS[action].get(self.status)
        if after is None:
            return False
        by = columns.by[row]
        percent: float | None = columns.percent[row]
        quantity: float | None = columns.quantity[row]
        self._step(
            action,
            after,
            columns.at(row),
            columns.names[by] if by != NO_ID else None,
            None,
            None if percent != percent else percent,
            None if quantity != quantity else quantity,
        )
        return True

    def _step(
        self,
        action: Action,
        after: Status,
        at: datetime,
        by: str | None,
        ident: str | None,
        percent: float | None,
        quantity: float | None,
    ) -> None:
        """What an entry allowed by the life cycle changes (its amounts and its new due
        date aside)."""
        if action is Action.ASSIGN:
            if self.assigned_at is None:
                self.assigned_at = at
        elif action is Action.PROGRESS:
            self.progressed_at = at
            if percent is not None:
                self.percent = percent
                self.percent_at = at
            if quantity is not None:
                self.quantity = quantity
                self.quantity_at = at
                if self.figures is not None:
                    self.figures.record(0, quantity, at)
        elif action is Action.REPORT:
            self.reported_at = at
        elif action is Action.REJECT:
            self.rejections += 1
        elif action is Action.SIGN_OFF:
            self.signed_off_at = self.closed_at = at
            self.signed_off_by = by
            self.sign_off_entry = ident
        elif action is Action.REOPEN:
            self.relapses += 1
            self.signed_off_at = self.signed_off_by = self.sign_off_entry = self.closed_at = None
        elif action is Action.EXTEND:
            self.extensions += 1
        elif action is Action.CANCEL:
            self.closed_at = at
        if after is not self.status:
            self.status = after
            self.status_since = at

    def _amounts(self, entry: Entry) -> None:
        figures = self.figures
        for amount in entry.amounts:
            if figures is None:
                if amount.measure is None:  # no target: kept as the quantity
                    self.quantity, self.quantity_at = amount.value, entry.at
                continue
            index = figures.index(amount.measure)
            if index is None:
                continue  # a measure the task does not have: MSR008
            value: float | None = amount.value
            if amount.unit is not None:
                value = convert(amount.value, amount.unit, figures.targets[index].unit)
            if value is not None:  # else units that do not compare: MSR007
                figures.record(index, value, entry.at)

    def stated(self, moment: datetime) -> tuple[float | None, datetime | None]:
        """The percent last stated as of ``moment``: typed in an entry, or in the primary
        measure's baseline when that is later."""
        percent, at = self.percent, self.percent_at
        if self.figures is not None:
            said = self.figures.stated
            if said is not None and said[1] <= moment and (at is None or at < said[1]):
                percent, at = said
        return percent, at

    def measures(self, moment: datetime) -> tuple[MeasureProgress, ...]:
        """The task's measures as of ``moment`` (roll-ups without their subtasks' figures)."""
        return self.figures.measures(moment) if self.figures is not None else ()

    def freeze(self, day: date, zone: tzinfo, moment: datetime | None = None) -> TaskState:
        """The state at the end of ``day`` (``moment``: that end, when the caller has it)."""
        days_open = None
        if self.assigned_at is not None:
            end = local_date(self.closed_at, zone) if self.closed_at is not None else day
            days_open = max((end - local_date(self.assigned_at, zone)).days, 0)
        late = (
            self.signed_off_at is not None
            and self.due is not None
            and local_date(self.signed_off_at, zone) > self.due
        )
        measures: tuple[MeasureProgress, ...] = ()
        if self.figures is None and self.percent_at is None:
            percent, quantity, stated = None, self.quantity, None
        else:
            moment = moment or end_of_day(day, zone)
            measures = self.measures(moment)
            stated, stated_at = self.stated(moment)
            percent, quantity = progress_figures(measures, stated, stated_at, self)
        made: TaskState = _STATE(
            [
                self.task,
                self.status,
                percent,
                quantity,
                self.due,
                self.extensions,
                self.relapses,
                self.rejections,
                self.assigned_at,
                self.reported_at,
                self.signed_off_at,
                self.signed_off_by,
                self.closed_at,
                days_open,
                late,
                stated,
                measures,
                self.progressed_at,
                self.status_since,
            ]
        )
        return made


_STATE_BUILDER = slot_builder(TaskState)
assert _STATE_BUILDER is not None
assert _STATE_BUILDER.names == (
    "task",
    "status",
    "percent",
    "quantity",
    "due",
    "extensions",
    "relapses",
    "rejections",
    "assigned_at",
    "reported_at",
    "signed_off_at",
    "signed_off_by",
    "closed_at",
    "days_open",
    "late",
    "stated_percent",
    "measures",
    "progressed_at",
    "status_since",
)
_STATE = _STATE_BUILDER.build
"""Builds a :class:`TaskState` from its fields in order (a million states are made at once)."""
state_of_fields = _STATE
"""Builds a :class:`TaskState` from the list of its fields in the order of its class."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_HOUR = timedelta(hours=1)
_LOCAL_DAYS: dict[tuple[int, int], tuple[tzinfo, date | None]] = {}
_LOCAL_DAYS_KEPT = 1 << 16


def local_date(moment: datetime, zone: tzinfo) -> date:
    """``moment.astimezone(zone).date()``, found once per hour of moments in each zone.

    A zone read from the time-zone database may convert in Python (dateutil's do): a
    million states ask this three times each.

    Examples
    --------
    >>> from datetime import timezone
    >>> local_date(datetime(2026, 6, 30, 20, tzinfo=UTC), timezone(timedelta(hours=8)))
    datetime.date(2026, 7, 1)
    """
    if type(moment.tzinfo) is not timezone:
        return moment.astimezone(zone).date()  # finding its hour costs as much
    hour = (moment - _EPOCH) // _HOUR
    key = (id(zone), hour)
    found = _LOCAL_DAYS.get(key)
    if found is None or found[0] is not zone:  # a zone since freed may have left its id
        first = (_EPOCH + hour * _HOUR).astimezone(zone)
        last = (_EPOCH + (hour + 1) * _HOUR - timedelta(microseconds=1)).astimezone(zone)
        whole = first.date() == last.date() and first.utcoffset() == last.utcoffset()
        if len(_LOCAL_DAYS) >= _LOCAL_DAYS_KEPT:
            _LOCAL_DAYS.clear()
        found = _LOCAL_DAYS[key] = (zone, first.date() if whole else None)
    day = found[1]
    return day if day is not None else moment.astimezone(zone).date()


def progress_figures(
    measures: tuple[MeasureProgress, ...],
    stated: float | None,
    stated_at: datetime | None,
    fold: Fold | None = None,
) -> tuple[float | None, float | None]:
    """``TaskState.percent`` and ``quantity``: the primary measure's, else what was stated.

    A stated percent stands only until a figure is reported after it: never a stale percent.
    """
    primary = measures[0] if measures else None
    if primary is not None and primary.done is not None:
        return primary.percent, primary.done
    if primary is not None:
        return (stated if stated_at is not None else None), None
    quantity = fold.quantity if fold is not None else None
    quantity_at = fold.quantity_at if fold is not None else None
    if stated_at is not None and (quantity_at is None or stated_at >= quantity_at):
        return stated, quantity
    return None, quantity
