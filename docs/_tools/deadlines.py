"""The tables of deadline forms in docs/phases.md, read as test cases.

The page is the one place the forms are written down: the test suite
(tests/test_schedule_deadlines.py) runs every row, and the page runs
:func:`check_page` as a doctest, so the table and the parser cannot drift apart.

Two tables, each under a marker comment:

- ``<!-- deadlines: understood -->``: ``| written | reference | due | form | … |``;
  ``due`` is a date or ``长期坚持`` (ongoing), ``reference`` a date or ``—``.
- ``<!-- deadlines: rejected -->``: ``| written | reference | why | … |``; ``why``
  is the reason the error gives (``DeadlineError.reason``), in Chinese: the page's language.

Every row is read with ``evaluation=EVALUATION``.

Examples
--------
>>> rows = understood("docs/phases.md")
>>> len(rows) >= 40, rows[0].written
(True, '5月10日前')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from civledger import DeadlineError, parse_deadline

EVALUATION = date(2026, 7, 20)
"""The evaluation date every row is read with."""


@dataclass(frozen=True)
class Understood:
    """A row of the table of understood forms."""

    written: str
    reference: date | None
    due: date | None  # None: ongoing
    form: str


@dataclass(frozen=True)
class Rejected:
    """A row of the table of rejected forms."""

    written: str
    reference: date | None
    why: str


def _rows(path: str | Path, marker: str) -> list[list[str]]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"<!-- deadlines: {marker} -->")
    rows = []
    for line in lines[start + 3 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _text(cell: str) -> str:
    assert cell.startswith("`"), cell
    assert cell.endswith("`"), cell
    return cell[1:-1]


def _day(cell: str) -> date | None:
    return None if cell in ("—", "长期坚持") else date.fromisoformat(cell)


def understood(path: str | Path) -> list[Understood]:
    """The rows of the table of understood forms."""
    return [
        Understood(_text(r[0]), _day(r[1]), _day(r[2]), _text(r[3]))
        for r in _rows(path, "understood")
    ]


def rejected(path: str | Path) -> list[Rejected]:
    """The rows of the table of rejected forms."""
    return [Rejected(_text(r[0]), _day(r[1]), r[2]) for r in _rows(path, "rejected")]


def check_page(path: str | Path) -> list[str]:
    """Every row the parser reads otherwise than the page says (empty when none)."""
    found = []
    for row in understood(path):
        try:
            got = parse_deadline(row.written, row.reference, evaluation=EVALUATION)
        except DeadlineError as exc:
            found.append(f"{row.written!r}: {exc}")
            continue
        if (got.due, got.form.value) != (row.due, row.form):
            found.append(f"{row.written!r}: {got.due} ({got.form.value}), page: {row.due}")
    for bad in rejected(path):
        try:
            got = parse_deadline(bad.written, bad.reference, evaluation=EVALUATION)
        except DeadlineError as exc:
            if exc.reason != bad.why:
                found.append(f"{bad.written!r}: {exc.reason}")
            continue
        found.append(f"{bad.written!r}: read as {got.due} ({got.form.value})")
    return found
