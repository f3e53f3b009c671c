"""The Table and its renderers; the query layer and the reports on the example ledger."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import civledger
from civledger import Column, Ledger, Table
from civledger.text import display_width

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhecheng.yaml"


@pytest.fixture(scope="module")
def zhecheng() -> Ledger:
    return civledger.load(EXAMPLE)


def demo() -> Table:
    return Table(
        title="各街道 <进度> & 排名",
        name="demo",
        columns=[
            Column(key="unit", label="单位"),
            Column(key="n", label="任务", kind="int"),
            Column(key="rate", label="销号率", kind="percent"),
            Column(key="score", label="得分", kind="number", digits=2),
            Column(key="due", label="时限", kind="date"),
            Column(key="late", label="逾期", kind="bool"),
        ],
        rows=[
            {"unit": "龙源街道", "n": 10, "rate": 0.7, "score": 94.0, "due": date(2026, 6, 30)},
            ("城关镇|北关", 6, None, 88.456, None, True),
        ],
        notes=["注：按属地计"],
    )


# -- the Table ------------------------------------------------------------------------------------


def test_rows_from_dicts_and_sequences() -> None:
    table = demo()
    assert table.rows[0] == ("龙源街道", 10, 0.7, 94.0, date(2026, 6, 30), None)
    assert table.to_rows()[1]["late"] is True
    assert table.values("n") == [10, 6]
    assert table.select("n", "unit").rows == ((10, "龙源街道"), (6, "城关镇|北关"))


def test_bad_tables_are_refused() -> None:
    columns = [Column(key="a", label="甲")]
    with pytest.raises(ValueError, match="keys the table has no column for: b"):
        Table(title="t", columns=columns, rows=[{"b": 1}])
    with pytest.raises(ValueError, match="2 cells for 1 columns"):
        Table(title="t", columns=columns, rows=[(1, 2)])
    with pytest.raises(ValueError, match="share a key"):
        Table(title="t", columns=[*columns, *columns])
    with pytest.raises(ValueError, match="column kind 'money'"):
        Column(key="a", label="甲", kind="money")  # type: ignore[arg-type]


def test_text_aligns_cjk_columns(chinese: None) -> None:
    lines = demo().to_text().splitlines()
    assert lines[0] == "各街道 <进度> & 排名"
    header, rule, first, second = lines[1:5]
    # The right-aligned 任务 column ends in the same terminal column on every line.
    ends = {
        display_width(line[: line.index(cell) + len(cell)])
        for line, cell in ((header, "任务"), (first, "10"), (second, " 6"))
    }
    assert ends == {display_width(rule.split("  ")[0]) + 2 + 4}
    assert first.startswith("龙源街道     ")
    assert "  70.0%  94.00  2026-06-30" in first
    assert second.endswith("88.46              是")
    assert lines[-1] == "注：按属地计"


def test_an_empty_table_says_so(chinese: None) -> None:
    table = Table(title="空", columns=[Column(key="a", label="甲")])
    assert table.to_text().splitlines()[-1] == "（无）"
    assert "| （无） |" in table.to_markdown()
    assert '<td colspan="1">（无）</td>' in table.to_html()
    assert table.to_csv() == "甲\r\n"


def test_markdown_escapes_pipes_and_aligns_numbers(chinese: None) -> None:
    md = demo().to_markdown().splitlines()
    assert md[2] == "| 单位 | 任务 | 销号率 | 得分 | 时限 | 逾期 |"
    assert md[3] == "|---|---:|---:|---:|---|---|"
    assert md[5] == "| 城关镇\\|北关 | 6 |  | 88.46 |  | 是 |"
    assert md[-1] == "- 注：按属地计"


def test_csv_reads_back_and_takes_a_bom(chinese: None) -> None:
    text = demo().to_csv()
    assert list(csv.reader(io.StringIO(text))) == [
        ["单位", "任务", "销号率", "得分", "时限", "逾期"],
        ["龙源街道", "10", "70.0%", "94.00", "2026-06-30", ""],
        ["城关镇|北关", "6", "", "88.46", "", "是"],
    ]
    data = civledger.render(demo(), "csv", bom=True)
    assert data.startswith(b"\xef\xbb\xbf\xe5\x8d\x95")  # BOM, then 单
    assert data.decode("utf-8-sig") == text


def test_json_keeps_types() -> None:
    doc = json.loads(demo().to_json())
    assert doc["civledger_table"] == 1
    assert doc["name"] == "demo"
    assert doc["columns"][2] == {"key": "rate", "label": "销号率", "kind": "percent"}
    assert doc["rows"][0] == {
        "unit": "龙源街道",
        "n": 10,
        "rate": 0.7,
        "score": 94.0,
        "due": "2026-06-30",
        "late": None,
    }
    assert doc["notes"] == ["注：按属地计"]


def test_html_is_self_contained_and_escaped(chinese: None) -> None:
    page = demo().to_html()
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')
    assert "<title>各街道 &lt;进度&gt; &amp; 排名</title>" in page
    assert '<td class="num">70.0%</td>' in page
    assert "<script" not in page
    assert "http" not in page
    assert "<link" not in page
    assert "<li>注：按属地计</li>" in page


def test_xlsx_has_a_frozen_header_filters_widths_and_formats() -> None:
    book = openpyxl.load_workbook(io.BytesIO(demo().to_xlsx()))
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "各街道 <进度> & 排名"
    assert sheet["A1"].value == demo().title  # the title row (a table of no ledger, no date)
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:F4"
    assert [c.value for c in sheet[2]] == ["单位", "任务", "销号率", "得分", "时限", "逾期"]
    assert all(c.font.bold for c in sheet[2])
    row = sheet[3]
    assert [c.number_format for c in row[1:5]] == ["0", "0.0%", "0.00", "yyyy-mm-dd"]
    assert row[4].value.date() == date(2026, 6, 30)
    # 龙源街道 is 8 columns wide on a screen: the column gets 8 + 2.
    assert sheet.column_dimensions["A"].width == display_width("城关镇|北关") + 2
    assert sheet["A6"].value == "注：按属地计"  # after an empty row


def test_write_chooses_the_format_by_suffix(tmp_path: Path) -> None:
    for name in ("t.md", "t.csv", "t.json", "t.html", "t.txt", "t.xlsx"):
        demo().write(tmp_path / name)
    assert (tmp_path / "t.md").read_text(encoding="utf-8").startswith("**各街道")
    assert (tmp_path / "t.xlsx").read_bytes()[:2] == b"PK"
    with pytest.raises(civledger.CivLedgerError, match="cannot tell a table format"):
        demo().write(tmp_path / "t.pdf")


def test_to_frame_with_pandas() -> None:
    frame = demo().to_frame("pandas")
    assert list(frame.columns) == ["unit", "n", "rate", "score", "due", "late"]
    assert frame["n"].sum() == 16


def test_to_frame_without_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # makes "import pandas" fail
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(civledger.CivLedgerError, match="needs pandas or polars"):
        demo().to_frame()


# -- the query layer on the example ----------------------------------------------------------------


def test_query_every_task_by_default(zhecheng: Ledger, chinese: None) -> None:
    table = civledger.query(zhecheng)
    assert len(table) == len(zhecheng.tasks) == 77
    assert table.title == "任务和问题查询（截至 2026-06-14）"


def test_query_filters(zhecheng: Ledger) -> None:
    # P-024 is in 华园社区第1网格 of 长江新城街道, signed off on 06-14.
    row = next(r for r in civledger.query(zhecheng).to_rows() if r["id"] == "P-024")
    assert (row["street_name"], row["community_name"], row["status"]) == (
        "长江新城街道",
        "华园社区",
        "signed_off",
    )
    assert row["signed_off"] == date(2026, 6, 14)
    in_grids = civledger.query(zhecheng, level="grid")
    assert {r["kind"] for r in in_grids.to_rows()} == {"problem"}
    phase = civledger.query(zhecheng, phase="集中攻坚", status=["整改中", "已反馈"])
    assert all(r["phase"] == "final_push" for r in phase.to_rows())
    assert {r["status"] for r in phase.to_rows()} <= {"in_progress", "reported"}
    # The standard filter takes an inner node: every task serving a standard below III-2-1.
    markets = civledger.query(zhecheng, standard="wmcs-2025:III-2-1").values("id")
    assert markets == ["T-012", "T-019", "P-003", "P-022"]


def test_query_overdue_as_of_a_later_date(zhecheng: Ledger) -> None:
    assert len(civledger.query(zhecheng, overdue=True)) == 0  # the ledger checks clean
    late = civledger.query(zhecheng, as_of=date(2026, 6, 20), overdue=True)
    # Due 06-16 (P-018, P-023), 06-17 (P-026), 06-19 (P-022): 4, 4, 3, 1 days on 06-20.
    assert [(r["id"], r["days_overdue"]) for r in late.to_rows()] == [
        ("P-018", 4),
        ("P-022", 1),
        ("P-023", 4),
        ("P-026", 3),
    ]


def test_query_refuses_unknown_things(zhecheng: Ledger) -> None:
    with pytest.raises(civledger.UnknownIdError):
        civledger.query(zhecheng, under="zc-xx")
    with pytest.raises(civledger.UnknownIdError):
        civledger.query(zhecheng, standard="wmcs-2025:IX")
    with pytest.raises(civledger.InvalidValueError, match="not a known level"):
        civledger.query(zhecheng, level="province")
    with pytest.raises(ValueError, match="not a known status"):
        civledger.query(zhecheng, status="done")


def test_a_custom_report_from_the_query(zhecheng: Ledger) -> None:
    rows = civledger.query(zhecheng, kind="problem").to_rows()
    open_by_street: dict[str, int] = {}
    for row in rows:
        if row["status"] not in ("signed_off", "cancelled") and row["street_name"]:
            name = str(row["street_name"])
            open_by_street[name] = open_by_street.get(name, 0) + 1
    # Open problems: P-019, P-022, P-026 (龙源); P-018, P-023 (长江新城); P-017, P-020 (浦东);
    # P-021 (城关镇); P-010 and P-015 were cancelled.
    assert open_by_street == {"龙源街道": 3, "长江新城街道": 2, "浦东街道": 2, "城关镇": 1}


# -- spot checks of the golden reports, by hand from examples/zhecheng.yaml ------------------------


def test_spot_check_progress(zhecheng: Ledger) -> None:
    # 龙源街道 holds T-007, T-015 and the problems P-001, P-002, P-005, P-007, P-016 (signed off)
    # and P-019, P-022, P-026 (open): 10 tasks, 7 signed off.
    row = civledger.progress_report(zhecheng).to_rows()[0]
    assert (row["name"], row["tasks"], row["signed_off"], row["open"]) == ("龙源街道", 10, 7, 3)


def test_spot_check_overdue_chain(zhecheng: Ledger, chinese: None) -> None:
    table = civledger.overdue_report(zhecheng, as_of=date(2026, 6, 30))
    first = table.to_rows()[0]
    # P-018 was due 06-16: 14 days on 06-30; in 金桥社区第2网格, handed to 县城管局.
    assert (first["id"], first["due"], first["days"]) == ("P-018", date(2026, 6, 16), 14)
    assert str(first["chain"]).startswith("金桥社区第2网格 第一责任人 郭某某 → ")
    # the lead, then the group that covers III-1-1-2 and the headquarters' command
    assert str(first["chain"]).endswith(
        "→ 县城管局 第一责任人 郑某 → 市容环境组 组长 赵某某 → 县创城指挥部 总指挥 王某某"
        " → 县创城指挥部 政委 刘某 → 县创城指挥部 常务副总指挥 周某某"
    )
    assert [r["days"] for r in table.to_rows()] == sorted(
        (r["days"] for r in table.to_rows()), reverse=True
    )
    only = civledger.overdue_report(zhecheng, as_of=date(2026, 6, 30), under="zc-pd", kind="问题")
    assert only.values("id") == ["P-017", "P-020"]


def test_spot_check_materials(zhecheng: Ledger, chinese: None) -> None:
    table = civledger.materials_report(zhecheng)
    # 27 standards need materials; II-1-1-2 is served only by T-027 (注册志愿者), whose entries
    # carry no document.
    assert table.notes[0] == "需申报材料的测评标准 27 项，已有材料 19 项，缺 8 项。"
    assert table.to_rows()[0]["tasks"] == "T-027"
    earlier = civledger.materials_report(zhecheng, as_of=date(2026, 3, 1))
    assert len(earlier) == 27  # before any document was filed


def test_spot_check_coverage(zhecheng: Ledger, chinese: None) -> None:
    table = civledger.coverage_report(zhecheng)
    assert len(table) == 34
    assert table.notes == ("34 项测评标准中 34 项有任务认领，0 项无人认领。",)
    assert civledger.coverage_report(zhecheng, uncovered_only=True).rows == ()


def test_coverage_of_a_standard_nobody_covers(small: Ledger, chinese: None) -> None:
    import attrs

    bare = attrs.evolve(small, tasks=[attrs.evolve(t, standards=()) for t in small.tasks])
    table = civledger.coverage_report(bare, as_of=date(2026, 5, 1))
    assert table.to_rows() == [
        {
            "framework": "wmcs",
            "code": "I-1-1",
            "title": "I-1-1",
            "leads": None,
            "groups": None,
            "tasks": 0,
            "signed_off": 0,
            "open": 0,
            "covered": False,
        }
    ]
    assert table.notes[-1] == "无人认领：wmcs:I-1-1。"
    assert [i.code for i in civledger.check(bare, select=["OWN006"], as_of=date(2026, 5, 1)).issues]
