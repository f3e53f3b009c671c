"""Stable ids and updates on re-import; export and the round trip; unreadable workbooks."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import civledger
from civledger import Task, WorkbookError
from civledger.io.xlsx import Limits
from test_xlsx_import import PROBLEM_SHEET, TASK_MERGES, TASK_SHEET
from xlsx_support import base_ledger, cache_formulas, workbook

HEADER = ["序号", "工作任务", "牵头单位", "完成时限", "备注"]


def _book(path: Path, rows: list[list[object]]) -> Path:
    return workbook(path, {"工作台账": [HEADER, *rows]})


# -- stable ids and updates -----------------------------------------------------------------------


def test_importing_the_same_workbook_again_changes_nothing(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[1, "背街小巷整治", "龙源街道", "6月30日前"]])
    first = civledger.import_xlsx(path, into=base_ledger())
    again = civledger.import_xlsx(path, into=first.ledger)
    assert again.ledger == first.ledger
    assert (again.added, again.changed, again.unchanged) == ((), (), first.added)


def test_ids_do_not_depend_on_where_the_rows_are(tmp_path: Path) -> None:
    rows = [[1, "背街小巷整治", "龙源街道"], [2, "农贸市场整治", "县市场监管局"]]
    one = civledger.import_xlsx(_book(tmp_path / "a.xlsx", rows), into=base_ledger())
    moved = [
        [None],
        [1, "农贸市场整治", "县市场监管局"],
        [None],
        [2, " 背街小巷 整治", "龙源办事处"],
    ]
    two = civledger.import_xlsx(_book(tmp_path / "b.xlsx", moved), into=one.ledger)
    assert sorted(t.id for t in two.tasks) == sorted(t.id for t in one.tasks)
    # The title was written with spaces: same id, a changed title.
    assert two.changed == (one.tasks[0].id,)
    assert two.ledger.task(one.tasks[0].id).title == "背街小巷 整治"


def test_an_update_changes_only_the_columns_the_sheet_has(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[1, "背街小巷整治", "龙源街道", "6月30日前", "新备注"]])
    id = civledger.import_xlsx(path, into=base_ledger()).tasks[0].id
    known = Task(
        id=id,
        title="背街小巷整治",
        lead="zc-ly",
        responsible="p-chen",  # no 责任人 column: kept
        due=date(2026, 5, 31),
        note="旧备注",
    )
    other = Task(id="T-OTHER", title="手工录入的任务", lead="zc-cg")
    base = attrs.evolve(base_ledger(), tasks=[known, other])
    result = civledger.import_xlsx(path, into=base)
    assert result.changed == (id,)
    assert result.untouched == ("T-OTHER",)
    assert result.ledger.tasks == (
        attrs.evolve(known, due=date(2026, 6, 30), due_text="6月30日前", note="新备注"),
        other,
    )


def test_a_written_id_is_kept_and_a_repeated_one_keeps_the_row_raw(tmp_path: Path) -> None:
    rows = [["T-001", "背街小巷整治", "龙源街道"], ["T-001", "农贸市场整治", "县城管局"]]
    path = workbook(tmp_path / "a.xlsx", {"S": [["台账编号", "工作任务", "牵头单位"], *rows]})
    result = civledger.import_xlsx(path, into=base_ledger())
    assert [t.id for t in result.tasks] == ["T-001"]
    assert [(r.row, r.reason) for r in result.raw_rows] == [
        (3, "its 台账编号 T-001 is also the id of row S!2")
    ]


def test_whole_numbers_under_bianhao_are_a_sequence_not_ids(tmp_path: Path) -> None:
    rows = [[1, "背街小巷整治", "龙源街道"], [2, "农贸市场整治", "县城管局"]]
    path = workbook(tmp_path / "a.xlsx", {"S": [["编号", "工作任务", "牵头单位"], *rows]})
    ids = [t.id for t in civledger.import_xlsx(path, into=base_ledger()).tasks]
    assert all(i.startswith("T-") and len(i) == 12 for i in ids)
    coded = [["LY-01", "背街小巷整治", "龙源街道"], [2, "农贸市场整治", "县城管局"]]
    path = workbook(tmp_path / "b.xlsx", {"S": [["编号", "工作任务", "牵头单位"], *coded]})
    assert [t.id for t in civledger.import_xlsx(path, into=base_ledger()).tasks] == ["LY-01", "2"]


def test_a_new_import_replaces_the_raw_rows_of_the_sheets_it_read(tmp_path: Path) -> None:
    broken = _book(tmp_path / "a.xlsx", [[1, None, "龙源街道"]])
    first = civledger.import_xlsx(broken, into=base_ledger())
    assert len(first.ledger.raw_rows) == 1
    fixed = _book(tmp_path / "b.xlsx", [[1, "背街小巷整治", "龙源街道"]])
    second = civledger.import_xlsx(fixed, into=first.ledger)
    assert second.ledger.raw_rows == ()
    report = civledger.check(first.ledger, select=["XLS003"], as_of=date(2026, 6, 14))
    assert [(i.code, i.location.json_path, i.subjects) for i in report.issues] == [
        ("XLS003", "$.raw_rows[0]", (first.ledger.raw_rows[0].id,))
    ]
    assert civledger.check(second.ledger, select=["XLS003"]).issues == ()


def test_user_headers_win_over_the_built_in_ones(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx",
        {
            "S": [
                ["工作任务", "主责科室", "联系电话", "备注"],
                ["背街小巷整治", "龙源街道", "138", "x"],
            ]
        },
    )
    result = civledger.import_xlsx(
        path, into=base_ledger(), headers={"主责科室": "lead", "联系电话": "-", "备注": "ignore"}
    )
    assert (result.tasks[0].lead, result.tasks[0].note) == ("zc-ly", None)
    assert result.issues == ()


# -- export and the round trip --------------------------------------------------------------------


def test_workbook_to_ledger_to_workbook_to_ledger_is_equal(tmp_path: Path) -> None:
    messy = workbook(
        tmp_path / "台账.xlsx",
        {"工作台账": TASK_SHEET, "问题清单": PROBLEM_SHEET},
        merges={"工作台账": TASK_MERGES},
    )
    cache_formulas(messy, {"H10": "39"})
    first = civledger.import_xlsx(messy, into=base_ledger())
    assert first.raw_rows
    assert first.tasks
    exported = tmp_path / "导出.xlsx"
    civledger.export_xlsx(first.ledger, exported)
    second = civledger.import_xlsx(exported, into=base_ledger())
    assert second.ledger == first.ledger
    assert second.added == first.added
    # The import of the export only notes the progress column, derived from the journal.
    assert {i.code for i in second.issues} <= {"XLS002", "XLS004", "XLS006", "XLS013"}
    again = civledger.import_xlsx(exported, into=first.ledger)
    assert again.ledger == first.ledger
    assert again.unchanged == first.added


def test_the_export_layout(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    small = civledger.testing.small_ledger()
    civledger.export_xlsx(small, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["工作台账", "问题清单"]
    sheet = book["工作台账"]
    assert sheet["A1"].value.startswith("柘城县创建全国文明城市工作台账（截至")
    assert [c.value for c in sheet[2]][:4] == ["台账编号", "序号", "工作任务", "测评标准"]
    assert sheet.freeze_panes == "A3"
    assert sheet["J3"].value.date() == date(2026, 6, 30)  # 完成时限, a date cell
    problems = book["问题清单"]
    header = [c.value for c in problems[2]]
    assert "所属网格" in header
    assert "地点" not in header


def test_the_example_ledger_survives_export_and_import(tmp_path: Path) -> None:
    ledger = civledger.load("examples/zhecheng.yaml")
    path = tmp_path / "zhecheng.xlsx"
    civledger.export_xlsx(ledger, path)
    result = civledger.import_xlsx(path, into=ledger)
    assert (result.added, result.changed) == ((), ())
    assert len(result.unchanged) == len(ledger.tasks)
    assert result.ledger == ledger


# -- workbooks that cannot be read ----------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[1, "背街小巷整治", "龙源街道"]])
    with pytest.raises(WorkbookError, match=r"more than the limit of 0 MiB.*--max-size"):
        civledger.import_xlsx(path, into=base_ledger(), limits=Limits(max_bytes=1000))


def test_a_zip_that_would_expand_too_far_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[1, "背街小巷整治", "龙源街道"]])
    with pytest.raises(WorkbookError, match=r"once unzipped.*a zip bomb"):
        civledger.import_xlsx(path, into=base_ledger(), limits=Limits(max_unzipped=1000))


def test_a_sheet_over_the_row_limit_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[n, f"任务{n}", "龙源街道"] for n in range(10)])
    with pytest.raises(WorkbookError, match="sheet 工作台账 has more than 5 rows"):
        civledger.import_xlsx(path, into=base_ledger(), limits=Limits(max_rows=5))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Excel 97-2003 (.xls)"),
        ("序号,工作任务\n1,整治\n".encode(), "not a zip file; a CSV or HTML export"),
        (b"PK\x03\x04 cut short", "damaged zip file"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        civledger.import_xlsx(path, into=base_ledger())


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    with pytest.raises(WorkbookError, match="not an Excel workbook"):
        civledger.import_xlsx(path, into=base_ledger())


def test_a_workbook_with_a_broken_sheet_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx", [[1, "背街小巷整治", "龙源街道"]])
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:200]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(WorkbookError, match="cannot be read"):
        civledger.import_xlsx(path, into=base_ledger())


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="no such file"):
        civledger.import_xlsx(tmp_path / "none.xlsx", into=base_ledger())


CELLS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(
        ["龙源街道", "县城管局", "6月30日前", "长期坚持", "#N/A", "合计", "一、", "是"]
    ),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELLS, max_size=7), max_size=6))
def test_any_cells_under_a_header_import_without_crashing(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    import openpyxl.cell.cell as cells

    clean = [
        [cells.ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
        for row in rows
    ]
    path = workbook(
        tmp_path / "any.xlsx",
        {
            "S": [
                ["序号", "工作任务", "牵头单位", "完成时限", "发现时间", "目标任务", "是否销号"],
                *clean,
            ]
        },
    )
    result = civledger.import_xlsx(path, into=base_ledger())
    assert len(result.tasks) + len(result.raw_rows) <= len(rows)
    exported = tmp_path / "again.xlsx"
    civledger.export_xlsx(result.ledger, exported)
    assert civledger.import_xlsx(exported, into=base_ledger()).ledger == result.ledger


# -- names, collective names, wide sheets, the example ---------------------------------------------


def test_shared_names_are_exported_with_their_id_and_read_back(tmp_path: Path) -> None:
    task = Task(
        id="P-1",
        title="占道经营",
        kind=civledger.TaskKind.PROBLEM,
        lead="zc-ly",
        located_in="zc-pd-xh",
        responsible="p-wang2",
    )
    ledger = attrs.evolve(base_ledger(), tasks=[task])
    path = tmp_path / "out.xlsx"
    civledger.export_xlsx(ledger, path)
    row = [c.value for c in openpyxl.load_workbook(path)["问题清单"][3]]
    assert "新华社区（zc-pd-xh）" in row
    assert "王某（p-wang2）" in row
    assert civledger.import_xlsx(path, into=ledger).ledger == ledger


def test_collective_names_stand_for_every_unit_of_their_level(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx",
        {"S": [["工作任务", "牵头单位", "配合单位"], ["动员部署", "县文明办", "各街道（镇）"]]},
    )
    task = civledger.import_xlsx(path, into=base_ledger()).tasks[0]
    assert task.cooperating == ("zc-ly", "zc-pd", "zc-cgz")


def test_cells_beyond_the_columns_read_are_reported(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "a.xlsx", {"S": [["工作任务", "牵头单位"], ["整治", "龙源街道", None, "x"]]}
    )
    result = civledger.import_xlsx(path, into=base_ledger(), limits=Limits(max_columns=3))
    assert [(i.code, i.location.cell, i.message) for i in result.issues] == [
        (
            "XLS002",
            "S!2",
            "column '(right of column C)' is not imported: cells that far right are not read",
        )
    ]


def test_the_example_workbook_is_what_its_script_writes(tmp_path: Path) -> None:
    import runpy

    build = runpy.run_path("examples/make_workbook.py")["build"]
    fresh = build(tmp_path / "zhecheng-ledger.xlsx")
    ledger = civledger.load("examples/zhecheng.yaml")
    shipped = civledger.import_xlsx("examples/zhecheng-ledger.xlsx", into=ledger)
    again = civledger.import_xlsx(fresh, into=ledger)
    assert shipped.ledger == again.ledger
    assert [str(i).replace(str(fresh), "X") for i in again.issues] == [
        str(i).replace("examples/zhecheng-ledger.xlsx", "X") for i in shipped.issues
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300), zipped=st.booleans())
def test_any_bytes_import_or_raise_a_workbook_error(
    tmp_path: Path, data: bytes, zipped: bool
) -> None:
    path = tmp_path / "any.xlsx"
    if zipped:  # a zip that claims to be a workbook, with a broken workbook part
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/workbook.xml", data)
            archive.writestr("[Content_Types].xml", data[:50])
    else:
        path.write_bytes(data)
    with pytest.raises(WorkbookError) as caught:
        civledger.import_xlsx(path, into=base_ledger())
    assert str(caught.value).startswith(str(path))
