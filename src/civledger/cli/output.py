"""Where command output goes: standard output, or a file written atomically."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import PurePath
from typing import TextIO

from civledger.errors import CivLedgerError
from civledger.i18n import _, either, lazy, localized, phrase
from civledger.io.atomic import atomic_write
from civledger.text import terminal_width

__all__ = ["LEDGER_SUFFIXES", "Style", "check_output", "emit", "screen_width", "suffix_of"]


def screen_width(output: str | None = None) -> int:
    """The width text tables fit: the terminal's for standard output (``COLUMNS`` when set,
    100 in a pipe), a printed page's for a file (``-o``); see :func:`civledger.text.terminal_width`.
    """
    return terminal_width(sys.stdout if output is None or output == "-" else None)


LEDGER_SUFFIXES = (".yaml", ".yml", ".json")
"""The suffixes of the ledger files the commands write."""


def suffix_of(output: str) -> str:
    """The suffix of an output file's name, in lower case (``""`` when it has none).

    Examples
    --------
    >>> suffix_of("进度.CSV"), suffix_of("out/report"), suffix_of(".hidden")
    ('.csv', '', '')
    """
    return PurePath(output).suffix.lower()


def check_output(
    output: str | None, suffixes: Sequence[str], command: str, option: str = "-o"
) -> None:
    """Refuse an output file whose suffix the command cannot write, naming the ones it can.

    ``""`` in ``suffixes`` allows a name without a suffix; ``-`` (standard output)
    is always allowed. Checked before any work is done, so that a long import or
    report never ends writing the wrong kind of file.

    Raises
    ------
    CivLedgerError
        With the suffixes the command writes.

    Examples
    --------
    >>> check_output("台账.xlsx", (".xlsx",), "export")
    >>> check_output("台账.csv", (".xlsx",), "export")
    Traceback (most recent call last):
    ...
    civledger.errors.CivLedgerError: -o 台账.csv: civledger export cannot write .csv files; ...xlsx
    """
    if output is None or output == "-":
        return
    suffix = suffix_of(output)
    if suffix in suffixes:
        return
    named = [s for s in suffixes if s]
    can: object = localized(either(named))
    if "" in suffixes:
        can = phrase("{suffixes} (or a name without a suffix)", suffixes=can)
    what = phrase("{suffix} files", suffix=suffix) if suffix else lazy("a file without a suffix")
    raise CivLedgerError(
        _("{option} {output}: civledger {command} cannot write {what}; it writes {can}").format(
            option=option, output=output, command=command, what=what, can=can
        )
    )


def emit(text: str, output: str | None, stream: TextIO | None = None) -> None:
    """Write ``text`` to ``output`` (atomically) or to standard output.

    Examples
    --------
    >>> emit("台账", None)
    台账
    """
    if output is None or output == "-":
        target = stream or sys.stdout
        target.write(text if text.endswith("\n") else text + "\n")
        target.flush()
    else:
        atomic_write(output, (text if text.endswith("\n") else text + "\n").encode("utf-8"))


class Style:
    """ANSI colours on a terminal, plain text elsewhere (no stream, a file, or NO_COLOR set).

    Examples
    --------
    >>> import io
    >>> Style(io.StringIO()).red("error")
    'error'
    """

    def __init__(self, stream: TextIO | None) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) and "NO_COLOR" not in os.environ

    def _wrap(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text

    def red(self, text: str) -> str:
        """Errors."""
        return self._wrap(text, "1;31")

    def yellow(self, text: str) -> str:
        """Warnings."""
        return self._wrap(text, "1;33")

    def cyan(self, text: str) -> str:
        """Notes."""
        return self._wrap(text, "36")

    def bold(self, text: str) -> str:
        """Locations and headings."""
        return self._wrap(text, "1")

    def dim(self, text: str) -> str:
        """Excerpts and hints."""
        return self._wrap(text, "2")
