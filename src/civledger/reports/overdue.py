"""The overdue list for supervision (督办): open tasks past due, and the chain that answers."""

from __future__ import annotations

from datetime import date

from civledger.graph.chains import Link, chains
from civledger.graph.tree import unit_tree
from civledger.i18n import N_
from civledger.journal.measures import describe_measures
from civledger.journal.state import states
from civledger.model import Ledger, TaskKind
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import translated
from civledger.reports.scope import check_unit, place_of
from civledger.reports.table import Cell, Column, Table

__all__ = ["OVERDUE_COLUMNS", "chain_text", "overdue_report"]

OVERDUE_COLUMNS: tuple[Column, ...] = (
    Column(key="id", label="编号"),
    Column(key="title", label="名称"),
    Column(key="kind", label="类别"),
    Column(key="lead", label="牵头单位"),
    Column(key="place", label="属地"),
    Column(key="due", label="完成时限", kind="date"),
    Column(key="days", label="逾期天数", kind="int"),
    Column(key="status", label="状态"),
    Column(key="percent", label="进度", kind="number", digits=0),
    Column(key="progress", label=N_("Progress")),
    Column(key="extensions", label="延期", kind="int"),
    Column(key="chain", label="责任链"),
)
"""The columns of :func:`overdue_report`."""


def chain_text(ledger: Ledger, links: tuple[Link, ...] | list[Link]) -> str:
    """A chain as one line of names: ``单位 岗位 姓名`` per link, joined by ``→``.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> chain_text(ledger, civledger.chain(ledger, "T-001", as_of=date(2026, 5, 1)))
    '龙源街道 第一责任人 钱某 → 龙源街道 包挂领导 吴某 → 柘城县 第一责任人 赵某'
    """
    units = ledger.index("units")
    people = ledger.index("people")
    parts = []
    for link in links:
        unit = units.get(link.unit)
        person = people.get(link.person) if link.person is not None else None
        post = link.post.label if link.post is not None else "责任人"
        who = person.name if person is not None else (link.person or "（空缺）")
        parts.append(f"{unit.name if unit is not None else link.unit} {post} {who}")
    return " → ".join(parts)


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
        Only tasks whose place (属地) or lead unit lies at or below this unit.

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
            u is not None and tree.contains(top, u) for u in (place, task.lead)
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
                    "kind": task.kind.label,
                    "lead": lead.name if lead is not None else task.lead,
                    "place": where.name if where is not None else task.located_in,
                    "due": state.due,
                    "days": days,
                    "status": state.status.label,
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
        title=f"逾期督办清单（截至 {day.isoformat()}）",
        name="overdue",
        columns=translated(OVERDUE_COLUMNS),
        rows=rows,
        notes=(
            f"共 {len(rows)} 项逾期未销号；逾期天数自（延期后的）完成时限次日起算；"
            "责任链按属地管理、条块结合列出责任人、包挂领导和各级第一责任人。",
        ),
    )
