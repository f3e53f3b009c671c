"""Materials for the online declaration (网上申报): standards that need materials and have none."""

from __future__ import annotations

from datetime import date

from civledger.i18n import N_, _, join
from civledger.journal.state import end_of_day, entries_by_task
from civledger.model import Action, EvidenceKind, Ledger
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.coverage import tasks_by_standard
from civledger.reports.table import Cell, Column, Table

__all__ = ["MATERIALS_COLUMNS", "materials_report", "tasks_with_documents"]

MATERIALS_COLUMNS: tuple[Column, ...] = (
    Column(key="framework", label=N_("Framework")),
    Column(key="code", label=N_("Code")),
    Column(key="title", label=N_("Standard")),
    Column(key="tasks", label=N_("Serving tasks")),
    Column(key="leads", label=N_("Lead units")),
    Column(key="problem", label=N_("Gap")),
)
"""The columns of :func:`materials_report` (labels are messages: see
:func:`~civledger.reports.columns.worded`)."""

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
    [('II-1-1-2', 'no materials'), ('II-1-2-1', 'no materials')]
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
                    "leads": join(leads) or None,
                    "problem": _("no materials") if ids else _("no task"),
                }
            )
    return Table(
        title=_("Materials missing for the online declaration (as of {day})").format(
            day=day.isoformat()
        ),
        name="materials",
        columns=worded(MATERIALS_COLUMNS),
        rows=rows,
        notes=(
            _("{needed} standards need materials; {have} have them, {missing} are missing.").format(
                needed=needed, have=needed - len(rows), missing=len(rows)
            ),
            _(
                "A standard has materials when a task serving it carried a document (document) "
                "when it reported back or was signed off."
            ),
        ),
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
