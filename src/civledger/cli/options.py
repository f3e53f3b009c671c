"""Options several commands share: the date to work as of, the output format."""

from __future__ import annotations

import argparse
from datetime import date

from civledger.i18n import N_, _, gettext
from civledger.model.arguments import parse_day

__all__ = ["add_allow_outside", "add_as_of", "add_format", "iso_date", "jobs_count"]

DEFAULT_DAY = N_("default: the ledger's as_of, else today")


def iso_date(text: str) -> date:
    """An argparse type for a day as offices write it (as :func:`~civledger.parse_day` reads).

    Examples
    --------
    >>> iso_date("2026-06-30"), iso_date("2026/6/30"), iso_date("2026年6月30日")
    (datetime.date(2026, 6, 30), datetime.date(2026, 6, 30), datetime.date(2026, 6, 30))
    """
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def jobs_count(text: str) -> int:
    """An argparse type for ``--jobs``: a whole number, at least 1.

    Examples
    --------
    >>> jobs_count("4")
    4
    >>> jobs_count("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --jobs must be at least 1
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("--jobs must be at least 1"))
    return value


def add_as_of(parser: argparse.ArgumentParser, what: str = N_("the date")) -> None:
    """``--as-of DATE``, explained as ``what`` (a message) and the default day.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_as_of(parser)
    >>> parser.parse_args(["--as-of", "2026-06-30"]).as_of
    datetime.date(2026, 6, 30)
    """
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help=_("{what} ({default})").format(what=gettext(what), default=gettext(DEFAULT_DAY)),
    )


def add_format(parser: argparse.ArgumentParser) -> None:
    """``--format text|json`` (text by default).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_format(parser)
    >>> parser.parse_args([]).format
    'text'
    """
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("output format")
    )


def add_allow_outside(parser: argparse.ArgumentParser) -> None:
    """``--allow-outside``: read and write a journal file outside the ledger's folder.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_allow_outside(parser)
    >>> parser.parse_args([]).allow_outside, parser.parse_args(["--allow-outside"]).allow_outside
    (False, True)
    """
    parser.add_argument(
        "--allow-outside",
        action="store_true",
        help=_(
            "read (and write) a journal file the ledger names outside its own folder "
            "(refused by default: LDG016)"
        ),
    )
