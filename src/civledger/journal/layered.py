"""A mapping that is another with a few keys changed, made in time proportional to the changes.

The journal writer hands out a new ledger after every entry; the per-task views
of the old one (entries by task, the states of a day) differ from the new ones
in one task. Copying a million-key mapping per entry would cost milliseconds; a
:class:`Layered` mapping shares the big one and copies only the changes. Changes
are kept in two layers: the last few, copied on each change, and the older ones,
copied once per :data:`_FOLD_AT` changes; a plain ``dict`` below them all is
folded with them then too (so lookups stay a few dict probes). A mapping that is
no plain ``dict`` (the journal's entries by task, built from its columns when
read) is never copied.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

__all__ = ["Layered"]

K = TypeVar("K")
V = TypeVar("V")

_FOLD_AT = 2048
"""Changes kept on top before they are folded into the layer below (amortised: one copy
of that layer per this many changes)."""


class Layered(Mapping[K, V]):
    """``base`` with the keys of ``top`` set to their values (neither is ever changed).

    Examples
    --------
    >>> first = Layered({"a": 1, "b": 2})
    >>> second = first.with_item("b", 20).with_item("c", 3)
    >>> dict(first), dict(second)
    ({'a': 1, 'b': 2}, {'a': 1, 'b': 20, 'c': 3})
    >>> len(second), second["b"]
    (3, 20)
    """

    __slots__ = ("_base", "_length", "_middle", "_top")

    _base: Mapping[K, V]
    _middle: dict[K, V]
    _top: dict[K, V]
    _length: int

    def __init__(self, base: Mapping[K, V], top: Mapping[K, V] | None = None) -> None:
        middle: dict[K, V] = {}
        if isinstance(base, Layered):
            if not top:  # the same mapping: nothing to count again
                self._base, self._middle, self._top = base._base, base._middle, base._top
                self._length = base._length
                return
            middle = base._middle
            top = {**base._top, **top}
            base = base._base
        self._base = base
        self._middle = middle
        self._top = dict(top or {})
        new = {k for k in (*middle, *self._top) if k not in base}
        self._length = len(base) + len(new)

    @classmethod
    def _of(
        cls, base: Mapping[K, V], middle: dict[K, V], top: dict[K, V], length: int
    ) -> Layered[K, V]:
        made = cls.__new__(cls)
        made._base, made._middle, made._top, made._length = base, middle, top, length
        return made

    def with_item(self, key: K, value: V) -> Layered[K, V]:
        """A mapping like this one with ``key`` set to ``value``."""
        length = self._length if key in self else self._length + 1
        top = {**self._top, key: value}
        if len(top) <= _FOLD_AT:
            return Layered._of(self._base, self._middle, top, length)
        if type(self._base) is dict:
            return Layered._of({**self._base, **self._middle, **top}, {}, {}, length)
        return Layered._of(self._base, {**self._middle, **top}, {}, length)

    def __getitem__(self, key: K) -> V:
        top = self._top
        if key in top:
            return top[key]
        middle = self._middle
        if key in middle:
            return middle[key]
        return self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._top or key in self._middle or key in self._base

    def __iter__(self) -> Iterator[K]:
        base, middle = self._base, self._middle
        yield from base
        for key in middle:
            if key not in base:
                yield key
        for key in self._top:
            if key not in base and key not in middle:
                yield key

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        changed = len(self._top) + len(self._middle)
        return f"<Layered mapping of {self._length} keys ({changed} changed)>"
