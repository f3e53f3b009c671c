"""Rankings as offices publish them (issue 15): shared places, praise and criticism by setting.

Six streets of a county sit a May exam (月考) with scores chosen by hand so that places
tie at the top, in the middle and at the bottom:

    甲 95, 乙 95, 丙 90, 丁 88, 戊 80, 己 80
    -> places 1, 1, 3, 4, 5, 5 (from the bottom: 5, 5, 4, 3, 1, 1)
"""

from __future__ import annotations

from datetime import date

import pytest

import civledger
from civledger import Campaign, Inspection, InspectionKind, Ledger, Level, RankingPolicy, UnitScore
from civledger.i18n import use_language
from civledger.testing import LedgerBuilder
from support import CLI

MAY_31 = date(2026, 5, 31)
SCORES = {"a": 95.0, "b": 95.0, "c": 90.0, "d": 88.0, "e": 80.0, "f": 80.0}
NAMES = dict(zip(SCORES, "甲乙丙丁戊己", strict=True))


def county(*policies: RankingPolicy) -> Ledger:
    b = LedgerBuilder(campaign=Campaign(id="t", name="测试", as_of=MAY_31, rankings=list(policies)))
    b.unit("zc", "县", level="county")
    for key, name in NAMES.items():
        b.unit(key, f"{name}街道", parent="zc")
    b.unit("a-1", "甲社区", level="community", parent="a")
    b.add(
        "inspections",
        Inspection(
            id="X-05",
            kind=InspectionKind.MONTHLY_EXAM,
            on=date(2026, 5, 28),
            scores=[UnitScore(unit=key, score=score) for key, score in SCORES.items()],
        ),
    )
    return b.build()


def outcomes(ledger: Ledger, **options: int) -> list[tuple[int | None, str, str]]:
    rows = civledger.ranking_report(ledger, period="2026-05", **options).to_rows()
    return [(r["rank"], str(r["unit"]), str(r["outcome"])) for r in rows]


def test_ties_share_a_place_and_the_next_place_is_skipped() -> None:
    assert [rank for rank, _, _ in outcomes(county())] == [1, 1, 3, 4, 5, 5]


@pytest.mark.usefixtures("chinese")
def test_a_tie_is_never_split_between_an_outcome_and_none() -> None:
    # The first place is shared by 甲 and 乙: commending 1 place commends both; the last
    # place is shared by 戊 and 己: criticising 1 place criticises both.
    assert outcomes(county(), top=1, bottom=1) == [
        (1, "a", "通报表扬"),
        (1, "b", "通报表扬"),
        (3, "c", ""),
        (4, "d", ""),
        (5, "e", "通报批评"),
        (5, "f", "通报批评"),
    ]
    # Two places: still 甲 and 乙 only, as no unit holds the second place.
    assert [o for _, _, o in outcomes(county(), top=2)].count("通报表扬") == 2


def test_top_zero_commends_nobody_and_the_notice_says_so() -> None:
    table = civledger.ranking_report(county(), period="2026-05", top=0, bottom=0)
    assert {r["outcome"] for r in table.to_rows()} == {""}
    assert "Nobody is commended (通报表扬)." in table.notes
    assert "Nobody is criticised (通报批评)." in table.notes
    with use_language("zh"):
        notes = civledger.ranking_report(county(), period="2026-05", top=0).notes
    assert "不通报表扬。" in notes
    assert "不通报批评。" in notes


@pytest.mark.usefixtures("chinese")
def test_nobody_is_both_commended_and_criticised() -> None:
    # Asking for 10 of each with 6 units would name every unit twice: the commended are
    # spared criticism, and the notice says who was.
    table = civledger.ranking_report(county(), period="2026-05", top=10, bottom=10)
    assert {r["outcome"] for r in table.to_rows()} == {"通报表扬"}
    assert table.notes[5] == (
        "甲街道、乙街道、丙街道、丁街道、戊街道、己街道同时在批评之列，但已获表扬的单位不再批评。"
    )
    # Overlapping in part: the first 5 places commended, the last 2 criticised -> 丁 (4th,
    # 3rd from the bottom) is only commended; 戊 and 己 (5th, tied) are commended too.
    rows = outcomes(county(), top=4, bottom=3)
    assert [o for _, _, o in rows] == ["通报表扬"] * 4 + ["通报批评"] * 2


@pytest.mark.usefixtures("chinese")
def test_settings_per_level_from_the_ledger() -> None:
    ledger = county(
        RankingPolicy(level=Level.STREET, commend=1, criticise_below=85, reward="流动红旗"),
        RankingPolicy(level=Level.COMMUNITY, commend=0),
    )
    table = civledger.ranking_report(ledger, period="2026-05")
    assert [(u, o) for _, u, o in outcomes(ledger)] == [
        ("a", "通报表扬"),
        ("b", "通报表扬"),
        ("c", ""),
        ("d", ""),
        ("e", "通报批评"),
        ("f", "通报批评"),
    ]
    with use_language("zh"):
        notes = civledger.ranking_report(ledger, period="2026-05").notes
    assert notes[3:6] == (
        "前 1 名通报表扬：甲街道、乙街道。",
        "得分低于 85 分的通报批评：戊街道、己街道。",
        "通报依据：台账中本层级的排名通报设置。奖励：流动红旗。",
    )
    assert table.notes[3] == "前 1 名通报表扬：甲街道、乙街道。"
    # The community level has its own setting: nobody commended (its one community has no
    # exam score and no work, so nobody is ranked anyway).
    communities = civledger.ranking_report(ledger, period="2026-05", level="community")
    assert "不通报表扬。" in communities.notes


@pytest.mark.usefixtures("chinese")
def test_criticise_the_last_places_only_below_a_score() -> None:
    ledger = county(RankingPolicy(level=Level.STREET, commend=0, criticise=3, criticise_below=85))
    # The last 3 places from the bottom: 戊, 己 (1st), 丁 (3rd); of them only those under 85.
    assert [u for _, u, o in outcomes(ledger) if o == "通报批评"] == ["e", "f"]
    # The options replace the numbers, the score still applies: the last 4 places below 85.
    assert [u for _, u, o in outcomes(ledger, bottom=4) if o == "通报批评"] == ["e", "f"]


@pytest.mark.usefixtures("chinese")
def test_commend_only_from_a_score() -> None:
    ledger = county(RankingPolicy(level=Level.STREET, commend=3, commend_from=92))
    assert [u for _, u, o in outcomes(ledger) if o == "通报表扬"] == ["a", "b"]


@pytest.mark.usefixtures("chinese")
def test_nobody_is_criticised_by_default() -> None:
    # The case: the old defaults criticised the second half of four streets, one
    # of them at 90 points with every task signed off. Criticism is a setting now.
    assert all(o == "通报表扬" for _, _, o in outcomes(county()))


@pytest.mark.usefixtures("chinese")
def test_units_without_work_are_listed_apart_not_ranked() -> None:
    b = LedgerBuilder(campaign=Campaign(id="t", name="测试", as_of=MAY_31))
    b.unit("zc", "县", level="county")
    for key in ("a", "b", "c"):
        b.unit(key, f"{NAMES[key]}街道", parent="zc")
    b.task("T-a", lead="a", due="2026-05-20")  # open in May
    b.entry("T-a", "assign", at="2026-04-01T09:00")
    b.task("T-b", lead="b", due="2026-04-20")  # signed off in April: no work in May
    b.entry("T-b", "assign", at="2026-04-01T09:00")
    b.entry("T-b", "report", at="2026-04-10T09:00")
    b.entry("T-b", "sign_off", at="2026-04-11T09:00")
    table = civledger.ranking_report(b.build(), period="2026-05")
    # 甲: 0 of 1 signed off, 1 overdue: 40 + 0 − 5 = 35. 乙's only task closed in April and
    # 丙 has none: neither ranked (both would score 100 on a rate of 1 and be commended).
    assert [(r["rank"], r["unit"], r["score"], r["source"]) for r in table.to_rows()] == [
        (1, "a", 35.0, "台账测算"),
        (None, "b", None, "本期无工作"),
        (None, "c", None, "本期无工作"),
    ]
    # In April 乙's task was worked: 乙 is ranked then (40 + 60 = 100), 丙 still not.
    april = civledger.ranking_report(b.build(), period="2026-04", as_of=MAY_31).to_rows()
    assert [(r["rank"], r["unit"]) for r in april] == [(1, "b"), (2, "a"), (None, "c")]


@pytest.mark.usefixtures("chinese")
def test_the_example_ledger_publishes_as_its_settings_say() -> None:
    ledger = civledger.load("examples/zhecheng.yaml")
    # Streets: commend 1, criticise below 85 (May: 龙源 94 … 城关镇 88.5: nobody below).
    assert [(r["name"], r["outcome"]) for r in ledger_rows(ledger, "street")] == [
        ("龙源街道", "通报表扬"),
        ("长江新城街道", ""),
        ("浦东街道", ""),
        ("城关镇", ""),
    ]
    # Communities: commend 3; criticise the last 2 places below 88.5 — 北关村 (87.5) is
    # last, 南园社区 and 西关村 share the next place (88): all three are criticised.
    rows = ledger_rows(ledger, "community")
    assert [r["name"] for r in rows if r["outcome"] == "通报表扬"] == [
        "新华社区",
        "金桥社区",
        "凯旋社区",
    ]
    assert [(r["rank"], r["name"]) for r in rows if r["outcome"] == "通报批评"] == [
        (8, "南园社区"),
        (8, "西关村"),
        (10, "北关村"),
    ]


def ledger_rows(ledger: Ledger, level: str) -> list[dict[str, object]]:
    return civledger.ranking_report(ledger, period="2026-05", level=level).to_rows()


def test_top_zero_from_the_command_line(cli: CLI) -> None:
    result = cli("report", "ranking", "examples/zhecheng.yaml", "--period", "2026-05", "--top", "0")
    assert result.code == 0
    table = result.out.split("\nScores")[0]
    assert "通报表扬" not in table.splitlines()[-1]
    assert "通报表扬" not in table.splitlines()[3]
    assert "Nobody is commended (通报表扬)." in result.out


def test_an_external_body_is_never_ranked() -> None:
    ledger = civledger.load("examples/zhecheng.yaml")
    rows = civledger.ranking_report(ledger, level="department").to_rows()
    assert "sq-wmb" not in [r["unit"] for r in rows]
    assert "sq-wmb" not in [
        r["unit"] for r in civledger.progress_report(ledger, level="部门").to_rows()
    ]
