"""The query layer: tasks and problems as rows, filtered, as of any date.

:func:`query` is how analysts build their own reports: it returns a
:class:`~civledger.reports.table.Table` with one row per task, every derived
value (status, due date in force, progress of the primary measure — percent
done, done, remaining, met —, overdue, days open, relapses, extensions, the
street and community that hold it) computed as of a date. Take the rows
as plain dicts (``to_rows()``), as a DataFrame (``to_frame()``), or render
the table as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from civledger.graph.tree import unit_tree
from civledger.i18n import N_, _, localized, ngettext
from civledger.journal.lifecycle import Status
from civledger.journal.state import TaskState, states
from civledger.model import Ledger, Level, Phase, Task, TaskKind
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.scope import (
    ancestor_at,
    check_unit,
    level_matches,
    parse_level,
    place_of,
    served_nodes,
    standard_keys,
)
from civledger.reports.table import Cell, Column, Table

__all__ = ["QUERY_COLUMNS", "query", "task_row"]

QUERY_COLUMNS: tuple[Column, ...] = (
    Column(key="id", label=N_("ID")),
    Column(key="title", label=N_("Title")),
    Column(key="kind", label=N_("Kind code"), category=True),
    Column(key="kind_label", label=N_("Kind"), category=True),
    Column(key="phase", label=N_("Phase code"), category=True),
    Column(key="phase_label", label=N_("Phase"), category=True),
    Column(key="lead", label=N_("Lead unit id"), category=True),
    Column(key="lead_name", label=N_("Lead unit"), category=True),
    Column(key="place", label=N_("Place id"), category=True),
    Column(key="place_name", label=N_("Place"), category=True),
    Column(key="street", label=N_("Street (town) id"), category=True),
    Column(key="street_name", label=N_("Street (town)"), category=True),
    Column(key="community", label=N_("Community (village) id"), category=True),
    Column(key="community_name", label=N_("Community (village)"), category=True),
    Column(key="standards", label=N_("Standards")),
    Column(key="due", label=N_("Due"), kind="date"),
    Column(key="ongoing", label=N_("Ongoing"), kind="bool"),
    Column(key="status", label=N_("Status code"), category=True),
    Column(key="status_label", label=N_("Status"), category=True),
    Column(key="percent", label=N_("Progress"), kind="number", digits=0),
    Column(key="stated_percent", label=N_("Stated percent"), kind="number", digits=1),
    Column(key="target", label=N_("Target")),
    Column(key="done", label=N_("Done"), kind="number"),
    Column(key="remaining", label=N_("Remaining"), kind="number"),
    Column(key="met", label=N_("Target met"), kind="bool"),
    Column(key="overdue", label=N_("Overdue"), kind="bool"),
    Column(key="days_overdue", label=N_("Days overdue"), kind="int"),
    Column(key="days_open", label=N_("Days open"), kind="int"),
    Column(key="signed_off", label=N_("Signed off on"), kind="date"),
    Column(key="late", label=N_("Signed off late"), kind="bool"),
    Column(key="relapses", label=N_("Relapses"), kind="int"),
    Column(key="extensions", label=N_("Extensions"), kind="int"),
    Column(key="rejections", label=N_("Rejections"), kind="int"),
)
"""The columns of a query result, in order (labels are messages: see
:func:`~civledger.reports.columns.worded`). Codes, labels and units are ``category``
columns: dictionaries in Arrow (:meth:`~civledger.Table.to_arrow`)."""


def task_row(ledger: Ledger, task: Task, found: TaskState, day: date) -> dict[str, Cell]:
    """One task as a row of :data:`QUERY_COLUMNS`, as of ``day``.

    The ``*_label`` cells name the kind, phase and status in the language of the
    moment (their Chinese labels in Chinese); the codes beside them never change.

    Examples
    --------
    >>> from civledger import testing, states
    >>> from civledger.i18n import use_language
    >>> ledger = testing.small_ledger()
    >>> day = date(2026, 5, 1)
    >>> with use_language("zh"):
    ...     row = task_row(ledger, ledger.task("P-001"), states(ledger, day)["P-001"], day)
    >>> row["street_name"], row["status_label"], row["days_open"]
    ('龙源街道', '已交办', 29)
    """
    units = ledger.index("units")
    place = place_of(task)
    street = ancestor_at(ledger, place, Level.STREET)
    community = ancestor_at(ledger, place, Level.COMMUNITY)
    zone = ledger.campaign.zone()
    overdue = not task.ongoing and found.overdue(day)
    primary = found.primary

    def name(uid: str | None) -> str | None:
        unit = units.get(uid) if uid is not None else None
        return unit.name if unit is not None else None

    return {
        "id": task.id,
        "title": task.title,
        "kind": task.kind.value,
        "kind_label": localized(task.kind),
        "phase": task.phase.value if task.phase is not None else None,
        "phase_label": localized(task.phase) if task.phase is not None else None,
        "lead": task.lead,
        "lead_name": name(task.lead),
        "place": place,
        "place_name": name(place),
        "street": street,
        "street_name": name(street),
        "community": community,
        "community_name": name(community),
        "standards": " ".join(task.standards) or None,
        "due": found.due,
        "ongoing": task.ongoing,
        "status": found.status.value,
        "status_label": localized(found.status),
        "percent": found.percent,
        "stated_percent": found.stated_percent,
        "target": str(primary.target) if primary is not None else None,
        "done": primary.done if primary is not None else found.quantity,
        "remaining": primary.remaining if primary is not None else None,
        "met": primary.met if primary is not None else None,
        "overdue": overdue,
        "days_overdue": (day - found.due).days if overdue and found.due is not None else None,
        "days_open": found.days_open,
        "signed_off": (
            found.signed_off_at.astimezone(zone).date() if found.signed_off_at is not None else None
        ),
        "late": found.late,
        "relapses": found.relapses,
        "extensions": found.extensions,
        "rejections": found.rejections,
    }


def _statuses(status: Status | str | Iterable[Status | str]) -> frozenset[Status]:
    if isinstance(status, Status | str):
        return frozenset({Status.parse(status)})
    return frozenset(Status.parse(s) for s in status)


def query(
    ledger: Ledger,
    *,
    as_of: DayLike | None = None,
    under: str | None = None,
    level: Level | str | None = None,
    phase: Phase | str | None = None,
    status: Status | str | Iterable[Status | str] | None = None,
    standard: str | None = None,
    overdue: bool | None = None,
    kind: TaskKind | str | None = None,
) -> Table:
    """Tasks and problems as of a date, filtered: one row per task, in ledger order.

    Every filter left out (``None``) lets every task through; the others must all hold.

    Parameters
    ----------
    as_of
        The date the state is taken at (the end of that day); by default the ledger's
        ``campaign.as_of``, else today.
    under
        A unit id: tasks whose place (属地: ``located_in``, else the lead unit) or
        lead unit is that unit or lies below it.
    level
        Tasks whose place is a unit of this level (``street`` holds towns too,
        ``community`` villages; see :func:`~civledger.reports.scope.level_matches`).
    phase, kind
        The task's phase (阶段) and kind (任务 / 问题), by value or Chinese label.
    status
        A status (``signed_off``, ``已销号``…) or several.
    standard
        A framework node (``wmcs-2025:III-1``): tasks serving it or any standard below it.
    overdue
        ``True`` for open tasks past their due date in force, ``False`` for the others.

    Raises
    ------
    UnknownIdError
        For an ``under`` unit or a ``standard`` the ledger does not define.
    ValueError
        For a level, phase, status or kind that names nothing.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/zhecheng.yaml")
    >>> found = civledger.query(ledger, under="zc-cj", kind="problem", status="已销号")
    >>> [(r["id"], r["community_name"]) for r in found.to_rows()][:3]
    [('P-004', '金桥社区'), ('P-006', '滨河社区'), ('P-012', '华园社区')]
    >>> late = civledger.query(ledger, as_of=date(2026, 6, 30), overdue=True)
    >>> len(late), late.to_rows()[0]["days_overdue"]
    (10, 10)
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    every = states(ledger, day)
    tree = unit_tree(ledger)
    top = check_unit(ledger, under) if under is not None else None
    wanted_level = parse_level(level) if level is not None else None
    wanted_phase = Phase.parse(phase) if phase is not None else None
    wanted_kind = TaskKind.parse(kind) if kind is not None else None
    wanted_status = _statuses(status) if status is not None else None
    nodes = standard_keys(ledger, standard) if standard is not None else None
    served = served_nodes(ledger) if nodes is not None else None
    rows: list[dict[str, Cell]] = []
    for task in ledger.tasks:
        found = every.get(task.id)
        if found is None or ledger.index("tasks").get(task.id) is not task:
            continue
        place = place_of(task)
        if top is not None and not (
            (place is not None and tree.contains(top, place))
            or (task.lead is not None and tree.contains(top, task.lead))
        ):
            continue
        if wanted_level is not None:
            unit = tree.units.get(place) if place is not None else None
            if unit is None or not level_matches(unit.level, wanted_level):
                continue
        if wanted_phase is not None and task.phase is not wanted_phase:
            continue
        if wanted_kind is not None and task.kind is not wanted_kind:
            continue
        if wanted_status is not None and found.status not in wanted_status:
            continue
        if nodes is not None and served is not None and not (served[task.id] & nodes):
            continue
        if overdue is not None and (not task.ongoing and found.overdue(day)) is not overdue:
            continue
        rows.append(task_row(ledger, task, found, day))
    return Table(
        title=_("Tasks and problems (as of {day})").format(day=day.isoformat()),
        name="query",
        columns=worded(QUERY_COLUMNS),
        rows=tuple(rows),
        notes=(ngettext("{n} in all", "{n} in all", len(rows)).format(n=len(rows)),),
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
