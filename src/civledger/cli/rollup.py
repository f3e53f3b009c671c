"""``civledger rollup LEDGER... -o DIR``: many ledgers into one Parquet dataset, with a summary."""

from __future__ import annotations

import argparse
import sys

from civledger.cli.exit import ExitCode
from civledger.cli.options import add_allow_outside, add_as_of, add_format, jobs_count
from civledger.cli.output import screen_width
from civledger.errors import CivLedgerError
from civledger.i18n import N_, _, ngettext
from civledger.progress import for_stream
from civledger.scaleout import rollup
from civledger.scaleout.engines import ENGINES

__all__ = ["add_parser", "run"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "rollup",
        help=_("roll many ledgers up into one Parquet dataset (locally or on Dask)"),
        description=_(
            "Load, check and query each ledger in a worker, which writes its rows to DIR: "
            "the Parquet datasets tasks, findings, units and progress, partitioned by "
            "campaign (campaign=ID), and _rollup.json. Print a summary per ledger; a ledger "
            "that cannot be read is reported there and the others are rolled up all the "
            "same. Exit 0 when every ledger was rolled up, 2 otherwise. docs/scale-out.md "
            "shows queries over the dataset."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="LEDGER", help=_("ledger files (.yaml, .json)"))
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help=_("the dataset's folder: new, empty, or an earlier roll-up (replaced)"),
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        help=_(
            "local: processes on this machine (the default); dask: Dask distributed "
            "(pip install 'civledger[rollup]')"
        ),
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=_(
            "the Dask scheduler to use (tcp://HOST:8786; implies --engine dask); without it "
            "the dask engine starts a cluster on this machine"
        ),
    )
    add_as_of(parser, N_("take every ledger's state as on this date"))
    parser.add_argument(
        "-j",
        "--jobs",
        type=jobs_count,
        metavar="N",
        help=_(
            "workers on this machine (default: its processors); a scheduler's cluster has its own"
        ),
    )
    add_format(parser)
    add_allow_outside(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    engine = args.engine or ("dask" if args.scheduler else "local")
    if args.scheduler and engine != "dask":
        raise CivLedgerError(_("--scheduler is for --engine dask"))
    summary = rollup(
        args.files,
        args.output,
        engine=engine,
        scheduler=args.scheduler,
        as_of=args.as_of,
        jobs=args.jobs,
        allow_outside=args.allow_outside,
        progress=for_stream(),
        pause_gc=True,
    )
    if args.format == "json":
        print(summary.to_json())
    else:
        print(summary.to_table().to_text(width=screen_width()))
    if summary.failed:
        print(
            "civledger: "
            + ngettext(
                "{failed} of {n} ledger could not be rolled up (see the summary)",
                "{failed} of {n} ledgers could not be rolled up (see the summary)",
                len(summary.ledgers),
            ).format(failed=len(summary.failed), n=len(summary.ledgers)),
            file=sys.stderr,
        )
    return ExitCode.OK if summary.ok else ExitCode.ERROR
