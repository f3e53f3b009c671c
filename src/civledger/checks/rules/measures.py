"""MSR: measures — targets, the figures reported against them (累计完成), roll-ups.

A task's progress is derived from the figures its entries report (累计完成 ÷ 目标);
these rules judge the figures and the targets. MSR001–MSR004, MSR007 (for an
entry's amount) and MSR008 judge journal entries: the judge of the journal
(:func:`civledger.journal.audit.audit`) finds them, in the same pass as the SGN
rules, and :class:`civledger.JournalWriter` refuses an append for them as a check
reports them. The others judge the tasks as of the check date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from civledger.checks.context import Context
from civledger.findings import Issue, Rule, Severity, Tier
from civledger.i18n import N_, lazy
from civledger.journal.audit import audit
from civledger.journal.lifecycle import Status
from civledger.journal.measures import roll_up_plan
from civledger.journal.state import TaskState, states
from civledger.model import Cadence, Ledger, RollUp, Target, Task
from civledger.model.quantities import comparable, convert, format_amount

__all__ = ["CADENCE_DAYS", "ENTRY_RULES_BY_CODE", "RULES"]

CADENCE_DAYS: dict[Cadence, int] = {
    Cadence.WEEKLY: 7,
    Cadence.TEN_DAY: 11,
    Cadence.MONTHLY: 31,
    Cadence.QUARTERLY: 92,
}
"""The most days a task may go without reporting progress, by its review cadence (MSR005):
the longest week, 旬 (11 days), month and quarter."""

_WORKING = frozenset((Status.ASSIGNED, Status.CLAIMED, Status.IN_PROGRESS, Status.REOPENED))


def _reading(code: str) -> Callable[[Ledger, Context], Iterator[Issue]]:
    def check(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        for index, verdict in audit(ledger, ctx.as_of):
            if verdict.code == code:
                path: tuple[Any, ...] = ("journal", index)
                if verdict.field is not None:
                    path = (*path, verdict.field)
                yield ctx.issue(*path, subjects=verdict.subjects, **verdict.params)

    return check


def _measure(target: Target) -> str:
    return target.name if target.name is not None else lazy("the primary measure")


def _measured(ledger: Ledger) -> list[tuple[int, Task]]:
    """The tasks with a target or further measures, with their positions (found once: a
    quarter of a city's tasks, which several rules read)."""
    return ledger.memo(
        _MEASURED,
        lambda: [(n, t) for n, t in enumerate(ledger.tasks) if t.target is not None or t.targets],
    )


_MEASURED = "measured_tasks"


def _tasks_with_targets(ledger: Ledger) -> Iterator[tuple[int, Task]]:
    index = ledger.index("tasks")
    for n, task in _measured(ledger):
        if index.get(task.id) is task:
            yield n, task


def _path(n: int, task: Task, target: Target) -> tuple[Any, ...]:
    if target is task.target:
        return ("tasks", n, "target")
    return ("tasks", n, "targets", task.targets.index(target))


def dormant(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    """Open tasks with a review cadence that report nothing for longer than it (沉睡)."""
    every = states(ledger, ctx.as_of)
    zone = ledger.campaign.zone()
    index = ledger.index("tasks")
    for n, task in enumerate(ledger.tasks):
        if task.review is None or index.get(task.id) is not task:
            continue
        state = every.get(task.id)
        if state is None or state.status not in _WORKING:
            continue
        since = _last_activity(state)
        if since is None:
            continue
        day = since.astimezone(zone).date()
        limit = CADENCE_DAYS[task.review]
        days = (ctx.as_of - day).days
        if days > limit:
            yield ctx.issue(
                "tasks",
                n,
                "review",
                subjects=[task.id],
                task=task.id,
                days=days,
                since=day,
                cadence=task.review,
                limit=limit,
            )


def _last_activity(state: TaskState) -> datetime | None:
    moments = [m for m in (state.progressed_at, state.status_since) if m is not None]
    return max(moments) if moments else None


def _subtask_share(target: Target, subtask: Task) -> Target | None:
    """The subtask's target a parent's summed measure adds: the one of the same name, else
    its primary target."""
    if not subtask.all_targets:
        return None
    if target.name is not None:
        for found in subtask.all_targets:
            if found.name == target.name:
                return found
    return subtask.all_targets[0]


def roll_up_total(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    """Roll-up parents whose subtasks do not add up to the parent's target."""
    plan = roll_up_plan(ledger)
    if not plan:
        return
    every = states(ledger, ctx.as_of)
    tasks = ledger.index("tasks")
    for n, task in _tasks_with_targets(ledger):
        if task.id not in plan.subtasks:
            continue
        children = [
            tasks[c]
            for c in plan.subtasks[task.id]
            if c in tasks and every.status(c) not in (None, Status.CANCELLED)
        ]
        for target in task.all_targets:
            if target.roll_up is None:
                continue
            if target.roll_up is RollUp.COUNT:
                total = float(len(children))
                kind = lazy("number of subtasks")
            else:
                total = 0.0
                for child in children:
                    share = _subtask_share(target, child)
                    value = (
                        convert(share.quantity, share.unit, target.unit)
                        if share is not None
                        else None
                    )
                    total += value or 0.0
                kind = lazy("targets")
            if abs(total - target.quantity) > 1e-6 * max(1.0, target.quantity):
                unit = f" {target.unit}" if target.unit else ""
                yield ctx.issue(
                    *_path(n, task, target),
                    subjects=[task.id, *(c.id for c in children)],
                    task=task.id,
                    what=_measure(target),
                    target=str(target),
                    kind=kind,
                    total=format_amount(total) + unit,
                )


def incomparable_unit(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    """Figures in a unit their target cannot be compared with: baselines, subtasks summed
    into a parent, and the amounts of journal entries (found by the journal's judge)."""
    plan = roll_up_plan(ledger)
    tasks = ledger.index("tasks")
    for n, task in _tasks_with_targets(ledger):
        for target in task.all_targets:
            baseline = target.baseline
            if (
                baseline is not None
                and baseline.unit is not None
                and not comparable(baseline.unit, target.unit)
            ):
                yield ctx.issue(
                    *_path(n, task, target),
                    "baseline",
                    "unit",
                    subjects=[task.id],
                    task=task.id,
                    what=_measure(target),
                    unit=baseline.unit,
                    target_unit=target.unit or "",
                )
            if target.roll_up is not RollUp.SUM or task.id not in plan.subtasks:
                continue
            for child_id in plan.subtasks[task.id]:
                child = tasks.get(child_id)
                share = _subtask_share(target, child) if child is not None else None
                if share is not None and not comparable(share.unit, target.unit):
                    yield ctx.issue(
                        *_path(n, task, target),
                        subjects=[task.id, child_id],
                        task=child_id,
                        what=_measure(share),
                        unit=share.unit or "",
                        target_unit=f"{target.unit or ''} ({task.id})",
                    )
    yield from _reading("MSR007")(ledger, ctx)


def measures_without_target(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    """Further measures (``targets``) on a task with no primary ``target``."""
    for n, task in _measured(ledger):
        if task.targets and task.target is None:
            yield ctx.issue(
                "tasks",
                n,
                "targets",
                subjects=[task.id],
                task=task.id,
                names=[t.name for t in task.targets],
            )


def measure_name_repeated(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    """A further measure named as the primary one."""
    for n, task in _tasks_with_targets(ledger):
        name = task.target.name if task.target is not None else None
        if name is None:
            continue
        for i, target in enumerate(task.targets):
            if target.name == name:
                yield ctx.issue(
                    "tasks", n, "targets", i, "name", subjects=[task.id], task=task.id, name=name
                )


def _entry_rule(
    code: str,
    name: str,
    title: str,
    message: str,
    hint: str,
    description: str,
    severity: Severity = Severity.WARNING,
) -> Rule:
    return Rule(
        code=code,
        name=name,
        title=title,
        message=message,
        hint=hint,
        description=description,
        severity=severity,
        tier=Tier.BASIC,
        check=_reading(code),
    )


ENTRY_RULES: tuple[Rule, ...] = (
    _entry_rule(
        "MSR001",
        "stated-percent-mismatch",
        N_("A stated percent that disagrees with done ÷ target"),
        N_("{task} states {stated} done, but its figures give {derived}"),
        N_(
            "leave the percent out (civledger derives it from the amounts), or correct the "
            "figure; stated and derived may differ by {tolerance} points"
        ),
        N_(
            "A percent typed in a progress entry is a stated figure. Where the primary measure "
            "has an amount (the entry's own, or the latest before it), percent = done ÷ "
            "target; a stated percent further from it than the tolerance (2 points) is "
            "reported."
        ),
    ),
    _entry_rule(
        "MSR002",
        "amount-decreased",
        N_("A cumulative amount that goes down without a note (回退)"),
        N_("{what} of {task} goes down to {value}, from {previous} on {day}, without a note"),
        N_(
            "amounts are cumulative (累计完成): correct the figure, or say in a note why the "
            "work went back (回退)"
        ),
        N_(
            "Each figure of an amount is what is done so far, so it does not go down; when "
            "it does (work undone, a recount), the entry says why in its note. Rates go "
            "up and down: they are not judged."
        ),
    ),
    _entry_rule(
        "MSR003",
        "above-target",
        N_("An amount above an exact target without a note"),
        N_("{what} of {task} reaches {value}, above its target {target}, without a note"),
        N_("correct the figure or the target, or say in a note why more was done"),
        N_(
            "An exact target (39 条, no ≥) is the work planned; a figure beyond it is a typo "
            "or a change of plan, which the entry's note explains. Targets written ≥ are "
            "not judged."
        ),
    ),
    _entry_rule(
        "MSR004",
        "sign-off-below-target",
        N_("A sign-off of a task short of its target"),
        N_("{task} is signed off at {done}, short of its target {target}"),
        N_(
            "report the final figure (进展) before the report back, or correct the target; "
            "a rate must be met when it is signed off"
        ),
        N_(
            "销号 means the work is done: a task whose primary measure (its own figures, or "
            "its subtasks' roll-up) has not reached its target, or whose rate is not met, "
            "is not signed off. A task with only a stated percent is judged by it."
        ),
        severity=Severity.ERROR,
    ),
    _entry_rule(
        "MSR008",
        "unknown-measure",
        N_("An amount for a measure the task does not have"),
        N_(
            "an amount of {task} names the measure {measure}, which it does not have "
            "(its named measures: {known})"
        ),
        N_("correct the measure's name, or add the measure to the task's targets"),
        N_(
            "An entry's amounts name the task's measures: the primary one (no name, or its "
            "name) and those of targets."
        ),
        severity=Severity.ERROR,
    ),
)

ENTRY_RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in ENTRY_RULES}
"""The MSR rules of journal entries by code (with MSR007, which judges entries too)."""

_MSR007 = Rule(
    code="MSR007",
    name="incomparable-unit",
    title=N_("A figure in a unit its target cannot be compared with"),
    message=N_("{what} of {task} is in {unit}, which cannot be compared with {target_unit}"),
    hint=N_(
        "write the figure in a unit of the same kind (㎡ and 万平方米, km and 公里), or "
        "correct the unit"
    ),
    description=N_(
        "Figures are converted into their target's unit when they are of one kind (area, "
        "length, mass, volume, rates); counts (条, 个, 处…) only match the same word. A "
        "baseline, an entry's amount, or a subtask summed into its parent in another kind "
        "of unit (㎡ against km) cannot be counted."
    ),
    severity=Severity.ERROR,
    check=incomparable_unit,
)
ENTRY_RULES_BY_CODE["MSR007"] = _MSR007

RULES: tuple[Rule, ...] = (
    *ENTRY_RULES[:4],
    Rule(
        code="MSR005",
        name="dormant",
        title=N_("A task that reports no progress for longer than its review cadence (沉睡)"),
        message=N_(
            "{task} has reported nothing for {days} days (since {since}); it is reviewed {cadence}"
        ),
        hint=N_("report progress (进展) at least every {limit} days, or report back when done"),
        description=N_(
            "A task with a review cadence (每周, 每旬, 每月, 每季度) that is being worked on "
            "(交办, 认领, 整改中, 回潮) reports progress at least that often: 7, 11, 31 or 92 "
            "days. The clock restarts at each progress entry and each change of status; tasks "
            "waiting for a re-check or an appeal are not judged."
        ),
        severity=Severity.WARNING,
        check=dormant,
    ),
    Rule(
        code="MSR006",
        name="roll-up-total",
        title=N_("Subtasks that do not add up to their parent's target"),
        message=N_("{what} of {task} is {target}, but the {kind} of its subtasks come to {total}"),
        hint=N_("make the subtasks' shares add up to the parent's total, or correct the target"),
        description=N_(
            "A measure that rolls up from the subtasks is only as good as their shares: with "
            "roll_up: sum, the subtasks' targets of that measure (same name, else their "
            "primary) add up to the parent's; with roll_up: count, the subtasks (not "
            "cancelled) are as many as the target."
        ),
        severity=Severity.WARNING,
        check=roll_up_total,
    ),
    _MSR007,
    ENTRY_RULES[4],
    Rule(
        code="MSR009",
        name="measures-without-target",
        title=N_("Further measures on a task without a primary target"),
        message=N_("{task} has further measures ({names}) but no primary target"),
        hint=N_("write the primary measure in target:; the further ones count only beside it"),
        description=N_(
            "A task's target is its primary measure, the one its percent is about; "
            "targets adds named measures beside it and is ignored without it."
        ),
        severity=Severity.ERROR,
        check=measures_without_target,
    ),
    Rule(
        code="MSR010",
        name="measure-name-repeated",
        title=N_("A further measure named as the primary one"),
        message=N_("{task} has a further measure named {name}, as its primary measure"),
        hint=N_("give each measure its own name"),
        description=N_(
            "Amounts name the measure they report; two measures of one name cannot be told "
            "apart (the primary one takes the amounts)."
        ),
        severity=Severity.ERROR,
        check=measure_name_repeated,
    ),
)
"""The MSR rules, in code order."""
