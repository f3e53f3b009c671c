"""Field helpers shared by the entity modules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def to_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """Return ``items`` as a tuple (the same object when it already is one).

    Typed with ``Any`` because mypy's attrs plugin cannot solve a generic
    converter; the field annotations keep the element types.
    """
    return items if type(items) is tuple else tuple(items)
