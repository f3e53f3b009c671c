"""Where the bytes of a document are read from: a buffer in memory, or a file read as needed.

The reading of civledger's JSON layout (:mod:`civledger.io.json_layout`) and its
lazy entries (:mod:`civledger.serialization.lazy`) need only a few things of the
document's bytes: a range of them, where a pattern occurs next, and how often it
occurs in a range. :class:`ByteSource` says so; :class:`BufferSource` answers
from bytes in memory, and :class:`civledger.io.file_bytes.FileSource` from a file
read a piece at a time, so that a big file is never whole in memory beside the
ledger made of it.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["BufferSource", "ByteSource"]


class ByteSource(Protocol):
    """The bytes of a document, by position (see the module)."""

    def __len__(self) -> int: ...

    def read(self, start: int, stop: int) -> bytes | memoryview:
        """The bytes from ``start`` to ``stop``."""
        ...

    def find(self, pattern: bytes, start: int, stop: int) -> int:
        """Where ``pattern`` first occurs wholly within ``start:stop`` (``-1``: nowhere)."""
        ...

    def count(self, patterns: tuple[bytes, ...], start: int, stop: int) -> tuple[int, ...]:
        """How often each pattern occurs (without overlapping itself) within ``start:stop``."""
        ...


class BufferSource:
    """A document's bytes held in memory.

    Examples
    --------
    >>> source = BufferSource(b'[1,\\n 2]')
    >>> len(source), bytes(source.read(4, 6)), source.find(b"\\n", 0, 7)
    (7, b' 2', 3)
    >>> source.count((b"\\n", b"2"), 0, 7)
    (1, 1)
    """

    __slots__ = ("_data", "_view")

    def __init__(self, data: bytes | memoryview) -> None:
        self._data = data
        self._view = memoryview(data)

    def __len__(self) -> int:
        return len(self._view)

    def read(self, start: int, stop: int) -> memoryview:
        return self._view[start:stop]

    def find(self, pattern: bytes, start: int, stop: int) -> int:
        if isinstance(self._data, bytes):
            return self._data.find(pattern, start, stop)
        found = bytes(self._view[start:stop]).find(pattern)
        return found + start if found >= 0 else -1

    def count(self, patterns: tuple[bytes, ...], start: int, stop: int) -> tuple[int, ...]:
        data = self._data if isinstance(self._data, bytes) else bytes(self._view)
        return tuple(data.count(pattern, start, stop) for pattern in patterns)
