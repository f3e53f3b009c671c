"""Importing real-looking workbooks: the ledger they give and the findings they raise.

Every workbook is written here with openpyxl, with the messiness of real sheets:
a title and notes above a two-row header, merged cells, blank, heading and
subtotal rows, several sheets, full-width characters and stray spaces, numbers
stored as text, dates as Excel dates, serial numbers and text, formulas with
and without cached values, a problem list, unknown columns.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import attrs
import pytest

import civledger
from civledger import RawCell, RawRow, Target, Task, TaskKind
from civledger.io.xlsx.ids import digest
from xlsx_support import base_ledger, cache_formulas, found, workbook

TITLE = "柘城县创建全国文明城市工作台账"

TASK_SHEET = [
    [TITLE],
    ["填报单位：县创城办　　填报时间：2026年6月14日"],
    [
        "序号",
        "测评项目",
        "工作任务",
        "责任单位",
        None,
        "责任人",
        "完成时限",
        "目标任务",
        "是否销号",
        "备注",
    ],
    [None, None, None, "牵头单位", "配合单位"],
    ["一、市容环境"],
    [
        1,
        "市容环境",
        "背街小巷环境整治",
        "龙源办事处",
        "县城管局、浦东街道",
        "陈某某",
        "6月30日前",
        "39条",
        "否",
    ],
    [
        "2",
        None,
        " 背街小巷 路灯 维修\u3000",
        "县城市管理局",
        "龙源街道",
        "谢某",
        datetime(2026, 6, 20),
        "３９",
        None,
        "路灯",
    ],
    [3, None, "主次干道整治", "ＸＸ局", None, "王某", "6/7", "全覆盖", "是"],
    [],
    [4, "背街小巷路面硬化", "道路保洁", "浦东 街道", None, None, 46203, "=30+9", None, "=A1"],
    [5, None, None, "县城管局"],
    ["合计", None, None, None, None, None, None, "=SUM(H6:H10)"],
    ["注：本表由各牵头单位每周五更新。"],
]
TASK_MERGES = [
    "A1:J1",
    "A2:J2",
    "D3:E3",
    "A3:A4",
    "B3:B4",
    "C3:C4",
    "F3:F4",
    "G3:G4",
    "H3:H4",
    "I3:I4",
    "J3:J4",
    "A5:J5",
    "B6:B8",
    "A13:J13",
]
PROBLEM_SHEET = [
    [
        "序号",
        "问题描述",
        "点位",
        "地点",
        "所属网格",
        "发现时间",
        "责任单位",
        "整改时限",
        "整改情况",
        "联系电话",
    ],
    [
        1,
        "占道经营",
        "主次干道",
        "新华路与人民路交叉口",
        "新华社区第1网格",
        datetime(2026, 6, 1),
        "龙源街道",
        "限3日内整改",
        "已整改",
        "13800000000",
    ],
    [
        2,
        "占道经营",
        "主次干道",
        "新华路与人民路交叉口",
        "新华社区第1网格",
        "2026-06-01",
        "龙源街道",
        "6月10日前",
        None,
        None,
        "临时",
    ],
    [3, "暴露垃圾", "背街小巷", "东关街", "新华社区", "6月", "浦东街道", "#N/A"],
    [4, "店外经营", None, "长江路", None, 46174, "县市场监管局", "长期坚持"],
]


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    path = workbook(
        tmp_path / "台账.xlsx",
        {"工作台账": TASK_SHEET, "问题清单": PROBLEM_SHEET, "说明": [["填表说明：每周五前报送。"]]},
        merges={"工作台账": TASK_MERGES},
    )
    cache_formulas(path, {"H10": "39"})  # saved by Excel; J10 (=A1) was never computed
    return path


def _task_id(title: str, lead: str) -> str:
    return digest("T", ["task", title, lead])


def _problem_id(title: str, place: str, found_on: str) -> str:
    return digest("P", ["problem", title, place, found_on])


def expected_tasks() -> list[Task]:
    problem = TaskKind.PROBLEM
    street = _problem_id("占道经营", "新华路与人民路交叉口", "2026-06-01")
    return [
        Task(
            id=_task_id("背街小巷环境整治", "zc-ly"),
            title="背街小巷环境整治",
            lead="zc-ly",
            cooperating=["zc-cg", "zc-pd"],
            responsible="p-chen",
            standards=["wmcs:III-1"],
            due=date(2026, 6, 30),
            due_text="6月30日前",
            target=Target(quantity=39, unit="条"),
        ),
        Task(
            id=_task_id("背街小巷路灯维修", "zc-cg"),
            title="背街小巷 路灯 维修",
            lead="zc-cg",
            cooperating=["zc-ly"],
            responsible="p-xie",
            standards=["wmcs:III-1"],
            due=date(2026, 6, 20),
            target=Target(quantity=39),
            note="路灯",
        ),
        Task(
            id="T-工作台账-8",  # read with errors: the id says where the row is
            title="主次干道整治",
            standards=["wmcs:III-1"],
            due_text="6/7",
        ),
        Task(
            id="T-工作台账-10",  # J10 holds a formula without a value
            title="道路保洁",
            lead="zc-pd",
            standards=["wmcs:III-1-2-1"],
            due=date(2026, 6, 30),
            target=Target(quantity=39),
        ),
        Task(
            id=street,
            title="占道经营",
            kind=problem,
            site="主次干道",
            place="新华路与人民路交叉口",
            located_in="zc-ly-xh-g1",
            found_on=date(2026, 6, 1),
            lead="zc-ly",
            due=date(2026, 6, 4),  # 限3日内: three days from the day it was found
            due_text="限3日内整改",
        ),
        Task(
            id=street + "-2",
            title="占道经营",
            kind=problem,
            site="主次干道",
            place="新华路与人民路交叉口",
            located_in="zc-ly-xh-g1",
            found_on=date(2026, 6, 1),
            lead="zc-ly",
            due=date(2026, 6, 10),
            due_text="6月10日前",
        ),
        Task(
            id="P-问题清单-4",
            title="暴露垃圾",
            kind=problem,
            site="背街小巷",
            place="东关街",
            lead="zc-pd",
        ),
        Task(
            id=_problem_id("店外经营", "长江路", "2026-06-01"),
            title="店外经营",
            kind=problem,
            place="长江路",
            found_on=date(2026, 6, 1),  # Excel serial 46174
            lead="zc-scjg",
            ongoing=True,
            due_text="长期坚持",
        ),
    ]


def test_the_messy_workbook_gives_the_expected_tasks(messy: Path) -> None:
    result = civledger.import_xlsx(messy, into=base_ledger())
    assert list(result.tasks) == expected_tasks()
    assert result.added == tuple(t.id for t in expected_tasks())
    assert result.ledger.tasks == tuple(expected_tasks())


def test_the_messy_workbook_keeps_the_row_without_a_title_raw(messy: Path) -> None:
    result = civledger.import_xlsx(messy, into=base_ledger())
    raw = RawRow(
        id=digest("R", ["工作台账", "A=5", "D=县城管局"]),
        sheet="工作台账",
        row=11,
        reason="no title (工作任务 is empty)",
        cells=[
            RawCell(column="A", header="序号", text="5"),
            RawCell(column="D", header="责任单位 牵头单位", text="县城管局"),
        ],
        file="台账.xlsx",
    )
    assert result.raw_rows == (raw,)
    assert result.ledger.raw_rows == (raw,)


def test_the_messy_workbook_reports_every_cell_it_could_not_read(messy: Path) -> None:
    result = civledger.import_xlsx(messy, into=base_ledger())
    odd = "T-工作台账-8"
    twin = _problem_id("占道经营", "新华路与人民路交叉口", "2026-06-01") + "-2"
    assert found(result.issues) == [
        ("XLS004", "工作台账!D8", "责任单位 牵头单位: 'ＸＸ局' is not a unit of the ledger"),
        ("XLS009", "工作台账!F8", "责任人: '王某' could be 王某（p-wang1） or 王某（p-wang2）"),
        (
            "XLS006",
            "工作台账!G8",
            "完成时限: cannot read '6/7' as a deadline: is it 6月7日 or 7月6日? write the month "
            "and day in words (6月7日) or the whole date (2026-06-07)",
        ),
        ("XLS011", "工作台账!H8", "目标任务: '全覆盖' is not a number and its unit"),
        (
            "XLS013",
            "工作台账!I8",
            f"是否销号: the workbook says '是' but the journal has {odd} new on 2026-06-14",
        ),
        (
            "XLS008",
            "工作台账!J10",
            "备注: the cell holds a formula with no value saved; formulas are not evaluated",
        ),
        (
            "XLS003",
            "工作台账!11",
            "row 11 of sheet 工作台账 was kept raw: no title (工作任务 is empty)",
        ),
        (
            "XLS001",
            "说明",
            "sheet 说明 has no header row with a title column (工作任务 or 问题描述); skipped",
        ),
        (
            "XLS002",
            "问题清单!I1",
            "column '整改情况' is not imported: progress is dated history (1 cell); record it in "
            "the journal with a date (civledger.JournalWriter)",
        ),
        (
            "XLS002",
            "问题清单!J1",
            "column '联系电话' is not imported: civledger does not know this header",
        ),
        (
            "XLS012",
            "问题清单!B3",
            f"row 3 has the same description, place and date found as row 2 of 问题清单; "
            f"it was given the id {twin}",
        ),
        ("XLS002", "问题清单!K3", "column '(K, no header)' is not imported: it has no header"),
        (
            "XLS005",
            "问题清单!E4",
            "所属网格: '新华社区' could be 新华社区（zc-ly-xh） or 新华社区（zc-pd-xh）",
        ),
        (
            "XLS007",
            "问题清单!F4",
            "发现时间: cannot read '6月' as a day: it names a month period, not a day",
        ),
        ("XLS014", "问题清单!H4", "整改时限: the cell holds the error #N/A"),
    ]
    assert {i.location.file for i in result.issues} == {str(messy)}
    severities = {i.code: i.severity.value for i in result.issues}
    assert severities["XLS001"] == "info"  # other sheets are tables: a sheet of notes is fine
    assert [i.severity.value for i in result.issues if i.code == "XLS002"] == [
        "info",
        "warning",
        "warning",
    ]


def test_the_sheets_are_summarised(messy: Path) -> None:
    result = civledger.import_xlsx(messy, into=base_ledger())
    summary = {s.name: s for s in result.sheets}
    assert attrs.asdict(summary["工作台账"]) == {
        "name": "工作台账",
        "kind": "task",
        "header_rows": (3, 4),
        "rows": 4,
        "raw": 1,
        "blank": 1,
        "subtotal": 1,
        "heading": 2,
    }
    assert (summary["问题清单"].kind, summary["问题清单"].rows) == ("problem", 4)
    assert summary["说明"].kind is None
    assert result.summary() == (
        "8 added, 0 changed, 0 unchanged, 0 not in the workbook (left alone), 1 row kept raw "
        "(rows skipped: 1 blank, 1 subtotal, 2 heading or note); 8 errors, 5 warnings, 2 notes"
    )


def test_only_the_sheets_asked_for_are_read(messy: Path) -> None:
    result = civledger.import_xlsx(messy, into=base_ledger(), sheets=["问题清单"])
    assert [s.name for s in result.sheets] == ["问题清单"]
    assert {t.kind for t in result.tasks} == {TaskKind.PROBLEM}
    with pytest.raises(civledger.WorkbookError, match="has no sheet '汇总'"):
        civledger.import_xlsx(messy, into=base_ledger(), sheets=["汇总"])


def test_a_reference_date_gives_deadlines_without_a_year_their_year(messy: Path) -> None:
    result = civledger.import_xlsx(messy, into=base_ledger(), reference=date(2025, 3, 1))
    first = result.tasks[0]
    assert (first.due_text, first.due) == ("6月30日前", date(2025, 6, 30))
    # A problem's deadline counts from the day it was found, whatever the reference.
    assert result.tasks[4].due == date(2026, 6, 4)


def test_the_ledger_given_is_not_changed(messy: Path) -> None:
    base = base_ledger()
    civledger.import_xlsx(messy, into=base)
    assert base == base_ledger()
    assert base.tasks == ()


def test_a_two_row_header_without_merged_cells(tmp_path: Path) -> None:
    rows = [
        ["序号", "工作任务", "责任单位", None, "完成时限"],
        [None, None, "牵头", "配合"],
        ["1", "背街小巷整治", "龙源街道", "县城管局", "20260630"],
    ]
    result = civledger.import_xlsx(workbook(tmp_path / "a.xlsx", {"S": rows}), into=base_ledger())
    (sheet,) = result.sheets
    assert sheet.header_rows == (1, 2)
    (task,) = result.tasks
    assert (task.lead, task.cooperating, task.due) == ("zc-ly", ("zc-cg",), date(2026, 6, 30))
    assert result.issues == ()


def test_a_problem_found_on_a_day_written_as_digits(tmp_path: Path) -> None:
    rows = [
        ["问题描述", "地点", "发现时间", "整改时限"],
        ["占道经营", "新华路", "20260503", "限3日内"],
    ]
    (task,) = civledger.import_xlsx(
        workbook(tmp_path / "a.xlsx", {"S": rows}), into=base_ledger()
    ).tasks
    assert (task.found_on, task.due) == (date(2026, 5, 3), date(2026, 5, 6))


def test_a_text_repeated_on_many_rows_is_read_the_same_on_each(tmp_path: Path) -> None:
    # Each distinct deadline and standard is read once per import and remembered.
    rows = [
        ["工作任务", "牵头单位", "完成时限", "测评标准"],
        ["整治一", "龙源街道", "尽快", "IX-9"],
        ["整治二", "龙源街道", "尽快", "IX-9"],
        ["整治三", "龙源街道", "6月底", "III-1-2-1"],
        ["整治四", "龙源街道", "6月底", "III-1-2-1"],
    ]
    result = civledger.import_xlsx(workbook(tmp_path / "a.xlsx", {"S": rows}), into=base_ledger())
    assert [(i.code, i.location.cell) for i in result.issues] == [
        ("XLS006", "S!C2"),
        ("XLS010", "S!D2"),
        ("XLS006", "S!C3"),
        ("XLS010", "S!D3"),
    ]
    assert [(t.due, t.standards) for t in result.tasks[2:]] == 2 * [
        (date(2026, 6, 30), ("III-1-2-1",))
    ]
