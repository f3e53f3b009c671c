"""``civledger schema``: print the JSON Schema of the ledger format."""

from __future__ import annotations

import argparse

from civledger.cli.exit import ExitCode
from civledger.cli.output import check_output, emit
from civledger.i18n import _
from civledger.serialization.schema import shipped_schema

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "schema",
        help=_("print the JSON Schema of the ledger format"),
        description=(
            _(
                "Print the JSON Schema (draft 2020-12) that ledger files "
                "follow, for editors and tools."
            )
        ),
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write it to a file"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    check_output(args.output, (".json", ""), "schema")
    emit(shipped_schema(), args.output)
    return ExitCode.OK
