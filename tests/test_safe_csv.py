"""Issue 12, point 5: CSV reports never carry a formula a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
import pytest

import civledger
from civledger import Column, Table, testing
from support import CLI

STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
DANGEROUS = ["=1+2", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "＝1+2"]


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_text_cell_that_could_be_a_formula_gets_a_quote(text: str) -> None:
    table = Table(title="t", columns=[Column(key="u", label="单位")], rows=[[text]])
    assert _cells(table.to_csv())[1] == ["'" + text]


def test_numbers_stay_numbers_and_plain_text_stays_plain() -> None:
    table = Table(
        title="t",
        columns=[
            Column(key="u", label="单位"),
            Column(key="n", label="差", kind="int"),
            Column(key="r", label="率", kind="percent"),
            Column(key="s", label="分", kind="number", digits=1),
        ],
        rows=[["龙源街道", -3, -0.5, -1.25]],
    )
    assert _cells(table.to_csv())[1] == ["龙源街道", "-3", "-50.0%", "-1.2"]


def test_a_header_that_could_be_a_formula_is_quoted_too() -> None:
    table = Table(title="t", columns=[Column(key="u", label="=HYPERLINK()")], rows=[])
    assert _cells(table.to_csv()) == [["'=HYPERLINK()"]]


def test_every_formula_start_is_neutralised() -> None:
    from civledger.reports.render.csvtext import FORMULA_STARTS, safe_cell

    assert set(FORMULA_STARTS) == set(STARTS)
    assert all(safe_cell(start + "x").startswith("'") for start in STARTS)


def test_the_report_command_writes_safe_csv(cli: CLI, tmp_path: Path) -> None:
    """A unit named ``=1+2`` and a task titled ``+1+cmd|...`` in a real report."""
    ledger = testing.small_ledger()
    units = [attrs.evolve(u, name="=1+2") if u.id == "zc-ly" else u for u in ledger.units]
    tasks = [attrs.evolve(ledger.tasks[0], title="+1+cmd|' /C calc'!A0"), *ledger.tasks[1:]]
    path = tmp_path / "ledger.yaml"
    civledger.dump(attrs.evolve(ledger, units=units, tasks=tasks), path)
    for kind in ("progress", "overdue"):
        out = tmp_path / f"{kind}.csv"
        result = cli("report", kind, str(path), "--as-of", "2026-07-30", "-o", str(out))
        assert result.code == 0, result.err
        cells = [cell for row in _cells(out.read_text(encoding="utf-8")) for cell in row]
        assert not [c for c in cells if c.startswith(STARTS)], cells
        assert any(c.startswith(("'=1+2", "'+1+cmd")) for c in cells), cells
