"""Progress by unit (进度通报): tasks, sign-offs, overdue, days to rectify, relapses, extensions."""

from __future__ import annotations

import attrs

from civledger.graph.tree import unit_tree
from civledger.i18n import N_, _
from civledger.journal.lifecycle import Status
from civledger.journal.state import states
from civledger.model import Ledger, Level, TaskKind
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
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
)
"""The columns of :func:`progress_report` (labels are messages: see
:func:`~civledger.reports.columns.worded`)."""


@attrs.define
class _Tally:
    tasks: int = 0
    signed_off: int = 0
    overdue: int = 0
    days: int = 0
    relapses: int = 0
    extensions: int = 0

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
        }


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
        ),
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
