"""Entries of a document that are parsed only when they are read.

A ledger civledger wrote as JSON has one entry per line. Parsed whole, a
million-task file becomes some four gigabytes of dictionaries before the first
entity is built; read entry by entry, only the file's bytes and the ledger are
ever in memory. :class:`LazyEntries` is the list-like view the reading layer
hands to the loader: each entry is parsed from its bytes when asked for, and
the loader reads runs of entries at once (:meth:`LazyEntries.runs`), decoded by
msgspec into typed structs (:mod:`civledger.serialization.compiled`).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, overload

import orjson

__all__ = ["RUN_BYTES", "EntryParseError", "LazyEntries"]

RUN_BYTES = 1 << 20
"""About how many bytes of entries the loader decodes at once."""

_SEPARATOR = b",\n "  # between two entries of one list, one per line


class EntryParseError(ValueError):
    """An entry's bytes are not valid JSON; ``offset`` is where the entry starts."""

    def __init__(self, offset: int, message: str) -> None:
        self.offset = offset
        super().__init__(message)


class LazyEntries(Sequence[Any]):
    """The entries of one list of a document, parsed from byte ranges on demand.

    Made from the byte ranges of its entries, or (:meth:`section`) from the bytes
    of the whole list, one entry per line, whose ranges are found only if an
    entry is read by its index.

    Examples
    --------
    >>> data = b'[{"id": "a"},\\n {"id": "b"}]'
    >>> entries = LazyEntries(memoryview(data), [1, 15], [12, 26])
    >>> len(entries), entries[1], entries[0:2]
    (2, {'id': 'b'}, [{'id': 'a'}, {'id': 'b'}])
    >>> same = LazyEntries.section(data, 1, 26)
    >>> len(same), same[1], [(first, bytes(same.view(a, b))) for first, _, a, b in same.runs()]
    (2, {'id': 'b'}, [(0, b'{"id": "a"},\\n {"id": "b"}')])
    >>> list(same.ranges_of(1, 26))
    [(1, 12), (15, 26)]
    """

    __slots__ = ("_buffer", "_count", "_data", "_ends", "_start", "_starts", "_stop")

    def __init__(self, buffer: memoryview, starts: Sequence[int], ends: Sequence[int]) -> None:
        self._buffer = buffer
        self._data: bytes | None = None
        self._starts: array[int] | None = array("q", starts)
        self._ends: array[int] | None = array("q", ends)
        self._count = len(self._starts)
        self._start = self._starts[0] if self._count else 0
        self._stop = self._ends[-1] if self._count else 0

    @classmethod
    def section(cls, data: bytes, start: int, stop: int) -> LazyEntries:
        """The entries of ``data[start:stop]``: one per line, separated by ``,\\n ``."""
        entries = cls.__new__(cls)
        entries._buffer = memoryview(data)
        entries._data = data
        entries._starts = entries._ends = None
        entries._count = data.count(b"\n", start, stop) + 1 if stop > start else 0
        entries._start = start
        entries._stop = stop
        return entries

    def __len__(self) -> int:
        return self._count

    def _ranges(self) -> tuple[array[int], array[int]]:
        if self._starts is None or self._ends is None:
            data = self._data
            assert data is not None
            starts: array[int] = array("q")
            ends: array[int] = array("q")
            pos = self._start
            for _ in range(self._count):
                end = data.find(b"\n", pos, self._stop)
                end = self._stop if end < 0 else end - 1  # before the separator's comma
                starts.append(pos)
                ends.append(end)
                pos = end + len(_SEPARATOR)
            self._starts, self._ends = starts, ends
        return self._starts, self._ends

    def _parse(self, index: int) -> Any:
        starts, ends = self._ranges()
        return self.parse_at(starts[index], ends[index])

    def parse_at(self, start: int, stop: int) -> Any:
        """The entry whose bytes are ``start:stop``, parsed (or :class:`EntryParseError`)."""
        try:
            return orjson.loads(self._buffer[start:stop])
        except orjson.JSONDecodeError as exc:
            raise EntryParseError(start, exc.msg) from None

    def _run(self, start: int, stop: int) -> list[Any]:
        # Consecutive entries are parsed in one call: the bytes from the first entry's
        # start to the last one's end are entries and the separators between them, a
        # JSON array but for its brackets. Should the run not parse, or parse into
        # other entries than the byte ranges say, each entry is parsed on its own
        # (and the one at fault named).
        starts, ends = self._ranges()
        run = self._buffer[starts[start] : ends[stop - 1]]
        try:
            parsed = orjson.loads(b"[" + run + b"]")
        except orjson.JSONDecodeError:
            parsed = None
        if type(parsed) is not list or len(parsed) != stop - start:
            return [self._parse(i) for i in range(start, stop)]
        return parsed

    def runs(self, size: int = RUN_BYTES) -> Iterator[tuple[int, int, int, int]]:
        """Runs of about ``size`` bytes of consecutive entries: the index of the first, how
        many, and where their bytes start and stop (entries and the separators between
        them: within brackets, a JSON array; see :meth:`view`)."""
        if self._data is None:
            starts, ends = self._ranges()
            for first in range(0, self._count, 4096):
                last = min(first + 4096, self._count)
                yield first, last - first, starts[first], ends[last - 1]
            return
        data = self._data
        pos, stop, first = self._start, self._stop, 0
        while pos < stop:
            cut = data.find(b"\n", min(pos + size, stop), stop)
            end = stop if cut < 0 else cut - 1
            count = data.count(b"\n", pos, end) + 1
            yield first, count, pos, end
            first += count
            pos = end + len(_SEPARATOR)

    def view(self, start: int, stop: int) -> memoryview:
        """The bytes from ``start`` to ``stop``."""
        return self._buffer[start:stop]

    def ranges_of(self, start: int, stop: int) -> Iterator[tuple[int, int]]:
        """The byte ranges of the entries of the run from ``start`` to ``stop``."""
        if self._data is None:
            starts, ends = self._ranges()
            index = bisect.bisect_left(starts, start)
            while index < self._count and ends[index] <= stop:
                yield starts[index], ends[index]
                index += 1
            return
        offset = start
        for piece in self._buffer[start:stop].tobytes().split(_SEPARATOR):
            yield offset, offset + len(piece)
            offset += len(piece) + len(_SEPARATOR)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1 and stop - start > 1:
                return self._run(start, stop)
            return [self._parse(i) for i in range(start, stop, step)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._parse(index)

    def __iter__(self) -> Iterator[Any]:
        return (self._parse(i) for i in range(len(self)))
