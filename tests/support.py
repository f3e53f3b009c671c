"""Helpers shared by the test modules (imported as ``support``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import civledger
from civledger import Issue, Ledger, Report
from civledger.checks import word

AS_OF = date(2026, 6, 15)
"""The date every check in the suite is made on, so that results never depend on today."""


def load_text(text: str, fmt: str = "yaml", file: str | None = None) -> Ledger:
    """Load a ledger from inline text."""
    return civledger.loads(text, format=fmt, file=file)


def run_check(ledger: Ledger, **options: Any) -> Report:
    """Check a ledger as of :data:`AS_OF` with the LDG rules (and any rules passed).

    The other families judge the org chart and the schedule; the tiny ledgers of
    the LDG tests are not meant to satisfy them. Pass ``select`` or ``registry``
    to choose otherwise.
    """
    options.setdefault("as_of", AS_OF)
    if "select" not in options and "registry" not in options:
        extra = sorted({r.family for r in options.get("rules", ())})
        options["select"] = ["LDG", *extra]
    return civledger.check(ledger, **options)


def codes(issues: Report | Ledger | tuple[Issue, ...] | list[Issue]) -> list[str]:
    """The codes of findings, in report order."""
    return [i.code for i in _issues(issues)]


def only(issues: Report | Ledger | tuple[Issue, ...] | list[Issue], code: str) -> Issue:
    """The one finding with this code (fails when there are none or several)."""
    found = [i for i in _issues(issues) if i.code == code]
    assert len(found) == 1, f"expected one {code}, got {[str(i) for i in _issues(issues)]}"
    return found[0]


def of_code(issues: Report | Ledger | tuple[Issue, ...] | list[Issue], code: str) -> list[Issue]:
    """Every finding with this code."""
    return [i for i in _issues(issues) if i.code == code]


def _issues(source: Report | Ledger | tuple[Issue, ...] | list[Issue]) -> tuple[Issue, ...]:
    if isinstance(source, Report):
        return source.issues
    if isinstance(source, Ledger):
        assert source.origin is not None
        return tuple(word(source.origin.observations))
    return tuple(source)


def text_at(text: str, line: int, column: int) -> str:
    """The text from a 1-based (line, column) to the end of that line."""
    return text.splitlines()[line - 1][column - 1 :]


class Result:
    """What one in-process run of the ``civledger`` command gave: exit code, stdout, stderr."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)

    def codes(self) -> list[str]:
        """The rule codes of a ``--format json`` check report, in order."""
        return [i["code"] for i in self.json()["issues"]]


CLI = Callable[..., Result]
"""The ``cli`` fixture (tests/conftest.py): ``cli("check", FILE)`` runs the command."""
