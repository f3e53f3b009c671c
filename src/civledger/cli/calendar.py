"""``civledger calendar FILE``: the supervision calendar, as a table, JSON or an .ics file."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_format, iso_date
from civledger.cli.output import emit
from civledger.errors import ScheduleError
from civledger.i18n import _, ngettext
from civledger.io import load
from civledger.io.atomic import atomic_write
from civledger.model import Campaign
from civledger.progress import for_stream
from civledger.schedule.holidays import HolidayTable, holiday_table, off_day, uncovered_years
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
            "mock assessments of the campaign's rhythm and of each leader's and unit's own "
            "schedule between two dates (both included), in the campaign's time zone; with "
            "--ics, write them as an iCalendar file."
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
    parser.add_argument(
        "--who",
        "--leader",
        dest="who",
        metavar="PERSON_OR_UNIT",
        help=_(
            "only the events of the schedules this person or unit (an id or a name) holds, "
            "takes part in or covers"
        ),
    )
    parser.add_argument(
        "--off-days",
        action="store_true",
        help=_("flag events that fall on a weekend or a public holiday (调休 counted)"),
    )
    parser.add_argument(
        "--holidays",
        action="append",
        default=[],
        metavar="FILE",
        help=_("a holiday table (JSON) for years the shipped one does not cover; repeatable"),
    )
    add_format(parser)
    parser.set_defaults(run=run)


def event_rows(
    events: tuple[SupervisionEvent, ...], holidays: HolidayTable | None = None
) -> list[dict[str, Any]]:
    """The events as plain data (the JSON output); with ``holidays``, each says if its day is off.

    Examples
    --------
    >>> c = Campaign(id="c", name="试点")
    >>> event_rows(supervision_calendar(c, date(2026, 6, 10), date(2026, 6, 10)))[0]["title"]
    '6月上旬检查'
    """
    rows = []
    for e in events:
        row: dict[str, Any] = {
            "kind": e.kind.value,
            "label": e.kind.label,
            "title": e.title,
            "start": e.start.isoformat(),
            "end": e.end.isoformat(),
        }
        if e.schedule is not None:
            row.update(
                schedule=e.schedule,
                leader=e.leader,
                unit=e.unit,
                participants=list(e.participants),
                units=list(e.units),
                detail=e.detail,
            )
        if holidays is not None:
            row["off_day"] = off_day(e.day, holidays)
        rows.append(row)
    return rows


def render_text(
    campaign: Campaign,
    start: date,
    end: date,
    events: tuple[SupervisionEvent, ...],
    holidays: HolidayTable | None = None,
) -> str:
    """The calendar for people: who holds each event when a schedule does; with
    ``holidays``, the days off.

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
    headers = ["日期", "星期", "时间", "督查", "事项"]
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
    if any(e.detail for e in events):
        headers.append(_("who"))
        for row, e in zip(rows, events, strict=True):
            row.append(e.detail or "")
    if holidays is not None:
        headers.append(_("day off"))
        flagged = 0
        for row, e in zip(rows, events, strict=True):
            why = off_day(e.day, holidays)
            flagged += why is not None
            row.append(why or "")
        head += _("; {flagged} on a day off").format(flagged=flagged) if flagged else ""
    return f"{head}\n{table(headers, rows)}"


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    ledger = load(args.file, progress=for_stream())
    campaign = ledger.campaign
    start = args.start or campaign.default_date()
    end = args.end or campaign.evaluation
    if end is None:
        raise ScheduleError(f"campaign {campaign.id} has no evaluation date: give --to")
    events = supervision_calendar(ledger, start, end, who=args.who)
    holidays = holiday_table(*args.holidays) if args.off_days or args.holidays else None
    if holidays is not None:
        for year in uncovered_years((e.day for e in events), holidays):
            print(
                _(
                    "the holiday table does not cover {year}: its days off are its weekends "
                    "alone (give --holidays FILE)"
                ).format(year=year),
                file=sys.stderr,
            )
    if args.ics is not None:
        atomic_write(args.ics, to_ics(events, campaign).encode("utf-8"))
        print(f"wrote {args.ics}: {len(events)} events from {start} to {end}", file=sys.stderr)
        if holidays is not None:
            off = [e for e in events if off_day(e.day, holidays) is not None]
            for e in off:
                print(f"{e.day} {off_day(e.day, holidays)}: {e.title}", file=sys.stderr)
            print(
                ngettext("{n} event on a day off", "{n} events on a day off", len(off)).format(
                    n=len(off)
                ),
                file=sys.stderr,
            )
        return ExitCode.OK
    if args.format == "json":
        doc = {
            "campaign": campaign.id,
            "name": campaign.name,
            "timezone": campaign.timezone,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "events": event_rows(events, holidays),
        }
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    else:
        emit(render_text(campaign, start, end, events, holidays), None)
    return ExitCode.OK
