"""``civledger duties PERSON_OR_UNIT FILE``: every task someone answers for."""

from __future__ import annotations

import argparse

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_as_of, add_format
from civledger.cli.output import emit, screen_width
from civledger.errors import UnknownIdError
from civledger.graph.duties import duties
from civledger.i18n import _, localized
from civledger.io import load
from civledger.model import Ledger, Person, Unit
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
                "cooperating (配合), territory (属地), line (条线), contract leader (包挂), named "
                "responsible (责任人), chief of a place (点位), leader of a group (督导) or "
                "command of the headquarters (指挥)."
            )
        ),
    )
    parser.add_argument(
        "who", metavar="PERSON_OR_UNIT", help=_("a person or a unit: its id or its name")
    )
    parser.add_argument("file", metavar="FILE", help=_("a ledger file"))
    add_as_of(parser)
    add_format(parser)
    add_allow_outside(parser)
    parser.set_defaults(run=run)


def _name(ledger: Ledger, collection: str, key: str | None) -> str | None:
    """The name of the entry with this id, if there is one."""
    found = ledger.index(collection).get(key) if key else None
    return getattr(found, "name", None)


def _who(ledger: Ledger, text: str) -> Unit | Person | None:
    """The unit or person ``text`` names (an id, else a name), as duties() resolved it."""
    for collection in ("units", "people"):
        found = ledger.index(collection).get(text)
        if found is not None:
            return found  # type: ignore[no-any-return]
    for finder in (ledger.find_unit, ledger.find_person):
        try:
            return finder(text)
        except UnknownIdError:
            continue
    return None


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    ledger = load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
    day = args.as_of or ledger.campaign.default_date()
    found = duties(ledger, args.who, day)
    tasks = ledger.index("tasks")
    who = _who(ledger, args.who)
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
                "unit_name": _name(ledger, "units", duty.unit),
                "place": duty.place,
                "place_name": _name(ledger, "places", duty.place),
                "group": duty.group,
                "group_name": _name(ledger, "groups", duty.group),
                "post": duty.post.value if duty.post is not None else None,
                "lead": task.lead,
                "lead_name": _name(ledger, "units", task.lead),
                "due": task.due.isoformat() if task.due else None,
                "ongoing": task.ongoing,
            }
        )
    if args.format == "json":
        doc = {
            "who": who.id if who is not None else args.who,
            "name": who.name if who is not None else None,
            "as_of": day.isoformat(),
            "duties": rows,
        }
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
        return ExitCode.OK
    tasks_count = len({r["task"] for r in rows})
    head = _("Tasks {name} ({who}) answers for on {day}: {tasks} ({duties} duties)").format(
        name=who.name if who is not None else args.who,
        who=who.id if who is not None else args.who,
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
                r["place_name"] or r["group_name"] or r["unit_name"] or r["unit"] or "",
                r["lead_name"] or r["lead"] or "",
                r["due"] or (_("ongoing") if r["ongoing"] else ""),
            ]
            for r, duty in zip(rows, found, strict=True)
        ],
        width=screen_width(),
    )
    emit(f"{head}\n{body}", None)
    return ExitCode.OK
