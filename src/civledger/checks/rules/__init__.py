"""The built-in rules, one module per family."""

from civledger.checks.rules import ledger, org, ownership, schedule, scoring
from civledger.findings import Rule
from civledger.journal import rules as journal
from civledger.serialization.load_rules import LOAD_RULES
from civledger.xlsx import rules as xlsx

__all__ = ["BUILTIN_RULES"]

BUILTIN_RULES: tuple[Rule, ...] = (
    *LOAD_RULES,
    *ledger.RULES,
    *org.RULES,
    *ownership.RULES,
    *schedule.RULES,
    *scoring.RULES,
    *journal.RULES,
    *xlsx.RULES,
)
"""Every rule civledger ships, in code order."""
