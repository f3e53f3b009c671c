"""``civledger report KIND FILE``: the reports a campaign office circulates, in its formats."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_as_of
from civledger.cli.output import check_output, screen_width, suffix_of
from civledger.errors import CivLedgerError
from civledger.i18n import _
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
    "cycle",
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
        help=_(
            "reports: progress, measures (指标进度), ranking (月考), coverage, scorecard, "
            "overdue (督办), materials, cycle (years × titles), battle map, burndown"
        ),
        description=(
            _(
                "Make a report of a ledger as of a date: a table as text, Markdown, CSV, JSON, "
                "an Excel workbook or an HTML page, or a chart as PNG (battle-map, burndown, "
                "and ranking as bars). Text goes to standard output unless -o names a file; "
                "xlsx and png need -o. Without --format, the suffix of -o decides."
            )
        ),
    )
    parser.add_argument("kind", metavar="KIND", choices=KINDS, help=", ".join(KINDS))
    parser.add_argument("file", metavar="FILE", help=_("a ledger file"))
    add_as_of(parser)
    parser.add_argument(
        "--level",
        default=None,
        metavar="LEVEL",
        help=_(
            "progress and ranking: the units' level, street (with towns, the default), "
            "community (with villages), grid, county, department"
        ),
    )
    parser.add_argument(
        "--period",
        metavar="YYYY-MM",
        help=_("ranking: the month (default: the month of the date)"),
    )
    parser.add_argument(
        "--top",
        type=int,
        metavar="N",
        help=_(
            "ranking: commend the first N places, 0 for nobody (default: the ledger's "
            "ranking policy, else 10 streets, 30 communities)"
        ),
    )
    parser.add_argument(
        "--bottom",
        type=int,
        metavar="N",
        help=_(
            "ranking: criticise the last N places, 0 for nobody (default: the ledger's "
            "ranking policy, else nobody)"
        ),
    )
    parser.add_argument(
        "--title",
        metavar="FRAMEWORK",
        help=_("scorecard, coverage: only this title (the id of its framework)"),
    )
    parser.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help=_(
            "scorecard: the scorecard of this campaign year (as of its last day, counting "
            "that year's negative-list incidents)"
        ),
    )
    parser.add_argument(
        "--under",
        metavar="UNIT",
        help=_(
            "progress, measures, overdue, battle-map: only at or below this unit (an id or a name)"
        ),
    )
    parser.add_argument(
        "--task",
        metavar="TASK",
        help=_("burndown: burn down this task's measure (its primary one, or --measure)"),
    )
    parser.add_argument(
        "--measure", metavar="NAME", help=_("burndown with --task: the measure, by name")
    )
    parser.add_argument(
        "--format",
        choices=(*FORMATS, "png"),
        help=_("text (default for tables), md, csv, json, xlsx, html, png (charts)"),
    )
    parser.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=_(
            "csv: start with a UTF-8 byte-order mark, which Excel needs to show Chinese right "
            "(the default); --no-bom leaves it out"
        ),
    )
    parser.add_argument("-o", "--output", metavar="OUT", help=_("write to this file (atomically)"))
    add_allow_outside(parser)
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
    >>> choose_format("progress", None, "进度.xls")
    Traceback (most recent call last):
    ...
    civledger.errors.CivLedgerError: -o 进度.xls: civledger report cannot write .xls files; ...
    >>> choose_format("progress", "png", "a.png")
    Traceback (most recent call last):
    ...
    civledger.errors.CivLedgerError: progress is a table: use --format text, md, csv, ...
    """
    chosen = format
    if chosen is None and output not in (None, "-"):
        # Without --format the suffix decides: one it does not know is refused, not
        # written as text (a .xls or .docx file full of text opens as garbage).
        check_output(output, (*SUFFIXES, ""), "report")
        chosen = SUFFIXES.get(suffix_of(output))
    if chosen is None:
        chosen = "png" if kind in CHART_KINDS else "text"
    if kind in CHART_KINDS and chosen != "png":
        raise CivLedgerError(
            _("{kind} is a chart: use --format png (and -o FILE.png)").format(kind=kind)
        )
    if chosen == "png" and kind not in (*CHART_KINDS, "ranking"):
        raise CivLedgerError(
            _(
                "{kind} is a table: use --format text, md, csv, json, xlsx "
                "or html (png is for battle-map, burndown and ranking)"
            ).format(kind=kind)
        )
    if chosen in ("xlsx", "png") and output in (None, "-"):
        raise CivLedgerError(
            _("--format {chosen} writes a binary file: give -o FILE.{chosen}").format(chosen=chosen)
        )
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
        return reports.coverage_report(ledger, as_of=day, framework=args.title)
    if kind == "scorecard":
        return reports.scorecard_report(ledger, as_of=day, framework=args.title, year=args.year)
    if kind == "cycle":
        return reports.cycle_report(ledger, as_of=day)
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
        "--title": (args.title, ("scorecard", "coverage")),
        "--year": (args.year, ("scorecard",)),
    }
    for option, (value, kinds) in used.items():
        if value is not None and args.kind not in kinds:
            raise CivLedgerError(
                _("{option} does not apply to the {kind} report").format(
                    option=option, kind=args.kind
                )
            )
    if args.measure is not None and args.task is None:
        raise CivLedgerError(_("--measure needs --task: the task whose measure to burn down"))


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    _check_options(args)
    chosen = choose_format(args.kind, args.format, args.output)
    ledger = load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
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
        print(_("wrote {file}").format(file=args.output), file=sys.stderr)
        return ExitCode.OK
    data = render(
        make_table(ledger, args.kind, args, day),
        chosen,  # type: ignore[arg-type]
        bom=args.bom,
        width=screen_width(args.output),
    )
    if args.output in (None, "-"):
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
    else:
        atomic_write(args.output, data)
    return ExitCode.OK
