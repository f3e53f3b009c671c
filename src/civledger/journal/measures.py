"""Progress by measure: what is done against each target, derived from the figures.

A task's measures are its primary ``target`` and its named ``targets``. Each
progress entry may report a figure for some of them — the cumulative amount done
as of the entry (累计完成), or a rate's current value: ``quantity`` for the
primary measure, ``amounts`` for any. A measure's *done* is its latest figure by
time (a :class:`~civledger.Baseline` counts as a figure at the end of its day);
the percent is done ÷ target (over 100 as it is), the remaining gap and whether
the target is met follow from the comparator. A percent typed in an entry is a
*stated* figure: kept, compared (MSR001), never the truth once amounts exist.

A measure declared ``roll_up`` on a parent task is computed from its subtasks as
of the same date: the sum of their figures of that measure (``sum``), or the
number of subtasks signed off (``count``). :func:`roll_up_plan` finds the parents
once per ledger; the states of a date apply it (:func:`civledger.states`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Protocol

import attrs

from civledger.i18n import _
from civledger.journal.lifecycle import Status
from civledger.labels import LabeledEnum
from civledger.model import Comparator, Ledger, RollUp, Target
from civledger.model.quantities import convert, format_amount

__all__ = [
    "PERCENT_TOLERANCE",
    "ROLL_UPS",
    "FigureSource",
    "Figures",
    "MeasureProgress",
    "RollUpPlan",
    "Standing",
    "describe_measures",
    "roll_up",
    "roll_up_plan",
    "subtask_figures",
]


PERCENT_TOLERANCE = 2.0
"""How far, in percentage points, a stated percent may lie from done ÷ target (MSR001),
and how far below 100 a stated percent of a task signed off without figures may be (MSR004):
stated figures are rounded as people say them."""


class FigureSource(LabeledEnum):
    """Where a measure's figure comes from.

    Examples
    --------
    >>> FigureSource.parse("汇总") is FigureSource.ROLL_UP
    True
    """

    JOURNAL = ("journal", "日志")
    BASELINE = ("baseline", "基数")
    ROLL_UP = ("roll_up", "汇总")


@attrs.frozen(kw_only=True)
class MeasureProgress:
    """One measure of a task as of a date: its target and what is done against it.

    Attributes
    ----------
    target
        The measure's :class:`~civledger.Target` (its ``name``, ``unit``, comparator).
    primary
        Whether it is the task's primary measure (the one ``TaskState.percent`` is about).
    done
        The latest figure, in the target's unit: the amount done (累计完成), a rate's
        current value, a roll-up's sum or count; ``None`` before any figure.
    at
        When that figure was reported (a baseline: the end of its day; a roll-up: the
        latest figure or sign-off among the subtasks counted).
    first, first_at
        The earliest figure and when (for the pace); ``None`` for roll-ups.
    source
        Where ``done`` comes from: the journal, the baseline, a roll-up.
    counted
        For a roll-up: the subtasks counted (those with a figure; for ``count``, every
        subtask not cancelled).

    Examples
    --------
    >>> m = MeasureProgress(target=Target.parse("5000 ㎡"), primary=True, done=3200.0)
    >>> round(m.percent, 1), m.remaining, m.met
    (64.0, 1800.0, False)
    """

    target: Target
    primary: bool = False
    done: float | None = None
    at: datetime | None = None
    first: float | None = None
    first_at: datetime | None = None
    source: FigureSource | None = None
    counted: int | None = None

    @property
    def name(self) -> str | None:
        """The measure's name (``None`` for a primary measure without one)."""
        return self.target.name

    @property
    def unit(self) -> str | None:
        """The target's unit, as written."""
        return self.target.unit

    @property
    def percent(self) -> float | None:
        """done ÷ target × 100 (over 100 as it is); ``None`` without a figure or for a ceiling."""
        return None if self.done is None else self.target.percent_of(self.done)

    @property
    def remaining(self) -> float | None:
        """How far from meeting the target, in its unit (0 once met); ``None`` without a figure."""
        return None if self.done is None else self.target.gap(self.done)

    @property
    def met(self) -> bool | None:
        """Whether the target is met; ``None`` without a figure."""
        return None if self.done is None else self.target.met(self.done)


def _baseline_start(target: Target, zone: tzinfo) -> tuple[float, datetime] | None:
    # The end of the baseline's day, as an instant: entries from then on supersede it.
    baseline = target.baseline
    if baseline is None or baseline.value is None:
        return None
    value = baseline.value
    if baseline.unit is not None:
        converted = convert(value, baseline.unit, target.unit)
        if converted is None:
            return None  # MSR007 reports it
        value = converted
    return value, _end_of_day(baseline.as_of, zone)


def _end_of_day(day: date, zone: tzinfo) -> datetime:
    # As civledger.journal.state.end_of_day (which this module cannot import: state uses it).
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)


class Figures:
    """The figures of one task's measures while its entries are applied in time order.

    Internal to the fold (:class:`~civledger.journal.state.Fold`): it keeps, per
    measure, the first and the latest figure reported by the journal, and the
    baseline, and answers what was done as of any moment.
    """

    __slots__ = ("_index", "starts", "stated", "targets", "values")

    def __init__(self, targets: tuple[Target, ...], zone: tzinfo) -> None:
        self.targets = targets
        # Per measure: [first value, first at, latest value, latest at], or None.
        self.values: list[list[Any] | None] = [None] * len(targets)
        self.stated: tuple[float, datetime] | None = None
        self._index: dict[str, int] = {}
        if len(targets) == 1 and targets[0].baseline is None:  # the common case, kept cheap
            self.starts: tuple[tuple[float, datetime] | None, ...] = (None,)
            if targets[0].name is not None:
                self._index[targets[0].name] = 0
            return
        self.starts = tuple(_baseline_start(t, zone) for t in targets)
        baseline = targets[0].baseline
        # The percent the primary measure's baseline states, and the instant it holds from.
        if baseline is not None and baseline.percent is not None:
            self.stated = (baseline.percent, _end_of_day(baseline.as_of, zone))
        for i, target in enumerate(targets):
            if target.name is not None:
                self._index.setdefault(target.name, i)  # the primary wins a repeated name

    def index(self, measure: str | None) -> int | None:
        """The position of a measure by name (``None``: the primary one), or ``None``."""
        if measure is None:
            return 0
        return self._index.get(measure)

    def record(self, index: int, value: float, at: datetime) -> None:
        """A figure reported for the measure at ``index``."""
        found = self.values[index]
        if found is None:
            self.values[index] = [value, at, value, at]
        else:
            found[2] = value
            found[3] = at

    def latest(self, index: int, moment: datetime) -> tuple[float, datetime, FigureSource] | None:
        """The measure's figure as of ``moment``: the journal's latest, or the baseline when
        it is later (every recorded figure is before ``moment``)."""
        found = self.values[index]
        start = self.starts[index]
        if start is not None and start[1] <= moment and (found is None or found[3] < start[1]):
            return start[0], start[1], FigureSource.BASELINE
        if found is None:
            return None
        return found[2], found[3], FigureSource.JOURNAL

    def progress(self, index: int, moment: datetime) -> MeasureProgress:
        """The measure at ``index`` as of ``moment`` (a roll-up measure: without figures)."""
        target = self.targets[index]
        if target.roll_up is not None:
            return MeasureProgress(target=target, primary=index == 0, source=FigureSource.ROLL_UP)
        latest = self.latest(index, moment)
        if latest is None:
            return MeasureProgress(target=target, primary=index == 0)
        first: tuple[float, datetime] | None = None
        found = self.values[index]
        if found is not None:
            first = (found[0], found[1])
        start = self.starts[index]
        if start is not None and start[1] <= moment and (first is None or start[1] <= first[1]):
            first = start
        return MeasureProgress(
            target=target,
            primary=index == 0,
            done=latest[0],
            at=latest[1],
            first=first[0] if first is not None else None,
            first_at=first[1] if first is not None else None,
            source=latest[2],
        )

    def measures(self, moment: datetime) -> tuple[MeasureProgress, ...]:
        """Every measure as of ``moment``."""
        return tuple(self.progress(i, moment) for i in range(len(self.targets)))


# -- roll-ups ------------------------------------------------------------------------------

ROLL_UPS = "roll_up_plan"
"""The memo key of :func:`roll_up_plan` (an undated view: it reads no journal)."""


@attrs.frozen(kw_only=True)
class RollUpPlan:
    """The parents whose measures roll up, subtasks before parents, and the subtasks of each.

    ``order`` lists the tasks with a ``roll_up`` measure so that a parent comes after
    any of its subtasks that rolls up too; ``subtasks`` maps each of them to the ids of
    its subtasks (the tasks naming it as ``parent``), in ledger order.
    """

    order: tuple[str, ...] = ()
    subtasks: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    def __bool__(self) -> bool:
        return bool(self.order)


def roll_up_plan(ledger: Ledger) -> RollUpPlan:
    """The roll-up parents of a ledger (computed once per ledger, shared by its appends).

    Examples
    --------
    >>> from civledger import testing
    >>> bool(roll_up_plan(testing.small_ledger()))
    False
    """

    def build() -> RollUpPlan:
        index = ledger.index("tasks")
        rolling = [
            t.id
            for t in ledger.tasks
            if t.target is not None
            and index.get(t.id) is t
            and any(x.roll_up is not None for x in t.all_targets)
        ]
        if not rolling:
            return RollUpPlan()
        wanted = set(rolling)
        children: dict[str, list[str]] = {p: [] for p in rolling}
        for task in ledger.tasks:
            if task.parent in wanted and index.get(task.id) is task and task.id != task.parent:
                children[task.parent].append(task.id)
        order: list[str] = []
        state: dict[str, int] = {}  # 1 visiting, 2 done: a loop of parents is cut where found

        def visit(task_id: str) -> None:
            stack = [(task_id, iter(children[task_id]))]
            state[task_id] = 1
            while stack:
                current, pending = stack[-1]
                for child in pending:
                    if child in wanted and child not in state:
                        state[child] = 1
                        stack.append((child, iter(children[child])))
                        break
                else:
                    stack.pop()
                    state[current] = 2
                    order.append(current)

        for parent in rolling:
            if parent not in state:
                visit(parent)
        return RollUpPlan(order=tuple(order), subtasks={p: tuple(c) for p, c in children.items()})

    return ledger.memo(ROLL_UPS, build)


def _matching(target: Target, measures: Sequence[MeasureProgress]) -> MeasureProgress | None:
    """The subtask's measure a parent's measure adds up: the one of the same name, else its
    primary measure."""
    if not measures:
        return None
    if target.name is not None:
        for measure in measures:
            if measure.target.name == target.name:
                return measure
    return measures[0]


class Standing(Protocol):
    """What a roll-up reads of a subtask (a :class:`~civledger.TaskState` is one)."""

    @property
    def status(self) -> Status: ...
    @property
    def signed_off_at(self) -> datetime | None: ...
    @property
    def measures(self) -> tuple[MeasureProgress, ...]: ...


def subtask_figures(
    plan: RollUpPlan, parent: str, lookup: Mapping[str, Standing]
) -> list[tuple[Status, datetime | None, Sequence[MeasureProgress]]]:
    """For :func:`roll_up`: each subtask's status, sign-off and measures, from ``lookup``
    (the states of the subtasks, by id)."""
    out: list[tuple[Status, datetime | None, Sequence[MeasureProgress]]] = []
    for child in plan.subtasks.get(parent, ()):
        found = lookup.get(child)
        if found is not None:
            out.append((found.status, found.signed_off_at, found.measures))
    return out


def roll_up(
    measures: tuple[MeasureProgress, ...],
    subtasks: Iterable[tuple[Status, datetime | None, Sequence[MeasureProgress]]],
) -> tuple[MeasureProgress, ...]:
    """A parent's measures with those that roll up computed from its subtasks.

    ``subtasks`` gives, for each subtask, its status, when it was signed off and its
    measures, all as of the same moment as ``measures``. Cancelled subtasks count for
    nothing. A subtask's figure is added in the parent's unit; one whose unit cannot be
    converted is left out (MSR007 reports it).

    Examples
    --------
    >>> parent = (MeasureProgress(target=Target(quantity=2, unit="条", roll_up=RollUp.COUNT),
    ...                           primary=True),)
    >>> done = (Status.SIGNED_OFF, None, ())
    >>> [(m.done, m.counted) for m in roll_up(parent, [done, (Status.IN_PROGRESS, None, ())])]
    [(1.0, 2)]
    """
    rolled = [m for m in measures if m.target.roll_up is not None]
    if not rolled:
        return measures
    children = [s for s in subtasks if s[0] is not Status.CANCELLED]
    out = []
    for measure in measures:
        target = measure.target
        if target.roll_up is None:
            out.append(measure)
        elif target.roll_up is RollUp.COUNT:
            signed = [s[1] for s in children if s[0] is Status.SIGNED_OFF]
            moments = [m for m in signed if m is not None]
            out.append(
                attrs.evolve(
                    measure,
                    done=float(len(signed)),
                    at=max(moments) if moments else None,
                    source=FigureSource.ROLL_UP,
                    counted=len(children),
                )
            )
        else:
            total, counted, latest = 0.0, 0, None
            for _status, _signed, child in children:
                found = _matching(target, child)
                if found is None or found.done is None:
                    continue
                value = convert(found.done, found.target.unit, target.unit)
                if value is None:
                    continue
                total += value
                counted += 1
                if found.at is not None and (latest is None or found.at > latest):
                    latest = found.at
            out.append(
                attrs.evolve(
                    measure,
                    done=total if counted else None,
                    at=latest,
                    source=FigureSource.ROLL_UP,
                    counted=counted,
                )
            )
    return tuple(out)


# -- in words ------------------------------------------------------------------------------


def _one(measure: MeasureProgress) -> str | None:
    target = measure.target
    if measure.done is None:
        return None
    unit = target.unit or ""
    if unit and unit not in ("%", "％", "‰"):
        unit = f" {unit}"
    if target.is_rate or target.comparator is Comparator.AT_MOST:
        text = _("now {value}{unit} (target {target})").format(
            value=format_amount(measure.done), unit=unit, target=str(target)
        )
    else:
        text = _("done {done}/{target}{unit}").format(
            done=format_amount(measure.done), target=format_amount(target.quantity), unit=unit
        )
        if measure.percent is not None:
            text += _(" ({percent:.1f}%)").format(percent=measure.percent)
    if not measure.primary and target.name:
        return _("{name}: {progress}").format(name=target.name, progress=text)
    return text


def describe_measures(
    measures: Sequence[MeasureProgress], stated: float | None = None
) -> str | None:
    """The progress of a task's measures in words, as 进展情况 is written.

    ``已完成 3,200/5,000 ㎡（64.0%）`` for an amount, ``当前 82%（目标 ≥85 %）`` for a
    rate or a ceiling, further measures by name, joined by ``；``; a task without
    figures shows its stated percent, if any. In the language of the moment.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> m = MeasureProgress(target=Target.parse("5000 ㎡"), primary=True, done=3200.0)
    >>> with use_language("zh"):
    ...     describe_measures([m])
    '已完成 3,200/5,000 ㎡（64.0%）'
    >>> with use_language("en"):
    ...     describe_measures([m]), describe_measures([], stated=55.1)
    ('done 3,200/5,000 ㎡ (64.0%)', '55.1%')
    """
    parts = [text for m in measures if (text := _one(m)) is not None]
    if parts:
        return _("; ").join(parts)
    if stated is not None:
        return f"{stated:g}%"
    return None
