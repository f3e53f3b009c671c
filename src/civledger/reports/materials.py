"""Materials for the online declaration (网上申报): standards that need materials and have none."""

from __future__ import annotations

from datetime import date

from civledger.journal.state import end_of_day, entries_by_task
from civledger.model import Action, EvidenceKind, Ledger
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.coverage import tasks_by_standard
from civledger.reports.table import Cell, Column, Table

__all__ = ["MATERIALS_COLUMNS", "materials_report", "tasks_with_documents"]

MATERIALS_COLUMNS: tuple[Column, ...] = (
    Column(key="framework", label="体系"),
    Column(key="code", label="代码"),
    Column(key="title", label="测评标准"),
    Column(key="tasks", label="对应任务"),
    Column(key="leads", label="牵头单位"),
    Column(key="problem", label="缺口"),
)
"""The columns of :func:`materials_report`."""

_CARRIERS = (Action.REPORT, Action.SIGN_OFF)


def tasks_with_documents(ledger: Ledger, as_of: date) -> set[str]:
    """The tasks with a report back (反馈) or sign-off (销号) carrying a document, by ``as_of``.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/zhecheng.yaml")
    >>> sorted(tasks_with_documents(ledger, date(2026, 3, 10)))
    ['T-001', 'T-002']
    """
    cutoff = end_of_day(as_of, ledger.campaign.zone())
    found: set[str] = set()
    for task, entries in entries_by_task(ledger).items():
        for entry in entries:
            if entry.at >= cutoff:
                break
            if entry.action in _CARRIERS and any(
                e.kind is EvidenceKind.DOCUMENT for e in entry.evidence
            ):
                found.add(task)
                break
    return found


def materials_report(ledger: Ledger, *, as_of: DayLike | None = None) -> Table:
    """The standards that need materials (``materials: true``) and have none yet.

    A standard has materials when a task serving it has, by the end of ``as_of``, a
    report back (反馈) or a sign-off (销号) entry carrying evidence of kind
    ``document`` (文件材料). A standard no task serves is listed as 无任务; one whose
    tasks carry no document as 无材料. The notes count what the declaration still
    lacks.

    Examples
    --------
    >>> import civledger
    >>> table = civledger.materials_report(civledger.load("examples/zhecheng.yaml"))
    >>> [(r["code"], r["problem"]) for r in table.to_rows()][:2]
    [('II-1-1-2', '无材料'), ('II-1-2-1', '无材料')]
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    served = tasks_by_standard(ledger)
    documented = tasks_with_documents(ledger, day)
    units = ledger.index("units")
    tasks = ledger.index("tasks")
    rows: list[dict[str, Cell]] = []
    needed = 0
    for fw in ledger.frameworks:
        for node in fw.standards():
            if not node.materials:
                continue
            needed += 1
            ids = served.get((fw.id, node.code), [])
            if any(t in documented for t in ids):
                continue
            leads: list[str] = []
            for t in ids:
                lead = tasks[t].lead
                unit = units.get(lead) if lead is not None else None
                name = unit.name if unit is not None else lead
                if name is not None and name not in leads:
                    leads.append(name)
            rows.append(
                {
                    "framework": fw.id,
                    "code": node.code,
                    "title": node.title,
                    "tasks": " ".join(ids) or None,
                    "leads": "、".join(leads) or None,
                    "problem": "无材料" if ids else "无任务",
                }
            )
    return Table(
        title=f"网上申报材料缺口（截至 {day.isoformat()}）",
        name="materials",
        columns=MATERIALS_COLUMNS,
        rows=rows,
        notes=(
            f"需申报材料的测评标准 {needed} 项，已有材料 {needed - len(rows)} 项，"
            f"缺 {len(rows)} 项。",
            "有材料 = 服务该标准的任务在反馈或销号时附有文件材料（document）。",
        ),
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
