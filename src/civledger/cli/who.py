"""``civledger who TASK FILE``: the chain of people who answer for a task."""

from __future__ import annotations

import argparse

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_as_of, add_format
from civledger.cli.output import emit, screen_width
from civledger.graph.chains import Link, chain
from civledger.i18n import _, localized
from civledger.io import load
from civledger.model import Ledger
from civledger.progress import for_stream
from civledger.text import table

__all__ = ["add_parser", "link_rows"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "who",
        help=_("who answers for a task: its chain from the lead unit up to the root"),
        description=(
            _(
                "Print the chain of units, posts and people who answer for a task on a date: "
                "the task's own people and leaders (包挂, inherited from its parent tasks), the "
                "chiefs of its places, the lead unit and every unit above it (for a problem in a "
                "grid handed to a department, or a task at places, the territory first: 属地管理), "
                "the groups that supervise it and the headquarters' command."
            )
        ),
    )
    parser.add_argument("task", metavar="TASK", help=_("a task or problem id"))
    parser.add_argument("file", metavar="FILE", help=_("a ledger file"))
    add_as_of(parser)
    add_format(parser)
    add_allow_outside(parser)
    parser.set_defaults(run=run)


# The JSON rows carry the Chinese labels of posts and capacities (data, whatever the
# language); the text table names them in the language of the moment.
_RESPONSIBLE_LABEL = "责任人"


def link_rows(ledger: Ledger, links: list[Link]) -> list[dict[str, str | None]]:
    """The links as rows with the names of units, places, groups and people (the ids kept).

    Examples
    --------
    >>> from datetime import date
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> link_rows(ledger, chain(ledger, "T-001", date(2026, 5, 1)))[0]["person_name"]
    '钱某'
    """
    units = ledger.index("units")
    people = ledger.index("people")
    places = ledger.index("places")
    groups = ledger.index("groups")
    rows = []
    for link in links:
        unit = units.get(link.unit)
        person = people.get(link.person) if link.person is not None else None
        place = places.get(link.place) if link.place is not None else None
        group = groups.get(link.group) if link.group is not None else None
        rows.append(
            {
                "unit": link.unit,
                "unit_name": unit.name if unit is not None else None,
                "place": link.place,
                "place_name": place.name if place is not None else None,
                "group": link.group,
                "group_name": group.name if group is not None else None,
                "post": link.post.value if link.post is not None else None,
                "post_label": link.post.label if link.post is not None else _RESPONSIBLE_LABEL,
                "person": link.person,
                "person_name": person.name if person is not None else None,
                "capacity": link.capacity.value,
                "capacity_label": link.capacity.label,
                "answers_for": link.answers_for,
            }
        )
    return rows


def _where(row: dict[str, str | None]) -> str:
    """What a link answers through, as people name it: the place, the group, else the unit."""
    for key in ("place", "group"):
        if row[key] is not None:
            return row[f"{key}_name"] or row[key] or ""
    return row["unit_name"] or row["unit"] or ""


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    ledger = load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
    day = args.as_of or ledger.campaign.default_date()
    task = ledger.task(args.task)
    links = chain(ledger, task.id, day)
    rows = link_rows(ledger, links)
    if args.format == "json":
        doc = {"task": task.id, "title": task.title, "as_of": day.isoformat(), "chain": rows}
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
        return ExitCode.OK
    head = _("Chain of {task} {title} ({kind}) on {day}:").format(
        task=task.id, title=task.title, kind=localized(task.kind), day=day
    )
    body = table(
        ["#", _("Unit"), _("Post"), _("Person"), _("Capacity")],
        [
            [
                n,
                _where(r),
                str(localized(link.post)) if link.post is not None else _("responsible person"),
                f"{r['person_name']} ({r['person']})" if r["person"] else _("(vacant)"),
                str(localized(link.capacity)),
            ]
            for n, (r, link) in enumerate(zip(rows, links, strict=True), 1)
        ],
        numeric=[True, False, False, False, False],
        width=screen_width(),
    )
    emit(f"{head}\n{body}" if rows else head + "\n" + _("(nobody answers for it)"), None)
    return ExitCode.OK
