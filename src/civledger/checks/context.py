"""What a rule function is given besides the ledger."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from civledger.findings import Issue, PathSegment, Rule, Severity
from civledger.model import Ledger

__all__ = ["Context"]


@attrs.frozen(kw_only=True)
class Context:
    """The run a rule takes part in: the rule itself, the date, the options.

    Rules make their findings with :meth:`issue`, which fills in the rule's
    code, message and hint and locates the path in the ledger's file.

    Examples
    --------
    >>> from civledger import testing
    >>> from civledger.findings import Rule
    >>> rule = Rule(code="DEM001", name="demo", title="demo", message="{n} tasks")
    >>> ledger = testing.small_ledger()
    >>> ctx = Context(rule=rule, ledger=ledger, as_of=date(2026, 5, 1))
    >>> str(ctx.issue("tasks", 0, subjects=["T-001"], n=2))
    '$.tasks[0]: DEM001 2 tasks'
    """

    rule: Rule
    ledger: Ledger
    as_of: date
    strict: bool = False
    catalogue: frozenset[str] = frozenset()
    options: Mapping[str, Any] = attrs.field(factory=dict)

    def issue(
        self,
        *path: PathSegment,
        subjects: Any = (),
        hint: str | None = None,
        severity: Severity | None = None,
        **params: Any,
    ) -> Issue:
        """A finding of the running rule at ``path`` in the ledger."""
        return self.rule.issue(
            self.ledger.locate(*path),
            subjects=tuple(subjects),
            hint=hint,
            severity=severity,
            **params,
        )
