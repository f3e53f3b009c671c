"""The built-in rules, one module per family (LDG in two: loading and ledger)."""

from civledger.checks.rules import (
    ledger,
    loading,
    measures,
    org,
    ownership,
    schedule,
    scoring,
    signoff,
    xls,
)
from civledger.findings import Rule

__all__ = ["BUILTIN_RULES"]

BUILTIN_RULES: tuple[Rule, ...] = (
    *loading.LOAD_RULES,
    *ledger.RULES,
    *measures.RULES,
    *org.RULES,
    *ownership.RULES,
    *schedule.RULES,
    *scoring.RULES,
    *signoff.RULES,
    *xls.RULES,
)
"""Every rule civledger ships, in code order."""
