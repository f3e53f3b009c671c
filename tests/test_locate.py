"""Finding the line and column of a ``$.path`` in JSON and YAML text, and after a release."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import civledger
from civledger.findings import PathSegment
from civledger.model import Origin
from civledger.serialization.locate import Locator, json_locator, yaml_locator
from civledger.testing import small_ledger
from support import text_at

JSON = """\
{"civledger": 1,
 "campaign": {"id": "c", "name": "柘城县 \\"创文\\" [1]"},
 "units": [
  {"id": "zc", "name": "柘城县", "level": "county"},
  {"id": "zc-ly", "name": "龙源街道", "level": "street",
   "aliases": ["龙源办事处", "{not: a map}"]}],
 "tasks": [],
 "policy": {"evidence": [{"kind": "problem", "count": 2}]}
}
"""

YAML = """\
civledger: 1
campaign: {id: c, name: '柘城县 "创文" [1]'}
units:
  - id: zc
    name: 柘城县
    level: county
  - {id: zc-ly, name: 龙源街道, level: street,
     aliases: [龙源办事处, '{not: a map}']}
tasks: []
policy:
  evidence:
  - kind: problem
    count: 2
"""


@pytest.mark.parametrize(
    ("path", "json_at", "json_token", "yaml_at", "yaml_token"),
    [
        ((), (1, 1), "{", (1, 1), "civledger"),
        (("civledger",), (1, 2), '"civledger"', (1, 1), "civledger"),
        (("campaign", "name"), (2, 26), '"name"', (2, 19), "name"),
        (("units",), (3, 2), '"units"', (3, 1), "units"),
        (("units", 0), (4, 3), '{"id": "zc"', (4, 5), "id: zc"),
        (("units", 1, "level"), (5, 35), '"level"', (7, 29), "level"),
        (("units", 1, "aliases", 1), (6, 25), '"{not', (8, 23), "'{not"),
        (("policy", "evidence", 0, "count"), (8, 46), '"count"', (13, 5), "count"),
    ],
)
def test_nested_paths(
    path: tuple[PathSegment, ...],
    json_at: tuple[int, int],
    json_token: str,
    yaml_at: tuple[int, int],
    yaml_token: str,
) -> None:
    found_json = json_locator(JSON)(path)
    found_yaml = yaml_locator(YAML)(path)
    assert found_json is not None
    assert found_yaml is not None
    assert text_at(JSON, *found_json).startswith(json_token)
    assert text_at(YAML, *found_yaml).startswith(yaml_token)
    assert (found_json, found_yaml) == (json_at, yaml_at)


@pytest.mark.parametrize(
    ("path", "parent"),
    [
        (("units", 1, "parent"), ("units", 1)),  # a key the entry lacks
        (("units", 7), ("units",)),  # an index past the end
        (("units", 0, "name", "deeper"), ("units", 0, "name")),  # through a scalar
        (("nowhere", 3), ()),
    ],
)
def test_missing_keys_fall_back_to_the_deepest_found(
    path: tuple[PathSegment, ...], parent: tuple[PathSegment, ...]
) -> None:
    find_json = json_locator(JSON)
    find_yaml = yaml_locator(YAML)
    for find, text in ((find_json, JSON), (find_yaml, YAML)):
        got = find(path)
        assert got is not None
        line, _ = got
        expected = find(parent)
        assert expected is not None
        assert line == expected[0], (text[:10], path)


def test_json_columns_count_characters_not_bytes() -> None:
    text = '{"名称": "柘城县", "id": "x"}'
    assert json_locator(text)(("id",)) == (1, 15)
    assert text_at(text, 1, 15).startswith('"id"')


def test_unparseable_yaml_locates_nothing() -> None:
    assert yaml_locator("a: [\n")(("a",)) is None


def test_broken_json_locates_nothing() -> None:
    assert json_locator('{"a": [1, 2')(("a", 1)) is None


def _file(tmp_path: Path, fmt: str = "json") -> Path:
    path = tmp_path / f"ledger.{fmt}"
    civledger.dump(small_ledger(), path)
    return path


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_locator_reads_the_file_again_after_release(tmp_path: Path, fmt: str) -> None:
    path = _file(tmp_path, fmt)
    text = path.read_text(encoding="utf-8")
    locator = Locator(text, fmt, str(path))
    locator.release()
    found = locator(("units", 1, "parent"))
    assert found is not None
    assert text_at(text, *found).lstrip('"').startswith("parent")


def test_locator_gives_up_when_the_file_changed(tmp_path: Path) -> None:
    path = _file(tmp_path)
    text = path.read_text(encoding="utf-8")
    locator = Locator(text, "json", str(path))
    locator.release()
    path.write_text(text + "\n", encoding="utf-8")
    assert locator(("units", 1)) is None


def test_locator_gives_up_when_the_file_was_rewritten_in_place(tmp_path: Path) -> None:
    path = _file(tmp_path)
    text = path.read_text(encoding="utf-8")
    locator = Locator(text, "json", str(path))
    locator.release()
    stat = path.stat()
    path.write_text(text.replace("zc-ly", "zc-LY"), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert locator(("units", 1)) is None


def test_locator_gives_up_when_the_file_is_gone(tmp_path: Path) -> None:
    path = _file(tmp_path)
    locator = Locator(path.read_text(encoding="utf-8"), "json", str(path))
    locator.release()
    path.unlink()
    assert locator(("units", 1)) is None


def test_locator_without_a_file_keeps_its_text() -> None:
    text = civledger.dumps(small_ledger(), format="json")
    locator = Locator(text, "json")
    locator.release()
    found = locator(("tasks", 1))
    assert found is not None
    assert text_at(text, *found).startswith('{"id":"P-001"')


def test_locator_keeps_working_once_it_has_read(tmp_path: Path) -> None:
    path = _file(tmp_path)
    locator = Locator(path.read_text(encoding="utf-8"), "json", str(path))
    first = locator(("units", 2))
    locator.release()
    path.unlink()
    assert locator(("units", 2)) == first


def test_a_loaded_ledger_locates_after_loading(tmp_path: Path) -> None:
    path = _file(tmp_path, "yaml")
    ledger = civledger.load(path)
    location = ledger.locate("tasks", 1, "located_in")
    assert location.file == str(path)
    assert location.line is not None
    assert location.column is not None
    line = path.read_text(encoding="utf-8").splitlines()[location.line - 1]
    assert line[location.column - 1 :].startswith("located_in")


def test_origin_translates_ledger_positions_to_document_positions() -> None:
    origin = Origin(
        positions={("units",): (0, 2, 5), ("frameworks", 0, "nodes"): (1, 3)},
        locator=lambda path: (len(path), 1),
    )
    assert origin.document_path(("units", 1, "parent")) == ("units", 2, "parent")
    assert origin.document_path(("units", 2)) == ("units", 5)
    assert origin.document_path(("units", 9)) == ("units", 9)  # out of range: unchanged
    assert origin.document_path(("tasks", 1)) == ("tasks", 1)
    assert origin.document_path(("frameworks", 0, "nodes", 0, "code")) == (
        "frameworks",
        0,
        "nodes",
        1,
        "code",
    )
    location = origin.locate(("units", 1))
    assert (location.path, location.line, location.column) == (("units", 2), 2, 1)
