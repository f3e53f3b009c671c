"""``civledger import`` and ``civledger export``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import civledger
from civledger.cli.main import run
from xlsx_support import workbook

ROWS = [
    ["序号", "工作任务", "牵头单位", "完成时限"],
    [1, "背街小巷环境整治", "龙源办事处", "6月30日前"],
]


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    target = tmp_path / "zhecheng.yaml"
    shutil.copy("examples/zhecheng.yaml", target)
    return target


def test_import_updates_the_ledger_and_says_what_changed(
    tmp_path: Path, ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = workbook(tmp_path / "台账.xlsx", {"工作台账": ROWS})
    assert run(["import", str(book), "--into", str(ledger)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        f"wrote {ledger}: 1 added, 0 changed, 0 unchanged, 77 not in the workbook (left alone), "
        "0 rows kept raw; no findings"
    )
    after = civledger.load(ledger)
    assert len(after.tasks) == 78
    assert after.tasks[-1].lead == "zc-ly"
    assert run(["import", str(book), "--into", str(ledger)]) == 0
    assert "0 added, 0 changed, 1 unchanged" in capsys.readouterr().out


def test_a_dry_run_writes_nothing(
    tmp_path: Path, ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = ledger.read_bytes()
    rows = [*ROWS, [2, "农贸市场整治", "县市场局", "6/7"]]
    book = workbook(tmp_path / "台账.xlsx", {"工作台账": rows})
    assert run(["import", str(book), "--into", str(ledger), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert ledger.read_bytes() == before
    assert (
        f"{book}: 工作台账!C3: error XLS004 牵头单位: '县市场局' is not a unit of the ledger" in out
    )
    assert "hint: did you mean '县市场监管局'" in out
    assert out.rstrip().splitlines()[-1].startswith("dry run: nothing written: 2 added")


def test_import_as_json_and_to_another_file(
    tmp_path: Path, ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = workbook(
        tmp_path / "台账.xlsx", {"工作台账": [["主责", "工作任务"], ["龙源街道", "整治"]]}
    )
    out_file = tmp_path / "out.json"
    code = run(
        [
            "import",
            str(book),
            "--into",
            str(ledger),
            "--header",
            "主责=lead",
            "-o",
            str(out_file),
            "--format",
            "json",
        ]
    )
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["written"], len(doc["added"]), doc["issues"], doc["valid"]) == (
        str(out_file),
        1,
        [],
        True,
    )
    assert civledger.load(out_file).task(doc["added"][0]).lead == "zc-ly"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--header", "lead"], "is not 列名=field"),
        (["--header", "主责=leader"], "'主责' is mapped to 'leader', which is not a field"),
        (["--max-size", "0"], "the size must be more than 0 MiB"),
        (["--sheet", "汇总"], "has no sheet '汇总'"),
    ],
)
def test_import_refuses_bad_options_with_exit_2(
    tmp_path: Path, ledger: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    book = workbook(tmp_path / "台账.xlsx", {"工作台账": ROWS})
    assert run(["import", str(book), "--into", str(ledger), *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_import_of_a_file_that_is_not_a_workbook_exits_2(
    tmp_path: Path, ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "台账.xlsx"
    fake.write_text("序号,工作任务\n", encoding="utf-8")
    assert run(["import", str(fake), "--into", str(ledger)]) == 2
    assert capsys.readouterr().err == (
        f"civledger: {fake}: is not an .xlsx workbook (not a zip file; a CSV or HTML export?) "
        "(open it in Excel or WPS and save it as .xlsx)\n"
    )


def test_export_writes_a_workbook_that_imports_back(
    tmp_path: Path, ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "台账.xlsx"
    assert run(["export", str(ledger), "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out}: 51 tasks, 26 problems, 0 raw rows\n"
    assert run(["import", str(out), "--into", str(ledger), "--dry-run"]) == 0
    assert "0 added, 0 changed, 77 unchanged" in capsys.readouterr().out


def test_the_dry_run_shown_in_excel_md_is_what_the_command_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVLEDGER_LANG", "zh")  # the page shows what offices see
    page = Path("docs/excel.md").read_text(encoding="utf-8")
    command = (
        "civledger import examples/zhecheng-ledger.xlsx --into examples/zhecheng.yaml --dry-run"
    )
    shown = page.split(f"$ {command}\n")[1].split("$ echo $?\n")[0]
    assert run(command.split()[1:]) == 1
    printed = capsys.readouterr().out
    # The page leaves out the hints of the notes.
    kept = [
        line
        for line in printed.splitlines(keepends=True)
        if line.strip() not in ("建议：若工作日志中已有，无需处理",)
        and not line.strip().startswith("建议：按台账模板命名各列")
    ]
    assert "".join(kept) == shown


@pytest.mark.parametrize("command", ["import", "export"])
def test_the_usage_in_cli_md_is_the_real_one(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("CIVLEDGER_LANG", "zh")  # the page shows what offices see
    assert run([command, "--help"]) == 0
    usage = capsys.readouterr().out.split("\n\n")[0]
    page = Path("docs/cli.md").read_text(encoding="utf-8")
    assert f"$ civledger {command} --help\n{usage}\n```" in page
