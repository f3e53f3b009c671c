"""Columns and cells of report tables, and what a renderer reads of a table.

The renderers (:mod:`civledger.reports.render`) read a table through
:class:`Tabular`, so that :class:`~civledger.reports.table.Table` can offer
``to_text()``, ``to_csv()``… by calling them, without a cycle.

The columns of civledger's reports (``PROGRESS_COLUMNS``…) are labelled with
English messages; a report is made with :func:`worded` columns, labelled in the
language of the moment (:mod:`civledger.i18n`): ``销号率`` in Chinese, ``Sign-off
rate`` in English.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, Protocol

import attrs

from civledger.i18n import gettext

__all__ = ["KINDS", "Cell", "Column", "ColumnKind", "Tabular", "format_cell", "worded"]

ColumnKind = Literal["text", "int", "number", "percent", "date", "bool"]
"""What a column holds: text, whole numbers, numbers, fractions shown as percentages, dates,
yes/no (shown as 是/否 in Chinese)."""

KINDS: tuple[str, ...] = ("text", "int", "number", "percent", "date", "bool")
"""The column kinds, in the order of :data:`ColumnKind`."""

Cell = str | int | float | bool | date | None
"""What a cell may hold; ``None`` is an empty cell."""


def _check_kind(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in KINDS:
        raise ValueError(f"column kind {value!r} is not one of {', '.join(KINDS)}")


@attrs.frozen(kw_only=True)
class Column:
    """One column: the key programs use, the label people read, the kind of value.

    ``digits`` is the number of decimals shown for ``number`` and ``percent`` columns.
    ``category`` marks a text column whose values come from a short list (codes, labels,
    the names of units): it reads as any text, and becomes a dictionary in Arrow
    (:meth:`~civledger.reports.table.Table.to_arrow`).

    Examples
    --------
    >>> Column(key="rate", label="销号率", kind="percent").numeric
    True
    >>> Column(key="status", label="状态", category=True).arrow_kind
    'category'
    """

    key: str
    label: str
    kind: ColumnKind = attrs.field(default="text", validator=_check_kind)
    digits: int = 1
    category: bool = False

    @property
    def numeric(self) -> bool:
        """Whether the column holds numbers (right-aligned, summable)."""
        return self.kind in ("int", "number", "percent")

    @property
    def arrow_kind(self) -> str:
        """The kind of Arrow column it becomes (:mod:`civledger.io.arrow`): its kind, or
        ``category`` for a text column marked so."""
        return "category" if self.category and self.kind == "text" else self.kind


def worded(columns: Sequence[Column]) -> tuple[Column, ...]:
    """The columns with their labels in the language of the moment (labels are messages).

    A label the catalog does not know (a table of one's own, labelled in Chinese) is
    kept as it is.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> with use_language("zh"):
    ...     [c.label for c in worded([Column(key="rate", label="Sign-off rate"),
    ...                               Column(key="x", label="自定义")])]
    ['销号率', '自定义']
    """
    return tuple(attrs.evolve(c, label=gettext(c.label)) for c in columns)


def format_cell(column: Column, value: Cell) -> str:
    """A cell as people read it: percentages with ``%``, numbers with the column's decimals.

    Yes/no cells read 是/否 in Chinese and yes/no in English.

    Examples
    --------
    >>> format_cell(Column(key="r", label="率", kind="percent"), 0.8125)
    '81.2%'
    >>> format_cell(Column(key="n", label="分", kind="number", digits=2), 91.5)
    '91.50'
    >>> format_cell(Column(key="d", label="日期", kind="date"), date(2026, 6, 30))
    '2026-06-30'
    >>> format_cell(Column(key="x", label="空"), None)
    ''
    >>> format_cell(Column(key="o", label="逾期", kind="bool"), True)
    'yes'
    """
    if value is None:
        return ""
    if column.kind == "bool":
        return gettext("yes") if value else gettext("no")
    if column.kind == "percent" and isinstance(value, int | float):
        return f"{value * 100:.{column.digits}f}%"
    if column.kind == "number" and isinstance(value, int | float):
        return f"{value:.{column.digits}f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class Tabular(Protocol):
    """What a renderer reads of a table (:class:`~civledger.reports.table.Table` is one)."""

    @property
    def title(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def columns(self) -> Sequence[Column]: ...
    @property
    def rows(self) -> Sequence[Sequence[Cell]]: ...
    @property
    def notes(self) -> Sequence[str]: ...
    @property
    def ledger_name(self) -> str: ...
    @property
    def as_of(self) -> date | None: ...
    def to_rows(self) -> list[dict[str, Cell]]: ...
