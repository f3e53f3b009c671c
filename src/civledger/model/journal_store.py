"""The journal of a ledger: an immutable sequence of entries kept as columns.

The entries live as rows of :class:`~civledger.model.journal_columns.JournalColumns`;
:class:`Journal` is the sequence a ledger holds, which builds an entry from its
row when one is read, and which a longer journal shares.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

from civledger.model.journal import Entry
from civledger.model.journal_columns import JournalColumns

__all__ = ["Journal", "to_journal"]


class Journal(Sequence[Entry]):
    """The journal of a ledger: an immutable sequence of entries.

    It reads like a tuple, and never changes. The entries are kept as columns
    (:class:`JournalColumns`) and each is built when it is read: an entry read
    twice is two equal objects. A ledger with one more entry has a new journal
    (:meth:`appended`) that shares the rows of this one: the rows only grow, and
    each journal sees its first ``len(journal)`` of them, so appending costs the
    same whatever the size of the journal. Two journals are equal when they hold
    equal entries in the same order (a tuple or list of entries compares too).
    Entries are judged before they are appended by :class:`civledger.JournalWriter`.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from civledger import Action
    >>> at = datetime(2026, 4, 2, 9, tzinfo=timezone(timedelta(hours=8)))
    >>> journal = Journal([Entry(at=at, task="T-001", action=Action.ASSIGN)])
    >>> len(journal), journal[0].action.label
    (1, '交办')
    >>> journal == (Entry(at=at, task="T-001", action=Action.ASSIGN),)
    True
    >>> longer = journal.appended(Entry(at=at, task="T-001", action=Action.CLAIM))
    >>> len(journal), len(longer), longer[-1].action.label
    (1, 2, '认领')
    """

    __slots__ = ("_columns", "_length")

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        columns = JournalColumns()
        columns.extend(entries)
        self._columns = columns
        self._length = len(columns)

    @classmethod
    def of_columns(cls, columns: JournalColumns, length: int | None = None) -> Journal:
        """The journal of the first ``length`` rows of ``columns`` (all of them by default).

        The journal takes the columns over: rows are added to them only by
        :meth:`appended`.
        """
        journal = cls.__new__(cls)
        journal._columns = columns
        journal._length = len(columns) if length is None else length
        return journal

    @property
    def columns(self) -> JournalColumns:
        """The rows of the journal, as columns (they may hold more rows than ``len(self)``:
        those of longer journals that share them; read only the first ``len(self)``)."""
        return self._columns

    def appended(self, *entries: Entry) -> Journal:
        """A journal of this one's entries and then ``entries`` (this one is unchanged).

        The new journal shares this one's rows when nothing was appended to this
        one before; otherwise they are copied once.
        """
        with _GROWING:
            if len(self._columns) == self._length:
                shared = self._columns
            else:
                shared = self._columns.head(self._length)
            shared.extend(entries)
            return Journal.of_columns(shared, len(shared))

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Entry, ...]: ...
    def __getitem__(self, index: int | slice) -> Entry | tuple[Entry, ...]:
        if isinstance(index, slice):
            entry = self._columns.entry
            return tuple(entry(row) for row in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("journal index out of range")
        return self._columns.entry(index)

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[Entry]:
        # Bounded: the shared rows may grow behind this journal while it is read.
        entry = self._columns.entry
        return (entry(row) for row in range(self._length))

    def __reversed__(self) -> Iterator[Entry]:
        entry = self._columns.entry
        return (entry(row) for row in range(self._length - 1, -1, -1))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Journal):
            if self._length != other._length:
                return False
            if self._columns is other._columns:
                return True
            return all(a == b for a, b in zip(self, other, strict=True))
        if isinstance(other, tuple | list):
            return self._length == len(other) and all(
                a == b for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal journals need not be one object

    def __repr__(self) -> str:
        return f"<Journal of {self._length} entries>"

    def __reduce__(self) -> tuple[Callable[..., Journal], tuple[JournalColumns, int]]:
        columns = self._columns
        if len(columns) != self._length:
            columns = columns.head(self._length)
        return (Journal.of_columns, (columns, self._length))

    def ids(self) -> dict[str, int]:
        """The index of the first entry with each id (entries without one are left out).

            Examples
            --------
            >>> from datetime import datetime, timedelta, timezone
            >>> from datetime import datetime, timedelta, timezone
        >>> from civledger import Action
        >>> at = datetime(2026, 4, 2, 9, tzinfo=timezone(timedelta(hours=8)))
            >>> Journal([Entry(at=at, task="T-1", action=Action.SIGN_OFF, id="s1")]).ids()
            {'s1': 0}
        """
        return self._columns.ids(self._length)

    def distinct(self, field: str) -> set[Any]:
        """The distinct values of one field among the entries (entries are not built).

            Examples
            --------
            >>> from datetime import datetime, timedelta, timezone
            >>> from datetime import datetime, timedelta, timezone
        >>> from civledger import Action
        >>> at = datetime(2026, 4, 2, 9, tzinfo=timezone(timedelta(hours=8)))
            >>> sorted(Journal([Entry(at=at, task="T-1", action=Action.ASSIGN)]).distinct("task"))
            ['T-1']
        """
        return self._columns.distinct(field, self._length)

    def values(self, field: str) -> list[Any]:
        """The value of one field for every entry, in order (entries are not built).

            Examples
            --------
            >>> from datetime import datetime, timedelta, timezone
            >>> from datetime import datetime, timedelta, timezone
        >>> from civledger import Action
        >>> at = datetime(2026, 4, 2, 9, tzinfo=timezone(timedelta(hours=8)))
            >>> Journal([Entry(at=at, task="T-1", action=Action.ASSIGN, unit="zc")]).values("unit")
            ['zc']
        """
        return self._columns.values(field, self._length)


_GROWING = threading.Lock()
"""Held while a journal's shared rows grow (appends are rare; one lock is enough)."""


def to_journal(entries: Iterable[Entry]) -> Journal:
    """``entries`` as a journal (a journal is kept as it is: it never changes)."""
    if isinstance(entries, Journal):
        return entries
    return Journal(entries)
