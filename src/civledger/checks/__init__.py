"""Checks: rules, their catalogue and selection, the runner and the report."""

from civledger.checks.context import Context
from civledger.checks.registry import Registry, default_registry, rule
from civledger.checks.report import Report
from civledger.checks.runner import check

__all__ = ["Context", "Registry", "Report", "check", "default_registry", "rule"]
