"""The overdue list for supervision (督办): open tasks past due, and the chain that answers."""

from __future__ import annotations

from datetime import date

from civledger.graph.chains import Link, chains
from civledger.graph.places import place_index
from civledger.graph.tree import unit_tree
from civledger.i18n import N_, _, localized, ngettext
from civledger.journal.measures import describe_measures
from civledger.journal.state import states
from civledger.model import Ledger, Task, TaskKind
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.scope import check_unit, place_of
from civledger.reports.table import Cell, Column, Table

__all__ = ["OVERDUE_COLUMNS", "chain_text", "overdue_report"]

OVERDUE_COLUMNS: tuple[Column, ...] = (
    Column(key="id", label=N_("ID")),
    Column(key="title", label=N_("Title")),
    Column(key="kind", label=N_("Kind")),
    Column(key="lead", label=N_("Lead unit")),
    Column(key="place", label=N_("Place")),
    Column(key="due", label=N_("Due"), kind="date"),
    Column(key="days", label=N_("Days overdue"), kind="int"),
    Column(key="status", label=N_("Status")),
    Column(key="percent", label=N_("Progress"), kind="number", digits=0),
    Column(key="progress", label=N_("By measure")),
    Column(key="extensions", label=N_("Extensions"), kind="int"),
    Column(key="chain", label=N_("Responsibility chain")),
)
"""The columns of :func:`overdue_report` (labels are messages: see
:func:`~civledger.reports.columns.worded`)."""


def chain_text(ledger: Ledger, links: tuple[Link, ...] | list[Link]) -> str:
    """A chain as one line of names: ``单位 岗位 姓名`` per link, joined by ``→``.

    Posts are named in the language of the moment. A place's chief reads with the place's
    name (``凯旋路 路长 赵某某``), a group's leader with the group's (``市容环境组 组长 赵某某``).

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> from civledger.i18n import use_language
    >>> ledger = testing.small_ledger()
    >>> with use_language("zh"):
    ...     chain_text(ledger, civledger.chain(ledger, "T-001", as_of=date(2026, 5, 1)))
    '龙源街道 第一责任人 钱某 → 龙源街道 包挂领导 吴某 → 柘城县 第一责任人 赵某'
    """
    units = ledger.index("units")
    people = ledger.index("people")
    places = ledger.index("places")
    groups = ledger.index("groups")
    parts = []
    for link in links:
        if link.place is not None:
            where = getattr(places.get(link.place), "name", link.place)
        elif link.group is not None:
            where = getattr(groups.get(link.group), "name", link.group)
        else:
            where = getattr(units.get(link.unit), "name", link.unit)
        person = people.get(link.person) if link.person is not None else None
        post = localized(link.post) if link.post is not None else _("responsible person")
        who = person.name if person is not None else (link.person or _("(vacant)"))
        parts.append(f"{where} {post} {who}")
    return " → ".join(parts)


def _territory(ledger: Ledger, task: Task) -> tuple[str, ...]:
    """The units whose territory holds the places a task names (none without places)."""
    if not task.places:
        return ()
    territory = place_index(ledger).territory
    return tuple(u for pid in task.places for u in territory.get(pid, ()))


def _places(ledger: Ledger, task: Task) -> str | None:
    """The names of the places a task names, for the 属地 column of a task with no location."""
    if not task.places:
        return task.located_in
    places = ledger.index("places")
    return "、".join(getattr(places.get(pid), "name", pid) for pid in task.places)


def overdue_report(
    ledger: Ledger,
    *,
    as_of: DayLike | None = None,
    under: str | None = None,
    kind: TaskKind | str | None = None,
) -> Table:
    """Open tasks and problems past their due date on a date, most overdue first (督办清单).

    A task is overdue when it is neither signed off nor cancelled at the end of the
    day and the day is after its due date in force (after extensions); ongoing work
    (长期坚持) never is — as PHS009 judges. Each row carries the days overdue, the
    progress derived from the task's measures (percent done, and the amounts in words:
    ``已完成 3,200/5,000 ㎡（64.0%）``; a stated percent while no amount is known) and the
    chain that answers for it on that date (责任链: the person named responsible,
    contract leaders, the lead unit and the units above it, or the territory first
    for a problem handed to a department). Sorted by days overdue (most first), then
    due date, then ledger order.

    Parameters
    ----------
    under
        Only tasks whose place (属地: where they are located, or the territory of the
        places they name) or lead unit lies at or below this unit (an id or a name).

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/zhecheng.yaml")
    >>> table = civledger.overdue_report(ledger, as_of=date(2026, 6, 30))
    >>> [(r["id"], r["days"]) for r in table.to_rows()][:3]
    [('P-018', 14), ('P-023', 14), ('P-026', 13)]
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    wanted = TaskKind.parse(kind) if kind is not None else None
    every = states(ledger, day)
    tree = unit_tree(ledger)
    top = check_unit(ledger, under) if under is not None else None
    units = ledger.index("units")
    found: list[tuple[int, date, int, dict[str, Cell]]] = []
    view = None
    for n, task in enumerate(ledger.tasks):
        state = every.get(task.id)
        if state is None or task.ongoing or not state.overdue(day) or state.due is None:
            continue
        if wanted is not None and task.kind is not wanted:
            continue
        place = place_of(task)
        if top is not None and not any(
            u is not None and tree.contains(top, u)
            for u in (place, task.lead, *_territory(ledger, task))
        ):
            continue
        if view is None:
            view = chains(ledger, day)
        lead = units.get(task.lead) if task.lead is not None else None
        where = units.get(task.located_in) if task.located_in is not None else None
        days = (day - state.due).days
        found.append(
            (
                -days,
                state.due,
                n,
                {
                    "id": task.id,
                    "title": task.title,
                    "kind": localized(task.kind),
                    "lead": lead.name if lead is not None else task.lead,
                    "place": where.name if where is not None else _places(ledger, task),
                    "due": state.due,
                    "days": days,
                    "status": localized(state.status),
                    "percent": state.percent,
                    "progress": describe_measures(state.measures, state.percent),
                    "extensions": state.extensions,
                    "chain": chain_text(ledger, view[task.id]),
                },
            )
        )
    found.sort(key=lambda item: item[:3])
    rows = [item[3] for item in found]
    return Table(
        title=_("Overdue list for supervision (as of {day})").format(day=day.isoformat()),
        name="overdue",
        columns=worded(OVERDUE_COLUMNS),
        rows=rows,
        notes=(
            ngettext(
                "{n} open task past due; days overdue count from the day after the due date "
                "(after extensions); the chain lists, territory first and line alongside, the "
                "person responsible, the contract leaders, the chiefs of roads and sites, each "
                "level's first responsible person, the group leaders and the headquarters.",
                "{n} open tasks past due; days overdue count from the day after the due date "
                "(after extensions); the chain lists, territory first and line alongside, the "
                "person responsible, the contract leaders, the chiefs of roads and sites, each "
                "level's first responsible person, the group leaders and the headquarters.",
                len(rows),
            ).format(n=len(rows)),
        ),
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
