"""``civledger report``: kinds, formats, files, and one-line errors."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from civledger.cli import report as report_command
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "zhecheng.yaml")
GOLDEN = ROOT / "tests" / "golden" / "reports"


@pytest.mark.parametrize(
    ("argv", "golden"),
    [
        (["progress"], "progress.txt"),
        (["progress", "--level", "社区"], "progress-community.txt"),
        (["ranking", "--period", "2026-05"], "ranking-2026-05.txt"),
        (["ranking", "--level", "community", "--format", "md"], "ranking-community-2026-06.md"),
        (["coverage", "--format", "csv"], "coverage.csv"),
        (["scorecard", "--format", "json"], "scorecard.json"),
        (["overdue", "--as-of", "2026-06-30", "--format", "html"], "overdue-2026-06-30.html"),
        (["materials"], "materials.txt"),
        (["measures", "--format", "md"], "measures.md"),
    ],
)
def test_reports_print_what_the_library_renders(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, argv: list[str], golden: str
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # a terminal wide enough that no column wraps
    result = cli("report", argv[0], EXAMPLE, *argv[1:], "--lang", "zh")  # the goldens: Chinese
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out == (GOLDEN / golden).read_bytes().decode("utf-8")


def test_output_files_are_written_atomically(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    real = report_command.atomic_write

    def spy(path: str, data: bytes) -> None:
        written.append(str(path))
        real(path, data)

    monkeypatch.setattr(report_command, "atomic_write", spy)
    target = tmp_path / "排名.xlsx"
    result = cli("report", "ranking", EXAMPLE, "--period", "2026-05", "-o", str(target))
    assert (result.code, result.out, result.err) == (0, "", "")
    assert written == [str(target)]
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes())).active
    assert sheet is not None
    assert sheet["C3"].value == "龙源街道"  # under the title row and the header
    csv_file = tmp_path / "进度.csv"
    assert cli("report", "progress", EXAMPLE, "--bom", "-o", str(csv_file)).code == 0
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["排名.xlsx", "进度.csv"]


def test_charts_are_png_files(cli: CLI, tmp_path: Path) -> None:
    for kind in ("battle-map", "burndown", "ranking"):
        out = tmp_path / f"{kind}.png"
        result = cli(
            "report", kind, EXAMPLE, "-o", str(out), *(["--format", "png"] * (kind == "ranking"))
        )
        assert result.code == 0, result.err
        assert result.err == f"wrote {out}\n"
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["burndown", EXAMPLE], "--format png writes a binary file: give -o FILE.png"),
        (["battle-map", EXAMPLE, "--format", "csv"], "battle-map is a chart: use --format png"),
        (["progress", EXAMPLE, "--format", "png", "-o", "x.png"], "progress is a table: use"),
        (["ranking", EXAMPLE, "--format", "xlsx"], "--format xlsx writes a binary file: give -o"),
        (["coverage", EXAMPLE, "--period", "2026-05"], "--period does not apply to the coverage"),
        (["ranking", EXAMPLE, "--period", "May"], "'May' is not a month written YYYY-MM"),
        (["progress", EXAMPLE, "--level", "省"], "'省' is not a known level"),
        (["overdue", EXAMPLE, "--under", "zc-xx"], "the ledger has no units entry with id zc-xx"),
        (["progress", "missing.yaml"], "missing.yaml"),
    ],
)
def test_bad_requests_exit_2_with_one_line(cli: CLI, argv: list[str], message: str) -> None:
    result = cli("report", *argv)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("civledger: ")
    assert message in result.err
    assert result.err.count("\n") == 1


def test_an_unknown_kind_is_an_argument_error(cli: CLI) -> None:
    result = cli("report", "budget", EXAMPLE)
    assert result.code == 2
    assert "invalid choice: 'budget'" in result.err


def test_report_is_listed_in_help(cli: CLI) -> None:
    result = cli("--help")
    listed = r"^ +report +reports: progress, measures \(指标进度\), ranking"
    assert re.search(listed, result.out, re.M)


def test_report_runs_as_a_program_with_utf8_output() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "civledger",
            "report",
            "ranking",
            EXAMPLE,
            "--period",
            "2026-05",
            "--format",
            "json",
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    rows = json.loads(done.stdout.decode("utf-8"))["rows"]
    assert [r["name"] for r in rows] == ["龙源街道", "长江新城街道", "浦东街道", "城关镇"]


def _console_block(page: str, command: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    lines = text.split(f"$ {command}\n", 1)[1].split("```", 1)[0].splitlines()
    shown = []
    for line in lines:
        if line.startswith("$ "):
            break
        shown.append(line)
    return shown


@pytest.mark.parametrize(
    "command",
    [
        "civledger --help",
        "civledger report --help",
        "civledger report ranking examples/zhecheng.yaml --period 2026-05 --lang zh",
    ],
)
def test_cli_md_shows_the_real_output(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # argparse wraps help to the terminal's width; tables fit it too (100 in a pipe)
    monkeypatch.setenv("COLUMNS", "80" if command.endswith("--help") else "100")
    monkeypatch.setenv("CIVLEDGER_LANG", "zh")  # the page shows what offices see
    monkeypatch.chdir(ROOT)
    result = cli(*command.split()[1:])
    assert (result.out + result.err).splitlines() == _console_block("cli.md", command)


def test_a_measure_burns_down_with_task_and_measure(cli: CLI, tmp_path: Path) -> None:
    district = str(ROOT / "examples" / "district-100-days.yaml")
    out = tmp_path / "面积.png"
    result = cli(
        "report", "burndown", district, "--task", "T-05", "--measure", "面积", "-o", str(out)
    )
    assert (result.code, out.read_bytes()[:4]) == (0, b"\x89PNG")
    alone = cli("report", "burndown", district, "--measure", "面积", "-o", str(out))
    assert alone.code == 2
    assert "--measure needs --task" in alone.err
    assert cli("report", "progress", district, "--task", "T-05").code == 2
