"""Issue 12, point 8: write failures, missing extras and wrong output names are clear errors.

The command prints one line and exits 2; it never calls them "internal error … a defect".
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

import civledger
from civledger import testing
from civledger.io import atomic as atomic_module
from support import CLI, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "zhecheng.yaml")
WORKBOOK = str(ROOT / "examples" / "zhecheng-ledger.xlsx")


def _clear(result: Result, *words: str) -> None:
    code, err = result.code, result.err
    assert code == 2, (code, err)
    assert "internal error" not in err, err
    assert "defect" not in err, err
    assert err.startswith("civledger: "), err
    assert err.count("\n") == 1, err
    for word in words:
        assert word in err, (word, err)


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "progress", EXAMPLE, "-o", "{missing}/进度.csv"],
        ["report", "burndown", EXAMPLE, "-o", "{missing}/燃尽.png"],
        ["check", EXAMPLE, "-o", "{missing}/report.txt"],
        ["export", EXAMPLE, "-o", "{missing}/台账.xlsx"],
        ["import", WORKBOOK, "--into", EXAMPLE, "-o", "{missing}/合并.yaml"],
        ["schema", "-o", "{missing}/schema.json"],
        ["synth", "--tasks", "5", "-o", "{missing}/s.json"],
        ["calendar", EXAMPLE, "--ics", "{missing}/督查.ics"],
    ],
    ids=lambda argv: argv[0] + "-" + argv[1][:8],
)
def test_output_into_a_missing_folder(cli: CLI, tmp_path: Path, argv: list[str]) -> None:
    missing = tmp_path / "no-such-folder"
    result = cli(*(a.replace("{missing}", str(missing)) for a in argv))
    _clear(result, "does not exist", str(missing))
    assert not missing.exists()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_output_into_a_folder_without_permission(cli: CLI, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        _clear(cli("report", "progress", EXAMPLE, "-o", str(locked / "p.csv")), "permission")
    finally:
        locked.chmod(0o700)


def test_a_full_disk_is_a_clear_error(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_module.os, "fsync", full)
    target = tmp_path / "p.csv"
    _clear(cli("report", "progress", EXAMPLE, "-o", str(target)), "disk is full")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_dump_into_a_missing_folder_raises_a_civledger_error(tmp_path: Path) -> None:
    with pytest.raises(civledger.CivLedgerError, match="does not exist") as caught:
        civledger.dump(testing.small_ledger(), tmp_path / "nope" / "ledger.yaml")
    assert isinstance(caught.value, OSError)


@pytest.mark.parametrize(
    ("argv", "can"),
    [
        (["report", "progress", EXAMPLE, "-o", "{tmp}/进度.xls"], ".csv"),
        (["report", "progress", EXAMPLE, "-o", "{tmp}/进度.docx"], ".xlsx"),
        (["report", "burndown", EXAMPLE, "-o", "{tmp}/燃尽.jpg"], ".png"),
        (["export", EXAMPLE, "-o", "{tmp}/台账.csv"], ".xlsx"),
        (["check", EXAMPLE, "-o", "{tmp}/report.xlsx"], ".json"),
        (["schema", "-o", "{tmp}/schema.yaml"], ".json"),
        (["import", WORKBOOK, "--into", EXAMPLE, "-o", "{tmp}/合并.xlsx"], ".yaml"),
        (["calendar", EXAMPLE, "--ics", "{tmp}/督查.txt"], ".ics"),
    ],
    ids=lambda value: value[0] + "-" + value[-1] if isinstance(value, list) else value,
)
def test_an_output_suffix_the_command_cannot_write(
    cli: CLI, tmp_path: Path, argv: list[str], can: str
) -> None:
    result = cli(*(a.replace("{tmp}", str(tmp_path)) for a in argv))
    _clear(result, "cannot write", can)
    assert list(tmp_path.iterdir()) == []


def test_check_writes_json_to_a_json_file(cli: CLI, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    assert cli("check", EXAMPLE, "--as-of", "2026-06-15", "-o", str(target)).code == 0
    assert target.read_text(encoding="utf-8").lstrip().startswith("{")


_BLOCK = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == {name!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Block())
from civledger.cli.main import run
sys.exit(run(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("package", "argv", "extra"),
    [
        ("matplotlib", ["report", "burndown", EXAMPLE, "-o", "{tmp}/b.png"], "plot"),
        ("matplotlib", ["report", "battle-map", EXAMPLE, "-o", "{tmp}/m.png"], "plot"),
        ("openpyxl", ["export", EXAMPLE, "-o", "{tmp}/e.xlsx"], "xlsx"),
        ("yaml", ["check", EXAMPLE], "yaml"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_missing_extra_names_what_to_install(
    tmp_path: Path, package: str, argv: list[str], extra: str
) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _BLOCK.format(name=package),
            *(a.replace("{tmp}", str(tmp_path)) for a in argv),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "defect" not in done.stderr, done.stderr
    assert f"civledger[{extra}]" in done.stderr, done.stderr
