"""Excel ledgers in and out: import the 台账 offices keep in .xlsx, export ledgers back.

- :func:`import_xlsx` reads work ledgers and problem lists with Chinese headers
  into a ledger, reporting every cell it could not understand as an XLS finding
  with its sheet, row and column;
- :func:`export_xlsx` writes a ledger in the layout the import reads back;
- :func:`write_table` writes one table to a sheet (bold frozen header, auto
  filter, CJK-aware widths), for any report;
- :func:`header_aliases` lists the headers civledger knows, by field.

openpyxl (the ``xlsx`` extra) is imported only when a workbook is read or written.
"""

from civledger.xlsx.headers import FIELDS, HeaderMap, header_aliases
from civledger.xlsx.importer import SheetSummary, XlsxImport, import_xlsx, reference_date
from civledger.xlsx.read import Limits
from civledger.xlsx.write import SHEETS, export_xlsx, task_rows, write_table

__all__ = [
    "FIELDS",
    "SHEETS",
    "HeaderMap",
    "Limits",
    "SheetSummary",
    "XlsxImport",
    "export_xlsx",
    "header_aliases",
    "import_xlsx",
    "reference_date",
    "task_rows",
    "write_table",
]
