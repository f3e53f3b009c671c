"""Fixtures shared by the civledger test suite."""

from __future__ import annotations

import pytest

from civledger import Ledger


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
