"""Rows kept as they were: spreadsheet rows an import could not understand.

An import never drops a row silently. A row it cannot turn into a task (no
title, an id used twice) is kept in the ledger as a :class:`RawRow`, cell by
cell, with the reason, until someone fixes the workbook and imports it again.
``civledger check`` reports every raw row the ledger still holds (XLS003).
"""

from __future__ import annotations

import re

import attrs

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase

__all__ = ["RawCell", "RawRow"]

_COLUMN = re.compile(r"[A-Z]{1,3}")


def _check_column(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _COLUMN.fullmatch(value):
        raise InvalidValueError(
            attribute.name,
            phrase("a column is one to three capital letters (A, AB), not {value!r}", value=value),
        )


def _check_row(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise InvalidValueError(
            attribute.name, phrase("rows are numbered from 1, not {value!r}", value=value)
        )


@attrs.frozen(kw_only=True)
class RawCell:
    """One cell of a raw row: its column letter, the header above it, and its text.

    Examples
    --------
    >>> RawCell(column="F", header="牵头单位", text="县城管局").column
    'F'
    >>> RawCell(column="f", text="x")
    Traceback (most recent call last):
    ...
    civledger.errors.InvalidValueError: a column is one to three capital letters (A, AB), not 'f'
    """

    column: str = attrs.field(validator=_check_column)
    text: str
    header: str | None = None


@attrs.frozen(kw_only=True)
class RawRow:
    """A spreadsheet row an import could not understand, kept with the reason why.

    Parameters
    ----------
    id
        A stable id (``R-`` and a digest of the sheet and the cells), so that
        importing the same workbook again finds the same raw row.
    sheet, row
        Where the row was: the sheet's name and the 1-based row number.
    reason
        Why it could not be read, in words.
    cells
        Its non-empty cells, in column order.
    file
        The workbook it came from (its file name).

    Examples
    --------
    >>> raw = RawRow(id="R-1", sheet="工作台账", row=12, reason="no title (工作任务 is empty)",
    ...              cells=[RawCell(column="F", header="牵头单位", text="县城管局")])
    >>> raw.cells[0].header, raw.row
    ('牵头单位', 12)
    """

    id: str
    sheet: str
    row: int = attrs.field(validator=_check_row)
    reason: str
    cells: tuple[RawCell, ...] = attrs.field(default=(), converter=to_tuple)
    file: str | None = None
