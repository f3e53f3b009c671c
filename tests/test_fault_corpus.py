"""Issue 12, point 9: a committed corpus of bad inputs, each with its exit code and rule codes.

tests/corpus/ holds ledgers, journal files and workbooks damaged in every way the issue
lists (tests/corpus/make_corpus.py wrote them; expected.json says what each must give).
Each is run through the command as a user would: it must exit as expected, report
exactly the expected rule codes, print no traceback, never call itself a defect, and
never show a byte of a file outside the corpus.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from civledger.cli.main import run

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED: dict[str, dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text("utf-8"))


def test_the_corpus_is_big_enough_and_complete() -> None:
    files = {p.name for p in CORPUS.iterdir()} - {"make_corpus.py", "expected.json", "_base.yaml"}
    listed = {name for case in EXPECTED.values() for name in case["files"]}
    assert files == listed
    assert len(files) >= 60
    kinds = {name.split("-")[0] for name in EXPECTED}
    assert kinds >= {
        "trunc",
        "type",
        "utf8",
        "bom",
        "nul",
        "num",
        "deep",
        "alias",
        "tag",
        "huge",
        "path",
        "dup",
        "xlsx",
        "control",
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_input_gives_its_exit_code_and_rule_codes(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = EXPECTED[name]
    for file in [*case["files"], "_base.yaml"]:
        shutil.copy(CORPUS / file, tmp_path / file)  # a run may mend a journal: not the corpus
    argv = [a.format(file=tmp_path / name, here=tmp_path) for a in case["command"]]
    code = run(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal error" not in err
    assert "root:" not in out + err  # nothing of /etc/passwd, whatever the ledger names
    assert "\x1b" not in out + err
    assert code == case["exit"], (code, err[-500:], out[-2000:])
    if code == 2:
        assert err.startswith("civledger: "), err
        assert err.count("\n") == 1, err
        return
    found = {issue["code"] for issue in json.loads(out)["issues"]}
    assert found == set(case["codes"]), out[-3000:]
