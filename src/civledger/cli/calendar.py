"""``civledger calendar FILE``: the supervision calendar, as a table, JSON or an .ics file."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_format, iso_date
from civledger.cli.output import check_output, emit
from civledger.errors import ScheduleError
from civledger.io import load
from civledger.io.atomic import atomic_write
from civledger.model import Campaign
from civledger.progress import for_stream
from civledger.schedule.ics import to_ics
from civledger.schedule.rhythm import SupervisionEvent, supervision_calendar
from civledger.text import table

__all__ = ["add_parser", "event_rows", "render_text"]

_WEEKDAYS = "一二三四五六日"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "calendar",
        help="the supervision calendar (周调度, 旬检查, 月点评, 月考, 模拟测评)",
        description=(
            "List the weekly dispatches, ten-day inspections, monthly reviews and exams and "
            "mock assessments of the campaign's rhythm between two dates (both included), in "
            "the campaign's time zone; with --ics, write them as an iCalendar file."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="a ledger file")
    parser.add_argument(
        "--from",
        dest="start",
        type=iso_date,
        metavar="DATE",
        help="the first day (default: the ledger's as_of, else today)",
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=iso_date,
        metavar="DATE",
        help="the last day (default: the evaluation date)",
    )
    parser.add_argument("--ics", metavar="OUT", help="write an iCalendar (.ics) file instead")
    add_format(parser)
    add_allow_outside(parser)
    parser.set_defaults(run=run)


def event_rows(events: tuple[SupervisionEvent, ...]) -> list[dict[str, Any]]:
    """The events as plain data (the JSON output).

    Examples
    --------
    >>> c = Campaign(id="c", name="试点")
    >>> event_rows(supervision_calendar(c, date(2026, 6, 10), date(2026, 6, 10)))[0]["title"]
    '6月上旬检查'
    """
    return [
        {
            "kind": e.kind.value,
            "label": e.kind.label,
            "title": e.title,
            "start": e.start.isoformat(),
            "end": e.end.isoformat(),
        }
        for e in events
    ]


def render_text(
    campaign: Campaign, start: date, end: date, events: tuple[SupervisionEvent, ...]
) -> str:
    """The calendar for people, in Chinese.

    Examples
    --------
    >>> c = Campaign(id="c", name="试点")
    >>> first, last = date(2026, 6, 29), date(2026, 6, 30)
    >>> print(render_text(c, first, last, supervision_calendar(c, first, last)))
    试点督查日历：2026-06-29 至 2026-06-30（Asia/Shanghai），3 项
    日期        星期  时间         督查    事项
    ----------  ----  -----------  ------  -----------
    2026-06-29  周一  09:00-11:00  周调度  周调度
    2026-06-30  周二  09:00-11:00  旬检查  6月下旬检查
    2026-06-30  周二  09:00-11:00  月点评  6月点评
    """
    head = (
        f"{campaign.name}督查日历：{start} 至 {end}（{campaign.timezone or '本地时间'}），"
        f"{len(events)} 项"
    )
    if not events:
        return f"{head}\n（无）"
    rows = [
        [
            e.day.isoformat(),
            f"周{_WEEKDAYS[e.day.weekday()]}",
            f"{e.start:%H:%M}-{e.end:%H:%M}",
            e.kind.label,
            e.title,
        ]
        for e in events
    ]
    return f"{head}\n{table(['日期', '星期', '时间', '督查', '事项'], rows)}"


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    check_output(args.ics, (".ics",), "calendar", "--ics")
    ledger = load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
    campaign = ledger.campaign
    start = args.start or campaign.default_date()
    end = args.end or campaign.evaluation
    if end is None:
        raise ScheduleError(f"campaign {campaign.id} has no evaluation date: give --to")
    events = supervision_calendar(campaign, start, end)
    if args.ics is not None:
        atomic_write(args.ics, to_ics(events, campaign).encode("utf-8"))
        print(f"wrote {args.ics}: {len(events)} events from {start} to {end}", file=sys.stderr)
        return ExitCode.OK
    if args.format == "json":
        doc = {
            "campaign": campaign.id,
            "name": campaign.name,
            "timezone": campaign.timezone,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "events": event_rows(events),
        }
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    else:
        emit(render_text(campaign, start, end, events), None)
    return ExitCode.OK
