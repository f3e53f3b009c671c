"""Names as offices write them in spreadsheets (issue 13), each on a workbook written here.

Collective names with the office suffix (各街道办事处, 各社区居委会, 各委办局) stand for
their members; a generic committee name (社区居委会) is the one of the row's territory, or
is ambiguous with the candidates; codes written with Roman numerals (Ⅲ-12, ⅳ), full-width
digits and stray spaces match the framework's codes; a row imported with an error gets an
id that names its sheet and row.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import civledger
from civledger import Ledger
from civledger.testing import LedgerBuilder
from xlsx_support import base_ledger, found, workbook

STREETS = ["zc-ly", "zc-pd", "zc-cgz"]
COMMUNITIES = ["zc-ly-xh", "zc-pd-dg", "zc-pd-xh"]
DEPARTMENTS = ["zc-wmb", "zc-cg", "zc-scjg"]


def _import(tmp_path: Path, rows: list[list[object]], into: Ledger | None = None) -> object:
    book = workbook(tmp_path / "台账.xlsx", {"工作台账": rows})
    return civledger.import_xlsx(book, into=into or base_ledger())


# -- collective names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "members"),
    [
        ("各街道办事处", STREETS),
        ("各街道（镇）办事处", STREETS),
        ("各乡镇人民政府", ["zc-cgz"]),
        ("各社区居委会", COMMUNITIES),
        ("各社区居民委员会", COMMUNITIES),
        ("各居委会", COMMUNITIES),
        ("各委办局", DEPARTMENTS),
        ("各部门", DEPARTMENTS),
        ("各街道", STREETS),  # as before
    ],
)
def test_a_collective_name_with_the_office_suffix_stands_for_its_members(
    tmp_path: Path, written: str, members: list[str]
) -> None:
    result = _import(
        tmp_path,
        [["工作任务", "牵头单位", "配合单位"], ["背街小巷环境整治", "县文明办", written]],
    )
    assert found(result.issues) == []  # type: ignore[attr-defined]
    task = result.tasks[0]  # type: ignore[attr-defined]
    assert list(task.cooperating) == [m for m in members if m != "zc-wmb"]


# -- a generic committee name ---------------------------------------------------------------------

PROBLEMS = ["问题描述", "地点", "所属网格", "责任单位"]


def test_a_generic_committee_name_is_the_one_of_the_rows_territory(tmp_path: Path) -> None:
    result = _import(
        tmp_path,
        [
            PROBLEMS,
            ["占道经营", "新华路", "新华社区第1网格", "社区居委会"],  # the grid's community
            ["暴露垃圾", "东关街", "东关社区", "居委会"],  # the community itself
            ["乱贴小广告", "人民路", "龙源街道", "社区"],  # the street's only community
            ["路灯不亮", "人民路", "新华社区第1网格", "街道办事处"],  # the street above
        ],
    )
    assert found(result.issues) == []  # type: ignore[attr-defined]
    leads = [t.lead for t in result.tasks]  # type: ignore[attr-defined]
    assert leads == ["zc-ly-xh", "zc-pd-dg", "zc-ly-xh", "zc-ly"]


def test_a_generic_committee_name_the_territory_does_not_settle_is_ambiguous(
    tmp_path: Path,
) -> None:
    result = _import(
        tmp_path,
        [
            PROBLEMS,
            ["暴露垃圾", "东关街", "浦东街道", "社区居委会"],  # two communities in 浦东街道
            ["占道经营", "新华路", None, "社区居委会"],  # no territory at all
        ],
    )
    assert found(result.issues) == [  # type: ignore[attr-defined]
        (
            "XLS005",
            "工作台账!D2",
            "责任单位: '社区居委会' could be 东关社区（zc-pd-dg） or 新华社区（zc-pd-xh）",
        ),
        (
            "XLS005",
            "工作台账!D3",
            "责任单位: '社区居委会' could be 新华社区（zc-ly-xh） or 东关社区（zc-pd-dg） or "
            "新华社区（zc-pd-xh）",
        ),
    ]
    assert [t.lead for t in result.tasks] == [None, None]  # type: ignore[attr-defined]


def test_a_unit_really_named_like_a_committee_is_that_unit(tmp_path: Path) -> None:
    b = LedgerBuilder()
    b.unit("zc", "柘城县", level="county")
    b.unit("zc-jwh", "社区居委会", level="department", parent="zc")
    b.unit("zc-ly", "龙源街道", parent="zc")
    b.unit("zc-ly-xh", "新华社区", level="community", parent="zc-ly")
    result = _import(tmp_path, [["工作任务", "牵头单位"], ["整治", "社区居委会"]], into=b.build())
    assert result.tasks[0].lead == "zc-jwh"  # type: ignore[attr-defined]


# -- standard codes as offices type them ----------------------------------------------------------


TITLES = {"III": "城市环境", "III-12": "背街小巷", "IV": "公共秩序", "IV-3": "交通秩序"}


def _framework_ledger() -> Ledger:
    b = LedgerBuilder()
    b.unit("zc", "柘城县", level="county")
    b.framework("wmcs", ("III", None), ("III-12", "III"), ("IV", None), ("IV-3", "IV"))
    ledger = b.build()
    # Titles of their own: a cell matches by its code, not by a title that repeats it.
    framework = ledger.frameworks[0]
    nodes = [attrs.evolve(n, title=TITLES[n.code]) for n in framework.nodes]
    return attrs.evolve(ledger, frameworks=[attrs.evolve(framework, nodes=nodes)])


@pytest.mark.parametrize(
    ("written", "refs"),
    [
        ("Ⅲ-12", ["III-12"]),  # U+2162 ROMAN NUMERAL THREE
        ("ⅲ-12", ["III-12"]),  # the small one, U+2172
        ("ⅳ", ["IV"]),
        ("Ⅳ－３", ["IV-3"]),  # full-width hyphen and digit
        ("III－１２", ["III-12"]),
        (" III - 12 ", ["III-12"]),
        ("III -12", ["III-12"]),
        ("wmcs : Ⅲ-12", ["wmcs:III-12"]),
        ("Ⅲ-12\nⅣ-3", ["III-12", "IV-3"]),
        ("iii-12", ["III-12"]),
        ("III-12", ["III-12"]),  # as before
    ],
)
def test_codes_with_roman_numerals_full_width_digits_and_spaces_match(
    tmp_path: Path, written: str, refs: list[str]
) -> None:
    result = _import(
        tmp_path,
        [["工作任务", "牵头单位", "测评标准"], ["背街小巷环境整治", "柘城县", written]],
        into=_framework_ledger(),
    )
    assert found(result.issues) == []  # type: ignore[attr-defined]
    assert list(result.tasks[0].standards) == refs  # type: ignore[attr-defined]
    assert civledger.check(result.ledger, select=["LDG"]).valid  # type: ignore[attr-defined]


def test_a_code_no_framework_has_is_still_unknown(tmp_path: Path) -> None:
    result = _import(
        tmp_path,
        [["工作任务", "牵头单位", "测评标准"], ["背街小巷环境整治", "柘城县", "Ⅴ-1"]],
        into=_framework_ledger(),
    )
    assert [i.code for i in result.issues] == ["XLS010"]  # type: ignore[attr-defined]


# -- ids of rows imported with errors -------------------------------------------------------------


def test_a_row_imported_with_an_error_gets_an_id_naming_its_sheet_and_row(tmp_path: Path) -> None:
    book = workbook(
        tmp_path / "台账.xlsx",
        {
            "工作台账": [
                ["工作任务", "牵头单位", "完成时限"],
                ["背街小巷环境整治", "龙源街道", "6月30日前"],
                ["主次干道整治", "ＸＸ局", "6月30日前"],  # an unknown unit
                ["农贸市场整治", "浦东街道", "6/7"],  # a deadline that cannot be read
            ],
            "问题 清单": [
                ["问题描述", "地点", "所属网格", "责任单位", "发现时间"],
                ["暴露垃圾", "东关街", "新华社区", "浦东街道", "2026-06-01"],  # ambiguous
            ],
        },
    )
    result = civledger.import_xlsx(book, into=base_ledger())
    ids = [t.id for t in result.tasks]
    assert ids[0].startswith("T-")
    assert "工作台账" not in ids[0]  # read cleanly: an id of what it says
    assert ids[1:] == ["T-工作台账-3", "T-工作台账-4", "P-问题清单-2"]
    cells = {i.location.cell for i in result.issues if i.severity.value == "error"}
    assert cells == {"工作台账!B3", "工作台账!C4", "问题 清单!C2"}
    again = civledger.import_xlsx(book, into=result.ledger)
    assert again.added == ()
    assert set(again.unchanged) == set(ids)
