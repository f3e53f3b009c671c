"""``civledger plan --evaluation DATE``: plan the five phases back from the evaluation date.

Given several evaluation dates (``--evaluation`` once per year), each year is planned
back from its own evaluation: the five phases repeat once a year.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import orjson
from dateutil import tz
from dateutil.relativedelta import relativedelta

from civledger.cli.calendar import WEEKDAY_NAMES
from civledger.cli.exit import ExitCode
from civledger.cli.options import iso_date
from civledger.cli.output import emit, screen_width
from civledger.errors import ScheduleError
from civledger.i18n import _, localized, ngettext
from civledger.model import Campaign, CycleYear, Phase
from civledger.model.words import unknown_choice
from civledger.schedule.phases import (
    Duration,
    days_remaining,
    parse_duration,
    phase_of,
    plan_backwards,
    plan_cycle,
)
from civledger.text import table

__all__ = ["add_parser", "plan_document", "plan_years", "render_text", "render_years"]


def durations(text: str) -> list[relativedelta] | dict[Phase, relativedelta]:
    """An argparse type: ``20d,1m,2m,1m,20d`` (five, in phase order) or ``攻坚=1m,迎评=20d``.

    Examples
    --------
    >>> durations("20d,1m,2m,1m,20d")[1]
    relativedelta(months=+1)
    >>> {p.value: d.days for p, d in durations("攻坚=1m,迎评=20d").items()}
    {'final_push': 0, 'evaluation': 20}
    """
    parts = [p.strip() for p in text.split(",") if p.strip()]
    try:
        if any("=" in p for p in parts):
            pairs = [p.split("=", 1) for p in parts]
            return {_phase(name.strip()): parse_duration(value) for name, value in pairs}
        return [parse_duration(p) for p in parts]
    except (ScheduleError, ValueError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _phase(name: str) -> Phase:
    try:
        return Phase.parse(name)
    except ValueError:
        raise ValueError(str(unknown_choice(Phase, name))) from None


def proportions(text: str) -> list[float]:
    """An argparse type: ``1,1,2,1,1``, one weight per phase in order.

    Examples
    --------
    >>> proportions("1, 1.5, 3")
    [1.0, 1.5, 3.0]
    """
    try:
        return [float(p) for p in text.split(",") if p.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a list of numbers").format(text=text)
        ) from None


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "plan",
        help=_("plan the five phases back from the evaluation date (倒排工期)"),
        description=(
            _(
                "Print the windows of the five phases, planned back from the evaluation date: "
                "the last phase ends on it, each phase ends the day before the next starts. "
                "Durations are days (20d), weeks (6w) or months (2m); by default 20d,1m,2m,1m,20d."
            )
        ),
    )
    parser.add_argument(
        "--evaluation",
        type=iso_date,
        required=True,
        action="append",
        metavar="DATE",
        help=_(
            "the evaluation date; give it once per year (--evaluation 2025-07-20 --evaluation "
            "2026-07-20) to plan each year back from its own evaluation"
        ),
    )
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--durations",
        type=durations,
        metavar="LIST",
        help=_("five durations in phase order (20d,1m,2m,1m,20d), or by phase (攻坚=1m,迎评=20d)"),
    )
    how.add_argument(
        "--proportions",
        type=proportions,
        metavar="LIST",
        help=_("five weights in phase order (1,1,2,1,1) sharing the days from --start"),
    )
    parser.add_argument(
        "--start", type=iso_date, metavar="DATE", help=_("the launch date, for --proportions")
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help=_("count the days left from here (default today)"),
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("output format")
    )
    parser.set_defaults(run=run)


def _days(start: date, end: date) -> int:
    return (end - start).days + 1


def plan_document(
    evaluation: date,
    as_of: date,
    lengths: Sequence[Duration] | Mapping[Phase, Duration] | None = None,
    *,
    weights: list[float] | None = None,
    start: date | None = None,
) -> dict[str, Any]:
    """The plan as plain data (the JSON output).

    Examples
    --------
    >>> doc = plan_document(date(2026, 7, 20), date(2026, 6, 14))
    >>> doc["days_remaining"], doc["phase"], doc["phases"][0]["start"]
    (36, 'final_push', '2026-02-09')
    """
    windows = plan_backwards(evaluation, lengths, proportions=weights, start=start)
    campaign = Campaign(id="plan", name="plan", evaluation=evaluation, phases=windows)
    current = phase_of(campaign, as_of)
    return {
        "evaluation": evaluation.isoformat(),
        "as_of": as_of.isoformat(),
        "days_remaining": days_remaining(campaign, as_of),
        "phase": current.value if current is not None else None,
        "phases": [
            {
                "phase": w.phase.value,
                "label": w.phase.label,
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "days": _days(w.start, w.end),
            }
            for w in windows
        ],
        "cycle": [
            {"stage": s.stage.value, "label": s.stage.label, "year": s.year}
            for s in plan_cycle(evaluation)
            if s.stage is not None
        ],
    }


def plan_years(
    evaluations: Sequence[date],
    as_of: date,
    lengths: Sequence[Duration] | Mapping[Phase, Duration] | None = None,
) -> dict[str, Any]:
    """A plan for each year, back from its own evaluation date (the JSON output of several).

    ``days_remaining`` counts to the next evaluation on or after ``as_of`` (to the
    last one when all are past) and ``phase`` is the phase of ``as_of`` in any year.

    Examples
    --------
    >>> doc = plan_years([date(2025, 7, 20), date(2026, 7, 20)], date(2025, 8, 1))
    >>> [y["evaluation"] for y in doc["years"]], doc["days_remaining"], doc["phase"]
    (['2025-07-20', '2026-07-20'], 353, None)
    """
    ordered = sorted(set(evaluations))
    years = [plan_document(on, as_of, lengths) for on in ordered]
    ahead = next((on for on in ordered if on >= as_of), ordered[-1])
    phase = next((y["phase"] for y in years if y["phase"] is not None), None)
    return {
        "evaluations": [on.isoformat() for on in ordered],
        "as_of": as_of.isoformat(),
        "days_remaining": (ahead - as_of).days,
        "phase": phase,
        "years": years,
    }


def _remaining(days: int) -> str:
    if days > 0:
        return ngettext("{n} day to the evaluation", "{n} days to the evaluation", days).format(
            n=days
        )
    if days == 0:
        return _("the evaluation is today")
    return ngettext(
        "the evaluation was {n} day ago", "the evaluation was {n} days ago", -days
    ).format(n=-days)


def render_text(doc: dict[str, Any]) -> str:
    """The plan for people, in the language of the moment.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> with use_language("zh"):
    ...     print(render_text(plan_document(date(2026, 7, 20), date(2026, 6, 14))))
    倒排工期：测评日 2026-07-20（周一），5 个阶段共 162 天
    #  阶段      开始        结束        天数
    -  --------  ----------  ----------  ----
    1  全面启动  2026-02-09  2026-02-28    20
    2  对标自查  2026-03-01  2026-03-31    31
    3  整改提升  2026-04-01  2026-05-31    61
    4  集中攻坚  2026-06-01  2026-06-30    30
    5  全面迎评  2026-07-01  2026-07-20    20
    创建三年一轮：2024年攻坚突破年，2025年巩固提升年，2026年验收创成年
    截至 2026-06-14：集中攻坚阶段，距测评剩余 36 天
    """
    evaluation = date.fromisoformat(doc["evaluation"])
    phases = doc["phases"]
    total = sum(p["days"] for p in phases)
    weekday = WEEKDAY_NAMES[evaluation.weekday()]
    head = _(
        "Planned back from the evaluation (倒排工期): evaluation on {day} ({weekday}), "
        "{n} phases, {days} days in all"
    ).format(day=evaluation, weekday=weekday, n=len(phases), days=total)
    body = table(
        ["#", _("Phase"), _("Start"), _("End"), _("Days")],
        [
            [n, str(localized(Phase.parse(p["phase"]))), p["start"], p["end"], p["days"]]
            for n, p in enumerate(phases, 1)
        ],
        numeric=[False, False, False, False, True],
        width=screen_width(),
    )
    cycle = _(", ").join(
        _("{year}: {stage}").format(year=s["year"], stage=localized(CycleYear.parse(s["stage"])))
        for s in doc["cycle"]
    )
    current = (
        _("{phase} phase").format(phase=localized(Phase.parse(doc["phase"])))
        if doc["phase"]
        else _("in no phase")
    )
    status = _("As of {day}: {phase}, {remaining}").format(
        day=doc["as_of"], phase=current, remaining=_remaining(doc["days_remaining"])
    )
    return "\n".join(
        [head, body, _("Three-year cycle (创建三年一轮): {years}").format(years=cycle), status]
    )


def render_years(doc: dict[str, Any]) -> str:
    """The plans of several years for people: each year's plan, then where the date falls.

    Examples
    --------
    >>> text = render_years(plan_years([date(2025, 7, 20), date(2026, 7, 20)], date(2026, 6, 14)))
    >>> text.splitlines()[-1]
    'As of 2026-06-14: final push phase, 36 days to the evaluation'
    """
    parts = []
    for year in doc["years"]:
        lines = render_text(year).splitlines()
        parts.append("\n".join(lines[:-2]))  # the cycle and the status are said once, below
    current = (
        _("{phase} phase").format(phase=localized(Phase.parse(doc["phase"])))
        if doc["phase"]
        else _("in no phase")
    )
    parts.append(
        _("As of {day}: {phase}, {remaining}").format(
            day=doc["as_of"], phase=current, remaining=_remaining(doc["days_remaining"])
        )
    )
    return "\n\n".join(parts[:-1]) + "\n" + parts[-1]


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    if (args.proportions is None) != (args.start is None):
        raise ScheduleError(_("--proportions and --start go together"))
    as_of = args.as_of or datetime.now(tz.gettz("Asia/Shanghai")).date()
    if len(set(args.evaluation)) > 1:
        if args.proportions is not None:
            raise ScheduleError(_("--proportions plans one year: give one --evaluation"))
        doc = plan_years(args.evaluation, as_of, args.durations)
        text = render_years(doc)
    else:
        doc = plan_document(
            args.evaluation[0], as_of, args.durations, weights=args.proportions, start=args.start
        )
        text = render_text(doc)
    if args.format == "json":
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    else:
        emit(text, None)
    return ExitCode.OK
