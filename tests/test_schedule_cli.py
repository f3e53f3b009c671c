"""``civledger plan`` and ``civledger calendar``, run in-process."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import icalendar
import pytest

import civledger
from civledger.cli import calendar as calendar_command
from support import CLI

ZHECHENG = str(Path(__file__).resolve().parent.parent / "examples" / "zhecheng.yaml")


# -- plan ----------------------------------------------------------------------------------------


def test_plan_prints_the_default_plan(cli: CLI) -> None:
    result = cli("plan", "--evaluation", "2026-07-20", "--as-of", "2026-06-14", "--lang", "zh")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "倒排工期：测评日 2026-07-20（周一），5 个阶段共 162 天"
    assert lines[3] == "1  全面启动  2026-02-09  2026-02-28    20"
    assert lines[7] == "5  全面迎评  2026-07-01  2026-07-20    20"
    assert lines[-1] == "截至 2026-06-14：集中攻坚阶段，距测评剩余 36 天"
    assert "2026年验收创成年" in lines[-2]


def test_plan_as_json(cli: CLI) -> None:
    result = cli(
        "plan", "--evaluation", "2026-07-20", "--durations", "20d,1m,6w,1m,20d",
        "--as-of", "2026-04-11", "--format", "json",
    )  # fmt: skip
    assert result.code == 0
    doc = result.json()
    assert doc["days_remaining"] == 100
    assert doc["phase"] == "self_check"  # 20 March to 19 April
    assert [p["phase"] for p in doc["phases"]] == [p.value for p in civledger.Phase]
    rectification = doc["phases"][2]
    assert (rectification["start"], rectification["end"], rectification["days"]) == (
        "2026-04-20",  # six weeks back from 1 June
        "2026-05-31",
        42,
    )
    assert doc["cycle"][0] == {"stage": "breakthrough", "label": "攻坚突破年", "year": 2024}


def test_plan_for_some_phases_and_by_proportions(cli: CLI) -> None:
    plan = ["plan", "--evaluation", "2026-07-20", "--format", "json"]
    some = cli(*plan, "--durations", "攻坚=1m,迎评=20天", "--as-of", "2026-08-01").json()
    assert [p["label"] for p in some["phases"]] == ["集中攻坚", "全面迎评"]
    assert (some["phase"], some["days_remaining"]) == (None, -12)
    shared = cli(
        *plan, "--proportions", "1,1,2,1,1", "--start", "2026-03-01", "--as-of", "2026-07-20"
    ).json()
    assert [p["days"] for p in shared["phases"]] == [24, 24, 46, 24, 24]
    assert shared["days_remaining"] == 0
    text = cli("plan", "--evaluation", "2026-07-20", "--as-of", "2026-07-20", "--lang", "zh").out
    assert text.splitlines()[-1] == "截至 2026-07-20：全面迎评阶段，今天测评"
    english = cli("plan", "--evaluation", "2026-07-20", "--as-of", "2026-07-20").out
    assert english.splitlines()[-1] == "As of 2026-07-20: evaluation phase, the evaluation is today"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--durations", "0d,1m,1m,1m,1m"], "cannot read '0d' as a duration"),
        (["--durations", "1m,1m"], "give 5 durations"),
        (["--proportions", "1,1,1,1,1"], "--proportions and --start go together"),
        (["--start", "2026-03-01"], "--proportions and --start go together"),
        (["--durations", "1m", "--proportions", "1"], "not allowed with argument"),
        (["--as-of", "2026-13-01"], "names no day"),
    ],
)
def test_plan_refuses_bad_arguments(cli: CLI, argv: list[str], message: str) -> None:
    result = cli("plan", "--evaluation", "2026-07-20", *argv)
    assert result.code == 2
    assert message in result.err
    assert result.out == ""


# -- calendar ------------------------------------------------------------------------------------


def test_calendar_prints_a_table(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # wide enough that no column wraps
    result = cli("calendar", ZHECHENG, "--from", "2026-06-08", "--to", "2026-06-14", "--lang", "zh")
    assert result.code == 0
    lines = result.out.splitlines()
    assert (
        lines[0]
        == "柘城县创建全国文明城市督查日历：2026-06-08 至 2026-06-14（Asia/Shanghai），7 项"
    )
    # Zhecheng's rhythm: dispatch on Fridays, inspections at the start of each 旬, 08:30;
    # and the leaders' own: 张某 on Mondays at 17:00 (S-04), 赵某某 on Wednesdays at 16:00
    # (S-01) and at the end of each 旬 (S-02), 周某某's key project on Thursdays (S-05).
    assert [line.rstrip() for line in lines[3:]] == [
        "2026-06-08  周一  17:00-18:00  周调度    张某：周调度                  "
        "主持：张某；参加：许某、邓某；覆盖：龙源街道",
        "2026-06-10  周三  09:00-11:00  旬检查    赵某某：6月上旬检查           "
        "主持：赵某某；参加：蒋某；覆盖：长江新城街道",
        "2026-06-10  周三  16:00-17:00  周调度    赵某某包挂长江新城街道周调度  "
        "主持：赵某某；参加：袁某某、蒋某；覆盖：长江新城街道",
        "2026-06-11  周四  08:30-10:30  旬检查    6月中旬检查",
        "2026-06-11  周四  10:00-11:30  周调度    城区主干道提升改造工程周调度  "
        "主持：周某某；参加：冯某某、唐某、郑某",
        "2026-06-12  周五  08:30-10:30  周调度    周调度",
        "2026-06-12  周五  08:30-10:30  模拟测评  模拟测评",
    ]


def test_calendar_of_one_leader_flags_days_off(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # wide enough that no column wraps
    result = cli(
        "calendar", ZHECHENG, "--from", "2026-06-15", "--to", "2026-06-30", "--who", "赵某某",
        "--off-days",
    )  # fmt: skip
    assert result.code == 0
    lines = [line.rstrip() for line in result.out.splitlines()]
    assert lines[0].endswith("5 events; 1 on a day off")
    # 赵某某's Wednesdays (S-01), the end of each 旬 (S-02) and the month's review (S-03):
    # the 20th is a Saturday in the Dragon Boat Festival (6-19 to 6-21).
    assert [line[:10] for line in lines[3:]] == [
        "2026-06-17", "2026-06-20", "2026-06-24", "2026-06-30", "2026-06-30",
    ]  # fmt: skip
    assert lines[4].endswith("Dragon Boat Festival")
    doc = cli(
        "calendar", ZHECHENG, "--from", "2026-06-27", "--to", "2026-06-28", "--who", "sq-wmb",
        "--off-days", "--format", "json",
    ).json()  # fmt: skip
    assert [(e["schedule"], e["unit"], e["off_day"]) for e in doc["events"]] == [
        ("S-06", "sq-wmb", "Sunday")
    ]


def test_calendar_says_which_years_the_holiday_table_does_not_cover(cli: CLI) -> None:
    result = cli("calendar", ZHECHENG, "--from", "2027-01-01", "--to", "2027-01-04", "--off-days")
    assert result.code == 0
    assert result.err == (
        "the holiday table does not cover 2027: its days off are its weekends alone "
        "(give --holidays FILE)\n"
    )


def test_calendar_defaults_run_from_as_of_to_the_evaluation(cli: CLI) -> None:
    doc = cli("calendar", ZHECHENG, "--format", "json", "--lang", "zh").json()
    assert (doc["from"], doc["to"], doc["timezone"]) == (
        "2026-06-14",
        "2026-07-20",
        "Asia/Shanghai",
    )
    starts = [e["start"] for e in doc["events"]]
    assert starts == sorted(starts)
    assert all(s.endswith("+08:00") for s in starts)
    assert {e["kind"] for e in doc["events"]} == {
        "weekly_dispatch", "ten_day", "monthly_review", "monthly_exam", "mock_assessment",
    }  # fmt: skip
    assert [e["title"] for e in doc["events"] if e["kind"] == "mock_assessment"] == ["模拟测评"]


def test_calendar_writes_an_ics_file_atomically(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    real = calendar_command.atomic_write

    def spy(path: str, data: bytes) -> None:
        written.append(str(path))
        real(path, data)

    monkeypatch.setattr(calendar_command, "atomic_write", spy)
    target = tmp_path / "督查日历.ics"
    target.write_text("old", encoding="utf-8")
    result = cli(
        "calendar", ZHECHENG, "--from", "2026-06-15", "--to", "2026-07-20", "--ics", str(target),
        "--lang", "zh",
    )  # fmt: skip
    assert result.code == 0
    assert written == [str(target)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["督查日历.ics"]  # no temporary file left
    # From 15 June to 20 July, the campaign's rhythm: Fridays 19, 26 June, 3, 10, 17 July
    # (5); the 21st, 1st and 11th (3); the review on 30 June; the mock assessment on 8 July
    # (the exam is the city's). The schedules: 赵某某's Wednesdays (5), ends of 旬 20 June,
    # 30 June, 10 and 20 July (4) and review (1); 张某's Mondays 15 June to 20 July (6);
    # 周某某's Thursdays (5); the city's exam on 28 June (1): 10 + 22 = 32.
    assert result.err == f"已写入 {target}：2026-06-15 至 2026-07-20 共 32 项\n"
    assert result.out == ""
    parsed = icalendar.Calendar.from_ical(target.read_bytes())
    events = parsed.walk("VEVENT")
    assert len(events) == 32
    first = events[0]
    assert str(first["SUMMARY"]) == "张某：周调度"
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert first["DTSTART"].dt.replace(tzinfo=None) == datetime(2026, 6, 15, 17, 0)
    assert "主持：张某" in str(first["DESCRIPTION"])


def test_calendar_refuses_bad_ranges(cli: CLI, tmp_path: Path) -> None:
    result = cli("calendar", ZHECHENG, "--from", "2026-07-01", "--to", "2026-06-01")
    assert result.code == 2
    assert result.err == "civledger: the calendar ends (2026-06-01) before it starts (2026-07-01)\n"
    bare = tmp_path / "bare.yaml"
    bare.write_text(
        "civledger: 1\ncampaign: {id: c, name: 试点, as_of: 2026-06-01}\n", encoding="utf-8"
    )
    result = cli("calendar", str(bare))
    assert result.code == 2
    assert "has no evaluation date: give --to" in result.err
    ok = cli("calendar", str(bare), "--to", "2026-06-01")
    assert ok.code == 0
    assert ok.out.splitlines()[-1].split() == [
        "2026-06-01", "Mon", "09:00-11:00", "weekly", "dispatch", "weekly", "dispatch",
    ]  # fmt: skip


def test_calendar_of_an_unreadable_file_exits_2(cli: CLI, tmp_path: Path) -> None:
    result = cli("calendar", str(tmp_path / "missing.yaml"), "--to", "2026-06-01")
    assert result.code == 2
    assert result.err.startswith("civledger: ")


def test_the_commands_are_listed_in_help(cli: CLI) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "plan the five phases back from the evaluation date" in result.out
    assert "the supervision calendar" in result.out
