"""The codes of what loading a ledger can observe.

The loader records each problem as an :class:`~civledger.findings.Observation`
with one of these codes; the LDG rules of :mod:`civledger.checks.rules.loading`
put it into words.
"""

UNKNOWN_KEY = "LDG001"
WRONG_TYPE = "LDG002"
BAD_DATE = "LDG003"
UNKNOWN_VALUE = "LDG004"
MISSING_KEY = "LDG005"
INVALID_VALUE = "LDG006"
BAD_JOURNAL_LINE = "LDG014"
TORN_JOURNAL_LINE = "LDG015"
FILE_OUTSIDE = "LDG016"
REPEATED_KEY = "LDG017"
TORN_LINE_MOVED = "LDG018"
