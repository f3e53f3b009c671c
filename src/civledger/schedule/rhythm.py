"""The supervision calendar: the campaign's rhythm laid out on the days between two dates.

Weekly dispatch (周调度), ten-day inspection (旬检查), monthly review (月点评),
monthly exam (月考) and mock assessments (模拟测评) fall where the campaign's
:class:`~civledger.Rhythm` puts them (its defaults when the campaign has none),
computed with :mod:`dateutil.rrule` at the rhythm's time of day in the
campaign's time zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo

import attrs
from dateutil import rrule, tz

from civledger.errors import ScheduleError
from civledger.i18n import _, lazy, localized
from civledger.model import RHYTHM_KINDS, Campaign, InspectionKind, Ledger, Rhythm, TenDayPoint
from civledger.model.arguments import DayLike, as_day

__all__ = ["SupervisionEvent", "supervision_calendar", "ten_day_of"]

_TEN_DAY_PARTS = (lazy("early"), lazy("mid"), lazy("late"))
_MONTHS = (
    lazy("January"),
    lazy("February"),
    lazy("March"),
    lazy("April"),
    lazy("May"),
    lazy("June"),
    lazy("July"),
    lazy("August"),
    lazy("September"),
    lazy("October"),
    lazy("November"),
    lazy("December"),
)
_TEN_DAY_DAYS = {TenDayPoint.START: (1, 11, 21), TenDayPoint.END: (10, 20, -1)}
_ORDER = {kind: n for n, kind in enumerate(RHYTHM_KINDS)}


@attrs.frozen(kw_only=True)
class SupervisionEvent:
    """One meeting of the supervision rhythm.

    Attributes
    ----------
    kind
        周调度, 旬检查, 月点评, 月考 or 模拟测评 (an :class:`~civledger.InspectionKind`).
    start, end
        When it starts and ends, aware date-times in the campaign's time zone.
    title
        What a calendar shows: ``周调度``, ``6月中旬检查``, ``6月月考``, ``6月点评``, ``模拟测评``
        (in English ``weekly dispatch``, ``mid-June inspection``, ``June exam``…), worded in
        the language of the moment when the calendar is made.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> c = Campaign(id="zc-2026", name="柘城县创建全国文明城市")
    >>> with use_language("zh"):
    ...     event = supervision_calendar(c, date(2026, 6, 20), date(2026, 6, 20))[0]
    >>> event.title, event.day, event.start.isoformat()
    ('6月中旬检查', datetime.date(2026, 6, 20), '2026-06-20T09:00:00+08:00')
    """

    kind: InspectionKind
    start: datetime
    end: datetime
    title: str

    @property
    def day(self) -> date:
        """The day it falls on, in the campaign's time zone."""
        return self.start.date()


def ten_day_of(day: date) -> int:
    """Which 旬 a day falls in: 0 for 上旬 (1–10), 1 for 中旬 (11–20), 2 for 下旬 (21–end).

    Examples
    --------
    >>> ten_day_of(date(2026, 2, 10)), ten_day_of(date(2026, 2, 11)), ten_day_of(date(2026, 2, 28))
    (0, 1, 2)
    """
    return min((day.day - 1) // 10, 2)


def _title(kind: InspectionKind, day: date) -> str:
    # Worded when the calendar is made, in the language of the moment.
    month = _MONTHS[day.month - 1]
    if kind is InspectionKind.TEN_DAY:
        return _("{part}-{month} inspection").format(
            part=_TEN_DAY_PARTS[ten_day_of(day)], month=month
        )
    if kind is InspectionKind.MONTHLY_REVIEW:
        return _("{month} review").format(month=month)
    if kind is InspectionKind.MONTHLY_EXAM:
        return _("{month} exam").format(month=month)
    return str(localized(kind))


def _rule_days(
    rhythm: Rhythm, kind: InspectionKind, first: datetime, last: datetime
) -> Iterator[datetime]:
    if kind is InspectionKind.WEEKLY_DISPATCH:
        yield from rrule.rrule(
            rrule.WEEKLY, byweekday=rhythm.weekly_dispatch.index, dtstart=first, until=last
        )
    elif kind is InspectionKind.TEN_DAY:
        days = _TEN_DAY_DAYS[rhythm.ten_day_inspection]
        yield from rrule.rrule(rrule.MONTHLY, bymonthday=days, dtstart=first, until=last)
    elif kind is InspectionKind.MONTHLY_REVIEW:
        yield from rrule.rrule(
            rrule.MONTHLY, bymonthday=rhythm.monthly_review, dtstart=first, until=last
        )
    elif kind is InspectionKind.MONTHLY_EXAM:
        yield from rrule.rrule(
            rrule.MONTHLY, bymonthday=rhythm.monthly_exam, dtstart=first, until=last
        )
    else:
        clock = first.time()
        for day in sorted(set(rhythm.mock_assessments)):
            moment = datetime.combine(day, clock)
            if first <= moment <= last:
                yield moment


def _zone(campaign: Campaign) -> tzinfo:
    zone = tz.gettz(campaign.timezone)
    assert zone is not None  # the campaign's field validator guarantees a known name
    return zone


def supervision_calendar(
    source: Ledger | Campaign, start: DayLike, end: DayLike
) -> tuple[SupervisionEvent, ...]:
    """The supervision events from ``start`` to ``end`` (both included), in time order.

    The rhythm is the campaign's ``rhythm`` (or the defaults of :class:`~civledger.Rhythm`):
    weekly dispatch on its weekday; a ten-day inspection at the start (1st, 11th, 21st)
    or the end (10th, 20th, last day) of each 旬; the monthly review and exam on their
    day of the month (negative days count from the end, -1 being the last); mock
    assessments on their dates. Kinds in ``rhythm.omit`` are left out. Events on one day
    come in that order. Times are wall-clock times in the campaign's time zone.

    Raises
    ------
    ScheduleError
        When ``end`` is before ``start``.

    Examples
    --------
    >>> from civledger import Rhythm, Weekday
    >>> c = Campaign(id="zc-2026", name="柘城县创建全国文明城市",
    ...              rhythm=Rhythm(weekly_dispatch=Weekday.FRIDAY, monthly_exam=-3,
    ...                            mock_assessments=[date(2026, 2, 27)]))
    >>> for e in supervision_calendar(c, date(2026, 2, 16), date(2026, 3, 1)):
    ...     print(e.day, e.start.strftime("%a %H:%M"), e.kind.label, e.title)
    2026-02-20 Fri 09:00 周调度 weekly dispatch
    2026-02-20 Fri 09:00 旬检查 mid-February inspection
    2026-02-26 Thu 09:00 月考 February exam
    2026-02-27 Fri 09:00 周调度 weekly dispatch
    2026-02-27 Fri 09:00 模拟测评 mock assessment
    2026-02-28 Sat 09:00 旬检查 late-February inspection
    2026-02-28 Sat 09:00 月点评 February review
    """
    campaign = source.campaign if isinstance(source, Ledger) else source
    start = as_day(start, "start", campaign.zone())
    end = as_day(end, "end", campaign.zone())
    if end < start:
        raise ScheduleError(
            _("the calendar ends ({end}) before it starts ({start})").format(end=end, start=start)
        )
    rhythm = campaign.rhythm or Rhythm()
    hour, minute = (int(part) for part in rhythm.starts_at.split(":"))
    clock = time(hour, minute)
    first, last = datetime.combine(start, clock), datetime.combine(end, clock)
    zone = _zone(campaign)
    length = timedelta(minutes=rhythm.minutes)
    events = []
    for kind in RHYTHM_KINDS:
        if not rhythm.holds(kind):
            continue
        for moment in _rule_days(rhythm, kind, first, last):
            begins = tz.resolve_imaginary(moment.replace(tzinfo=zone))
            events.append(
                SupervisionEvent(
                    kind=kind,
                    start=begins,
                    end=begins + length,
                    title=_title(kind, moment.date()),
                )
            )
    events.sort(key=lambda e: (e.start, _ORDER[e.kind]))
    return tuple(events)
