"""SCR: scoring, grades and the negative list — "巩固A级，提升B级，消灭C级".

The rules judge the scorecard as of the check date (see
:mod:`civledger.scoring.card` for the model): an inspection whose stated
A/B/C counts disagree with the grades it records, an incident on a veto item
of a title's negative list (一票否决), a prerequisite (前置条件) scored below its
threshold, and — in the extra tier — standards whose latest grade is still C.
The cross-checks: a report whose B and C to lift disagree with the earlier count
of its section, a task signed off while a later inspection still grades a
standard it serves B or C (回潮), a target that counts standards disagreeing
with the standards its task lists, and — extra — a title evaluated with no mock
assessment or self-check before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from civledger.checks.context import Context
from civledger.checks.registry import rule
from civledger.findings import Issue, Rule, Severity, Tier
from civledger.i18n import N_, Phrase, join, lazy, phrase
from civledger.journal.lifecycle import Status
from civledger.journal.state import states
from civledger.model import Comparator, Evaluation, Grade, InspectionKind, Ledger, Target, Task
from civledger.schedule.cycle import evaluations, title_evaluations
from civledger.scoring.card import NodeScore, item_titles, scorecard

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
        "incident {incident} on {on} is on veto item {item} ({title}): {titles} disqualified "
        "whatever the score"
    ),
    hint=N_(
        "a veto cannot be made up with points; if the incident is not confirmed, set "
        "confirmed: false; if the item is not on this title's negative list, name the "
        "titles it belongs to (frameworks: [...])"
    ),
    description=N_(
        "A confirmed incident, on or before the check date, on a negative-list item marked "
        "``veto`` (a major work-safety accident, environmental or food-safety incident…) "
        "disqualifies the titles whose negative list holds the item, whatever their score "
        "(《全国文明城市创建动态管理措施》); the other titles keep their verdict. An item "
        "that names no ``frameworks`` belongs to the civilized-city titles (to every title "
        "of a ledger without one)."
    ),
)
def veto_incident(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    card = scorecard(ledger, as_of=ctx.as_of)
    names = {fw.id: fw.name for fw in ledger.frameworks}
    for index, incident, item in card.vetoes:
        titles = [names[t] for t in item_titles(ledger, item) if t in names]
        yield ctx.issue(
            "incidents",
            index,
            "item",
            subjects=[incident.id, item.id],
            incident=incident.id,
            on=incident.on,
            item=item.id,
            title=item.title,
            titles=join(titles) if titles else lazy("the campaign"),
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


@rule(
    "SCR005",
    "lift-disagrees",
    title=N_("A report's B and C to lift that disagree with the earlier count of its section"),
    message=N_(
        "{inspection} ({on}) lifts {b} B and {c} C of {section} to A, but {earlier} "
        "({earlier_on}) counted {counted_b} B and {counted_c} C"
    ),
    hint=N_(
        "one of the two reports is wrong: correct the counts to lift, or the earlier "
        "counts (or record the inspection that changed them in between)"
    ),
    description=N_(
        'A report that says "b′ B and c′ C lifted to A by a date" restates the B and C '
        "counts of its section: they must be those of the latest earlier report of the "
        "same title and section (its stated counts, or those its grades give). Real "
        "speeches count 31 B in one report and lift 34 B in the next; the finding names "
        "both inspections."
    ),
)
def lift_disagrees(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    card = scorecard(ledger, as_of=ctx.as_of)
    for check in card.lifts:
        if check.agrees:
            continue
        later = ledger.inspections[check.index]
        earlier = ledger.inspections[check.earlier_index]
        yield ctx.issue(
            "inspections",
            check.index,
            "lift",
            subjects=[check.inspection, check.earlier],
            inspection=check.inspection,
            on=later.on,
            b=check.b,
            c=check.c,
            section=check.section or lazy("all standards"),
            earlier=check.earlier,
            earlier_on=earlier.on,
            counted_b=check.counted.b,
            counted_c=check.counted.c,
        )


def _standard_nodes(ledger: Ledger, ctx: Context) -> dict[tuple[str, str], NodeScore]:
    card = scorecard(ledger, as_of=ctx.as_of)
    return {(n.framework, n.code): n for n in card.nodes}


@rule(
    "SCR006",
    "signed-off-still-graded",
    title=N_("A task signed off while a later inspection still grades its standard B or C"),
    message=N_(
        "{task} was signed off on {signed}, but {inspection} on {on} still grades {standard} "
        "{grade} ({method})"
    ),
    hint=N_("回潮: reopen the task (or add one) and rectify until the standard is graded A again"),
    severity=Severity.WARNING,
    tier=Tier.EXTRA,
    description=N_(
        "A relapse signal (回潮): a task is signed off (销号) on the check date, and the "
        "latest grade of a standard it serves, given by an inspection after the sign-off, "
        "is B or C. The work was signed off, the assessors still mark it down. Standards "
        "are judged by their latest grade per method, as the scorecard does. A standard is "
        "often served by several tasks, so this is a signal to review, in the extra tier: "
        "run it by name (``--select SCR006``) after each mock assessment."
    ),
)
def signed_off_still_graded(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    every = states(ledger, ctx.as_of)
    nodes = _standard_nodes(ledger, ctx)
    zone = ledger.campaign.zone()
    for t, task in enumerate(ledger.tasks):
        if every.status(task.id) is not Status.SIGNED_OFF:
            continue  # read from the journal pass: no state is built for the others
        found = every.get(task.id)
        if found is None or found.status is not Status.SIGNED_OFF or found.signed_off_at is None:
            continue
        signed = found.signed_off_at.astimezone(zone).date()
        seen: set[tuple[str, str]] = set()
        for ref in task.standards:
            for fw, standard in ledger.resolve_standard(ref):
                node = nodes.get((fw, standard.code))
                if node is None or not node.standard or (fw, standard.code) in seen:
                    continue
                seen.add((fw, standard.code))
                late = [
                    (ledger.inspections[i].on, i, j, grade)
                    for (_, grade), (i, j) in zip(node.grades, node.sources, strict=True)
                    if grade is not Grade.A and ledger.inspections[i].on > signed
                ]
                if not late:
                    continue
                on, i, j, grade = max(late, key=lambda x: (x[0], x[1]))
                method = ledger.inspections[i].grades[j].method
                yield ctx.issue(
                    "tasks",
                    t,
                    "standards",
                    subjects=[task.id, node.ref, ledger.inspections[i].id],
                    task=task.id,
                    signed=signed,
                    inspection=ledger.inspections[i].id,
                    on=on,
                    standard=node.ref,
                    grade=grade.value,
                    method=method if method is not None else lazy("as a whole"),
                )


STANDARD_UNITS: frozenset[str] = frozenset(
    {
        "项指标",
        "个指标",
        "条指标",
        "指标",
        "项标准",
        "条标准",
        "个标准",
        "标准",
        "测评标准",
        "项测评标准",
        "个测评标准",
        "indicator",
        "indicators",
        "standard",
        "standards",
    }
)
"""Units of a target that count standards ("提升 37 项指标", ``37 项指标``)."""


def _counted_targets(task: Task) -> list[Target]:
    """The task's targets (primary and further) that count standards, and are judged.

    A target of at most N standards says nothing of how many the task lists."""
    return [
        t
        for t in task.all_targets
        if t.unit is not None
        and t.unit.strip() in STANDARD_UNITS
        and t.comparator is not Comparator.AT_MOST
    ]


def _disagrees(target: Target, listed: int) -> bool:
    if target.comparator is Comparator.AT_LEAST:
        return listed < target.quantity - 1e-9  # too few listed to reach it
    return abs(target.quantity - listed) > 1e-9


@rule(
    "SCR007",
    "target-count-disagrees",
    title=N_("A target that counts standards disagreeing with the standards its task lists"),
    message=N_("{task} targets {target} but lists {listed} standards ({standards})"),
    hint=N_(
        "list every standard the target counts (standards: [...]), or correct the target's quantity"
    ),
    severity=Severity.WARNING,
    description=N_(
        'A target in standards or indicators ("lift 37 indicators to A": ``37 项指标``; the '
        "units are 指标, 标准, 测评标准 with 项, 个 or 条, and indicators, standards) counts "
        "the standards the task serves: the task lists as many (a listed item counts the "
        "standards below it), or for a target of at least N (``≥30 项指标``) at least as "
        "many. Further targets (``targets``) are judged alike; a target in other units, or "
        "of at most N, is not judged."
    ),
)
def target_count_disagrees(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    nodes = _standard_nodes(ledger, ctx)
    for t, task in enumerate(ledger.tasks):
        counted = _counted_targets(task)
        if not counted or not task.standards:
            continue
        resolved: set[tuple[str, str]] = set()
        for ref in task.standards:
            resolved.update((fw, node.code) for fw, node in ledger.resolve_standard(ref))
        listed = sum(nodes[key].standards for key in resolved if key in nodes)
        for target in counted:
            if _disagrees(target, listed):
                yield ctx.issue(
                    "tasks",
                    t,
                    "target",
                    subjects=[task.id],
                    task=task.id,
                    target=str(target),
                    listed=listed,
                    standards=join(task.standards),
                )


_PREPARATION = (InspectionKind.MOCK_ASSESSMENT, InspectionKind.SELF_CHECK)


def _prepared(ledger: Ledger, title: str | None, since: date | None, on: date) -> bool:
    def within(day: date) -> bool:
        return (since is None or day > since) and day < on

    for e in evaluations(ledger):
        if (
            e.kind is InspectionKind.MOCK_ASSESSMENT
            and e.framework in (None, title)
            and within(e.on)
        ):
            return True
    for x in ledger.inspections:
        if x.kind in _PREPARATION and x.framework in (None, title) and within(x.on):
            return True
    rhythm = ledger.campaign.rhythm
    return rhythm is not None and any(within(day) for day in rhythm.mock_assessments)


def _path(ledger: Ledger, evaluation: Evaluation) -> tuple[str | int, ...]:
    for i, listed in enumerate(ledger.campaign.evaluations):
        if listed is evaluation:
            return ("campaign", "evaluations", i, "on")
    return ("campaign", "evaluation")


@rule(
    "SCR008",
    "evaluation-without-mock",
    title=N_("A title evaluated with no mock assessment or self-check before it"),
    message=N_(
        "{title} is evaluated on {on} ({kind}) with no mock assessment or self-check "
        "before it{since}"
    ),
    hint=N_(
        "hold a mock assessment (模拟测评) or a self-check (对标自查) of the title before the "
        "evaluation, and record it (campaign.evaluations or inspections)"
    ),
    severity=Severity.WARNING,
    tier=Tier.EXTRA,
    description=N_(
        "Each annual or final evaluation of a title is prepared by a mock assessment or a "
        "self-check of that title (or of every title) since its previous evaluation: a mock "
        "assessment in ``campaign.evaluations`` or the rhythm, or an inspection of kind "
        "模拟测评 or 自查. Run it by name (``--select SCR008``)."
    ),
)
def evaluation_without_mock(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    titles: list[tuple[str | None, str]] = [(fw.id, fw.name) for fw in ledger.frameworks] or [
        (None, ledger.campaign.name)
    ]
    reported: set[tuple[int, str | None]] = set()
    for title, name in titles:
        since: date | None = None
        for evaluation in title_evaluations(ledger, title):
            if since is not None and evaluation.on == since:
                continue  # two evaluations on one day (the campaign's and the title's) are one
            if not _prepared(ledger, title, since, evaluation.on):
                key = (id(evaluation), title)
                if key not in reported:
                    reported.add(key)
                    yield ctx.issue(
                        *_path(ledger, evaluation),
                        subjects=[title or ledger.campaign.id],
                        title=name,
                        on=evaluation.on,
                        kind=evaluation.kind,
                        since=phrase(" since {day}", day=since) if since is not None else "",
                    )
            since = evaluation.on


RULES: tuple[Rule, ...] = (
    stated_totals,
    veto_incident,
    prerequisite_failed,
    standard_graded_c,
    lift_disagrees,
    signed_off_still_graded,
    target_count_disagrees,
    evaluation_without_mock,
)
