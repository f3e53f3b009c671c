"""Helpers for the Excel tests: a base ledger, and workbooks written cell by cell with openpyxl."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import attrs
import openpyxl

from civledger import Campaign, Issue, Ledger, WorkbookError
from civledger.io.xlsx.grid import Grid, Limits, SheetReader
from civledger.testing import LedgerBuilder

Rows = Sequence[Sequence[Any]]


def base_ledger() -> Ledger:
    """The ledger the test workbooks are imported into."""
    b = LedgerBuilder(
        campaign=Campaign(
            id="zc-2026",
            name="柘城县创建全国文明城市",
            evaluation=date(2026, 7, 20),
            as_of=date(2026, 6, 14),
            office="zc-wmb",
        )
    )
    b.unit("zc", "柘城县", level="county")
    b.unit("zc-wmb", "县文明办", level="department", parent="zc", aliases=["县创城办"])
    b.unit("zc-cg", "县城管局", level="department", parent="zc", aliases=["县城市管理局"])
    b.unit("zc-scjg", "县市场监管局", level="department", parent="zc")
    b.unit("zc-ly", "龙源街道", parent="zc", aliases=["龙源办事处"])
    b.unit("zc-pd", "浦东街道", parent="zc")
    b.unit("zc-cgz", "城关镇", level="town", parent="zc")
    b.unit("zc-ly-xh", "新华社区", level="community", parent="zc-ly")
    b.unit("zc-ly-xh-g1", "新华社区第1网格", level="grid", parent="zc-ly-xh")
    b.unit("zc-pd-dg", "东关社区", level="community", parent="zc-pd")
    b.unit("zc-pd-xh", "新华社区", level="community", parent="zc-pd")  # a second 新华社区
    b.person("p-chen", "陈某某")
    b.person("p-xie", "谢某")
    b.person("p-wang1", "王某")
    b.person("p-wang2", "王某")
    b.person("p-wu", "吴某")
    b.framework("wmcs", ("III", None), ("III-1", "III"), ("III-1-2-1", "III-1"))
    ledger = b.build()
    # Titles of their own, so that cells can name standards by title.
    titles = {"III": "城市环境与生活秩序", "III-1": "市容环境", "III-1-2-1": "背街小巷路面硬化"}
    framework = ledger.frameworks[0]
    nodes = [attrs.evolve(n, title=titles[n.code]) for n in framework.nodes]
    return attrs.evolve(ledger, frameworks=[attrs.evolve(framework, nodes=nodes)])


def workbook(
    path: Path,
    sheets: Mapping[str, Rows],
    *,
    merges: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write a workbook: each sheet's rows from A1 (``None`` is an empty cell), then merges.

    A merged range keeps only its top-left value, as Excel does.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
        for ref in (merges or {}).get(name, ()):
            sheet.merge_cells(ref)
    book.save(path)
    return path


def cache_formulas(path: Path, values: Mapping[str, str]) -> None:
    """Give formula cells the cached values a spreadsheet program would have saved.

    openpyxl writes formulas without a value (``<f>…</f><v></v>``); Excel and WPS
    save the value they computed. ``values`` maps a cell (``D5``) to the value's
    text as the sheet XML holds it (``42``).
    """
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():
        if not name.startswith("xl/worksheets/"):
            continue
        text = data.decode("utf-8")
        for ref, cached in values.items():
            formula = rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>\s*)'
            text = re.sub(
                rf"{formula}<v\s*/>|{formula}<v>\s*</v>",
                lambda m, v=cached: (m.group(1) or m.group(2)) + f"<v>{v}</v>",
                text,
            )
        parts[name] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def found(issues: Sequence[Issue]) -> list[tuple[str, str | None, str]]:
    """The findings as ``(code, cell, message)``, in report order."""
    return [(i.code, i.location.cell, i.message) for i in issues]


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_REL = _REL_NS + "/worksheet"


def raw_workbook(
    path: Path,
    sheets: Mapping[str, str],
    *,
    shared: Sequence[str] = (),
    formats: Sequence[int | str] = (),
    date1904: bool = False,
    hidden: Sequence[str] = (),
) -> Path:
    """Write a workbook part by part, the way Excel and WPS write them, not openpyxl.

    ``sheets`` maps a name to its worksheet XML from ``<sheetData>`` on (merges may
    follow), or to a whole ``<worksheet>`` document. ``shared`` are the ``<si>``
    items of the shared strings; ``formats`` the number format of cell styles 1, 2…
    (a built-in id, or a format code of its own); ``date1904`` the Mac date system.
    """
    names = list(sheets)
    sheet_entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"'
        + (' state="hidden"' if name in hidden else "")
        + "/>"
        for i, name in enumerate(names, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_SHEET_REL}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    n = len(names)
    rels += (
        f'<Relationship Id="rId{n + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{_REL_NS}/sharedStrings" '
        'Target="sharedStrings.xml"/>'
    )
    custom = [(164 + i, code) for i, code in enumerate(f for f in formats if isinstance(f, str))]
    ids = iter(i for i, _ in custom)
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'] + [
        f'<xf numFmtId="{f if isinstance(f, int) else next(ids)}" fontId="0" fillId="0" '
        'borderId="0" xfId="0" applyNumberFormat="1"/>'
        for f in formats
    ]
    numfmts = "".join(
        f'<numFmt numFmtId="{i}" formatCode="{code.replace(chr(34), "&quot;")}"/>'
        for i, code in custom
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            + ('<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>")
            + f"<sheets>{sheet_entries}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>"
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<styleSheet xmlns="{_MAIN_NS}">'
            f'<numFmts count="{len(custom)}">{numfmts}</numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            "</styleSheet>"
        ),
        "xl/sharedStrings.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<sst xmlns="{_MAIN_NS}" count="{len(shared)}" uniqueCount="{len(shared)}">'
            f"{''.join(shared)}</sst>"
        ),
    }
    for i, body in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            body
            if body.lstrip().startswith("<?xml") or "<worksheet" in body
            else '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">{body}</worksheet>'
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return path


# -- the two readers ---------------------------------------------------------------------------

CALAMINE = importlib.util.find_spec("python_calamine") is not None
"""Whether python-calamine is installed (the ``fast-xlsx`` extra; CI installs it)."""

_TICK = timedelta(milliseconds=1)


def _same_value(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    # Both readers round a date-time to the millisecond; at a tie (x.5 ms) the two
    # floating-point paths may round apart.
    if isinstance(a, datetime | timedelta):
        return bool(abs(a - b) <= _TICK)
    if isinstance(a, time):
        day = date(2000, 1, 1)
        return abs(datetime.combine(day, a) - datetime.combine(day, b)) <= _TICK
    return bool(a == b)


def grid_differences(got: Sequence[Grid], expected: Sequence[Grid]) -> list[str]:
    """How two readers' grids of one workbook differ: values, types, shapes; ``[]`` when alike."""
    out: list[str] = []
    if [g.name for g in got] != [g.name for g in expected]:
        return [f"sheets {[g.name for g in got]} != {[g.name for g in expected]}"]
    for a, b in zip(got, expected, strict=True):
        for field in ("merges", "uncached", "wide"):
            if getattr(a, field) != getattr(b, field):
                out.append(f"{a.name}: {field} {getattr(a, field)} != {getattr(b, field)}")
        if len(a.rows) != len(b.rows):
            out.append(f"{a.name}: {len(a.rows)} rows != {len(b.rows)}")
        for number, (x, y) in enumerate(zip(a.rows, b.rows, strict=False), 1):
            if len(x) != len(y) or not all(map(_same_value, x, y)):
                out.append(f"{a.name}!{number}: {x!r} != {y!r}")
    return out


@attrs.frozen
class BothReaders:
    """A reader that reads with ``primary`` and checks the grids against ``reference``'s.

    The root conftest puts it in place of calamine for every test and doctest, so
    that every workbook the tests read is read by both readers: the grids must be
    the same, and a workbook one refuses the other must refuse too.
    """

    primary: SheetReader
    reference: SheetReader

    @property
    def name(self) -> str:
        return self.primary.name

    @property
    def package(self) -> str:
        return self.primary.package

    def grids(self, file: str, limits: Limits, sheets: Sequence[str] | None) -> Iterator[Grid]:
        got, refused = _read(self.primary, file, limits, sheets)
        expected, expected_refusal = _read(self.reference, file, limits, sheets)
        if refused is not None or expected_refusal is not None:
            assert refused is not None, f"only {self.reference.name} refused {file}"
            assert expected_refusal is not None, f"only {self.primary.name} refused {file}"
            if "cannot be read" not in str(expected_refusal):  # not a library's words
                assert str(refused) == str(expected_refusal)
            raise refused
        differences = grid_differences(got, expected)
        assert not differences, f"the readers differ on {file}: {differences[:5]}"
        return iter(got)


def _read(
    reader: SheetReader, file: str, limits: Limits, sheets: Sequence[str] | None
) -> tuple[list[Grid], WorkbookError | None]:
    try:
        return list(reader.grids(file, limits, sheets)), None
    except WorkbookError as exc:
        return [], exc
