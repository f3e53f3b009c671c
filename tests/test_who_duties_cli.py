"""``civledger who`` and ``civledger duties``: text for people, JSON for programs, exit codes."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path

import attrs
import pytest

import civledger
from civledger.testing import small_ledger
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "zhecheng.yaml")


def console_runs(*pages: str) -> list[tuple[str, str, list[str]]]:
    """Each ``$ civledger who|duties …`` line of the console blocks of the pages, with the
    lines printed after it."""
    found = []
    for page in pages:
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        for block in re.findall(r"```console\n(.*?)```", text, re.S):
            lines = block.splitlines()
            for i, line in enumerate(lines):
                if re.match(r"\$ civledger (who|duties) (?!--help)", line):
                    shown = []
                    for after in lines[i + 1 :]:
                        if after.startswith("$ "):
                            break
                        shown.append(after)
                    found.append((page, line[2:], shown))
    return found


@pytest.fixture
def small(tmp_path: Path) -> str:
    ledger = small_ledger()
    more = [
        *ledger.tasks,
        civledger.Task(id="T-002", title="无人牵头"),
        civledger.Task(id="T-003", title="长期坚持的任务", lead="zc-cg", ongoing=True),
    ]
    path = tmp_path / "ledger.yaml"
    civledger.dump(attrs.evolve(ledger, tasks=more), path)
    return str(path)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def columns(table: list[str]) -> list[list[str]]:
    """The cells of an aligned table (header, dashes, rows), checking that every cell starts
    at the display column of its header, CJK characters counting two columns."""
    dashes = table[1]
    starts = [i for i, c in enumerate(dashes) if c == "-" and (i == 0 or dashes[i - 1] == " ")]
    rows = []
    for line in [table[0], *table[2:]]:
        at: dict[int, str] = {}
        col = 0
        for char in line:
            at[col] = char
            col += width(char)
        row = []
        for start, end in zip(starts, [*starts[1:], col + 1], strict=True):
            text = "".join(at[c] for c in sorted(at) if start <= c < end).strip()
            assert at.get(start - 1, " ") == " ", (line, start)  # nothing straddles the edge
            assert at.get(start, " ") != " " or not text, (line, start)  # flush left
            row.append(text)
        rows.append(row)
    return rows


# -- who ------------------------------------------------------------------------------------------


def test_who_prints_the_chain_as_an_aligned_table(cli: CLI, small: str) -> None:
    result = cli("who", "P-001", small, "--as-of", "2026-05-01", "--lang", "zh")
    assert result.code == 0
    assert result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "P-001 占道经营（问题）于 2026-05-01 的责任链："
    assert columns(lines[1:]) == [
        ["#", "单位", "岗位", "姓名", "身份"],
        ["1", "新华社区第一网格", "网格员", "李某 (p-li)", "属地"],
        ["2", "新华社区", "第一责任人", "孙某 (p-sun)", "属地"],
        ["3", "龙源街道", "第一责任人", "钱某 (p-qian)", "属地"],
        ["4", "龙源街道", "包挂领导", "吴某 (p-wu)", "包挂"],
        ["5", "柘城县", "第一责任人", "赵某 (p-zhao)", "属地"],
        ["6", "县城管局", "第一责任人", "周某 (p-zhou)", "牵头"],
    ]


def test_who_shows_a_vacant_post(cli: CLI, small: str) -> None:
    # before anyone was appointed (all appointments start on 2026-01-01)
    out = cli("who", "T-001", small, "--as-of", "2025-12-31", "--lang", "zh").out
    assert columns(out.splitlines()[1:])[1:] == [
        ["1", "龙源街道", "第一责任人", "（空缺）", "牵头"],
        ["2", "柘城县", "第一责任人", "（空缺）", "属地"],
    ]


def test_who_says_when_nobody_answers(cli: CLI, small: str) -> None:
    result = cli("who", "T-002", small, "--as-of", "2026-05-01", "--lang", "zh")
    assert result.code == 0
    assert result.out.splitlines() == [
        "T-002 无人牵头（任务）于 2026-05-01 的责任链：",
        "（无人负责）",
    ]


def test_who_json(cli: CLI, small: str) -> None:
    result = cli("who", "T-001", small, "--as-of", "2026-05-01", "--format", "json")
    assert result.code == 0
    doc = result.json()
    assert doc["task"] == "T-001"
    assert doc["title"] == "背街小巷环境整治"
    assert doc["as_of"] == "2026-05-01"
    assert doc["chain"] == [
        {
            "unit": "zc-ly",
            "unit_name": "龙源街道",
            "place": None,
            "place_name": None,
            "group": None,
            "group_name": None,
            "post": "first_responsible",
            "post_label": "第一责任人",
            "person": "p-qian",
            "person_name": "钱某",
            "capacity": "lead",
            "capacity_label": "牵头",
            "answers_for": "zc-ly",
        },
        {
            "unit": "zc-ly",
            "unit_name": "龙源街道",
            "place": None,
            "place_name": None,
            "group": None,
            "group_name": None,
            "post": "contract_leader",
            "post_label": "包挂领导",
            "person": "p-wu",
            "person_name": "吴某",
            "capacity": "contract",
            "capacity_label": "包挂",
            "answers_for": "zc-ly",
        },
        {
            "unit": "zc",
            "unit_name": "柘城县",
            "place": None,
            "place_name": None,
            "group": None,
            "group_name": None,
            "post": "first_responsible",
            "post_label": "第一责任人",
            "person": "p-zhao",
            "person_name": "赵某",
            "capacity": "territorial",
            "capacity_label": "属地",
            "answers_for": "zc",
        },
    ]


def test_who_json_of_a_vacancy_and_a_named_responsible(cli: CLI, tmp_path: Path) -> None:
    ledger = small_ledger()
    t001 = attrs.evolve(ledger.tasks[0], responsible="p-li")
    path = tmp_path / "l.json"
    civledger.dump(attrs.evolve(ledger, tasks=[t001, *ledger.tasks[1:]]), path)
    chain = cli("who", "T-001", str(path), "--as-of", "2025-12-31", "--format", "json").json()[
        "chain"
    ]
    assert chain[0]["post"] is None
    assert chain[0]["post_label"] == "责任人"
    assert (chain[0]["person"], chain[0]["capacity"]) == ("p-li", "responsible")
    assert (chain[1]["person"], chain[1]["person_name"]) == (None, None)


def test_who_defaults_to_the_ledgers_date(cli: CLI) -> None:
    out = cli("who", "T-016", EXAMPLE, "--lang", "zh").out
    assert (
        out.splitlines()[0]
        == "T-016 长江新城街道背街小巷整治（10条）（任务）于 2026-06-14 的责任链："
    )
    assert "袁某某 (p-yuan)" in out


def test_who_as_of_a_date_on_the_example(cli: CLI) -> None:
    before = cli("who", "T-016", EXAMPLE, "--as-of", "2026-04-30", "--format", "json").json()
    after = cli("who", "T-016", EXAMPLE, "--as-of", "2026-05-01", "--format", "json").json()
    # the named responsible, 赵某某 as the key project's leader (inherited from T-014), the
    # street's secretary, 赵某某 again as the street's contract leader, the county, then
    # 市容环境组's leader (赵某某) and the command (王某某, 刘某, 周某某).
    assert [r["person"] for r in before["chain"]][:5] == [
        "p-jiang", "p-zhao", "p-cao", "p-zhao", "p-liu",
    ]  # fmt: skip
    assert [r["person"] for r in after["chain"]][:5] == [
        "p-jiang", "p-zhao", "p-yuan", "p-zhao", "p-liu",
    ]  # fmt: skip
    assert [r["unit_name"] for r in after["chain"]][1] == "县住建局"
    assert [(r["group_name"], r["capacity"]) for r in after["chain"]][5] == (
        "市容环境组",
        "supervising",
    )


def test_who_an_unknown_task_exits_2_with_one_line(cli: CLI, small: str) -> None:
    result = cli("who", "T-999", small)
    assert result.code == 2
    assert result.out == ""
    assert result.err == "civledger: the ledger has no tasks entry with id T-999\n"


def test_who_an_unreadable_file_or_a_bad_date_exits_2(cli: CLI, tmp_path: Path, small: str) -> None:
    missing = cli("who", "T-001", str(tmp_path / "none.yaml"))
    assert missing.code == 2
    assert missing.err.startswith("civledger: ")
    assert len(missing.err.splitlines()) == 1
    bad = cli("who", "T-001", small, "--as-of", "2026-13-01")
    assert bad.code == 2
    assert "'2026-13-01' names no day" in bad.err


# -- duties ---------------------------------------------------------------------------------------


def test_duties_of_a_unit_as_text(cli: CLI, small: str) -> None:
    result = cli("duties", "zc-cg", small, "--as-of", "2026-05-01", "--lang", "zh")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "县城管局 (zc-cg) 于 2026-05-01 负责的任务：3 项（3 条职责）"
    assert columns(lines[1:]) == [
        ["任务", "标题", "身份", "经由", "牵头单位", "完成时限"],
        ["T-001", "背街小巷环境整治", "配合", "县城管局", "龙源街道", "2026-06-30"],
        ["P-001", "占道经营", "牵头", "县城管局", "县城管局", "2026-06-20"],
        ["T-003", "长期坚持的任务", "牵头", "县城管局", "县城管局", "长期坚持"],
    ]


def test_duties_of_a_person_as_text(cli: CLI, small: str) -> None:
    lines = cli("duties", "p-wu", small, "--as-of", "2026-05-01", "--lang", "zh").out.splitlines()
    assert lines[0] == "吴某 (p-wu) 于 2026-05-01 负责的任务：2 项（2 条职责）"
    assert columns(lines[1:])[1:] == [
        ["T-001", "背街小巷环境整治", "包挂", "龙源街道", "龙源街道", "2026-06-30"],
        ["P-001", "占道经营", "包挂", "龙源街道", "县城管局", "2026-06-20"],
    ]


def test_duties_json(cli: CLI, small: str) -> None:
    doc = cli("duties", "p-qian", small, "--as-of", "2026-05-01", "--format", "json").json()
    assert doc == {
        "who": "p-qian",
        "name": "钱某",
        "as_of": "2026-05-01",
        "duties": [
            {
                "task": "T-001",
                "title": "背街小巷环境整治",
                "kind": "task",
                "capacity": "lead",
                "capacity_label": "牵头",
                "unit": "zc-ly",
                "unit_name": "龙源街道",
                "place": None,
                "place_name": None,
                "group": None,
                "group_name": None,
                "post": "first_responsible",
                "lead": "zc-ly",
                "lead_name": "龙源街道",
                "due": "2026-06-30",
                "ongoing": False,
            },
            {
                "task": "P-001",
                "title": "占道经营",
                "kind": "problem",
                "capacity": "territorial",
                "capacity_label": "属地",
                "unit": "zc-ly",
                "unit_name": "龙源街道",
                "place": None,
                "place_name": None,
                "group": None,
                "group_name": None,
                "post": "first_responsible",
                "lead": "zc-cg",
                "lead_name": "县城管局",
                "due": "2026-06-20",
                "ongoing": False,
            },
        ],
    }


def test_duties_by_name_say_which_one(cli: CLI) -> None:
    by_name = cli("duties", "钱某", EXAMPLE, "--format", "json").json()
    assert (by_name["who"], by_name["name"]) == ("p-qian", "钱某")
    # 钱某 is 路长 of 新华路: T-050 through the place, its name where people read.
    lines = cli("duties", "钱某", EXAMPLE).out.splitlines()
    assert lines[0].startswith("Tasks 钱某 (p-qian) answers for on 2026-06-14:")
    assert ["T-050", "新华路人行道和雨污管网改造", "place", "新华路", "县住建局", "2026-06-30"] in (
        columns(lines[1:])
    )


def test_duties_of_an_ambiguous_name_list_the_ids(cli: CLI, tmp_path: Path) -> None:
    ledger = small_ledger()
    path = tmp_path / "twins.yaml"
    twins = [*ledger.people, civledger.Person(id="p-qian2", name="钱某")]
    civledger.dump(attrs.evolve(ledger, people=twins), path)
    result = cli("duties", "钱某", str(path))
    assert result.code == 2
    assert result.err == (
        "civledger: the name '钱某' names several people: p-qian, p-qian2; give the id\n"
    )


def test_duties_before_anyone_was_appointed(cli: CLI, small: str) -> None:
    result = cli("duties", "p-qian", small, "--as-of", "2025-12-31", "--format", "json")
    assert result.code == 0
    assert result.json()["duties"] == []


def test_duties_default_to_the_ledgers_date(cli: CLI) -> None:
    out = cli("duties", "zc-cg", EXAMPLE, "--lang", "zh").out
    assert out.startswith("县城管局 (zc-cg) 于 2026-06-14 负责的任务：")


def test_duties_of_an_unknown_id_exits_2_with_one_line(cli: CLI, small: str) -> None:
    result = cli("duties", "nobody", small)
    assert result.code == 2
    assert result.out == ""
    assert result.err == "civledger: the ledger has no units or people entry with id nobody\n"


def test_duties_of_an_id_both_unit_and_person_exits_2(cli: CLI, tmp_path: Path) -> None:
    ledger = small_ledger()
    path = tmp_path / "both.yaml"
    both = [*ledger.people, civledger.Person(id="zc-cg", name="重名")]
    civledger.dump(attrs.evolve(ledger, people=both), path)
    result = cli("duties", "zc-cg", str(path))
    assert result.code == 2
    assert result.err == (
        "civledger: 'zc-cg' is the id of both a unit and a person; ids must tell them apart\n"
    )


# -- the real command -----------------------------------------------------------------------------


def test_who_and_duties_are_listed_in_help(cli: CLI) -> None:
    result = cli("--help")
    assert result.code == 0
    assert re.search(r"^ +who +who answers for a task", result.out, re.M)
    assert re.search(r"^ +duties +every task a person or unit answers for", result.out, re.M)


def test_who_runs_as_a_program_with_utf8_output() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "civledger", "who", "P-018", EXAMPLE, "--lang", "zh"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    out = done.stdout.decode("utf-8")
    assert out.startswith("P-018 背街小巷路灯不亮（问题）于 2026-06-14 的责任链：")
    assert out.splitlines()[11].split() == [
        "9",
        "县城管局",
        "第一责任人",
        "郑某",
        "(p-zheng)",
        "牵头",
    ]
    assert out.splitlines()[-1].split() == [
        "13",
        "县创城指挥部",
        "常务副总指挥",
        "周某某",
        "(p-zhou)",
        "指挥",
    ]


# -- the pages show what the commands print ------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "command", "shown"),
    [
        pytest.param(page, command, shown, id=f"{page}:{n}")
        for n, (page, command, shown) in enumerate(console_runs("responsibility.md", "cli.md"))
    ],
)
def test_the_docs_show_the_real_output(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, page: str, command: str, shown: list[str]
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CIVLEDGER_LANG", "zh")  # the pages show what offices see
    result = cli(*shlex.split(command)[1:])
    assert (result.out + result.err).splitlines() == shown, page


def test_the_docs_show_several_runs() -> None:
    commands = [command for _, command, _ in console_runs("responsibility.md", "cli.md")]
    assert len(commands) >= 6
    assert "civledger who P-018 examples/zhecheng.yaml" in commands
