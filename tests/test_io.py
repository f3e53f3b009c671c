"""Reading and writing files: round trips, deterministic output, atomic dumps, unreadable files."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import pytest

import civledger
from civledger import FormatVersionError, Ledger, LedgerFileError
from civledger.io import atomic as atomic_module
from civledger.serialization.locate import json_locator
from civledger.testing import small_ledger
from support import AS_OF, codes, run_check

FORMATS = ["yaml", "json"]


@pytest.fixture(scope="module")
def synthetic() -> Ledger:
    return civledger.synthesize(streets=2, communities=2, grids=3, tasks=120, seed=7)


# -- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_small_ledger_round_trips_through_text(fmt: str) -> None:
    ledger = small_ledger()
    assert civledger.loads(civledger.dumps(ledger, format=fmt), format=fmt) == ledger


@pytest.mark.parametrize("fmt", FORMATS)
def test_synthetic_ledger_round_trips_through_text(synthetic: Ledger, fmt: str) -> None:
    loaded = civledger.loads(civledger.dumps(synthetic, format=fmt), format=fmt)
    assert loaded == synthetic
    assert loaded.origin is not None
    assert loaded.origin.observations == ()


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_dump_and_load_a_file(tmp_path: Path, synthetic: Ledger, suffix: str) -> None:
    target = tmp_path / f"ledger{suffix}"
    civledger.dump(synthetic, target)
    loaded = civledger.load(target)
    assert loaded == synthetic
    assert loaded.origin is not None
    assert loaded.origin.file == str(target)
    assert loaded.origin.format == ("json" if suffix == ".json" else "yaml")
    assert run_check(loaded).valid


def test_the_format_comes_from_the_suffix(tmp_path: Path) -> None:
    civledger.dump(small_ledger(), tmp_path / "a.json")
    civledger.dump(small_ledger(), tmp_path / "a.yaml")
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["civledger"] == 1
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8").startswith("civledger: 1\n")


def test_an_explicit_format_wins_over_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "ledger.txt"
    civledger.dump(small_ledger(), target, format="json")
    assert json.loads(target.read_text(encoding="utf-8"))["civledger"] == 1
    assert civledger.load(target) == small_ledger()  # JSON detected from the text
    assert civledger.load(target, format="yaml") == small_ledger()  # JSON is YAML too


def test_an_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown ledger format 'xml'"):
        civledger.dumps(small_ledger(), format="xml")


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    target = tmp_path / "bom.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + civledger.dumps(small_ledger()).encode("utf-8"))
    assert civledger.load(target) == small_ledger()


def test_loads_accepts_bytes() -> None:
    data = civledger.dumps(small_ledger(), format="json").encode("utf-8")
    assert civledger.loads(data, format="json") == small_ledger()


# -- deterministic output -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_dumping_is_deterministic(synthetic: Ledger, fmt: str, tmp_path: Path) -> None:
    first = civledger.dumps(synthetic, format=fmt)
    assert civledger.dumps(synthetic, format=fmt) == first
    assert civledger.dumps(civledger.loads(first, format=fmt), format=fmt) == first
    path = tmp_path / f"l.{fmt}"
    civledger.dump(synthetic, path)
    once = path.read_bytes()
    assert once == first.encode("utf-8")
    civledger.dump(civledger.load(path), path)
    assert path.read_bytes() == once


def test_same_seed_same_ledger_other_seed_other_ledger() -> None:
    shape = {"streets": 2, "communities": 2, "grids": 2, "tasks": 40}
    assert civledger.synthesize(**shape, seed=1) == civledger.synthesize(**shape, seed=1)
    assert civledger.synthesize(**shape, seed=1) != civledger.synthesize(**shape, seed=2)


def test_json_has_one_entry_per_line(synthetic: Ledger) -> None:
    text = civledger.dumps(synthetic, format="json")
    assert len(json.loads(text)["tasks"]) == len(synthetic.tasks)
    find = json_locator(text)
    for name in ("units", "people", "appointments", "tasks", "journal"):
        items = getattr(synthetic, name)
        found = [find((name, i)) for i in range(len(items))]
        lines = [where for where in found if where is not None]
        assert len(lines) == len(items)
        first_line = lines[0][0]
        assert [line for line, _ in lines] == list(range(first_line, first_line + len(items)))
        assert all(col == 2 for _, col in lines)
    nodes = synthetic.frameworks[0].nodes
    node_lines = [
        where[0] for i in range(len(nodes)) if (where := find(("frameworks", 0, "nodes", i)))
    ]
    assert node_lines == list(range(node_lines[0], node_lines[0] + len(nodes)))
    assert len(text.splitlines()) < 2 * sum(
        len(getattr(synthetic, n)) for n in ("units", "people", "appointments", "tasks", "journal")
    ) + len(nodes)


def test_defaults_and_empty_collections_are_left_out() -> None:
    text = civledger.dumps(small_ledger(), format="json")
    doc = json.loads(text)
    assert list(doc) == [
        "civledger",
        "campaign",
        "frameworks",
        "units",
        "people",
        "appointments",
        "tasks",
        "journal",
    ]
    assert "kind" not in doc["tasks"][0]  # the default kind (task) is not written
    assert doc["tasks"][1]["kind"] == "problem"
    assert "timezone" not in doc["campaign"]


# -- atomic dump ----------------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_dump_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "ledger.yaml"
    target.write_text("old content\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module.os, failing, fail)
    with pytest.raises(civledger.FileWriteError, match="the disk is full"):
        civledger.dump(small_ledger(), target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.yaml"]


def test_a_failed_write_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ledger.json"
    civledger.dump(small_ledger(), target)
    before = target.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, stream: object) -> None:
            self.stream = stream

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.stream.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            raise OSError(5, "Input/output error")

        def writelines(self, chunks: Iterable[bytes]) -> None:
            for n, chunk in enumerate(chunks):
                if n == 3:
                    self.write(chunk)
                self.stream.write(chunk)  # type: ignore[attr-defined]

    monkeypatch.setattr(
        atomic_module.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode))
    )
    bigger = civledger.synthesize(streets=1, communities=1, grids=1, tasks=10)
    with pytest.raises(OSError, match="Input/output error"):
        civledger.dump(bigger, target)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]


def test_dump_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "ledger.yaml"
    target.write_text("old", encoding="utf-8")
    civledger.dump(small_ledger(), target)
    assert civledger.load(target) == small_ledger()
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


# -- files that cannot be read --------------------------------------------------------------------

BOMB = (
    "civledger: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 12))
    + "campaign: {id: c, name: x}\n"
)

UNREADABLE = [
    ("empty", "l.yaml", b"", LedgerFileError, "the file is empty"),
    ("whitespace", "l.yaml", b"  \n\t\n   ", LedgerFileError, "the file is empty"),
    (
        "truncated-json",
        "l.json",
        b'{"civledger": 1,\n "campaign": {"id": "c",',
        LedgerFileError,
        ":2:",
    ),
    (
        "invalid-utf8",
        "l.yaml",
        b"civledger: 1\ncampaign: {id: c, name: \xb2\xe2}\n",
        LedgerFileError,
        "not valid UTF-8",
    ),
    ("utf16", "l.yaml", "civledger: 1\n".encode("utf-16"), LedgerFileError, "UTF-16"),
    ("top-level-list", "l.yaml", b"- civledger: 1\n", LedgerFileError, "top level is a list"),
    ("top-level-scalar", "l.json", b"42", LedgerFileError, "top level is a single value"),
    (
        "yaml-syntax",
        "l.yaml",
        b"civledger: 1\ncampaign: [a, b\nunits: x\n",
        LedgerFileError,
        "invalid YAML",
    ),
    (
        "yaml-tab-indent",
        "l.yaml",
        b"civledger: 1\ncampaign:\n\tid: c\n",
        LedgerFileError,
        "invalid YAML",
    ),
    (
        "yaml-python-tag",
        "l.yaml",
        b"civledger: 1\ncampaign: !!python/object:os.system {}\n",
        LedgerFileError,
        "invalid YAML",
    ),
    (
        "missing-version",
        "l.yaml",
        b"campaign: {id: c, name: x}\n",
        FormatVersionError,
        "no format version",
    ),
    (
        "version-2",
        "l.yaml",
        b"civledger: 2\ncampaign: {id: c, name: x}\n",
        FormatVersionError,
        "unknown format version 2",
    ),
    (
        "version-text",
        "l.yaml",
        b"civledger: '1'\ncampaign: {id: c, name: x}\n",
        FormatVersionError,
        "unknown format version '1'",
    ),
    (
        "version-float",
        "l.json",
        b'{"civledger": 1.0}',
        FormatVersionError,
        "unknown format version 1.0",
    ),
    (
        "version-bool",
        "l.json",
        b'{"civledger": true}',
        FormatVersionError,
        "unknown format version True",
    ),
    ("alias-bomb", "l.yaml", BOMB.encode(), LedgerFileError, "alias bomb"),
    (
        "recursive-alias",
        "l.yaml",
        b"civledger: 1\ncampaign: &a {id: c, name: x, note: *a}\n",
        LedgerFileError,
        "recursive",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "error", "problem"),
    [(c[1], c[2], c[3], c[4]) for c in UNREADABLE],
    ids=[c[0] for c in UNREADABLE],
)
def test_unreadable_files_raise_naming_the_file(
    tmp_path: Path, name: str, data: bytes, error: type[Exception], problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        civledger.load(path)
    assert type(info.value) is error
    message = str(info.value)
    assert message.startswith(str(path))
    assert problem in message
    assert info.value.file == str(path)  # type: ignore[attr-defined]
    assert info.value.hint  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b'{"civledger": 1,\n "campaign": {"id": "c",', 2),
        (b"civledger: 1\ncampaign: [a, b\nunits: x\n", 3),
        (b"civledger: 1\n\ncampaign: {id: c, name: \xb2\xe2}\n", 3),
        (b"civledger: 1\ncampaign: &a {id: c, name: x, note: *a}\n", 2),
    ],
)
def test_unreadable_files_say_where(tmp_path: Path, data: bytes, line: int) -> None:
    path = tmp_path / ("l.json" if data.startswith(b"{") else "l.yaml")
    path.write_bytes(data)
    with pytest.raises(LedgerFileError) as info:
        civledger.load(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}")


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(LedgerFileError, match="no such file") as info:
        civledger.load(path)
    assert str(info.value).startswith(str(path))


def test_a_folder(tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError, match="is a folder") as info:
        civledger.load(tmp_path)
    assert str(info.value).startswith(str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("civledger: 1\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(LedgerFileError, match="permission denied"):
        civledger.load(path)


def test_a_small_repeated_anchor_is_fine() -> None:
    text = (
        "civledger: 1\ncampaign: {id: c, name: x}\n"
        "units:\n- &u {id: zc, name: 柘城县, level: county}\n"
        "tasks:\n- {id: T-1, title: t, cooperating: &co [zc]}\n"
        "- {id: T-2, title: t, cooperating: *co}\n"
    )
    ledger = civledger.loads(text)
    assert ledger.task("T-2").cooperating == ("zc",)
    assert codes(run_check(ledger)) == []


def test_loads_of_bad_bytes_names_the_text() -> None:
    with pytest.raises(LedgerFileError, match=r"<text>: is not valid UTF-8"):
        civledger.loads(b"civledger: 1\n\xff")
    with pytest.raises(LedgerFileError, match=r"mine\.yaml: is not valid UTF-8"):
        civledger.loads(b"civledger: 1\n\xff", file="mine.yaml")


def test_loads_of_a_version_error_names_the_file() -> None:
    with pytest.raises(FormatVersionError, match=r"^x\.yaml: unknown format version 3"):
        civledger.loads("civledger: 3\n", file="x.yaml")


def test_check_as_of_is_used_for_dates() -> None:
    assert run_check(small_ledger()).as_of == AS_OF
