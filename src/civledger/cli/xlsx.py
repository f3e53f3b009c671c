"""``civledger import FILE.xlsx --into LEDGER`` and ``civledger export LEDGER -o OUT.xlsx``."""

from __future__ import annotations

import argparse
import sys

import orjson

from civledger.cli.check import format_issue
from civledger.cli.exit import ExitCode
from civledger.cli.options import iso_date
from civledger.cli.output import LEDGER_SUFFIXES, Style, check_output, emit
from civledger.io import dump, load
from civledger.io.xlsx.headers import HeaderMap, parse_header_option
from civledger.io.xlsx.read import Limits
from civledger.io.xlsx.write import export_xlsx
from civledger.model import TaskKind
from civledger.progress import for_stream
from civledger.workbooks import import_xlsx

__all__ = ["add_parser", "header", "megabytes"]


def header(text: str) -> tuple[str, str]:
    """An argparse type for ``--header 列名=field``.

    Examples
    --------
    >>> header("主责科室=lead")
    ('主责科室', 'lead')
    """
    try:
        return parse_header_option(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def megabytes(text: str) -> int:
    """An argparse type for a size in MiB (``50``), returned in bytes.

    Examples
    --------
    >>> megabytes("2") == 2 * 2**20
    True
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of MiB") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"the size must be more than 0 MiB, not {text}")
    return int(value * 2**20)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the two commands."""
    imports = commands.add_parser(
        "import",
        help="import an Excel work ledger or problem list (.xlsx) into a ledger",
        description=(
            "Read the tables of an .xlsx workbook (工作台账, 问题清单) into LEDGER: rows whose id "
            "the ledger has are updated, new rows are added, the ledger's other tasks are left "
            "alone, rows that cannot be read are kept raw. Every cell that could not be "
            "understood is reported with its sheet, row and column. LEDGER is rewritten "
            "(atomically) unless --dry-run or -o is given. Exit 0 when nothing was found, 1 "
            "when there are findings, 2 when a file cannot be read."
        ),
    )
    imports.add_argument("file", metavar="FILE", help="the workbook (.xlsx)")
    imports.add_argument(
        "--into",
        required=True,
        metavar="LEDGER",
        help="the ledger (.yaml, .json) whose units, people and frameworks the cells name",
    )
    imports.add_argument(
        "--sheet",
        action="append",
        metavar="NAME",
        help="read only this sheet (may be repeated; default: every sheet)",
    )
    imports.add_argument(
        "--header",
        type=header,
        action="append",
        default=[],
        metavar="列名=FIELD",
        help="map a header to a field (主责科室=lead), or to - to leave the column out",
    )
    imports.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="read deadlines without a year against this date, and compare 是否销号 with the "
        "journal as on it (default: the ledger's as_of, else its evaluation date, else today)",
    )
    imports.add_argument(
        "--dry-run", action="store_true", help="report what would change; write nothing"
    )
    imports.add_argument(
        "-o", "--output", metavar="FILE", help="write the result here instead of LEDGER"
    )
    imports.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    imports.add_argument(
        "--max-size",
        type=megabytes,
        default=Limits().max_bytes,
        metavar="MIB",
        help="refuse workbooks bigger than this (default 50 MiB)",
    )
    imports.set_defaults(run=run_import)

    exports = commands.add_parser(
        "export",
        help="write a ledger's tasks, problems and raw rows to an .xlsx workbook",
        description=(
            "Write LEDGER to an .xlsx workbook in the layout civledger import reads back: "
            "工作台账 (tasks), 问题清单 (problems), 未识别行 (raw rows)."
        ),
    )
    exports.add_argument("file", metavar="LEDGER", help="the ledger (.yaml, .json)")
    exports.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the workbook to write (.xlsx)"
    )
    exports.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="进展情况 and 是否销号 as on this date (default: the ledger's as_of, else today)",
    )
    exports.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    """Run ``civledger import``; return the exit code."""
    if not args.dry_run:
        check_output(args.output, LEDGER_SUFFIXES, "import")
    ledger = load(args.into, progress=for_stream())
    result = import_xlsx(
        args.file,
        into=ledger,
        sheets=args.sheet,
        headers=HeaderMap(dict(args.header)),
        reference=args.as_of,
        limits=Limits(max_bytes=args.max_size),
    )
    target = None if args.dry_run else (args.output or args.into)
    if target is not None:
        dump(result.ledger, target)
    if args.format == "json":
        doc = {"file": args.file, "into": args.into, "written": target, **result.to_dict()}
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    else:
        style = Style(sys.stdout)
        blocks = [format_issue(issue, style) for issue in result.issues]
        where = f"wrote {target}" if target is not None else "dry run: nothing written"
        blocks.append(f"{where}: {result.summary()}")
        emit("\n".join(blocks), None)
    return ExitCode.OK if result.valid else ExitCode.FINDINGS


def run_export(args: argparse.Namespace) -> int:
    """Run ``civledger export``; return the exit code."""
    check_output(args.output, (".xlsx",), "export")
    ledger = load(args.file, progress=for_stream())
    export_xlsx(ledger, args.output, as_of=args.as_of)
    tasks = sum(t.kind is TaskKind.TASK for t in ledger.tasks)
    print(
        f"wrote {args.output}: {tasks:,} tasks, {len(ledger.tasks) - tasks:,} problems, "
        f"{len(ledger.raw_rows):,} raw rows",
        file=sys.stderr,
    )
    return ExitCode.OK
