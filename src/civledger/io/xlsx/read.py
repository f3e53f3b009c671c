"""Open a workbook safely and read its sheets as grids of cell values.

openpyxl reads the cells in read-only mode with ``data_only=True``: formulas are
never evaluated, their cached values are read. Read-only mode does not expose
merged cells nor tell a formula without a cached value from an empty cell, so
each sheet's XML is also scanned once, in chunks, for ``<mergeCell>`` ranges
and for formula cells without a value.

Everything that makes a file unreadable as a whole raises
:class:`~civledger.WorkbookError` with a clear message: a file over the size
limit, a zip that would expand beyond its limit, an old ``.xls`` file, a file
that is not a zip, a zip that is not a workbook, a broken part.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from civledger.errors import MissingExtraError, WorkbookError
from civledger.i18n import _, join, lazy

__all__ = ["Grid", "Limits", "read_grids"]

_MIB = 2**20


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
    (shorter rows end at their last cell). ``merges`` are ``(min_col, min_row,
    max_col, max_row)``, 1-based. ``uncached`` holds the ``(row, column)`` of
    formula cells without a cached value. ``wide`` is the first row with a
    value right of :attr:`Limits.max_columns`, if any.
    """

    name: str
    rows: tuple[tuple[Any, ...], ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    uncached: frozenset[tuple[int, int]] = frozenset()
    wide: int | None = None


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_CELL_REF = re.compile(rb'\br="([A-Za-z]+)([0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_CHUNK = 4 * _MIB


def _refuse(file: str, problem: str, hint: str | None = None) -> WorkbookError:
    return WorkbookError(file, problem, hint=hint)


def check_file(path: str | os.PathLike[str], limits: Limits) -> None:
    """Refuse a file that is missing, too big, or not an .xlsx zip, before openpyxl sees it.

    Raises
    ------
    WorkbookError
        With what is wrong and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> old = pathlib.Path(tempfile.mkdtemp()) / "台账.xls"
    >>> _ = old.write_bytes(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(100))
    >>> check_file(old, Limits())
    Traceback (most recent call last):
    ...
    civledger.errors.WorkbookError: ...台账.xls: is an Excel 97-2003 (.xls) file or a ...
    """
    file = os.fspath(path)
    target = Path(path)
    try:
        size = target.stat().st_size
        with target.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise _refuse(file, _("no such file"), _("check the path")) from None
    except IsADirectoryError:
        raise _refuse(file, _("is a folder, not a workbook"), _("name an .xlsx file")) from None
    except OSError as exc:
        raise _refuse(
            file, _("cannot be read ({error})").format(error=exc.strerror or exc)
        ) from None
    if size > limits.max_bytes:
        raise _refuse(
            file,
            _("is {size:.1f} MiB, more than the limit of {limit:.0f} MiB").format(
                size=size / _MIB, limit=limits.max_bytes / _MIB
            ),
            _("split the workbook, or raise the limit (--max-size)"),
        )
    if size == 0:
        raise _refuse(
            file, _("the file is empty"), _("save the workbook from Excel or WPS as .xlsx")
        )
    if head == _OLE2:
        raise _refuse(
            file,
            _("is an Excel 97-2003 (.xls) file or a password-protected workbook"),
            _("open it in Excel or WPS and save it as an unprotected .xlsx workbook"),
        )
    if not head.startswith(b"PK"):
        raise _refuse(
            file,
            _("is not an .xlsx workbook (not a zip file; a CSV or HTML export?)"),
            _("open it in Excel or WPS and save it as .xlsx"),
        )
    try:
        with zipfile.ZipFile(target) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(
            file,
            _("is a damaged zip file ({error})").format(error=exc),
            _("open it in Excel or WPS and save it again"),
        ) from None
    if "xl/workbook.xml" not in names:
        raise _refuse(
            file,
            _("is a zip file but not an Excel workbook (no xl/workbook.xml)"),
            _(
                "an .xlsx file saved by Excel or WPS is needed; "
                ".ods and .numbers files are not read"
            ),
        )
    if unzipped > limits.max_unzipped:
        raise _refuse(
            file,
            _(
                "would expand to {size:.0f} MiB once unzipped, more than the limit of "
                "{limit:.0f} MiB (a zip bomb?)"
            ).format(size=unzipped / _MIB, limit=limits.max_unzipped / _MIB),
            _("check where the file came from"),
        )


def _scan(archive: zipfile.ZipFile, part: str, file: str) -> tuple[list[bytes], set[bytes]]:
    """The merged ranges of a sheet part, and the refs of formula cells without a value."""
    merges: list[bytes] = []
    uncached: set[bytes] = set()
    carry = b""
    try:
        with archive.open(part) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                buffer = carry + chunk
                if not chunk:
                    merges.extend(_MERGE.findall(buffer))
                    _formulas(buffer, len(buffer), uncached)
                    break
                # Rows are whole units: read up to the end of the last complete row.
                last = buffer.rfind(b"row>")
                cut = last + 4 if last >= 0 else 0
                _formulas(buffer, cut, uncached)
                carry = buffer[cut:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise _refuse(
            file,
            _("part {part} is damaged ({error})").format(part=part, error=exc),
            _("open it in Excel or WPS and save it again"),
        ) from None
    return merges, uncached


def _formulas(buffer: bytes, end: int, uncached: set[bytes]) -> None:
    for match in _FORMULA.finditer(buffer, 0, end):
        start = None
        for cell in _CELL_START.finditer(buffer, max(0, match.start() - 4096), match.start()):
            start = cell.start()
        if start is None:
            continue
        ref = _CELL_REF.search(buffer, start, match.start())
        close = buffer.find(b"c>", match.end())
        stop = close if close >= 0 else len(buffer)
        if ref is not None and not _VALUE.search(buffer, match.end(), stop):
            uncached.add(ref.group(1) + ref.group(2))


def _ref(ref: bytes) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref.decode("ascii").upper())
    return int(row), int(column_index_from_string(letters))


def _box(ref: bytes) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(b":")
    top, left = _ref(first)
    bottom, right = _ref(last or first)
    return (left, top, right, bottom)


def _rows(sheet: Any, limits: Limits, file: str) -> tuple[list[tuple[Any, ...]], int | None]:
    rows: list[tuple[Any, ...]] = []
    wide = None
    width = limits.max_columns
    for values in sheet.iter_rows(values_only=True):
        if len(rows) >= limits.max_rows:
            raise _refuse(
                file,
                _("sheet {sheet} has more than {limit:,} rows").format(
                    sheet=sheet.title, limit=limits.max_rows
                ),
                _("split the sheet, or raise the limit (--max-rows)"),
            )
        row = tuple(values)
        if len(row) > width:
            if wide is None and any(v is not None for v in row[width:]):
                wide = len(rows) + 1
            row = row[:width]
        rows.append(row)
    return rows, wide


def read_grids(
    path: str | os.PathLike[str], limits: Limits, sheets: Sequence[str] | None = None
) -> Iterator[Grid]:
    """Read the worksheets of a workbook (or those named), one :class:`Grid` each.

    Raises
    ------
    WorkbookError
        When the file cannot be read as a workbook (see the module), or a sheet
        named in ``sheets`` is not in it.
    """
    file = os.fspath(path)
    check_file(path, limits)
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
            raise _refuse(
                file,
                _("cannot be read as a workbook ({kind}: {error})").format(
                    kind=type(exc).__name__, error=exc
                ),
                _("open it in Excel or WPS and save it again as .xlsx"),
            ) from None
        try:
            yield from _grids(workbook, file, limits, sheets)
        finally:
            workbook.close()


def _grids(
    workbook: Any, file: str, limits: Limits, sheets: Sequence[str] | None
) -> Iterator[Grid]:
    available = list(workbook.worksheets)
    names = [ws.title for ws in available]
    if sheets is not None:
        missing = [name for name in sheets if name not in names]
        if missing:
            raise _refuse(
                file,
                _("has no sheet {sheets}").format(sheets=join([repr(m) for m in missing])),
                _("its sheets are: {sheets}").format(sheets=join(names) or _("none")),
            )
        available = [ws for ws in available if ws.title in sheets]
    with zipfile.ZipFile(file) as archive:
        for sheet in available:
            part = getattr(sheet, "_worksheet_path", None)
            merges: list[bytes] = []
            uncached: set[bytes] = set()
            if isinstance(part, str):
                merges, uncached = _scan(archive, part.lstrip("/"), file)
            try:
                sheet.reset_dimensions()
                rows, wide = _rows(sheet, limits, file)
            except WorkbookError:
                raise
            except Exception as exc:
                raise _refuse(
                    file,
                    _("sheet {sheet} cannot be read ({kind}: {error})").format(
                        sheet=sheet.title, kind=type(exc).__name__, error=exc
                    ),
                    _("open it in Excel or WPS and save it again as .xlsx"),
                ) from None
            try:
                boxes = tuple(_box(m) for m in merges)
                formulas = frozenset(_ref(ref) for ref in uncached)
            except (ValueError, TypeError) as exc:
                raise _refuse(
                    file,
                    _("sheet {sheet} has a bad cell reference ({error})").format(
                        sheet=sheet.title, error=exc
                    ),
                ) from None
            yield Grid(
                name=sheet.title, rows=tuple(rows), merges=boxes, uncached=formulas, wide=wide
            )
