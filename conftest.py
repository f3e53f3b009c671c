"""The language of the test run.

The tests and the docstrings' examples check the English messages (``CIVLEDGER_LANG=en``);
the pages of docs/ and the READMEs show what a campaign office sees, in Chinese
(``CIVLEDGER_LANG=zh``). A test of a language sets it itself (``civledger.i18n.use_language``,
the ``chinese`` fixture of tests/conftest.py, or ``--lang zh`` on a command line).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parent
CHINESE_PAGES: tuple[Path, ...] = (ROOT / "docs", ROOT / "README.md", ROOT / "README.zh-CN.md")


@pytest.fixture(autouse=True)
def _language(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(str(request.node.path)).resolve()
    chinese = any(path == page or page in path.parents for page in CHINESE_PAGES)
    monkeypatch.setenv("CIVLEDGER_LANG", "zh" if chinese else "en")
