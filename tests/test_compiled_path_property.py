"""The compiled path (msgspec structs, issue 17) against cattrs' detailed path.

A file in civledger's JSON layout is decoded by msgspec into typed structs and
its entities built from them (:mod:`civledger.serialization.compiled`); journal
entries go straight into the journal's columns
(:mod:`civledger.serialization.journal_rows`). Whatever the compiled path refuses
is read by the loader's converters, so it may refuse freely; what it takes, the
detailed path must take too, and build the same. And a document read through it
must load exactly as its mappings load through the detailed path: the same
observations, the same entries left out, the same entities.

The raw values are those of the fast path's property test (plausible ones, and
ones with one thing wrong), written as JSON.
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from datetime import tzinfo
from typing import Any
from unittest import mock

import attrs
import orjson
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from civledger.io.documents import parse_json_bytes
from civledger.model import COLLECTIONS, Entry, Target, Task
from civledger.model.journal_columns import JournalColumns
from civledger.serialization import loader
from civledger.serialization.compiled import compiled
from civledger.serialization.converter import detailed_converter, reading_timezone
from civledger.serialization.journal_rows import JournalRows
from civledger.serialization.lazy import LazyEntries
from civledger.serialization.loader import structure_ledger
from test_fast_path_property import (
    CAMPAIGN_ZONES,
    DOCUMENT_CLASSES,
    READING_ZONES,
    _part,
    _shape,
    _structure,
    documents,
)

_SEARCH = int(os.environ.get("CIV_EXAMPLES", "0"))
SETTINGS = settings(
    max_examples=_SEARCH or 25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _as_json(raw: Any) -> bytes | None:
    """``raw`` written as a JSON array of one entry (``None``: JSON cannot say it)."""
    try:
        return orjson.dumps([raw], option=orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None


def _built(cls: type[Any], text: bytes | None, zone: tzinfo | None, raw: Any = None) -> Any | None:
    """What the compiled path builds of the entry in ``text`` (or of the mapping ``raw``,
    converted by msgspec); ``None``: it refuses it."""
    made = compiled(cls)
    assert made is not None
    structs = made.decode(text) if text is not None else made.convert([raw])
    if not structs or structs[0] is None:
        return None
    token = reading_timezone.set(zone)
    try:
        if cls is Entry:
            columns = JournalColumns()
            return columns.entry(0) if JournalRows(columns).add(structs[0]) else None
        return made.build(structs[0])
    except Exception:
        return None
    finally:
        reading_timezone.reset(token)


def test_every_class_of_the_documents_has_a_compiled_path() -> None:
    assert all(compiled(cls) is not None for cls in DOCUMENT_CLASSES)


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES, ids=lambda cls: cls.__name__)
def test_the_compiled_path_takes_only_what_the_detailed_path_takes(cls: type[Any]) -> None:
    seen: Counter[bool] = Counter()

    @SETTINGS
    @given(raw=documents(cls), zone=st.sampled_from(READING_ZONES))
    def agree(raw: Any, zone: tzinfo | None) -> None:
        text = _as_json(raw)
        if text is None:
            event("not JSON")
            text = b"[]"  # nothing decoded: the mapping alone is tried
        built = _built(cls, text, zone)
        seen[built is not None] += 1
        if built is not None:
            detailed = _structure(detailed_converter, orjson.loads(text)[0], cls, zone)
            assert detailed.accepted, f"compiled built {built!r}; detailed {detailed}"
            assert _shape(built) == _shape(detailed.value)
        # The same entry as a mapping (a journal file's line, a YAML document's entry).
        converted = _built(cls, None, zone, raw)
        if converted is not None:
            detailed = _structure(detailed_converter, raw, cls, zone)
            assert detailed.accepted, f"converted {converted!r}; detailed {detailed}"
            assert _shape(converted) == _shape(detailed.value)

    agree()
    assert seen[True], f"{cls.__name__}: the compiled path took nothing"


@attrs.frozen(kw_only=True)
class _Sealed:
    n: int = attrs.field(validator=attrs.validators.ge(0))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        raise TypeError("no subclasses")


def test_an_entity_is_built_of_its_own_class_with_or_without_a_slots_twin() -> None:
    # Built as a twin with plain attribute setting, then given its own class.
    task = compiled(Task)
    assert task is not None
    text = b'[{"id": "T-1", "title": "t", "targets": [{"name": "a", "quantity": 1}]}]'
    struct = task.decode(text)
    assert struct is not None
    built = task.build(struct[0])
    assert type(built) is Task
    assert type(built.targets[0]) is Target
    assert built == Task(id="T-1", title="t", targets=(Target(name="a", quantity=1),))
    # A class that refuses a twin is built through its slots' descriptors.
    sealed = compiled(_Sealed)
    assert sealed is not None
    structs = sealed.decode(b'[{"n": 2}, {"n": -1}]')
    assert structs is not None
    assert sealed.build(structs[0]) == _Sealed(n=2)
    with pytest.raises(ValueError, match="'n' must be >= 0"):
        sealed.build(structs[1])


LISTS = [c for c in COLLECTIONS if c.name != "frameworks"]  # frameworks are read whole


def _layout(key: str, raws: list[Any], zone: str) -> bytes:
    """A document in civledger's JSON layout with one list, one entry per line."""
    campaign = orjson.dumps({"id": "c", "name": "试点", "timezone": zone})
    lines = b",\n ".join(orjson.dumps(r, option=orjson.OPT_NON_STR_KEYS) for r in raws)
    return (
        b'{"civledger": 1,\n"campaign": '
        + campaign
        + b',\n"'
        + key.encode()
        + (b'": [\n ' + lines + b"]\n}\n")
    )


@pytest.mark.parametrize("collection", LISTS, ids=lambda c: c.name)
def test_a_document_in_the_layout_loads_as_its_mappings_through_the_detailed_path(
    collection: Any,
) -> None:
    key = collection.name

    @SETTINGS
    @given(
        raws=st.lists(documents(collection.kind), min_size=1, max_size=4),
        zone=st.sampled_from(CAMPAIGN_ZONES),
    )
    def same(raws: list[Any], zone: str) -> None:
        if any(_as_json(r) is None or type(r) is not dict for r in raws):
            event("not a layout of mappings")
            return
        data = parse_json_bytes(_layout(key, raws, zone), "ledger.json")
        if not isinstance(data.get(key), LazyEntries):
            event("not read as the layout")
            return
        plain = orjson.loads(_layout(key, raws, zone))
        through_layout = structure_ledger(data, file="ledger.json")
        with mock.patch.object(loader, "fast_converter", detailed_converter):
            detailed = structure_ledger(copy.deepcopy(plain), file="ledger.json")
        assert through_layout.origin is not None
        assert detailed.origin is not None
        assert through_layout.origin.observations == detailed.origin.observations
        assert through_layout.origin.skipped == detailed.origin.skipped
        assert through_layout.origin.positions == detailed.origin.positions
        assert _part(through_layout, key) == _part(detailed, key)

    same()


def test_a_file_read_piece_by_piece_finds_and_counts_as_its_bytes(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    from civledger.io import file_bytes
    from civledger.io.file_bytes import FileSource

    monkeypatch.setattr(file_bytes, "PIECE", 7)  # every pattern straddles pieces somewhere
    monkeypatch.setattr(file_bytes, "_FIRST", 3)
    rng = random.Random(5)
    data = bytes(rng.choice(b'},\n {"a') for _ in range(3000))
    path = tmp_path / "bytes"
    path.write_bytes(b"\xef\xbb\xbf" + data)
    patterns = (b"\n", b"},\n {", b'\n"', b"}],")
    with FileSource(path, offset=3) as source:
        assert len(source) == len(data)
        for start, stop in [(0, len(data)), (5, 2900), (1000, 1003), (17, 17), (2990, 9999)]:
            assert bytes(source.read(start, stop)) == data[start:stop]
            assert source.count(patterns, start, stop) == tuple(
                data.count(p, start, stop) for p in patterns
            )
            for pattern in patterns:
                assert source.find(pattern, start, stop) == data.find(pattern, start, stop)


def test_a_ledger_read_from_its_file_is_the_ledger_read_from_its_bytes(tmp_path: Any) -> None:
    import civledger
    from civledger.io.documents import layout_offset, read_head

    ledger = civledger.synthesize(streets=1, communities=2, grids=2, tasks=60, seed=3)
    path = tmp_path / "ledger.json"
    civledger.dump(ledger, path)
    assert layout_offset(read_head(path)) == 0  # read from the file, a run at a time
    again = civledger.load(path)
    assert again == civledger.loads(path.read_bytes(), format="json") == ledger
    broken = path.read_bytes().replace(b'"action":"report"', b'"action":"report', 1)
    path.write_bytes(broken)
    with pytest.raises(civledger.LedgerFileError) as error:
        civledger.load(path)
    assert error.value.line == broken.count(b"\n", 0, broken.index(b'"action":"report,')) + 1
