"""Coverage (对标覆盖): which units lead the work on each standard; the standards nobody covers."""

from __future__ import annotations

from collections import defaultdict

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


def coverage_report(
    ledger: Ledger, *, as_of: DayLike | None = None, uncovered_only: bool = False
) -> Table:
    """Every standard with the lead units and groups that cover it, and its tasks' progress.

    A standard is covered when at least one task (not cancelled) serves it; its lead
    units (牵头单位) are those tasks' leads, in ledger order, and its groups (专业组)
    the specialist groups that list it. Standards nobody covers are flagged (有人认领:
    否) and listed in the notes — the same standards OWN006 reports. With
    ``uncovered_only`` the table holds only them.

    Examples
    --------
    >>> import civledger
    >>> table = civledger.coverage_report(civledger.load("examples/zhecheng.yaml"))
    >>> row = table.to_rows()[0]
    >>> row["code"], row["leads"], row["tasks"]
    ('I-1-1-1', '县委宣传部, 凯旋社区', 2)
    >>> table.notes[0]
    'Of 34 standards, 34 are claimed by a task and 0 by none.'
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    every = states(ledger, day)
    served = tasks_by_standard(ledger)
    units = ledger.index("units")
    tasks = ledger.index("tasks")
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group in ledger.groups:
        for ref in group.standards:
            for fid, found in ledger.resolve_standard(ref):
                groups[(fid, found.code)].append(group.name)
    rows: list[dict[str, Cell]] = []
    uncovered: list[str] = []
    total = 0
    for fw in ledger.frameworks:
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
    return Table(
        title=_("Coverage of the standards (as of {day})").format(day=day.isoformat()),
        name="coverage",
        columns=worded(COVERAGE_COLUMNS),
        rows=rows,
        notes=notes,
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
