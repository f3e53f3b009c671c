"""Progress of long runs: drawn on a terminal, silent when output is piped.

Library functions take an optional :class:`Progress`; the command line passes
:func:`for_stream` of its standard error, so a million-task check shows where
it is on a terminal and writes nothing into a pipe or a log. Stage names are
English messages marked ``N_("...")``; the display shows them in the language
of the moment (:mod:`civledger.i18n`).
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from civledger.i18n import gettext

__all__ = ["NullProgress", "Progress", "TerminalProgress", "for_stream"]


class Progress(Protocol):
    """What long-running functions report to."""

    def stage(self, name: str, total: int | None = None) -> None:
        """Begin a stage of ``total`` steps (unknown when ``None``); ``name`` is a message."""

    def advance(self, steps: int = 1) -> None:
        """Record that ``steps`` more steps of the stage are done."""

    def done(self) -> None:
        """End the current stage."""


class NullProgress:
    """Progress that shows nothing.

    Examples
    --------
    >>> p = NullProgress()
    >>> p.stage("checking", 10); p.advance(5); p.done()
    """

    def stage(self, name: str, total: int | None = None) -> None:
        """Ignore the stage."""

    def advance(self, steps: int = 1) -> None:
        """Ignore the steps."""

    def done(self) -> None:
        """Ignore the end."""


class TerminalProgress:
    """A one-line progress display, redrawn at most ten times a second.

    Nothing is drawn for stages that end within ``delay`` seconds, so quick
    runs stay as quiet as piped ones.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> p = TerminalProgress(out, delay=0.0, interval=0.0)
    >>> p.stage("reading entries", 4); p.advance(2); p.done()
    >>> "reading entries" in out.getvalue() and "2/4" in out.getvalue()
    True
    """

    def __init__(self, stream: TextIO, *, delay: float = 1.0, interval: float = 0.1) -> None:
        self._stream = stream
        self._delay = delay
        self._interval = interval
        self._name = ""
        self._total: int | None = None
        self._count = 0
        self._began = 0.0
        self._drawn_at = 0.0
        self._drawn = False

    def stage(self, name: str, total: int | None = None) -> None:
        """Begin a stage."""
        self.done()
        self._name, self._total, self._count = name, total, 0
        self._began = time.monotonic()
        self._drawn_at = 0.0

    def advance(self, steps: int = 1) -> None:
        """Count steps and redraw if it is time."""
        self._count += steps
        now = time.monotonic()
        if now - self._began >= self._delay and now - self._drawn_at >= self._interval:
            self._draw(now)

    def done(self) -> None:
        """Clear the line of the finished stage."""
        if self._drawn:
            self._stream.write("\r\x1b[2K")
            self._stream.flush()
            self._drawn = False

    def _draw(self, now: float) -> None:
        elapsed = now - self._began
        name = gettext(self._name)
        if self._total:
            share = min(self._count / self._total, 1.0)
            text = gettext("{stage}: {count:,}/{total:,} ({share:.0%}) {seconds:.1f}s").format(
                stage=name, count=self._count, total=self._total, share=share, seconds=elapsed
            )
        else:
            text = gettext("{stage}: {count:,} {seconds:.1f}s").format(
                stage=name, count=self._count, seconds=elapsed
            )
        self._stream.write("\r\x1b[2K" + text)
        self._stream.flush()
        self._drawn = True
        self._drawn_at = now


def for_stream(stream: TextIO | None = None) -> Progress:
    """A terminal display when ``stream`` (standard error by default) is a terminal.

    Examples
    --------
    >>> import io
    >>> isinstance(for_stream(io.StringIO()), NullProgress)
    True
    """
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return TerminalProgress(stream)
    return NullProgress()
