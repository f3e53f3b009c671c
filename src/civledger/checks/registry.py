"""The rule catalogue: registering rules, and choosing which ones run.

Selection follows ruff: a selector is ``ALL``, a family prefix (``ORG``), a
longer prefix (``ORG00``), a full code (``ORG002``) or a rule name
(``unit-cycle``). For each rule the most specific matching selector of
``select`` and ``ignore`` decides; on a tie, ``ignore`` wins. Tiers follow
hledger: basic rules run whenever selected, strict rules also need
``strict=True`` (or their own code named), extra rules run only when named.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence

from civledger.errors import RuleError
from civledger.findings import Issue, Rule, Severity, Tier
from civledger.i18n import _, join

__all__ = ["Registry", "rule"]


def rule(
    code: str,
    name: str,
    *,
    title: str,
    message: str,
    severity: Severity | str = Severity.ERROR,
    tier: Tier | str = Tier.BASIC,
    hint: str | None = None,
    description: str | None = None,
) -> Callable[[Callable[..., Iterable[Issue]]], Rule]:
    """Make a rule of a function ``(ledger, context) -> Iterator[Issue]``.

    The decorated name becomes the :class:`~civledger.Rule`. Pass it to
    :func:`civledger.check` with ``rules=[...]``, or publish the module that
    holds it under the ``civledger.rules`` entry point so that every
    ``civledger check`` runs it. ``description`` says what the rule asks and why;
    without it, the function's docstring is the rule's description.

    The texts (``title``, ``message``, ``hint``, ``description``) are English
    messages shown through the catalog (:mod:`civledger.i18n`): civledger's own
    rules mark them ``N_("...")`` so that they are extracted and translated; a
    text the catalog does not know is shown as it is written.

    Examples
    --------
    >>> import civledger
    >>> @civledger.rule("ACM001", "title-too-long", title="Task title too long",
    ...                 message="title has {length} characters", severity="warning",
    ...                 hint="keep titles under 30 characters")
    ... def title_too_long(ledger, ctx):
    ...     '''Long titles do not fit the battle map.'''
    ...     for i, task in enumerate(ledger.tasks):
    ...         if len(task.title) > 30:
    ...             yield ctx.issue("tasks", i, "title", subjects=[task.id], length=len(task.title))
    >>> title_too_long.code, title_too_long.severity.label
    ('ACM001', '警告')
    """

    def make(function: Callable[..., Iterable[Issue]]) -> Rule:
        return Rule(
            code=code,
            name=name,
            title=title,
            message=message,
            severity=Severity.parse(severity),
            tier=Tier.parse(tier),
            hint=hint,
            description=description
            if description is not None
            else (inspect.cleandoc(function.__doc__) if function.__doc__ else None),
            check=function,
        )

    return make


class Registry:
    """A catalogue of rules, by code and by name.

    Examples
    --------
    >>> from civledger.checks.catalogue import default_registry
    >>> reg = default_registry()
    >>> reg["LDG001"].name, reg["unknown-key"].code
    ('unknown-key', 'LDG001')
    >>> [r.code for r in reg.select(["LDG"], ["LDG002"])][:3]
    ['LDG001', 'LDG003', 'LDG004']
    """

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._by_code: dict[str, Rule] = {}
        self._by_name: dict[str, Rule] = {}
        for item in rules:
            self.add(item)

    def add(self, item: Rule) -> Rule:
        """Add a rule; its code and name must be new to the catalogue."""
        if item.code in self._by_code:
            raise RuleError(_("two rules have the code {code}").format(code=item.code))
        if item.name in self._by_name:
            raise RuleError(_("two rules have the name {name}").format(name=item.name))
        self._by_code[item.code] = item
        self._by_name[item.name] = item
        return item

    def extended(self, rules: Iterable[Rule]) -> Registry:
        """A new catalogue with these rules added."""
        return Registry([*self, *rules])

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._by_code.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code_or_name: object) -> bool:
        return code_or_name in self._by_code or code_or_name in self._by_name

    def __getitem__(self, code_or_name: str) -> Rule:
        found = self._by_code.get(code_or_name) or self._by_name.get(code_or_name)
        if found is None:
            raise RuleError(
                _("no rule {rule!r}").format(rule=code_or_name) + self._suggest(code_or_name)
            )
        return found

    def codes(self) -> frozenset[str]:
        """The codes of every rule in the catalogue."""
        return frozenset(self._by_code)

    def _suggest(self, text: str) -> str:
        close = difflib.get_close_matches(text, [*self._by_code, *self._by_name], n=3)
        if not close:
            return ""
        return _("; did you mean {rules}?").format(rules=join(close))

    def _specificity(self, selector: str, item: Rule) -> int | None:
        if selector == "ALL":
            return 0
        if selector == item.name or selector == item.code:
            return 100
        if item.code.startswith(selector):
            return len(selector)
        return None

    def _check_selectors(self, selectors: Sequence[str]) -> None:
        for selector in selectors:
            if selector == "ALL" or selector in self._by_name:
                continue
            if not any(code.startswith(selector) for code in self._by_code):
                raise RuleError(
                    _("unknown rule selector {selector!r}").format(selector=selector)
                    + self._suggest(selector)
                )

    def select(
        self,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        strict: bool = False,
    ) -> list[Rule]:
        """The rules a run with these selectors runs, in code order.

        Raises
        ------
        RuleError
            When a selector matches no rule.
        """
        chosen_select = list(select) if select is not None else ["ALL"]
        chosen_ignore = list(ignore or ())
        self._check_selectors(chosen_select)
        self._check_selectors(chosen_ignore)
        result = []
        for item in self:
            best_in = max(
                (s for x in chosen_select if (s := self._specificity(x, item)) is not None),
                default=None,
            )
            best_out = max(
                (s for x in chosen_ignore if (s := self._specificity(x, item)) is not None),
                default=None,
            )
            if best_in is None or (best_out is not None and best_out >= best_in):
                continue
            if item.tier is Tier.EXTRA and best_in < 100:
                continue
            if item.tier is Tier.STRICT and not strict and best_in < 100:
                continue
            result.append(item)
        if not result:
            nothing = _("nothing")
            raise RuleError(
                _("the selectors choose no rule (select {select}; ignore {ignore})").format(
                    select=join(chosen_select) or nothing,
                    ignore=join(chosen_ignore) or nothing,
                )
            )
        return result
