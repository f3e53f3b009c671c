"""A file's bytes read a piece at a time, for the reading of big JSON ledgers.

A million-task ledger is a file of half a gigabyte. Read whole, its bytes stay in
memory until the last entry is structured, beside the ledger being made of them;
read through a :class:`FileSource`, civledger's JSON layout is split into its lists
by scanning the file piece by piece, and each run of entries is read when the
loader decodes it (positional reads of the open file), so that only the ledger is
ever whole in memory.
"""

from __future__ import annotations

import os
from types import TracebackType

from civledger.io.journal_file import read_at

__all__ = ["PIECE", "FileSource"]

PIECE = 1 << 24
"""How many bytes a scan of the file reads at once (at most)."""

_FIRST = 1 << 12


class FileSource:
    """The bytes of an open file, from ``offset`` on, read as they are needed
    (a :class:`~civledger.serialization.sources.ByteSource`).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(delete=False) as out:
    ...     _ = out.write(b"abc\\nde\\nf")
    >>> with FileSource(out.name, offset=1) as source:
    ...     len(source), source.read(0, 2), source.find(b"\\n", 0, 7), source.count((b"\\n",), 0, 7)
    (7, b'bc', 2, (2,))
    >>> os.unlink(out.name)
    """

    def __init__(self, path: str | os.PathLike[str], *, offset: int = 0) -> None:
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            self._size = os.fstat(self._fd).st_size - offset
        except OSError:
            os.close(self._fd)
            raise
        self._offset = offset

    def close(self) -> None:
        """Close the file (reads after this fail)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> FileSource:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __len__(self) -> int:
        return self._size

    def read(self, start: int, stop: int) -> bytes:
        """The bytes from ``start`` to ``stop`` (fewer if the file ends before)."""
        stop = min(stop, self._size)
        if stop <= start:
            return b""
        first = read_at(self._fd, stop - start, self._offset + start)
        if len(first) == stop - start or not first:
            return first
        pieces = [first]
        got = len(first)
        while got < stop - start:  # a short read (a pipe, a network file system)
            more = read_at(self._fd, stop - start - got, self._offset + start + got)
            if not more:
                break
            pieces.append(more)
            got += len(more)
        return b"".join(pieces)

    def find(self, pattern: bytes, start: int, stop: int) -> int:
        stop = min(stop, self._size)
        overlap = len(pattern) - 1
        pos = start
        size = _FIRST  # most searches end near where they begin (the next line's end)
        while pos < stop:
            piece = self.read(pos, min(pos + size + overlap, stop))
            found = piece.find(pattern)
            if found >= 0:
                return pos + found
            pos += size
            size = min(size * 4, PIECE)
        return -1

    def count(self, patterns: tuple[bytes, ...], start: int, stop: int) -> tuple[int, ...]:
        stop = min(stop, self._size)
        counts = [0] * len(patterns)
        longest = max((len(p) for p in patterns), default=1)
        pos = start
        while pos < stop:
            piece = self.read(pos, min(pos + PIECE + longest - 1, stop))
            # Only the occurrences that start within this piece's own PIECE bytes.
            for i, pattern in enumerate(patterns):
                counts[i] += piece.count(pattern, 0, PIECE + len(pattern) - 1)
            pos += PIECE
        return tuple(counts)
