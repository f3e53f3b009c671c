"""A newcomer's path (issue 13): the README's first command, missing extras, friendly inputs.

What a new user meets first, from a fresh clone: the README's first command installs what
its examples need; a missing extra says which ``pip install`` brings it; a spreadsheet given
where a ledger is expected points to ``civledger import``; dates and units are taken as
offices write them; ``civledger`` alone lists the commands; a tab in YAML's indentation is
called a tab.
"""

from __future__ import annotations

import argparse
import pickle
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import openpyxl
import pytest

import civledger
from civledger import errors
from civledger.cli.main import COMMANDS, build_parser
from civledger.cli.options import iso_date
from civledger.errors import LedgerFileError
from civledger.i18n import use_language
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "zhecheng.yaml")

# -- the README's first command -------------------------------------------------------------------


def _readme_commands() -> tuple[str, list[str]]:
    """The README's first command, and the ``$ civledger …`` examples of its console blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, re.S)
    first = blocks[0].strip().splitlines()[0]
    examples = [
        line[2:].split("#", 1)[0].strip()
        for block in blocks
        for line in block.splitlines()
        if line.startswith("$ civledger ")
    ]
    return first, examples


def _extras(requirement: str, table: dict[str, list[str]]) -> set[str]:
    """The extras a ``.[a,b]`` or ``civledger[a,b]`` requirement installs, nested ones included."""
    found = re.search(r"\[([^\]]*)\]", requirement)
    named = {e.strip() for e in found.group(1).split(",")} if found else set()
    every = set(named)
    for extra in named:
        for dependency in table.get(extra, []):
            if dependency.startswith("civledger["):
                every |= _extras(dependency, table)
    return every


# What each example needs beyond the core: a YAML ledger, Excel, charts.
NEEDS = {
    "examples/zhecheng.yaml": "yaml",
    ".xlsx": "xlsx",
    ".png": "plot",
}


def test_the_readme_first_command_installs_what_its_examples_need() -> None:
    first, examples = _readme_commands()
    install = next(part for part in first.split("&&") if "pip install" in part)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    installed = _extras(shlex.split(install)[-1], project["project"]["optional-dependencies"])
    needed = {extra for line in examples for key, extra in NEEDS.items() if key in line}
    assert len(examples) >= 11
    assert needed == {"yaml", "xlsx", "plot"}
    assert needed <= installed, f"{first!r} installs {sorted(installed)}"


def test_ci_runs_the_readme_first_command_as_written() -> None:
    """.ci/run takes the command from the README (so they cannot drift apart) and runs it."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extraction = next(line for line in script.splitlines() if line.startswith("first_command="))
    done = subprocess.run(
        ["bash", "-c", f'{extraction}\nprintf %s "$first_command"'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    first, _ = _readme_commands()
    assert done.stdout == first
    assert 'bash -euo pipefail -c "$first_command"' in script
    assert "pip install '.[all]'" not in script  # never a copy of the command


# -- a missing extra ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hidden", "argv", "extra"),
    [
        ("yaml", ["check", EXAMPLE], "yaml"),
        ("openpyxl", ["export", EXAMPLE, "-o", "{tmp}/台账.xlsx"], "xlsx"),
        ("openpyxl", ["import", "{tmp}/台账.xlsx", "--into", "{tmp}/ledger.json"], "xlsx"),
        ("openpyxl", ["report", "progress", EXAMPLE, "-o", "{tmp}/进度.xlsx"], "xlsx"),
        ("matplotlib", ["report", "battle-map", EXAMPLE, "-o", "{tmp}/作战图.png"], "plot"),
    ],
)
def test_a_missing_extra_names_the_pip_command_and_exits_2(
    cli: CLI,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    hidden: str,
    argv: list[str],
    extra: str,
) -> None:
    book = openpyxl.Workbook()
    book.active.append(["工作任务", "牵头单位"])
    book.save(tmp_path / "台账.xlsx")
    civledger.dump(civledger.load(EXAMPLE), tmp_path / "ledger.json")
    monkeypatch.setitem(sys.modules, hidden, None)  # `import hidden` now fails
    result = cli(*(a.format(tmp=tmp_path) for a in argv))
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert f"pip install 'civledger[{extra}]'" in result.err
    assert hidden in result.err


def test_a_missing_extra_is_one_error_that_names_it_in_either_language(
    monkeypatch: pytest.MonkeyPatch, cli: CLI
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(errors.MissingExtraError) as caught:
        civledger.load(EXAMPLE)
    assert (caught.value.package, caught.value.extra) == ("PyYAML", "yaml")
    assert isinstance(caught.value, ImportError)
    again = pickle.loads(pickle.dumps(caught.value))  # from a worker of check --jobs
    assert (str(again), again.purpose) == (str(caught.value), caught.value.purpose)
    result = cli("--lang", "zh", "check", EXAMPLE)
    assert result.err.startswith("civledger: 读取 YAML 台账需要 PyYAML，但未安装：")
    assert "pip install 'civledger[yaml]'" in result.err


# -- a spreadsheet where a ledger is expected -----------------------------------------------------


def _spreadsheet(folder: Path, suffix: str) -> Path:
    path = folder / f"台账{suffix}"
    if suffix == ".xlsx":
        book = openpyxl.Workbook()
        book.active.append(["序号", "工作任务", "牵头单位"])
        book.save(path)
    elif suffix == ".csv":
        path.write_bytes("序号,工作任务,牵头单位\r\n1,背街小巷整治,龙源街道\r\n".encode("gbk"))
    else:  # .xls and .wps files of WPS and old Excel are OLE2 compound files
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv", ".wps"])
@pytest.mark.parametrize(
    "argv", [["check"], ["info"], ["report", "progress"], ["who", "T-001"], ["log", "T-001"]]
)
def test_a_spreadsheet_given_as_a_ledger_points_to_import(
    cli: CLI, tmp_path: Path, suffix: str, argv: list[str]
) -> None:
    sheet = _spreadsheet(tmp_path, suffix)
    result = cli(*argv, str(sheet))
    assert result.code == 2
    assert result.out == ""
    assert "UTF-8" not in result.err
    assert "this is an Excel spreadsheet: import it with civledger import" in result.err
    assert "--into ledger.yaml" in result.err
    assert result.err.count("\n") == 1


def test_load_says_the_same_in_chinese_with_the_offices_words(tmp_path: Path) -> None:
    sheet = _spreadsheet(tmp_path, ".xlsx")
    with use_language("zh"), pytest.raises(LedgerFileError) as caught:
        civledger.load(sheet)
    assert str(caught.value) == (
        f"{sheet}: 这是 Excel 表格：请用 civledger import {sheet} --into 台账.yaml 导入"
    )


def test_a_spreadsheet_import_cannot_read_says_to_save_it_as_xlsx(tmp_path: Path) -> None:
    sheet = _spreadsheet(tmp_path, ".csv")
    with pytest.raises(LedgerFileError) as caught:
        civledger.load(sheet)
    saved = sheet.with_suffix(".xlsx")
    assert caught.value.problem == (
        f"this is an Excel spreadsheet: import it with civledger import {saved} --into ledger.yaml"
    )
    assert caught.value.hint is not None
    assert "save it as .xlsx" in caught.value.hint


def test_a_workbook_renamed_as_a_ledger_is_recognised(tmp_path: Path) -> None:
    renamed = _spreadsheet(tmp_path, ".xlsx").rename(tmp_path / "台账.yaml")
    with pytest.raises(LedgerFileError, match="this is an Excel spreadsheet"):
        civledger.load(renamed)


# -- dates and units as offices write them (already so on main: these tests hold them) ------------


def _date_options() -> list[tuple[str, str, str]]:
    parser = build_parser()
    found = []
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        assert isinstance(action, argparse._SubParsersAction)
        for name, sub in action.choices.items():
            for option in sub._actions:
                if option.type is iso_date:
                    found.append((name, option.option_strings[0], option.dest))
    return found


@pytest.mark.parametrize(
    "written", ["2026-06-30", "2026/6/30", "2026.6.30", "20260630", "2026年6月30日"]
)
def test_every_date_option_takes_the_forms_offices_write(written: str) -> None:
    options = _date_options()
    assert len(options) >= 11  # --as-of of seven commands, plan, calendar, import, export
    parser = build_parser()
    for command, option, dest in options:
        argv = {
            "check": ["check", "a.yaml"],
            "info": ["info", "a.yaml"],
            "who": ["who", "T-1", "a.yaml"],
            "duties": ["duties", "zc", "a.yaml"],
            "log": ["log", "T-1", "a.yaml"],
            "report": ["report", "progress", "a.yaml"],
            "plan": ["plan", "--evaluation", "2026-07-20"],
            "calendar": ["calendar", "a.yaml"],
            "import": ["import", "a.xlsx", "--into", "a.yaml"],
            "export": ["export", "a.yaml", "-o", "a.xlsx"],
            "rollup": ["rollup", "a.yaml", "-o", "out"],
        }[command]
        args = parser.parse_args([*argv, option, written])
        value = getattr(args, dest)
        day = value[-1] if isinstance(value, list) else value  # --evaluation: once a year
        assert day.isoformat() == "2026-06-30", (command, option)


@pytest.mark.parametrize("kind", ["progress", "overdue"])
def test_under_takes_a_unit_name_or_its_id(cli: CLI, kind: str) -> None:
    options = ["--as-of", "2026-06-30", "--format", "json"]
    by_id = cli("report", kind, EXAMPLE, "--under", "zc-cj", *options)
    by_name = cli("report", kind, EXAMPLE, "--under", "长江新城街道", *options)
    assert by_id.code == by_name.code == 0
    assert by_name.json()["rows"] == by_id.json()["rows"] != []


def test_duties_take_a_unit_name_or_its_id(cli: CLI) -> None:
    by_id = cli("duties", "zc-cj", EXAMPLE, "--format", "json")
    by_name = cli("duties", "长江新城街道", EXAMPLE, "--format", "json")
    assert by_id.code == by_name.code == 0
    assert by_name.json()["duties"] == by_id.json()["duties"] != []


# -- civledger alone, and YAML tabs ---------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["--lang", "en"], ["--debug"]])
def test_civledger_alone_lists_the_commands(cli: CLI, argv: list[str]) -> None:
    result = cli(*argv)
    assert result.code == 2
    shown = result.out + result.err
    for name in ("check", "info", "report", "plan", "import", "export", "rules", "synth", "rollup"):
        assert re.search(rf"^ +{name} +\S", shown, re.M), name
    assert "civledger COMMAND --help" in shown
    assert "the following arguments are required" not in shown
    assert len(COMMANDS) == 14


TABBED = [
    "civledger: 1\ncampaign:\n\tid: x\n\tname: 示范\n",
    "civledger: 1\ncampaign:\n  id: x\n\tname: 示范\n",
    "civledger: 1\nunits:\n  -\tid: zc\n",
]


@pytest.mark.parametrize("text", TABBED)
def test_a_tab_in_the_indentation_is_called_a_tab(cli: CLI, tmp_path: Path, text: str) -> None:
    path = tmp_path / "tabs.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("check", str(path))
    assert result.code == 2
    line = text.split("\n").index(next(s for s in text.split("\n") if "\t" in s)) + 1
    assert result.err.startswith(f"civledger: {path}:{line}:")
    assert "a tab" in result.err
    assert "spaces" in result.err


def test_a_tab_in_the_indentation_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "tabs.yaml"
    path.write_text(TABBED[0], encoding="utf-8")
    with use_language("zh"), pytest.raises(LedgerFileError) as caught:
        civledger.load(path)
    assert "制表符" in str(caught.value)
    assert "空格" in str(caught.value)


def test_other_yaml_errors_are_not_called_tabs(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("civledger: 1\ncampaign: {id: x, name: [示范}\n", encoding="utf-8")
    with pytest.raises(LedgerFileError) as caught:
        civledger.load(path)
    assert "tab" not in str(caught.value)
