"""Output for offices (issue 13): CSV that Excel opens, text that fits, workbooks that print.

CSV starts with a byte-order mark unless asked not to; text tables wrap long columns to
the terminal's width; report workbooks start with a title row naming the report, the
ledger and the date, and wrap long text; an empty report says （无）.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import civledger
import civledger.text as terminal
from civledger.i18n import use_language
from civledger.reports.columns import Column
from civledger.reports.table import Table
from civledger.text import display_width
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "zhecheng.yaml")
BOM = "\ufeff"

# What offices see: the Chinese output (the suite runs in English).
pytestmark = pytest.mark.usefixtures("chinese")

# -- CSV ------------------------------------------------------------------------------------------


def test_csv_starts_with_a_bom_by_default(cli: CLI, tmp_path: Path) -> None:
    printed = cli("report", "progress", EXAMPLE, "--format", "csv")
    assert printed.code == 0
    assert printed.out.startswith(BOM + "编号,单位")
    target = tmp_path / "进度.csv"
    assert cli("report", "progress", EXAMPLE, "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert target.read_bytes().count(b"\xef\xbb\xbf") == 1


def test_no_bom_drops_it(cli: CLI, tmp_path: Path) -> None:
    printed = cli("report", "progress", EXAMPLE, "--format", "csv", "--no-bom")
    assert printed.code == 0
    assert printed.out.startswith("编号,单位")
    target = tmp_path / "进度.csv"
    assert cli("report", "progress", EXAMPLE, "--no-bom", "-o", str(target)).code == 0
    assert target.read_bytes().startswith("编号".encode())


def test_csv_files_written_from_python_start_with_a_bom(tmp_path: Path) -> None:
    report = civledger.progress_report(civledger.load(EXAMPLE))
    report.write(tmp_path / "a.csv")
    report.write(tmp_path / "b.csv", bom=False)
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "b.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert civledger.render(report, "csv").startswith(b"\xef\xbb\xbf")


# -- text tables fit the terminal -----------------------------------------------------------------


def _from_column(line: str, column: int) -> str:
    """What a line shows from a display column on (CJK characters take two)."""
    used = 0
    for n, char in enumerate(line):
        if used >= column:
            return line[n:]
        used += display_width(char)
    return ""


def _chain_of_first_row(text: str) -> tuple[str, list[str]]:
    """The 责任链 cell of the first row of an overdue report, joined, and the row's lines."""
    lines = text.splitlines()
    header = lines[1]
    at = display_width(header[: header.index("责任链")])
    row = [lines[3]]
    for line in lines[4:]:
        if line[:1] != " ":
            break
        row.append(line)
    return " ".join(_from_column(line, at).strip() for line in row), row


def test_the_overdue_chain_wraps_within_its_column(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("report", "overdue", EXAMPLE, "--as-of", "2026-06-30")
    assert result.code == 0
    assert max(display_width(line) for line in result.out.splitlines()) <= 100
    chain, row = _chain_of_first_row(result.out)
    assert row[0].startswith("P-018  背街小巷")
    assert len(row) > 2
    expected = civledger.overdue_report(civledger.load(EXAMPLE), as_of=date(2026, 6, 30))
    assert "".join(chain.split()) == "".join(str(expected.to_rows()[0]["chain"]).split())


def test_to_text_wraps_to_a_width_and_keeps_every_word() -> None:
    report = civledger.overdue_report(civledger.load(EXAMPLE), as_of=date(2026, 6, 30))
    whole = str(report.to_rows()[0]["chain"])
    assert display_width(whole) > 200
    assert report.to_text() == report.to_text(width=None)  # Python callers choose
    text = report.to_text(width=120)
    assert max(display_width(line) for line in text.splitlines()) <= 120
    chain, _ = _chain_of_first_row(text)
    assert "".join(chain.split()) == "".join(whole.split())


def test_text_tables_wrap_only_what_does_not_fit() -> None:
    rows = [["龙源街道", 12, "背街小巷 路灯 维修，主次干道 整治，农贸市场 周边 环境"]]
    wide = terminal.table(["单位", "任务", "说明"], rows, numeric=[False, True, False])
    assert (
        terminal.table(["单位", "任务", "说明"], rows, numeric=[False, True, False], width=200)
        == wide
    )
    narrow = terminal.table(["单位", "任务", "说明"], rows, numeric=[False, True, False], width=40)
    lines = narrow.splitlines()
    assert max(display_width(line) for line in lines) <= 40
    assert lines[2].startswith("龙源街道    12  ")
    assert len(lines) > 3
    assert all(line.startswith(" " * 16) for line in lines[3:])
    said = "".join(_from_column(line, 16) for line in lines[2:])
    assert said.replace(" ", "") == str(rows[0][2]).replace(" ", "")


def test_wrap_counts_cjk_as_two_columns_and_breaks_at_spaces() -> None:
    assert terminal.wrap("金桥社区 第一责任人 郭某某 → 金桥社区", 22) == [
        "金桥社区 第一责任人",
        "郭某某 → 金桥社区",
    ]
    assert terminal.wrap("柘城县创建全国文明城市", 8) == ["柘城县创", "建全国文", "明城市"]
    assert terminal.wrap("a\nb", 10) == ["a", "b"]
    assert terminal.wrap("", 5) == [""]


def test_the_width_is_the_terminals_or_columns_or_100(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal.terminal_width(io.StringIO()) == 100  # not a terminal: a printable width
    monkeypatch.setenv("COLUMNS", "72")
    assert terminal.terminal_width(io.StringIO()) == 72


def test_every_command_table_fits(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    for argv in (
        ["rules"],
        ["info", EXAMPLE],
        ["who", "P-018", EXAMPLE],
        ["duties", "p-zhao", EXAMPLE],
        ["log", "P-001", EXAMPLE],
        ["report", "coverage", EXAMPLE],
    ):
        result = cli(*argv)
        assert result.code == 0, argv
        lines = result.out.splitlines()
        rule = next(n for n, line in enumerate(lines) if line.startswith("-"))
        widest = max(display_width(line) for line in lines[rule - 1 :])  # the table on
        assert widest <= 90, (argv, widest)


# -- workbooks that print -------------------------------------------------------------------------


def _sheet(data: bytes) -> object:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_an_excel_report_starts_with_its_title_row(cli: CLI, tmp_path: Path) -> None:
    target = tmp_path / "督办.xlsx"
    assert cli("report", "overdue", EXAMPLE, "--as-of", "2026-06-30", "-o", str(target)).code == 0
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    title = sheet["A1"].value
    assert "逾期督办清单" in title
    assert "柘城县创建全国文明城市" in title
    assert "2026-06-30" in title
    assert sheet["A1"].font.bold
    assert [c.value for c in sheet[2]][:2] == ["编号", "名称"]
    assert sheet["A3"].value == "P-018"
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"


def test_a_title_without_its_date_gets_it(tmp_path: Path) -> None:
    ledger = civledger.load(EXAMPLE)
    ranking = civledger.ranking_report(ledger, period="2026-05")
    sheet = _sheet(ranking.to_xlsx())
    title = sheet["A1"].value  # type: ignore[index]
    assert title.count("2026-05-31") == 1
    assert ranking.title in title


def test_long_text_wraps_in_excel_reports() -> None:
    report = civledger.overdue_report(civledger.load(EXAMPLE), as_of=date(2026, 6, 30))
    sheet = _sheet(report.to_xlsx())
    chain = next(c for c in sheet[2] if c.value == "责任链")  # type: ignore[index]
    cell = sheet.cell(row=3, column=chain.column)  # type: ignore[attr-defined]
    assert cell.alignment.wrap_text
    assert sheet.column_dimensions[cell.column_letter].width <= 60  # type: ignore[attr-defined]
    short = sheet.cell(row=3, column=1)  # type: ignore[attr-defined]
    assert not short.alignment.wrap_text


def _empty() -> Table:
    return Table(
        title="逾期督办清单（截至 2026-01-01）",
        columns=[Column(key="id", label="编号"), Column(key="n", label="逾期天数", kind="int")],
        notes=["共 0 项逾期未销号"],
    )


def test_an_empty_excel_report_says_none_and_leaves_no_blank_row() -> None:
    with use_language("zh"):
        sheet = _sheet(_empty().to_xlsx())
    rows = [[c.value for c in row] for row in sheet.iter_rows()]  # type: ignore[attr-defined]
    assert rows[1] == ["编号", "逾期天数"]
    assert rows[2] == ["（无）", None]
    assert rows[4] == ["共 0 项逾期未销号", None]


def test_an_empty_report_says_none_in_every_format_for_people(cli: CLI) -> None:
    empty = cli("report", "overdue", EXAMPLE, "--as-of", "2026-01-01")
    assert empty.code == 0
    assert "（无）" in empty.out
    for fmt in ("md", "html"):
        assert (
            "（无）"
            in cli("report", "overdue", EXAMPLE, "--as-of", "2026-01-01", "--format", fmt).out
        )
