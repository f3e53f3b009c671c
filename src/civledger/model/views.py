"""The derived views kept with a ledger: computed once, bounded, safe across threads.

A ledger is an immutable value; what is derived from it (the unit tree, the
chains on a date, the state of every task as of a date…) is computed on demand
by the packages that know how, and kept here so that it is computed once.
The ledger itself never looks inside.

- **Two stores.** Views that read the journal are kept apart from those that
  do not. A ledger with more journal entries (:meth:`civledger.Ledger.with_entries`)
  shares the second store with the ledger it came from, and starts the first
  afresh (the journal writer carries the journal views forward cheaply).
- **Bounded.** Views made for one date (chains, task states, audits, scorecards)
  are kept for the :data:`DATED_VIEWS` dates used last, per store; the others,
  one per kind, for as long as the ledger lives.
- **Threads.** Any number of threads may read one ledger: a view is built by one
  thread while the others asking for it wait, then all share it.
- **Never pickled.** A pickled ledger carries no views; they are built again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["DATED_VIEWS", "Views"]

T = TypeVar("T")

DATED_VIEWS = 8
"""How many dated views of each store a ledger keeps (the least recently used go first)."""


class _Store:
    """One store of views: the undated ones, and an LRU of the dated ones."""

    __slots__ = ("building", "dated", "lock", "undated")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.undated: dict[Hashable, Any] = {}
        self.dated: OrderedDict[Hashable, Any] = OrderedDict()
        self.building: dict[Hashable, threading.Lock] = {}

    def peek(self, key: Hashable, dated: bool) -> tuple[bool, Any]:
        with self.lock:
            if dated:
                if key in self.dated:
                    self.dated.move_to_end(key)
                    return True, self.dated[key]
            elif key in self.undated:
                return True, self.undated[key]
            return False, None

    def put(self, key: Hashable, value: Any, dated: bool) -> Any:
        """Keep ``value`` unless a value is kept already; return the one kept."""
        with self.lock:
            if dated:
                if key in self.dated:
                    self.dated.move_to_end(key)
                    return self.dated[key]
                self.dated[key] = value
                while len(self.dated) > DATED_VIEWS:
                    self.dated.popitem(last=False)
                return value
            return self.undated.setdefault(key, value)

    def get(self, key: Hashable, build: Callable[[], T], dated: bool) -> T:
        found, value = self.peek(key, dated)
        if found:
            return value  # type: ignore[no-any-return]
        with self.lock:
            gate = self.building.setdefault(key, threading.Lock())
        with gate:
            found, value = self.peek(key, dated)
            if found:
                return value  # type: ignore[no-any-return]
            try:
                made = build()
            finally:
                with self.lock:
                    self.building.pop(key, None)
            return self.put(key, made, dated)  # type: ignore[no-any-return]

    def keys(self, dated: bool) -> list[Hashable]:
        with self.lock:
            return list(self.dated if dated else self.undated)


class Views:
    """The view stores of one ledger (see the module's documentation).

    Examples
    --------
    >>> views = Views()
    >>> views.get("answer", lambda: 42), views.get("answer", lambda: 0)
    (42, 42)
    >>> later = views.successor()
    >>> later.get("answer", lambda: 0), later.get("tally", lambda: 1, journal=True)
    (42, 1)
    >>> views.get("tally", lambda: 2, journal=True)
    2
    """

    __slots__ = ("_journal", "_structure")

    def __init__(self, structure: _Store | None = None) -> None:
        self._structure = structure if structure is not None else _Store()
        self._journal = _Store()

    def _store(self, journal: bool) -> _Store:
        return self._journal if journal else self._structure

    def get(
        self,
        key: Hashable,
        build: Callable[[], T],
        *,
        journal: bool = False,
        dated: bool = False,
    ) -> T:
        """The view under ``key``, built (once, whatever the threads) if it is not kept."""
        return self._store(journal).get(key, build, dated)

    def cached(self, key: Hashable, *, journal: bool = False, dated: bool = False) -> Any | None:
        """The view under ``key`` if it is kept, else ``None`` (nothing is built)."""
        return self._store(journal).peek(key, dated)[1]

    def keep(self, key: Hashable, value: Any, *, journal: bool = False, dated: bool = False) -> Any:
        """Keep a view computed elsewhere, unless one is kept already; return the one kept."""
        return self._store(journal).put(key, value, dated)

    def keys(self, *, journal: bool = False, dated: bool = False) -> list[Hashable]:
        """The keys of the views kept in one store, dated or not."""
        return self._store(journal).keys(dated)

    def successor(self) -> Views:
        """The views of a ledger that differs from this one only by its journal."""
        return Views(self._structure)

    def __reduce__(self) -> tuple[type[Views], tuple[()]]:
        return (Views, ())
