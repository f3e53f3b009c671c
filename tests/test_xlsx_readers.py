"""The two Excel readers, openpyxl and calamine, give the same imports.

Every workbook any test or doctest imports is read by both readers, whose grids
must be the same: the root conftest puts ``xlsx_support.BothReaders`` in place of
calamine. Here a corpus of workbooks is imported with each reader in turn and the
whole results compared: tasks, raw rows, observations with their cells, sheet
summaries, the merged ledger. The corpus has what openpyxl never writes but Excel
and WPS do (shared strings, rich text, phonetic runs, ``_x000D_``, ISO dates, East
Asian date formats, shared formulas), the 1904 date system, formulas without a
cached value, error values, and the odd and hostile workbooks calamine does not
read itself (a cell in column XFD, rows out of order, cells without a reference,
a namespace prefix) or that both must refuse.

The calamine side skips when python-calamine is not installed, except in CI
(``CI`` set), which installs it (the ``dev`` extra).
"""

from __future__ import annotations

import importlib.util
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

import civledger
from civledger import Ledger, TaskKind, WorkbookError
from civledger.io.xlsx import READER_VARIABLE, Limits, choose_reader
from civledger.io.xlsx.read_calamine import fits
from civledger.io.xlsx.scan import Extent, scan_sheet
from xlsx_support import CALAMINE, base_ledger, cache_formulas, raw_workbook, workbook

ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _both_xlsx_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each reader by itself here (the root conftest's fixture, overridden)."""
    monkeypatch.delenv(READER_VARIABLE, raising=False)


@pytest.fixture
def calamine() -> None:
    if not CALAMINE:
        if os.environ.get("CI"):
            pytest.fail("python-calamine must be installed in CI (pip install -e '.[dev]')")
        pytest.skip("python-calamine is not installed (the fast-xlsx extra)")


# -- the corpus --------------------------------------------------------------------------------

HEAD = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "目标任务", "是否销号", "备注"]
SHARED = [f"<si><t>{h}</t></si>" for h in HEAD] + [
    "<si><t>柘城县创城工作台账</t></si>",  # 8
    '<si><t xml:space="preserve">　背街小巷环境整治 </t></si>',  # 9
    '<si><r><t>龙源</t></r><r><rPr><b/><sz val="11"/></rPr><t>街道</t></r></si>',  # 10
    '<si><t>县城管局</t><rPh sb="0" eb="2"><t>けん</t></rPh><phoneticPr fontId="0"/></si>',  # 11
    "<si><t>第一行_x000D_\n第二行</t></si>",  # 12
    "<si><t>39条</t></si>",  # 13
    "<si><t>否</t></si>",  # 14
    "<si><t>农贸市场整治</t></si>",  # 15
    "<si><t>   </t></si>",  # 16
    "<si><t>合计</t></si>",  # 17
    "<si><t>注：本表每周五更新 &amp; 报送</t></si>",  # 18
    "<si><t>市场秩序</t></si>",  # 19
    "<si><t>6月底</t></si>",  # 20
    "<si><t>道路保洁</t></si>",  # 21
    "<si><t>编号_x005F_x000D_照旧</t></si>",  # 22: the text _x000D_, escaped
]
# Cell styles 1…: a date (14), 长日期 (31, East Asian, not spelled out), a date-time, a time,
# a duration, 57 and 58 (East Asian), a Chinese date format, [DBNum1] numerals, text (@).
FORMATS: list[int | str] = [
    14,
    31,
    "yyyy-mm-dd h:mm",
    "h:mm",
    "[h]:mm",
    57,
    58,
    'yyyy"年"m"月"d"日"',
    '[DBNum1][$-804]yyyy"年"m"月"d"日"',
    "@",
]


def _s(ref: str, index: int, style: int = 0) -> str:
    return (
        f'<c r="{ref}" t="s"{f" s={chr(34)}{style}{chr(34)}" if style else ""}><v>{index}</v></c>'
    )


def _n(ref: str, value: str, style: int = 0) -> str:
    return f'<c r="{ref}"{f" s={chr(34)}{style}{chr(34)}" if style else ""}><v>{value}</v></c>'


TASKS_XML = (
    '<dimension ref="A1:H12"/><sheetData>'
    f'<row r="1">{_s("A1", 8)}</row>'
    f'<row r="2">{"".join(_s(f"{chr(65 + i)}2", i) for i in range(8))}</row>'
    f'<row r="3">{_n("A3", "1")}{_s("B3", 9)}{_s("C3", 10)}{_s("D3", 11)}{_n("E3", "46203", 1)}'
    f"{_s('F3', 13)}{_s('G3', 14)}{_s('H3', 12)}</row>"
    f'<row r="4">{_n("A4", "2.0")}{_s("B4", 15)}<c r="C4" t="inlineStr"><is><r><t>龙源</t></r>'
    f"<r><t>办事处</t></r></is></c>{_s('D4', 16)}{_n('E4', '46203', 2)}{_n('F4', '1E+2')}"
    f'<c r="G4"><f>IF(1,"否","是")</f></c>{_n("H4", "46203", 2)}</row>'
    f'<row r="5">{_n("A5", "3")}<c r="B5" t="str"><f>"路灯"&amp;"维修"</f><v>路灯维修</v></c>'
    '<c r="C5" t="e"><v>#REF!</v></c><c r="D5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    f'{_n("E5", "46203", 8)}<c r="F5"><f t="shared" ref="F5:F6" si="0">A5*13</f><v>39</v></c>'
    f'<c r="G5" t="b"><v>0</v></c>{_n("H5", "46203.5", 3)}</row>'
    f'<row r="6">{_n("A6", "4")}{_s("B6", 19)}{_s("C6", 11)}<c r="E6" t="d">'
    '<v>2026-06-30T00:00:00</v></c><c r="F6"><f t="shared" si="0"/></c>'
    f'{_n("H6", "0.395833333333333", 4)}<c r="J6" s="1"/></row>'
    f'<row r="7">{_n("A7", "5")}{_s("C7", 10)}{_n("E7", "46203", 9)}'
    f"{_n('F7', '12345678901234567890')}"
    f"{_n('H7', '1.25', 5)}</row>"
    f'<row r="8" ht="20" customHeight="1">{_n("A8", "6")}{_s("B8", 19)}{_s("C8", 11)}'
    f"{_n('E8', '46203', 6)}{_s('H8', 20)}{_n('I8', '46203', 10)}</row>"
    f'<row r="9">{_s("A9", 17)}{_n("F9", "42")}</row>'
    '<row r="10" s="1" customFormat="1"><c r="B10" s="1"/></row>'
    f'<row r="11">{_s("A11", 18)}</row>'
    f'<row r="12">{_n("A12", "7")}{_s("B12", 21)}{_s("C12", 10)}{_n("E12", "46203", 7)}'
    f"{_s('H12', 22)}</row>"
    '</sheetData><mergeCells count="3"><mergeCell ref="A1:H1"/><mergeCell ref="B6:B7"/>'
    '<mergeCell ref="A11:H11"/></mergeCells>'
)
PROBLEMS_XML = (
    "<sheetData>"
    '<row r="1"><c r="A1" t="inlineStr"><is><t>问题描述</t></is></c><c r="B1" t="inlineStr">'
    '<is><t>地点</t></is></c><c r="C1" t="inlineStr"><is><t>发现时间</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>责任单位</t></is></c><c r="E1" t="inlineStr">'
    "<is><t>整改时限</t></is></c></row>"
    '<row r="2"><c r="A2" t="inlineStr"><is><t>占道经营</t></is></c><c r="B2" t="inlineStr">'
    f'<is><t>新华路</t></is></c>{_n("C2", "46174.4", 3)}<c r="D2" t="inlineStr"><is><t>'
    f"龙源街道</t></is></c>{_n('E2', '46184', 1)}</row>"
    '<row r="3"><c r="A3" t="inlineStr"><is><t>暴露垃圾</t></is></c><c r="B3" t="inlineStr">'
    f'<is><t>东关街</t></is></c>{_n("C3", "46174", 6)}<c r="D3" t="inlineStr"><is><t>'
    f'浦东街道</t></is></c><c r="E3" t="e"><v>#N/A</v></c></row>'
    "</sheetData>"
)

Case = Callable[[Path], tuple[Path, Ledger, dict[str, Any]]]


def _excel_like(folder: Path) -> tuple[Path, Ledger, dict[str, Any]]:
    path = raw_workbook(
        folder / "excel.xlsx",
        {"工作台账": TASKS_XML, "问题清单": PROBLEMS_XML},
        shared=SHARED,
        formats=FORMATS,
    )
    return path, base_ledger(), {}


def _date_1904(folder: Path) -> tuple[Path, Ledger, dict[str, Any]]:
    # In the 1904 system 2026-06-30 is day 44741 (1,462 days fewer than in the 1900 one).
    path = raw_workbook(
        folder / "mac.xlsx",
        {
            "工作台账": TASKS_XML.replace(">46203<", ">44741<").replace(">46203.5<", ">44741.5<"),
            "问题清单": PROBLEMS_XML.replace(">46174", ">44712").replace(">46184<", ">44722<"),
        },
        shared=SHARED,
        formats=FORMATS,
        date1904=True,
    )
    return path, base_ledger(), {}


def _formulas(folder: Path) -> tuple[Path, Ledger, dict[str, Any]]:
    path = workbook(
        folder / "formulas.xlsx",
        {
            "S": [
                ["工作任务", "牵头单位", "目标任务", "备注"],
                ["背街小巷整治", "=B3", "=30+9", "=A1"],
                ["农贸市场整治", "龙源街道", "=SUM(C2:C2)", "#N/A"],
            ]
        },
    )
    cache_formulas(path, {"C2": "39"})  # saved by Excel; B2, D2 and C3 never computed
    return path, base_ledger(), {}


def _sheets(folder: Path) -> tuple[Path, Ledger, dict[str, Any]]:
    book = openpyxl.Workbook()
    tasks = book.active
    tasks.title = "工作台账"
    tasks.append(["工作任务", "牵头单位", "目标任务"])
    tasks.append(["背街小巷整治", "龙源街道", 39])
    hidden = book.create_sheet("隐藏")
    hidden.append(["工作任务", "牵头单位"])
    hidden.append(["农贸市场整治", "浦东街道"])
    hidden.sheet_state = "hidden"
    chart = BarChart()
    chart.add_data(Reference(tasks, min_col=3, min_row=1, max_row=2), titles_from_data=True)
    book.create_chartsheet("图表").add_chart(chart)
    book.create_sheet("空")
    book.create_sheet("说明").append(["填表说明：每周五前报送。"])
    path = folder / "sheets.xlsx"
    book.save(path)
    return path, base_ledger(), {}


def _example(folder: Path) -> tuple[Path, Ledger, dict[str, Any]]:
    ledger = civledger.load(ROOT / "examples" / "zhecheng.yaml")
    return ROOT / "examples" / "zhecheng-ledger.xlsx", ledger, {}


def _wide(folder: Path) -> tuple[Path, Ledger, dict[str, Any]]:
    path = workbook(
        folder / "wide.xlsx", {"S": [["工作任务", "牵头单位"], ["整治", "龙源街道", None, "x"]]}
    )
    return path, base_ledger(), {"limits": Limits(max_columns=3)}


def _sheet(body: str) -> Case:
    def case(folder: Path) -> tuple[Path, Ledger, dict[str, Any]]:
        return raw_workbook(folder / "odd.xlsx", {"S": body}), base_ledger(), {}

    return case


HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>工作任务</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>牵头单位</t></is></c></row>'
)
ROW = '<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>整治{r}</t></is></c></row>'

CASES: dict[str, Case] = {
    "the example workbook": _example,
    "written by Excel or WPS": _excel_like,
    "the 1904 date system": _date_1904,
    "formulas with and without cached values": _formulas,
    "hidden, chart, empty and note sheets": _sheets,
    "a cell right of the columns read": _wide,
    # Read with openpyxl under the calamine reader (see fits): a cell far right and down.
    "a cell in column XFD": _sheet(
        f"<sheetData>{HEADER}{ROW.format(r=2)}"
        '<row r="5000"><c r="XFD5000"><v>1</v></c></row></sheetData>'
    ),
    "rows out of order": _sheet(
        f"<sheetData>{HEADER}{ROW.format(r=5)}{ROW.format(r=3)}{ROW.format(r=7)}</sheetData>"
    ),
    "cells without a reference": _sheet(
        '<sheetData><row><c t="inlineStr"><is><t>工作任务</t></is></c><c t="inlineStr">'
        '<is><t>牵头单位</t></is></c></row><row><c t="inlineStr"><is><t>整治</t></is></c>'
        '<c t="e"><v>#N/A</v></c></row></sheetData>'
    ),
    "white space around an attribute's =": _sheet(
        f'<sheetData>{HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>"e" 整治</t></is></c>'
        '<c r="B2" t = "e"><v>#N/A</v></c><c r="C2"\n t=\'e\'><v>#REF!</v></c></row></sheetData>'
    ),
    "a namespace prefix": _sheet(
        '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is>'
        '<x:t>工作任务</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>牵头单位</x:t>'
        '</x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>整治</x:t>'
        '</x:is></x:c><x:c r="B2"><x:f>A1</x:f></x:c><x:c r="C2" t="e"><x:v>#N/A</x:v></x:c>'
        '</x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A3:B3"/></x:mergeCells>'
        "</x:worksheet>"
    ),
}


def _lying_zip(folder: Path) -> tuple[Path, Limits]:
    """A sheet part that unzips to far more than its directory declares."""
    rows = "".join(ROW.format(r=r) for r in range(2, 5000))
    path = raw_workbook(folder / "lie.xlsx", {"S": f"<sheetData>{HEADER}{rows}</sheetData>"})
    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/worksheets/sheet1.xml")
    raw = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    # (signature, name length, uncompressed size, CRC, fixed header length)
    for sig, at_name, at_size, at_crc, fixed in (
        (b"PK\3\4", 26, 22, 14, 30),
        (b"PK\1\2", 28, 24, 16, 46),
    ):
        start = raw.find(sig)
        while start >= 0:
            length = struct.unpack_from("<H", raw, start + at_name)[0]
            if raw[start + fixed : start + fixed + length] == name:
                struct.pack_into("<I", raw, start + at_size, 3000)
                struct.pack_into("<I", raw, start + at_crc, zlib.crc32(data[:3000]))
            start = raw.find(sig, start + 4)
    path.write_bytes(bytes(raw))
    return path, Limits()


def _truncated(folder: Path) -> tuple[Path, Limits]:
    path = workbook(folder / "cut.xlsx", {"S": [["工作任务", "牵头单位"], ["整治", "龙源街道"]]})
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:300]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path, Limits()


def _too_many_rows(folder: Path) -> tuple[Path, Limits]:
    rows = [["工作任务"], *[[f"整治{n}"] for n in range(8)]]
    return workbook(folder / "rows.xlsx", {"S": rows}), Limits(max_rows=5)


def _zip_bomb(folder: Path) -> tuple[Path, Limits]:
    rows = [["工作任务"], *[["整治" * 50] for n in range(50)]]
    return workbook(folder / "bomb.xlsx", {"S": rows}), Limits(max_unzipped=1000)


REFUSED: dict[str, Callable[[Path], tuple[Path, Limits]]] = {
    "a part larger than declared": _lying_zip,
    "a truncated sheet": _truncated,
    "more rows than the limit": _too_many_rows,
    "a zip that would unzip past the limit": _zip_bomb,
}


# -- the tests ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("calamine")
@pytest.mark.parametrize("name", list(CASES))
def test_both_readers_import_the_same(name: str, tmp_path: Path) -> None:
    path, ledger, options = CASES[name](tmp_path)
    by_openpyxl = civledger.import_xlsx(path, into=ledger, reader="openpyxl", **options)
    by_calamine = civledger.import_xlsx(path, into=ledger, reader="calamine", **options)
    assert by_calamine.sheets == by_openpyxl.sheets
    assert by_calamine.tasks == by_openpyxl.tasks
    assert by_calamine.raw_rows == by_openpyxl.raw_rows
    assert by_calamine.observations == by_openpyxl.observations
    assert [str(i) for i in by_calamine.issues] == [str(i) for i in by_openpyxl.issues]
    assert by_calamine == by_openpyxl  # and the ledgers, the ids added, changed…
    assert by_calamine.sheets  # something was read


@pytest.mark.usefixtures("calamine")
@pytest.mark.parametrize("name", list(REFUSED))
def test_both_readers_refuse_the_same(name: str, tmp_path: Path) -> None:
    path, limits = REFUSED[name](tmp_path)
    refusals = []
    for reader in ("openpyxl", "calamine"):
        with pytest.raises(WorkbookError) as caught:
            civledger.import_xlsx(path, into=base_ledger(), limits=limits, reader=reader)
        refusals.append(str(caught.value))
    if "cannot be read" not in refusals[0]:  # civledger's words, not a library's
        assert refusals[0] == refusals[1]


@pytest.mark.usefixtures("calamine")
def test_what_excel_writes_is_read_as_excel_shows_it(tmp_path: Path) -> None:
    path, ledger, _ = _excel_like(tmp_path)
    result = civledger.import_xlsx(path, into=ledger, reader="calamine")
    tasks = {t.title: t for t in result.tasks}
    assert tasks["背街小巷环境整治"].lead == "zc-ly"  # rich text, ideographic space trimmed
    assert tasks["背街小巷环境整治"].cooperating == ("zc-cg",)  # a phonetic run left out
    assert tasks["背街小巷环境整治"].note == "第一行\r\n第二行"  # _x000D_: a carriage return
    # 长日期 (31), saved by Excel without its format code, is a date in 备注 as in Excel.
    assert tasks["农贸市场整治"].note == "2026-06-30"
    assert tasks["道路保洁"].note == "编号_x000D_照旧"  # the escape of an escape undone once
    # A date in every form Excel saves it: 14, 31, 57, 58, 年月日, [DBNum1], an ISO date (t="d").
    assert {t.due for t in result.tasks if t.kind is TaskKind.TASK} == {date(2026, 6, 30)}
    codes = {(o.code, o.location.cell) for o in result.observations}
    assert ("XLS008", "工作台账!G4") in codes  # a formula saved without a value
    assert ("XLS014", "工作台账!C5") in codes  # #REF!, which calamine reads as empty
    assert ("XLS014", "问题清单!E3") in codes


@pytest.mark.usefixtures("calamine")
def test_the_1904_date_system_gives_the_same_days(tmp_path: Path) -> None:
    days = []
    for case in (_excel_like, _date_1904):
        path, ledger, _ = case(tmp_path)
        result = civledger.import_xlsx(path, into=ledger, reader="calamine")
        days.append([(t.due, t.found_on, t.note) for t in result.tasks])
    assert days[0] == days[1]


def test_the_measure_of_a_sheet_decides_which_reader_reads_it(tmp_path: Path) -> None:
    path = raw_workbook(
        tmp_path / "a.xlsx",
        {"S": f'<sheetData>{HEADER}<row r="900"><c r="XFD900"><v>1</v></c></row></sheetData>'},
    )
    with zipfile.ZipFile(path) as archive:
        extent = scan_sheet(archive, "xl/worksheets/sheet1.xml", str(path), extent=True).extent
    assert extent == Extent(cells=3, rows=900, columns=16384, plain=True)
    assert not fits(extent)  # 14.7 million cells from A1 to XFD900 for three
    assert fits(Extent(cells=650_000, rows=50_000, columns=13, plain=True))
    assert not fits(Extent(cells=3, rows=3, columns=1, plain=False))


def test_the_reader_is_chosen_by_name_variable_or_what_is_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert choose_reader().name == ("calamine" if CALAMINE else "openpyxl")
    monkeypatch.setenv(READER_VARIABLE, "openpyxl")
    assert choose_reader().name == "openpyxl"
    assert choose_reader("auto").name == ("calamine" if CALAMINE else "openpyxl")
    monkeypatch.setenv(READER_VARIABLE, "xlrd")
    with pytest.raises(civledger.ArgumentError, match=READER_VARIABLE):
        choose_reader()
    with pytest.raises(civledger.ArgumentError, match="reader: 'fast' is not a reader"):
        civledger.import_xlsx(
            ROOT / "examples" / "zhecheng-ledger.xlsx", base_ledger(), reader="fast"
        )


def test_a_reader_that_is_not_installed_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec", lambda name: None if name == "python_calamine" else real(name)
    )
    assert choose_reader().name == "openpyxl"
    with pytest.raises(civledger.MissingExtraError, match=r"civledger\[fast-xlsx\]"):
        choose_reader("calamine")
