"""A mapping that is another with a few keys changed, made in time proportional to the changes.

The journal writer hands out a new ledger after every entry; the per-task views
of the old one (entries by task, the states of a day) differ from the new ones
in one task. Copying a million-key dict per entry would cost milliseconds; a
:class:`Layered` mapping shares the big dict and copies only the changes, and
folds them in once they grow past a bound (so lookups stay two dict probes).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

__all__ = ["Layered"]

K = TypeVar("K")
V = TypeVar("V")

_FOLD_AT = 2048
"""Changes kept on top before they are folded into a new base (amortised: a copy of the
base per this many changes)."""


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

    __slots__ = ("_base", "_length", "_top")

    def __init__(self, base: Mapping[K, V], top: Mapping[K, V] | None = None) -> None:
        if isinstance(base, Layered):
            top = {**base._top, **(top or {})}
            base = base._base
        self._base: Mapping[K, V] = base
        self._top: dict[K, V] = dict(top or {})
        self._length = len(base) + sum(1 for k in self._top if k not in base)

    def with_item(self, key: K, value: V) -> Layered[K, V]:
        """A mapping like this one with ``key`` set to ``value``."""
        top = {**self._top, key: value}
        if len(top) > _FOLD_AT:
            return Layered({**self._base, **top})
        return Layered(self._base, top)

    def __getitem__(self, key: K) -> V:
        top = self._top
        if key in top:
            return top[key]
        return self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._top or key in self._base

    def __iter__(self) -> Iterator[K]:
        yield from self._base
        base = self._base
        for key in self._top:
            if key not in base:
                yield key

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        return f"<Layered mapping of {self._length} keys ({len(self._top)} changed)>"
