"""The campaign's time: its years, its titles' evaluations, and which of them a day or a task meets.

A campaign runs for years (创建三年一轮: 攻坚突破年, 巩固提升年, 验收创成年), often for
several titles at once (四城联创), each title (a framework) evaluated once a year or more.
These views say:

- **the years** (:func:`campaign_years`): the campaign's ``cycle`` with their dates
  (1 January to 31 December unless a year says otherwise); without a ``cycle``, the
  calendar years of the evaluations when they fall in more than one; else none (a
  one-year campaign, judged as one).
- **the evaluations** (:func:`evaluations`): the campaign's ``evaluations`` and its
  single ``evaluation`` (an evaluation of every title), in date order; those that
  *count* (annual 年度测评 and final 验收) are what phases are planned back from and
  tasks are due by, mock assessments and higher-level inspections prepare them.
- **a title's evaluations** (:func:`title_evaluations`): those of its framework and
  those of every title.
- **the titles a task serves** (:func:`titles_served`): the frameworks of the
  standards it names; a task serving standards of several titles counts in each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from civledger.model import Campaign, CycleStage, CycleYear, Evaluation, Ledger, PhaseWindow, Task
from civledger.model.arguments import DayLike, as_ledger, as_optional_day

__all__ = [
    "YearSpan",
    "campaign_years",
    "evaluations",
    "next_evaluations",
    "phase_years",
    "task_evaluations",
    "title_evaluations",
    "titles_served",
    "year_of",
]


@attrs.frozen(kw_only=True)
class YearSpan:
    """One year of the campaign, from its first day to its last (both included).

    Examples
    --------
    >>> y = YearSpan(year=2026, stage=CycleYear.ACCEPTANCE, start=date(2026, 1, 1),
    ...              end=date(2026, 12, 31))
    >>> y.contains(date(2026, 7, 20)), y.label
    (True, '验收创成年')
    """

    year: int
    start: date
    end: date
    stage: CycleYear | None = None
    name: str | None = None

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the year."""
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """What the campaign calls the year: its name, its stage's label, or the year."""
        if self.name:
            return self.name
        return self.stage.label if self.stage is not None else str(self.year)


def _span(stage: CycleStage) -> YearSpan:
    return YearSpan(
        year=stage.year,
        start=stage.first_day,
        end=stage.last_day,
        stage=stage.stage,
        name=stage.name,
    )


def evaluations(source: Ledger | Campaign) -> tuple[Evaluation, ...]:
    """Every evaluation of the campaign, in date order: its ``evaluations`` and its ``evaluation``.

    The single ``evaluation`` date of a campaign is an annual evaluation of every title.

    Examples
    --------
    >>> from civledger import Campaign, Evaluation
    >>> c = Campaign(id="c", name="c", evaluation=date(2026, 7, 20),
    ...              evaluations=[Evaluation(framework="gy", on=date(2026, 9, 1))])
    >>> [(e.framework, str(e.on)) for e in evaluations(c)]
    [(None, '2026-07-20'), ('gy', '2026-09-01')]
    """
    if isinstance(source, Ledger):
        ledger = source
        return ledger.memo("evaluations", lambda: evaluations(ledger.campaign))
    found = list(source.evaluations)
    if source.evaluation is not None:
        found.append(Evaluation(on=source.evaluation))
    return tuple(sorted(found, key=lambda e: (e.on, e.framework or "")))


def title_evaluations(
    source: Ledger | Campaign, framework: str | None, *, counting: bool = True
) -> list[Evaluation]:
    """The evaluations of one title (its framework's and those of every title), by date.

    ``counting`` keeps only the annual and final evaluations; ``framework=None``
    asks for the evaluations of every title alike.

    Examples
    --------
    >>> from civledger import Campaign, Evaluation
    >>> c = Campaign(id="c", name="c", evaluations=[
    ...     Evaluation(framework="wm", on=date(2026, 7, 20)),
    ...     Evaluation(framework="gy", on=date(2026, 9, 1))])
    >>> [str(e.on) for e in title_evaluations(c, "gy")]
    ['2026-09-01']
    """
    return [
        e
        for e in evaluations(source)
        if (e.counts or not counting) and (e.framework is None or e.framework == framework)
    ]


def campaign_years(ledger: Ledger) -> tuple[YearSpan, ...]:
    """The years of the campaign, in order (see the module); empty for a one-year campaign.

    Examples
    --------
    >>> import civledger
    >>> [(y.year, y.label) for y in campaign_years(civledger.load("examples/four-cities.yaml"))]
    [(2024, '攻坚突破年'), (2025, '巩固提升年'), (2026, '验收创成年')]
    """
    ledger = as_ledger(ledger)

    def build() -> tuple[YearSpan, ...]:
        if ledger.campaign.cycle:
            # A year no calendar date can hold (year 0) is no span of days: left out.
            spans = [_span(s) for s in ledger.campaign.cycle if date.min.year <= s.year <= 9999]
            return tuple(sorted(spans, key=lambda y: y.start))
        years = sorted({e.on.year for e in evaluations(ledger) if e.counts})
        if len(years) < 2:
            return ()
        return tuple(YearSpan(year=y, start=date(y, 1, 1), end=date(y, 12, 31)) for y in years)

    return ledger.memo("campaign_years", build)


def year_of(ledger: Ledger, day: DayLike | None = None) -> YearSpan | None:
    """The campaign year that holds ``day`` (default: the ledger's date), or ``None``.

    Examples
    --------
    >>> import civledger
    >>> year_of(civledger.load("examples/four-cities.yaml"), "2025-05-01").label
    '巩固提升年'
    """
    ledger = as_ledger(ledger)
    found = as_optional_day(day, "day", ledger.campaign.zone()) or ledger.campaign.default_date()
    return next((y for y in campaign_years(ledger) if y.contains(found)), None)


def phase_years(
    ledger: Ledger,
) -> list[tuple[YearSpan | None, list[tuple[int, PhaseWindow]]]]:
    """The phase windows grouped by campaign year, each with its index in ``phases``.

    A window belongs to the year of the evaluation it leads up to: the first annual
    or final evaluation on or after its end (a launch in December prepares next
    July's evaluation), else the year that holds its end. Windows of no year, and all
    windows of a one-year campaign, form one group with year ``None``. The phases
    repeat once per year; the schedule rules judge each group on its own.

    Examples
    --------
    >>> import civledger
    >>> groups = phase_years(civledger.load("examples/four-cities.yaml"))
    >>> [(y.year, len(windows)) for y, windows in groups]
    [(2024, 5), (2025, 5), (2026, 5)]
    """
    years = campaign_years(ledger)
    phases = list(enumerate(ledger.campaign.phases))
    if not years:
        return [(None, phases)] if phases else []
    counting = sorted(e.on for e in evaluations(ledger) if e.counts)
    groups: dict[int | None, list[tuple[int, PhaseWindow]]] = {}
    for i, window in phases:
        last = max(window.start, window.end)
        aim = next((on for on in counting if on >= last), last)
        year = next((y for y in years if y.contains(aim)), None) or next(
            (y for y in years if y.contains(last)), None
        )
        groups.setdefault(year.year if year is not None else None, []).append((i, window))
    by_year = {y.year: y for y in years}
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0))
    return [(by_year.get(key) if key is not None else None, windows) for key, windows in ordered]


def titles_served(ledger: Ledger) -> dict[str, frozenset[str]]:
    """For each task, the titles (framework ids) of the standards it serves.

    Examples
    --------
    >>> import civledger
    >>> sorted(titles_served(civledger.load("examples/four-cities.yaml"))["T-02"])
    ['wmcs', 'wscs']
    """
    ledger = as_ledger(ledger)

    def build() -> dict[str, frozenset[str]]:
        cache: dict[str, frozenset[str]] = {}
        shared: dict[frozenset[str], frozenset[str]] = {}  # a million tasks, a few title sets
        out: dict[str, frozenset[str]] = {}
        for task in ledger.tasks:
            refs = task.standards
            if len(refs) == 1 and refs[0] in cache:  # most tasks: one standard, seen before
                out[task.id] = cache[refs[0]]
                continue
            found = _titles(ledger, refs, cache)
            out[task.id] = shared.setdefault(found, found)
        return out

    return ledger.memo("titles_served", build)


def _titles(
    ledger: Ledger, refs: Iterable[str], cache: dict[str, frozenset[str]]
) -> frozenset[str]:
    found: set[str] = set()
    for ref in refs:
        titles = cache.get(ref)
        if titles is None:
            titles = cache[ref] = frozenset(fw for fw, _ in ledger.resolve_standard(ref))
        found.update(titles)
    return frozenset(found)


def task_evaluations(ledger: Ledger, task: Task) -> list[Evaluation]:
    """The annual and final evaluations of the titles a task serves (all of them for a task
    that serves none), in date order."""
    titles = titles_served(ledger).get(task.id, frozenset())
    # Asked for every task of a city: the answer depends only on the titles served.
    known: dict[frozenset[str], list[Evaluation]] = ledger.memo("evaluations_by_titles", dict)
    found = known.get(titles)
    if found is None:
        found = known.setdefault(
            titles,
            [
                e
                for e in evaluations(ledger)
                if e.counts and (e.framework is None or not titles or e.framework in titles)
            ],
        )
    return list(found)


def next_evaluations(
    ledger: Ledger, as_of: DayLike | None = None
) -> dict[str, tuple[Evaluation, int]]:
    """For each title, its next annual or final evaluation on or after ``as_of`` and the days
    remaining to it (0 on the day).

    Titles are the ledger's frameworks, by id; a ledger without frameworks answers for
    its campaign id. Titles with no evaluation ahead are left out.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/four-cities.yaml")
    >>> {t: (str(e.on), d) for t, (e, d) in next_evaluations(ledger, "2026-05-01").items()}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'wmcs': ('2026-07-20', 80), 'wscs': ('2026-06-20', 50), 'ylcs': ('2026-09-10', 132),
     'slcs': ('2026-10-15', 167)}
    """
    ledger = as_ledger(ledger)
    day = as_optional_day(as_of, "as_of", ledger.campaign.zone()) or ledger.campaign.default_date()
    titles: list[str | None] = [fw.id for fw in ledger.frameworks] or [None]
    out: dict[str, tuple[Evaluation, int]] = {}
    for title in titles:
        ahead = [e for e in title_evaluations(ledger, title) if e.on >= day]
        if ahead:
            out[title if title is not None else ledger.campaign.id] = (
                ahead[0],
                (ahead[0].on - day).days,
            )
    return out
