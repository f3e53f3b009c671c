"""The cycle report (创建周期): the campaign's years × titles, their evaluations and score trend."""

from __future__ import annotations

from datetime import date

from civledger.i18n import N_, _, join, localized
from civledger.model import Inspection, Ledger
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.table import Cell, Column, Table
from civledger.schedule.cycle import YearSpan, campaign_years, title_evaluations
from civledger.schedule.phases import phase_of
from civledger.scoring.card import scorecard

__all__ = ["CYCLE_COLUMNS", "cycle_report"]

CYCLE_COLUMNS: tuple[Column, ...] = (
    Column(key="year", label=N_("Year"), kind="int"),
    Column(key="stage", label=N_("Stage")),
    Column(key="framework", label=N_("Framework")),
    Column(key="title", label=N_("Title")),
    Column(key="evaluations", label=N_("Evaluations")),
    Column(key="phase", label=N_("Phase now")),
    Column(key="days_remaining", label=N_("Days remaining"), kind="int"),
    Column(key="trend", label=N_("Score trend")),
    Column(key="score", label=N_("Latest score"), kind="number"),
    Column(key="verdict", label=N_("Verdict")),
)
"""The columns of :func:`cycle_report` (labels are messages: see
:func:`~civledger.reports.columns.worded`)."""


def _years(ledger: Ledger, day: date) -> tuple[YearSpan, ...]:
    years = campaign_years(ledger)
    if years:
        return years
    return (YearSpan(year=day.year, start=date(day.year, 1, 1), end=date(day.year, 12, 31)),)


def _assesses(ledger: Ledger, inspection: Inspection, framework: str) -> bool:
    """Whether an inspection is of a title: it names it, or grades one of its standards."""
    if inspection.framework is not None:
        return inspection.framework == framework
    return any(
        fw == framework for g in inspection.grades for fw, _ in ledger.resolve_standard(g.standard)
    )


def _score(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "—"


def cycle_report(ledger: Ledger, *, as_of: DayLike | None = None) -> Table:
    """The campaign's years × titles: evaluations, the phase now, days left and the score trend.

    One row per campaign year and title (framework): the title's evaluations that
    year (annual 年度测评, final 验收, mock 模拟测评, higher-level 上级督查, with their
    dates); in the year that holds the date, the current phase and the days remaining
    to the title's next annual or final evaluation; the score trend, the title's score
    of 100 as of each inspection of that title (or of all titles) held that year up to
    the date; the latest of those scores and the verdict the year's scorecard gives
    (that year's negative-list incidents only). Years not begun have no trend.

    Examples
    --------
    >>> import civledger
    >>> table = civledger.cycle_report(civledger.load("examples/four-cities.yaml"))
    >>> [(r["year"], r["framework"], r["days_remaining"], r["trend"]) for r in table.to_rows()[4:6]]
    [(2025, 'wscs', 6, '90.0'), (2025, 'wmcs', 36, '80.0 → 74.4 → 74.4')]
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    frameworks = ledger.frameworks
    current = phase_of(ledger, day)
    rows: list[dict[str, Cell]] = []
    for year in _years(ledger, day):
        end = min(year.end, day)
        card = scorecard(ledger, as_of=end, since=year.start) if year.start <= day else None
        order = sorted(
            frameworks,
            key=lambda fw: min(
                (e.on for e in title_evaluations(ledger, fw.id) if year.contains(e.on)),
                default=year.end,
            ),
        )
        for fw in order:
            held = [
                e for e in title_evaluations(ledger, fw.id, counting=False) if year.contains(e.on)
            ]
            ahead = [
                e for e in title_evaluations(ledger, fw.id) if year.contains(e.on) and e.on >= day
            ]
            inspected = sorted(
                {
                    x.on
                    for x in ledger.inspections
                    if year.start <= x.on <= end and _assesses(ledger, x, fw.id)
                }
            )
            scores = (scorecard(ledger, as_of=on).title(fw.id).score for on in inspected)
            trend = [score for score in scores if score is not None]
            total = card.title(fw.id) if card is not None else None
            if total is not None and not total.graded and not total.vetoes:
                total = None  # nothing graded by then: no verdict to give
            rows.append(
                {
                    "year": year.year,
                    "stage": year.label,
                    "framework": fw.id,
                    "title": fw.name,
                    "evaluations": join(
                        _("{day} {kind}").format(day=e.on.isoformat(), kind=localized(e.kind))
                        for e in held
                    )
                    or None,
                    "phase": str(localized(current))
                    if current is not None and year.contains(day)
                    else None,
                    "days_remaining": (ahead[0].on - day).days
                    if ahead and year.contains(day)
                    else None,
                    "trend": " → ".join(_score(s) for s in trend) or None,
                    "score": trend[-1] if trend else None,
                    "verdict": str(localized(total.verdict)) if total is not None else None,
                }
            )
    return Table(
        title=_("Campaign cycle: years and titles (as of {day})").format(day=day.isoformat()),
        name="cycle",
        columns=worded(CYCLE_COLUMNS),
        rows=rows,
        notes=[
            _(
                "Score trend: each title's score of 100 as of each inspection of that title "
                "held in the year up to {day}; verdict: the year's scorecard, counting that "
                "year's negative-list incidents."
            ).format(day=day.isoformat())
        ],
        ledger_name=ledger.campaign.name,
        as_of=day,
    )
