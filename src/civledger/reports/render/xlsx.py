"""Tables as Excel workbooks (the ``xlsx`` extra): a title row, frozen header, filters,
column widths, long text wrapped, set up to print."""

from __future__ import annotations

import io
import re
from datetime import datetime

from civledger.errors import MissingExtraError
from civledger.i18n import N_, _, gettext, lazy
from civledger.io.xlsx.write import write_table
from civledger.reports.columns import Column, Tabular, format_cell

__all__ = ["EMPTY", "NUMBER_FORMATS", "heading", "sheet_title", "to_xlsx"]

NUMBER_FORMATS: dict[str, str] = {"int": "0", "date": "yyyy-mm-dd"}
"""Excel number formats by column kind (``number`` and ``percent`` follow the column's digits)."""

EMPTY = N_("(none)")
"""What the first cell under the header says when a report has no rows (（无） in Chinese)."""

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


def heading(table: Tabular) -> str:
    """The title row of an Excel report: its title, the ledger it is of and the date.

    The date is added when the title does not give it already (a ranking names its
    month); a table of no ledger has the title alone.

    Examples
    --------
    >>> from datetime import date
    >>> from civledger.i18n import use_language
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="2026年5月街道月考排名", columns=[Column(key="u", label="单位")],
    ...           ledger_name="柘城县创建全国文明城市", as_of=date(2026, 5, 31))
    >>> with use_language("zh"):
    ...     heading(t)
    '柘城县创建全国文明城市　2026年5月街道月考排名（截至 2026-05-31）'
    """
    title = table.title
    if table.as_of is not None and table.as_of.isoformat() not in title:
        title = _("{title} (as of {day})").format(title=title, day=table.as_of.isoformat())
    if table.ledger_name:
        title = _("{ledger}: {title}").format(ledger=table.ledger_name, title=title)
    return title


def _number_format(column: Column) -> str | None:
    if column.kind == "percent":
        return "0." + "0" * column.digits + "%" if column.digits else "0%"
    if column.kind == "number":
        return "0." + "0" * column.digits if column.digits else "0"
    return NUMBER_FORMATS.get(column.kind)


def to_xlsx(table: Tabular) -> bytes:
    """The table as an .xlsx workbook of one sheet.

    Row 1 is the title row (:func:`heading`: the report, the ledger, the date),
    so that a printout keeps it; row 2 holds the column labels (bold, frozen,
    with an auto filter over the data, repeated on every printed page). Cells
    keep their types (numbers, dates; percentages as fractions shown with
    ``%``); widths follow the widest cell, counting CJK characters as two, and
    longer text wraps. A report without rows says so (（无）) under its labels.
    The title is also the sheet name and the workbook title; the notes follow
    the data after an empty row. Pages print landscape, as wide as the table.

    Raises
    ------
    MissingExtraError
        When openpyxl is not installed.

    Examples
    --------
    >>> import io, openpyxl
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="进度", columns=[Column(key="u", label="单位"),
    ...           Column(key="r", label="销号率", kind="percent")], rows=[["龙源街道", 0.5]])
    >>> sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(t))).active
    >>> sheet["A1"].value, sheet["A2"].value, sheet["A3"].value, sheet["B3"].value
    ('进度', '单位', '龙源街道', 0.5)
    >>> sheet["B3"].number_format, sheet.freeze_panes
    ('0.0%', 'A3')
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        raise MissingExtraError("openpyxl", "xlsx", lazy("writing Excel workbooks")) from None

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
        caption=heading(table),
        formats=[_number_format(c) for c in columns],
        shown=lambda i, value: format_cell(columns[i], value),  # type: ignore[arg-type]
    )
    if not table.rows:
        sheet.append([_(EMPTY)])
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if table.notes:
        sheet.append([])
        for note in table.notes:
            sheet.append([note])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
