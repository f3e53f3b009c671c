"""Checks: rules, their catalogue and selection, the runner and the report."""

from civledger.checks.catalogue import default_registry
from civledger.checks.context import Context
from civledger.checks.registry import Registry, rule
from civledger.checks.report import Report
from civledger.checks.runner import check, word

__all__ = ["Context", "Registry", "Report", "check", "default_registry", "rule", "word"]
