"""Fixtures shared by the civledger test suite."""

from __future__ import annotations

import pytest

from civledger import Ledger


@pytest.fixture
def small() -> Ledger:
    """A fresh :func:`civledger.testing.small_ledger`."""
    from civledger import testing

    return testing.small_ledger()
