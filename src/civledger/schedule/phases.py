"""Phases planned backwards from the evaluation date (倒排工期), and where a date falls.

A plan gives each of the five phases a window; the windows follow each other
without gap or overlap and the last one ends on the evaluation date. Durations
are :class:`~dateutil.relativedelta.relativedelta` values, so that "one month"
before 1 July starts on 1 June whatever the length of June.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from civledger.errors import ScheduleError
from civledger.i18n import _, lazy, localized
from civledger.model import Campaign, CycleStage, CycleYear, Ledger, Phase, PhaseWindow
from civledger.model.arguments import DayLike, as_day, as_optional_day

__all__ = [
    "DEFAULT_DURATIONS",
    "Duration",
    "days_remaining",
    "parse_duration",
    "phase_of",
    "plan_backwards",
    "plan_cycle",
]

Duration = relativedelta | timedelta | int
"""How long a phase lasts: a relativedelta, a timedelta, or a number of days."""

DEFAULT_DURATIONS: Mapping[Phase, relativedelta] = MappingProxyType(
    {
        Phase.LAUNCH: relativedelta(days=20),
        Phase.SELF_CHECK: relativedelta(months=1),
        Phase.RECTIFICATION: relativedelta(months=2),
        Phase.FINAL_PUSH: relativedelta(months=1),
        Phase.EVALUATION: relativedelta(days=20),
    }
)
"""The plan used when no durations are given: 20 days, 1, 2 and 1 months, 20 days."""

_DAY = timedelta(days=1)
_DURATION = re.compile(r"(\d+)\s*(d|w|m|天|日|周|星期|个月|月)?", re.IGNORECASE)
_UNITS = {
    "d": "days",
    "天": "days",
    "日": "days",
    "w": "weeks",
    "周": "weeks",
    "星期": "weeks",
    "m": "months",
    "个月": "months",
    "月": "months",
}


def _campaign(source: Ledger | Campaign) -> Campaign:
    return source.campaign if isinstance(source, Ledger) else source


def parse_duration(text: str) -> relativedelta:
    """Read a duration as people write it: ``20d``, ``6w``, ``2m``, ``20天``, ``1个月``.

    A number alone is days. Used by ``civledger plan --durations``.

    Raises
    ------
    ScheduleError
        For text that is not a positive number with one of those units.

    Examples
    --------
    >>> parse_duration("2m"), parse_duration("20天"), parse_duration("6周")
    (relativedelta(months=+2), relativedelta(days=+20), relativedelta(days=+42))
    >>> parse_duration("两个月")
    Traceback (most recent call last):
    ...
    civledger.errors.ScheduleError: cannot read '两个月' as a duration; write 20d, 6w, 2m (...)
    """
    match = _DURATION.fullmatch(text.strip())
    if match is None or int(match.group(1)) == 0:
        raise ScheduleError(
            _("cannot read {text!r} as a duration; write 20d, 6w, 2m (days, weeks, months)").format(
                text=text
            )
        )
    count = int(match.group(1))
    unit = _UNITS[(match.group(2) or "d").lower()]
    if unit == "months":
        return relativedelta(months=count)
    return relativedelta(days=count * 7 if unit == "weeks" else count)


def _as_relativedelta(value: Duration) -> relativedelta:
    if isinstance(value, relativedelta):
        return value
    if isinstance(value, timedelta):
        return relativedelta(days=value.days)
    if isinstance(value, int) and not isinstance(value, bool):
        return relativedelta(days=value)
    raise ScheduleError(
        _("{value!r} is not a duration (a relativedelta, a timedelta or days)").format(value=value)
    )


T = TypeVar("T")


def _by_phase(values: Mapping[Phase, T] | Sequence[T], what: str) -> list[tuple[Phase, T]]:
    if isinstance(values, Mapping):
        pairs = [(Phase.parse(key), value) for key, value in values.items()]
        if len({p for p, _ in pairs}) != len(pairs):
            raise ScheduleError(_("the {what} name a phase twice").format(what=what))
        return sorted(pairs, key=lambda pair: pair[0].order)
    if len(values) != len(Phase):
        raise ScheduleError(
            _("give {n} {what}, one per phase from 全面启动 to 全面迎评, not {given}").format(
                n=len(Phase), what=what, given=len(values)
            )
        )
    return list(zip(Phase, values, strict=True))


def plan_backwards(
    evaluation: DayLike,
    durations: Mapping[Phase, Duration] | Sequence[Duration] | None = None,
    *,
    proportions: Mapping[Phase, float] | Sequence[float] | None = None,
    start: DayLike | None = None,
) -> tuple[PhaseWindow, ...]:
    """Plan the phase windows back from the evaluation date (倒排工期).

    The last phase ends on ``evaluation``; each phase ends the day before the next one
    starts. Give either ``durations`` (how long each phase lasts) or ``proportions``
    with ``start`` (the launch date; the days from ``start`` to ``evaluation`` are shared
    out in these proportions, each phase getting at least one day). Without either, the
    :data:`DEFAULT_DURATIONS` are used.

    Parameters
    ----------
    evaluation
        The evaluation date: the last day of the last phase.
    durations
        Five durations in phase order, or a mapping from phases (or their labels) to
        durations for only some phases (the plan then holds those phases). A duration
        is a :class:`~dateutil.relativedelta.relativedelta`, a ``timedelta`` or days.
    proportions, start
        Weights in phase order (or by phase) and the first day of the plan.

    Returns
    -------
    tuple of PhaseWindow
        In phase order, contiguous, the last ending on ``evaluation``.

    Raises
    ------
    ScheduleError
        For a duration of no days, both or neither of ``proportions`` and ``start``, or
        proportions that leave a phase without a day.

    Examples
    --------
    >>> for w in plan_backwards(date(2026, 7, 20)):
    ...     print(w.phase.label, w.start, w.end)
    全面启动 2026-02-09 2026-02-28
    对标自查 2026-03-01 2026-03-31
    整改提升 2026-04-01 2026-05-31
    集中攻坚 2026-06-01 2026-06-30
    全面迎评 2026-07-01 2026-07-20
    >>> last_two = {"攻坚": relativedelta(months=1), "迎评": 20}
    >>> [(w.phase.value, str(w.start)) for w in plan_backwards(date(2026, 7, 20), last_two)]
    [('final_push', '2026-06-01'), ('evaluation', '2026-07-01')]
    >>> [w.end.isoformat() for w in plan_backwards(date(2026, 7, 20), proportions=[1, 1, 2, 1, 1],
    ...                                            start=date(2026, 3, 1))]
    ['2026-03-24', '2026-04-17', '2026-06-02', '2026-06-26', '2026-07-20']
    """
    evaluation = as_day(evaluation, "evaluation")
    start = as_optional_day(start, "start")
    if proportions is not None or start is not None:
        if durations is not None:
            raise ScheduleError(_("give durations, or proportions with a start date, not both"))
        if proportions is None or start is None:
            raise ScheduleError(_("proportions need a start date, and a start date proportions"))
        return _plan_by_proportions(evaluation, proportions, start)
    chosen = _by_phase(durations if durations is not None else DEFAULT_DURATIONS, lazy("durations"))
    windows: list[PhaseWindow] = []
    end = evaluation
    for phase, value in reversed(chosen):
        begin = end + _DAY - _as_relativedelta(value)
        if begin > end:
            raise ScheduleError(
                _("the duration of {phase} ({value!r}) has no days").format(
                    phase=localized(phase), value=value
                )
            )
        windows.append(PhaseWindow(phase=phase, start=begin, end=end))
        end = begin - _DAY
    return tuple(reversed(windows))


def _plan_by_proportions(
    evaluation: date, proportions: Mapping[Phase, float] | Sequence[float], start: date
) -> tuple[PhaseWindow, ...]:
    chosen = _by_phase(proportions, lazy("proportions"))
    weights = []
    for phase, value in chosen:
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or value <= 0
        ):
            raise ScheduleError(
                _("the proportion of {phase} must be a number > 0").format(phase=localized(phase))
            )
        weights.append(float(value))
    total = (evaluation - start).days + 1
    if total < len(chosen):
        raise ScheduleError(
            _(
                "from {start} to {evaluation} there are {days} days, fewer than the {n} phases"
            ).format(start=start, evaluation=evaluation, days=max(total, 0), n=len(chosen))
        )
    days = _share(total, weights)
    windows = []
    begin = start
    for (phase, _given), length in zip(chosen, days, strict=True):
        end = begin + timedelta(days=length - 1)
        windows.append(PhaseWindow(phase=phase, start=begin, end=end))
        begin = end + _DAY
    return tuple(windows)


def _share(total: int, weights: list[float]) -> list[int]:
    """Whole days in proportion to the weights, each at least one, summing to ``total``.

    Each phase gets one day, then the remaining days go by the largest remainder.
    """
    spare = total - len(weights)
    scale = sum(weights)
    exact = [spare * w / scale for w in weights]
    days = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (days[i] - exact[i], i))
    for i in by_remainder[: spare - sum(days)]:
        days[i] += 1
    return [d + 1 for d in days]


def plan_cycle(acceptance: int | date) -> tuple[CycleStage, ...]:
    """The three-year cycle (创建三年一轮) that ends with the acceptance year.

    Examples
    --------
    >>> [(s.year, s.stage.label) for s in plan_cycle(date(2026, 7, 20))]
    [(2024, '攻坚突破年'), (2025, '巩固提升年'), (2026, '验收创成年')]
    """
    year = acceptance.year if isinstance(acceptance, date) else acceptance
    return tuple(CycleStage(stage=stage, year=year - 2 + n) for n, stage in enumerate(CycleYear))


def days_remaining(source: Ledger | Campaign, as_of: DayLike | None = None) -> int:
    """The days from ``as_of`` to the evaluation date ("剩余100天"): 0 on the day, < 0 after.

    ``as_of`` defaults to the campaign's ``as_of`` or today in its time zone. A campaign
    without an ``evaluation`` date counts to its next annual or final evaluation in
    ``evaluations`` (its last one, when all are past); for each title's next evaluation
    see :func:`civledger.next_evaluations`.

    Raises
    ------
    ScheduleError
        When the campaign has no evaluation date.

    Examples
    --------
    >>> c = Campaign(id="c", name="c", evaluation=date(2026, 7, 20))
    >>> days_remaining(c, date(2026, 4, 11)), days_remaining(c, date(2026, 7, 21))
    (100, -1)
    """
    as_of = as_optional_day(as_of, "as_of", _campaign(source).zone())
    campaign = _campaign(source)
    day = as_of or campaign.default_date()
    if campaign.evaluation is not None:
        return (campaign.evaluation - day).days
    counting = sorted(e.on for e in campaign.evaluations if e.counts)
    if not counting:
        raise ScheduleError(_("campaign {id} has no evaluation date").format(id=campaign.id))
    return (next((on for on in counting if on >= day), counting[-1]) - day).days


def phase_of(source: Ledger | Campaign, day: DayLike) -> Phase | None:
    """The phase whose window holds ``day`` (the earliest phase if windows overlap), or None.

    Examples
    --------
    >>> c = Campaign(id="c", name="c", phases=plan_backwards(date(2026, 7, 20)))
    >>> phase_of(c, date(2026, 6, 14)).label, phase_of(c, date(2026, 8, 1))
    ('集中攻坚', None)
    """
    day = as_day(day, "day", _campaign(source).zone())
    found = [w.phase for w in _campaign(source).phases if w.start <= day <= w.end]
    return min(found, key=lambda p: p.order) if found else None
