"""Excel workbooks into ledgers, with what the import found put into words.

The reading itself sits with the other formats (:mod:`civledger.io.xlsx`);
this module joins it to the XLS rules of :mod:`civledger.checks.rules.xls`,
which word what the reader observed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import attrs

from civledger.checks import word
from civledger.io.xlsx import HeaderMap, Limits, XlsxImport, read_workbook
from civledger.model import Ledger
from civledger.model.arguments import DayLike, as_ledger, as_optional_day

__all__ = ["import_xlsx"]


def import_xlsx(
    path: str | os.PathLike[str],
    into: Ledger,
    *,
    sheets: Sequence[str] | None = None,
    headers: Mapping[str, str] | HeaderMap | None = None,
    reference: DayLike | None = None,
    limits: Limits | None = None,
    reader: str | None = None,
) -> XlsxImport:
    """Import the work ledgers and problem lists of an .xlsx workbook into a ledger.

    Every cell the import could not understand is an XLS finding in the
    result's ``issues``, located at its sheet, row and column.

    Parameters
    ----------
    path
        The workbook (.xlsx).
    into
        The ledger whose units, people and frameworks the cells are matched to,
        and into which the rows are merged.
    sheets
        The sheets to read (all worksheets by default).
    headers
        Your own headers: ``{"主责科室": "lead", "联系电话": "-"}`` (see
        :data:`civledger.io.xlsx.headers.FIELDS`); they win over the built-in ones.
    reference
        The date deadlines without a year are read against (default:
        :func:`civledger.io.xlsx.reference_date`). A problem's deadline is read against the day it
        was found when the row gives it. 是否销号 is compared with the journal
        as of this date (default: the campaign's ``as_of``, else today).
    limits
        File size and row limits (:class:`civledger.io.xlsx.Limits`).
    reader
        ``"calamine"`` or ``"openpyxl"``: which reads the cells (the results are the
        same). By default the environment variable ``CIVLEDGER_XLSX_READER``, else
        calamine when it is installed (the ``fast-xlsx`` extra), else openpyxl.

    Raises
    ------
    WorkbookError
        When the file cannot be read as a workbook at all.
    ArgumentError
        When ``reader`` names no reader.
    MissingExtraError
        When the reader asked for is not installed.

    Examples
    --------
    >>> import civledger, tempfile, pathlib, openpyxl
    >>> from civledger import testing
    >>> book = openpyxl.Workbook()
    >>> sheet = book.active
    >>> sheet.append(["柘城县创城工作台账"])
    >>> sheet.append(["序号", "工作任务", "牵头单位", "完成时限"])
    >>> sheet.append([1, "背街小巷环境整治", "龙源办事处", "6月30日前"])
    >>> sheet.append([2, "农贸市场整治", "县市场局", "6月底"])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "台账.xlsx"
    >>> book.save(path)
    >>> result = civledger.import_xlsx(path, into=testing.small_ledger())
    >>> [(t.title, t.lead, t.due) for t in result.tasks]  # doctest: +NORMALIZE_WHITESPACE
    [('背街小巷环境整治', 'zc-ly', datetime.date(2026, 6, 30)),
     ('农贸市场整治', None, datetime.date(2026, 6, 30))]
    >>> for issue in result.issues:
    ...     print(issue.location.cell, issue.code, issue.message)
    Sheet!C4 XLS004 牵头单位: '县市场局' is not a unit of the ledger
    >>> result.summary()
    '2 added, 0 changed, 0 unchanged, 2 not in the workbook (left alone), 0 rows kept raw; 1 error'
    """
    into = as_ledger(into, "into")
    reference = as_optional_day(reference, "reference", into.campaign.zone())
    result = read_workbook(
        path,
        into,
        sheets=sheets,
        headers=headers,
        reference=reference,
        limits=limits,
        reader=reader,
    )
    return attrs.evolve(result, issues=tuple(word(result.observations)))
