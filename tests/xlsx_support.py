"""Helpers for the Excel tests: a base ledger, and workbooks written cell by cell with openpyxl."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from civledger import Campaign, Issue, Ledger
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
    import attrs

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
