"""PHS: the phases and the schedule — "有步骤、有进度、按时间节点扎实有序推进".

The phase windows must follow one another in the order of the five phases,
without overlap or gap, the last one holding the evaluation date. A campaign
over several years (``campaign.cycle``) runs the five phases once a year: the
windows are judged within each year (:func:`civledger.schedule.cycle.phase_years`).
Each task is due within its phase's window and by the last evaluation of the
titles it serves (work due after this year's evaluation counts at next year's:
a note in the extra tier), and is not left open past its due date (overdue is
computed from the journal as of the check date, never stored). Ongoing work
(长期坚持) is never overdue, but in the strict tier it must say how often it is
reviewed.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from civledger.checks.context import Context
from civledger.checks.registry import rule
from civledger.findings import Issue, Rule, Severity, Tier
from civledger.i18n import N_, Phrase, nphrase, phrase
from civledger.journal.lifecycle import Status
from civledger.journal.state import states
from civledger.model import Evaluation, Ledger, Phase, PhaseWindow, Task
from civledger.schedule.cycle import (
    YearSpan,
    evaluations,
    phase_years,
    task_evaluations,
    titles_served,
)

__all__ = ["RULES", "phase_windows", "yearly_windows"]

_DAY = timedelta(days=1)


def _judged(windows: list[tuple[int, PhaseWindow]]) -> dict[Phase, tuple[int, PhaseWindow]]:
    found: dict[Phase, tuple[int, PhaseWindow]] = {}
    for i, window in windows:
        if window.phase in found:
            continue
        if window.start > window.end:
            window = PhaseWindow(phase=window.phase, start=window.end, end=window.start)
        found[window.phase] = (i, window)
    return dict(sorted(found.items(), key=lambda item: item[0].order))


def yearly_windows(
    ledger: Ledger,
) -> list[tuple[YearSpan | None, dict[Phase, tuple[int, PhaseWindow]]]]:
    """The windows the schedule rules judge, per campaign year (see :func:`phase_windows`).

    A one-year campaign has one group, of year ``None``.

    Examples
    --------
    >>> import civledger
    >>> groups = yearly_windows(civledger.load("examples/four-cities.yaml"))
    >>> [(y.year, len(w)) for y, w in groups]
    [(2024, 5), (2025, 5), (2026, 5)]
    """
    return [(year, _judged(windows)) for year, windows in phase_years(ledger)]


def phase_windows(ledger: Ledger) -> dict[Phase, tuple[int, PhaseWindow]]:
    """The window the schedule rules judge for each phase, with its index in ``phases``.

    The first window of each phase in a year counts (a second one is PHS002). A
    window that ends before it starts (PHS001) is judged with its dates swapped, the
    likely intent, so that one mistake is reported once. For a campaign over several
    years, these are the windows of its first year (:func:`yearly_windows` gives each).

    Examples
    --------
    >>> from civledger import testing, plan_backwards
    >>> import attrs
    >>> ledger = testing.small_ledger()
    >>> campaign = attrs.evolve(ledger.campaign, phases=plan_backwards(date(2026, 7, 20)))
    >>> [p.label for p in phase_windows(attrs.evolve(ledger, campaign=campaign))][:2]
    ['全面启动', '对标自查']
    """
    groups = yearly_windows(ledger)
    return groups[0][1] if groups else {}


def _subjects(ledger: Ledger) -> list[str]:
    return [ledger.campaign.id] if ledger.campaign.id else []


@rule(
    "PHS001",
    "phase-window-reversed",
    title=N_("A phase window that ends before it starts"),
    message=N_("the {phase} window ends on {end}, before it starts on {start}"),
    hint=N_("swap start and end, or correct the dates"),
    description=N_(
        "A phase window runs from its ``start`` to its ``end``, both included: the end "
        "cannot come before the start."
    ),
)
def phase_window_reversed(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, window in enumerate(ledger.campaign.phases):
        if window.start > window.end:
            yield ctx.issue(
                "campaign",
                "phases",
                i,
                "end",
                subjects=_subjects(ledger),
                phase=window.phase,
                start=window.start,
                end=window.end,
            )


@rule(
    "PHS002",
    "phase-repeated",
    title=N_("A phase with more than one window in a year"),
    message=N_("{phase} has a second window ({start} to {end}); the first is phases[{first}]"),
    hint=N_(
        "keep one window per phase and year (list the years in campaign.cycle); the schedule "
        "rules judge the first one"
    ),
    description=N_(
        "Each phase has one window a year: a campaign over several years (its years listed "
        "in ``campaign.cycle``, or evaluations in several years) runs the five phases once "
        "in each. A second window of a phase in the same year is reported and left out of "
        "the other schedule rules."
    ),
)
def phase_repeated(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for _year, windows in phase_years(ledger):
        first: dict[Phase, int] = {}
        for i, window in windows:
            if window.phase in first:
                yield ctx.issue(
                    "campaign",
                    "phases",
                    i,
                    "phase",
                    subjects=_subjects(ledger),
                    phase=window.phase,
                    start=window.start,
                    end=window.end,
                    first=first[window.phase],
                )
            else:
                first[window.phase] = i


def _sequence(ledger: Ledger) -> Iterator[tuple[int, PhaseWindow, PhaseWindow, PhaseWindow]]:
    """Each window after the first of its year, with the earlier phases' latest start and
    latest end in that year."""
    for _year, windows in yearly_windows(ledger):
        latest_start: PhaseWindow | None = None
        latest_end: PhaseWindow | None = None
        for i, window in windows.values():
            if latest_start is not None and latest_end is not None:
                yield i, window, latest_start, latest_end
            if latest_start is None or window.start > latest_start.start:
                latest_start = window
            if latest_end is None or window.end > latest_end.end:
                latest_end = window


@rule(
    "PHS003",
    "phases-out-of-order",
    title=N_("A phase that starts before an earlier phase"),
    message=N_("{phase} starts on {start}, before {earlier} (which starts on {earlier_start})"),
    hint=N_(
        "the phases run 全面启动 → 对标自查 → 整改提升 → 集中攻坚 → 全面迎评; correct the dates "
        "or the phase"
    ),
    description=N_(
        "The five phases come in order: no phase starts before a phase that comes earlier "
        "in the order (全面启动, 对标自查, 整改提升, 集中攻坚, 全面迎评)."
    ),
)
def phases_out_of_order(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, window, latest_start, _ in _sequence(ledger):
        if window.start < latest_start.start:
            yield ctx.issue(
                "campaign",
                "phases",
                i,
                "start",
                subjects=_subjects(ledger),
                phase=window.phase,
                start=window.start,
                earlier=latest_start.phase,
                earlier_start=latest_start.start,
            )


@rule(
    "PHS004",
    "phases-overlap",
    title=N_("Two phase windows that overlap"),
    message=N_("{phase} starts on {start}, while {earlier} runs until {earlier_end}"),
    hint=N_("start {phase} the day after {earlier} ends, or end {earlier} sooner"),
    description=N_(
        "Each phase starts after the phases before it have ended: on any day the campaign "
        "is in one phase. (A phase that starts before an earlier one is PHS003.)"
    ),
)
def phases_overlap(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, window, latest_start, latest_end in _sequence(ledger):
        if latest_start.start <= window.start <= latest_end.end:
            yield ctx.issue(
                "campaign",
                "phases",
                i,
                "start",
                subjects=_subjects(ledger),
                phase=window.phase,
                start=window.start,
                earlier=latest_end.phase,
                earlier_end=latest_end.end,
            )


@rule(
    "PHS005",
    "phases-gap",
    title=N_("Days between two phase windows that belong to no phase"),
    message=N_(
        "{days} from {gap_start} to {gap_end} belong to no phase, between {earlier} and {phase}"
    ),
    hint=N_("start {phase} the day after {earlier} ends ({gap_start}), or add the missing phase"),
    description=N_(
        "The windows follow one another without a gap: every day from the first phase's "
        "start to the last phase's end belongs to a phase. A phase left out of the plan "
        "leaves a gap too. The gap is reported at the window that ends it."
    ),
)
def phases_gap(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for _year, windows in yearly_windows(ledger):
        yield from _gaps(ledger, ctx, sorted(windows.values(), key=lambda item: item[1].start))


def _gaps(ledger: Ledger, ctx: Context, by_start: list[tuple[int, PhaseWindow]]) -> Iterator[Issue]:
    reached: PhaseWindow | None = None
    for i, window in by_start:
        if reached is not None and window.start > reached.end + _DAY:
            gap_start, gap_end = reached.end + _DAY, window.start - _DAY
            yield ctx.issue(
                "campaign",
                "phases",
                i,
                "start",
                subjects=_subjects(ledger),
                days=_days((gap_end - gap_start).days + 1),
                gap_start=gap_start,
                gap_end=gap_end,
                earlier=reached.phase,
                phase=window.phase,
            )
        if reached is None or window.end > reached.end:
            reached = window


@rule(
    "PHS006",
    "evaluation-outside-last-phase",
    title=N_("The evaluation date outside the last phase"),
    message=N_(
        "the evaluation date {evaluation} is outside the last phase, {phase} ({start} to {end})"
    ),
    hint=N_(
        "plan the phases back from the evaluation date (civledger plan): the last phase ends on it"
    ),
    description=N_(
        "倒排工期: the schedule is planned back from the evaluation date, so the last phase (by "
        "the order of the phases) holds it. In a campaign over several years, the last phase "
        "of each year holds one of that year's annual or final evaluations (the first of them "
        "is reported when none falls in it)."
    ),
)
def evaluation_outside_last_phase(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    counting = [e for e in evaluations(ledger) if e.counts]
    for year, windows in yearly_windows(ledger):
        if not windows:
            continue
        mine = _of_year(counting, year)
        if year is None and ledger.campaign.evaluation is not None:
            mine = [Evaluation(on=ledger.campaign.evaluation)]  # as before: the campaign's date
        if not mine:
            continue
        _, last = list(windows.values())[-1]
        if not any(last.contains(e.on) for e in mine):
            yield ctx.issue(
                *_evaluation_path(ledger, mine[0]),
                subjects=_subjects(ledger),
                evaluation=mine[0].on,
                phase=last.phase,
                start=last.start,
                end=last.end,
            )


def _of_year(found: list[Evaluation], year: YearSpan | None) -> list[Evaluation]:
    return [e for e in found if year is None or year.contains(e.on)]


def _evaluation_path(ledger: Ledger, evaluation: Evaluation) -> tuple[str | int, ...]:
    for i, listed in enumerate(ledger.campaign.evaluations):
        if listed is evaluation:
            return ("campaign", "evaluations", i, "on")
    return ("campaign", "evaluation")


def _due_in_force(ledger: Ledger, ctx: Context) -> Iterator[tuple[int, date, int]]:
    """Each dated task that is not cancelled, with the due date in force on the check
    date (after extensions) and the code of its status (``_STATUSES``; read from the
    journal pass, no state built).

    Three rules ask for them: found once per day (by position, due date, status code).
    """

    def build() -> tuple[array[int], list[date], bytearray]:
        tasks = ledger.tasks
        positions: array[int] = array("i")
        dues: list[date] = []
        codes = bytearray()
        for i, status, due in states(ledger, ctx.as_of).due_in_force():
            if due is not None and status is not Status.CANCELLED and not tasks[i].ongoing:
                positions.append(i)
                dues.append(due)
                codes.append(_STATUS_CODE[status])
        return positions, dues, codes

    positions, dues, codes = ledger.memo((_DATED, ctx.as_of), build, journal=True, dated=True)
    return zip(positions, dues, codes, strict=True)


_DATED = "dated_tasks_in_force"
_STATUSES = tuple(Status)
_STATUS_CODE = {status: code for code, status in enumerate(_STATUSES)}
_OPEN = frozenset(code for code, status in enumerate(_STATUSES) if status.is_open)


def _evaluations_of(ledger: Ledger) -> Callable[[Task], list[Evaluation]]:
    """:func:`task_evaluations` for the tasks of a ledger, found once per set of titles
    served (a city's million tasks serve a few sets)."""
    served = titles_served(ledger)
    found: dict[frozenset[str], list[Evaluation]] = {}

    def of(task: Task) -> list[Evaluation]:
        titles = served.get(task.id, _NO_TITLES)
        mine = found.get(titles)
        if mine is None:
            mine = found[titles] = task_evaluations(ledger, task)
        return mine

    return of


_NO_TITLES: frozenset[str] = frozenset()


def _days(count: int) -> Phrase:
    return nphrase("{n} day", "{n} days", count)


def _extended(ledger: Ledger, i: int, due: date) -> Phrase | str:
    written = ledger.tasks[i].due
    if written is None or written == due:
        return ""
    return phrase(" (extended from {written})", written=written)


@rule(
    "PHS007",
    "due-outside-phase",
    title=N_("A task due outside its phase's window"),
    message=N_("{task} is due on {due}{extended}, outside its phase {phase} ({start} to {end})"),
    hint=N_("put the task in the phase whose window holds its deadline, or correct the deadline"),
    severity=Severity.WARNING,
    description=N_(
        "A task's deadline falls within the window of the phase it belongs to (in a campaign "
        "over several years, that phase's window of one of the years: the year that holds "
        "the deadline is named). The due date judged is the one in force on the check date "
        "(after extensions); cancelled and ongoing tasks are left out."
    ),
)
def due_outside_phase(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    groups = yearly_windows(ledger)
    if not groups:
        return
    by_phase = {  # each phase's window in each year that has one
        phase: [(y, w[phase][1]) for y, w in groups if phase in w] for phase in Phase
    }
    tasks = ledger.tasks
    inside: dict[tuple[Phase, date], bool] = {}  # a city's million tasks share a few thousand
    for i, due, _ in _due_in_force(ledger, ctx):
        task = tasks[i]
        phase = task.phase
        if phase is None:
            continue
        fits = inside.get((phase, due))
        if fits is None:
            found = by_phase.get(phase) or []
            fits = inside[phase, due] = not found or any(w.contains(due) for _, w in found)
        if not fits:
            found = by_phase[phase]
            window = next((w for y, w in found if y is not None and y.contains(due)), found[0][1])
            yield ctx.issue(
                "tasks",
                i,
                "due",
                subjects=[task.id],
                task=task.id,
                due=due,
                extended=_extended(ledger, i, due),
                phase=window.phase,
                start=window.start,
                end=window.end,
            )


@rule(
    "PHS008",
    "due-after-evaluation",
    title=N_("A task due after the evaluation date"),
    message=N_("{task} is due on {due}{extended}, after the evaluation on {evaluation}"),
    hint=N_(
        "倒排工期: bring the deadline forward to the evaluation date at the latest, or mark "
        "long-term work ongoing (长期坚持)"
    ),
    description=N_(
        "Every deadline is planned back from the evaluation date: a task due after the last "
        "annual or final evaluation of every title it serves (of every title, for a task "
        "that names no standard) misses them all. Work due after this year's evaluation but "
        "by a later one counts at the later one (PHS011, a note in the extra tier). The due "
        "date judged is the one in force on the check date (after extensions); cancelled "
        "and ongoing tasks are left out."
    ),
)
def due_after_evaluation(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    if not evaluations(ledger):
        return
    of_task = _evaluations_of(ledger)
    for i, due, _ in _due_in_force(ledger, ctx):
        task = ledger.tasks[i]
        mine = of_task(task)
        if mine and due > mine[-1].on:
            yield ctx.issue(
                "tasks",
                i,
                "due",
                subjects=[task.id],
                task=task.id,
                due=due,
                extended=_extended(ledger, i, due),
                evaluation=mine[-1].on,
            )


@rule(
    "PHS011",
    "due-after-this-evaluation",
    title=N_("Work due after this year's evaluation, counted at a later one"),
    message=N_(
        "{task} is due on {due}{extended}, after the evaluation on {evaluation}: it counts "
        "at the evaluation on {later}, not this one"
    ),
    hint=N_(
        "nothing to correct if the work is meant for the later evaluation; to count this "
        "year, bring the deadline forward to {evaluation}"
    ),
    severity=Severity.INFO,
    tier=Tier.EXTRA,
    description=N_(
        "Year-long work (39 roads this year, due 31 December) is due after this year's "
        "evaluation but by a later evaluation of the titles it serves: it is no error, but "
        "it will not count at the next evaluation on or after the check date. Run it by "
        "name (``--select PHS011``) to list such work."
    ),
)
def due_after_this_evaluation(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    if not evaluations(ledger):
        return
    of_task = _evaluations_of(ledger)
    for i, due, _ in _due_in_force(ledger, ctx):
        task = ledger.tasks[i]
        mine = of_task(task)
        ahead = [e for e in mine if e.on >= ctx.as_of]
        if not ahead or due <= ahead[0].on or due > mine[-1].on:
            continue
        later = next(e for e in ahead if e.on >= due)
        yield ctx.issue(
            "tasks",
            i,
            "due",
            subjects=[task.id],
            task=task.id,
            due=due,
            extended=_extended(ledger, i, due),
            evaluation=ahead[0].on,
            later=later.on,
        )


@rule(
    "PHS009",
    "overdue",
    title=N_("A task still open after its due date"),
    message=N_(
        "{kind} {task} was due on {due}{extended} and is still {status} on {day} ({late} overdue)"
    ),
    hint=N_(
        "finish it and report back (反馈) for sign-off (销号), or record an extension (延期) "
        "with a new due date"
    ),
    description=N_(
        "A task or problem that is not signed off (销号) or cancelled by the end of its due "
        "date is overdue on the days after it. The due date is inclusive and the one in "
        "force after extensions; the status is the journal's as of the check date. Ongoing "
        "work (长期坚持) is never overdue."
    ),
)
def overdue(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    day = ctx.as_of
    for i, due, code in _due_in_force(ledger, ctx):
        if day > due and code in _OPEN:
            task = ledger.tasks[i]
            status = _STATUSES[code]
            yield ctx.issue(
                "tasks",
                i,
                "due",
                subjects=[task.id],
                kind=task.kind,
                task=task.id,
                due=due,
                extended=_extended(ledger, i, due),
                status=status,
                day=ctx.as_of,
                late=_days((ctx.as_of - due).days),
            )


@rule(
    "PHS010",
    "ongoing-without-review",
    title=N_("Ongoing work with no review cadence"),
    message=N_("{task} is ongoing (长期坚持) but says nothing of how often it is reviewed"),
    hint=N_(
        "set review: 每周, 每旬, 每月, 每季度, 每半年 or 每年 (weekly, ten_day, monthly, "
        "quarterly, half_yearly, yearly)"
    ),
    severity=Severity.WARNING,
    tier=Tier.STRICT,
    description=N_(
        "长期坚持 is never overdue, so it must be reviewed on a rhythm instead (常态长效): in the "
        "strict tier an ongoing task that is not cancelled names its review cadence."
    ),
)
def ongoing_without_review(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    every = states(ledger, ctx.as_of)
    for i, task in enumerate(ledger.tasks):
        if task.ongoing and task.review is None and every.status(task.id) is not Status.CANCELLED:
            yield ctx.issue("tasks", i, "ongoing", subjects=[task.id], task=task.id)


RULES: tuple[Rule, ...] = (
    phase_window_reversed,
    phase_repeated,
    phases_out_of_order,
    phases_overlap,
    phases_gap,
    evaluation_outside_last_phase,
    due_outside_phase,
    due_after_evaluation,
    due_after_this_evaluation,
    overdue,
    ongoing_without_review,
)
