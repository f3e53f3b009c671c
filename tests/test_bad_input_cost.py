"""Issue 12, point 7: bad input stays cheap, and long lines are cut in findings.

Tests never assert on wall time (benchmarks/bad_input.py measures it); these count the
work instead: what used to grow with every bad line, or with the length of one, must not.
"""

from __future__ import annotations

import typing
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import pytest

import civledger
import civledger.text
from civledger import testing
from civledger.text import truncate
from support import CLI

GOOD = b'{"at":"2026-04-02T09:00:00+08:00","task":"T-001","action":"progress","by":"p-qian"}'


def _ledger(tmp_path: Path, journal: bytes) -> Path:
    civledger.dump(
        attrs.evolve(testing.small_ledger(), journal_file="j.jsonl"), tmp_path / "l.yaml"
    )
    (tmp_path / "j.jsonl").write_bytes(journal)
    return tmp_path / "l.yaml"


def test_type_hints_are_not_looked_up_for_every_bad_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = typing.get_type_hints

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(typing, "get_type_hints", counting)
    bad = GOOD.replace(b'"progress"', b'"frobnicate"').replace(b"}", b',"pct":1}')
    ledger = civledger.load(_ledger(tmp_path, (bad + b"\n") * 300))
    assert len([o for o in ledger.origin.observations if o.code == "LDG004"]) == 300
    assert calls.count(civledger.Entry) <= 5, calls.count(civledger.Entry)  # was one a line


class _Counting:
    """unicodedata, counting the characters whose width is asked."""

    def __init__(self) -> None:
        self.asked = 0

    def east_asian_width(self, char: str) -> str:
        self.asked += 1
        return unicodedata.east_asian_width(char)

    def combining(self, char: str) -> int:
        return unicodedata.combining(char)


def test_truncate_measures_only_what_can_show(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _Counting()
    monkeypatch.setattr(civledger.text, "unicodedata", counting)
    assert truncate("台账" * 1_000_000, 9) == "台账台账…"
    assert counting.asked <= 20, counting.asked
    assert truncate("x" * 5_000_000, 100) == "x" * 99 + "…"
    assert counting.asked <= 20 + 200, counting.asked


def test_a_huge_value_is_cut_in_its_finding(tmp_path: Path) -> None:
    huge = b"x" * 1_000_000
    line = GOOD.replace(b'"progress"', b'"' + huge + b'"')
    ledger = civledger.load(_ledger(tmp_path, line + b"\n"))
    report = civledger.check(ledger, select=["LDG"], as_of="2026-06-01")
    assert [i.code for i in report.issues] == ["LDG004"]
    assert len(report.issues[0].message) < 700
    assert "…" in report.issues[0].message


def test_a_huge_garbage_line_prints_short_lines_without_escapes(cli: CLI, tmp_path: Path) -> None:
    garbage = b"\x1b[2J\x1b]0;owned\x07" + bytes(range(32, 127)) * 30_000
    path = _ledger(tmp_path, GOOD + b"\n" + garbage + b"\n" + GOOD + b"\n")
    result = cli("check", str(path), "--as-of", "2026-06-01", "--select", "LDG")
    assert result.code == 1
    assert "LDG014" in result.out
    assert max(len(line) for line in result.out.splitlines()) < 400
    assert "\x1b" not in result.out
    assert "\x07" not in result.out
