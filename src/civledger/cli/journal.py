"""``civledger journal repair LEDGER``: mend a journal file after a crash."""

from __future__ import annotations

import argparse
import sys

from civledger.cli.check import format_issue
from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside
from civledger.cli.output import Style, emit
from civledger.i18n import _, ngettext
from civledger.writer import JournalWriter

__all__ = ["add_parser", "run_repair"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command and its subcommands."""
    parser = commands.add_parser(
        "journal",
        help=_("look after a journal kept in its own file (repair after a crash)"),
        description=_("Commands for a ledger whose journal lives in its own JSON Lines file."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    repair = actions.add_parser(
        "repair",
        help=_("move a line cut off by a crash to the side file beside the journal"),
        description=_(
            "Take the journal file's lock and mend its end: a last line cut off by a crash "
            "(LDG015) is moved to the side file <journal>.torn and reported once (LDG018); "
            "a last entry missing only its newline gets it. Apps appending meanwhile wait "
            "for the lock and lose nothing. The next append does the same by itself. Exit 0 "
            "when the journal is whole, 2 when the ledger or its journal cannot be read."
        ),
    )
    repair.add_argument("file", metavar="LEDGER", help=_("the ledger (.yaml, .json)"))
    add_allow_outside(repair)
    repair.set_defaults(run=run_repair)


def run_repair(args: argparse.Namespace) -> int:
    """Run ``civledger journal repair``; return the exit code."""
    writer = JournalWriter.open(args.file, allow_outside=args.allow_outside)
    if writer.path is None:
        print(
            _("{file} keeps its journal in the document: nothing to repair").format(file=args.file),
            file=sys.stderr,
        )
        return ExitCode.OK
    notes = writer.repair()
    style = Style(sys.stdout)
    blocks = [format_issue(note, style) for note in notes]
    blocks.append(
        ngettext(
            "repaired {file}: moved {n} line cut off by a crash aside",
            "repaired {file}: moved {n} lines cut off by a crash aside",
            len(notes),
        ).format(file=writer.path, n=len(notes))
        if notes
        else _("{file} is whole: nothing to repair").format(file=writer.path)
    )
    emit("\n".join(blocks), None)
    return ExitCode.OK
