"""``civledger info FILE``: what a ledger holds."""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_format
from civledger.cli.output import emit, screen_width
from civledger.i18n import _, localized, ngettext
from civledger.io import load
from civledger.labels import LabeledEnum
from civledger.model import Action, Level, Phase, PlaceKind, Post, TaskKind
from civledger.progress import for_stream
from civledger.reports.summary import UNSET, ledger_summary
from civledger.text import table

__all__ = ["add_parser", "render_text"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "info",
        help=_("show what a ledger holds (counts by kind, level, phase)"),
        description=_("Load a ledger and print what it holds."),
    )
    parser.add_argument("file", metavar="FILE", help=_("a ledger file (.yaml, .json)"))
    add_format(parser)
    add_allow_outside(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    summary = ledger_summary(
        load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
    )
    if args.format == "json":
        emit(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    else:
        emit(render_text(summary), None)
    return ExitCode.OK


def _breakdown(counts: dict[str, int], kind: type[LabeledEnum]) -> str:
    def label(value: str) -> str:
        return _("not given") if value == UNSET else str(localized(kind.parse(value)))

    return _(", ").join(f"{label(k)} {v}" for k, v in counts.items())


def render_text(summary: dict[str, Any]) -> str:
    """The summary for people, in the language of the moment.

    Examples
    --------
    >>> from civledger import testing
    >>> from civledger.i18n import use_language
    >>> from civledger.reports.summary import ledger_summary
    >>> with use_language("zh"):
    ...     print(render_text(ledger_summary(testing.small_ledger())))  # doctest: +ELLIPSIS
    柘城县创建全国文明城市 (zc-2026)
    测评日期 2026-07-20，时区 Asia/Shanghai
    <BLANKLINE>
    类别        数量  分布
    ----------  ----  -------------------------------------------------
    测评体系       1  wmcs 全国文明城市测评体系：3 个节点，1 条测评标准
    单位           5  县 1，街道 1，社区 1，网格 1，部门 1
    人员           6
    任职           6  第一责任人 4，网格员 1，包挂领导 1
    ...
    读取问题       0
    """
    campaign = summary["campaign"]
    head = [f"{campaign['name']} ({campaign['id']})"]
    head.append(
        _("evaluation {day}, time zone {zone}").format(
            day=campaign["evaluation"] or _("not set"), zone=campaign["timezone"]
        )
    )
    listed = campaign.get("evaluations", [])
    if listed:
        head.append(
            ngettext(
                "{n} evaluation of its titles, from {first} to {last}",
                "{n} evaluations of its titles, from {first} to {last}",
                len(listed),
            ).format(
                n=len(listed), first=min(e["on"] for e in listed), last=max(e["on"] for e in listed)
            )
        )
    if summary["file"]:
        head.append(_("file {file}").format(file=summary["file"]))
    frameworks = _("; ").join(
        _("{id} {name}: {nodes} nodes, {standards} standards").format(
            id=fw["id"], name=fw["name"], nodes=fw["nodes"], standards=fw["standards"]
        )
        for fw in summary["frameworks"]
    )
    tasks = summary["tasks"]
    rows = [
        [_("Frameworks"), len(summary["frameworks"]), frameworks],
        [_("Units"), summary["units"]["total"], _breakdown(summary["units"]["by_level"], Level)],
        [_("People"), summary["people"], ""],
        [
            _("Appointments"),
            summary["appointments"]["total"],
            _breakdown(summary["appointments"]["by_post"], Post),
        ],
        [_("Contracts"), summary["contracts"], ""],
        [_("Specialist groups"), summary["groups"], ""],
        [
            _("Places"),
            summary["places"]["total"],
            _breakdown(summary["places"]["by_kind"], PlaceKind),
        ],
        [_("Tasks and problems"), tasks["total"], _breakdown(tasks["by_kind"], TaskKind)],
        ["  " + _("by phase"), "", _breakdown(tasks["by_phase"], Phase)],
        ["  " + _("ongoing"), tasks["ongoing"], ""],
        [
            _("Journal"),
            summary["journal"]["total"],
            _breakdown(summary["journal"]["by_action"], Action),
        ],
        [
            _("Negative list"),
            summary["negative_list"]["total"],
            _("one-vote veto {n}").format(n=summary["negative_list"]["veto"]),
        ],
        [_("Incidents"), summary["incidents"], ""],
        [_("Inspections"), summary["inspections"], ""],
        [_("Schedules"), summary["schedules"], ""],
        [_("Waivers"), summary["waivers"], ""],
        [
            _("Raw spreadsheet rows"),
            summary["raw_rows"],
            _("listed by civledger check (XLS)") if summary["raw_rows"] else "",
        ],
        [
            _("Load findings"),
            summary["load_findings"],
            _("run civledger check to see them") if summary["load_findings"] else "",
        ],
    ]
    return (
        "\n".join(head)
        + "\n\n"
        + table(
            [_("Kind"), _("Count"), _("Breakdown")],
            rows,
            numeric=[False, True, False],
            width=screen_width(),
        )
    )
