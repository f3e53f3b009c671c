"""Write examples/zhecheng-ledger.xlsx: a county office's Excel ledger, as offices keep them.

    python examples/make_workbook.py [OUT.xlsx]

The workbook is what the 柘城县 campaign office might send back a week after
civledger exported its ledger: the 台账编号 column kept for the rows it already
had, new rows added without one, a deadline moved, and the messiness of real
sheets — a title and notes above a two-row header, a merged 测评项目, a section
heading, a blank row, a 合计 row with a formula, full-width digits and stray
spaces, dates as Excel dates and as text, a unit name with a typo, a problem
row without a description, and a sheet of instructions. Its units and people
are those of examples/zhecheng.yaml; everything in it is fictitious.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).with_name("zhecheng-ledger.xlsx")

TASK_HEADER = [
    [
        "台账编号",
        "序号",
        "测评项目",
        "工作任务",
        "测评标准",
        "责任单位",
        None,
        "责任人",
        "完成时限",
        "进展情况",
        "是否销号",
        "备注",
    ],
    [None, None, None, None, None, "牵头单位", "配合单位"],
]
TASKS = [
    ["一、集中攻坚（6月1日—6月30日）"],
    [
        "T-033",
        1,
        "市容环境",
        "主次干道占道经营“清零”行动",
        "主次干道路面平整、无占道经营、无店外经营",
        "县城管局",
        "龙源街道、长江新城街道、浦东街道、城关镇",
        "谢某",
        "6月20日前",
        "80%",
        "否",
        None,
    ],
    [
        "T-034",
        2,
        None,
        "老旧小区改造",
        "老旧小区改造和物业管理全覆盖",
        "县住建局",
        "龙源办事处、长江新城办事处、浦东办事处",
        "唐某",
        "7月10日前",
        "已完成9个",
        "否",
        "3个小区雨污分流施工，顺延至7月10日",
    ],
    [
        "T-035",
        3,
        None,
        "生活垃圾分类和道路机械化清扫率达到100%",
        "wmcs-2025:III-2-3-2\nwscs:3.1",
        "县城管局",
        None,
        "郑某",
        "6月底前",
        "96%",
        "否",
        None,
    ],
    [
        None,
        4,
        None,
        "东关街夜市油烟整治",
        "餐饮单位明厨亮灶、油烟净化达标排放",
        "市生态环境局柘城分局",
        "东关社区、县市场监管局",
        "白某某",
        "６月２５日前",
        None,
        "否",
        "12345工单集中反映",
    ],
    [
        None,
        5,
        None,
        "　西关小学周边流动摊贩清理 ",
        "学校周边200米内无网吧、无营业性娱乐场所、无流动摊贩",
        "城关镇人民政府",
        "县市场监管局、县公安局",
        "杜某",
        datetime(2026, 6, 28),
        "已清理3处",
        "否",
        None,
    ],
    [
        None,
        6,
        None,
        "城区公厕夜间照明改造",
        "公共厕所数量充足、布局合理、设施完好",
        "县城官局",
        None,
        "谢某",
        "7月中旬",
        None,
        "否",
        None,
    ],
    [],
    ["合计", None, None, None, None, None, None, None, None, None, None, "=COUNTA(D5:D10)"],
    ["注：完成时限以县创城办最新调度为准；进展情况每周五前更新。"],
]
PROBLEMS = [
    ["柘城县创建全国文明城市问题清单（6月中旬）"],
    [
        "序号",
        "问题描述",
        "点位",
        "地点",
        "所属网格",
        "发现时间",
        "问题来源",
        "责任单位",
        "整改时限",
        "整改情况",
        "备注",
    ],
    [
        1,
        "人行道机动车乱停放",
        "主次干道",
        "凯旋路与长江路交叉口",
        "凯旋社区第1网格",
        datetime(2026, 6, 12),
        "模拟测评",
        "县公安局",
        "限3日内整改",
        None,
        None,
    ],
    [
        2,
        "背街小巷暴露垃圾",
        "背街小巷",
        "东门小巷",
        "新华社区第2网格",
        "2026年6月12日",
        "暗访",
        "龙源办事处 ",
        "6月18日前",
        "已清运",
        None,
    ],
    [
        3,
        "农贸市场活禽未隔离宰杀",
        "农贸市场",
        "南关农贸市场",
        "南园社区第1网格",
        "6月13日",
        "督查",
        "县市场监管局",
        "6月20日前",
        None,
        "复查时一并核实公平秤",
    ],
    [
        4,
        None,
        "公共厕所",
        "人民公园东门公厕",
        "华园社区第2网格",
        "6月13日",
        "督查",
        "县城管局",
        "6月16日前",
        None,
        None,
    ],
]
NOTES = [
    ["填表说明"],
    ["1. 已有台账编号的行请勿修改编号；新增任务编号留空，由县创城办统一导入。"],
    ["2. 完成时限写具体日期或“6月30日前”“长期坚持”等。"],
]


def build(path: Path = OUT) -> Path:
    """Write the workbook to ``path`` and return it."""
    book = openpyxl.Workbook()
    tasks = book.active
    tasks.title = "工作台账"
    tasks.append(["柘城县创建全国文明城市工作台账"])
    tasks.append(["填报单位：县创城办（盖章）　　　填报时间：2026年6月14日"])
    for row in (*TASK_HEADER, *TASKS):
        tasks.append(row)
    for ref in ("A1:L1", "A2:L2", "F3:G3", "A5:L5", "C6:C11", "A14:L14"):
        tasks.merge_cells(ref)
    for col in "ABCDEHIJKL":
        tasks.merge_cells(f"{col}3:{col}4")
    tasks["A1"].font = Font(bold=True, size=16)
    tasks["A1"].alignment = Alignment(horizontal="center")
    for cell in (*tasks[3], *tasks[4]):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    tasks.freeze_panes = "A5"
    problems = book.create_sheet("问题清单")
    for row in PROBLEMS:
        problems.append(row)
    problems.merge_cells("A1:K1")
    notes = book.create_sheet("填表说明")
    for row in NOTES:
        notes.append(row)
    book.properties.creator = "柘城县创城办"
    book.properties.created = book.properties.modified = datetime(2026, 6, 14, 17, 30)
    book.save(path)
    return path


if __name__ == "__main__":
    target = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"wrote {target}")
