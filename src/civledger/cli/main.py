"""The ``civledger`` command: parse arguments, call the library, print, exit.

Bad input never ends in a traceback: files that cannot be read and wrong
arguments print one line naming the problem and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from civledger._extras import EXTRAS
from civledger._version import __version__
from civledger.bulk import paused_gc
from civledger.cli.exit import ExitCode
from civledger.errors import CivLedgerError

__all__ = ["COMMANDS", "build_parser", "main", "run"]

COMMANDS = (
    "check",
    "info",
    "who",
    "duties",
    "log",
    "journal",
    "report",
    "plan",
    "calendar",
    "xlsx",
    "rules",
    "synth",
    "schema",
)
"""The modules of :mod:`civledger.cli` that add a command each, in the order of the help.

They are loaded when the parser is built, so that ``civledger --version`` answers
without loading the library behind the commands."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command.

    Examples
    --------
    >>> build_parser().parse_args(["check", "a.yaml", "--strict"]).strict
    True
    """
    parser = argparse.ArgumentParser(
        prog="civledger",
        description=(
            "Work ledgers (台账) for civilized-city campaigns: check, inspect, report, plan, "
            "import and export Excel, synthesize."
        ),
    )
    parser.add_argument("--version", action="version", version=f"civledger {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show Python tracebacks of internal errors"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"civledger.cli.{name}").add_parser(commands)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (for tests and embedding).

    Examples
    --------
    >>> run(["info", "no-such-file.yaml"])
    2
    """
    given = sys.argv[1:] if argv is None else list(argv)
    if given == ["--version"]:
        # Answered before the commands (and the library behind them) are loaded.
        print(f"civledger {__version__}")
        return int(ExitCode.OK)
    parser = build_parser()
    try:
        args = parser.parse_args(given)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else int(ExitCode.ERROR)
    try:
        # The command builds many objects at once and holds no cycles worth collecting:
        # the collector waits until it is done (and is restored as it was).
        with paused_gc():
            return int(args.run(args))
    except CivLedgerError as exc:
        print(f"civledger: {exc}", file=sys.stderr)
        return int(ExitCode.ERROR)
    except KeyboardInterrupt:
        print("civledger: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (| head); nothing more to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitCode.OK)
    except ImportError as exc:
        # An optional package missing below a call that did not say so itself.
        package = (exc.name or "").partition(".")[0]
        extra = EXTRAS.get(package)
        install = f"pip install 'civledger[{extra}]'" if extra else "install it"
        print(f"civledger: {package or exc} is not installed: {install}", file=sys.stderr)
        return int(ExitCode.ERROR)
    except MemoryError:
        print("civledger: out of memory", file=sys.stderr)
        return int(ExitCode.ERROR)
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"civledger: internal error: {type(exc).__name__}: {exc}\n"
            "  this is a defect in civledger; run again with --debug for the traceback"
            " and report it",
            file=sys.stderr,
        )
        return int(ExitCode.ERROR)


def main() -> None:
    """The console entry point."""
    sys.exit(run())
