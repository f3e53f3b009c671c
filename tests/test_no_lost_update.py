"""Issue 12, points 1 and 2: no lost update, nothing dropped silently.

Every write of a ledger whose journal is a file takes the journal's lock and never
removes a line it did not read: lines appended since the ledger was read are kept
(after its own), lines it could not read are kept verbatim, and a file it cannot
reconcile is refused with an error that says what changed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import attrs
import pytest

import civledger
from civledger.cli.main import run
from journal_support import county, entry
from support import CLI
from xlsx_support import workbook

JOURNAL = "county.journal.jsonl"


def _split(folder: Path) -> Path:
    """The county ledger with its journal in a JSON Lines file; the ledger's path."""
    ledger = county().build(
        journal=[
            entry("T-1", "assign", "2026-04-01 09:00", "p-office"),
            entry("P-1", "assign", "2026-04-01 09:00", "p-office"),
        ]
    )
    civledger.dump(attrs.evolve(ledger, journal_file=JOURNAL), folder / "county.yaml")
    return folder / "county.yaml"


def _actions(path: Path) -> list[str]:
    return [e.action.value for e in civledger.load(path).journal]


# -- point 1: no lost update -------------------------------------------------------------------


def test_a_dump_keeps_what_another_process_appended_since_the_load(tmp_path: Path) -> None:
    """The issue's repro: load A, load B, append through B, dump A: the entry stays."""
    path = _split(tmp_path)
    a = civledger.load(path)
    b = civledger.JournalWriter.open(path)
    assert b.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street")) == []
    civledger.dump(a, path)
    assert _actions(path) == ["assign", "assign", "claim"]
    # B goes on: the file was replaced, B reads it again instead of refusing.
    assert b.append(entry("T-1", "progress", "2026-04-03 09:00", "p-street", percent=10.0)) == []
    assert _actions(path) == ["assign", "assign", "claim", "progress"]
    assert [e.action.value for e in b.ledger.journal] == _actions(path)


def test_an_import_keeps_what_another_process_appended(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _split(tmp_path)
    writer = civledger.JournalWriter.open(path)
    book = workbook(
        tmp_path / "台账.xlsx", {"工作台账": [["工作任务", "牵头单位"], ["新任务", "龙源街道"]]}
    )
    loaded = civledger.load(path)  # what the import will read…
    assert writer.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street")) == []  # …then this
    assert loaded.journal_file == JOURNAL
    assert run(["import", str(book), "--into", str(path)]) == 0
    out = capsys.readouterr().out
    assert "claim" in _actions(path)
    assert len(civledger.load(path).tasks) == 6
    assert "kept 1 lines other programs appended" not in out  # the import read it (loaded after)
    assert (
        writer.append(entry("T-1", "progress", "2026-04-03 09:00", "p-street", percent=5.0)) == []
    )
    assert _actions(path) == ["assign", "assign", "claim", "progress"]


def test_an_import_during_appends_loses_none_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Appends land between the import's load and its write (the import runs long)."""
    path = _split(tmp_path)
    writer = civledger.JournalWriter.open(path)
    book = workbook(
        tmp_path / "台账.xlsx", {"工作台账": [["工作任务", "牵头单位"], ["新任务", "龙源街道"]]}
    )
    import civledger.cli.xlsx as command

    real = command.import_xlsx

    def slow_import(*args: object, **kwargs: object) -> object:
        for minute in range(5):
            when = f"2026-04-02 09:0{minute}"
            assert writer.append(entry("P-1", "progress", when, "p-comm", percent=10.0)) == []
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(command, "import_xlsx", slow_import)
    assert run(["import", str(book), "--into", str(path)]) == 0
    assert "kept 5 lines other programs appended" in capsys.readouterr().out
    assert _actions(path).count("progress") == 5


def test_a_journal_replaced_by_another_program_is_refused_saying_what_changed(
    tmp_path: Path,
) -> None:
    path = _split(tmp_path)
    journal = tmp_path / JOURNAL
    ledger = civledger.load(path)
    other = tmp_path / "other.jsonl"
    other.write_bytes(journal.read_bytes().replace(b"p-office", b"p-county"))
    os.replace(other, journal)  # another program rewrote it: different lines
    before, document = journal.read_bytes(), path.read_bytes()
    with pytest.raises(civledger.JournalConflictError, match="line 1 is not the line") as caught:
        civledger.dump(ledger, path)
    assert "load the ledger again" in str(caught.value)
    assert journal.read_bytes() == before  # nothing written: not the journal…
    assert path.read_bytes() == document  # …nor the ledger


def test_a_journal_edited_in_place_is_refused(tmp_path: Path) -> None:
    path = _split(tmp_path)
    journal = tmp_path / JOURNAL
    ledger = civledger.load(path)
    with journal.open("r+b") as stream:  # the same file, a line changed where it is
        changed = stream.read().replace(b"p-office", b"p-xxxxxx")
        stream.seek(0)
        stream.write(changed)
    with pytest.raises(civledger.JournalConflictError):
        civledger.dump(ledger, path)


def test_the_same_ledger_dumped_twice_is_fine(tmp_path: Path) -> None:
    path = _split(tmp_path)
    ledger = civledger.load(path)
    civledger.dump(ledger, path)
    civledger.dump(ledger, path)  # the file is now the one the first dump wrote
    longer = ledger.with_entries(entry("T-1", "claim", "2026-04-02 09:00", "p-street"))
    civledger.dump(longer, path)
    assert _actions(path) == ["assign", "assign", "claim"]


def test_a_built_ledger_never_overwrites_lines_it_did_not_read(tmp_path: Path) -> None:
    path = _split(tmp_path)
    writer = civledger.JournalWriter.open(path)
    assert writer.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street")) == []
    empty = attrs.evolve(county().build(), journal_file=JOURNAL)  # never read the file
    civledger.dump(empty, path)  # holds no line: the file's lines all stay
    assert _actions(path) == ["assign", "assign", "claim"]
    other = county().build(journal=[entry("T-P", "assign", "2026-04-01 08:00", "p-county")])
    with pytest.raises(civledger.JournalConflictError, match="line 1 is not the line"):
        civledger.dump(attrs.evolve(other, journal_file=JOURNAL), path)
    assert _actions(path) == ["assign", "assign", "claim"]


def test_a_dump_elsewhere_leaves_the_original_journal_alone(tmp_path: Path) -> None:
    path = _split(tmp_path)
    ledger = civledger.load(path)
    (tmp_path / "copy").mkdir()
    civledger.dump(ledger, tmp_path / "copy" / "county.yaml")
    assert _actions(tmp_path / "copy" / "county.yaml") == _actions(path)


def test_export_then_import_keeps_the_journal(cli: CLI, tmp_path: Path) -> None:
    path = _split(tmp_path)
    writer = civledger.JournalWriter.open(path)
    book = tmp_path / "台账.xlsx"
    assert cli("export", str(path), "-o", str(book)).code == 0
    assert writer.append(entry("T-1", "claim", "2026-04-02 09:00", "p-street")) == []
    assert cli("import", str(book), "--into", str(path)).code == 0
    assert _actions(path) == ["assign", "assign", "claim"]


# -- point 2: nothing dropped silently ---------------------------------------------------------

GOOD = b'{"at":"2026-04-02T09:00:00+08:00","task":"T-1","action":"claim","by":"p-street"}'
BAD_LINES = [
    GOOD.replace(b"p-street", b"p-str\xffeet"),  # one bad byte (LDG014)
    GOOD.replace(b'"claim"', b'"frobnicate"'),  # a bad action (LDG004)
    GOOD.replace(b"2026-04-02T09", b"2026-13-02T09"),  # a bad date (LDG003)
    b'["claim", "T-1"]',  # not a JSON object (LDG014)
    b'{"at": "2026-04-02T09:00:00+08:00", "task": ',  # broken JSON (LDG014)
    GOOD.replace(b'"by"', b'"colour":"red","by"'),  # an unknown key (LDG001)
    GOOD.replace(b'"by"', b'"action":"claim","by"'),  # a repeated key (LDG017)
    GOOD.replace(b'"T-1"', b"17"),  # a wrong type (LDG002)
    b'{"task":"T-1","action":"claim"}',  # no date (LDG005)
]
TORN = b'{"at":"2026-04-03T09:00:00+08:00","task":"T-1","act'


def _journal_with_bad_lines(folder: Path) -> tuple[Path, list[bytes]]:
    path = _split(folder)
    journal = folder / JOURNAL
    lines = journal.read_bytes().splitlines()
    lines[1:1] = BAD_LINES
    journal.write_bytes(b"\n".join(lines) + b"\n" + TORN)
    return path, lines


def test_a_rewrite_keeps_every_line_it_could_not_read_verbatim(tmp_path: Path) -> None:
    path, lines = _journal_with_bad_lines(tmp_path)
    ledger = civledger.load(path)
    codes = sorted({o.code for o in ledger.origin.observations})
    assert codes == ["LDG001", "LDG002", "LDG003", "LDG004", "LDG005", "LDG014", "LDG015", "LDG017"]
    civledger.dump(ledger, path)
    after = (tmp_path / JOURNAL).read_bytes().splitlines()
    assert after == lines  # every line, in its place; the torn tail moved aside
    assert (tmp_path / (JOURNAL + ".torn")).read_bytes() == TORN + b"\n"
    again = civledger.load(path)
    assert sorted({o.code for o in again.origin.observations}) == [
        c for c in codes if c != "LDG015"
    ]  # still reported, at every load


def test_the_import_command_says_what_it_kept(cli: CLI, tmp_path: Path) -> None:
    path, lines = _journal_with_bad_lines(tmp_path)
    text = path.read_text(encoding="utf-8").replace("level: county}", "level: county, colour: red}")
    path.write_text(text, encoding="utf-8")
    book = workbook(
        tmp_path / "台账.xlsx", {"工作台账": [["工作任务", "牵头单位"], ["新任务", "龙源街道"]]}
    )
    result = cli("import", str(book), "--into", str(path))
    assert result.code == 0, result.err
    assert "LDG018" in result.out  # the torn line moved aside, said once
    assert f"kept {len(BAD_LINES)} lines of the journal file" in result.out
    assert "LDG001" in result.out  # the unknown key of the document, which a rewrite leaves out
    assert (tmp_path / JOURNAL).read_bytes().splitlines() == lines


def test_an_entry_changed_in_memory_is_written_as_it_now_is(tmp_path: Path) -> None:
    path = _split(tmp_path)
    journal = tmp_path / JOURNAL
    with journal.open("ab") as stream:
        stream.write(GOOD.replace(b'"by"', b'"colour":"red","by"') + b"\n")
    ledger = civledger.load(path)
    kept = ledger.journal[-1]
    civledger.dump(ledger, path)
    assert b'"colour":"red"' in journal.read_bytes()  # unchanged entry: its line as it was
    changed = attrs.evolve(ledger, journal=[*ledger.journal[:-1], attrs.evolve(kept, by="p-comm")])
    civledger.dump(changed, path)
    last = json.loads(journal.read_bytes().splitlines()[-1])
    assert (last["by"], "colour" in last) == ("p-comm", False)


def test_a_repeated_key_in_a_json_ledger_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    shutil.copy(Path("examples/broken/LDG017-repeated-key.json"), path)
    report = civledger.check(civledger.load(path), select=["LDG"], as_of="2026-06-15")
    assert [(i.code, i.location.line) for i in report.issues] == [("LDG017", 21)]
    assert "'lead'" in report.issues[0].message


def test_a_repeated_key_in_a_journal_line_is_a_finding_and_kept(tmp_path: Path) -> None:
    path = _split(tmp_path)
    journal = tmp_path / JOURNAL
    repeated = GOOD.replace(b'"by"', b'"action":"report","by"')
    with journal.open("ab") as stream:
        stream.write(repeated + b"\n")
    ledger = civledger.load(path)
    found = [o for o in ledger.origin.observations if o.code == "LDG017"]
    assert [(o.location.file, o.location.line) for o in found] == [(str(journal), 3)]
    civledger.dump(ledger, path)
    assert journal.read_bytes().splitlines()[-1] == repeated
