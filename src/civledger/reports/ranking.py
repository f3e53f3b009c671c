"""The monthly ranking (月考排名) of streets or communities, with commendation and criticism.

The score of a unit for a month comes from the month's monthly exams (月考) when
the ledger records their scores for the level; otherwise it is computed from
the ledger (see :class:`RankingWeights`). Ranks are deterministic: score
descending, then fewer overdue tasks, then the unit id.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Literal

import attrs

from civledger.errors import InvalidValueError
from civledger.i18n import N_, _, gettext, ngettext, phrase
from civledger.journal.lifecycle import Status
from civledger.journal.state import states
from civledger.model import InspectionKind, Ledger, Level
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
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
    "outcome_counts",
    "ranking_report",
]

Source = Literal["auto", "exam", "ledger"]
"""Where scores come from: the month's exams if any (``auto``), the exams only, the ledger."""

DEFAULT_TOP: dict[int, int] = {2: 10, 3: 30}
"""The default top (and bottom) N by level rank: 10 streets (towns), 30 communities (villages)."""

COMMENDED = N_("commended")
CRITICISED = N_("criticised")


def _check_weight(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
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
"""The columns of :func:`ranking_report` (labels are messages: see
:func:`~civledger.reports.columns.worded`)."""


def outcome_counts(ranked: int, top: int, bottom: int) -> tuple[int, int]:
    """How many of ``ranked`` units are commended and criticised for a top and bottom N.

    When the two would meet (``top + bottom > ranked``) each is capped at half the
    units ranked, rounded down, so that nobody is both; a side asked for 0 stays 0
    and the other may then take every unit.

    Examples
    --------
    >>> outcome_counts(20, 10, 10), outcome_counts(4, 10, 10), outcome_counts(4, 10, 0)
    ((10, 10), (2, 2), (4, 0))
    >>> outcome_counts(5, 3, 3)
    (2, 2)
    """
    if top + bottom <= ranked:
        return top, bottom
    if bottom == 0:
        return min(top, ranked), 0
    if top == 0:
        return 0, min(bottom, ranked)
    return min(top, ranked // 2), min(bottom, ranked // 2)


def _exam_scores(ledger: Ledger, first: date, last: date, units: set[str]) -> dict[str, float]:
    found: dict[str, list[float]] = defaultdict(list)
    for inspection in ledger.inspections:
        if inspection.kind is InspectionKind.MONTHLY_EXAM and first <= inspection.on <= last:
            for score in inspection.scores:
                if score.unit in units:
                    found[score.unit].append(score.score)
    return {unit: round(sum(s) / len(s), 2) for unit, s in found.items()}


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
    last without a rank. When no exam of the month scores the level, every unit's
    score is computed from the ledger as of the month's last day (or ``as_of``, if
    earlier) with ``weights`` (see :class:`RankingWeights`). ``source="exam"`` or
    ``"ledger"`` forces one or the other.

    A unit's figures (tasks, 销号率, overdue, relapses, extensions) count the tasks
    assigned by that day, not cancelled, whose place (属地: where they are located, else
    their lead unit) lies in the unit. Ranks: score descending, then fewer overdue
    tasks, then the unit id — never two units on one rank. The first ``top`` are
    commended (通报表扬) and the last ``bottom`` criticised (通报批评); both default to
    10 for streets (towns count as streets) and 30 for communities (villages count as
    communities), capped as :func:`outcome_counts` says.

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
    2 长江新城街道 92.5 commended
    3 浦东街道 90.0 criticised
    4 城关镇 88.5 criticised
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    first, last = parse_period(period or f"{day.year:04d}-{day.month:02d}")
    if first > day:
        month = f"{first:%Y-%m}"
        raise InvalidValueError(
            "period",
            phrase(
                "the period {period} begins after the ledger's date {day}",
                period=month,
                day=day.isoformat(),
            ),
        )
    on = min(last, day)
    wanted = parse_level(level)
    default_n = DEFAULT_TOP.get(wanted.rank if wanted.rank is not None else -1, 10)
    top = default_n if top is None else top
    bottom = default_n if bottom is None else bottom
    if top < 0 or bottom < 0:
        raise InvalidValueError("top", phrase("top and bottom must be >= 0"))
    weights = weights or RankingWeights()
    units = units_at(ledger, wanted)

    figures: dict[str, dict[str, int]] = {
        u.id: {"tasks": 0, "signed_off": 0, "overdue": 0, "relapses": 0, "extensions": 0}
        for u in units
    }
    every = states(ledger, on)
    for task in ledger.tasks:
        found = every.get(task.id)
        if found is None or found.status in (Status.NEW, Status.CANCELLED):
            continue
        holder = ancestor_at(ledger, place_of(task), wanted)
        tally = figures.get(holder) if holder is not None else None
        if tally is None:
            continue
        tally["tasks"] += 1
        tally["signed_off"] += found.status is Status.SIGNED_OFF
        tally["overdue"] += not task.ongoing and found.overdue(on)
        tally["relapses"] += found.relapses
        tally["extensions"] += found.extensions

    exams = {} if source == "ledger" else _exam_scores(ledger, first, on, set(figures))
    use_exams = source == "exam" or bool(exams)
    rows: list[dict[str, Cell]] = []
    for unit in units:
        f = figures[unit.id]
        rate = f["signed_off"] / f["tasks"] if f["tasks"] else None
        if use_exams:
            score: float | None = exams.get(unit.id)
        else:
            score = weights.score(
                rate=1.0 if rate is None else rate,
                overdue=f["overdue"],
                relapses=f["relapses"],
                extensions=f["extensions"],
            )
        rows.append(
            {
                "rank": None,
                "unit": unit.id,
                "name": unit.name,
                "score": score,
                "source": (_("monthly exam") if use_exams else _("ledger figures"))
                if score is not None
                else _("not examined"),
                "tasks": f["tasks"],
                "rate": rate,
                "overdue": f["overdue"],
                "relapses": f["relapses"],
                "extensions": f["extensions"],
                "outcome": "",
            }
        )
    scored = sorted(
        (r for r in rows if r["score"] is not None),
        key=lambda r: (-float(r["score"]), r["overdue"], str(r["unit"])),  # type: ignore[arg-type]
    )
    unscored = [r for r in rows if r["score"] is None]
    commended, criticised = outcome_counts(len(scored), top, bottom)
    for n, row in enumerate(scored, start=1):
        row["rank"] = n
        if n <= commended:
            row["outcome"] = gettext(COMMENDED)
        elif n > len(scored) - criticised:
            row["outcome"] = gettext(CRITICISED)
    level_name = level_title(wanted)
    how = (
        _("scores are the monthly exams of {year}-{month:02d}").format(
            year=first.year, month=first.month
        )
        if use_exams
        else _(
            "scores are computed from the ledger (as of {day}): {base:g} + {sign_off:g} × sign-off "
            "rate − {overdue:g} × overdue − {relapse:g} × relapses − {extension:g} × extensions, "
            "0 at least"
        ).format(
            day=on.isoformat(),
            base=weights.base,
            sign_off=weights.sign_off,
            overdue=weights.overdue,
            relapse=weights.relapse,
            extension=weights.extension,
        )
    )
    notes = [
        _(
            "{how}; tasks count for the {level} holding their place; only tasks assigned by "
            "{day} and not cancelled count."
        ).format(how=how, level=level_name, day=on.isoformat()),
        _(
            "Ranked by score, highest first; on equal scores fewer overdue tasks first, then "
            "the unit id."
        ),
        _(
            "The first {top} are commended and the last {bottom} criticised (by default the "
            "first and last {n} each; half the units each when there are fewer)."
        ).format(top=commended, bottom=criticised, n=default_n),
    ]
    if unscored:
        notes.append(
            ngettext(
                "{n} unit has no monthly exam score this month and is not ranked.",
                "{n} units have no monthly exam score this month and are not ranked.",
                len(unscored),
            ).format(n=len(unscored))
        )
    title = (
        _("Monthly exam ranking of {level}, {year}-{month:02d}")
        if use_exams
        else _("Overall ranking of {level}, {year}-{month:02d}")
    )
    return Table(
        title=title.format(level=level_name, year=first.year, month=first.month),
        name="ranking",
        columns=worded(RANKING_COLUMNS),
        rows=[*scored, *unscored],
        notes=notes,
        ledger_name=ledger.campaign.name,
        as_of=on,
    )
