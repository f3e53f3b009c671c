"""Where command output goes: standard output, or a file written atomically."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from civledger.io.atomic import atomic_write
from civledger.text import terminal_width

__all__ = ["Style", "emit", "screen_width"]


def screen_width(output: str | None = None) -> int:
    """The width text tables fit: the terminal's for standard output (``COLUMNS`` when set,
    100 in a pipe), a printed page's for a file (``-o``); see :func:`civledger.text.terminal_width`.
    """
    return terminal_width(sys.stdout if output is None or output == "-" else None)


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
