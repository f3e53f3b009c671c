"""The codes of what importing a workbook can observe.

The importer records each cell it could not understand as an
:class:`~civledger.findings.Observation` with one of these codes, located at
its sheet, row and column; the XLS rules of :mod:`civledger.checks.rules.xls`
put it into words.
"""

NO_TABLE = "XLS001"
COLUMN_NOT_IMPORTED = "XLS002"
RAW_ROW = "XLS003"
UNKNOWN_UNIT = "XLS004"
AMBIGUOUS_UNIT = "XLS005"
BAD_DEADLINE = "XLS006"
BAD_DATE = "XLS007"
UNCACHED_FORMULA = "XLS008"
UNKNOWN_PERSON = "XLS009"
UNKNOWN_STANDARD = "XLS010"
BAD_VALUE = "XLS011"
DUPLICATE_ROW = "XLS012"
SIGN_OFF_MISMATCH = "XLS013"
ERROR_VALUE = "XLS014"

CELL_ERRORS = frozenset(
    (
        UNKNOWN_UNIT,
        AMBIGUOUS_UNIT,
        BAD_DEADLINE,
        BAD_DATE,
        UNCACHED_FORMULA,
        UNKNOWN_PERSON,
        UNKNOWN_STANDARD,
        BAD_VALUE,
        ERROR_VALUE,
    )
)
"""The codes that say a cell of a row could not be read: its value is lost from the task. A
row read with one gets an id that names its sheet and row (see :mod:`civledger.io.xlsx.ids`)."""
