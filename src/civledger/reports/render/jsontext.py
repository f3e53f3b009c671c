"""Tables as JSON, for programs: typed values keyed by column key."""

from __future__ import annotations

from typing import Any

import orjson

from civledger.reports.columns import Tabular

__all__ = ["TABLE_LAYOUT", "to_document", "to_json"]

TABLE_LAYOUT = 1
"""The version of the JSON layout of a table (``civledger_table``)."""


def to_document(table: Tabular) -> dict[str, Any]:
    """The table as plain data: layout version, name, title, columns, rows, notes.

    Examples
    --------
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="t", name="demo", columns=[Column(key="a", label="甲", kind="int")],
    ...           rows=[[1]])
    >>> to_document(t)["columns"]
    [{'key': 'a', 'label': '甲', 'kind': 'int'}]
    """
    return {
        "civledger_table": TABLE_LAYOUT,
        "name": table.name,
        "title": table.title,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
        "rows": table.to_rows(),
        "notes": list(table.notes),
    }


def to_json(table: Tabular) -> str:
    """The document of :func:`to_document` as indented JSON (dates as ``YYYY-MM-DD``).

    Examples
    --------
    >>> from civledger.reports.table import Column, Table
    >>> t = Table(title="t", columns=[Column(key="a", label="甲")], rows=[["乙"]])
    >>> '"rows": [\\n    {\\n      "a": "乙"' in to_json(t)
    True
    """
    return orjson.dumps(to_document(table), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
