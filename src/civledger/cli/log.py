"""``civledger log TASK FILE``: a task's history, entry by entry."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_as_of, add_format
from civledger.cli.output import emit
from civledger.io import load
from civledger.journal.audit import audit
from civledger.journal.state import Fold, entries_by_task, states
from civledger.model import Entry, Ledger
from civledger.progress import Progress, for_stream
from civledger.text import table

__all__ = ["add_parser", "history"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "log",
        help="a task's history: every journal entry, the status after it, what broke the rules",
        description="Print the journal of one task in time order, up to a date.",
    )
    parser.add_argument("task", metavar="TASK", help="a task or problem id")
    parser.add_argument("file", metavar="FILE", help="a ledger file")
    add_as_of(parser, "up to this date")
    add_format(parser)
    parser.set_defaults(run=run)


def _details(ledger: Ledger, entry: Entry) -> str:
    people = ledger.index("people")
    parts = []
    if entry.percent is not None:
        parts.append(f"{entry.percent:g}%")
    if entry.quantity is not None:
        parts.append(f"{entry.quantity:g}")
    for amount in entry.amounts:
        figure = f"{amount.value:g}{amount.unit or ''}"
        parts.append(f"{amount.measure} {figure}" if amount.measure else figure)
    if entry.due is not None:
        parts.append(f"延至 {entry.due}")
    if entry.appeal is not None:
        parts.append(entry.appeal.label)
    if entry.evidence:
        parts.append(f"佐证 {len(entry.evidence)} 份")
    if entry.approved_by is not None:
        approver = people.get(entry.approved_by)
        parts.append(f"批准 {approver.name if approver else entry.approved_by}")
    for text in (entry.reason, entry.note):
        if text:
            parts.append(text)
    return "；".join(parts)


def history(
    ledger: Ledger, task_id: str, day: date, progress: Progress | None = None
) -> list[dict[str, Any]]:
    """The task's entries up to ``day`` as rows: time, action, who, details, status after, findings.

    Examples
    --------
    >>> from civledger import testing
    >>> rows = history(testing.small_ledger(), "T-001", date(2026, 6, 1))
    >>> [(r["action_label"], r["status_label"], r["findings"]) for r in rows]
    [('交办', '已交办', [])]
    """
    task = ledger.task(task_id)
    zone = ledger.campaign.zone()
    people = ledger.index("people")
    verdicts: dict[int, list[str]] = {}
    for index, verdict in audit(ledger, day, progress):
        verdicts.setdefault(index, []).append(verdict.code)
    position = {id(e): i for i, e in enumerate(ledger.journal) if e.task == task.id}
    fold = Fold.of(task, zone)
    rows = []
    for entry in entries_by_task(ledger).get(task.id, ()):
        if entry.at.astimezone(zone).date() > day:
            break
        fold.apply(entry)
        person = people.get(entry.by) if entry.by is not None else None
        rows.append(
            {
                "at": entry.at.isoformat(),
                "action": entry.action.value,
                "action_label": entry.action.label,
                "by": entry.by,
                "by_name": person.name if person is not None else None,
                "details": _details(ledger, entry),
                "status": fold.status.value,
                "status_label": fold.status.label,
                "findings": sorted(verdicts.get(position[id(entry)], [])),
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    ledger = load(args.file, progress=for_stream())
    day = args.as_of or ledger.campaign.default_date()
    task = ledger.task(args.task)
    rows = history(ledger, task.id, day, for_stream())
    now = states(ledger, day)[task.id]
    if args.format == "json":
        doc = {
            "task": task.id,
            "title": task.title,
            "as_of": day.isoformat(),
            "status": now.status.value,
            "due": now.due.isoformat() if now.due else None,
            "extensions": now.extensions,
            "relapses": now.relapses,
            "late": now.late,
            "entries": rows,
        }
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
        return ExitCode.OK
    zone = ledger.campaign.zone()
    head = (
        f"{task.id} {task.title}（{task.kind.label}）截至 {day}：{now.status.label}"
        f"，时限 {now.due or ('长期坚持' if task.ongoing else '未定')}"
        + (f"，延期 {now.extensions} 次" if now.extensions else "")
        + (f"，回潮 {now.relapses} 次" if now.relapses else "")
        + ("，逾期销号" if now.late else "")
    )
    body = table(
        ["时间", "动作", "经办人", "详情", "之后状态", "问题"],
        [
            [
                _local(r["at"], zone),
                r["action_label"],
                r["by_name"] or r["by"] or "",
                r["details"],
                r["status_label"],
                " ".join(r["findings"]),
            ]
            for r in rows
        ],
    )
    emit(f"{head}\n{body}" if rows else f"{head}\n（尚无记录）", None)
    return ExitCode.OK


def _local(moment: str, zone: Any) -> str:
    from datetime import datetime

    return datetime.fromisoformat(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M")
