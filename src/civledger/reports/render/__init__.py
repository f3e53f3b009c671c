"""Renderers: a report table as text, Markdown, CSV, JSON, XLSX or HTML.

They read a table through :class:`~civledger.reports.columns.Tabular`.

Every renderer is deterministic: the same table gives the same bytes (the
workbook's cells and styles; its zip container carries a timestamp).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from civledger.errors import CivLedgerError
from civledger.i18n import _, join
from civledger.reports.columns import Tabular
from civledger.reports.render.csvtext import to_csv
from civledger.reports.render.htmlpage import to_html
from civledger.reports.render.jsontext import to_json
from civledger.reports.render.markdown import to_markdown
from civledger.reports.render.text import to_text
from civledger.reports.render.xlsx import to_xlsx

__all__ = ["FORMATS", "SUFFIXES", "Format", "format_for", "render"]

Format = Literal["text", "md", "csv", "json", "xlsx", "html"]
"""The formats a table renders to."""

FORMATS: tuple[str, ...] = ("text", "md", "csv", "json", "xlsx", "html")
"""Every table format, in the order of :data:`Format`."""

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".png": "png",
}
"""The format a file suffix stands for (``.png`` is for charts)."""


def format_for(path: str | os.PathLike[str]) -> Format:
    """The table format a file name asks for by its suffix.

    Raises
    ------
    CivLedgerError
        When the suffix names no table format.

    Examples
    --------
    >>> format_for("排名.xlsx"), format_for("report.MD")
    ('xlsx', 'md')
    """
    suffix = Path(path).suffix.lower()
    found = SUFFIXES.get(suffix)
    if found is None or found not in FORMATS:
        raise CivLedgerError(
            _(
                "cannot tell a table format from the file name {name!r}; use one of {suffixes}"
            ).format(
                name=os.fspath(path),
                suffixes=join([s for s, f in SUFFIXES.items() if f in FORMATS]),
            )
        )
    return found  # type: ignore[return-value]


def render(table: Tabular, format: Format, *, bom: bool = True, width: int | None = None) -> bytes:
    """The table in a format, as bytes (UTF-8 text for every format but ``xlsx``).

    CSV starts with a byte-order mark, so that Excel reads it as UTF-8 (without it,
    Excel shows the Chinese garbled); ``bom=False`` leaves it out. ``width`` wraps
    text to that many columns (see :func:`~civledger.reports.render.text.to_text`).

    Raises
    ------
    CivLedgerError
        For an unknown format, or ``xlsx`` without openpyxl.

    Examples
    --------
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="t", columns=[Column(key="a", label="甲")], rows=[["乙"]])
    >>> render(t, "csv")[:3], render(t, "csv", bom=False)[:3]
    (b'\\xef\\xbb\\xbf', b'\\xe7\\x94\\xb2')
    >>> render(t, "pdf")
    Traceback (most recent call last):
    ...
    civledger.errors.CivLedgerError: unknown table format 'pdf'; use one of text, md, csv, ...
    """
    if format == "xlsx":
        return to_xlsx(table)
    if format == "text":
        text = to_text(table, width=width) + "\n"
    elif format == "md":
        text = to_markdown(table)
    elif format == "csv":
        text = to_csv(table, bom=bom)
    elif format == "json":
        text = to_json(table)
    elif format == "html":
        text = to_html(table)
    else:
        raise CivLedgerError(
            _("unknown table format {format!r}; use one of {formats}").format(
                format=format, formats=join(FORMATS)
            )
        )
    return text.encode("utf-8")
