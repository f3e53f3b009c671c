"""Excel ledgers in and out: import the 台账 offices keep in .xlsx, export ledgers back.

- :func:`read_workbook` reads work ledgers and problem lists with Chinese headers
  into a ledger, observing every cell it could not understand with its sheet,
  row and column (:func:`civledger.import_xlsx` words them as XLS findings);
- :func:`export_xlsx` writes a ledger in the layout the import reads back;
- :func:`write_table` writes one table to a sheet (bold frozen header, auto
  filter, CJK-aware widths), for any report;
- :func:`header_aliases` lists the headers civledger knows, by field;
- :func:`choose_reader` says which reader an import uses: python-calamine (the
  ``fast-xlsx`` extra) when it is installed, else openpyxl; ``CIVLEDGER_XLSX_READER``
  (:data:`READER_VARIABLE`) or an import's ``reader`` chooses.

openpyxl (the ``xlsx`` extra) and python-calamine are imported only when a workbook is
read or written.
"""

from civledger.io.xlsx.grid import Limits
from civledger.io.xlsx.headers import FIELDS, HeaderMap, header_aliases
from civledger.io.xlsx.importer import SheetSummary, XlsxImport, read_workbook, reference_date
from civledger.io.xlsx.read import READER_VARIABLE, READERS, choose_reader
from civledger.io.xlsx.write import SHEETS, export_xlsx, task_rows, write_table

__all__ = [
    "FIELDS",
    "READERS",
    "READER_VARIABLE",
    "SHEETS",
    "HeaderMap",
    "Limits",
    "SheetSummary",
    "XlsxImport",
    "choose_reader",
    "export_xlsx",
    "header_aliases",
    "read_workbook",
    "reference_date",
    "task_rows",
    "write_table",
]
