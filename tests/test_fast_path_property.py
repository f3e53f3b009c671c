"""The fast structuring path against cattrs' detailed path, for every class of the ledger format.

The loader reads entries with the fast converter and turns to the detailed one
(cattrs' own generated functions, which collect every problem with its path)
only for an entry the fast one refused. That is sound only if the fast path
never accepts what the detailed path rejects (a bad entry would slip in
unreported), never rejects what it accepts (a good entry would cost the slow
path) and builds equal entities. These properties hold the two paths to each
other, and the loader to the same findings whichever path it tries first, on
plausible documents (choices written as Chinese labels and aliases, in full width
too) and on broken ones: wrong types, unknown keys, missing keys, bad dates,
unknown choices, nulls, entries that are no mapping at all.

The classes are found from the model itself (every class a ledger document can
hold, from its top-level keys down), so a class added to the model is covered at
once. The properties speak only of the two converters and the loader, never of
how the fast path is built, so that they can referee whatever replaces it.

CI runs 40 examples per class, 10 per field (each with that field broken) and 30
per top-level key; set ``CIV_EXAMPLES=2000`` to search harder.
"""

from __future__ import annotations

import copy
import importlib
import os
import pkgutil
import types
import typing
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any, get_args, get_origin
from unittest import mock

import attrs
import cattrs
import pytest
from dateutil import tz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import civledger.model
from civledger.labels import LabeledEnum
from civledger.model import COLLECTIONS, Collection, EntryDraft, Ledger, Origin
from civledger.model.journal_mark import JournalMark, KeptLine
from civledger.serialization import loader
from civledger.serialization.converter import (
    detailed_converter,
    fast_converter,
    reading_timezone,
)
from civledger.serialization.loader import TOP_LEVEL_KEYS, structure_ledger

_SEARCH = int(os.environ.get("CIV_EXAMPLES", "0"))
CONVERTER_SETTINGS = settings(
    max_examples=_SEARCH or 40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FIELD_SETTINGS = settings(
    max_examples=_SEARCH or 10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
LOADER_SETTINGS = settings(
    max_examples=_SEARCH or 30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# -- the classes a ledger document holds ------------------------------------------------------

NOT_IN_DOCUMENTS: frozenset[type] = frozenset(
    {Ledger, Origin, Collection, EntryDraft, JournalMark, KeptLine}
)
"""Model classes no document spells out: the aggregate, what loading noticed, the table of keys,
an entry an app hands to the writer before it is stamped, what a ledger read of its journal file."""


def _attrs_classes_in(hint: Any) -> Iterator[type]:
    if isinstance(hint, type) and attrs.has(hint):
        yield hint
    for arg in get_args(hint):
        yield from _attrs_classes_in(arg)


def _top_level_classes() -> dict[str, type]:
    """The class each top-level key of a document holds (entries of it, for a collection)."""
    kinds = {c.name: c.kind for c in COLLECTIONS}
    ledger_hints = typing.get_type_hints(Ledger)
    found: dict[str, type] = {}
    for key in TOP_LEVEL_KEYS:
        if key in kinds:
            found[key] = kinds[key]
        elif key in ledger_hints:
            (found[key],) = _attrs_classes_in(ledger_hints[key])
    return found


def _document_classes() -> list[type]:
    """Every attrs class reachable from the top-level keys through field types."""
    seen: set[type] = set()
    todo = list(TOP_LEVEL.values())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            if field.init:
                todo.extend(_attrs_classes_in(hints[field.name]))
    return sorted(seen, key=lambda cls: cls.__name__)


def _model_classes() -> set[type]:
    """Every attrs class defined in a module of the model package."""
    found: set[type] = set()
    package = civledger.model
    for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        found.update(
            value
            for value in vars(module).values()
            if isinstance(value, type) and attrs.has(value) and value.__module__ == module.__name__
        )
    return found


TOP_LEVEL = _top_level_classes()
DOCUMENT_CLASSES = _document_classes()


def test_every_model_class_is_covered() -> None:
    assert {"campaign", "policy", "tasks", "journal", "frameworks"} <= set(TOP_LEVEL)
    assert len(DOCUMENT_CLASSES) >= len(COLLECTIONS) + 2
    names = {cls.__name__ for cls in DOCUMENT_CLASSES}
    assert {"Target", "Evidence", "PhaseWindow", "FrameworkNode", "RawCell"} <= names
    # A model class that is neither in documents nor named above needs a decision.
    assert _model_classes() - set(DOCUMENT_CLASSES) == NOT_IN_DOCUMENTS


# -- plausible raw values, and broken ones ----------------------------------------------------

TEXTS = [
    "zc",
    "zc-ly",
    "T-001",
    "p-li",
    "wmcs",
    "wmcs:I-1",
    "I-1-2",
    "柘城县",
    "龙源街道",
    "39条市政道路综合整治",
    "条",
    "%",
    "Asia/Shanghai",
    "UTC",
    "09:00",
    "18:30",
    "A",
    "AB",
    "411424001000",
    "6月底前",
    "",
]
"""Texts that pass the model's validators (time zones, clock times, columns, division codes)."""

INT_SAMPLES = [0, 1, 2, 7, 25, 28, -1, -28, 30, 120, 1440]
FLOAT_SAMPLES: list[Any] = [0, 39, 85.5, 100, 1_004_000, -2.5]
SAMPLES: dict[Any, list[Any]] = {str: TEXTS, int: INT_SAMPLES, float: FLOAT_SAMPLES}

TEXT = st.sampled_from(TEXTS) | st.text(max_size=8)
INTS = st.sampled_from(INT_SAMPLES) | st.integers(-40, 1500)
FLOATS = (
    st.sampled_from(FLOAT_SAMPLES)
    | st.integers(-5, 10**6)
    | st.floats(-1e3, 1e7, allow_nan=False, allow_infinity=False)
)
DATES = st.dates(date(2020, 1, 1), date(2030, 12, 31))
OFFSETS = st.none() | st.sampled_from([timezone(timedelta(hours=8)), UTC])
DATETIMES = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=OFFSETS)

JUNK: list[Any] = [
    None,
    True,
    False,
    0,
    7,
    -1,
    2.5,
    float("nan"),
    float("inf"),
    "",
    "x",
    "十",
    [],
    ["x"],
    {},
    {"x": 1},
    date(2026, 6, 30),
    datetime(2026, 6, 30, 9),
]
"""Values of every JSON and YAML type, each wrong for most fields."""

BAD_DATES = ["2026-02-30", "2026-13-01", "30/06/2026", "2026年6月30日", "6月底前", "2026-6-1"]
BAD_DATETIMES = ["2026-04-02 25:00", "2026-04-02T09:00+25:00", "上午九点", "2026/04/02 09:00"]
UNKNOWN_CHOICES = ["province", "未知", "streets", "A+", "三级"]
UNKNOWN_KEYS: list[Any] = ["Id", "due_date", "lead_unit", "牵头单位", "责任人", "", 1, None]


def _widen(text: str) -> str:
    # Full-width letters and digits, as typed with a Chinese input method.
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _choices(enum: type[LabeledEnum]) -> st.SearchStrategy[Any]:
    """A member as people write it: its value, its Chinese label or an alias, in any width."""
    names = [text for member in enum for text in (member.value, member.label, *member.aliases)]
    spelled = st.sampled_from(names).flatmap(
        lambda text: st.sampled_from([text, text.upper(), f" {text} ", _widen(text)])
    )
    return spelled | st.sampled_from(list(enum))


def _optional(hint: Any) -> Any | None:
    """The type inside ``X | None``, or ``None`` when the hint is no optional."""
    if get_origin(hint) in (typing.Union, types.UnionType) and type(None) in get_args(hint):
        (inner,) = (a for a in get_args(hint) if a is not type(None))
        return inner
    return None


@cache
def _plausible(hint: Any) -> st.SearchStrategy[Any]:
    """Raw values of a field type as a document would hold them."""
    inner = _optional(hint)
    if inner is not None:
        return st.none() | _plausible(inner)
    if get_origin(hint) is tuple:
        return st.lists(_plausible(get_args(hint)[0]), max_size=3)
    if isinstance(hint, type) and issubclass(hint, LabeledEnum):
        return _choices(hint)
    if isinstance(hint, type) and attrs.has(hint):
        return _plausible_entries(hint)
    plain: dict[Any, st.SearchStrategy[Any]] = {
        str: TEXT,
        int: INTS,
        float: FLOATS,
        bool: st.booleans(),
        date: DATES.map(date.isoformat) | DATES,
        datetime: DATETIMES.map(datetime.isoformat) | DATETIMES | DATES,
    }
    return plain[hint]


_junk = st.sampled_from(JUNK)
NOT_MAPPINGS = [value for value in JUNK if type(value) is not dict]


@cache
def _broken(hint: Any) -> st.SearchStrategy[Any]:
    """Raw values of a field type with one thing wrong, at any depth (a few are right after all)."""
    inner = _optional(hint)
    if inner is not None:
        return _broken(inner)
    if get_origin(hint) is tuple:
        item = get_args(hint)[0]
        one_bad_item = st.tuples(st.lists(_plausible(item), max_size=2), _broken(item))
        return one_bad_item.map(lambda parts: [*parts[0], parts[1]]) | TEXT | _junk
    if isinstance(hint, type) and attrs.has(hint):
        return _broken_entries(hint) | st.sampled_from(NOT_MAPPINGS)
    if hint is date:
        return st.sampled_from(BAD_DATES) | DATETIMES | _junk
    if hint is datetime:
        return st.sampled_from(BAD_DATETIMES) | _junk
    if hint is str:
        return st.integers() | st.floats() | _junk
    if isinstance(hint, type) and issubclass(hint, LabeledEnum):
        return st.sampled_from(UNKNOWN_CHOICES) | st.text(max_size=4) | _junk
    return _junk


@cache
def _passing(cls: type[Any], name: str) -> st.SearchStrategy[Any]:
    """The samples of a field's type that its validator lets through, if it has one.

    A validator that admits few values (a column is one to three capital
    letters) would otherwise make nearly every plausible entry invalid.
    """
    field = attrs.fields_dict(cls)[name]
    hint = typing.get_type_hints(cls)[name]
    hint = _optional(hint) or hint
    if field.validator is None or hint not in SAMPLES:
        return st.nothing()
    passing = []
    for raw in SAMPLES[hint]:
        try:
            field.validator(None, field, detailed_converter.structure(raw, hint))
        except Exception:
            continue
        passing.append(raw)
    return st.sampled_from(passing) if passing else st.nothing()


@st.composite
def _plausible_entries(draw: st.DrawFn, cls: type[Any]) -> dict[str, Any]:
    """Entries as a document would hold them: the required keys and some optional ones.

    Most are valid; some break a validator that admits few values, as people do.
    """
    hints = typing.get_type_hints(cls)
    entry: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.init and (field.default is attrs.NOTHING or draw(st.booleans())):
            entry[field.name] = draw(_passing(cls, field.name) | _plausible(hints[field.name]))
    return entry


@st.composite
def _broken_entries(draw: st.DrawFn, cls: type[Any], name: str | None = None) -> Any:
    """Plausible entries with one thing wrong: in the field ``name``, or anywhere.

    One problem at a time, so that no other problem of the same entry hides a
    value the fast path takes and the detailed one refuses.
    """
    entry: dict[Any, Any] = draw(_plausible_entries(cls))
    fields = [f for f in attrs.fields(cls) if f.init]
    mutation = "field" if name is not None else draw(st.sampled_from(MUTATIONS))
    if mutation == "field":
        name = name or draw(st.sampled_from([f.name for f in fields]))
        entry[name] = draw(_broken(typing.get_type_hints(cls)[name]))
    elif mutation == "unknown key":
        key = draw(st.sampled_from(UNKNOWN_KEYS) | st.text(min_size=1, max_size=6))
        if key not in {f.name for f in fields}:
            entry[key] = draw(TEXT | _junk)
    elif mutation == "missing key":
        required = [f.name for f in fields if f.default is attrs.NOTHING]
        if required:
            del entry[draw(st.sampled_from(required))]
    else:
        return draw(st.sampled_from(NOT_MAPPINGS))
    return entry


MUTATIONS = ["field", "field", "unknown key", "missing key", "no mapping"]


@cache
def documents(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Raw entries of an attrs class: plausible ones, and ones with one thing wrong."""
    return _plausible_entries(cls) | _broken_entries(cls)


# -- comparing outcomes -------------------------------------------------------------------------


def _shape(value: Any) -> Any:
    """A value as nested tuples that differ wherever a user could tell two values apart.

    ``==`` is not enough: ``1 == 1.0``, and two date-times at the same instant in
    different time zones are equal.
    """
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value), tuple((f.name, _shape(getattr(value, f.name))) for f in fields))
    if isinstance(value, tuple | list):
        return (type(value), tuple(_shape(item) for item in value))
    if isinstance(value, datetime):
        return (datetime, value.isoformat(), repr(value.tzinfo))
    return (type(value), repr(value))


@attrs.frozen
class Outcome:
    """What structuring one raw value gave: the value, or the exception."""

    accepted: bool
    value: Any

    def __str__(self) -> str:
        if self.accepted:
            return f"accepted as {self.value!r}"
        error = self.value
        if isinstance(error, cattrs.BaseValidationError):
            leaves = "; ".join(f"{type(e).__name__}: {e}" for e in error.exceptions)
            return f"rejected: {leaves}"
        return f"rejected: {type(error).__name__}: {error}"


def _structure(converter: cattrs.Converter, raw: Any, hint: Any, zone: tzinfo | None) -> Outcome:
    token = reading_timezone.set(zone)
    try:
        return Outcome(True, converter.structure(copy.deepcopy(raw), hint))
    except Exception as error:
        return Outcome(False, error)
    finally:
        reading_timezone.reset(token)


def _both_paths_agree(raw: Any, cls: type[Any], zone: tzinfo | None) -> bool:
    """Assert that both converters accept ``raw`` and build the same, or both refuse it.

    Returns whether they accepted it.
    """
    fast = _structure(fast_converter, raw, cls, zone)
    detailed = _structure(detailed_converter, raw, cls, zone)
    assert fast.accepted == detailed.accepted, f"fast {fast}; detailed {detailed}"
    if fast.accepted:
        assert _shape(fast.value) == _shape(detailed.value)
    return fast.accepted


READING_ZONES = [None, tz.gettz("Asia/Shanghai"), UTC]
"""Naive date-times are read in the reading zone: none (then refused), China's, or UTC."""


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES, ids=lambda cls: cls.__name__)
def test_the_fast_path_accepts_and_builds_what_the_detailed_path_does(cls: type[Any]) -> None:
    seen: Counter[bool] = Counter()

    @CONVERTER_SETTINGS
    @given(raw=documents(cls), zone=st.sampled_from(READING_ZONES))
    def agree(raw: Any, zone: tzinfo | None) -> None:
        seen[_both_paths_agree(raw, cls, zone)] += 1

    agree()
    # Strategies that only ever produced one kind of input would prove half the property.
    assert seen[True], f"{cls.__name__}: no input was accepted"
    assert seen[False], f"{cls.__name__}: no input was rejected"


FIELDS = [(cls, f.name) for cls in DOCUMENT_CLASSES for f in attrs.fields(cls) if f.init]


@pytest.mark.parametrize(("cls", "name"), FIELDS, ids=[f"{c.__name__}.{n}" for c, n in FIELDS])
def test_the_fast_path_refuses_a_bad_field_as_the_detailed_path_does(
    cls: type[Any], name: str
) -> None:
    @FIELD_SETTINGS
    @given(raw=_broken_entries(cls, name), zone=st.sampled_from(READING_ZONES))
    def agree(raw: Any, zone: tzinfo | None) -> None:
        _both_paths_agree(raw, cls, zone)

    agree()


# -- the loader, fast path first or detailed path first -------------------------------------------

CAMPAIGN_ZONES = ["Asia/Shanghai", "UTC", "America/New_York"]


def _part(ledger: Ledger, key: str) -> Any:
    value = getattr(ledger, key)
    return _shape(tuple(value) if key in {c.name for c in COLLECTIONS} else value)


@pytest.mark.parametrize("key", list(TOP_LEVEL))
def test_the_loader_reports_the_same_whichever_path_comes_first(key: str) -> None:
    cls = TOP_LEVEL[key]
    is_collection = key in {c.name for c in COLLECTIONS}
    hint = tuple[cls, ...] if is_collection else typing.get_type_hints(Ledger)[key]
    raws = st.lists(documents(cls), min_size=1, max_size=3) if is_collection else documents(cls)

    @LOADER_SETTINGS
    @given(raw=raws, zone=st.sampled_from(CAMPAIGN_ZONES))
    def same(raw: Any, zone: str) -> None:
        document = {"civledger": 1, "campaign": {"id": "c", "name": "试点", "timezone": zone}}
        document[key] = raw
        fast_first = structure_ledger(copy.deepcopy(document))
        # The detailed converter in the fast one's place: every entry takes the slow path.
        with mock.patch.object(loader, "fast_converter", detailed_converter):
            detailed_first = structure_ledger(copy.deepcopy(document))
        assert fast_first.origin is not None
        assert detailed_first.origin is not None
        assert fast_first.origin.observations == detailed_first.origin.observations
        assert fast_first.origin.skipped == detailed_first.origin.skipped
        assert fast_first.origin.positions == detailed_first.origin.positions
        assert _part(fast_first, key) == _part(detailed_first, key)
        # A part the detailed path takes whole is loaded as it reads it, without a word.
        detailed = _structure(detailed_converter, raw, hint, tz.gettz(zone))
        if detailed.accepted:
            assert fast_first.origin.observations == ()
            loaded = getattr(fast_first, key)
            assert _shape(tuple(loaded) if is_collection else loaded) == _shape(detailed.value)

    same()
