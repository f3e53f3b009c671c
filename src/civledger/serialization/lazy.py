"""Entries of a document that are parsed only when they are read.

A ledger civledger wrote as JSON has one entry per line. Parsed whole, a
million-task file becomes some four gigabytes of dictionaries before the first
entity is built; read entry by entry, only the ledger is ever whole in memory.
:class:`LazyEntries` is the list-like view the reading layer hands to the loader:
each entry is parsed from its bytes when asked for, and the loader reads runs of
entries at once (:meth:`LazyEntries.runs`), decoded by msgspec into typed structs
(:mod:`civledger.serialization.compiled`). The bytes come from a
:class:`~civledger.serialization.sources.ByteSource`: a buffer, or the file itself
read a run at a time.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, overload

import orjson

from civledger.serialization.sources import BufferSource, ByteSource

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

    Made from the byte ranges of its entries, or (:meth:`section`) from where the
    whole list lies, one entry per line, whose ranges are found only if an entry
    is read by its index.

    Examples
    --------
    >>> data = b'[{"id": "a"},\\n {"id": "b"}]'
    >>> entries = LazyEntries(memoryview(data), [1, 15], [12, 26])
    >>> len(entries), entries[1], entries[0:2]
    (2, {'id': 'b'}, [{'id': 'a'}, {'id': 'b'}])
    >>> same = LazyEntries.section(BufferSource(data), 1, 26, 2)
    >>> len(same), same[1], [(first, bytes(run)) for first, _, _, _, run in same.runs()]
    (2, {'id': 'b'}, [(0, b'{"id": "a"},\\n {"id": "b"}')])
    >>> list(same.ranges_of(1, 26))
    [(1, 12), (15, 26)]
    """

    __slots__ = ("_count", "_ends", "_source", "_start", "_starts", "_stop")

    def __init__(self, buffer: memoryview, starts: Sequence[int], ends: Sequence[int]) -> None:
        self._source: ByteSource = BufferSource(buffer)
        self._starts: array[int] | None = array("q", starts)
        self._ends: array[int] | None = array("q", ends)
        self._count = len(self._starts)
        self._start = self._starts[0] if self._count else 0
        self._stop = self._ends[-1] if self._count else 0

    @classmethod
    def section(cls, source: ByteSource, start: int, stop: int, count: int) -> LazyEntries:
        """The ``count`` entries of ``source`` from ``start`` to ``stop``, one per line,
        separated by ``,\\n ``."""
        entries = cls.__new__(cls)
        entries._source = source
        entries._starts = entries._ends = None
        entries._count = count
        entries._start = start
        entries._stop = stop
        return entries

    def __len__(self) -> int:
        return self._count

    def _ranges(self) -> tuple[array[int], array[int]]:
        if self._starts is None or self._ends is None:
            starts: array[int] = array("q")
            ends: array[int] = array("q")
            for _, _, start, stop, _ in self.runs():
                for begin, end in self.ranges_of(start, stop):
                    starts.append(begin)
                    ends.append(end)
            self._starts, self._ends = starts, ends
        return self._starts, self._ends

    def _parse(self, index: int) -> Any:
        starts, ends = self._ranges()
        return self.parse_at(starts[index], ends[index])

    def parse_at(self, start: int, stop: int) -> Any:
        """The entry whose bytes are ``start:stop``, parsed (or :class:`EntryParseError`)."""
        try:
            return orjson.loads(self._source.read(start, stop))
        except orjson.JSONDecodeError as exc:
            raise EntryParseError(start, exc.msg) from None

    def _run(self, start: int, stop: int) -> list[Any]:
        # Consecutive entries are parsed in one call: the bytes from the first entry's
        # start to the last one's end are entries and the separators between them, a
        # JSON array but for its brackets. Should the run not parse, or parse into
        # other entries than the byte ranges say, each entry is parsed on its own
        # (and the one at fault named).
        starts, ends = self._ranges()
        run = self._source.read(starts[start], ends[stop - 1])
        try:
            parsed = orjson.loads(b"[" + run + b"]")
        except orjson.JSONDecodeError:
            parsed = None
        if type(parsed) is not list or len(parsed) != stop - start:
            return [self._parse(i) for i in range(start, stop)]
        return parsed

    def runs(self, size: int = RUN_BYTES) -> Iterator[tuple[int, int, int, int, Any]]:
        """Runs of about ``size`` bytes of consecutive entries: the index of the first, how
        many, where their bytes start and stop, and the bytes (entries and the separators
        between them: within brackets, a JSON array)."""
        source = self._source
        if self._starts is not None and self._ends is not None:
            starts, ends = self._starts, self._ends
            for first in range(0, self._count, 4096):
                last = min(first + 4096, self._count)
                start, stop = starts[first], ends[last - 1]
                yield first, last - first, start, stop, source.read(start, stop)
            return
        pos, stop, first = self._start, self._stop, 0
        while pos < stop:
            cut = source.find(b"\n", min(pos + size, stop), stop)
            end = stop if cut < 0 else cut - 1
            run = source.read(pos, end)
            if isinstance(run, bytes):
                count = run.count(b"\n") + 1
            else:
                count = source.count((b"\n",), pos, end)[0] + 1
            yield first, count, pos, end, run
            first += count
            pos = end + len(_SEPARATOR)

    def view(self, start: int, stop: int) -> bytes | memoryview:
        """The bytes from ``start`` to ``stop``."""
        return self._source.read(start, stop)

    def ranges_of(self, start: int, stop: int) -> Iterator[tuple[int, int]]:
        """The byte ranges of the entries of the run from ``start`` to ``stop``."""
        if self._starts is not None and self._ends is not None:
            starts, ends = self._starts, self._ends
            index = bisect.bisect_left(starts, start)
            while index < self._count and ends[index] <= stop:
                yield starts[index], ends[index]
                index += 1
            return
        offset = start
        for piece in bytes(self._source.read(start, stop)).split(_SEPARATOR):
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
