"""``civledger rules``: the rule catalogue."""

from __future__ import annotations

import argparse

import orjson

from civledger.checks.catalogue import default_registry
from civledger.cli.exit import ExitCode
from civledger.cli.options import add_format
from civledger.cli.output import emit, screen_width
from civledger.cli.parser import wrapped
from civledger.findings import Rule
from civledger.i18n import _, localized
from civledger.text import table

__all__ = ["add_parser", "describe"]


def describe(rule: Rule) -> str:
    """A rule for people: its code, name, severity and tier, its title, its description.

    Examples
    --------
    >>> from civledger.checks.catalogue import default_registry
    >>> print(describe(default_registry()["OWN001"]))  # doctest: +ELLIPSIS
    OWN001 no-lead (error, basic)
      A task without a lead unit
      确保每项任务有人管: a task or problem without a lead unit is owned by nobody.
    """
    head = _("{code} {name} ({severity}, {tier})").format(
        code=rule.code,
        name=rule.name,
        severity=localized(rule.severity),
        tier=localized(rule.tier),
    )
    lines = [head, f"  {rule.text('title')}"]
    lines.extend(f"  {line}" for line in wrapped(rule.text("description") or "", 76))
    return "\n".join(lines)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "rules",
        help=_("list the rules civledger check can run"),
        description=_("List every rule: code, name, severity, tier and title."),
    )
    parser.add_argument(
        "selectors",
        nargs="*",
        metavar="CODE",
        help=_("show only these rules, with their descriptions"),
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
                "title": r.text("title"),
                "message": r.text("message"),
                "hint": r.text("hint"),
                "description": r.text("description"),
            }
            for r in chosen
        ]
        emit(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode("utf-8"), None)
    elif args.selectors:
        emit("\n\n".join(describe(r) for r in chosen), None)
    else:
        emit(
            table(
                [_("Code"), _("Rule name"), _("Severity"), _("Tier"), _("Rule title")],
                [
                    [
                        r.code,
                        r.name,
                        str(localized(r.severity)),
                        str(localized(r.tier)),
                        r.text("title") or "",
                    ]
                    for r in chosen
                ],
                width=screen_width(),
            ),
            None,
        )
    return ExitCode.OK
