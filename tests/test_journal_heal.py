"""Issue 12, point 3: a journal that heals after a crash.

A line cut off by a crash at the end of the journal file is moved aside — to the side
file ``<journal>.torn`` — under the lock, by the next append or by
``civledger journal repair``, and reported once (LDG018). A crash never leaves a
lasting error.
"""

from __future__ import annotations

from pathlib import Path

import attrs

import civledger
from journal_support import county, entry
from support import CLI

JOURNAL = "county.journal.jsonl"
TORN = b'{"at":"2026-04-03T09:00:00+08:00","task":"T-1","action":"pro'


def _split(folder: Path, tail: bytes = b"") -> Path:
    ledger = county().build(journal=[entry("T-1", "assign", "2026-04-01 09:00", "p-office")])
    civledger.dump(attrs.evolve(ledger, journal_file=JOURNAL), folder / "county.yaml")
    with (folder / JOURNAL).open("ab") as stream:
        stream.write(tail)
    return folder / "county.yaml"


def _codes(path: Path) -> list[str]:
    return [o.code for o in civledger.load(path).origin.observations]


def test_the_repair_command_moves_a_torn_line_aside_and_says_so_once(
    cli: CLI, tmp_path: Path
) -> None:
    path = _split(tmp_path, TORN)
    assert _codes(path) == ["LDG015"]
    first = cli("journal", "repair", str(path))
    assert first.code == 0, first.err
    assert "LDG018" in first.out
    assert f"{tmp_path / JOURNAL}.torn" in first.out
    assert _codes(path) == []  # no lasting error
    assert (tmp_path / (JOURNAL + ".torn")).read_bytes() == TORN + b"\n"
    second = cli("journal", "repair", str(path))
    assert (second.code, "LDG018" in second.out) == (0, False)  # reported once
    assert "nothing to repair" in second.out
    assert cli("check", str(path), "--as-of", "2026-06-01", "--select", "LDG").code == 0


def test_the_next_append_moves_it_aside_and_starts_where_it_began(tmp_path: Path) -> None:
    path = _split(tmp_path, TORN)
    writer = civledger.JournalWriter.open(path)
    notes = writer.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street"))
    assert [(n.code, n.severity.value) for n in notes] == [("LDG018", "info")]
    lines = (tmp_path / JOURNAL).read_bytes().splitlines()
    assert len(lines) == 2
    assert b'"claim"' in lines[1]
    assert _codes(path) == []


def test_a_last_entry_missing_only_its_newline_is_completed_not_moved(tmp_path: Path) -> None:
    whole = b'{"at":"2026-04-02T09:00:00+08:00","task":"T-1","action":"claim","by":"p-street"}'
    path = _split(tmp_path, whole)
    ledger = civledger.load(path)
    assert [e.action.value for e in ledger.journal] == ["assign", "claim"]
    writer = civledger.JournalWriter(ledger)
    progress = entry("T-1", "progress", "2026-04-03 09:00", "p-street", percent=10.0)
    assert writer.append(progress) == []
    # Read once, not twice: the writer knows it holds that line.
    assert [e.action.value for e in writer.ledger.journal] == ["assign", "claim", "progress"]
    assert [e.action.value for e in civledger.load(path).journal] == ["assign", "claim", "progress"]
    assert not (tmp_path / (JOURNAL + ".torn")).exists()


def test_a_crash_while_moving_it_aside_loses_nothing(tmp_path: Path) -> None:
    """The side file is written first: a crash before the cut leaves the line in both."""
    path = _split(tmp_path, TORN)
    (tmp_path / (JOURNAL + ".torn")).write_bytes(TORN + b"\n")  # written, then the crash
    assert civledger.JournalWriter.open(path).repair()[0].code == "LDG018"
    assert (tmp_path / (JOURNAL + ".torn")).read_bytes() == (TORN + b"\n") * 2
    assert _codes(path) == []


def test_a_dump_moves_a_torn_line_aside_too(tmp_path: Path) -> None:
    path = _split(tmp_path, TORN)
    civledger.dump(civledger.load(path), path)
    assert _codes(path) == []
    assert (tmp_path / (JOURNAL + ".torn")).read_bytes() == TORN + b"\n"


def test_repair_of_a_ledger_without_a_journal_file(cli: CLI) -> None:
    result = cli("journal", "repair", "examples/zhecheng.yaml")
    assert result.code == 0
    assert "nothing to repair" in result.err
