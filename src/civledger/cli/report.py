"""``civledger report KIND FILE``: the reports a campaign office circulates, in its formats."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_as_of
from civledger.errors import CivLedgerError
from civledger.io import load
from civledger.io.atomic import atomic_write
from civledger.model import Ledger
from civledger.progress import for_stream
from civledger.reports.render import FORMATS, SUFFIXES, render
from civledger.reports.table import Table

__all__ = ["CHART_KINDS", "KINDS", "TABLE_KINDS", "add_parser", "choose_format", "make_table"]

TABLE_KINDS: tuple[str, ...] = (
    "progress",
    "measures",
    "ranking",
    "coverage",
    "scorecard",
    "overdue",
    "materials",
)
"""The reports that are tables (``ranking`` also draws as bars with ``--format png``)."""

CHART_KINDS: tuple[str, ...] = ("battle-map", "burndown")
"""The reports that are charts only (PNG)."""

KINDS: tuple[str, ...] = TABLE_KINDS + CHART_KINDS
"""Every kind of report."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "report",
        help="reports: progress, measures (指标进度), ranking (月考), coverage, scorecard, "
        "overdue (督办), materials, battle map, burndown",
        description=(
            "Make a report of a ledger as of a date: a table as text, Markdown, CSV, JSON, "
            "an Excel workbook or an HTML page, or a chart as PNG (battle-map, burndown, "
            "and ranking as bars). Text goes to standard output unless -o names a file; "
            "xlsx and png need -o. Without --format, the suffix of -o decides."
        ),
    )
    parser.add_argument("kind", metavar="KIND", choices=KINDS, help=", ".join(KINDS))
    parser.add_argument("file", metavar="FILE", help="a ledger file")
    add_as_of(parser)
    parser.add_argument(
        "--level",
        default=None,
        metavar="LEVEL",
        help="progress and ranking: the units' level, street (with towns, the default), "
        "community (with villages), grid, county, department",
    )
    parser.add_argument(
        "--period",
        metavar="YYYY-MM",
        help="ranking: the month (default: the month of the date)",
    )
    parser.add_argument(
        "--top",
        type=int,
        metavar="N",
        help="ranking: commend the first N (10 streets, 30 communities)",
    )
    parser.add_argument(
        "--bottom", type=int, metavar="N", help="ranking: criticise the last N (as --top)"
    )
    parser.add_argument(
        "--under",
        metavar="UNIT",
        help="progress, measures, overdue, battle-map: only at or below this unit",
    )
    parser.add_argument(
        "--task",
        metavar="TASK",
        help="burndown: burn down this task's measure (its primary one, or --measure)",
    )
    parser.add_argument(
        "--measure", metavar="NAME", help="burndown with --task: the measure, by name"
    )
    parser.add_argument(
        "--format",
        choices=(*FORMATS, "png"),
        help="text (default for tables), md, csv, json, xlsx, html, png (charts)",
    )
    parser.add_argument("--bom", action="store_true", help="csv: start with a UTF-8 BOM for Excel")
    parser.add_argument("-o", "--output", metavar="OUT", help="write to this file (atomically)")
    parser.set_defaults(run=run)


def choose_format(kind: str, format: str | None, output: str | None) -> str:
    """The output format: ``--format``, else the suffix of ``-o``, else text (png for charts).

    Raises
    ------
    CivLedgerError
        For a chart asked for in a table format, a table in PNG (but the ranking), or a
        binary format without ``-o``.

    Examples
    --------
    >>> choose_format("progress", None, "进度.xlsx"), choose_format("burndown", None, "燃尽.png")
    ('xlsx', 'png')
    >>> choose_format("progress", "png", "a.png")
    Traceback (most recent call last):
    ...
    civledger.errors.CivLedgerError: progress is a table: use --format text, md, csv, ...
    """
    chosen = format
    if chosen is None and output not in (None, "-"):
        suffix = "." + str(output).rsplit(".", 1)[-1].lower() if "." in str(output) else ""
        chosen = SUFFIXES.get(suffix)
    if chosen is None:
        chosen = "png" if kind in CHART_KINDS else "text"
    if kind in CHART_KINDS and chosen != "png":
        raise CivLedgerError(f"{kind} is a chart: use --format png (and -o FILE.png)")
    if chosen == "png" and kind not in (*CHART_KINDS, "ranking"):
        raise CivLedgerError(
            f"{kind} is a table: use --format text, md, csv, json, xlsx or html "
            "(png is for battle-map, burndown and ranking)"
        )
    if chosen in ("xlsx", "png") and output in (None, "-"):
        raise CivLedgerError(f"--format {chosen} writes a binary file: give -o FILE.{chosen}")
    return chosen


def make_table(ledger: Ledger, kind: str, args: argparse.Namespace, day: date) -> Table:
    """The table of a report kind for the command's options."""
    from civledger import reports

    level: dict[str, Any] = {"level": args.level} if args.level else {}
    if kind == "progress":
        return reports.progress_report(ledger, as_of=day, under=args.under, **level)
    if kind == "measures":
        return reports.measures_report(ledger, as_of=day, under=args.under)
    if kind == "ranking":
        return reports.ranking_report(
            ledger, as_of=day, period=args.period, top=args.top, bottom=args.bottom, **level
        )
    if kind == "coverage":
        return reports.coverage_report(ledger, as_of=day)
    if kind == "scorecard":
        return reports.scorecard_report(ledger, as_of=day)
    if kind == "overdue":
        return reports.overdue_report(ledger, as_of=day, under=args.under)
    return reports.materials_report(ledger, as_of=day)


def _check_options(args: argparse.Namespace) -> None:
    used = {
        "--level": (args.level, ("progress", "ranking")),
        "--period": (args.period, ("ranking",)),
        "--top": (args.top, ("ranking",)),
        "--bottom": (args.bottom, ("ranking",)),
        "--under": (args.under, ("progress", "measures", "overdue", "battle-map")),
        "--task": (args.task, ("burndown",)),
        "--measure": (args.measure, ("burndown",)),
    }
    for option, (value, kinds) in used.items():
        if value is not None and args.kind not in kinds:
            raise CivLedgerError(f"{option} does not apply to the {args.kind} report")
    if args.measure is not None and args.task is None:
        raise CivLedgerError("--measure needs --task: the task whose measure to burn down")


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    _check_options(args)
    chosen = choose_format(args.kind, args.format, args.output)
    ledger = load(args.file, progress=for_stream())
    day = args.as_of or ledger.campaign.default_date()
    if chosen == "png":
        from civledger.reports import charts

        if args.kind == "battle-map":
            figure = charts.battle_map(ledger, as_of=day, under=args.under)
        elif args.kind == "burndown":
            figure = charts.burndown_chart(ledger, as_of=day, task=args.task, measure=args.measure)
        else:
            figure = charts.ranking_chart(make_table(ledger, args.kind, args, day))
        atomic_write(args.output, charts.chart_png(figure))
        print(f"wrote {args.output}", file=sys.stderr)
        return ExitCode.OK
    data = render(make_table(ledger, args.kind, args, day), chosen, bom=args.bom)  # type: ignore[arg-type]
    if args.output in (None, "-"):
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
    else:
        atomic_write(args.output, data)
    return ExitCode.OK
