"""Arrow tables (issue 18): report tables and findings typed by column kind, read by pyarrow and
DuckDB through the Arrow PyCapsule stream protocol."""

from __future__ import annotations

import sys
from datetime import date

import attrs
import duckdb
import pyarrow as pa
import pytest

import civledger
from civledger import Column, Table, testing
from civledger.errors import MissingExtraError
from civledger.io.arrow import arrow_table

DAY = date(2026, 5, 1)


def _every_kind() -> Table:
    return Table(
        title="每种列",
        columns=[
            Column(key="text", label="文字"),
            Column(key="unit", label="单位", category=True),
            Column(key="n", label="数", kind="int"),
            Column(key="score", label="得分", kind="number"),
            Column(key="rate", label="销号率", kind="percent"),
            Column(key="due", label="期限", kind="date"),
            Column(key="late", label="逾期", kind="bool"),
        ],
        rows=[
            ("龙源街道背街小巷整治", "龙源街道", 3, 91.5, 0.75, date(2026, 6, 30), True),
            (None, None, None, None, None, None, None),
        ],
        as_of=DAY,
    )


def test_each_kind_of_column_has_its_arrow_type() -> None:
    arrow = _every_kind().to_arrow()
    assert {field.name: str(field.type) for field in arrow.schema} == {
        "text": "string",
        "unit": "dictionary<values=string, indices=int32, ordered=0>",
        "n": "int64",
        "score": "double",
        "rate": "double",
        "due": "date32[day]",
        "late": "bool",
    }
    assert arrow.to_pylist() == _every_kind().to_rows()
    assert arrow.schema.metadata[b"civledger.as_of"] == b"2026-05-01"
    assert arrow.schema.field("rate").metadata == {b"label": "销号率".encode()}


def test_the_query_of_a_ledger_as_arrow_has_the_rows_of_to_rows() -> None:
    table = civledger.query(civledger.load("examples/zhecheng.yaml"), as_of=date(2026, 6, 30))
    arrow = table.to_arrow()
    assert arrow.num_rows == len(table) == 77
    assert arrow.to_pylist() == table.to_rows()
    assert str(arrow.schema.field("status").type).startswith("dictionary")


def test_pyarrow_and_duckdb_take_a_table_and_a_report_through_the_stream_protocol() -> None:
    tasks = civledger.query(testing.small_ledger(), as_of=DAY)
    assert pa.table(tasks).equals(tasks.to_arrow())
    assert pa.RecordBatchReader.from_stream(tasks).read_all().num_rows == 2
    assert duckdb.sql("select id, status from tasks order by id").fetchall() == [
        ("P-001", "assigned"),
        ("T-001", "assigned"),
    ]
    report = civledger.check(attrs.evolve(testing.small_ledger(), units=[]), as_of=DAY)
    by_code = duckdb.sql("select code, count(*) from report group by code").fetchall()
    assert dict(by_code) == report.stats()["by_code"]
    findings = report.to_arrow()
    assert findings.to_pylist() == report.to_rows()
    assert str(findings.schema.field("subjects").type) == "list<item: string>"


def test_a_report_without_findings_is_an_empty_typed_table() -> None:
    findings = civledger.check(testing.small_ledger(), as_of=DAY).to_arrow()
    assert findings.num_rows == 0
    assert str(findings.schema.field("line").type) == "int64"


def test_a_cell_that_does_not_fit_its_kind_is_refused_by_name_and_text_is_written_as_read() -> None:
    with pytest.raises(ValueError, match="column 'n' \\(int\\)"):
        arrow_table([("n", "int")], [[1.5]])
    with pytest.raises(ValueError, match="kind 'list'"):
        arrow_table([("n", "list")], [[1]])
    mixed = arrow_table(
        [("code", "text"), ("tags", "texts")], [[1, date(2026, 6, 30)], [[1], None]]
    )
    assert mixed.to_pylist() == [
        {"code": "1", "tags": ["1"]},
        {"code": "2026-06-30", "tags": None},
    ]


def test_without_pyarrow_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtraError) as raised:
        _every_kind().to_arrow()
    assert raised.value.extra == "arrow"
    assert "pip install 'civledger[arrow]'" in str(raised.value)
