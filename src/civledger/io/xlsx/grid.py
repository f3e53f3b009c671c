"""What a sheet reader hands the importer: a :class:`Grid` of values, in one canonical form.

Two readers fill grids (:mod:`civledger.io.xlsx.read`): openpyxl and python-calamine. They
see the same cells differently — openpyxl reads ``39`` as an ``int`` and calamine as a
``float``; calamine gives a date for a whole-day date cell and ``""`` for an empty one;
openpyxl keeps the empty cells that only carry a style. :func:`tidy_rows` brings both to
one form, so that the importer, and every result of an import, cannot tell them apart:

- an empty cell, or one holding only XML white space, is ``None``;
- a number is an ``int`` when it is whole and smaller than 2**53 in size (every whole
  number a spreadsheet holds exactly), else a ``float``;
- a date cell is a ``datetime`` (midnight for a whole day), a time of day a ``time``, a
  duration (``[h]:mm``) a ``timedelta``; text is ``str``, a checkbox ``bool``, an Excel
  error its text (``#N/A``);
- a row ends at its last value (a row cut at :attr:`Limits.max_columns` ends there), and
  the rows end at the last row with a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, Protocol

import attrs

from civledger.errors import WorkbookError
from civledger.i18n import _, join

__all__ = ["Grid", "Limits", "SheetReader", "refuse", "select_sheets", "tidy_rows"]

_MIB = 2**20
_EXACT = 2**53
_XML_SPACE = " \t\r\n"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


@attrs.frozen(kw_only=True)
class Limits:
    """How much of a workbook an import is willing to read.

    Parameters
    ----------
    max_bytes
        The largest file accepted (50 MiB by default).
    max_unzipped
        The most the workbook's parts may expand to once unzipped (1 GiB), against
        zip bombs.
    max_rows
        The most rows read from one sheet (Excel's own limit, 1,048,576).
    max_columns
        The most columns read (256); cells further right are reported, not read.

    Examples
    --------
    >>> Limits().max_bytes // 2**20, Limits(max_bytes=10 * 2**20).max_bytes // 2**20
    (50, 10)
    """

    max_bytes: int = 50 * _MIB
    max_unzipped: int = 1024 * _MIB
    max_rows: int = 1_048_576
    max_columns: int = 256


@attrs.frozen(kw_only=True)
class Grid:
    """One sheet as read: its rows of values, merged ranges and uncached formulas.

    ``rows[i]`` is row ``i + 1`` of the sheet, a tuple of values from column A
    that ends at the row's last value; the rows end at the last row with a value
    (values in the form the module describes). ``merges`` are ``(min_col,
    min_row, max_col, max_row)``, 1-based, in the order of the sheet. ``uncached``
    holds the ``(row, column)`` of formula cells without a cached value. ``wide``
    is the first row with a value right of :attr:`Limits.max_columns`, if any.
    """

    name: str
    rows: tuple[tuple[Any, ...], ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    uncached: frozenset[tuple[int, int]] = frozenset()
    wide: int | None = None


class SheetReader(Protocol):
    """A way of reading the worksheets of an .xlsx file into :class:`Grid` objects.

    ``name`` is what ``CIVLEDGER_XLSX_READER`` and the ``reader`` parameter call it;
    ``package`` the module it needs. :meth:`grids` is given a file that
    :func:`civledger.io.xlsx.read.check_file` has accepted; it raises
    :class:`~civledger.WorkbookError` for a file it cannot read, with the
    messages of :func:`refuse`.
    """

    @property
    def name(self) -> str:
        """The reader's name (``openpyxl``, ``calamine``)."""
        ...

    @property
    def package(self) -> str:
        """The module the reader imports (``openpyxl``, ``python_calamine``)."""
        ...

    def grids(self, file: str, limits: Limits, sheets: Sequence[str] | None) -> Iterator[Grid]:
        """The worksheets of ``file`` (or those named in ``sheets``), in workbook order."""
        ...


def refuse(file: str, problem: str, hint: str | None = None) -> WorkbookError:
    """The error for a workbook that cannot be read as a whole.

    Examples
    --------
    >>> str(refuse("台账.xlsx", "is empty", "save it again"))
    '台账.xlsx: is empty (save it again)'
    """
    return WorkbookError(file, problem, hint=hint)


def select_sheets(names: Sequence[str], sheets: Sequence[str] | None, file: str) -> list[str]:
    """The worksheet names to read, in workbook order; every name asked for must be there.

    Raises
    ------
    WorkbookError
        When a sheet asked for is not in the workbook.

    Examples
    --------
    >>> select_sheets(["工作台账", "问题清单"], ["问题清单"], "台账.xlsx")
    ['问题清单']
    >>> select_sheets(["工作台账"], ["汇总"], "台账.xlsx")
    Traceback (most recent call last):
    ...
    civledger.errors.WorkbookError: 台账.xlsx: has no sheet '汇总' (its sheets are: 工作台账)
    """
    if sheets is None:
        return list(names)
    missing = [name for name in sheets if name not in names]
    if missing:
        raise refuse(
            file,
            _("has no sheet {sheets}").format(sheets=join([repr(m) for m in missing])),
            _("its sheets are: {sheets}").format(sheets=join(names) or _("none")),
        )
    return [name for name in names if name in sheets]


def _value(v: Any) -> Any:
    kind = type(v)
    if kind is str:
        return v if v.strip(_XML_SPACE) else None
    if kind is float:
        return int(v) if v.is_integer() and -_EXACT < v < _EXACT else v
    if kind is int:
        return v if -_EXACT < v < _EXACT else float(v)
    if kind is date:
        return datetime(v.year, v.month, v.day)
    return v


def _escaped(v: Any) -> Any:
    if type(v) is str and "_x" in v:
        # Excel writes a character XML cannot hold as _xHHHH_ (a carriage return is
        # _x000D_, an underscore before such a sequence _x005F_); one pass, left to right.
        v = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), v)
    return _value(v)


def tidy_rows(
    rows: Iterable[Sequence[Any]],
    limits: Limits,
    file: str,
    sheet: str,
    *,
    escaped: bool = False,
) -> tuple[tuple[tuple[Any, ...], ...], int | None]:
    """A sheet's rows in the canonical form, cut at :attr:`Limits.max_columns`, and ``wide``.

    ``escaped`` says the reader leaves Excel's ``_xHHHH_`` escapes in the text
    (openpyxl does, in read-only mode; calamine reads them).

    Raises
    ------
    WorkbookError
        When a row below :attr:`Limits.max_rows` has a value.

    Examples
    --------
    >>> from datetime import date
    >>> tidy_rows([["任务", 39.0, "", None], [], ["  "]], Limits(), "a.xlsx", "Sheet")
    ((('任务', 39),), None)
    >>> tidy_rows([[1, 2, 3], [date(2026, 6, 30)]], Limits(max_columns=2), "a.xlsx", "Sheet")
    (((1, 2), (datetime.datetime(2026, 6, 30, 0, 0),)), 1)
    >>> tidy_rows([["a_x000D_\\nb", "_x005F_x000D_"]], Limits(), "a.xlsx", "S", escaped=True)
    ((('a\\r\\nb', '_x000D_'),), None)
    """
    value: Callable[[Any], Any] = _escaped if escaped else _value
    out: list[tuple[Any, ...]] = []
    last = 0
    wide = None
    width = limits.max_columns
    for number, raw in enumerate(rows, 1):
        row = [value(v) for v in raw]
        while row and row[-1] is None:
            row.pop()
        if not row:
            if number <= limits.max_rows:
                out.append(())
            continue
        if number > limits.max_rows:
            raise refuse(
                file,
                _("sheet {sheet} has more than {limit:,} rows").format(
                    sheet=sheet, limit=limits.max_rows
                ),
                _("split the sheet, or raise the limit (--max-rows)"),
            )
        if len(row) > width:
            if wide is None:
                wide = number
            del row[width:]
        out.append(tuple(row))
        last = number
    del out[last:]
    return tuple(out), wide
