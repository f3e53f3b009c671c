"""``civledger import FILE.xlsx --into LEDGER`` and ``civledger export LEDGER -o OUT.xlsx``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import orjson

from civledger.cli.check import format_issue
from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, iso_date
from civledger.cli.output import LEDGER_SUFFIXES, Style, check_output, emit
from civledger.i18n import _, ngettext
from civledger.io import load
from civledger.io.journal_rewrite import Rewritten
from civledger.io.ledgers import write_ledger
from civledger.io.xlsx.headers import HeaderMap, parse_header_option
from civledger.io.xlsx.read import Limits
from civledger.io.xlsx.write import export_xlsx
from civledger.model import Ledger, TaskKind
from civledger.progress import for_stream
from civledger.workbooks import import_xlsx
from civledger.writer import moved_aside

__all__ = ["LEFT_OUT", "add_parser", "header", "kept_notes", "megabytes"]


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
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a number of MiB").format(text=text)
        ) from None
    if not value > 0:
        raise argparse.ArgumentTypeError(
            _("the size must be more than 0 MiB, not {text}").format(text=text)
        )
    return int(value * 2**20)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the two commands."""
    imports = commands.add_parser(
        "import",
        help=_("import an Excel work ledger or problem list (.xlsx) into a ledger"),
        description=(
            _(
                "Read the tables of an .xlsx workbook (工作台账, 问题清单) into LEDGER: rows "
                "whose id the ledger has are updated, new rows are added, the ledger's other "
                "tasks are left alone, rows that cannot be read are kept raw. Every cell that "
                "could not be understood is reported with its sheet, row and column. LEDGER is "
                "rewritten (atomically) unless --dry-run or -o is given. Exit 0 when nothing was "
                "found, 1 when there are findings, 2 when a file cannot be read."
            )
        ),
    )
    imports.add_argument("file", metavar="FILE", help=_("the workbook (.xlsx)"))
    imports.add_argument(
        "--into",
        required=True,
        metavar="LEDGER",
        help=_("the ledger (.yaml, .json) whose units, people and frameworks the cells name"),
    )
    imports.add_argument(
        "--sheet",
        action="append",
        metavar="NAME",
        help=_("read only this sheet (may be repeated; default: every sheet)"),
    )
    imports.add_argument(
        "--header",
        type=header,
        action="append",
        default=[],
        metavar="列名=FIELD",
        help=_("map a header to a field (主责科室=lead), or to - to leave the column out"),
    )
    imports.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help=_(
            "read deadlines without a year against this date, and compare 是否销号 with the "
            "journal as on it (default: the ledger's as_of, else its evaluation date, else today)"
        ),
    )
    imports.add_argument(
        "--dry-run", action="store_true", help=_("report what would change; write nothing")
    )
    imports.add_argument(
        "-o", "--output", metavar="FILE", help=_("write the result here instead of LEDGER")
    )
    imports.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("output format")
    )
    imports.add_argument(
        "--max-size",
        type=megabytes,
        default=Limits().max_bytes,
        metavar="MIB",
        help=_("refuse workbooks bigger than this (default 50 MiB)"),
    )
    add_allow_outside(imports)
    imports.set_defaults(run=run_import)

    exports = commands.add_parser(
        "export",
        help=_("write a ledger's tasks, problems and raw rows to an .xlsx workbook"),
        description=(
            _(
                "Write LEDGER to an .xlsx workbook in the layout civledger import reads back: "
                "工作台账 (tasks), 问题清单 (problems), 未识别行 (raw rows)."
            )
        ),
    )
    exports.add_argument("file", metavar="LEDGER", help=_("the ledger (.yaml, .json)"))
    exports.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=_("the workbook to write (.xlsx)")
    )
    exports.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help=_("进展情况 and 是否销号 as on this date (default: the ledger's as_of, else today)"),
    )
    add_allow_outside(exports)
    exports.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    """Run ``civledger import``; return the exit code."""
    if not args.dry_run:
        check_output(args.output, LEDGER_SUFFIXES, "import")
    ledger = load(args.into, progress=for_stream(), allow_outside=args.allow_outside)
    result = import_xlsx(
        args.file,
        into=ledger,
        sheets=args.sheet,
        headers=HeaderMap(dict(args.header)),
        reference=args.as_of,
        limits=Limits(max_bytes=args.max_size),
    )
    target = None if args.dry_run else (args.output or args.into)
    rewritten = None
    if target is not None:
        rewritten = write_ledger(result.ledger, target, allow_outside=args.allow_outside)
    kept = kept_notes(ledger, rewritten, args.into)
    if args.format == "json":
        doc = {
            "file": args.file,
            "into": args.into,
            "written": target,
            **result.to_dict(),
            "kept": kept,
        }
        emit(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    else:
        style = Style(sys.stdout)
        blocks = [format_issue(issue, style) for issue in result.issues]
        if rewritten is not None and rewritten.healed is not None:
            blocks.append(format_issue(moved_aside(rewritten.healed, rewritten.path), style))
        blocks.extend(_("note: {note}").format(note=note) for note in kept)
        where = (
            _("wrote {file}").format(file=target)
            if target is not None
            else _("dry run: nothing written")
        )
        blocks.append(_("{where}: {summary}").format(where=where, summary=result.summary()))
        emit("\n".join(blocks), None)
    return ExitCode.OK if result.valid else ExitCode.FINDINGS


def kept_notes(loaded: Ledger, rewritten: Rewritten | None, file: str) -> list[str]:
    """What a rewrite of a loaded ledger kept as it was, and what it could not keep.

    Nothing is dropped silently: journal lines the ledger could not read, and
    lines others appended since it was read, are kept (and said so); values the
    loader could not read in the ledger's own document are not in the ledger, so
    the rewrite leaves them out, and says which findings name them.

    Examples
    --------
    >>> from civledger import testing
    >>> kept_notes(testing.small_ledger(), None, "ledger.yaml")
    []
    """
    notes = []
    if rewritten is not None:
        if rewritten.verbatim or rewritten.unread:
            n = rewritten.verbatim + rewritten.unread
            notes.append(
                ngettext(
                    "kept {n:,} line of the journal file {file} as it was: civledger could not "
                    "read it whole (civledger check reports it)",
                    "kept {n:,} lines of the journal file {file} as they were: civledger could "
                    "not read them whole (civledger check reports them)",
                    n,
                ).format(n=n, file=rewritten.path)
            )
        if rewritten.appended:
            notes.append(
                ngettext(
                    "kept {n:,} line another program appended to {file} since the ledger was read",
                    "kept {n:,} lines other programs appended to {file} since the ledger was read",
                    rewritten.appended,
                ).format(n=rewritten.appended, file=rewritten.path)
            )
    origin = loaded.origin
    lost = Counter(
        o.code
        for o in (origin.observations if origin is not None else ())
        if o.location.file == file and o.code in LEFT_OUT
    )
    if lost:
        codes = ", ".join(f"{code} ×{n}" if n > 1 else code for code, n in sorted(lost.items()))
        notes.append(
            _(
                "what could not be read in {file} when it was loaded ({codes}) is not in the "
                "ledger and was not written again: civledger check {file} lists it"
            ).format(file=file, codes=codes)
        )
    return notes


LEFT_OUT = frozenset({"LDG001", "LDG002", "LDG003", "LDG004", "LDG005", "LDG006", "LDG017"})
"""The load findings about values a rewrite of the document cannot keep."""


def run_export(args: argparse.Namespace) -> int:
    """Run ``civledger export``; return the exit code."""
    check_output(args.output, (".xlsx",), "export")
    ledger = load(args.file, progress=for_stream(), allow_outside=args.allow_outside)
    export_xlsx(ledger, args.output, as_of=args.as_of)
    tasks = sum(t.kind is TaskKind.TASK for t in ledger.tasks)
    print(
        _("wrote {file}: {tasks:,} tasks, {problems:,} problems, {raw:,} raw rows").format(
            file=args.output,
            tasks=tasks,
            problems=len(ledger.tasks) - tasks,
            raw=len(ledger.raw_rows),
        ),
        file=sys.stderr,
    )
    return ExitCode.OK
