"""``civledger info FILE``: what a ledger holds."""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_format
from civledger.cli.output import emit
from civledger.i18n import _
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
        help="show what a ledger holds (counts by kind, level, phase)",
        description="Load a ledger and print what it holds.",
    )
    parser.add_argument("file", metavar="FILE", help="a ledger file (.yaml, .json)")
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    summary = ledger_summary(load(args.file, progress=for_stream()))
    if args.format == "json":
        emit(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    else:
        emit(render_text(summary), None)
    return ExitCode.OK


def _breakdown(counts: dict[str, int], kind: type[LabeledEnum]) -> str:
    def label(value: str) -> str:
        return "未填" if value == UNSET else kind.parse(value).label

    return "，".join(f"{label(k)} {v}" for k, v in counts.items())


def render_text(summary: dict[str, Any]) -> str:
    """The summary for people, in Chinese labels.

    Examples
    --------
    >>> from civledger import testing
    >>> from civledger.reports.summary import ledger_summary
    >>> print(render_text(ledger_summary(testing.small_ledger())))  # doctest: +ELLIPSIS
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
    head.append(f"测评日期 {campaign['evaluation'] or '未定'}，时区 {campaign['timezone']}")
    if summary["file"]:
        head.append(f"文件 {summary['file']}")
    frameworks = "；".join(
        f"{fw['id']} {fw['name']}：{fw['nodes']} 个节点，{fw['standards']} 条测评标准"
        for fw in summary["frameworks"]
    )
    tasks = summary["tasks"]
    rows = [
        ["测评体系", len(summary["frameworks"]), frameworks],
        ["单位", summary["units"]["total"], _breakdown(summary["units"]["by_level"], Level)],
        ["人员", summary["people"], ""],
        [
            "任职",
            summary["appointments"]["total"],
            _breakdown(summary["appointments"]["by_post"], Post),
        ],
        ["包联", summary["contracts"], ""],
        ["专业组", summary["groups"], ""],
        [
            _("places"),
            summary["places"]["total"],
            _breakdown(summary["places"]["by_kind"], PlaceKind),
        ],
        ["任务与问题", tasks["total"], _breakdown(tasks["by_kind"], TaskKind)],
        ["  按阶段", "", _breakdown(tasks["by_phase"], Phase)],
        ["  长期坚持", tasks["ongoing"], ""],
        [
            "工作日志",
            summary["journal"]["total"],
            _breakdown(summary["journal"]["by_action"], Action),
        ],
        [
            "负面清单",
            summary["negative_list"]["total"],
            f"一票否决 {summary['negative_list']['veto']}",
        ],
        ["事件", summary["incidents"], ""],
        ["督查测评", summary["inspections"], ""],
        [_("schedules"), summary["schedules"], ""],
        ["豁免", summary["waivers"], ""],
        [
            "未读表格行",
            summary["raw_rows"],
            "civledger check 列出（XLS）" if summary["raw_rows"] else "",
        ],
        [
            "读取问题",
            summary["load_findings"],
            "运行 civledger check 查看" if summary["load_findings"] else "",
        ],
    ]
    return (
        "\n".join(head)
        + "\n\n"
        + table(["类别", "数量", "分布"], rows, numeric=[False, True, False])
    )
