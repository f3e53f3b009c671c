"""The openpyxl reader: pure Python, installed with the ``xlsx`` extra, reads every workbook.

openpyxl reads the cells in read-only mode with ``data_only=True``: formulas are
never evaluated, their cached values are read. Read-only mode does not expose
merged cells, nor tell a formula without a cached value from an empty cell:
each sheet's XML is scanned once for those (:mod:`civledger.io.xlsx.scan`).

openpyxl knows the built-in number formats of every locale but the East Asian
ones (ids 27–36 and 50–58: ``yyyy"年"m"月"d"日"`` and the like, which Excel and
WPS save in Chinese workbooks without spelling them out), and would read those
dates as serial numbers; they are made dates here, as Excel shows them and as
calamine reads them. And openpyxl removes every ``x005F_`` from the shared strings,
half undoing Excel's escapes (the text ``_x000D_``, saved as ``_x005F_x000D_``,
would become a line break): where a workbook's shared strings hold one, they are
read again as written, and every escape is undone once (:func:`tidy_rows`).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from civledger.errors import MissingExtraError, WorkbookError
from civledger.i18n import _, lazy
from civledger.io.xlsx.grid import Grid, Limits, refuse, select_sheets, tidy_rows
from civledger.io.xlsx.scan import scan_sheet

__all__ = ["EAST_ASIAN_DATES", "OpenpyxlReader"]

EAST_ASIAN_DATES = frozenset((*range(27, 37), *range(50, 59)))
"""The built-in number formats that are dates in Chinese, Japanese and Korean workbooks."""


@attrs.frozen
class OpenpyxlReader:
    """Read worksheets with openpyxl (see the module).

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active.append(["工作任务", 39])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "台账.xlsx"
    >>> book.save(path)
    >>> [grid.rows for grid in OpenpyxlReader().grids(str(path), Limits(), None)]
    [(('工作任务', 39),)]
    """

    name: str = "openpyxl"
    package: str = "openpyxl"

    def grids(self, file: str, limits: Limits, sheets: Sequence[str] | None) -> Iterator[Grid]:
        """The worksheets of ``file`` (or those named), one :class:`Grid` each."""
        try:
            import openpyxl
        except ImportError:
            raise MissingExtraError("openpyxl", "xlsx", lazy("reading Excel workbooks")) from None
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not read (data validation, extensions);
            # they do not matter to the cells.
            warnings.simplefilter("ignore")
            try:
                workbook = openpyxl.load_workbook(
                    file, read_only=True, data_only=True, keep_links=False
                )
            except Exception as exc:
                raise refuse(
                    file,
                    _("cannot be read as a workbook ({kind}: {error})").format(
                        kind=type(exc).__name__, error=exc
                    ),
                    _("open it in Excel or WPS and save it again as .xlsx"),
                ) from None
            try:
                _east_asian_dates(workbook)
                _escaped_shared_strings(workbook, file)
                yield from _grids(workbook, file, limits, sheets)
            finally:
                workbook.close()


def _east_asian_dates(workbook: Any) -> None:
    """Count the cell styles with an East Asian built-in date format among the date styles."""
    styles = getattr(workbook, "_cell_styles", None)
    dates = getattr(workbook, "_date_formats", None)
    if styles is None or not isinstance(dates, set):
        return
    for index, style in enumerate(styles):
        # openpyxl has moved the formats a workbook spells out to ids of 164 and up: an id
        # left among these is the built-in format.
        if getattr(style, "numFmtId", None) in EAST_ASIAN_DATES:
            dates.add(index)


def _escaped_shared_strings(workbook: Any, file: str) -> None:
    """The shared strings as written, escapes and all, where openpyxl changed them."""
    from openpyxl.cell.text import Text
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import fromstring, iterparse

    tables = [getattr(ws, "_shared_strings", None) for ws in workbook.worksheets]
    if not any(isinstance(t, list) and t for t in tables):
        return
    try:
        with zipfile.ZipFile(file) as archive:
            manifest = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
            found = manifest.find(SHARED_STRINGS)
            data = archive.read(found.PartName.lstrip("/")) if found is not None else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        return  # openpyxl read it a moment ago: nothing it could not read
    if b"x005F_" not in data:
        return  # what openpyxl read is what is written
    tag = f"{{{SHEET_MAIN_NS}}}si"
    strings = []
    for _event, node in iterparse(io.BytesIO(data)):
        if node.tag == tag:
            strings.append(Text.from_tree(node).content)
            node.clear()
    for table in tables:
        if isinstance(table, list) and len(table) == len(strings):
            table[:] = strings


def _grids(
    workbook: Any, file: str, limits: Limits, sheets: Sequence[str] | None
) -> Iterator[Grid]:
    by_name = {ws.title: ws for ws in workbook.worksheets}
    with zipfile.ZipFile(file) as archive:
        for name in select_sheets(list(by_name), sheets, file):
            sheet = by_name[name]
            part = getattr(sheet, "_worksheet_path", None)
            marks = None
            if isinstance(part, str):
                marks = scan_sheet(archive, part.lstrip("/"), file, merges=True, errors=False)
            sheet.reset_dimensions()
            # Closed at once when a limit stops the reading, so that the sheet's stream in
            # the archive is not left open for the collector to find.
            cells = sheet.iter_rows(values_only=True)
            try:
                rows, wide = tidy_rows(cells, limits, file, name, escaped=True)
            except WorkbookError:
                raise
            except Exception as exc:
                raise refuse(
                    file,
                    _("sheet {sheet} cannot be read ({kind}: {error})").format(
                        sheet=name, kind=type(exc).__name__, error=exc
                    ),
                    _("open it in Excel or WPS and save it again as .xlsx"),
                ) from None
            finally:
                cells.close()
            yield Grid(
                name=name,
                rows=rows,
                merges=marks.merges if marks else (),
                uncached=marks.uncached if marks else frozenset(),
                wide=wide,
            )
