"""Tables as Excel workbooks (the ``xlsx`` extra): frozen header, filters, column widths."""

from __future__ import annotations

import io
import re
from datetime import datetime

from civledger.errors import CivLedgerError
from civledger.i18n import gettext
from civledger.io.xlsx.write import write_table
from civledger.reports.columns import Column, Tabular, format_cell

__all__ = ["NUMBER_FORMATS", "sheet_title", "to_xlsx"]

NUMBER_FORMATS: dict[str, str] = {"int": "0", "date": "yyyy-mm-dd"}
"""Excel number formats by column kind (``number`` and ``percent`` follow the column's digits)."""

_FIXED_TIME = datetime(2026, 1, 1)  # the workbook's stated creation time: deterministic cells


def sheet_title(text: str) -> str:
    """A valid Excel sheet name: at most 31 characters, none of ``[]:*?/\\``.

    Examples
    --------
    >>> sheet_title("2026年5月月考排名（街道）: 前10名/后10名")
    '2026年5月月考排名（街道） 前10名 后10名'
    """
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip() or gettext("report")
    return cleaned[:31]


def _number_format(column: Column) -> str | None:
    if column.kind == "percent":
        return "0." + "0" * column.digits + "%" if column.digits else "0%"
    if column.kind == "number":
        return "0." + "0" * column.digits if column.digits else "0"
    return NUMBER_FORMATS.get(column.kind)


def to_xlsx(table: Tabular) -> bytes:
    """The table as an .xlsx workbook of one sheet.

    Row 1 holds the column labels (bold, frozen, with an auto filter over the data);
    cells keep their types (numbers, dates; percentages as fractions shown with
    ``%``); widths follow the widest cell, counting CJK characters as two. The
    title is the sheet name and the workbook title; the notes follow the data
    after an empty row.

    Raises
    ------
    CivLedgerError
        When openpyxl is not installed.

    Examples
    --------
    >>> import io, openpyxl
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="进度", columns=[Column(key="u", label="单位"),
    ...           Column(key="r", label="销号率", kind="percent")], rows=[["龙源街道", 0.5]])
    >>> sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(t))).active
    >>> sheet["A2"].value, sheet["B2"].value, sheet["B2"].number_format, sheet.freeze_panes
    ('龙源街道', 0.5, '0.0%', 'A2')
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        raise CivLedgerError(
            gettext("writing .xlsx needs openpyxl: pip install 'civledger[xlsx]'")
        ) from None

    book = Workbook()
    book.remove(book.active)
    book.properties.title = table.title
    book.properties.creator = "civledger"
    book.properties.created = _FIXED_TIME
    columns = table.columns
    sheet = write_table(
        book,
        sheet_title(table.title),
        [c.label for c in columns],
        table.rows,
        formats=[_number_format(c) for c in columns],
        shown=lambda i, value: format_cell(columns[i], value),  # type: ignore[arg-type]
    )
    if table.notes:
        sheet.append([])
        for note in table.notes:
            sheet.append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
