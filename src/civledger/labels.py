"""Enumerations that carry the Chinese label users see and accept it on input."""

from __future__ import annotations

import unicodedata
from enum import Enum
from typing import Any, Self

__all__ = ["LabeledEnum", "normalize_label"]


def normalize_label(text: str) -> str:
    """Fold width, case and stray spaces so that user text can be matched.

    Full-width letters and digits become half-width (NFKC), case is folded and
    all white space (including the ideographic space) is removed.

    Examples
    --------
    >>> normalize_label(" Ｓｔｒｅｅｔ ")
    'street'
    >>> normalize_label("街　道")
    '街道'
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(folded.split())


class LabeledEnum(Enum):
    """An enumeration whose members have an English value and a Chinese label.

    Members are declared as ``NAME = ("value", "中文标签", "别名", ...)``. The
    value is what files store; the label is what people read; :meth:`parse`
    accepts the value, the label or any alias, ignoring width, case and spaces.

    Examples
    --------
    >>> class Colour(LabeledEnum):
    ...     RED = ("red", "红色", "红")
    >>> Colour.RED.label
    '红色'
    >>> Colour.parse("红") is Colour.parse(" RED ") is Colour.RED
    True
    """

    _value_: str
    label: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, label: str, *aliases: str) -> Self:
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        member.aliases = aliases
        return member

    def __str__(self) -> str:
        return self._value_

    # Members are singletons compared by identity, so the identity hash agrees with
    # equality; it runs in C, while Enum's hashes the member's name in Python, which
    # shows when millions of (unit, post) keys are looked up.
    __hash__ = object.__hash__

    @classmethod
    def _lookup(cls) -> dict[str, Self]:
        table: dict[str, Self] | None = cls.__dict__.get("_civledger_lookup")
        if table is None:
            table = {}
            for member in cls:
                for text in (member.value, member.label, *member.aliases):
                    table.setdefault(normalize_label(text), member)
                    table.setdefault(text, member)
            type.__setattr__(cls, "_civledger_lookup", table)
        return table

    @classmethod
    def parse(cls, text: Any) -> Self:
        """Return the member named by its value, its Chinese label or an alias.

        Raises
        ------
        ValueError
            When the text names no member; the message lists what is accepted.

        Examples
        --------
        >>> from civledger import Level
        >>> Level.parse("街道") is Level.parse("street") is Level.STREET
        True
        >>> Level.parse("province")
        Traceback (most recent call last):
        ...
        ValueError: 'province' is not a known level; use one of: city (市), ...
        """
        if isinstance(text, cls):
            return text
        if isinstance(text, str):
            table = cls._lookup()
            found = table.get(text)
            if found is None:
                found = table.get(normalize_label(text))
            if found is not None:
                return found
        raise ValueError(f"{text!r} is not a known {cls.kind()}; use one of: {cls.choices()}")

    @classmethod
    def kind(cls) -> str:
        """The name of what the enumeration lists, in plain words.

        Examples
        --------
        >>> from civledger import ProblemSource
        >>> ProblemSource.kind()
        'problem source'
        """
        kind: str | None = cls.__dict__.get("_civledger_kind")
        if kind is None:
            kind = "".join(f" {c.lower()}" if c.isupper() else c for c in cls.__name__).strip()
            type.__setattr__(cls, "_civledger_kind", kind)
        return kind

    @classmethod
    def choices(cls) -> str:
        """The accepted values with their labels, for messages and hints.

        Examples
        --------
        >>> from civledger import TaskKind
        >>> TaskKind.choices()
        'task (任务), problem (问题)'
        """
        # Kept once made: an unreadable value in each of a million lines asks for it each time.
        choices: str | None = cls.__dict__.get("_civledger_choices")
        if choices is None:
            choices = ", ".join(f"{m.value} ({m.label})" for m in cls)
            type.__setattr__(cls, "_civledger_choices", choices)
        return choices
