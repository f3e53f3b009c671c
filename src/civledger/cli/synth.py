"""``civledger synth``: write a deterministic synthetic ledger."""

from __future__ import annotations

import argparse
import sys

from civledger.cli.exit import ExitCode
from civledger.cli.output import LEDGER_SUFFIXES, check_output
from civledger.i18n import _
from civledger.io import dump
from civledger.progress import for_stream
from civledger.synth import synthesize

__all__ = ["add_parser"]


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("{text!r} is negative").format(text=text))
    return value


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "synth",
        help=_("write a deterministic synthetic ledger (for tests and benchmarks)"),
        description=(
            _(
                "Write a synthetic city: COUNTIES x STREETS x COMMUNITIES x GRIDS units, "
                "line departments, people and posts, TASKS tasks and problems with their journal."
            )
        ),
    )
    parser.add_argument(
        "--counties",
        type=_count,
        default=1,
        help=_("counties (default 1; more than 1 adds a city)"),
    )
    parser.add_argument(
        "--streets", type=_count, default=15, help=_("streets per county (default 15)")
    )
    parser.add_argument(
        "--communities", type=_count, default=20, help=_("communities per street (default 20)")
    )
    parser.add_argument(
        "--grids", type=_count, default=10, help=_("grids per community (default 10)")
    )
    parser.add_argument(
        "--tasks", type=_count, default=1000, help=_("tasks and problems (default 1000)")
    )
    parser.add_argument("--seed", type=int, default=0, help=_("random seed (default 0)"))
    parser.add_argument(
        "--campaign",
        default="synth",
        metavar="ID",
        help=_("the campaign's id (default synth; each ledger of a province has its own)"),
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=_("where to write (.json or .yaml)")
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    check_output(args.output, LEDGER_SUFFIXES, "synth")
    if min(args.counties, args.streets, args.communities, args.grids) < 1:
        print(
            "civledger synth: " + _("counties, streets, communities and grids must be at least 1"),
            file=sys.stderr,
        )
        return ExitCode.ERROR
    ledger = synthesize(
        counties=args.counties,
        streets=args.streets,
        communities=args.communities,
        grids=args.grids,
        tasks=args.tasks,
        seed=args.seed,
        progress=for_stream(),
        campaign=args.campaign,
    )
    dump(ledger, args.output)
    print(
        _("wrote {file}: {units:,} units, {tasks:,} tasks, {entries:,} journal entries").format(
            file=args.output,
            units=len(ledger.units),
            tasks=len(ledger.tasks),
            entries=len(ledger.journal),
        ),
        file=sys.stderr,
    )
    return ExitCode.OK
