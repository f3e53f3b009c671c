"""Tables as CSV: UTF-8, a header of labels, optionally a byte-order mark for Excel."""

from __future__ import annotations

import csv
import io

from civledger.reports.columns import Tabular, format_cell

__all__ = ["to_csv"]


def to_csv(table: Tabular, *, bom: bool = False) -> str:
    """The header (Chinese labels) and the rows as people read them; lines end in CRLF.

    The title and notes are left out: a CSV file is the table alone. ``bom`` starts
    the text with U+FEFF, which Excel needs to open UTF-8 without garbling Chinese.

    Examples
    --------
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="t", columns=[Column(key="u", label="单位"),
    ...           Column(key="r", label="销号率", kind="percent")], rows=[["龙源街道", 0.5]])
    >>> to_csv(t)
    '单位,销号率\\r\\n龙源街道,50.0%\\r\\n'
    >>> to_csv(t, bom=True)[0] == "\\ufeff"
    True
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow([format_cell(c, v) for c, v in zip(table.columns, row, strict=True)])
    return ("\ufeff" if bom else "") + out.getvalue()
