"""The monthly ranking (月考排名) of streets or communities, with commendation and criticism.

The score of a unit for a month comes from the month's monthly exams (月考) when
the ledger records their scores for the level; otherwise it is computed from
the ledger (see :class:`RankingWeights`). Equal scores share a place (1, 2, 2, 4);
units with no work in the month are listed apart, unranked. Who is commended and
who criticised is the campaign's setting for the level (``campaign.rankings``),
see :mod:`civledger.reports.outcomes`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Literal

import attrs

from civledger.errors import InvalidValueError
from civledger.i18n import N_, _, gettext, localized, phrase
from civledger.journal.lifecycle import Status
from civledger.journal.state import TaskState, states
from civledger.model import InspectionKind, Ledger, Level
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.outcomes import DEFAULT_COMMEND, Outcomes, Settings, decide, settings_for
from civledger.reports.scope import (
    ancestor_at,
    level_title,
    parse_level,
    parse_period,
    place_of,
    units_at,
)
from civledger.reports.table import Cell, Column, Table

__all__ = [
    "DEFAULT_TOP",
    "RANKING_COLUMNS",
    "RankingWeights",
    "Source",
    "ranking_report",
]

Source = Literal["auto", "exam", "ledger"]
"""Where scores come from: the month's exams if any (``auto``), the exams only, the ledger."""

DEFAULT_TOP: dict[int, int] = DEFAULT_COMMEND
"""The places commended by default by level rank: 10 streets (towns), 30 communities (villages)."""

COMMENDED = N_("commended")
CRITICISED = N_("criticised")


def _check_weight(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value >= 0:
        raise InvalidValueError(
            attribute.name, phrase("a weight must be >= 0, not {value!r}", value=value)
        )


@attrs.frozen(kw_only=True)
class RankingWeights:
    """How a unit's score is computed from the ledger when no exam scored it.

    ``score = base + sign_off × 销号率 − overdue × 逾期数 − relapse × 回潮数 −
    extension × 延期数``, at least 0, rounded to two decimals. The 销号率 is signed
    off ÷ tasks assigned (cancelled tasks left out; 1 when the unit has none). The
    defaults give a 100-point scale: 40 + 60 × the rate, 5 points off per overdue
    task, 3 per relapse, 1 per extension.

    Examples
    --------
    >>> w = RankingWeights()
    >>> w.score(rate=0.75, overdue=1, relapses=0, extensions=2)
    78.0
    >>> RankingWeights(overdue=10).score(rate=0.5, overdue=8, relapses=0, extensions=0)
    0.0
    """

    base: float = attrs.field(default=40.0, validator=_check_weight)
    sign_off: float = attrs.field(default=60.0, validator=_check_weight)
    overdue: float = attrs.field(default=5.0, validator=_check_weight)
    relapse: float = attrs.field(default=3.0, validator=_check_weight)
    extension: float = attrs.field(default=1.0, validator=_check_weight)

    def score(self, *, rate: float, overdue: int, relapses: int, extensions: int) -> float:
        """The score of a unit with these figures."""
        raw = (
            self.base
            + self.sign_off * rate
            - self.overdue * overdue
            - self.relapse * relapses
            - self.extension * extensions
        )
        return round(max(raw, 0.0), 2)


RANKING_COLUMNS: tuple[Column, ...] = (
    Column(key="rank", label=N_("Rank"), kind="int"),
    Column(key="unit", label=N_("ID")),
    Column(key="name", label=N_("Unit")),
    Column(key="score", label=N_("Score"), kind="number", digits=2),
    Column(key="source", label=N_("Source")),
    Column(key="tasks", label=N_("Tasks"), kind="int"),
    Column(key="rate", label=N_("Sign-off rate"), kind="percent"),
    Column(key="overdue", label=N_("Overdue"), kind="int"),
    Column(key="relapses", label=N_("Relapses"), kind="int"),
    Column(key="extensions", label=N_("Extensions"), kind="int"),
    Column(key="outcome", label=N_("Outcome")),
)
"""The columns of :func:`ranking_report`."""

_FIGURES = ("tasks", "signed_off", "overdue", "relapses", "extensions", "work")


def _exam_scores(
    ledger: Ledger, first: date, last: date, units: set[str]
) -> tuple[dict[str, float], list[str]]:
    found: dict[str, list[float]] = defaultdict(list)
    by: list[str] = []
    for inspection in ledger.inspections:
        if inspection.kind is InspectionKind.MONTHLY_EXAM and first <= inspection.on <= last:
            for score in inspection.scores:
                if score.unit in units:
                    found[score.unit].append(score.score)
            if inspection.by is not None and inspection.by not in by:
                by.append(inspection.by)
    return {unit: round(sum(s) / len(s), 2) for unit, s in found.items()}, by


def _closed(state: TaskState | None) -> bool:
    return state is not None and state.status in (Status.SIGNED_OFF, Status.CANCELLED)


def _figures(
    ledger: Ledger, wanted: Level, first: date, on: date, units: set[str]
) -> dict[str, dict[str, int]]:
    """Each unit's tasks, sign-offs, overdue, relapses, extensions, and tasks worked in the period.

    A task is worked in the period unless it was closed (signed off or cancelled) before
    the period began and still is, with no relapse in between.
    """
    figures = {u: dict.fromkeys(_FIGURES, 0) for u in units}
    every = states(ledger, on)
    before = states(ledger, first - timedelta(days=1))
    for task in ledger.tasks:
        found = every.get(task.id)
        if found is None or found.status in (Status.NEW, Status.CANCELLED):
            continue
        holder = ancestor_at(ledger, place_of(task), wanted)
        tally = figures.get(holder) if holder is not None else None
        if tally is None:
            continue
        earlier = before.get(task.id)
        unchanged = earlier is not None and earlier.relapses == found.relapses
        tally["tasks"] += 1
        tally["signed_off"] += found.status is Status.SIGNED_OFF
        tally["overdue"] += not task.ongoing and found.overdue(on)
        tally["relapses"] += found.relapses
        tally["extensions"] += found.extensions
        tally["work"] += not (_closed(earlier) and _closed(found) and unchanged)
    return figures


def ranking_report(
    ledger: Ledger,
    *,
    period: str | None = None,
    level: Level | str = Level.STREET,
    as_of: DayLike | None = None,
    top: int | None = None,
    bottom: int | None = None,
    source: Source = "auto",
    weights: RankingWeights | None = None,
) -> Table:
    """The ranking of a month (月考): every unit of a level, best first, with who is commended.

    Scores: with ``source="auto"`` (the default), when monthly exams (月考) held in the
    month (on or before ``as_of``) score units of the level, a unit's score is its exam
    score (the mean, if several exams scored it); units the exams left out are listed
    last without a place. When no exam of the month scores the level, every unit's
    score is computed from the ledger as of the month's last day (or ``as_of``, if
    earlier) with ``weights`` (see :class:`RankingWeights`); a unit with no work in the
    month (no task, or every task closed before the month began) is listed apart,
    without a score or a place. ``source="exam"`` or ``"ledger"`` forces one or the other.

    A unit's figures (tasks, 销号率, overdue, relapses, extensions) count the tasks
    assigned by that day, not cancelled, whose place (属地: where they are located, else
    their lead unit) lies in the unit. Places: by score, highest first; equal scores
    share a place and the next is skipped (1, 2, 2, 4); within a place units keep the
    ledger's order. Who is commended (通报表扬) and criticised (通报批评) is the
    campaign's ranking policy for the level (:class:`~civledger.RankingPolicy`), else the
    defaults — the first 10 places for streets (towns count as streets), 30 for
    communities (villages count as communities), nobody criticised. ``top`` and
    ``bottom`` replace the numbers of places (``0``: nobody). Units tied on a place
    share its outcome; a unit is never both commended and criticised (one the
    settings would put on both lists is commended). The notes say what the settings
    say and whom they name.

    Raises
    ------
    InvalidValueError
        For a period that is not ``YYYY-MM``, or that begins after ``as_of``; a
        negative top or bottom.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/zhecheng.yaml")
    >>> table = civledger.ranking_report(ledger, period="2026-05", level="street")
    >>> for row in table.to_rows():
    ...     print(row["rank"], row["name"], row["score"], row["outcome"])
    1 龙源街道 94.0 commended
    2 长江新城街道 92.5
    3 浦东街道 90.0
    4 城关镇 88.5
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    first, last = parse_period(period or f"{day.year:04d}-{day.month:02d}")
    if first > day:
        month = first.strftime("%Y-%m")
        raise InvalidValueError(
            "period",
            phrase(
                "the period {period} begins after the ledger's date {day}",
                period=month,
                day=day.isoformat(),
            ),
        )
    if (top is not None and top < 0) or (bottom is not None and bottom < 0):
        raise InvalidValueError("top", phrase("top and bottom must be >= 0"))
    on = min(last, day)
    wanted = parse_level(level)
    settings = settings_for(ledger, wanted, top, bottom)
    weights = weights or RankingWeights()
    units = units_at(ledger, wanted)
    figures = _figures(ledger, wanted, first, on, {u.id for u in units})
    exams, by = ({}, []) if source == "ledger" else _exam_scores(ledger, first, on, set(figures))
    use_exams = source == "exam" or bool(exams)
    rows: list[dict[str, Cell]] = []
    for unit in units:
        f = figures[unit.id]
        rate = f["signed_off"] / f["tasks"] if f["tasks"] else None
        score: float | None
        if use_exams:
            score = exams.get(unit.id)
            how = _("monthly exam") if score is not None else _("not examined")
        elif f["work"]:
            score = weights.score(
                rate=1.0 if rate is None else rate,
                overdue=f["overdue"],
                relapses=f["relapses"],
                extensions=f["extensions"],
            )
            how = _("ledger figures")
        else:
            score, how = None, _("no work in the period")
        rows.append(
            {
                "rank": None,
                "unit": unit.id,
                "name": unit.name,
                "score": score,
                "source": how,
                "tasks": f["tasks"],
                "rate": rate,
                "overdue": f["overdue"],
                "relapses": f["relapses"],
                "extensions": f["extensions"],
                "outcome": "",
            }
        )
    ranked = sorted(
        (r for r in rows if r["score"] is not None),
        key=lambda r: -float(r["score"]),  # type: ignore[arg-type]
    )
    apart = [r for r in rows if r["score"] is None]
    outcomes = decide([float(r["score"]) for r in ranked], settings)  # type: ignore[arg-type]
    for n, row in enumerate(ranked):
        row["rank"] = outcomes.ranks[n]
        if n in outcomes.commended:
            row["outcome"] = gettext(COMMENDED)
        elif n in outcomes.criticised:
            row["outcome"] = gettext(CRITICISED)
    notes = [
        _how(ledger, use_exams, first, on, weights, by),
        _(
            "Tasks count for the {level} that holds them (where they are located, else their "
            "lead unit); only tasks assigned by {day} and not cancelled count."
        ).format(level=level_title(wanted), day=on.isoformat()),
        _(
            "Places by score, highest first; equal scores share a place and the next place "
            "is skipped (1, 2, 2, 4)."
        ),
        *_settings_notes(ledger, settings, ranked, outcomes),
    ]
    if apart:
        names = str(localized([str(r["name"]) for r in apart]))
        notes.append(
            _("{n} units have no exam score this month and are not ranked: {units}.").format(
                n=len(apart), units=names
            )
            if use_exams
            else _(
                "{n} units had no work in the period (no task, or every task closed before "
                "it began) and are not ranked: {units}."
            ).format(n=len(apart), units=names)
        )
    title = (
        _("Monthly exam ranking of {level}, {year}-{month:02d}")
        if use_exams
        else _("Overall ranking of {level}, {year}-{month:02d}")
    )
    return Table(
        title=title.format(level=level_title(wanted), year=first.year, month=first.month),
        name="ranking",
        columns=worded(RANKING_COLUMNS),
        rows=[*ranked, *apart],
        notes=notes,
        ledger_name=ledger.campaign.name,
        as_of=on,
    )


def _how(
    ledger: Ledger, use_exams: bool, first: date, on: date, weights: RankingWeights, by: list[str]
) -> str:
    if use_exams:
        units = ledger.index("units")
        names = str(localized([getattr(units.get(b), "name", b) for b in by]))
        month = f"{first:%Y-%m}"
        if names:
            return _("Scores: the monthly exam (月考) of {month}, held by {units}.").format(
                month=month, units=names
            )
        return _("Scores: the monthly exam (月考) of {month}.").format(month=month)
    return _(
        "Scores computed from the ledger as of {day}: {base:g} + {sign_off:g} × sign-off rate "
        "− {overdue:g} × overdue − {relapse:g} × relapses − {extension:g} × extensions, at "
        "least 0."
    ).format(
        day=on.isoformat(),
        base=weights.base,
        sign_off=weights.sign_off,
        overdue=weights.overdue,
        relapse=weights.relapse,
        extension=weights.extension,
    )


def _names(rows: list[dict[str, Cell]], which: frozenset[int]) -> str:
    return str(localized([str(rows[i]["name"]) for i in sorted(which)])) or _("none")


def _settings_notes(
    ledger: Ledger, settings: Settings, rows: list[dict[str, Cell]], outcomes: Outcomes
) -> list[str]:
    """What the settings say, and whom they name: the notice, word for word."""
    notes = []
    commended = _names(rows, outcomes.commended)
    if settings.commend == 0:
        notes.append(_("Nobody is commended (通报表扬)."))
    elif settings.commend_from is None:
        notes.append(
            _("The first {n} places are commended (通报表扬): {units}.").format(
                n=settings.commend, units=commended
            )
        )
    else:
        notes.append(
            _(
                "The first {n} places scoring at least {score:g} are commended (通报表扬): {units}."
            ).format(n=settings.commend, score=settings.commend_from, units=commended)
        )
    criticised = _names(rows, outcomes.criticised)
    if not settings.criticises:
        notes.append(_("Nobody is criticised (通报批评)."))
    elif settings.criticise_below is None:
        notes.append(
            _("The last {n} places are criticised (通报批评): {units}.").format(
                n=settings.criticise, units=criticised
            )
        )
    elif settings.criticise is None:
        notes.append(
            _("Units scoring below {score:g} are criticised (通报批评): {units}.").format(
                score=settings.criticise_below, units=criticised
            )
        )
    else:
        notes.append(
            _(
                "The last {n} places scoring below {score:g} are criticised (通报批评): {units}."
            ).format(n=settings.criticise, score=settings.criticise_below, units=criticised)
        )
    if outcomes.spared:
        notes.append(
            _("{units} would be criticised too, but a unit commended is not criticised.").format(
                units=_names(rows, outcomes.spared)
            )
        )
    notes.append(_settings_source(ledger, settings))
    return notes


def _settings_source(ledger: Ledger, settings: Settings) -> str:
    policy = settings.policy
    if settings.source == "options":
        text = _("Settings: the numbers of places asked for (top, bottom).")
    elif policy is None:
        text = _(
            "Settings: the defaults (the first 10 streets, the first 30 communities; "
            "nobody criticised)."
        )
    else:
        text = _("Settings: the campaign's ranking policy for this level.")
    if policy is not None:
        if policy.reward:
            text += _(" Reward: {reward}.").format(reward=policy.reward)
        if policy.review:
            text += _(" Counted in the year-end review (计入年终考核).")
        if policy.by is not None:
            unit = ledger.index("units").get(policy.by)
            text += _(" Published by {unit}.").format(unit=getattr(unit, "name", policy.by))
    return text
