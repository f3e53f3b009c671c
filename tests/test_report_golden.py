"""Golden outputs: every table report in every format on the example ledger.

The files under ``tests/golden/reports/`` were checked by hand against the ledger
(see the spot checks in test_reports_example.py). They are what a campaign office
sees: the reports are rendered in Chinese, whatever the language of the test run.
After a deliberate change, rewrite them with
``pytest tests/test_report_golden.py --update-golden`` and read the diff before
committing it. Workbooks are compared cell by cell and style by
style (read back with openpyxl), not byte by byte: their zip container carries a
timestamp.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import civledger
from civledger import Ledger, Table
from civledger.i18n import use_language

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "reports"
EXAMPLE = ROOT / "examples" / "zhecheng.yaml"

CASES: dict[str, Callable[[Ledger], Table]] = {
    "progress": lambda ledger: civledger.progress_report(ledger),
    "progress-community": lambda ledger: civledger.progress_report(ledger, level="community"),
    "ranking-2026-05": lambda ledger: civledger.ranking_report(ledger, period="2026-05"),
    "ranking-community-2026-06": lambda ledger: civledger.ranking_report(
        ledger, period="2026-06", level="community"
    ),
    "coverage": lambda ledger: civledger.coverage_report(ledger),
    "scorecard": lambda ledger: civledger.scorecard_report(ledger),
    "overdue": lambda ledger: civledger.overdue_report(ledger),
    "overdue-2026-06-30": lambda ledger: civledger.overdue_report(ledger, as_of=date(2026, 6, 30)),
    "materials": lambda ledger: civledger.materials_report(ledger),
    "cycle": lambda ledger: civledger.cycle_report(ledger),
    "measures": lambda ledger: civledger.measures_report(ledger),
}
TEXT_FORMATS = {"text": "txt", "md": "md", "csv": "csv", "json": "json", "html": "html"}


@pytest.fixture(autouse=True)
def _in_chinese() -> Iterator[None]:
    with use_language("zh"):
        yield


@pytest.fixture(scope="module")
def zhecheng() -> Ledger:
    return civledger.load(EXAMPLE)


def workbook_summary(data: bytes) -> dict[str, Any]:
    """What a person sees of a workbook: the sheet, its cells, formats, widths, panes, filter."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None

    def plain(value: Any) -> Any:
        return value.isoformat() if hasattr(value, "isoformat") else value

    # Row 1 is the title row, row 2 the header, row 3 the first row of data.
    return {
        "sheets": book.sheetnames,
        "title": book.properties.title,
        "freeze_panes": sheet.freeze_panes,
        "auto_filter": sheet.auto_filter.ref,
        "print_title_rows": sheet.print_title_rows,
        "widths": {letter: dim.width for letter, dim in sorted(sheet.column_dimensions.items())},
        "title_bold": sheet["A1"].font.bold,
        "header_bold": [cell.font.bold for cell in sheet[2]],
        "rows": [[plain(cell.value) for cell in row] for row in sheet.iter_rows()],
        "formats": [
            [cell.number_format for cell in row] for row in sheet.iter_rows(min_row=3, max_row=3)
        ],
        "wrapped": [cell.column_letter for cell in sheet[3] if cell.alignment.wrap_text],
    }


def _compare(path: Path, made: str, update: bool) -> None:
    if update:
        path.write_text(made, encoding="utf-8", newline="")
        return
    assert path.exists(), f"no golden file {path.name}: run pytest --update-golden"
    assert made == path.read_bytes().decode("utf-8"), path.name


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", sorted(TEXT_FORMATS))
def test_a_report_matches_its_golden_text(
    zhecheng: Ledger, case: str, fmt: str, update_golden: bool
) -> None:
    table = CASES[case](zhecheng)
    made = civledger.render(table, fmt).decode("utf-8")  # type: ignore[arg-type]
    _compare(GOLDEN / f"{case}.{TEXT_FORMATS[fmt]}", made, update_golden)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_report_matches_its_golden_workbook(
    zhecheng: Ledger, case: str, update_golden: bool
) -> None:
    summary = workbook_summary(civledger.render(CASES[case](zhecheng), "xlsx"))
    made = json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
    _compare(GOLDEN / f"{case}.xlsx.json", made, update_golden)


def test_every_golden_file_belongs_to_a_case() -> None:
    expected = {f"{c}.{ext}" for c in CASES for ext in TEXT_FORMATS.values()}
    expected |= {f"{c}.xlsx.json" for c in CASES}
    assert {p.name for p in GOLDEN.iterdir()} == expected


def test_rendering_twice_gives_the_same_bytes(zhecheng: Ledger) -> None:
    for make in CASES.values():
        for fmt in TEXT_FORMATS:
            first = civledger.render(make(zhecheng), fmt)  # type: ignore[arg-type]
            again = civledger.render(make(civledger.load(EXAMPLE)), fmt)  # type: ignore[arg-type]
            assert first == again
