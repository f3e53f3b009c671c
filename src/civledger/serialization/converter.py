"""The one cattrs converter of civledger: plain data <-> the attrs model.

Two instances are built from the same configuration: a fast one for the bulk
of a clean file, and a detailed one that collects every error of an entry
with its path, used only for entries the fast one refused.

Scalar hooks are strict: a number is not silently read as a string, a string
not as a number, and a list is never made out of the characters of a string.
"""

from __future__ import annotations

import math
import sys
import types
import typing
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import date, datetime, tzinfo
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.orjson import make_converter

from civledger.i18n import lazy, phrase
from civledger.labels import LabeledEnum, normalize_label
from civledger.model import Target
from civledger.model.words import enum_noun
from civledger.serialization.builders import slot_builder

__all__ = [
    "TEXT_FORMS",
    "BadDate",
    "UnknownChoice",
    "UnreadableText",
    "WrongType",
    "detailed_converter",
    "fast_converter",
    "reading_timezone",
]

reading_timezone: ContextVar[tzinfo | None] = ContextVar("reading_timezone", default=None)
"""The time zone in which date-times written without an offset are read."""


def describe(value: Any) -> Any:
    """Name the type of a value as a user of JSON or YAML knows it (worded where shown).

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> with use_language("en"):
    ...     f"{describe(7)}; {describe(None)}"
    'the number 7; nothing (null)'
    """
    if value is None:
        return lazy("nothing (null)")
    if isinstance(value, bool):
        return lazy("true/false")
    if isinstance(value, int | float):
        return phrase("the number {value!r}", value=value)
    if isinstance(value, str):
        return phrase("the text {value!r}", value=value) if len(value) <= 40 else lazy("a text")
    if isinstance(value, dict):
        return lazy("a mapping")
    if isinstance(value, list):
        return lazy("a list")
    if isinstance(value, datetime):
        return phrase("the date-time {value}", value=value.isoformat())
    if isinstance(value, date):
        return phrase("the date {value}", value=value.isoformat())
    return type(value).__name__


# What a value should have been, as messages say it (compared as the English text).
TEXT = lazy("text")
A_LIST = lazy("a list")
A_MAPPING = lazy("a mapping of keys to values")


class WrongType(TypeError):
    """A value of the wrong type; ``expected`` says what was wanted."""

    def __init__(self, expected: str, value: Any) -> None:
        self.expected = expected
        self.value = value
        super().__init__(expected, value)

    def __str__(self) -> str:
        # Worded when shown: a load raises and catches many of these and shows none.
        return str(
            phrase(
                "expected {expected}, got {got}", expected=self.expected, got=describe(self.value)
            )
        )


class BadDate(ValueError):
    """Text that is not a date (or date-time) in ISO 8601 form."""

    def __init__(self, value: Any, expected: str) -> None:
        self.value = value
        self.expected = expected
        super().__init__(value, expected)

    def __str__(self) -> str:
        return str(
            phrase("cannot read {value!r} as {expected}", value=self.value, expected=self.expected)
        )


class UnknownChoice(ValueError):
    """A value that names no member of an enumeration."""

    def __init__(self, value: Any, enum: type[LabeledEnum]) -> None:
        self.value = value
        self.enum = enum
        super().__init__(value, enum)

    def __str__(self) -> str:
        return str(
            phrase(
                "{value} is not a known {kind}",
                value=describe(self.value),
                kind=enum_noun(self.enum),
            )
        )


class UnreadableText(ValueError):
    """Text where an entity may be written as text, that does not read as one."""


TEXT_FORMS: Mapping[type[Any], tuple[Callable[[str], Any], str]] = {
    Target: (Target.parse, "a target written as text: ≥85%, 39条, 3万平方米"),
}
"""Entities that may also be written as text, with the function that reads the text and
what the text looks like (the schema and the docs say so)."""


def _textual(
    cls: type[Any], mapping: Callable[[Any, Any], Any], parse: Callable[[str], Any]
) -> Callable[..., Any]:
    def structure(value: Any, _: Any = None) -> Any:
        if type(value) is str:
            try:
                return parse(value)
            except ValueError as exc:
                raise UnreadableText(str(exc)) from None
        return mapping(value, cls)

    return structure


def _str(value: Any, _: Any = None) -> str:
    if type(value) is str:
        return value
    raise WrongType(TEXT, value)


_WHOLE = lazy("a whole number")
_FINITE = lazy("a finite number")
_NUMBER = lazy("a number")
_TRUTH = lazy("true or false")


def _int(value: Any, _: Any = None) -> int:
    if type(value) is int:
        return value
    raise WrongType(_WHOLE, value)


def _float(value: Any, _: Any = None) -> float:
    if type(value) is float or type(value) is int:
        if not math.isfinite(value):
            raise WrongType(_FINITE, value)
        return float(value)
    raise WrongType(_NUMBER, value)


def _bool(value: Any, _: Any = None) -> bool:
    if type(value) is bool:
        return value
    raise WrongType(_TRUTH, value)


def _whole_as_int(value: float) -> float | int:
    """A whole float as an int (39.0 -> 39); other numbers as they are.

    Examples
    --------
    >>> _whole_as_int(39.0), _whole_as_int(55.1), _whole_as_int(5)
    (39, 55.1, 5)
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _date(value: Any, _: Any = None) -> date:
    if type(value) is str:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadDate(value, lazy("a date")) from None
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        raise BadDate(value.isoformat(), lazy("a date (without a time)"))
    raise WrongType(lazy("a date (YYYY-MM-DD)"), value)


def _datetime(value: Any, _: Any = None) -> datetime:
    if type(value) is str:
        try:
            result = datetime.fromisoformat(value)
        except ValueError:
            raise BadDate(value, lazy("a date-time")) from None
    elif isinstance(value, datetime):
        result = value
    elif type(value) is date:
        result = datetime(value.year, value.month, value.day)
    else:
        raise WrongType(lazy("a date-time (YYYY-MM-DDTHH:MM+08:00)"), value)
    if result.tzinfo is None:
        zone = reading_timezone.get()
        if zone is not None:
            result = result.replace(tzinfo=zone)
    return result


def _enum_hook(cls: type[LabeledEnum]) -> Callable[..., LabeledEnum]:
    table = cls._lookup()

    def structure(value: Any, _: Any = None) -> LabeledEnum:
        if type(value) is str:
            found = table.get(value)
            if found is None:
                found = table.get(normalize_label(value))
            if found is not None:
                return found
        elif isinstance(value, cls):
            return value
        raise UnknownChoice(value, cls)

    return structure


def _is_labeled_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, LabeledEnum)


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _configure(converter: cattrs.Converter, *, detailed: bool) -> cattrs.Converter:
    for kind, hook in ((str, _str), (int, _int), (float, _float), (bool, _bool)):
        converter.register_structure_hook(kind, hook)
    converter.register_structure_hook(date, _date)
    converter.register_structure_hook(datetime, _datetime)
    converter.register_structure_hook_factory(_is_labeled_enum, _enum_hook)
    converter.register_unstructure_hook_func(_is_labeled_enum, lambda member: member.value)
    # 39.0 is written 39: people wrote it so, and it reads back as the same float. A field
    # typed float may hold an int made in Python (percent=5): written as it is.
    converter.register_unstructure_hook(float, _whole_as_int)

    def tuple_hook(cls: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        item_type = get_args(cls)[0]
        item_hook = converter.get_structure_hook(item_type)

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise WrongType(A_LIST, value)
            if not detailed:
                return tuple([item_hook(item, item_type) for item in value])
            errors: list[Exception] = []
            items = []
            for index, item in enumerate(value):
                try:
                    items.append(item_hook(item, item_type))
                except Exception as exc:
                    note = cattrs.errors.IterableValidationNote(
                        f"Structuring {cls} @ index {index}", index, item_type
                    )
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                    errors.append(exc)
            if errors:
                raise cattrs.IterableValidationError(f"While structuring {cls}", errors, cls)
            return tuple(items)

        return structure

    converter.register_structure_hook_factory(_is_homogeneous_tuple, tuple_hook)

    def class_hook(cls: Any) -> Callable[[Any, Any], Any]:
        if not detailed:
            return _key_driven(converter, cls)
        generated = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=True,
        )

        def structure(value: Any, _: Any) -> Any:
            if type(value) is not dict:
                raise WrongType(A_MAPPING, value)
            return generated(value, cls)

        return structure

    converter.register_structure_hook_factory(attrs.has, class_hook)
    for cls, (parse, _) in TEXT_FORMS.items():
        # A mapping as for any entity, or its text (target: ≥85%).
        converter.register_structure_hook(cls, _textual(cls, class_hook(cls), parse))
    return converter


Parser = Callable[[Any], Any]
_SCALARS: dict[Any, Parser] = {
    str: _str,
    int: _int,
    float: _float,
    bool: _bool,
    date: _date,
    datetime: _datetime,
}


def _opt_str(value: Any) -> str | None:
    return value if value is None or type(value) is str else _str(value)


# Ids and the fields that name them repeat across a ledger (a task's id in each of
# its journal entries, a person's in each entry they made): read them as one shared
# string each. On a million-task ledger that is hundreds of megabytes.
IDENTIFYING_FIELDS = frozenset(
    {
        "id",
        "task",
        "by",
        "unit",
        "lead",
        "joint_leads",
        "cooperating",
        "responsible",
        "standards",
        "parent",
        "located_in",
        "found_by",
        "approved_by",
        "undoes",
        "person",
        "group",
        "target",
        "item",
        "units",
        "problems",
        "standard",
        "office",
        "subject",
    }
)


def _ref(value: Any) -> str:
    return sys.intern(value) if type(value) is str else _str(value)


def _opt_ref(value: Any) -> str | None:
    return value if value is None else _ref(value)


def _ref_tuple(value: Any) -> tuple[str, ...]:
    if type(value) is not list and type(value) is not tuple:
        raise WrongType(A_LIST, value)
    return tuple([_ref(item) for item in value])


def _str_tuple(value: Any) -> tuple[str, ...]:
    if type(value) is list and all(type(item) is str for item in value):
        return tuple(value)
    if type(value) is not list and type(value) is not tuple:
        raise WrongType(A_LIST, value)
    return tuple([_str(item) for item in value])


def _parser(converter: cattrs.Converter, t: Any) -> Parser:
    """A one-argument function that structures a value of type ``t``, or raises."""
    if t in _SCALARS:
        return _SCALARS[t]
    if _is_labeled_enum(t):
        return _enum_hook(t)
    args = get_args(t)
    if get_origin(t) in (typing.Union, types.UnionType) and type(None) in args:
        inner_types = [a for a in args if a is not type(None)]
        if inner_types == [str]:
            return _opt_str
        inner = _parser(converter, inner_types[0]) if len(inner_types) == 1 else None
        if inner is not None:
            return lambda value: None if value is None else inner(value)
    if _is_homogeneous_tuple(t):
        if args[0] is str:
            return _str_tuple
        item = _parser(converter, args[0])

        def many(value: Any) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise WrongType(A_LIST, value)
            return tuple([item(one) for one in value])

        return many
    hook = converter.get_structure_hook(t)
    return lambda value: hook(value, t)


def _identifying(t: Any) -> Parser | None:
    """The interning parser for an id-like field of type ``t``, if it is text."""
    if t is str:
        return _ref
    if t == str | None:
        return _opt_ref
    if t == tuple[str, ...]:
        return _ref_tuple
    return None


def _key_driven(converter: cattrs.Converter, cls: Any) -> Callable[[Any, Any], Any]:
    """The fast path for an attrs class: parse only the keys a mapping has.

    Ledger entries name a few of their many optional fields; parsing the keys
    present (instead of asking for every field) is what makes a million tasks
    load quickly. Any problem raises; the loader then asks the detailed
    converter (cattrs' own generated functions) where exactly the problems are.
    """
    hints = typing.get_type_hints(cls)
    parsers = {
        f.name: _identifying(hints[f.name]) or _parser(converter, hints[f.name])
        if f.name in IDENTIFYING_FIELDS
        else _parser(converter, hints[f.name])
        for f in attrs.fields(cls)
        if f.init
    }
    known = frozenset(parsers)
    made = slot_builder(cls)
    if made is None:
        # Documents name a field as cattrs does, by its name; __init__ takes its
        # alias ("_secret" is passed as "secret").
        aliases = {f.name: f.alias for f in attrs.fields(cls)}

        def by_keywords(value: Any, _: Any = None) -> Any:
            if type(value) is not dict:
                raise WrongType(A_MAPPING, value)
            if not known.issuperset(value):
                raise cattrs.ForbiddenExtraKeysError("", cls, set(value) - known)
            return cls(**{aliases[key]: parsers[key](item) for key, item in value.items()})

        return by_keywords

    # The values go straight into their places: no keyword dictionary, no lookups by name.
    build, defaults, required, names = made.build, made.defaults, made.required, made.names
    places = {name: (made.index[name], parser) for name, parser in parsers.items()}

    def structure(value: Any, _: Any = None) -> Any:
        if type(value) is not dict:
            raise WrongType(A_MAPPING, value)
        values = list(defaults)
        for key, item in value.items():
            place = places.get(key)
            if place is None:
                raise cattrs.ForbiddenExtraKeysError("", cls, set(value) - known)
            values[place[0]] = place[1](item)
        for i in required:
            if values[i] is attrs.NOTHING:
                raise TypeError(f"{cls.__name__} needs {names[i]}")
        return build(values)

    return structure


def _make(*, detailed: bool) -> cattrs.Converter:
    converter = make_converter(
        omit_if_default=True, forbid_extra_keys=True, detailed_validation=detailed
    )
    return _configure(converter, detailed=detailed)


fast_converter: cattrs.Converter = _make(detailed=False)
"""Structures clean data quickly; raises on the first problem of an entry."""

detailed_converter: cattrs.Converter = _make(detailed=True)
"""Structures an entry collecting every problem with its path (slower)."""
