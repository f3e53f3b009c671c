"""Entries of a document that are parsed only when they are read.

A ledger civledger wrote as JSON has one entry per line. Parsed whole, a
million-task file becomes some four gigabytes of dictionaries before the first
entity is built; read entry by entry, only the file's bytes and the ledger are
ever in memory. :class:`LazyEntries` is the list-like view the reading layer
hands to the loader: each entry is parsed from its bytes when asked for.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any, overload

import orjson

__all__ = ["EntryParseError", "LazyEntries"]


class EntryParseError(ValueError):
    """An entry's bytes are not valid JSON; ``offset`` is where the entry starts."""

    def __init__(self, offset: int, message: str) -> None:
        self.offset = offset
        super().__init__(message)


class LazyEntries(Sequence[Any]):
    """The entries of one list of a document, parsed from byte ranges on demand.

    Examples
    --------
    >>> data = b'[{"id": "a"},\\n {"id": "b"}]'
    >>> entries = LazyEntries(memoryview(data), [1, 15], [12, 26])
    >>> len(entries), entries[1], entries[0:2]
    (2, {'id': 'b'}, [{'id': 'a'}, {'id': 'b'}])
    """

    __slots__ = ("_buffer", "_ends", "_starts")

    def __init__(self, buffer: memoryview, starts: Sequence[int], ends: Sequence[int]) -> None:
        self._buffer = buffer
        self._starts = array("q", starts)
        self._ends = array("q", ends)

    def __len__(self) -> int:
        return len(self._starts)

    def _parse(self, index: int) -> Any:
        try:
            return orjson.loads(self._buffer[self._starts[index] : self._ends[index]])
        except orjson.JSONDecodeError as exc:
            raise EntryParseError(self._starts[index], exc.msg) from None

    def _run(self, start: int, stop: int) -> list[Any]:
        # Consecutive entries are parsed in one call: the bytes from the first entry's
        # start to the last one's end are entries and the separators between them, a
        # JSON array but for its brackets. Should the run not parse, or parse into
        # other entries than the byte ranges say, each entry is parsed on its own
        # (and the one at fault named).
        run = self._buffer[self._starts[start] : self._ends[stop - 1]]
        try:
            parsed = orjson.loads(b"[" + run + b"]")
        except orjson.JSONDecodeError:
            parsed = None
        if type(parsed) is not list or len(parsed) != stop - start:
            return [self._parse(i) for i in range(start, stop)]
        return parsed

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
