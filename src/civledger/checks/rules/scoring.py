"""SCR: scoring, grades and the negative list — "巩固A级，提升B级，消灭C级".

The rules judge the scorecard as of the check date (see
:mod:`civledger.scoring.card` for the model): an inspection whose stated
A/B/C counts disagree with the grades it records, an incident on a veto item
of the negative list (一票否决), a prerequisite (前置条件) scored below its
threshold, and — in the extra tier — standards whose latest grade is still C.
"""

from __future__ import annotations

from collections.abc import Iterator

from civledger.checks.context import Context
from civledger.checks.registry import rule
from civledger.findings import Issue, Rule, Severity, Tier
from civledger.i18n import N_, Phrase, lazy, phrase
from civledger.model import Grade, Ledger
from civledger.scoring.card import scorecard

__all__ = ["RULES"]


def _counts(a: int, b: int, c: int) -> Phrase:
    return phrase("{a} A, {b} B, {c} C", a=a, b=b, c=c)


@rule(
    "SCR001",
    "stated-totals",
    title=N_("Stated A/B/C counts that disagree with the grades recorded"),
    message=N_(
        "{inspection} states {stated} ({stated_total} standards); its grades give "
        "{computed} ({computed_total})"
    ),
    hint=N_(
        "correct the stated counts, or record the grades that are missing; each standard "
        "counts once, as its lowest method grade"
    ),
    description=N_(
        'An inspection that states how many standards it graded A, B and C ("85 A, 31 B, 3 '
        'C") must agree with the grades it records: each standard graded counts once, as '
        "the lowest of its grades in that inspection. Real reports restate counts that no "
        "longer add up; the ledger's grades are the source of truth."
    ),
)
def stated_totals(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    card = scorecard(ledger, as_of=ctx.as_of)
    for check in card.stated:
        if not check.agrees:
            s, c = check.stated, check.computed
            yield ctx.issue(
                "inspections",
                check.index,
                "stated",
                subjects=[check.inspection],
                inspection=check.inspection,
                stated=_counts(s.a, s.b, s.c),
                stated_total=s.total,
                computed=_counts(c.a, c.b, c.c),
                computed_total=c.total,
            )


@rule(
    "SCR002",
    "veto-incident",
    title=N_("An incident on a veto item of the negative list (一票否决)"),
    message=N_(
        "incident {incident} on {on} is on veto item {item} ({title}): the campaign is "
        "disqualified whatever its score"
    ),
    hint=N_(
        "a veto cannot be made up with points; if the incident is not confirmed, set "
        "confirmed: false"
    ),
    description=N_(
        "A confirmed incident, on or before the check date, on a negative-list item marked "
        "``veto`` (a major work-safety accident, environmental or food-safety incident…) "
        "disqualifies the city whatever its score (《全国文明城市创建动态管理措施》)."
    ),
)
def veto_incident(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    card = scorecard(ledger, as_of=ctx.as_of)
    for index, incident, item in card.vetoes:
        yield ctx.issue(
            "incidents",
            index,
            "item",
            subjects=[incident.id, item.id],
            incident=incident.id,
            on=incident.on,
            item=item.id,
            title=item.title,
        )


@rule(
    "SCR003",
    "prerequisite-failed",
    title=N_("A prerequisite (前置条件) scored below its threshold"),
    message=N_(
        "{node} ({title}) scores {score:.1f}, below its prerequisite of {threshold:g}: "
        "the nomination is cancelled"
    ),
    hint=N_("lift the grades of its standards (the C and B grades first) before the evaluation"),
    description=N_(
        "A framework node with a ``prerequisite`` (the score of 未成年人思想道德建设 must "
        "reach 85) whose score on the check date, 100 × earned ÷ graded points, is below it "
        "cancels the nomination. A node none of whose standards is graded yet is not judged."
    ),
)
def prerequisite_failed(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    card = scorecard(ledger, as_of=ctx.as_of)
    positions = {fw.id: (f, fw) for f, fw in enumerate(ledger.frameworks)}
    for node in card.gates:
        f, fw = positions[node.framework]
        n = next(i for i, x in enumerate(fw.nodes) if x.code == node.code)
        yield ctx.issue(
            "frameworks",
            f,
            "nodes",
            n,
            "prerequisite",
            subjects=[node.ref],
            node=node.ref,
            title=node.title,
            score=node.score,
            threshold=node.prerequisite,
        )


@rule(
    "SCR004",
    "standard-graded-c",
    title=N_("A standard whose latest grade is still C"),
    message=N_("{standard} ({title}) is still graded C ({method}) by {inspection} on {on}"),
    hint=N_("消灭C级: rectify it and have it graded again before the evaluation"),
    severity=Severity.WARNING,
    tier=Tier.EXTRA,
    description=N_(
        '"消灭C级": a standard whose latest grade for some method, on the check date, is C. '
        "Run it by name (``--select SCR004``) to list what must still be lifted."
    ),
)
def standard_graded_c(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    card = scorecard(ledger, as_of=ctx.as_of)
    for node in card.nodes:
        seen: set[tuple[int, int]] = set()
        for (_, grade), (i, j) in zip(node.grades, node.sources, strict=True):
            if grade is not Grade.C or (i, j) in seen:
                continue
            seen.add((i, j))  # a grade of the whole standard stands for each of its methods
            inspection = ledger.inspections[i]
            method = inspection.grades[j].method
            yield ctx.issue(
                "inspections",
                i,
                "grades",
                j,
                "grade",
                subjects=[node.ref, inspection.id],
                standard=node.ref,
                title=node.title,
                method=method if method is not None else lazy("as a whole"),
                inspection=inspection.id,
                on=inspection.on,
            )


RULES: tuple[Rule, ...] = (stated_totals, veto_incident, prerequisite_failed, standard_graded_c)
