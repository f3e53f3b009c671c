"""One golden test per XLS rule: a tiny workbook that triggers it, and the same put right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import civledger
from xlsx_support import base_ledger, workbook

H = ["序号", "工作任务", "牵头单位", "责任人", "完成时限", "测评标准", "目标任务", "是否销号"]
P = ["序号", "问题描述", "地点", "所属网格", "发现时间", "责任单位", "整改时限"]

# code: (sheets that trigger it, the same sheets put right, the cell it is reported at)
CASES: dict[str, tuple[dict[str, list[list[object]]], dict[str, list[list[object]]], str]] = {
    "XLS001": (
        {"S": [["工作任务"], ["背街小巷整治"]]},
        {"S": [["工作任务", "牵头单位"], ["背街小巷整治", "龙源街道"]]},
        "S",
    ),
    "XLS002": (
        {"S": [[*H[:3], "联系电话"], [1, "整治", "龙源街道", "138"]]},
        {"S": [H[:3], [1, "整治", "龙源街道"]]},
        "S!D1",
    ),
    "XLS003": (
        {"S": [H[:3], [1, None, "龙源街道"]]},
        {"S": [H[:3], [1, "整治", "龙源街道"]]},
        "S!2",
    ),
    "XLS004": (
        {"S": [H[:3], [1, "整治", "龙源区"]]},
        {"S": [H[:3], [1, "整治", "龙源街道"]]},
        "S!C2",
    ),
    "XLS005": (
        {"S": [P[:4], [1, "占道经营", "新华路", "新华社区"]]},
        {"S": [P[:4], [1, "占道经营", "新华路", "新华社区（zc-ly-xh）"]]},
        "S!D2",
    ),
    "XLS006": (
        {"S": [H[:5], [1, "整治", "龙源街道", None, "尽快"]]},
        {"S": [H[:5], [1, "整治", "龙源街道", None, "6月底"]]},
        "S!E2",
    ),
    "XLS007": (
        {"S": [P[:5], [1, "占道经营", "新华路", None, "上半年"]]},
        {"S": [P[:5], [1, "占道经营", "新华路", None, "5月3日"]]},
        "S!E2",
    ),
    "XLS008": ({"S": [H[:3], [1, "整治", "=B1"]]}, {"S": [H[:3], [1, "整治", "龙源街道"]]}, "S!C2"),
    "XLS009": (
        {"S": [H[:4], [1, "整治", "龙源街道", "张三"]]},
        {"S": [H[:4], [1, "整治", "龙源街道", "陈某某"]]},
        "S!D2",
    ),
    "XLS010": (
        {"S": [[*H[:3], "测评标准"], [1, "整治", "龙源街道", "IX-9"]]},
        {"S": [[*H[:3], "测评标准"], [1, "整治", "龙源街道", "III-1-2-1"]]},
        "S!D2",
    ),
    "XLS011": (
        {"S": [[*H[:3], "目标任务"], [1, "整治", "龙源街道", "若干"]]},
        {"S": [[*H[:3], "目标任务"], [1, "整治", "龙源街道", "39条"]]},
        "S!D2",
    ),
    "XLS012": (
        {"S": [H[:3], [1, "整治", "龙源街道"], [2, "整治", "龙源街道"]]},
        {"S": [H[:3], [1, "整治", "龙源街道"], [2, "整治", "浦东街道"]]},
        "S!B3",
    ),
    "XLS013": (
        {"S": [[*H[:3], "是否销号"], [1, "整治", "龙源街道", "是"]]},
        {"S": [[*H[:3], "是否销号"], [1, "整治", "龙源街道", "否"]]},
        "S!D2",
    ),
    "XLS014": (
        {"S": [H[:3], [1, "整治", "#REF!"]]},
        {"S": [H[:3], [1, "整治", "龙源街道"]]},
        "S!C2",
    ),
}


def test_every_xls_rule_has_a_golden_test() -> None:
    assert sorted(CASES) == [r.code for r in civledger.rules() if r.family == "XLS"]


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_is_triggered(code: str, tmp_path: Path) -> None:
    sheets, _, cell = CASES[code]
    result = civledger.import_xlsx(workbook(tmp_path / "bad.xlsx", sheets), into=base_ledger())
    hits = [i for i in result.issues if i.code == code]
    assert [i.location.cell for i in hits] == [cell]
    rule = civledger.Registry(civledger.rules())[code]
    assert hits[0].name == rule.name


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_rule_is_not_triggered_once_put_right(code: str, tmp_path: Path) -> None:
    _, sheets, _ = CASES[code]
    result = civledger.import_xlsx(workbook(tmp_path / "good.xlsx", sheets), into=base_ledger())
    assert result.issues == ()
    assert result.valid


def test_raw_rows_are_reported_by_check_until_removed() -> None:
    import attrs

    from civledger import RawRow

    raw = RawRow(id="R-1", sheet="工作台账", row=7, reason="no title", file="a.xlsx")
    ledger = attrs.evolve(base_ledger(), raw_rows=[raw])
    report = civledger.check(ledger, select=["XLS"], as_of=date(2026, 6, 14))
    assert [str(i) for i in report.issues] == [
        "$.raw_rows[0]: XLS003 row 7 of sheet 工作台账 of a.xlsx was kept raw: no title"
    ]
    assert civledger.check(base_ledger(), select=["XLS"], as_of=date(2026, 6, 14)).issues == ()
