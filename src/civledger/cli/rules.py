"""``civledger rules``: the rule catalogue."""

from __future__ import annotations

import argparse
import textwrap

import orjson

from civledger.checks.catalogue import default_registry
from civledger.cli.exit import ExitCode
from civledger.cli.options import add_format
from civledger.cli.output import emit, screen_width
from civledger.text import table

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "rules",
        help="list the rules civledger check can run",
        description="List every rule: code, name, severity, tier and title.",
    )
    parser.add_argument(
        "selectors",
        nargs="*",
        metavar="CODE",
        help="show only these rules, with their descriptions",
    )
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code."""
    registry = default_registry()
    chosen = list(registry)
    if args.selectors:
        wanted = {r.code for r in registry.select(args.selectors, strict=True)}
        wanted |= {registry[s].code for s in args.selectors if s in registry}
        chosen = [r for r in chosen if r.code in wanted]
    if args.format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity.value,
                "tier": r.tier.value,
                "title": r.title,
                "message": r.message,
                "hint": r.hint,
                "description": r.description,
            }
            for r in chosen
        ]
        emit(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    elif args.selectors:
        emit(
            "\n\n".join(
                f"{r.code} {r.name} ({r.severity.value}, {r.tier.value})\n"
                f"  {r.title}\n" + textwrap.indent(r.description or "", "  ").rstrip()
                for r in chosen
            ),
            None,
        )
    else:
        emit(
            table(
                ["code", "name", "severity", "tier", "title"],
                [[r.code, r.name, r.severity.value, r.tier.value, r.title] for r in chosen],
                width=screen_width(),
            ),
            None,
        )
    return ExitCode.OK
