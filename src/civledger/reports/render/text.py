"""Tables for a terminal: aligned columns that count CJK characters as two."""

from __future__ import annotations

from civledger.i18n import gettext
from civledger.reports.columns import Tabular, format_cell
from civledger.text import table as aligned
from civledger.text import wrap

__all__ = ["to_text"]


def to_text(table: Tabular, *, width: int | None = None) -> str:
    """The title, the aligned table (numbers right-aligned) and the notes, one per line.

    An empty table says so under its header. With ``width`` (the command passes the
    terminal's), long columns wrap within themselves and the title and notes wrap,
    so that no line is wider (see :func:`civledger.text.table`).

    Examples
    --------
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="逾期督办", columns=[Column(key="id", label="编号"),
    ...           Column(key="days", label="逾期天数", kind="int")], rows=[["P-018", 12]])
    >>> print(to_text(t))
    逾期督办
    编号   逾期天数
    -----  --------
    P-018        12
    """
    headers = [c.label for c in table.columns]
    rows = [
        [format_cell(c, v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows
    ]
    body = aligned(headers, rows, numeric=[c.numeric for c in table.columns], width=width)
    lines = [table.title, body]
    if not table.rows:
        lines.append(gettext("(none)"))
    lines.extend(table.notes)
    if width is None:
        return "\n".join(lines)
    return "\n".join(
        "\n".join(wrap(line, width)) if n != 1 else line for n, line in enumerate(lines)
    )
