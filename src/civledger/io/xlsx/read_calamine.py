"""The calamine reader: python-calamine (Rust), installed with the ``fast-xlsx`` extra.

calamine reads a sheet's cells about five times as fast as openpyxl. What it
does not give, the scan of the sheet's XML adds (:mod:`civledger.io.xlsx.scan`):
python-calamine (0.9) has no way to tell a formula saved without a value from
an empty cell, and reads an Excel error (``#N/A``) as an empty cell. Merged
ranges are calamine's own; dates follow the workbook's date system (1900 or
1904) in calamine as in openpyxl.

calamine holds a sheet as a rectangle from A1 to its last cell. The scan
measures the sheet first; a sheet whose rectangle would be out of proportion to
its cells, or whose cells are written in a way the measure cannot vouch for, is
read with openpyxl instead (see :class:`~civledger.io.xlsx.scan.Extent`). The
grids are the same either way.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from civledger.errors import MissingExtraError
from civledger.i18n import _, lazy
from civledger.io.xlsx.grid import Grid, Limits, refuse, select_sheets, tidy_rows
from civledger.io.xlsx.read_openpyxl import OpenpyxlReader
from civledger.io.xlsx.scan import Extent, Marks, scan_sheet, sheet_parts

__all__ = ["CalamineReader", "fits"]

_FLOOR = 2**20
"""A sheet of up to this many cells from A1 to its last is always dense enough."""
_SPREAD = 4
"""Beyond the floor, the rectangle may hold this many times the sheet's cells."""


def fits(extent: Extent) -> bool:
    """Whether calamine may read a sheet of this extent (see the module).

    Examples
    --------
    >>> fits(Extent(cells=650_000, rows=50_002, columns=13, plain=True))
    True
    >>> fits(Extent(cells=2, rows=1_048_576, columns=16_384, plain=True))
    False
    """
    return extent.plain and extent.rectangle <= max(_FLOOR, _SPREAD * extent.cells)


@attrs.frozen
class CalamineReader:
    """Read worksheets with python-calamine (see the module).

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active.append(["工作任务", 39, "#N/A"])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "台账.xlsx"
    >>> book.save(path)
    >>> [grid.rows for grid in CalamineReader().grids(str(path), Limits(), None)]
    [(('工作任务', 39, '#N/A'),)]
    """

    name: str = "calamine"
    package: str = "python_calamine"

    def grids(self, file: str, limits: Limits, sheets: Sequence[str] | None) -> Iterator[Grid]:
        """The worksheets of ``file`` (or those named), one :class:`Grid` each."""
        try:
            import python_calamine
        except ImportError:
            raise MissingExtraError(
                "python-calamine", "fast-xlsx", lazy("reading Excel workbooks")
            ) from None
        workbook = _call(file, None, python_calamine.CalamineWorkbook.from_path, file)
        try:
            worksheet = python_calamine.SheetTypeEnum.WorkSheet
            names = [m.name for m in workbook.sheets_metadata if m.typ == worksheet]
            with zipfile.ZipFile(file) as archive:
                parts = sheet_parts(archive, file)
                for name in select_sheets(names, sheets, file):
                    if name not in parts:
                        raise refuse(
                            file,
                            _("sheet {sheet} has no part in the workbook").format(sheet=name),
                            _("open it in Excel or WPS and save it again as .xlsx"),
                        )
                    marks = scan_sheet(archive, parts[name], file, errors=True, extent=True)
                    if marks.extent is not None and fits(marks.extent):
                        yield _grid(workbook, name, marks, file, limits)
                    else:
                        yield from OpenpyxlReader().grids(file, limits, [name])
        finally:
            workbook.close()


def _call(file: str, sheet: str | None, function: Any, *args: Any) -> Any:
    """Call calamine; what it raises becomes a :class:`~civledger.WorkbookError`."""
    try:
        return function(*args)
    except Exception as exc:
        raise _unreadable(file, sheet, exc) from None
    except BaseException as exc:
        # A panic in the Rust code arrives as pyo3's PanicException, a BaseException.
        if type(exc).__name__ != "PanicException":
            raise
        raise _unreadable(file, sheet, exc) from None


def _unreadable(file: str, sheet: str | None, exc: BaseException) -> Exception:
    kind = type(exc).__name__
    return refuse(
        file,
        _("sheet {sheet} cannot be read ({kind}: {error})").format(
            sheet=sheet, kind=kind, error=exc
        )
        if sheet
        else _("cannot be read as a workbook ({kind}: {error})").format(kind=kind, error=exc),
        _("open it in Excel or WPS and save it again as .xlsx"),
    )


def _grid(workbook: Any, name: str, marks: Marks, file: str, limits: Limits) -> Grid:
    sheet = _call(file, name, workbook.get_sheet_by_name, name)
    rows: list[list[Any]] = _call(file, name, sheet.to_python, False)
    for (row, col), text in marks.errors:
        # python-calamine reads an error as an empty cell: put the error's text back.
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        if len(cells) < col:
            cells.extend([None] * (col - len(cells)))
        cells[col - 1] = text
    merges = tuple(
        (left + 1, top + 1, right + 1, bottom + 1)
        for (top, left), (bottom, right) in _call(file, name, lambda: sheet.merged_cell_ranges)
        or ()
    )
    tidy, wide = tidy_rows(rows, limits, file, name)
    return Grid(name=name, rows=tidy, merges=merges, uncached=marks.uncached, wide=wide)
