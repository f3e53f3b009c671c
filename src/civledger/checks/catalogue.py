"""The catalogue every check selects from: the built-in rules and those of entry points."""

from __future__ import annotations

import functools
import importlib.metadata
import types
from collections.abc import Iterable
from typing import Any

from civledger.checks.registry import Registry
from civledger.checks.rules import BUILTIN_RULES
from civledger.errors import RuleError
from civledger.findings import Rule
from civledger.i18n import _

__all__ = ["ENTRY_POINT_GROUP", "default_registry", "rules"]

ENTRY_POINT_GROUP = "civledger.rules"
"""The entry-point group third-party rules are published under."""


def _rules_of(target: Any) -> list[Rule]:
    if isinstance(target, Rule):
        return [target]
    if isinstance(target, types.ModuleType):
        found = getattr(target, "RULES", None)
        if found is None:
            found = [v for v in vars(target).values() if isinstance(v, Rule)]
        return list(found)
    if isinstance(target, Iterable):
        return [r for r in target if isinstance(r, Rule)]
    if callable(target):
        return _rules_of(target())
    raise RuleError(
        _("the civledger.rules entry point {target!r} holds no rules").format(target=target)
    )


@functools.cache
def default_registry() -> Registry:
    """The built-in rules plus those published under the ``civledger.rules`` entry point.

    An entry point may name a module (its ``RULES``, or every Rule in it), a
    Rule, a list of Rules, or a function returning them.
    """
    registry = Registry(BUILTIN_RULES)
    for entry_point in sorted(
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name
    ):
        try:
            loaded = entry_point.load()
        except Exception as exc:
            raise RuleError(
                _(
                    "the civledger.rules entry point {name} ({value}) failed to load: {error}"
                ).format(name=entry_point.name, value=entry_point.value, error=exc)
            ) from exc
        for item in _rules_of(loaded):
            try:
                registry.add(item)
            except RuleError as exc:
                raise RuleError(
                    _("the civledger.rules entry point {name} ({value}): {error}").format(
                        name=entry_point.name, value=entry_point.value, error=exc
                    )
                ) from None
    return registry


def rules() -> list[Rule]:
    """The catalogue: every rule ``civledger check`` can run, in code order.

    Examples
    --------
    >>> import civledger
    >>> [r.code for r in civledger.rules()][:2]
    ['LDG001', 'LDG002']
    """
    return list(default_registry())
