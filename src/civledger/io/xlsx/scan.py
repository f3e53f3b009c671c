"""What a sheet's XML says that the cell readers do not: merges, uncached formulas, errors.

openpyxl in read-only mode does not expose merged cells, and neither openpyxl nor
python-calamine tells a formula saved without a value from an empty cell; calamine
reads an Excel error (``#N/A``) as an empty cell. :func:`scan_sheet` reads a
sheet's XML part once, with the standard library's zip reader, in chunks, and
picks out just those: it searches the bytes for the few tags it needs and parses
nothing else, so it costs about what unzipping the part costs.

For the calamine reader it also measures the sheet (:class:`Extent`): calamine
holds a sheet as a rectangle from its first cell to its last, and a tiny file
with one cell in A1 and one in XFD1048576 would ask it for hundreds of
gigabytes (the process is killed, not an exception raised); nor does it expect
rows out of order. A sheet whose rectangle is out of proportion to its cells is
read with openpyxl, which reads cell by cell.

The zip reader reads a part up to the size its directory declares, never more
(calamine refuses a part that unzips to more): together with
:func:`civledger.io.xlsx.read.check_file`, which refuses a workbook whose declared
sizes add up past the limit, that bounds what is read.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

import attrs

from civledger.i18n import _
from civledger.io.xlsx.grid import refuse

__all__ = ["Extent", "Marks", "cell", "scan_sheet", "sheet_parts"]

_CHUNK = 4 * 2**20
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_PLAIN_FORMULA = re.compile(rb"<f[\s>/]")  # a literal first: searched as fast as bytes
_ERROR = re.compile(rb"""\st=["']e["']""")
_SPACED_ERROR = re.compile(rb"""\st\s*=\s*["']e["']""")  # XML allows t = "e"; no writer does
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_CELL_REF = re.compile(rb'\br="([A-Za-z]+)([0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_ERROR_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]+)<")
# A literal first, so that the search runs at the speed of a plain byte search; a cell
# written another way (a prefix, no reference, a line break in the tag) makes the sheet
# not "plain" (see Extent).
_REF_ROW = re.compile(rb'<c r="[A-Za-z]+([0-9]+)"')
_REF_COLUMN = re.compile(rb'<c r="([A-Za-z]+)[0-9]')
_ODD_CELL = re.compile(rb"<c[>/\t\n\r]")
_LOOK_BACK = 1024  # how far before a formula, or an error's type, its cell's start tag may be

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_REL_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@attrs.frozen(kw_only=True)
class Extent:
    """How big a sheet's cells say it is.

    ``cells`` counts the cells; ``rows`` and ``columns`` are the last row and
    column they refer to. ``plain`` says the measure can be trusted: every cell
    is written ``<c r="B7" ...>`` (no namespace prefix, its reference first), and
    the references go down the sheet row after row, as Excel, WPS and openpyxl
    write them.
    """

    cells: int
    rows: int
    columns: int
    plain: bool

    @property
    def rectangle(self) -> int:
        """The cells from A1 to the last row and column: what a dense reader holds."""
        return self.rows * self.columns


@attrs.frozen(kw_only=True)
class Marks:
    """What the scan of one sheet found; cells are ``(row, column)``, 1-based.

    ``merges`` are ``(min_col, min_row, max_col, max_row)`` in the order of the
    sheet (empty when not asked for); ``uncached`` the formula cells without a
    cached value; ``errors`` the cells holding an Excel error, with its text
    (empty when not asked for).
    """

    merges: tuple[tuple[int, int, int, int], ...] = ()
    uncached: frozenset[tuple[int, int]] = frozenset()
    errors: tuple[tuple[tuple[int, int], str], ...] = ()
    extent: Extent | None = None


def column(letters: str) -> int:
    """The 1-based number of a column's letters.

    Examples
    --------
    >>> column("A"), column("iv"), column("XFD")
    (1, 256, 16384)
    """
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def cell(ref: str) -> tuple[int, int]:
    """The ``(row, column)`` of a cell reference, 1-based.

    Examples
    --------
    >>> cell("A1"), cell("ab12"), cell("XFD1048576")
    ((1, 1), (12, 28), (1048576, 16384))
    """
    match = re.fullmatch(r"([A-Za-z]{1,3})([0-9]{1,7})", ref)
    if match is None or int(match.group(2)) < 1:
        raise ValueError(f"{ref!r} is not a cell reference")
    return int(match.group(2)), column(match.group(1))


def _box(ref: bytes) -> tuple[int, int, int, int]:
    first, _, last = ref.decode("ascii").partition(":")
    top, left = cell(first)
    bottom, right = cell(last or first)
    return (left, top, right, bottom)


def scan_sheet(
    archive: zipfile.ZipFile,
    part: str,
    file: str,
    *,
    merges: bool = False,
    errors: bool = False,
    extent: bool = False,
) -> Marks:
    """Scan a sheet's XML part for its uncached formulas; its merges, errors and extent if asked.

    Raises
    ------
    WorkbookError
        When the part is missing or damaged, or names a cell that is no cell.
    """
    found = _Found(measure=extent)
    carry = b""
    try:
        with archive.open(part) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                buffer = carry + chunk
                if not chunk:
                    found.cells(buffer, len(buffer), errors=errors)
                    if merges and b"mergeCell" in buffer:
                        found.merges.extend(_MERGE.findall(buffer))
                    break
                # Rows are whole units: read up to the end of the last complete row.
                last = buffer.rfind(b"row>")
                cut = last + 4 if last >= 0 else 0
                found.cells(buffer, cut, errors=errors)
                carry = buffer[cut:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise refuse(
            file,
            _("part {part} is damaged ({error})").format(part=part, error=exc),
            _("open it in Excel or WPS and save it again"),
        ) from None
    try:
        return Marks(
            merges=tuple(_box(m) for m in found.merges),
            uncached=frozenset(cell(r.decode("ascii")) for r in found.uncached),
            errors=tuple(
                (cell(r.decode("ascii")), v.decode("utf-8", "replace")) for r, v in found.errors
            ),
            extent=found.extent() if extent else None,
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise refuse(
            file, _("part {part} has a bad cell reference ({error})").format(part=part, error=exc)
        ) from None


@attrs.define
class _Found:
    measure: bool
    merges: list[bytes] = attrs.Factory(list)
    uncached: set[bytes] = attrs.Factory(set)
    errors: list[tuple[bytes, bytes]] = attrs.Factory(list)
    refs: int = 0
    last_row: int = 0
    max_row: int = 0
    letters: set[bytes] = attrs.Factory(set)
    plain: bool = True
    prefixed: bool | None = None  # whether the sheet's elements have a namespace prefix

    def extent(self) -> Extent:
        return Extent(
            cells=self.refs,
            rows=self.max_row,
            columns=max((column(x.decode("ascii")) for x in self.letters), default=0),
            plain=self.plain and self.prefixed is False,
        )

    def _measure(self, buffer: bytes, end: int) -> None:
        rows = list(map(int, _REF_ROW.findall(buffer, 0, end)))
        if len(rows) != buffer.count(b"<c ", 0, end) or _ODD_CELL.search(buffer, 0, end):
            self.plain = False
        if rows:
            self.refs += len(rows)
            if rows[0] < self.last_row or rows != sorted(rows):
                self.plain = False
            self.last_row = rows[-1]
            self.max_row = max(self.max_row, rows[-1])
            self.letters.update(_REF_COLUMN.findall(buffer, 0, end))

    def cells(self, buffer: bytes, end: int, *, errors: bool) -> None:
        # Each search below is a plain search of the bytes, as fast as one can be; the
        # regular expressions run only where there is something to find.
        if self.prefixed is None and b"sheetData" in buffer:
            self.prefixed = b"<sheetData" not in buffer
        prefixed = self.prefixed is not False
        if self.measure and not prefixed:
            self._measure(buffer, end)
        if (prefixed and b":f" in buffer) or b"<f" in buffer:
            # An expression that may begin with a namespace prefix searches slowly.
            formula = _FORMULA if prefixed else _PLAIN_FORMULA
            for match in formula.finditer(buffer, 0, end):
                self._formula(buffer, match.start(), match.end())
        if errors:
            tight = buffer.count(b't="e"') + buffer.count(b"t='e'")
            # A quoted e that is not right after t= is a text, or a type written t = "e":
            # only then the slower expression, which allows white space around the =.
            spaced = buffer.count(b'"e"') + buffer.count(b"'e'") > tight
            if tight or spaced:
                error = _SPACED_ERROR if spaced else _ERROR
                for match in error.finditer(buffer, 0, end):
                    self._error(buffer, match.start())

    @staticmethod
    def _start_tag(buffer: bytes, at: int) -> tuple[int, int, bytes | None]:
        """Where the start tag of the cell holding ``at`` (or just before it) begins and ends,
        and the cell's reference."""
        start = -1
        for tag in _CELL_START.finditer(buffer, max(0, at - _LOOK_BACK), at):
            start = tag.start()
        if start < 0:
            return -1, -1, None
        tag_end = buffer.find(b">", start)
        ref = _CELL_REF.search(buffer, start, tag_end if tag_end >= 0 else len(buffer))
        return start, tag_end, (ref.group(1) + ref.group(2)) if ref else None

    def _formula(self, buffer: bytes, start: int, end: int) -> None:
        _, _, ref = self._start_tag(buffer, start)
        close = buffer.find(b"c>", end)
        stop = close if close >= 0 else len(buffer)
        if ref is not None and not _VALUE.search(buffer, end, stop):
            self.uncached.add(ref)

    def _error(self, buffer: bytes, at: int) -> None:
        start, tag_end, ref = self._start_tag(buffer, at)
        if ref is None or not start < at < tag_end or buffer[tag_end - 1 : tag_end] == b"/":
            return  # not a cell's type (t="e" in a text), or an error cell without a value
        close = buffer.find(b"c>", tag_end)
        value = _ERROR_VALUE.search(buffer, tag_end, close if close >= 0 else len(buffer))
        if value is not None:
            self.errors.append((ref, value.group(1)))


def sheet_parts(archive: zipfile.ZipFile, file: str) -> dict[str, str]:
    """The zip part of each worksheet, by sheet name, in workbook order.

    Raises
    ------
    WorkbookError
        When the workbook part or its relationships cannot be read.
    """
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels_part = "xl/_rels/workbook.xml.rels"
        rels = ET.fromstring(archive.read(rels_part)) if rels_part in archive.namelist() else None
    except (ET.ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
        raise refuse(
            file,
            _("cannot be read as a workbook ({kind}: {error})").format(
                kind=type(exc).__name__, error=exc
            ),
            _("open it in Excel or WPS and save it again as .xlsx"),
        ) from None
    targets: dict[str, str] = {}
    for rel in rels.iter(_RELS) if rels is not None else ():
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id", "")] = posixpath.normpath(path)
    parts: dict[str, str] = {}
    for sheet in [*book.iter(f"{_MAIN}sheet"), *book.iter(f"{_STRICT}sheet")]:
        rel_id = sheet.get(_REL_ID) or sheet.get(_STRICT_REL_ID) or ""
        if rel_id in targets:
            parts[sheet.get("name", "")] = targets[rel_id]
    return parts
