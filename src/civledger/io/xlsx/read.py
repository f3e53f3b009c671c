"""Open a workbook safely and read its sheets as grids of cell values.

:func:`read_grids` checks the file (:func:`check_file`), then hands it to one of
two readers that produce the same grids (:class:`~civledger.io.xlsx.grid.Grid`):

- ``calamine`` (:mod:`civledger.io.xlsx.read_calamine`), python-calamine, compiled,
  about five times as fast; installed with the ``fast-xlsx`` extra and used when it is;
- ``openpyxl`` (:mod:`civledger.io.xlsx.read_openpyxl`), pure Python, which reads
  every workbook; installed with the ``xlsx`` extra.

The ``reader`` parameter, else the environment variable ``CIVLEDGER_XLSX_READER``
(``openpyxl``, ``calamine`` or ``auto``), chooses; by default (``auto``) calamine
when it can be imported. Formulas are never evaluated, their cached values are read.

Everything that makes a file unreadable as a whole raises
:class:`~civledger.WorkbookError` with a clear message: a file over the size
limit, a zip that would expand beyond its limit, an old ``.xls`` file, a file
that is not a zip, a zip that is not a workbook, a broken part.
"""

from __future__ import annotations

import importlib.util
import os
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from civledger.errors import ArgumentError, MissingExtraError
from civledger.i18n import _, join, lazy
from civledger.io.xlsx.grid import Grid, Limits, SheetReader, refuse
from civledger.io.xlsx.read_calamine import CalamineReader
from civledger.io.xlsx.read_openpyxl import OpenpyxlReader

__all__ = [
    "READERS",
    "READER_VARIABLE",
    "Grid",
    "Limits",
    "check_file",
    "choose_reader",
    "read_grids",
]

_MIB = 2**20
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

READER_VARIABLE = "CIVLEDGER_XLSX_READER"
"""The environment variable that chooses the reader when the call does not."""

READERS: Mapping[str, SheetReader] = {"calamine": CalamineReader(), "openpyxl": OpenpyxlReader()}
"""The readers by name, the one preferred first."""


def choose_reader(name: str | None = None) -> SheetReader:
    """The reader a call uses: ``name``, else ``CIVLEDGER_XLSX_READER``, else the first installed.

    ``auto`` (or nothing) picks the first of :data:`READERS` whose package can be
    imported, and openpyxl when none can (it then says which extra to install).

    Raises
    ------
    ArgumentError
        When the name is not one of :data:`READERS` (nor ``auto``).
    MissingExtraError
        When the reader named is not installed.

    Examples
    --------
    >>> choose_reader("openpyxl").name
    'openpyxl'
    >>> choose_reader("xlrd")
    Traceback (most recent call last):
    ...
    civledger.errors.ArgumentError: reader: 'xlrd' is not a reader; use one of: calamine, ...
    """
    parameter = "reader"
    if name is None:
        name = os.environ.get(READER_VARIABLE) or None
        parameter = READER_VARIABLE
    if name is None or name == "auto":
        for candidate in READERS.values():
            if importlib.util.find_spec(candidate.package) is not None:
                return candidate
        return READERS["openpyxl"]
    chosen = READERS.get(name)
    if chosen is None:
        raise ArgumentError(
            parameter,
            _("{name!r} is not a reader; use one of: {readers}").format(
                name=name, readers=join([*READERS, "auto"])
            ),
        )
    if importlib.util.find_spec(chosen.package) is None:
        extra = "fast-xlsx" if chosen.name == "calamine" else "xlsx"
        package = chosen.package.replace("_", "-")
        raise MissingExtraError(package, extra, lazy("reading Excel workbooks"))
    return chosen


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
        raise refuse(file, _("no such file"), _("check the path")) from None
    except IsADirectoryError:
        raise refuse(file, _("is a folder, not a workbook"), _("name an .xlsx file")) from None
    except OSError as exc:
        raise refuse(
            file, _("cannot be read ({error})").format(error=exc.strerror or exc)
        ) from None
    if size > limits.max_bytes:
        raise refuse(
            file,
            _("is {size:.1f} MiB, more than the limit of {limit:.0f} MiB").format(
                size=size / _MIB, limit=limits.max_bytes / _MIB
            ),
            _("split the workbook, or raise the limit (--max-size)"),
        )
    if size == 0:
        raise refuse(
            file, _("the file is empty"), _("save the workbook from Excel or WPS as .xlsx")
        )
    if head == _OLE2:
        raise refuse(
            file,
            _("is an Excel 97-2003 (.xls) file or a password-protected workbook"),
            _("open it in Excel or WPS and save it as an unprotected .xlsx workbook"),
        )
    if not head.startswith(b"PK"):
        raise refuse(
            file,
            _("is not an .xlsx workbook (not a zip file; a CSV or HTML export?)"),
            _("open it in Excel or WPS and save it as .xlsx"),
        )
    try:
        with zipfile.ZipFile(target) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(
            file,
            _("is a damaged zip file ({error})").format(error=exc),
            _("open it in Excel or WPS and save it again"),
        ) from None
    if "xl/workbook.xml" not in names:
        raise refuse(
            file,
            _("is a zip file but not an Excel workbook (no xl/workbook.xml)"),
            _(
                "an .xlsx file saved by Excel or WPS is needed; "
                ".ods and .numbers files are not read"
            ),
        )
    if unzipped > limits.max_unzipped:
        raise refuse(
            file,
            _(
                "would expand to {size:.0f} MiB once unzipped, more than the limit of "
                "{limit:.0f} MiB (a zip bomb?)"
            ).format(size=unzipped / _MIB, limit=limits.max_unzipped / _MIB),
            _("check where the file came from"),
        )


def read_grids(
    path: str | os.PathLike[str],
    limits: Limits,
    sheets: Sequence[str] | None = None,
    *,
    reader: str | None = None,
) -> Iterator[Grid]:
    """Read the worksheets of a workbook (or those named), one :class:`Grid` each.

    ``reader`` names the reader (see :func:`choose_reader`).

    Raises
    ------
    WorkbookError
        When the file cannot be read as a workbook (see the module), or a sheet
        named in ``sheets`` is not in it.
    """
    chosen = choose_reader(reader)
    check_file(path, limits)
    return chosen.grids(os.fspath(path), limits, sheets)
