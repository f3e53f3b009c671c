"""Issue 12, point 4: every file a ledger names stays inside the ledger's folder.

``journal: ../../x``, an absolute path or a symbolic link leading out is a located
LDG016 finding at load (the file is not read, so none of its lines is shown); append
and dump refuse; ``--allow-outside`` / ``allow_outside=True`` allows it explicitly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import attrs
import pytest

import civledger
from journal_support import county, entry
from support import CLI
from xlsx_support import workbook

SECRET = b"root:x:0:0:root:/root:/bin/bash\n"
"""The first line of the file outside, which must never show in a finding."""


def _ledger(folder: Path, journal: str) -> Path:
    """A ledger in ``folder`` whose journal is named ``journal``, written by hand."""
    folder.mkdir(parents=True, exist_ok=True)
    ledger = county().build(journal=[entry("T-1", "assign", "2026-04-01 09:00", "p-office")])
    text = civledger.dumps(ledger)
    start = text.index("journal:")
    end = text.index("\n", text.index("\n", start) + 1)
    body = text[:start] + f"journal: {journal!r}\n" + text[end + 1 :]
    (folder / "county.yaml").write_text(body, encoding="utf-8")
    return folder / "county.yaml"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the ledger's folder, with something secret in it."""
    secret = tmp_path / "secret" / "passwd"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    return secret


def _escapes(tmp_path: Path, outside: Path) -> list[str]:
    ledger_folder = tmp_path / "ledgers" / "zc"
    ledger_folder.mkdir(parents=True)
    link = ledger_folder / "link.jsonl"
    if sys.platform != "win32":
        link.symlink_to(outside)
    names = ["../../secret/passwd", str(outside), "logs/../../../secret/passwd"]
    return [*names, "link.jsonl"] if sys.platform != "win32" else names


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "dotdot-deep", "symlink"])
def test_a_journal_outside_the_folder_is_a_located_finding_and_not_read(
    tmp_path: Path, outside: Path, kind: str, cli: CLI
) -> None:
    names = dict(
        zip(
            ["dotdot", "absolute", "dotdot-deep", "symlink"],
            _escapes(tmp_path, outside),
            strict=False,
        )
    )
    if kind not in names:
        pytest.skip("no symbolic links here")
    path = _ledger(tmp_path / "ledgers" / "zc", names[kind])
    ledger = civledger.load(path)
    assert len(ledger.journal) == 0
    report = civledger.check(ledger, select=["LDG"], as_of="2026-06-01")
    assert [(i.code, i.location.file, i.location.json_path) for i in report.issues] == [
        ("LDG016", str(path), "$.journal")
    ]
    assert report.issues[0].location.line is not None
    result = cli("check", str(path), "--as-of", "2026-06-01", "--select", "LDG")
    assert result.code == 1
    assert "LDG016" in result.out
    assert "root:x" not in result.out + result.err


def test_append_refuses_a_journal_outside_the_folder(tmp_path: Path, outside: Path) -> None:
    path = _ledger(tmp_path / "zc", "../secret/passwd")
    with pytest.raises(civledger.OutsideFolderError, match="allow_outside=True"):
        civledger.JournalWriter.open(path)
    ledger = civledger.load(path)
    with pytest.raises(civledger.OutsideFolderError):
        civledger.JournalWriter(ledger).append(
            entry("T-1", "claim", "2026-04-02 09:00", "p-street")
        )
    assert outside.read_bytes() == SECRET


def test_dump_refuses_a_journal_outside_the_folder(tmp_path: Path, outside: Path) -> None:
    path = _ledger(tmp_path / "zc", "../secret/passwd")
    ledger = civledger.load(path)
    with pytest.raises(civledger.OutsideFolderError):
        civledger.dump(ledger, path)
    built = attrs.evolve(county().build(), journal_file="../secret/passwd")
    with pytest.raises(civledger.OutsideFolderError):
        civledger.dump(built, tmp_path / "zc" / "other.yaml")
    assert outside.read_bytes() == SECRET


def test_an_import_with_o_never_truncates_a_file_outside(
    tmp_path: Path, outside: Path, cli: CLI
) -> None:
    """The issue's case: ``import -o`` wrote the ledger's journal, named ``../…``, as empty."""
    path = _ledger(tmp_path / "zc", "../secret/passwd")
    book = workbook(
        tmp_path / "台账.xlsx", {"工作台账": [["工作任务", "牵头单位"], ["新任务", "龙源街道"]]}
    )
    (tmp_path / "out").mkdir()
    result = cli("import", str(book), "--into", str(path), "-o", str(tmp_path / "out" / "x.yaml"))
    assert result.code == 2
    assert "outside the ledger's folder" in result.err
    assert outside.read_bytes() == SECRET
    assert not (tmp_path / "out" / "x.yaml").exists()


def test_allow_outside_reads_and_writes_it(tmp_path: Path, cli: CLI) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    path = _ledger(tmp_path / "zc", "../shared/county.journal.jsonl")
    line = b'{"at":"2026-04-01T09:00:00+08:00","task":"T-1","action":"assign","by":"p-office"}\n'
    (shared / "county.journal.jsonl").write_bytes(line)
    assert len(civledger.load(path, allow_outside=True).journal) == 1
    writer = civledger.JournalWriter.open(path, allow_outside=True)
    assert writer.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street")) == []
    civledger.dump(writer.ledger, path, allow_outside=True)
    assert (shared / "county.journal.jsonl").read_bytes().count(b"\n") == 2
    result = cli("check", str(path), "--allow-outside", "--as-of", "2026-06-01", "--select", "LDG")
    assert result.code == 0, result.out
    assert cli("check", str(path), "--as-of", "2026-06-01", "--select", "LDG").code == 1


@pytest.mark.parametrize("name", ["county.journal.jsonl", "logs/county.jsonl", "./logs/../j.jsonl"])
def test_names_inside_the_folder_are_fine(tmp_path: Path, name: str) -> None:
    path = _ledger(tmp_path / "zc", name)
    (tmp_path / "zc" / "logs").mkdir(exist_ok=True)
    ledger = civledger.load(path)
    assert [o.code for o in ledger.origin.observations] == []
    writer = civledger.JournalWriter(ledger)
    assert writer.append(entry("T-1", "assign", "2026-04-01 09:00", "p-office")) == []
    civledger.dump(writer.ledger, path)
    assert len(civledger.load(path).journal) == 1


def test_loads_without_a_file_judges_against_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = civledger.dumps(attrs.evolve(county().build(), journal_file="/etc/passwd"))
    ledger = civledger.loads(text)
    assert [o.code for o in ledger.origin.observations] == ["LDG016"]
    assert len(ledger.journal) == 0
    if os.path.exists("/etc/passwd"):
        assert len(civledger.loads(text, allow_outside=True).origin.observations) > 0
