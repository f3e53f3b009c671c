"""Fixtures shared by the civledger test suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from civledger import Ledger
from civledger.cli.main import run
from civledger.i18n import use_language
from support import CLI, Result


@pytest.fixture
def chinese() -> Iterator[None]:
    """Run the test in Chinese, as offices read the output (the suite runs in English)."""
    with use_language("zh"):
        yield


@pytest.fixture
def english() -> Iterator[None]:
    """Run the test in English, inside a module whose tests run in Chinese."""
    with use_language("en"):
        yield


@pytest.fixture
def small() -> Ledger:
    """A fresh :func:`civledger.testing.small_ledger`."""
    from civledger import testing

    return testing.small_ledger()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden report files under tests/golden/ instead of comparing with them",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden files (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CLI:
    """Run the ``civledger`` command in-process; it must never print a traceback."""

    def call(*argv: str) -> Result:
        code = run(list(argv))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return Result(code, out, err)

    return call
