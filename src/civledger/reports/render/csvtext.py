"""Tables as CSV: UTF-8, a header of labels, optionally a byte-order mark for Excel.

Every cell is written so that a spreadsheet opening the file shows it as text and
never runs it: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (or their full-width forms, which some Chinese spreadsheet
programs read as the same) gets a leading ``'``, as OWASP advises against CSV
formula injection. Numbers (the values of number, percent and whole-number
columns) are written as they are: a negative number stays a number.
"""

from __future__ import annotations

import csv
import io

from civledger.reports.columns import Cell, Column, Tabular, format_cell

__all__ = ["FORMULA_STARTS", "safe_cell", "to_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""What a text cell may not begin with in a CSV file: a spreadsheet would read a formula."""


def safe_cell(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: a leading ``'`` when it could be a formula.

    Examples
    --------
    >>> safe_cell("=1+2"), safe_cell("+1+cmd|' /C calc'!A0"), safe_cell("@SUM(A1)")
    ("'=1+2", "'+1+cmd|' /C calc'!A0", "'@SUM(A1)")
    >>> safe_cell("-"), safe_cell("\\t=1"), safe_cell("龙源街道"), safe_cell("")
    ("'-", "'\\t=1", '龙源街道', '')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(column: Column, value: Cell) -> str:
    text = format_cell(column, value)
    if column.numeric and isinstance(value, int | float) and not isinstance(value, bool):
        return text  # a number, written by us: never a formula
    return safe_cell(text)


def to_csv(table: Tabular, *, bom: bool = False) -> str:
    """The header (Chinese labels) and the rows as people read them; lines end in CRLF.

    The title and notes are left out: a CSV file is the table alone. ``bom`` starts
    the text with U+FEFF, which Excel needs to open UTF-8 without garbling Chinese.
    Text that a spreadsheet would run as a formula starts with ``'`` (see
    :func:`safe_cell`); numbers are left as they are.

    Examples
    --------
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="t", columns=[Column(key="u", label="单位"),
    ...           Column(key="r", label="销号率", kind="percent"),
    ...           Column(key="d", label="差值", kind="int")],
    ...           rows=[["龙源街道", 0.5, -3], ["=1+2", -0.25, 4]])
    >>> print(to_csv(t), end="")
    单位,销号率,差值
    龙源街道,50.0%,-3
    '=1+2,-25.0%,4
    >>> to_csv(t, bom=True)[0] == "\\ufeff"
    True
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell(c, v) for c, v in zip(table.columns, row, strict=True)])
    return ("\ufeff" if bom else "") + out.getvalue()
