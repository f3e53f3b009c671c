"""Progress by unit (进度通报): tasks, sign-offs, overdue, days to rectify, relapses, extensions,
and the work measured: amounts done against targets, percent done, targets met."""

from __future__ import annotations

import attrs

from civledger.graph.tree import unit_tree
from civledger.i18n import N_, _
from civledger.journal.lifecycle import Status
from civledger.journal.measures import MeasureProgress
from civledger.journal.state import TaskState, states
from civledger.model import Comparator, Ledger, Level, TaskKind
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.model.quantities import convert, format_amount, scale_of
from civledger.reports.columns import worded
from civledger.reports.scope import (
    WHAT,
    ancestor_at,
    check_unit,
    level_title,
    parse_level,
    place_of,
    units_at,
)
from civledger.reports.table import Cell, Column, Table

__all__ = ["PROGRESS_COLUMNS", "progress_report"]

PROGRESS_COLUMNS: tuple[Column, ...] = (
    Column(key="unit", label=N_("ID")),
    Column(key="name", label=N_("Unit")),
    Column(key="tasks", label=N_("Tasks"), kind="int"),
    Column(key="signed_off", label=N_("Signed off"), kind="int"),
    Column(key="rate", label=N_("Sign-off rate"), kind="percent"),
    Column(key="open", label=N_("Open"), kind="int"),
    Column(key="overdue", label=N_("Overdue"), kind="int"),
    Column(key="days", label=N_("Average days to rectify"), kind="number"),
    Column(key="relapses", label=N_("Relapses"), kind="int"),
    Column(key="extensions", label=N_("Extensions"), kind="int"),
    Column(key="measured", label=N_("Tasks with a target"), kind="int"),
    Column(key="percent", label=N_("Average percent done"), kind="percent"),
    Column(key="met", label=N_("Targets met"), kind="int"),
    Column(key="amounts", label=N_("Amounts done")),
)
"""The columns of :func:`progress_report` (labels are messages: see
:func:`~civledger.reports.columns.worded`)."""


@attrs.define
class _Amounts:
    """Amounts done and targeted, summed by dimension, in the first unit seen of each."""

    unit: str | None
    done: float = 0.0
    target: float = 0.0


@attrs.define
class _Tally:
    tasks: int = 0
    signed_off: int = 0
    overdue: int = 0
    days: int = 0
    relapses: int = 0
    extensions: int = 0
    measured: int = 0
    percent: float = 0.0
    met: int = 0
    amounts: dict[str, _Amounts] = attrs.Factory(dict)

    def measure(self, state: TaskState) -> None:
        primary = state.primary
        if primary is None:
            return
        self.measured += 1
        self.percent += _share(primary)
        self.met += primary.met is True
        for measure in state.measures:
            target = measure.target
            if target.is_rate or target.roll_up is not None:
                continue  # rates do not add up; a roll-up's subtasks carry its amounts
            if target.comparator is Comparator.AT_MOST:
                continue  # a ceiling held, not an amount done
            dimension = scale_of(target.unit).dimension
            summed = self.amounts.setdefault(dimension, _Amounts(unit=target.unit))
            done = convert(measure.done or 0.0, target.unit, summed.unit) or 0.0
            summed.done += done
            summed.target += convert(target.quantity, target.unit, summed.unit) or 0.0

    def amounts_text(self) -> str | None:
        parts = [
            f"{format_amount(a.done)}/{format_amount(a.target)}" + (f" {a.unit}" if a.unit else "")
            for a in self.amounts.values()
        ]
        return _("; ").join(parts) if parts else None

    def row(self, unit: str, name: str) -> dict[str, Cell]:
        return {
            "unit": unit,
            "name": name,
            "tasks": self.tasks,
            "signed_off": self.signed_off,
            "rate": self.signed_off / self.tasks if self.tasks else None,
            "open": self.tasks - self.signed_off,
            "overdue": self.overdue,
            "days": self.days / self.signed_off if self.signed_off else None,
            "relapses": self.relapses,
            "extensions": self.extensions,
            "measured": self.measured,
            "percent": self.percent / self.measured if self.measured else None,
            "met": self.met,
            "amounts": self.amounts_text(),
        }


def _share(measure: MeasureProgress) -> float:
    """A primary measure's part of the unit's average: percent done as a fraction, at most 1
    (a measure beyond its target does not hide another's lag); a ceiling counts 1 while held."""
    if measure.done is None:
        return 0.0
    percent = measure.percent
    if percent is None:
        return 1.0 if measure.met else 0.0
    return min(percent / 100, 1.0)


def progress_report(
    ledger: Ledger,
    *,
    level: Level | str = Level.STREET,
    as_of: DayLike | None = None,
    under: str | None = None,
    kind: TaskKind | str | None = None,
) -> Table:
    """Progress of every unit of a level as of a date: one row per unit, in ledger order.

    A task counts for the unit of the level that holds its place (属地: where it is
    located, else its lead unit; a street's row holds the problems of its communities
    and grids). At the ``department`` level a task counts for its lead department.
    Cancelled tasks (已撤销) are left out.

    Columns: tasks (任务), signed off (已销号), the sign-off rate (销号率 = signed off ÷
    tasks), open (未销号), overdue (逾期: open past the due date in force), the average
    days to rectify (平均整改天数: from the first assignment to the sign-off, over the
    tasks signed off), relapses (回潮: reopenings after sign-off) and extensions (延期).
    Then the work measured: the tasks with a target, the average percent done of their
    primary measures (each counted at most 100%; a task without figures counts 0), the
    targets met, and the amounts done against the targets, added up by kind of unit
    (``3,200/5,000 ㎡; 12/39 条``; rates, ceilings and roll-up parents are left out of
    the sums).

    Parameters
    ----------
    level
        ``street`` (streets and towns, the default), ``community`` (communities and
        villages), ``grid``, ``county``, ``department``…
    as_of
        The date (default: the ledger's ``campaign.as_of``, else today).
    under
        Only the units at or below this unit.
    kind
        Only tasks (任务) or only problems (问题).

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/zhecheng.yaml")
    >>> table = civledger.progress_report(ledger, level="street")
    >>> [(r["name"], r["tasks"], r["signed_off"]) for r in table.to_rows()]
    [('龙源街道', 10, 7), ('长江新城街道', 9, 7), ('浦东街道', 7, 5), ('城关镇', 6, 5)]
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    wanted = parse_level(level)
    wanted_kind = TaskKind.parse(kind) if kind is not None else None
    every = states(ledger, day)
    rows = units_at(ledger, wanted)
    if under is not None:
        top = check_unit(ledger, under)
        tree = unit_tree(ledger)
        rows = [u for u in rows if tree.contains(top, u.id)]
    tallies = {u.id: _Tally() for u in rows}
    by_lead = wanted is Level.DEPARTMENT
    for task in ledger.tasks:
        if wanted_kind is not None and task.kind is not wanted_kind:
            continue
        found = every.get(task.id)
        if found is None or found.status is Status.CANCELLED:
            continue
        holder = ancestor_at(ledger, task.lead if by_lead else place_of(task), wanted)
        tally = tallies.get(holder) if holder is not None else None
        if tally is None:
            continue
        tally.tasks += 1
        tally.measure(found)
        tally.relapses += found.relapses
        tally.extensions += found.extensions
        if found.status is Status.SIGNED_OFF:
            tally.signed_off += 1
            tally.days += found.days_open or 0
        elif not task.ongoing and found.overdue(day):
            tally.overdue += 1
    counted = sum(t.tasks for t in tallies.values())
    what = WHAT[wanted_kind]
    level_name = level_title(wanted)
    counted_by = (
        _(
            "{units} units, {count} {what} (cancelled ones left out); each counts for the "
            "department that leads it."
        )
        if by_lead
        else _(
            "{units} units, {count} {what} (cancelled ones left out); each counts for the "
            "{level} holding its place (where it is located, else its lead unit)."
        )
    )
    return Table(
        title=_("Campaign {what} progress by {level} (as of {day})").format(
            what=what, level=level_name, day=day.isoformat()
        ),
        name="progress",
        columns=worded(PROGRESS_COLUMNS),
        rows=[tallies[u.id].row(u.id, u.name) for u in rows],
        notes=(
            counted_by.format(units=len(rows), count=counted, what=what, level=level_name),
            _(
                "Sign-off rate = signed off ÷ tasks; overdue = open past the due date in force "
                "(after extensions); average days to rectify = the average days from the first "
                "assignment to the sign-off, over the tasks signed off."
            ),
            _(
                "Average percent done: over the tasks with a target, their primary measure's "
                "done ÷ target, each at most 100% (none reported: 0); amounts done: done/target "
                "of the amounts, added up by kind of unit."
            ),
        ),
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
