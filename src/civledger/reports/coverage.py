"""Coverage (对标覆盖): which units lead the work on each standard; the standards nobody covers."""

from __future__ import annotations

from collections import defaultdict

from civledger.errors import UnknownIdError
from civledger.i18n import N_, _, join
from civledger.journal.lifecycle import Status
from civledger.journal.state import states
from civledger.model import Ledger
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.table import Cell, Column, Table

__all__ = ["COVERAGE_COLUMNS", "coverage_report", "tasks_by_standard"]

COVERAGE_COLUMNS: tuple[Column, ...] = (
    Column(key="framework", label=N_("Framework")),
    Column(key="code", label=N_("Code")),
    Column(key="title", label=N_("Standard")),
    Column(key="leads", label=N_("Lead units")),
    Column(key="groups", label=N_("Groups")),
    Column(key="tasks", label=N_("Tasks"), kind="int"),
    Column(key="signed_off", label=N_("Signed off"), kind="int"),
    Column(key="open", label=N_("Open"), kind="int"),
    Column(key="covered", label=N_("Claimed"), kind="bool"),
)
"""The columns of :func:`coverage_report` (labels are messages: see
:func:`~civledger.reports.columns.worded`)."""


def tasks_by_standard(ledger: Ledger) -> dict[tuple[str, str], list[str]]:
    """For each standard (framework id, code), the ids of the tasks that serve it, in order.

    A task serves the standards it names (``standards``); a bare code naming several
    frameworks' standards serves each (LDG010 reports it).

    Examples
    --------
    >>> from civledger import testing
    >>> tasks_by_standard(testing.small_ledger())[("wmcs", "I-1-1")]
    ['T-001', 'P-001']
    """
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task in ledger.tasks:
        for ref in task.standards:
            for fw, node in ledger.resolve_standard(ref):
                ids = found[(fw, node.code)]
                if task.id not in ids:
                    ids.append(task.id)
    return dict(found)


def _groups_by_standard(ledger: Ledger) -> dict[tuple[str, str], list[str]]:
    """The groups of each standard: those that list it or an item above it (inherited)."""
    below: dict[tuple[str, str], list[str]] = {}
    for fw in ledger.frameworks:
        children: dict[str, list[str]] = defaultdict(list)
        for node in fw.nodes:
            if node.parent is not None and node.parent != node.code:
                children[node.parent].append(node.code)
        for node in fw.nodes:
            leaves: list[str] = []
            stack, seen = [node.code], set()
            while stack:
                code = stack.pop()
                if code in seen:
                    continue
                seen.add(code)
                kids = children.get(code, [])
                if not kids:
                    leaves.append(code)
                stack.extend(reversed(kids))
            below[(fw.id, node.code)] = leaves
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group in ledger.groups:
        for ref in group.standards:
            for fid, found in ledger.resolve_standard(ref):
                for code in below.get((fid, found.code), [found.code]):
                    if group.name not in groups[(fid, code)]:
                        groups[(fid, code)].append(group.name)
    return groups


def coverage_report(
    ledger: Ledger,
    *,
    as_of: DayLike | None = None,
    uncovered_only: bool = False,
    framework: str | None = None,
) -> Table:
    """Every standard with the lead units and groups that cover it, and its tasks' progress.

    A standard is covered when at least one task (not cancelled) serves it; its lead
    units (牵头单位) are those tasks' leads, in ledger order, and its groups (专业组)
    the specialist groups that list it or an item above it (a group for 城市管理
    covers every standard under it). Standards nobody covers are flagged (有人认领:
    否) and listed in the notes — the same standards OWN006 reports. With
    ``uncovered_only`` the table holds only them; with ``framework``, only the
    standards of that title (a task serving standards of several titles counts in
    each).

    Raises
    ------
    UnknownIdError
        For a ``framework`` the ledger does not define.

    Examples
    --------
    >>> import civledger
    >>> table = civledger.coverage_report(civledger.load("examples/zhecheng.yaml"))
    >>> row = table.to_rows()[0]
    >>> row["code"], row["leads"], row["tasks"]
    ('I-1-1-1', '县委宣传部, 凯旋社区', 2)
    >>> table.notes[0]
    'Of 34 standards, 34 are claimed by a task and 0 by none.'
    >>> four = civledger.load("examples/four-cities.yaml")
    >>> [(r["code"], r["groups"]) for r in civledger.coverage_report(four, framework="wmcs")
    ...  .to_rows()[2:4]]
    [('II-1', '城市管理组'), ('II-2', '城市管理组')]
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    every = states(ledger, day)
    served = tasks_by_standard(ledger)
    units = ledger.index("units")
    tasks = ledger.index("tasks")
    if framework is not None and framework not in ledger.index("frameworks"):
        raise UnknownIdError("frameworks", framework)
    groups = _groups_by_standard(ledger)
    rows: list[dict[str, Cell]] = []
    uncovered: list[str] = []
    total = 0
    for fw in ledger.frameworks:
        if framework is not None and fw.id != framework:
            continue
        for node in fw.standards():
            total += 1
            live = [
                tasks[t]
                for t in served.get((fw.id, node.code), ())
                if every[t].status is not Status.CANCELLED
            ]
            leads: list[str] = []
            for task in live:
                unit = units.get(task.lead) if task.lead is not None else None
                name = unit.name if unit is not None else task.lead
                if name is not None and name not in leads:
                    leads.append(name)
            signed = sum(every[t.id].status is Status.SIGNED_OFF for t in live)
            if not live:
                uncovered.append(f"{fw.id}:{node.code}")
            elif uncovered_only:
                continue
            rows.append(
                {
                    "framework": fw.id,
                    "code": node.code,
                    "title": node.title,
                    "leads": join(leads) or None,
                    "groups": join(groups.get((fw.id, node.code), ())) or None,
                    "tasks": len(live),
                    "signed_off": signed,
                    "open": len(live) - signed,
                    "covered": bool(live),
                }
            )
    notes = [
        _("Of {total} standards, {covered} are claimed by a task and {uncovered} by none.").format(
            total=total, covered=total - len(uncovered), uncovered=len(uncovered)
        )
    ]
    if uncovered:
        notes.append(_("Claimed by none: {standards}.").format(standards=join(uncovered)))
    title = (
        _("Coverage of the standards of {title} (as of {day})").format(
            title=ledger.index("frameworks")[framework].name, day=day.isoformat()
        )
        if framework is not None
        else _("Coverage of the standards (as of {day})").format(day=day.isoformat())
    )
    return Table(
        title=title,
        name="coverage",
        columns=worded(COVERAGE_COLUMNS),
        rows=rows,
        notes=notes,
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
