"""``civledger duties PERSON_OR_UNIT FILE``: every task someone answers for."""

from __future__ import annotations

import argparse

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_as_of, add_format
from civledger.cli.output import emit, screen_width
from civledger.graph.duties import duties
from civledger.i18n import _, localized
from civledger.io import load
from civledger.progress import for_stream
from civledger.text import table

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "duties",
        help=_("every task a person or unit answers for, and in what capacity"),
        description=(
            _(
                "List the tasks a person or a unit answers for on a date: as lead (牵头), "
                "cooperating (配合), territory (属地), line (条线), contract leader (包挂) or "
                "named responsible (责任人)."
            )
        ),
    )
    parser.add_argument("who", metavar="PERSON_OR_UNIT", help=_("a person id or a unit id"))
    parser.add_argument("file", metavar="FILE", help=_("a ledger file"))
    add_as_of(parser)
    add_format(parser)
    add_allow_outside(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    ledger = load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
    day = args.as_of or ledger.campaign.default_date()
    found = duties(ledger, args.who, day)
    tasks = ledger.index("tasks")
    units = ledger.index("units")
    rows = []
    for duty in found:
        task = tasks[duty.task]
        rows.append(
            {
                "task": duty.task,
                "title": task.title,
                "kind": task.kind.value,
                "capacity": duty.capacity.value,
                "capacity_label": duty.capacity.label,
                "unit": duty.unit,
                "post": duty.post.value if duty.post is not None else None,
                "lead": task.lead,
                "due": task.due.isoformat() if task.due else None,
                "ongoing": task.ongoing,
            }
        )
    if args.format == "json":
        doc = {"who": args.who, "as_of": day.isoformat(), "duties": rows}
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
        return ExitCode.OK
    name = units.get(args.who) or ledger.index("people").get(args.who)
    tasks_count = len({r["task"] for r in rows})
    head = _("Tasks {name} ({who}) answers for on {day}: {tasks} ({duties} duties)").format(
        name=getattr(name, "name", args.who),
        who=args.who,
        day=day,
        tasks=tasks_count,
        duties=len(rows),
    )
    body = table(
        [_("Task"), _("Task title"), _("Capacity"), _("Through"), _("Lead unit"), _("Due")],
        [
            [
                r["task"],
                r["title"],
                str(localized(duty.capacity)),
                r["unit"],
                r["lead"] or "",
                r["due"] or (_("ongoing") if r["ongoing"] else ""),
            ]
            for r, duty in zip(rows, found, strict=True)
        ],
        width=screen_width(),
    )
    emit(f"{head}\n{body}", None)
    return ExitCode.OK
