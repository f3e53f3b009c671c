"""``civledger calendar FILE``: the supervision calendar, as a table, JSON or an .ics file."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_format, iso_date
from civledger.cli.output import check_output, emit, screen_width
from civledger.errors import ScheduleError
from civledger.i18n import _, lazy, localized, ngettext
from civledger.io import load
from civledger.io.atomic import atomic_write
from civledger.model import Campaign
from civledger.progress import for_stream
from civledger.schedule.cycle import evaluations
from civledger.schedule.holidays import HolidayTable, holiday_table, off_day, uncovered_years
from civledger.schedule.ics import to_ics
from civledger.schedule.rhythm import SupervisionEvent, supervision_calendar
from civledger.text import table

__all__ = ["add_parser", "event_rows", "render_text"]

# The days of the week as the tables name them (周一 … 周日 in Chinese).
WEEKDAY_NAMES = (
    lazy("Mon"),
    lazy("Tue"),
    lazy("Wed"),
    lazy("Thu"),
    lazy("Fri"),
    lazy("Sat"),
    lazy("Sun"),
)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "calendar",
        help=_("the supervision calendar (周调度, 旬检查, 月点评, 月考, 模拟测评)"),
        description=(
            _(
                "List the weekly dispatches, ten-day inspections, monthly reviews and exams and "
                "mock assessments of the campaign's rhythm and of each leader's and unit's own "
                "schedule between two dates (both included), in the campaign's time zone; with "
                "--ics, write them as an iCalendar file."
            )
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("a ledger file"))
    parser.add_argument(
        "--from",
        dest="start",
        type=iso_date,
        metavar="DATE",
        help=_("the first day (default: the ledger's as_of, else today)"),
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=iso_date,
        metavar="DATE",
        help=_("the last day (default: the evaluation date)"),
    )
    parser.add_argument("--ics", metavar="OUT", help=_("write an iCalendar (.ics) file instead"))
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
    add_allow_outside(parser)
    parser.set_defaults(run=run)


def event_rows(
    events: tuple[SupervisionEvent, ...], holidays: HolidayTable | None = None
) -> list[dict[str, Any]]:
    """The events as plain data (the JSON output); with ``holidays``, each says if its day is off.

    Examples
    --------
    >>> c = Campaign(id="c", name="试点")
    >>> event_rows(supervision_calendar(c, date(2026, 6, 10), date(2026, 6, 10)))[0]["title"]
    'early-June inspection'
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
    """The calendar for people, in the language of the moment: who holds each event when a
    schedule does; with ``holidays``, the days off.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> c = Campaign(id="c", name="试点")
    >>> first, last = date(2026, 6, 29), date(2026, 6, 30)
    >>> with use_language("zh"):
    ...     print(render_text(c, first, last, supervision_calendar(c, first, last)))
    试点督查日历：2026-06-29 至 2026-06-30（Asia/Shanghai），3 项
    日期        星期  时间         督查    事项
    ----------  ----  -----------  ------  -----------
    2026-06-29  周一  09:00-11:00  周调度  周调度
    2026-06-30  周二  09:00-11:00  旬检查  6月下旬检查
    2026-06-30  周二  09:00-11:00  月点评  6月点评
    """
    head = ngettext(
        "{campaign} supervision calendar: {start} to {end} ({zone}), {n} event",
        "{campaign} supervision calendar: {start} to {end} ({zone}), {n} events",
        len(events),
    ).format(
        campaign=campaign.name,
        start=start,
        end=end,
        zone=campaign.timezone or _("local time"),
        n=len(events),
    )
    if not events:
        return head + "\n" + _("(none)")
    headers = [_("Date"), _("Weekday"), _("Time"), _("Inspection"), _("Event")]
    rows = [
        [
            e.day.isoformat(),
            str(WEEKDAY_NAMES[e.day.weekday()].translated()),
            f"{e.start:%H:%M}-{e.end:%H:%M}",
            str(localized(e.kind)),
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
    return f"{head}\n{table(headers, rows, width=screen_width())}"


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    check_output(args.ics, (".ics",), "calendar", "--ics")
    ledger = load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
    campaign = ledger.campaign
    start = args.start or campaign.default_date()
    # the campaign's evaluation, else the next annual or final evaluation of any title
    ahead = [e.on for e in evaluations(ledger) if e.counts and e.on >= start]
    end = args.end or campaign.evaluation or (ahead[0] if ahead else None)
    if end is None:
        raise ScheduleError(
            _("campaign {id} has no evaluation date: give --to").format(id=campaign.id)
        )
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
        print(
            ngettext(
                "wrote {file}: {n} event from {start} to {end}",
                "wrote {file}: {n} events from {start} to {end}",
                len(events),
            ).format(file=args.ics, n=len(events), start=start, end=end),
            file=sys.stderr,
        )
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
