"""``civledger log TASK FILE``: a task's history, entry by entry."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_as_of, add_format
from civledger.cli.output import emit, screen_width
from civledger.i18n import N_, _, localized, ngettext
from civledger.io import load
from civledger.journal.audit import audit
from civledger.journal.groups import journal_groups
from civledger.journal.lifecycle import Status
from civledger.journal.state import Fold, states
from civledger.model import Action, Entry, Ledger
from civledger.progress import Progress, for_stream
from civledger.text import table

__all__ = ["add_parser", "history"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "log",
        help=_("a task's history: every journal entry, the status after it, what broke the rules"),
        description=_("Print the journal of one task in time order, up to a date."),
    )
    parser.add_argument("task", metavar="TASK", help=_("a task or problem id"))
    parser.add_argument("file", metavar="FILE", help=_("a ledger file"))
    add_as_of(parser, N_("up to this date"))
    add_format(parser)
    add_allow_outside(parser)
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
        parts.append(_("extended to {due}").format(due=entry.due))
    if entry.appeal is not None:
        parts.append(str(localized(entry.appeal)))
    if entry.evidence:
        count = len(entry.evidence)
        parts.append(
            ngettext("{n} piece of evidence", "{n} pieces of evidence", count).format(n=count)
        )
    if entry.approved_by is not None:
        approver = people.get(entry.approved_by)
        parts.append(
            _("approved by {name}").format(name=approver.name if approver else entry.approved_by)
        )
    for text in (entry.reason, entry.note):
        if text:
            parts.append(text)
    return _("; ").join(parts)


def history(
    ledger: Ledger, task_id: str, day: date, progress: Progress | None = None
) -> list[dict[str, Any]]:
    """The task's entries up to ``day`` as rows: time, action, who, details, status after, findings.

    The ``*_label`` values are the Chinese labels (data, as in the JSON output); the
    details are worded in the language of the moment.

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
    fold = Fold.of(task, zone)
    rows = []
    columns = ledger.journal.columns
    for row in journal_groups(ledger).rows(task.id):
        entry = columns.entry(row)
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
                "findings": sorted(verdicts.get(row, [])),
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    ledger = load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
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
    parts = [
        _("{task} {title} ({kind}) as of {day}: {status}").format(
            task=task.id,
            title=task.title,
            kind=localized(task.kind),
            day=day,
            status=localized(now.status),
        ),
        _("due {due}").format(due=now.due or (_("ongoing") if task.ongoing else _("not set"))),
    ]
    if now.extensions:
        parts.append(
            ngettext("extended {n} time", "extended {n} times", now.extensions).format(
                n=now.extensions
            )
        )
    if now.relapses:
        parts.append(
            ngettext("relapsed {n} time", "relapsed {n} times", now.relapses).format(n=now.relapses)
        )
    if now.late:
        parts.append(_("signed off late"))
    head = _(", ").join(parts)
    body = table(
        [_("Time"), _("Action"), _("By"), _("Details"), _("Status after"), _("Findings")],
        [
            [
                _local(r["at"], zone),
                str(localized(Action.parse(r["action"]))),
                r["by_name"] or r["by"] or "",
                r["details"],
                str(localized(Status.parse(r["status"]))),
                " ".join(r["findings"]),
            ]
            for r in rows
        ],
        width=screen_width(),
    )
    emit(f"{head}\n{body}" if rows else head + "\n" + _("(no entries yet)"), None)
    return ExitCode.OK


def _local(moment: str, zone: Any) -> str:
    from datetime import datetime

    return datetime.fromisoformat(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M")
