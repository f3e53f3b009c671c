"""Compiled decoding: civledger's JSON layout decoded by msgspec into typed structs.

A ledger civledger wrote as JSON has one entry per line (:mod:`civledger.io.json_layout`).
Its entries are decoded by `msgspec <https://jcristharif.com/msgspec/>`_ straight
into typed structs, in C: a struct per entity class of the model, made here from
the class's own fields (text, whole numbers, finite numbers, true/false, lists,
nested entities, a target as a mapping or as text), refusing unknown keys and
keys missing. The attrs entity is then built from the struct by setting its
slots, without checking again what msgspec checked; what a struct cannot say is
read on the way, as the loader's converters read it: dates and date-times by
``fromisoformat`` (a date-time without an offset in the campaign's zone),
enumerations by their value, label or alias (``销号``), ids shared; the class's
validators run as its ``__init__`` would run them.

Anything msgspec refuses, and any value the build refuses, is read again by the
loader's converters (cattrs' detailed path for what fails), so that what is
reported, where, and in what words, is what it always was. The compiled path only
ever takes what the detailed path takes, and builds the same entity
(``tests/test_compiled_path_property.py`` holds it to that).
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, get_args, get_origin

import attrs
import msgspec

from civledger._fields import to_tuple
from civledger.labels import LabeledEnum, normalize_label
from civledger.serialization.builders import slot_builder
from civledger.serialization.converter import (
    IDENTIFYING_FIELDS,
    TEXT_FORMS,
    reading_timezone,
)

__all__ = ["Compiled", "compiled", "read_date", "read_datetime"]

# JSON whole numbers orjson reads as int and msgspec as an int64 (beyond, the loader's path).
_WHOLE = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_DATES: dict[str, date] = {}
_DATES_KEPT = 100_000  # a campaign has a few hundred days; ids are not dates


def read_date(text: str) -> date:
    """A date from its ISO text, as the loader reads it (one object per day, shared)."""
    found = _DATES.get(text)
    if found is None:
        found = date.fromisoformat(text)
        if len(_DATES) < _DATES_KEPT:
            _DATES[text] = found
    return found


def read_datetime(text: str) -> datetime:
    """A date-time from its ISO text, in the reading zone when it has no offset."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        zone = reading_timezone.get()
        if zone is not None:
            moment = moment.replace(tzinfo=zone)
    return moment


def _enum_reader(enum: type[LabeledEnum]) -> Callable[[str], LabeledEnum]:
    table = enum._lookup()

    def read(text: str) -> LabeledEnum:
        found = table.get(text)
        if found is None:
            found = table[normalize_label(text)]
        return found

    return read


@attrs.frozen
class Compiled:
    """The compiled decoding of one entity class.

    ``struct`` is the msgspec struct of its mapping; ``build(struct)`` makes the
    entity (and raises on a value the loader's converters would refuse);
    ``decoder`` decodes a JSON array of such mappings into structs.
    """

    cls: type[Any]
    struct: type[msgspec.Struct]
    build: Callable[[Any], Any]
    decoder: msgspec.json.Decoder[list[Any]]

    def decode(self, data: bytes | memoryview) -> list[Any] | None:
        """The structs of a JSON array of entries, or ``None`` when msgspec refuses it."""
        try:
            return self.decoder.decode(data)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return None

    def convert(self, items: list[Any]) -> list[Any]:
        """The structs of entries given as mappings (as JSON gives them), ``None`` for each
        one msgspec refuses (a date-time from YAML, a key of another type...)."""
        try:
            converted: list[Any] = msgspec.convert(items, list[self.struct])  # type: ignore[name-defined]
            return converted
        except (msgspec.ValidationError, TypeError, ValueError):
            return [self._one(item) for item in items]

    def _one(self, item: Any) -> Any:
        try:
            return msgspec.convert(item, self.struct)
        except (msgspec.ValidationError, TypeError, ValueError):
            return None


class _Unsupported(Exception):
    """A field type the compiled path does not read (the class keeps the loader's path)."""


class _Plan:
    """How the fields of a class are decoded and built: each field's struct type, and the
    lines of code that turn its decoded value ``v`` into the field's value."""

    def __init__(self, scope: dict[str, Any]) -> None:
        self.scope = scope
        self.count = 0

    def name(self, value: Any) -> str:
        self.count += 1
        key = f"_c{self.count}"
        self.scope[key] = value
        return key

    def field(self, hint: Any, identifying: bool) -> tuple[Any, list[str]]:
        """The struct type of ``hint`` and the lines that read a decoded value ``v``."""
        if hint is str:
            return str, ([f"v = {self.name(sys.intern)}(v)"] if identifying else [])
        if hint is int:
            return _WHOLE, []
        if hint is float:
            return float, ["if v - v != 0:", "    raise ValueError(v)"]  # NaN, infinities
        if hint is bool:
            return bool, []
        if hint is date:
            known = self.name(_DATES.get)
            return str, [f"d = {known}(v)", f"v = {self.name(read_date)}(v) if d is None else d"]
        if hint is datetime:
            return str, [f"v = {self.name(read_datetime)}(v)"]
        if isinstance(hint, type) and issubclass(hint, LabeledEnum):
            table = self.name(hint._lookup().get)
            read = self.name(_enum_reader(hint))
            return str, [f"e = {table}(v)", f"v = {read}(v) if e is None else e"]
        if isinstance(hint, type) and attrs.has(hint):
            inner = compiled(hint)
            if inner is None:
                raise _Unsupported(hint)
            build = self.name(inner.build)
            if hint in TEXT_FORMS:
                parse = self.name(TEXT_FORMS[hint][0])
                return str | inner.struct, [f"v = {parse}(v) if type(v) is str else {build}(v)"]
            return inner.struct, [f"v = {build}(v)"]
        args = get_args(hint)
        if get_origin(hint) in (typing.Union, types.UnionType):
            inner_types = [a for a in args if a is not type(None)]
            if len(inner_types) != 1 or len(args) != 2:
                raise _Unsupported(hint)
            kind, lines = self.field(inner_types[0], identifying)
            return kind | None, (["if v is not None:", *_indent(lines)] if lines else [])
        if get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
            kind, lines = self.field(args[0], identifying)
            if not lines:
                return tuple[kind, ...], []  # type: ignore[valid-type]
            one = self._item(lines)
            # Most lists hold one item (a task's one standard): no iterator for it.
            read = f"v = ({one}(v[0]),) if len(v) == 1 else tuple(map({one}, v))"
            return tuple[kind, ...], [read]  # type: ignore[valid-type]
        raise _Unsupported(hint)

    def _item(self, lines: list[str]) -> str:
        """A function of one value made of ``lines`` (or the function they call)."""
        if len(lines) == 1 and lines[0].startswith("v = ") and lines[0].endswith("(v)"):
            call = lines[0][4:-3]
            if call.isidentifier():
                return call
        self.count += 1
        name = f"_item{self.count}"
        code = "\n".join([f"def {name}(v):", *_indent(lines), "    return v"]) + "\n"
        exec(compile(code, f"<civledger compiled item {name}>", "exec"), self.scope)
        return name


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def compiled(cls: type[Any]) -> Compiled | None:
    """The compiled decoding of an entity class, or ``None`` when the class keeps the
    loader's path (its ``__init__`` does more than set fields, or a field type is not
    one the compiled path reads).

    Examples
    --------
    >>> from civledger import Person
    >>> person = compiled(Person)
    >>> person.build(person.decode('[{"id": "p-li", "name": "李某"}]'.encode())[0])
    Person(id='p-li', name='李某', title=None, note=None)
    >>> person.decode(b'[{"id": "p-li", "name": "Li", "age": 50}]') is None
    True
    """
    if cls not in _MADE:
        _MADE[cls] = _compiled(cls)  # two threads may both make it: the same thing
    return _MADE[cls]


_MADE: dict[type[Any], Compiled | None] = {}


def _slots_twin(cls: type[Any]) -> type[Any] | None:
    """A subclass of ``cls`` that adds nothing but plain attribute setting, or ``None``.

    A frozen class sets each slot through its descriptor's ``__set__``, a call of some
    40 ns; a class whose ``__setattr__`` and ``__delattr__`` are ``object``'s own lets
    the interpreter set a slot in a few (``o.name = v``, specialized). The entity is
    built as the twin, then made an instance of ``cls`` by assigning ``__class__``
    (allowed: same layout), before its validators run: the same slots holding the same
    values, in an object of the same class, as the descriptors would make it.
    """
    try:
        twin: type[Any] = type(
            f"_{cls.__name__}Slots",
            (cls,),
            {
                "__slots__": (),
                "__setattr__": object.__setattr__,
                "__delattr__": object.__delattr__,
                "__module__": __name__,
            },
        )
        probe = object.__new__(twin)
        probe.__class__ = cls
    except TypeError:  # a class that refuses subclasses or this assignment: descriptors
        return None
    return twin


def _compiled(cls: type[Any]) -> Compiled | None:
    made = slot_builder(cls)
    if made is None:
        return None
    fields = attrs.fields(cls)
    if any(not f.init or f.alias != f.name for f in fields):
        return None
    hints = typing.get_type_hints(cls)
    twin = _slots_twin(cls)
    scope: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": cls,
        "_twin": cls if twin is None else twin,
        "_UNSET": msgspec.UNSET,
        "_disabled": attrs.validators.get_disabled,
    }
    plan = _Plan(scope)
    spec: list[tuple[Any, ...]] = []
    body = ["    o = _new(_twin)"]
    checks: list[str] = []
    try:
        for i, field in enumerate(fields):
            hint = hints[field.name]
            kind, read = plan.field(hint, field.name in IDENTIFYING_FIELDS)
            default = field.default
            converter = field.converter
            if converter is not None and converter is not to_tuple:  # to_tuple: v is one
                read = [*read, f"v = _conv{i}(v)"]
                scope[f"_conv{i}"] = converter
            if twin is None:
                scope[f"_set{i}"] = getattr(cls, field.name).__set__
            store = "    " + (f"_set{i}(o, {{}})" if twin is None else f"o.{field.name} = {{}}")
            if default is attrs.NOTHING or (default is None and _optional(hint)):
                # Required, or optional with None for left out or null (as in cattrs): the
                # optional's lines let None through.
                required = default is attrs.NOTHING
                spec.append((field.name, kind) if required else (field.name, kind, None))
                if read:
                    body += [f"    v = s.{field.name}", *_indent(read), store.format("v")]
                else:
                    body.append(store.format(f"s.{field.name}"))
            else:
                spec.append((field.name, kind | msgspec.UnsetType, msgspec.UNSET))
                scope[f"_default{i}"] = default if converter is None else converter(default)
                body += [
                    f"    v = s.{field.name}",
                    "    if v is _UNSET:",
                    f"        v = _default{i}",
                    *(["    else:", *_indent(_indent(read))] if read else []),
                    store.format("v"),
                ]
            if field.validator is not None:
                scope[f"_val{i}"] = field.validator
                scope[f"_field{i}"] = field
                checks.append(f"        _val{i}(o, _field{i}, o.{field.name})")
    except _Unsupported:
        return None
    if twin is not None:
        body.append("    o.__class__ = _cls")
    if checks:
        body += ["    if not _disabled():", *checks]
    body.append("    return o")
    # The names the body uses stay globals of its own scope: the interpreter reads them
    # from a cache (LOAD_GLOBAL specialized), cheaper than copying some forty default
    # arguments into every call.
    code = "\n".join(["def build(s):", *body]) + "\n"
    exec(compile(code, f"<civledger compiled build of {cls.__qualname__}>", "exec"), scope)
    struct = msgspec.defstruct(
        f"{cls.__name__}Struct",
        spec,
        forbid_unknown_fields=True,
        kw_only=True,
        gc=False,
        module=__name__,
    )
    return Compiled(
        cls=cls,
        struct=struct,
        build=scope["build"],
        decoder=msgspec.json.Decoder(list[struct]),  # type: ignore[valid-type]
    )


def _optional(hint: Any) -> bool:
    return get_origin(hint) in (typing.Union, types.UnionType) and type(None) in get_args(hint)
