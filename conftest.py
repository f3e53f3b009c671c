"""The language of the test run, and the Excel readers checked against each other.

The tests and the docstrings' examples check the English messages (``CIVLEDGER_LANG=en``);
the pages of docs/ and the READMEs show what a campaign office sees, in Chinese
(``CIVLEDGER_LANG=zh``). A test of a language sets it itself (``civledger.i18n.use_language``,
the ``chinese`` fixture of tests/conftest.py, or ``--lang zh`` on a command line).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent
# The tests' helpers (tests/xlsx_support.py) serve the fixtures of the doctests too.
sys.path.insert(0, str(ROOT / "tests"))
CHINESE_PAGES: tuple[Path, ...] = (ROOT / "docs", ROOT / "README.md", ROOT / "README.zh-CN.md")


@pytest.fixture(autouse=True)
def _language(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(str(request.node.path)).resolve()
    chinese = any(path == page or page in path.parents for page in CHINESE_PAGES)
    monkeypatch.setenv("CIVLEDGER_LANG", "zh" if chinese else "en")


@pytest.fixture(autouse=True)
def _both_xlsx_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every workbook a test or doctest imports is read by both readers, which must agree.

    Imports read with calamine when it is installed; here its grids are checked
    against openpyxl's (``tests/xlsx_support.BothReaders``). Without calamine there
    is nothing to compare (CI installs it: the ``dev`` extra).
    """
    monkeypatch.delenv("CIVLEDGER_XLSX_READER", raising=False)
    if importlib.util.find_spec("python_calamine") is None:
        return
    from civledger.io.xlsx import read
    from xlsx_support import BothReaders

    both = BothReaders(read.READERS["calamine"], read.READERS["openpyxl"])
    monkeypatch.setitem(read.READERS, "calamine", both)  # type: ignore[index]
