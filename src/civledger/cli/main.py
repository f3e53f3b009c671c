"""The ``civledger`` command: parse arguments, call the library, print, exit.

Bad input never ends in a traceback: files that cannot be read and wrong
arguments print one line naming the problem and exit 2.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from civledger._extras import EXTRAS
from civledger._version import __version__
from civledger.bulk import paused_gc
from civledger.cli.exit import ExitCode
from civledger.cli.parser import Parser
from civledger.errors import CivLedgerError, MissingExtraError
from civledger.i18n import LANGUAGES, _, use_language

__all__ = ["COMMANDS", "build_parser", "main", "run", "split_language"]

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
    "rollup",
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
    parser = Parser(
        prog="civledger",
        description=(
            _(
                "Work ledgers (台账) for civilized-city campaigns: check, inspect, report, plan, "
                "import and export Excel, synthesize."
            )
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"civledger {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--debug", action="store_true", help=_("show Python tracebacks of internal errors")
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        metavar="LANG",
        help=_("zh (中文, the default) or en: the language of messages, help and reports"),
    )
    parser.epilog = _(
        "Run civledger COMMAND --help for a command's options and examples "
        "(docs/cli.md describes every command)."
    )
    # Not required: with no command, the whole help is printed (see _run), not a usage line.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"civledger.cli.{name}").add_parser(commands)
    return parser


def split_language(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """The ``--lang`` asked for anywhere on the command line, and the other arguments.

    ``--lang`` may come before or after the command (``civledger check a.yaml --lang en``).

    Examples
    --------
    >>> split_language(["check", "a.yaml", "--lang", "en"])
    ('en', ['check', 'a.yaml'])
    >>> split_language(["--lang=zh", "rules"])
    ('zh', ['rules'])
    """
    chosen: str | None = None
    rest: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--":
            rest.extend(["--", *items])
            break
        if item == "--lang":
            chosen = next(items, None)
        elif item.startswith("--lang="):
            chosen = item.split("=", 1)[1]
        else:
            rest.append(item)
    return chosen, rest


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (for tests and embedding).

    Examples
    --------
    >>> run(["info", "no-such-file.yaml"])
    2
    """
    lang, given = split_language(sys.argv[1:] if argv is None else list(argv))
    if lang is not None and lang not in LANGUAGES:
        print(
            _("civledger: --lang takes {languages}, not {lang!r}").format(
                languages=_(" or ").join(LANGUAGES), lang=lang
            ),
            file=sys.stderr,
        )
        return int(ExitCode.ERROR)
    with use_language(lang):
        return _run(given)


def _run(given: list[str]) -> int:
    if given == ["--version"]:
        # Answered before the commands (and the library behind them) are loaded.
        print(f"civledger {__version__}")
        return int(ExitCode.OK)
    parser = build_parser()
    try:
        args = parser.parse_args(given)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else int(ExitCode.ERROR)
    if args.command is None:
        # `civledger` alone: a newcomer asking what there is. The commands, then exit 2 as
        # for any call that names none.
        parser.print_help(sys.stderr)
        return int(ExitCode.ERROR)
    try:
        # The command builds many objects at once and holds no cycles worth collecting:
        # the collector waits until it is done (and is restored as it was).
        with paused_gc():
            return int(args.run(args))
    except MissingExtraError as exc:
        message = _("{purpose} needs {package}, which is not installed: {command}").format(
            purpose=exc.purpose,
            package=exc.package,
            command=f"pip install 'civledger[{exc.extra}]'",
        )
        print(f"civledger: {message}", file=sys.stderr)
        return int(ExitCode.ERROR)
    except CivLedgerError as exc:
        print(f"civledger: {exc}", file=sys.stderr)
        return int(ExitCode.ERROR)
    except KeyboardInterrupt:
        print(_("civledger: interrupted"), file=sys.stderr)
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
        install = f"pip install 'civledger[{extra}]'" if extra else _("install it")
        print(
            _("civledger: {package} is not installed: {install}").format(
                package=package or exc, install=install
            ),
            file=sys.stderr,
        )
        return int(ExitCode.ERROR)
    except MemoryError:
        print(_("civledger: out of memory"), file=sys.stderr)
        return int(ExitCode.ERROR)
    except Exception as exc:
        if args.debug:
            raise
        print(
            _("civledger: internal error: {kind}: {error}").format(
                kind=type(exc).__name__, error=exc
            )
            + "\n  "
            + _(
                "this is a defect in civledger; run again with --debug for "
                "the traceback and report it"
            ),
            file=sys.stderr,
        )
        return int(ExitCode.ERROR)


def main() -> None:
    """The console entry point: runs the command line, then ends the process at once.

    The process ends with its command, so the collector stays off for all of it, and
    the objects are not freed one by one at exit: the full pass of the collector and
    the interpreter's teardown over a million-task ledger cost some seconds more than
    a quarter of the check itself (``docs/performance.md``). What is registered to
    run at exit still runs, and the output streams are flushed first. :func:`run` is
    the call for tests and programs that embed the command line: it leaves the
    process as it found it.
    """
    gc.disable()
    code = run()
    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            # A closed pipe or a closed stream: nothing more can be said.
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
