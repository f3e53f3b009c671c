"""The ``civledger`` command, run in-process (and twice as a real subprocess)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import civledger
from civledger import Context, Issue, Ledger
from civledger.checks import runner
from civledger.checks.catalogue import default_registry
from civledger.cli.main import run
from civledger.testing import small_ledger
from support import CLI

AS_OF = ["--as-of", "2026-06-15"]

BROKEN = """\
civledger: 1
campaign: {id: c, name: 试点}
units:
- {id: zc, name: 柘城县, level: county, colour: red}
tasks:
- {id: T-1, title: 整治, lead: zcc}
"""
# LDG001 at 4:38 ($.units[0].colour), LDG008 at 6:24 ($.tasks[0].lead)

WAIVED = """\
civledger: 1
campaign: {id: c, name: 试点}
units:
- {id: zc, name: 柘城县, level: county}
people:
- {id: p-1, name: 甲}
tasks:
- {id: T-1, title: 整治, lead: zc-new}
waivers:
- {id: W-1, rule: LDG008, subject: T-1, reason: 新设单位, approved_by: p-1, expires: 2026-06-30}
"""


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def clean(tmp_path: Path) -> str:
    path = tmp_path / "clean" / "ledger.yaml"
    path.parent.mkdir()
    civledger.dump(small_ledger(), path)
    return str(path)


@pytest.fixture
def broken(tmp_path: Path) -> str:
    folder = tmp_path / "broken"
    folder.mkdir()
    return write(folder, "ledger.yaml", BROKEN)


# -- check: exit codes and selection --------------------------------------------------------------


def test_check_a_clean_ledger_exits_0(cli: CLI, clean: str) -> None:
    result = cli("check", clean, *AS_OF)
    assert result.code == 0
    assert result.out.startswith("no findings (")
    assert result.err == ""


def test_check_with_findings_exits_1(cli: CLI, broken: str) -> None:
    result = cli("check", broken, *AS_OF, "--select", "LDG")
    assert result.code == 1
    assert result.out.splitlines()[-1] == "2 errors (18 rules)"
    result = cli("check", broken, *AS_OF)
    assert result.code == 1
    assert "LDG008" in result.out


def test_check_output_for_people(cli: CLI, broken: str) -> None:
    out = cli("check", broken, *AS_OF, "--select", "LDG").out
    assert out.splitlines() == [
        f"{broken}:4:38: error LDG001 unknown key 'colour' in a unit",
        "    4 | - {id: zc, name: 柘城县, level: county, colour: red}",
        "  at $.units[0].colour (zc)",
        "  hint: remove it or correct its spelling; the keys allowed here are: id, name, level, "
        "parent, aliases, division_code, external, note",
        f"{broken}:6:24: error LDG008 lead refers to unit 'zcc', which the ledger does not define",
        "    6 | - {id: T-1, title: 整治, lead: zcc}",
        "  at $.tasks[0].lead (T-1)",
        "  hint: did you mean 'zc'?",
        "2 errors (18 rules)",
    ]


def test_the_excerpt_is_the_located_line_even_with_unusual_line_separators(
    cli: CLI, tmp_path: Path
) -> None:
    # JSON strings may hold U+2028 and U+0085 raw; str.splitlines would count them as lines.
    text = (
        '{"civledger": 1,\n"campaign": {"id": "c", "name": "柘城\u2028县\x85城"},\n'
        '"tasks": [\n {"id": "T", "title": "t", "lead": "nope"}]\n}\n'
    )
    path = write(tmp_path, "ledger.json", text)
    out = cli("check", path, *AS_OF, "--select", "LDG").out
    assert out.splitlines()[:2] == [
        f"{path}:4:28: error LDG008 lead refers to unit 'nope', which the ledger does not define",
        '    4 | {"id": "T", "title": "t", "lead": "nope"}]',
    ]


def test_check_json_output(cli: CLI, broken: str) -> None:
    result = cli("check", broken, *AS_OF, "--format", "json", "--select", "LDG")
    assert result.code == 1
    doc = result.json()
    assert doc["valid"] is False
    assert doc["files"] == [broken]
    assert doc["as_of"] == "2026-06-15"
    issues = doc["issues"]
    assert isinstance(issues, list)
    assert [
        (i["code"], i["name"], i["severity"], i["path"], i["line"], i["column"], i["file"])
        for i in issues
    ] == [
        ("LDG001", "unknown-key", "error", "$.units[0].colour", 4, 38, broken),
        ("LDG008", "unknown-reference", "error", "$.tasks[0].lead", 6, 24, broken),
    ]


@pytest.mark.parametrize(
    ("options", "expected", "code"),
    [
        (["--select", "LDG008"], ["LDG008"], 1),
        (["--select", "unknown-reference"], ["LDG008"], 1),
        (["--select", "LDG001,LDG008"], ["LDG001", "LDG008"], 1),
        (["--select", "LDG001", "--select", "LDG008"], ["LDG001", "LDG008"], 1),
        (["--select", "LDG", "--ignore", "LDG008"], ["LDG001"], 1),
        (["--select", "LDG", "--ignore", "LDG001,LDG008"], [], 0),
        (["--select", "LDG008", "--ignore", "LDG"], ["LDG008"], 1),
    ],
)
def test_check_select_and_ignore(
    cli: CLI, broken: str, options: list[str], expected: list[str], code: int
) -> None:
    result = cli("check", broken, *AS_OF, "--format", "json", *options)
    assert result.codes() == expected
    assert result.code == code


def test_selectors_that_choose_no_rule_exit_2(cli: CLI, broken: str) -> None:
    result = cli("check", broken, *AS_OF, "--select", "LDG008", "--ignore", "LDG008")
    assert result.code == 2
    assert result.err.startswith("civledger: the selectors choose no rule")
    assert result.out == ""


def test_check_exit_zero(cli: CLI, broken: str) -> None:
    result = cli("check", broken, *AS_OF, "--exit-zero")
    assert result.code == 0
    assert "LDG008" in result.out


def test_check_output_to_a_file(cli: CLI, broken: str, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = cli("check", broken, *AS_OF, "--format", "json", "-o", str(report), "--select", "LDG")
    assert result.code == 1
    assert result.out == ""
    assert [i["code"] for i in json.loads(report.read_text(encoding="utf-8"))["issues"]] == [
        "LDG001",
        "LDG008",
    ]
    text = tmp_path / "report.txt"
    cli("check", broken, *AS_OF, "--output", str(text), "--select", "LDG")
    written = text.read_text(encoding="utf-8")
    assert written.endswith("\n2 errors (18 rules)\n")
    assert "\x1b[" not in written


def test_check_as_of_decides_waivers(cli: CLI, tmp_path: Path) -> None:
    path = write(tmp_path, "ledger.yaml", WAIVED)
    before = cli("check", path, "--as-of", "2026-06-30", "--select", "LDG")
    assert before.code == 0
    assert "LDG008 lead refers to unit 'zc-new'" in before.out
    assert "(waived by W-1)" in before.out
    assert before.out.splitlines()[-1] == "1 waived (18 rules)"
    after = cli("check", path, "--as-of", "2026-07-01", "--format", "json", "--select", "LDG")
    assert after.code == 1
    assert after.codes() == ["LDG008", "LDG012"]


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", "6月30日", "2026-06-31"])
def test_check_rejects_a_bad_as_of(cli: CLI, clean: str, bad: str) -> None:
    result = cli("check", clean, "--as-of", bad)
    assert result.code == 2
    assert repr(bad) in result.err
    assert "argument --as-of" in result.err


@pytest.mark.parametrize(
    "written", ["2026-06-15", "2026/6/15", "2026.6.15", "20260615", "2026年6月15日"]
)
def test_as_of_takes_the_forms_offices_write(cli: CLI, clean: str, written: str) -> None:
    result = cli("check", clean, "--as-of", written, "--format", "json")
    assert result.code in (0, 1)
    assert json.loads(result.out)["as_of"] == "2026-06-15"


def test_check_merges_several_files(cli: CLI, broken: str, tmp_path: Path) -> None:
    other = write(tmp_path, "other.yaml", BROKEN.replace("zcc", "zxx"))
    result = cli("check", broken, other, *AS_OF, "--select", "LDG")
    assert result.code == 1
    assert result.out.splitlines()[-1] == "4 errors in 2 files (18 rules)"
    files = [line.split(":")[0] for line in result.out.splitlines() if ": error " in line]
    assert files == sorted(files)
    assert set(files) == {broken, other}
    doc = cli("check", broken, other, *AS_OF, "--format", "json").json()
    assert doc["files"] == [broken, other]


def test_one_unreadable_file_exits_2_but_the_others_are_reported(
    cli: CLI, broken: str, tmp_path: Path
) -> None:
    empty = write(tmp_path, "empty.yaml", "")
    result = cli("check", empty, broken, *AS_OF, "--select", "LDG")
    assert result.code == 2
    assert result.err.splitlines() == [
        f"civledger: {empty}: the file is empty (a ledger begins with `civledger: 1`)"
    ]
    assert f"{broken}:6:24: error LDG008" in result.out


def test_an_unknown_selector_exits_2(cli: CLI, clean: str) -> None:
    result = cli("check", clean, "--select", "LDG0008")
    assert result.code == 2
    assert result.err.startswith("civledger: unknown rule selector 'LDG0008'")
    assert "did you mean LDG008" in result.err
    assert result.out == ""


BAD_FILES = [
    ("empty.yaml", b""),
    ("cut.json", b'{"civledger": 1, "campaign": {'),
    ("gbk.yaml", "civledger: 1\ncampaign: {id: c, name: 柘城}\n".encode("gbk")),
    ("list.yaml", b"- 1\n"),
    ("v2.yaml", b"civledger: 2\n"),
    ("syntax.yaml", b"civledger: 1\ncampaign: {id: c\n"),
]


@pytest.mark.parametrize(("name", "data"), BAD_FILES, ids=[n for n, _ in BAD_FILES])
@pytest.mark.parametrize("command", ["check", "info"])
def test_bad_input_exits_2_with_one_line_naming_the_file(
    cli: CLI, tmp_path: Path, name: str, data: bytes, command: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = cli(command, str(path))
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"civledger: {path}")
    assert result.out == ""


def test_a_missing_file_exits_2(cli: CLI, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    for command in ("check", "info"):
        result = cli(command, missing)
        assert result.code == 2
        assert result.err == f"civledger: {missing}: no such file (check the path)\n"


@pytest.mark.parametrize(
    "argv", [[], ["frobnicate"], ["check"], ["check", "x.yaml", "--format", "xml"]]
)
def test_bad_arguments_exit_2(cli: CLI, argv: list[str]) -> None:
    assert cli(*argv).code == 2


def test_version(cli: CLI) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"civledger {civledger.__version__}"


def test_an_internal_error_is_one_message_not_a_traceback(
    cli: CLI, clean: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("civledger.cli.check.check", explode)
    result = cli("check", clean)
    assert result.code == 2
    assert result.err.startswith("civledger: internal error: RuntimeError: boom")
    with pytest.raises(RuntimeError, match="boom"):
        run(["--debug", "check", clean])


# -- civledger.toml beside the ledger -------------------------------------------------------------


@pytest.fixture
def strict_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a strict-tier rule to the catalogue the command checks with."""

    @civledger.rule("ZZT001", "test-strict", title="strict", message="strict rule ran")
    def strict(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        yield ctx.issue("campaign")

    strict = civledger.Rule(
        code=strict.code,
        name=strict.name,
        title=strict.title,
        message=strict.message,
        tier=civledger.Tier.STRICT,
        check=strict.check,
    )
    extended = default_registry().extended([strict])
    monkeypatch.setattr(runner, "default_registry", lambda: extended)


@pytest.mark.usefixtures("strict_rule")
def test_strict_adds_the_strict_tier(cli: CLI, clean: str) -> None:
    assert cli("check", clean, *AS_OF).code == 0
    result = cli("check", clean, *AS_OF, "--strict", "--format", "json")
    assert result.code == 1
    # the built-in strict rules run too: the small ledger's community has no contract leader
    assert result.codes() == ["ZZT001", "OWN005"]
    issues = result.json()["issues"]
    assert isinstance(issues, list)
    assert issues[1]["subjects"] == ["zc-ly-xh"]


@pytest.mark.usefixtures("strict_rule")
def test_config_strict(cli: CLI, clean: str) -> None:
    write(Path(clean).parent, "civledger.toml", "[check]\nstrict = true\n")
    assert cli("check", clean, *AS_OF, "--format", "json").codes() == ["ZZT001", "OWN005"]
    assert cli("check", clean, *AS_OF, "--no-config").code == 0


def test_config_ignore_and_select(cli: CLI, broken: str) -> None:
    folder = Path(broken).parent
    write(folder, "civledger.toml", '[check]\nselect = ["LDG"]\nignore = ["LDG008"]\n')
    result = cli("check", broken, *AS_OF, "--format", "json")
    assert result.codes() == ["LDG001"]
    # --ignore adds to the file's ignore
    assert cli("check", broken, *AS_OF, "--ignore", "LDG001").code == 0
    # --select replaces the file's select (the file's ignore still holds)
    result = cli("check", broken, *AS_OF, "--format", "json", "--select", "LDG001,LDG008")
    assert result.codes() == ["LDG001"]
    result = cli("check", broken, *AS_OF, "--format", "json", "--no-config")
    assert "LDG008" in result.codes()
    write(folder, "civledger.toml", '[check]\nselect = "LDG008"\n')
    assert cli("check", broken, *AS_OF, "--format", "json").codes() == ["LDG008"]


def test_a_config_only_applies_to_the_ledgers_beside_it(
    cli: CLI, broken: str, tmp_path: Path
) -> None:
    write(Path(broken).parent, "civledger.toml", '[check]\nignore = ["LDG008"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = write(elsewhere, "ledger.yaml", BROKEN)
    result = cli("check", broken, other, *AS_OF, "--format", "json", "--select", "LDG")
    assert result.code == 1
    issues = result.json()["issues"]
    assert isinstance(issues, list)
    assert sorted((i["file"], i["code"]) for i in issues) == [
        (broken, "LDG001"),
        (other, "LDG001"),
        (other, "LDG008"),
    ]


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ("[check\nselect = 1\n", "is not valid TOML"),
        ("[check]\nselekt = ['LDG']\n", "unknown [check] settings: selekt"),
        ("[check]\nstrict = 'yes'\n", "[check] strict must be true or false"),
        ("[check]\nignore = [1, 2]\n", "[check] ignore must be a list of rule selectors"),
        ("check = 1\n", "[check] must be a table"),
        ("[check]\nselect = ['NOPE']\n", "unknown rule selector 'NOPE'"),
    ],
)
def test_a_bad_config_exits_2_with_a_clear_message(
    cli: CLI, broken: str, toml: str, problem: str
) -> None:
    config = write(Path(broken).parent, "civledger.toml", toml)
    result = cli("check", broken, *AS_OF)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1
    assert problem in result.err
    if "selector" not in problem:
        assert config in result.err
    assert cli("check", broken, *AS_OF, "--no-config", "--select", "LDG").code == 1


# -- info, rules, synth, schema -------------------------------------------------------------------


def test_info_text(cli: CLI, clean: str) -> None:
    result = cli("info", clean, "--lang", "zh")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "柘城县创建全国文明城市 (zc-2026)"
    assert f"文件 {clean}" in lines
    assert any(
        re.fullmatch(r"单位 +5  县 1，街道 1，社区 1，网格 1，部门 1", line) for line in lines
    )


def test_info_json(cli: CLI, clean: str) -> None:
    result = cli("info", clean, "--format", "json")
    assert result.code == 0
    doc = result.json()
    assert doc["file"] == clean
    assert doc["units"] == {
        "total": 5,
        "by_level": {"county": 1, "street": 1, "community": 1, "grid": 1, "department": 1},
    }
    assert doc["load_findings"] == 0


def test_info_counts_load_findings(cli: CLI, broken: str) -> None:
    doc = cli("info", broken, "--format", "json").json()
    assert doc["load_findings"] == 1


def test_rules_text_lists_every_rule(cli: CLI) -> None:
    result = cli("rules")
    assert result.code == 0
    rows = [line for line in result.out.splitlines()[2:] if not line.startswith(" ")]
    listed = [line.split()[0] for line in rows]  # a long title goes on in its column below
    assert listed == [r.code for r in civledger.rules()]


def test_rules_json(cli: CLI) -> None:
    result = cli("rules", "--format", "json")
    rows = json.loads(result.out)
    assert [r["code"] for r in rows] == [r.code for r in civledger.rules()]
    ldg008 = next(r for r in rows if r["code"] == "LDG008")
    assert ldg008["name"] == "unknown-reference"
    assert ldg008["family"] == "LDG"
    assert (ldg008["severity"], ldg008["tier"]) == ("error", "basic")
    assert ldg008["description"]


def test_rules_with_selectors_describe_them(cli: CLI) -> None:
    result = cli("rules", "LDG01", "duplicate-id")
    assert result.code == 0
    heads = [line.split()[0] for line in result.out.splitlines() if re.match(r"[A-Z]{3}\d", line)]
    assert heads == [
        "LDG007",
        "LDG010",
        "LDG011",
        "LDG012",
        "LDG013",
        "LDG014",
        "LDG015",
        "LDG016",
        "LDG017",
        "LDG018",
    ]
    assert "A bare standard code defined by several frameworks" in result.out
    rows = json.loads(cli("rules", "LDG008", "--format", "json").out)
    assert [r["code"] for r in rows] == ["LDG008"]


def test_rules_with_an_unknown_selector_exits_2(cli: CLI) -> None:
    result = cli("rules", "NOPE")
    assert result.code == 2
    assert "unknown rule selector 'NOPE'" in result.err


def test_synth_writes_a_clean_deterministic_ledger(cli: CLI, tmp_path: Path) -> None:
    shape = ["--streets", "2", "--communities", "2", "--grids", "2", "--tasks", "40"]
    first, second, third = (tmp_path / n for n in ("a.json", "b.json", "c.yaml"))
    result = cli("synth", *shape, "--seed", "3", "-o", str(first))
    assert result.code == 0
    assert result.err.startswith(f"wrote {first}: 22 units, 40 tasks")
    cli("synth", *shape, "--seed", "3", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    ledger = civledger.load(first)
    assert ledger == civledger.synthesize(streets=2, communities=2, grids=2, tasks=40, seed=3)
    assert cli("check", str(first), *AS_OF).code == 0
    cli("synth", *shape, "--seed", "4", "-o", str(third))
    assert civledger.load(third) != ledger
    assert cli("check", str(third), *AS_OF).code == 0


@pytest.mark.parametrize(
    "options", [["--streets", "0"], ["--tasks", "-1"], ["--tasks", "many"], []]
)
def test_synth_rejects_bad_shapes(cli: CLI, tmp_path: Path, options: list[str]) -> None:
    out = tmp_path / "x.json"
    argv = ["synth", *options] + (["-o", str(out)] if options else [])
    assert cli(*argv).code == 2
    assert not out.exists()


def test_schema_to_a_file(cli: CLI, tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    assert cli("schema", "-o", str(target)).code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == civledger.json_schema()


# -- as a real program ----------------------------------------------------------------------------


def test_python_m_civledger_check(broken: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "civledger", "check", broken, *AS_OF, "--select", "LDG"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1
    assert f"{broken}:6:24: error LDG008" in done.stdout
    assert done.stderr == ""


def test_python_m_civledger_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("[1, 2", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "civledger", "check", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"civledger: {path}:1:")
    assert "Traceback" not in done.stderr


def test_info_counts_the_rows_kept_raw_from_a_spreadsheet(tmp_path: Path, cli: CLI) -> None:
    import attrs

    from civledger import RawCell, RawRow, testing

    ledger = attrs.evolve(
        testing.small_ledger(),
        raw_rows=[
            RawRow(
                id="R-1",
                sheet="工作台账",
                row=7,
                reason="no title",
                cells=[RawCell(column="C", text="龙源街道", header="牵头单位")],
            ),
        ],
    )
    path = tmp_path / "with-raw.yaml"
    civledger.dump(ledger, path)
    summary = json.loads(cli("info", str(path), "--format", "json").out)
    assert summary["raw_rows"] == 1
    assert "未读表格行     1" in cli("info", str(path), "--lang", "zh").out
    assert "Raw spreadsheet rows      1" in cli("info", str(path)).out
    plain = tmp_path / "plain.yaml"
    civledger.dump(testing.small_ledger(), plain)
    assert json.loads(cli("info", str(plain), "--format", "json").out)["raw_rows"] == 0
