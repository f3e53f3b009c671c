"""Progress by measure (指标完成进度): target, done, percent, gap, pace, forecast."""

from __future__ import annotations

import math
from datetime import date, timedelta, tzinfo

from civledger.graph.tree import unit_tree
from civledger.i18n import N_, _
from civledger.journal.lifecycle import Status
from civledger.journal.measures import MeasureProgress
from civledger.journal.state import TaskState, states
from civledger.model import Comparator, Ledger, TaskKind
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.scope import check_unit, place_of
from civledger.reports.table import Cell, Column, Table

__all__ = ["MEASURE_COLUMNS", "Outlook", "measure_row", "measures_report", "pace"]

MEASURE_COLUMNS: tuple[Column, ...] = (
    Column(key="id", label=N_("Id")),
    Column(key="title", label=N_("Title")),
    Column(key="lead", label=N_("Lead unit")),
    Column(key="measure", label=N_("Measure")),
    Column(key="target", label=N_("Target")),
    Column(key="unit", label=N_("Unit of measure")),
    Column(key="done", label=N_("Done"), kind="number"),
    Column(key="percent", label=N_("Percent done"), kind="percent"),
    Column(key="remaining", label=N_("Remaining"), kind="number"),
    Column(key="due", label=N_("Due"), kind="date"),
    Column(key="days_left", label=N_("Days left"), kind="int"),
    Column(key="pace_needed", label=N_("Pace needed a day"), kind="number", digits=2),
    Column(key="pace", label=N_("Pace a day"), kind="number", digits=2),
    Column(key="forecast", label=N_("Forecast"), kind="date"),
    Column(key="outlook", label=N_("Outlook")),
)
"""The columns of :func:`measures_report` (labels are English messages, shown translated)."""


class Outlook:
    """The outlook of a measure (the ``outlook`` column), as English messages."""

    MET = N_("met")
    NO_FIGURES = N_("no figures yet")
    ONGOING = N_("ongoing")
    OVERDUE = N_("overdue")
    LATE = N_("cannot finish on time")
    ON_TRACK = N_("on track")


def pace(measure: MeasureProgress, state: TaskState, day: date, zone: tzinfo) -> float | None:
    """The current pace of a measure: its progress a day from its start to ``day``.

    The start is the measure's first figure when a later one exists, else (for an
    amount, not a rate) zero on the day the task was assigned. Progress toward an
    at-most target is a fall. ``None`` when there is nothing to measure it by.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> from civledger import Target
    >>> m = MeasureProgress(target=Target.parse("5000 ㎡"), primary=True, done=3200.0,
    ...                     at=datetime(2026, 5, 1, tzinfo=timezone.utc))
    >>> s = TaskState(task="T-1", assigned_at=datetime(2026, 4, 1, tzinfo=timezone.utc))
    >>> pace(m, s, date(2026, 5, 11), timezone.utc)
    80.0
    """
    if measure.done is None:
        return None
    start = None
    first, first_at, at = measure.first, measure.first_at, measure.at
    if first is not None and first_at is not None and at is not None and first_at < at:
        # The day a figure belongs to ends at or after it: a baseline, which holds from the
        # end of its day (midnight), is the figure of that day.
        start = (first, (first_at.astimezone(zone) - timedelta(microseconds=1)).date())
    if start is None and not measure.target.is_rate and state.assigned_at is not None:
        start = (0.0, state.assigned_at.astimezone(zone).date())
    if start is None:
        return None
    days = (day - start[1]).days
    if days <= 0:
        return None
    moved = measure.done - start[0]
    if measure.target.comparator is Comparator.AT_MOST:
        moved = -moved
    return moved / days


def measure_row(
    ledger: Ledger, task_id: str, measure: MeasureProgress, state: TaskState, day: date
) -> dict[str, Cell]:
    """One measure of a task as a row of :data:`MEASURE_COLUMNS`, as of ``day``.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/district-100-days.yaml")
    >>> state = civledger.state(ledger, "T-03", "2026-06-15")
    >>> row = measure_row(ledger, "T-03", state.primary, state, date(2026, 6, 15))
    >>> row["target"], row["done"], round(row["percent"], 3), row["outlook"]
    ('65.2 公里', 45.6, 0.699, 'on track')
    """
    task = ledger.task(task_id)
    units = ledger.index("units")
    zone = ledger.campaign.zone()
    lead = units.get(task.lead) if task.lead is not None else None
    target = measure.target
    due = None if task.ongoing else state.due
    days_left = (due - day).days if due is not None and state.is_open else None
    remaining = measure.remaining
    gap = remaining if remaining is not None else (None if target.is_rate else target.gap(0.0))
    needed = None
    if gap and days_left is not None and days_left > 0:
        needed = gap / days_left
    current = pace(measure, state, day, zone)
    forecast = None
    if current is not None and current > 0 and gap:
        forecast = day + timedelta(days=math.ceil(gap / current - 1e-9))
    return {
        "id": task.id,
        "title": task.title,
        "lead": lead.name if lead is not None else task.lead,
        "measure": target.name,
        "target": str(target),
        "unit": target.unit,
        "done": measure.done,
        "percent": measure.percent / 100 if measure.percent is not None else None,
        "remaining": remaining,
        "due": due,
        "days_left": days_left,
        "pace_needed": needed,
        "pace": current,
        "forecast": forecast,
        "outlook": _(_outlook(measure, due, days_left, forecast)),
    }


def _outlook(
    measure: MeasureProgress, due: date | None, days_left: int | None, forecast: date | None
) -> str:
    if measure.met:
        return Outlook.MET
    if measure.done is None:
        return Outlook.NO_FIGURES
    if due is None:
        return Outlook.ONGOING
    if days_left is None:
        return Outlook.LATE  # closed short of its target
    if days_left < 0:
        return Outlook.OVERDUE
    if forecast is None or forecast > due:
        return Outlook.LATE
    return Outlook.ON_TRACK


def measures_report(
    ledger: Ledger,
    *,
    as_of: DayLike | None = None,
    under: str | None = None,
    kind: TaskKind | str | None = None,
) -> Table:
    """Every measure of every task as of a date: target, done, percent, gap, pace, forecast.

    One row per measure (the primary one first), for tasks with a target that are
    not cancelled, in ledger order. *done* is the latest figure (累计完成, or a rate's
    current value; a roll-up's sum or count), *percent* done ÷ target (over 100% as
    it is), *remaining* what is still to do (0 once met). *pace needed* is the
    remaining amount over the days left to the due date in force; the current
    *pace* is the progress a day since the first figure (for an amount without an
    earlier figure, since the task was assigned), up to the date; the *forecast* is
    the day that pace reaches the target. The *outlook*: met, on track, cannot
    finish on time (无法按期完成: no pace, or a forecast after the due date),
    overdue, ongoing (长期坚持, not met), or no figures yet.

    Parameters
    ----------
    under
        Only tasks whose place (属地) or lead unit lies at or below this unit.
    kind
        Only tasks (任务) or only problems (问题).

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/district-100-days.yaml")
    >>> table = civledger.measures_report(ledger, as_of="2026-06-15")
    >>> [(r["id"], r["measure"], r["outlook"]) for r in table.to_rows()][6:9]
    [('T-04', None, 'cannot finish on time'), ('T-05', '小区', 'on track'),
     ('T-05', '面积', 'cannot finish on time')]
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    wanted = TaskKind.parse(kind) if kind is not None else None
    every = states(ledger, day)
    tree = unit_tree(ledger)
    top = check_unit(ledger, under) if under is not None else None
    index = ledger.index("tasks")
    rows: list[dict[str, Cell]] = []
    for task in ledger.tasks:
        state = every.get(task.id)
        if state is None or not state.measures or index.get(task.id) is not task:
            continue
        if state.status is Status.CANCELLED:
            continue
        if wanted is not None and task.kind is not wanted:
            continue
        if top is not None and not any(
            u is not None and tree.contains(top, u) for u in (place_of(task), task.lead)
        ):
            continue
        for measure in state.measures:
            rows.append(measure_row(ledger, task.id, measure, state, day))
    late = sum(1 for r in rows if r["outlook"] == _(Outlook.LATE))
    return Table(
        title=_("Progress by measure (as of {day})").format(day=day.isoformat()),
        name="measures",
        columns=worded(MEASURE_COLUMNS),
        rows=rows,
        notes=(
            _("{rows} measures; {late} cannot finish on time at the current pace.").format(
                rows=len(rows), late=late
            ),
            _(
                "percent = done ÷ target; remaining = what is still to do; pace needed = "
                "remaining ÷ days left to the due date in force; pace = progress a day since "
                "the first figure (or since assignment); forecast = the day that pace reaches "
                "the target."
            ),
        ),
    )
