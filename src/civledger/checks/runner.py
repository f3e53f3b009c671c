"""Run the selected rules over a ledger and collect a :class:`Report`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from civledger.checks.catalogue import default_registry
from civledger.checks.context import Context
from civledger.checks.registry import Registry
from civledger.checks.report import Report
from civledger.checks.rules.ledger import UNUSED_WAIVER
from civledger.findings import Issue, Observation, Rule, Severity
from civledger.i18n import N_
from civledger.journal.audit import audit
from civledger.model import Ledger, Waiver
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.progress import NullProgress, Progress

__all__ = ["check", "word"]


def check(
    ledger: Ledger,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    strict: bool = False,
    as_of: DayLike | None = None,
    rules: Iterable[Rule] = (),
    registry: Registry | None = None,
    progress: Progress | None = None,
) -> Report:
    """Check a ledger: the findings of loading it and of every selected rule.

    Parameters
    ----------
    select, ignore
        Rule selectors: ``ALL``, a family (``LDG``), a prefix, a code or a name.
        By default every rule is selected; the most specific selector wins.
    strict
        Also run the strict tier.
    as_of
        The date the check is made on (overdue tasks, expired waivers): by default
        the ledger's ``campaign.as_of`` if it states one, else today in the
        campaign's time zone.
    rules
        Further rules to run, for example made with :func:`civledger.rule`.
    registry
        The catalogue to select from (the built-in rules and entry points by default).
    progress
        Where to report progress.

    Raises
    ------
    RuleError
        When a selector names no rule.

    Examples
    --------
    >>> import civledger, attrs
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> wrong = attrs.evolve(ledger.tasks[0], lead="zc-xx")
    >>> broken = attrs.evolve(ledger, tasks=[wrong, *ledger.tasks[1:]])
    >>> report = civledger.check(broken, as_of=date(2026, 5, 1))
    >>> report.valid
    False
    >>> print(report.issues[0])
    $.tasks[0].lead: LDG008 lead refers to unit 'zc-xx', which the ledger does not define
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    catalogue = registry or default_registry()
    extra = list(rules)
    if extra:
        catalogue = catalogue.extended(extra)
    chosen = catalogue.select(select, ignore, strict)
    codes = frozenset(r.code for r in chosen)
    day = as_of or ledger.campaign.default_date()
    progress = progress or NullProgress()

    issues: list[Issue] = []
    if ledger.origin is not None:
        issues.extend(
            catalogue[seen.code].word(seen)
            for seen in ledger.origin.observations
            if seen.code in codes
        )
    runnable = [r for r in chosen if r.check is not None]
    if any(code.startswith("SGN") for code in codes) and any(
        code.startswith("PHS") for code in codes
    ):
        # Both families read the journal as of the day: fold it once for both.
        audit(ledger, day, progress)
    progress.stage(N_("checking"), len(runnable))
    for item in runnable:
        context = Context(
            rule=item, ledger=ledger, as_of=day, strict=strict, catalogue=catalogue.codes()
        )
        issues.extend(_run(item, ledger, context))
        progress.advance()
    progress.done()

    issues = _apply_waivers(ledger, issues, day, codes)
    issues.sort(key=Issue.sort_key)
    files = (ledger.origin.file,) if ledger.origin is not None and ledger.origin.file else ()
    return Report(issues=issues, rules=sorted(codes), files=files, as_of=day)


def word(observations: Iterable[Observation], registry: Registry | None = None) -> list[Issue]:
    """The findings the rules of the catalogue make of what a reader observed, in stable order.

    Examples
    --------
    >>> from civledger.findings import Location, Observation
    >>> seen = Observation(code="LDG005", location=Location(path=("campaign",)),
    ...                    params={"key": "campaign", "where": "the ledger"})
    >>> [str(issue) for issue in word([seen])]
    ['$.campaign: LDG005 the ledger has no campaign, which is required']
    """
    catalogue = registry or default_registry()
    issues = [catalogue[seen.code].word(seen) for seen in observations]
    issues.sort(key=Issue.sort_key)
    return issues


def _run(item: Rule, ledger: Ledger, context: Context) -> list[Issue]:
    assert item.check is not None
    try:
        return list(item.check(ledger, context))
    except Exception as exc:
        # A broken rule (often a third-party one) must not hide the others' findings.
        return [
            Issue(
                code=item.code,
                name=item.name,
                severity=Severity.ERROR,
                message=N_("the rule failed to run: {error_type}: {error}"),
                location=ledger.locate(),
                hint=N_(
                    "this is a defect in the rule, not in the ledger: report it to its authors"
                ),
                params={"error_type": type(exc).__name__, "error": str(exc)},
            )
        ]


def _apply_waivers(
    ledger: Ledger, issues: list[Issue], day: date, codes: frozenset[str]
) -> list[Issue]:
    if not ledger.waivers:
        return issues
    active: dict[tuple[str, str], tuple[int, Waiver]] = {}
    for position, waiver in enumerate(ledger.waivers):
        if waiver.active_on(day):
            active.setdefault((waiver.rule, waiver.subject), (position, waiver))
    used: set[str] = set()
    out = []
    for issue in issues:
        match = next(
            (active[(issue.code, s)] for s in issue.subjects if (issue.code, s) in active), None
        )
        if match is not None:
            used.add(match[1].id)
            issue = attrs.evolve(issue, waived_by=match[1].id)
        out.append(issue)
    if UNUSED_WAIVER.code in codes:
        # Every live waiver, not only the first per (rule, subject): a second one
        # for the same finding waives nothing and must not go unnoticed.
        live = [(p, w) for p, w in enumerate(ledger.waivers) if w.active_on(day)]
        for position, waiver in live:
            if waiver.id not in used and waiver.rule in codes:
                out.append(
                    UNUSED_WAIVER.issue(
                        ledger.locate("waivers", position),
                        subjects=(waiver.id,),
                        waiver=waiver.id,
                        rule=waiver.rule,
                        subject=waiver.subject,
                    )
                )
    return out
