"""Measures in Excel: targets as ledgers write them, amounts done and rates, and 进展情况."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs

import civledger
from civledger import Baseline, Comparator, RollUp, Target, TaskKind
from civledger.i18n import use_language
from civledger.io.xlsx import task_rows
from xlsx_support import base_ledger, workbook

HEAD = ["工作任务", "牵头单位", "目标任务", "目标数量", "计量单位", "累计完成", "完成率"]


def _import(tmp_path: Path, *rows: list[object]) -> civledger.XlsxImport:
    path = workbook(tmp_path / "台账.xlsx", {"工作台账": [HEAD, *rows]})
    return civledger.import_xlsx(path, into=base_ledger())


def test_targets_amounts_and_rates_map_to_measures(tmp_path: Path) -> None:
    result = _import(
        tmp_path,
        ["污水处理率提升", "县城管局", "≥85%", None, None, 82, None],
        ["道路改造", "县城管局", "65.2公里", None, None, "30公里", "46%"],
        ["拆违", "龙源街道", None, 5000, "平方米", "3,200㎡", 0.64],
        ["建绿", "城关镇", "3万平方米", None, None, None, None],
    )
    assert result.issues == ()
    rate, roads, removal, green = (t.target for t in result.tasks)
    assert (rate.quantity, rate.comparator, rate.baseline.value) == (85, Comparator.AT_LEAST, 82)  # type: ignore[union-attr]
    day = date(2026, 6, 14)  # the ledger's as_of: the baseline's date
    assert roads == Target(
        quantity=65.2,
        unit="公里",
        baseline=Baseline(as_of=day, value=30, percent=46, source="台账.xlsx 工作台账!F3,G3"),
    )
    assert (removal.quantity, removal.unit, removal.baseline.unit) == (5000, "平方米", "㎡")  # type: ignore[union-attr]
    assert removal.baseline.percent == 64  # type: ignore[union-attr]  # a percent-formatted cell
    assert (green.quantity, green.unit, green.baseline) == (3, "万平方米", None)  # type: ignore[union-attr]
    state = civledger.state(result.ledger, result.tasks[2].id, day)
    assert (state.quantity, state.percent) == (3200, 64.0)


def test_cells_that_are_not_measures_are_findings(tmp_path: Path) -> None:
    result = _import(tmp_path, ["拆违", "龙源街道", None, "很多", "平方米", "约一半", "120%"])
    assert [(i.code, i.location.cell) for i in result.issues] == [
        ("XLS011", "工作台账!D2"),
        ("XLS011", "工作台账!F2"),
        ("XLS011", "工作台账!G2"),
    ]
    path = workbook(tmp_path / "b.xlsx", {"工作台账": [["工作任务", "牵头单位", "累计完成"],
                                                      ["拆违", "龙源街道", 3200]]})  # fmt: skip
    lonely = civledger.import_xlsx(path, into=base_ledger())
    assert [(i.code, i.location.cell) for i in lonely.issues] == [("XLS002", "工作台账!C1")]
    assert lonely.tasks[0].target is None


def test_a_reimport_keeps_what_a_cell_cannot_say(tmp_path: Path) -> None:
    ledger = base_ledger()
    rolled = Target(quantity=39, unit="条", roll_up=RollUp.COUNT, name="道路")
    ledger = attrs.evolve(ledger, tasks=[civledger.Task(id="T-1", title="道路", lead="zc-cg",
                                                       target=rolled)])  # fmt: skip
    out = tmp_path / "export.xlsx"
    civledger.export_xlsx(ledger, out)
    back = civledger.import_xlsx(out, into=ledger)
    assert back.ledger == ledger
    assert back.unchanged == ("T-1",)


def test_the_export_writes_progress_from_the_measures() -> None:
    ledger = civledger.load("examples/district-100-days.yaml")
    with use_language("zh"):
        header, rows = task_rows(ledger, TaskKind.TASK, as_of=date(2026, 6, 15))
    progress = {row[0]: row[header.index("进展情况")] for row in rows}
    assert progress["T-01"] == "已完成 903,600/1,004,000 平方米（90.0%）"
    assert progress["T-05"] == "已完成 17/22 个（77.3%）；面积：已完成 68.5/92.1 万平方米（74.4%）"
    assert progress["T-06"] == "当前 86.2%（目标 ≥85 %）"
    assert progress["T-04-13"] == "50%"  # stated, no amount
    assert [row[header.index("目标任务")] for row in rows[:2]] == ["1004000 平方米", "391 块"]


def test_the_district_example_survives_export_and_import(tmp_path: Path) -> None:
    ledger = civledger.load("examples/district-100-days.yaml")
    out = tmp_path / "district.xlsx"
    civledger.export_xlsx(ledger, out)
    back = civledger.import_xlsx(out, into=ledger)
    assert back.ledger == ledger
    assert back.changed == ()
    assert [i.code for i in back.issues] == ["XLS002"]  # 进展情况: history, not read back
