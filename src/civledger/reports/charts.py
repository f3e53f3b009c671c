"""Charts (the ``plot`` extra, matplotlib): the battle map, the burndown, the ranking bars.

Each function returns a matplotlib ``Figure`` made without pyplot (no global
figure state); :func:`chart_png` turns one into PNG bytes. Chinese text uses a
CJK font (:mod:`civledger.reports.fonts`); the figures are drawn with the Agg
backend at a fixed size, so the same ledger gives the same picture.
"""

from __future__ import annotations

import io
import math
import warnings
from collections import Counter
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from civledger._extras import optional_module
from civledger.errors import CivLedgerError
from civledger.graph.tree import unit_tree
from civledger.i18n import _, gettext, lazy, localized, use_language
from civledger.journal.lifecycle import Status
from civledger.journal.measures import MeasureProgress, RollUpPlan, roll_up, roll_up_plan
from civledger.journal.state import Fold, end_of_day, entries_by_task, states
from civledger.model import Ledger, Task, TaskKind
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.fonts import cjk_family
from civledger.reports.ranking import COMMENDED, CRITICISED
from civledger.reports.scope import WHAT, check_unit, place_of
from civledger.reports.table import Table
from civledger.text import truncate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BAR_COLOURS",
    "DONE",
    "OPEN",
    "OVERDUE",
    "battle_map",
    "burndown_chart",
    "burndown_series",
    "chart_png",
    "measure_series",
    "ranking_chart",
]

DONE = "#d62728"
"""Signed-off work, in red, as offices colour the battle map by hand."""
OVERDUE = "#000000"
"""Overdue work, in black."""
OPEN = "#ffffff"
"""Work under way: a hollow bar."""
ONGOING = "#bbbbbb"
"""Ongoing work (长期坚持): grey."""
PART = "#f4a582"
"""The part of an open bar that is done (its percent done), in light red."""
PHASE = "#4c72b0"
"""The phase bars at the top of the battle map."""

BAR_COLOURS: dict[str, str] = {COMMENDED: DONE, CRITICISED: OVERDUE, "": "#7f7f7f"}
"""The ranking bars: red for commendation (红榜), black for criticism (黑榜), grey otherwise.

Keyed by the outcome's message (``commended``, ``criticised``); a ranking table's
outcome in either language finds its colour."""


def _bar_colour(outcome: str) -> str:
    for key, colour in BAR_COLOURS.items():
        if key and outcome in (key, gettext(key), _in_chinese(key)):
            return colour
    return BAR_COLOURS[""]


def _in_chinese(message: str) -> str:
    with use_language("zh"):
        return gettext(message)


def _matplotlib() -> Any:
    return optional_module("matplotlib", lazy("drawing charts"))


def _dates() -> Any:
    """matplotlib.dates, untyped (its functions carry no annotations)."""
    return optional_module("matplotlib.dates", "drawing charts")


def _figure(width: float, height: float) -> Figure:
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _use_cjk(figure: Figure) -> None:
    """Give every text of the figure the CJK font, so it renders wherever it is saved."""
    from matplotlib.text import Text

    family = cjk_family()
    if family is None:
        return
    for text in figure.findobj(Text):
        text.set_fontfamily([family, "DejaVu Sans"])


def chart_png(figure: Figure) -> bytes:
    """The figure as PNG bytes, without the date and software stamps (deterministic).

    Examples
    --------
    >>> import civledger
    >>> figure = civledger.battle_map(civledger.load("examples/zhecheng.yaml"))
    >>> chart_png(figure)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    matplotlib = _matplotlib()
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "civledger"}), warnings.catch_warnings():
        # Without a CJK font civledger has warned once already; not once per character.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(out, format="png", dpi=figure.dpi, metadata={"Software": None})
    return out.getvalue()


def _span(ledger: Ledger, day: date) -> tuple[date, date]:
    phases = ledger.campaign.phases
    dues = [t.due for t in ledger.tasks if t.due is not None]
    start = min([w.start for w in phases] + dues + [day])
    end = max([w.end for w in phases] + dues + [day] + [ledger.campaign.evaluation or day])
    return start, end


def _task_dates(
    task_due: date | None, started: date | None, fallback: date, end: date
) -> tuple[date, date]:
    finish = task_due or end
    begin = started or fallback
    if begin > finish:
        begin = finish
    return begin, finish + timedelta(days=1)


def battle_map(
    ledger: Ledger,
    *,
    as_of: DayLike | None = None,
    under: str | None = None,
    kind: TaskKind | str | None = None,
) -> Figure:
    """The battle map (挂图作战): the phases, then each lead unit's tasks as bars in time.

    A task's bar runs from its assignment (交办; or the start of its phase while it
    is not assigned) to its due date in force. Signed-off work is red and overdue
    work black, as offices draw the map by hand; open work is a hollow bar, ongoing
    work (长期坚持) grey up to the evaluation date; cancelled tasks are left out. An
    open, overdue or ongoing bar is filled in light red from its start by its percent
    done (the primary measure's done ÷ target, at most the whole bar; a stated percent
    while no amount is known). A dashed line marks ``as_of`` and a solid red one the
    evaluation date.

    Parameters
    ----------
    under
        Only tasks whose place (属地) or lead unit lies at or below this unit.
    kind
        Only tasks (任务) or only problems (问题).

    Examples
    --------
    >>> import civledger
    >>> figure = civledger.battle_map(civledger.load("examples/zhecheng.yaml"))
    >>> axes = figure.axes[0]
    >>> axes.get_yticklabels()[0].get_text(), axes.get_title()
    ('launch', '柘城县创建全国文明城市 battle map (as of 2026-06-14)')
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    _matplotlib()
    from matplotlib.patches import Patch

    mdates = _dates()

    day = as_of or ledger.campaign.default_date()
    wanted = TaskKind.parse(kind) if kind is not None else None
    tree = unit_tree(ledger)
    top = check_unit(ledger, under) if under is not None else None
    every = states(ledger, day)
    zone = ledger.campaign.zone()
    windows = {w.phase: w for w in ledger.campaign.phases}
    start, end = _span(ledger, day)

    groups: dict[str, list[str]] = {}
    tasks = ledger.index("tasks")
    for task in ledger.tasks:
        state = every.get(task.id)
        if state is None or state.status is Status.CANCELLED or tasks.get(task.id) is not task:
            continue
        if wanted is not None and task.kind is not wanted:
            continue
        if top is not None and not any(
            u is not None and tree.contains(top, u) for u in (place_of(task), task.lead)
        ):
            continue
        groups.setdefault(task.lead or "", []).append(task.id)
    order = {u.id: n for n, u in enumerate(ledger.units)}
    leads = sorted(groups, key=lambda u: (order.get(u, len(order)), u))

    # Rows from the top: phases, then per lead unit a heading and its tasks.
    rows: list[tuple[str, str, str | None]] = [
        ("phase", str(localized(w.phase)), w.phase.value) for w in ledger.campaign.phases
    ]
    no_lead = _("no lead unit yet")
    for lead in leads:
        unit = tree.units.get(lead)
        rows.append(("unit", f"【{unit.name if unit is not None else lead or no_lead}】", None))
        for tid in groups[lead]:
            rows.append(("task", f"{tid} {truncate(tasks[tid].title, 26)}", tid))

    figure = _figure(14, 1.6 + 0.22 * len(rows))
    axes = figure.add_subplot()
    evaluation = ledger.campaign.evaluation or end
    for y, (what, _label, ref) in enumerate(rows):
        if what == "phase":
            span = next(w for w in ledger.campaign.phases if w.phase.value == ref)
            axes.barh(
                y,
                (span.end - span.start).days + 1,
                left=mdates.date2num(span.start),
                height=0.7,
                color=PHASE,
                alpha=0.35 + 0.12 * span.phase.order,
                gid=f"phase:{ref}",
            )
        elif what == "task" and ref is not None:
            task, state = tasks[ref], every[ref]
            assigned = state.assigned_at.astimezone(zone).date() if state.assigned_at else None
            window = windows.get(task.phase) if task.phase is not None else None
            fallback = window.start if window is not None else (state.due or start)
            if task.ongoing:
                begin, finish = _task_dates(evaluation, assigned, fallback, end)
                face, edge, status = ONGOING, ONGOING, "ongoing"
            else:
                begin, finish = _task_dates(state.due, assigned, fallback, end)
                if state.status is Status.SIGNED_OFF:
                    face, edge, status = DONE, DONE, "done"
                elif state.overdue(day):
                    face, edge, status = OVERDUE, OVERDUE, "overdue"
                else:
                    face, edge, status = OPEN, "#555555", "open"
            axes.barh(
                y,
                (finish - begin).days,
                left=mdates.date2num(begin),
                height=0.6,
                color=face,
                edgecolor=edge,
                linewidth=0.8,
                gid=f"task:{ref}:{status}",
            )
            if status != "done" and state.percent is not None and state.percent > 0:
                filled = (finish - begin).days * min(state.percent, 100.0) / 100
                axes.barh(
                    y,
                    filled,
                    left=mdates.date2num(begin),
                    height=0.6 if status != "overdue" else 0.3,
                    color=PART,
                    linewidth=0,
                    gid=f"fill:{ref}",
                )
    axes.set_yticks(range(len(rows)), [label for _, label, _ in rows], fontsize=8)
    axes.invert_yaxis()
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.xaxis_date()
    axes.set_xlim(
        mdates.date2num(start - timedelta(days=2)), mdates.date2num(end + timedelta(days=3))
    )
    axes.xaxis.set_major_locator(mdates.MonthLocator())
    axes.xaxis.set_minor_locator(mdates.DayLocator(bymonthday=(11, 21)))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    axes.xaxis.tick_top()
    axes.grid(axis="x", which="both", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.axvline(mdates.date2num(day) + 1, color="#1f77b4", linestyle="--", linewidth=1.2)
    if ledger.campaign.evaluation is not None:
        axes.axvline(mdates.date2num(evaluation) + 0.5, color=DONE, linewidth=1.5)
    axes.set_title(
        _("{campaign} battle map (as of {day})").format(
            campaign=ledger.campaign.name, day=day.isoformat()
        ),
        fontsize=13,
    )
    axes.legend(
        handles=[
            Patch(facecolor=DONE, edgecolor=DONE, label=_("signed off")),
            Patch(facecolor=OVERDUE, edgecolor=OVERDUE, label=_("overdue, not signed off")),
            Patch(facecolor=OPEN, edgecolor="#555555", label=_("under way")),
            Patch(facecolor=PART, edgecolor=PART, label=_("percent done")),
            Patch(facecolor=ONGOING, edgecolor=ONGOING, label=_("ongoing")),
            Patch(
                facecolor="none",
                edgecolor="#1f77b4",
                linestyle="--",
                label=_("as of {day}").format(day=f"{day:%m-%d}"),
            ),
            Patch(
                facecolor="none",
                edgecolor=DONE,
                label=_("evaluation {day}").format(day=f"{evaluation:%m-%d}"),
            ),
        ],
        loc="upper right",
        fontsize=8,
        ncols=7,
    )
    _use_cjk(figure)
    return figure


def burndown_series(
    ledger: Ledger,
    *,
    as_of: date | None = None,
    kind: TaskKind | str | None = TaskKind.PROBLEM,
) -> list[tuple[date, int, int]]:
    """For each day from the first journal entry to ``as_of``: (day, open, found so far).

    A task is open from the entry that assigns it (交办) until it is signed off or
    cancelled, and again after a relapse (回潮); "found" counts every task assigned
    so far. One pass over the journal: each task's entries are applied in time
    order (as :func:`civledger.states` does) and only the days its openness changes
    are recorded.

    Examples
    --------
    >>> import civledger
    >>> series = burndown_series(civledger.load("examples/zhecheng.yaml"))
    >>> series[-1]
    (datetime.date(2026, 6, 14), 8, 26)
    """
    day = as_of or ledger.campaign.default_date()
    wanted = TaskKind.parse(kind) if kind is not None else None
    zone = ledger.campaign.zone()
    opened: Counter[date] = Counter()
    found: Counter[date] = Counter()
    first: date | None = None
    by_task = entries_by_task(ledger)
    for task in ledger.tasks:
        if wanted is not None and task.kind is not wanted:
            continue
        fold = Fold.of(task, zone)
        seen = False
        for entry in by_task.get(task.id, ()):
            on = entry.at.astimezone(zone).date()
            if on > day:
                break
            before = fold.status.is_open and fold.status is not Status.NEW
            if not fold.apply(entry):
                continue
            after = fold.status.is_open and fold.status is not Status.NEW
            first = on if first is None or on < first else first
            if after and not seen:
                seen = True
                found[on] += 1
            if after != before:
                opened[on] += 1 if after else -1
    if first is None:
        return []
    series = []
    current = total = 0
    for n in range((day - first).days + 1):
        on = first + timedelta(days=n)
        current += opened[on]
        total += found[on]
        series.append((on, current, total))
    return series


def measure_series(
    ledger: Ledger,
    task: str,
    measure: str | None = None,
    *,
    as_of: date | None = None,
) -> list[tuple[date, float | None]]:
    """For each day from the task's first entry (or its measure's baseline) to ``as_of``:
    (day, done) of one of its measures at the end of that day.

    ``done`` is the measure's latest figure then (``None`` before any); a measure that
    rolls up is computed from the subtasks' entries day by day, as the states of each
    day would give it.

    Raises
    ------
    UnknownIdError
        For a task the ledger does not have.
    CivLedgerError
        When the task has no such measure.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/district-100-days.yaml")
    >>> series = measure_series(ledger, "T-01", as_of=date(2026, 6, 15))
    >>> series[0], series[-1]
    ((datetime.date(2026, 4, 10), 553204.0), (datetime.date(2026, 6, 15), 903600.0))
    """
    found = ledger.task(task)
    names = [t.name for t in found.all_targets]
    if not names or (measure is not None and measure not in names):
        known = ", ".join(n or "(primary)" for n in names) or "none"
        raise CivLedgerError(f"{found.id} has no measure {measure or '(primary)'}: {known}")
    index = names.index(measure) if measure is not None else 0
    day = as_of or ledger.campaign.default_date()
    zone = ledger.campaign.zone()
    plan = roll_up_plan(ledger)
    tasks = ledger.index("tasks")
    by_task = entries_by_task(ledger)
    involved: list[Task] = []
    pending = [found]
    while pending:
        current = pending.pop()
        if current in involved:
            continue
        involved.append(current)
        pending.extend(tasks[c] for c in plan.subtasks.get(current.id, ()) if c in tasks)
    folds = {t.id: Fold.of(t, zone) for t in involved}
    cursor = dict.fromkeys(folds, 0)
    starts = [e.at.astimezone(zone).date() for t in involved for e in by_task.get(t.id, ())[:1]]
    baseline = found.all_targets[index].baseline
    if baseline is not None:
        starts.append(baseline.as_of)
    if not starts:
        return []
    first = min(starts)
    series: list[tuple[date, float | None]] = []
    for n in range((day - first).days + 1):
        on = first + timedelta(days=n)
        cutoff = end_of_day(on, zone)
        for tid, fold in folds.items():
            entries = by_task.get(tid, ())
            while cursor[tid] < len(entries) and entries[cursor[tid]].at < cutoff:
                fold.apply(entries[cursor[tid]])
                cursor[tid] += 1
        series.append((on, _measures_of(found.id, folds, plan, cutoff, set())[index].done))
    return series


def _measures_of(
    task: str,
    folds: dict[str, Fold],
    plan: RollUpPlan,
    moment: datetime,
    seen: set[str],
) -> tuple[MeasureProgress, ...]:
    seen.add(task)
    measures = folds[task].measures(moment)
    if task not in plan.subtasks:
        return measures
    children = [
        (folds[c].status, folds[c].signed_off_at, _measures_of(c, folds, plan, moment, seen))
        for c in plan.subtasks[task]
        if c in folds and c not in seen
    ]
    return roll_up(measures, children)


def burndown_chart(
    ledger: Ledger,
    *,
    as_of: DayLike | None = None,
    kind: TaskKind | str | None = TaskKind.PROBLEM,
    task: str | None = None,
    measure: str | None = None,
) -> Figure:
    """The burndown of open problems over time (问题销号进度), or of a task's measure.

    Draws the open count day by day (未销号, red), the count found so far (累计交办,
    grey) and, when the evaluation date is ahead, a dotted line from today's open
    count to zero on that date: the pace needed to clear the list in time. Phases
    are shaded. ``kind=None`` counts tasks and problems together.

    With ``task``, burns down one of that task's measures instead (the primary one,
    or ``measure`` by name): what remains to do day by day (red), what is done
    (grey), and a dotted line from today's remainder to zero on the task's due date
    in force — the pace needed (:func:`measure_series`).

    Examples
    --------
    >>> import civledger
    >>> figure = burndown_chart(civledger.load("examples/zhecheng.yaml"))
    >>> [line.get_label() for line in figure.axes[0].get_lines() if line.get_label()[0] != "_"]
    ['open', 'assigned so far', 'pace to clear them']
    >>> district = civledger.load("examples/district-100-days.yaml")
    >>> figure = burndown_chart(district, task="T-05", measure="面积")
    >>> [line.get_label() for line in figure.axes[0].get_lines() if line.get_label()[0] != "_"]
    ['remaining', 'done', 'pace needed']
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    mdates = _dates()
    day = as_of or ledger.campaign.default_date()
    if task is not None:
        return _measure_burndown(ledger, task, measure, day)
    wanted = TaskKind.parse(kind) if kind is not None else None
    series = burndown_series(ledger, as_of=day, kind=wanted)
    figure = _figure(11, 5.5)
    axes = figure.add_subplot()
    what = WHAT[wanted]
    evaluation = ledger.campaign.evaluation
    if series:
        xs = [mdates.date2num(d) for d, _, _ in series]
        axes.step(
            xs, [o for _, o, _ in series], where="post", color=DONE, linewidth=2, label=_("open")
        )
        axes.step(
            xs,
            [f for _, _, f in series],
            where="post",
            color="#7f7f7f",
            linewidth=1.2,
            label=_("assigned so far"),
        )
        if evaluation is not None and evaluation > day:
            axes.plot(
                [mdates.date2num(day), mdates.date2num(evaluation)],
                [series[-1][1], 0],
                color=DONE,
                linestyle=":",
                linewidth=1.5,
                label=_("pace to clear them"),
            )
        last = series[-1]
        axes.annotate(
            f"{last[1]}",
            (mdates.date2num(last[0]), last[1]),
            textcoords="offset points",
            xytext=(4, 4),
            color=DONE,
            fontsize=10,
        )
    _shade_phases(axes, ledger)
    axes.set_ylabel(_("number of {what}").format(what=what))
    axes.grid(axis="y", color="#dddddd")
    axes.set_title(
        _("{campaign} sign-off of {what} (as of {day})").format(
            campaign=ledger.campaign.name, what=what, day=day.isoformat()
        )
    )
    axes.legend(loc="upper left", bbox_to_anchor=(0, 0.93))
    _use_cjk(figure)
    return figure


def _shade_phases(axes: Any, ledger: Ledger) -> None:
    """The phase windows shaded and named, the evaluation date marked, dates on the x axis."""
    mdates = _dates()
    for n, window in enumerate(ledger.campaign.phases):
        axes.axvspan(
            mdates.date2num(window.start),
            mdates.date2num(window.end) + 1,
            color=PHASE,
            alpha=0.06 if n % 2 else 0.12,
            linewidth=0,
        )
        axes.text(
            mdates.date2num(window.start) + 1,
            1.0,
            str(localized(window.phase)),
            transform=axes.get_xaxis_transform(),
            va="top",
            fontsize=8,
            color="#333333",
        )
    if ledger.campaign.evaluation is not None:
        axes.axvline(mdates.date2num(ledger.campaign.evaluation), color=DONE, linewidth=1)
    axes.xaxis_date()
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    axes.set_ylim(bottom=0)


def _measure_burndown(ledger: Ledger, task_id: str, measure: str | None, day: date) -> Figure:
    mdates = _dates()
    task = ledger.task(task_id)
    series = measure_series(ledger, task.id, measure, as_of=day)
    names = [t.name for t in task.all_targets]
    target = task.all_targets[names.index(measure) if measure is not None else 0]
    state = states(ledger, day)[task.id]
    figure = _figure(11, 5.5)
    axes = figure.add_subplot()
    if series:
        xs = [mdates.date2num(d) for d, _ in series]
        left = [target.gap(v) if v is not None else math.nan for _, v in series]
        axes.step(xs, left, where="post", color=DONE, linewidth=2, label=_("remaining"))
        axes.step(
            xs,
            [v if v is not None else math.nan for _, v in series],
            where="post",
            color="#7f7f7f",
            linewidth=1.2,
            label=_("done"),
        )
        due = state.due
        now = left[-1]
        if due is not None and due > day and now and not math.isnan(now):
            axes.plot(
                [mdates.date2num(day), mdates.date2num(due)],
                [now, 0],
                color=DONE,
                linestyle=":",
                linewidth=1.5,
                label=_("pace needed"),
            )
    _shade_phases(axes, ledger)
    unit = target.unit or ""
    axes.set_ylabel(f"{target.name or ''} {unit}".strip())
    axes.grid(axis="y", color="#dddddd")
    axes.set_title(
        _("{task} {title}: {target} (as of {day})").format(
            task=task.id, title=task.title, target=str(target), day=day.isoformat()
        )
    )
    axes.legend(loc="upper left", bbox_to_anchor=(0, 0.93))
    _use_cjk(figure)
    return figure


def ranking_chart(table: Table) -> Figure:
    """A ranking table (:func:`civledger.ranking_report`) as horizontal bars, best on top.

    Commended units (通报表扬) are red, criticised ones (通报批评) black, the others
    grey; each bar carries its score. Units without a score are left out.

    Raises
    ------
    CivLedgerError
        When the table is not a ranking.

    Examples
    --------
    >>> import civledger
    >>> table = civledger.ranking_report(civledger.load("examples/zhecheng.yaml"), period="2026-05")
    >>> bars = ranking_chart(table).axes[0].patches
    >>> [float(bar.get_width()) for bar in bars]
    [94.0, 92.5, 90.0, 88.5]
    """
    if table.name != "ranking" or "score" not in table.keys:
        raise CivLedgerError(_("ranking_chart draws a ranking table (civledger.ranking_report)"))
    rows = [r for r in table.to_rows() if r["score"] is not None]
    figure = _figure(9, 1.4 + 0.42 * max(len(rows), 1))
    axes = figure.add_subplot()
    names = [f"{r['rank']}. {r['name']}" for r in rows]
    scores = [float(r["score"]) for r in rows]  # type: ignore[arg-type]
    colours = [_bar_colour(str(r["outcome"] or "")) for r in rows]
    bars = axes.barh(range(len(rows)), scores, color=colours, height=0.65)
    for bar, score in zip(bars, scores, strict=True):
        axes.text(
            bar.get_width() + 0.5,
            bar.get_y() + bar.get_height() / 2,
            f"{score:.2f}",
            va="center",
            fontsize=9,
        )
    axes.set_yticks(range(len(rows)), names)
    axes.invert_yaxis()
    axes.set_xlim(0, max([100.0, *scores]) * 1.08)
    axes.set_xlabel(_("Score"))
    axes.set_title(table.title)
    from matplotlib.patches import Patch

    axes.legend(
        handles=[
            Patch(color=BAR_COLOURS[COMMENDED], label=gettext(COMMENDED)),
            Patch(color=BAR_COLOURS[CRITICISED], label=gettext(CRITICISED)),
            Patch(color=BAR_COLOURS[""], label=_("others")),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncols=3,
        fontsize=9,
    )
    _use_cjk(figure)
    return figure
