"""The supervision calendar: the campaign's rhythm, and each leader's, laid out on the days.

Weekly dispatch (周调度), ten-day inspection (旬检查), monthly review (月点评),
monthly exam (月考) and mock assessments (模拟测评) fall where the campaign's
:class:`~civledger.Rhythm` puts them (its defaults when the campaign has none), and
where each leader's or unit's own :class:`~civledger.Schedule` puts theirs,
computed with :mod:`dateutil.rrule` at the time of day in the campaign's time zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import attrs
from dateutil import rrule, tz

from civledger.errors import AmbiguousNameError, ArgumentError, ScheduleError, UnknownIdError
from civledger.i18n import _, lazy, localized
from civledger.model import (
    RHYTHM_KINDS,
    Campaign,
    InspectionKind,
    Ledger,
    Rhythm,
    Schedule,
    TenDayPoint,
    Weekday,
)
from civledger.model.arguments import DayLike, as_day, as_text

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
        the language of the moment when the calendar is made; for a leader's or a unit's own
        schedule, its title, else who holds it and the event (``赵某某：周调度``).
    schedule, leader, unit, participants, units
        For an event of a :class:`~civledger.Schedule`: its id, who holds it (a person,
        or a unit such as the city's office), who takes part and the units it covers (ids).
        ``None`` and empty for the campaign's own rhythm.
    detail
        Who holds it, who takes part, the units covered, by name (for calendars).

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
    schedule: str | None = None
    leader: str | None = None
    unit: str | None = None
    participants: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    detail: str | None = None

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


@attrs.frozen(kw_only=True)
class _When:
    """When one series of meetings falls: the campaign's rhythm, or a schedule over it."""

    weekday: Weekday
    ten_day: TenDayPoint
    review: int
    exam: int
    mock: tuple[date, ...]
    survey: str | None
    dates: tuple[date, ...]
    clock: time
    minutes: int
    start: date | None
    end: date | None


def _clock(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    return time(hour, minute)


def _when(rhythm: Rhythm, schedule: Schedule | None = None) -> _When:
    when = _When(
        weekday=rhythm.weekly_dispatch,
        ten_day=rhythm.ten_day_inspection,
        review=rhythm.monthly_review,
        exam=rhythm.monthly_exam,
        mock=rhythm.mock_assessments,
        survey=rhythm.satisfaction_survey,
        dates=(),
        clock=_clock(rhythm.starts_at),
        minutes=rhythm.minutes,
        start=rhythm.start,
        end=rhythm.end,
    )
    if schedule is None:
        return when
    day = schedule.day
    return attrs.evolve(
        when,
        weekday=schedule.weekday or when.weekday,
        ten_day=schedule.ten_day or when.ten_day,
        review=day if day is not None else when.review,
        exam=day if day is not None else when.exam,
        mock=schedule.dates,
        dates=schedule.dates,
        clock=_clock(schedule.starts_at) if schedule.starts_at is not None else when.clock,
        minutes=schedule.minutes or when.minutes,
        # A leader's schedule starts no earlier than the campaign's rhythm, unless it says.
        start=schedule.start or when.start,
        end=schedule.end or when.end,
    )


def _rule_days(
    when: _When, kind: InspectionKind, first: datetime, last: datetime
) -> Iterator[datetime]:
    if when.start is not None:
        first = max(first, datetime.combine(when.start, first.time()))
    if when.end is not None:
        last = min(last, datetime.combine(when.end, last.time()))
    if last < first:
        return
    if kind is InspectionKind.MOCK_ASSESSMENT or when.dates:
        dates = when.mock if kind is InspectionKind.MOCK_ASSESSMENT else when.dates
        for day in sorted(set(dates)):
            moment = datetime.combine(day, first.time())
            if first <= moment <= last:
                yield moment
    elif kind is InspectionKind.SATISFACTION_SURVEY:
        if when.survey is not None:
            month, month_day = (int(part) for part in when.survey.split("-"))
            # A survey on 29 February falls on the last day of February in other years.
            yield from rrule.rrule(
                rrule.YEARLY,
                bymonth=month,
                bymonthday=(month_day,) if (month, month_day) != (2, 29) else (-1,),
                dtstart=first,
                until=last,
            )
    elif kind is InspectionKind.WEEKLY_DISPATCH:
        yield from rrule.rrule(
            rrule.WEEKLY, byweekday=when.weekday.index, dtstart=first, until=last
        )
    elif kind is InspectionKind.TEN_DAY:
        days = _TEN_DAY_DAYS[when.ten_day]
        yield from rrule.rrule(rrule.MONTHLY, bymonthday=days, dtstart=first, until=last)
    elif kind is InspectionKind.MONTHLY_REVIEW:
        yield from rrule.rrule(rrule.MONTHLY, bymonthday=when.review, dtstart=first, until=last)
    elif kind is InspectionKind.MONTHLY_EXAM:
        yield from rrule.rrule(rrule.MONTHLY, bymonthday=when.exam, dtstart=first, until=last)


def _zone(campaign: Campaign) -> tzinfo:
    zone = tz.gettz(campaign.timezone)
    assert zone is not None  # the campaign's field validator guarantees a known name
    return zone


def supervision_calendar(
    source: Ledger | Campaign, start: DayLike, end: DayLike, *, who: str | None = None
) -> tuple[SupervisionEvent, ...]:
    """The supervision events from ``start`` to ``end`` (both included), in time order.

    The rhythm is the campaign's ``rhythm`` (or the defaults of :class:`~civledger.Rhythm`):
    weekly dispatch on its weekday; a ten-day inspection at the start (1st, 11th, 21st)
    or the end (10th, 20th, last day) of each 旬; the monthly review and exam on their
    day of the month (negative days count from the end, -1 being the last); mock
    assessments on their dates; the satisfaction survey (群众满意度调查) on its day each
    year; nothing before the rhythm's ``start`` or after its
    ``end``. Kinds in ``rhythm.omit`` are left out. Given a ledger, each leader's and
    unit's own :class:`~civledger.Schedule` adds its events, its keys laid over the
    rhythm's. Events at one time come in the order of the kinds above, the campaign's
    before the schedules'. Times are wall-clock times in the campaign's time zone.

    Parameters
    ----------
    who
        Only the events of the schedules this person or unit (an id or a name) holds,
        takes part in or covers.

    Raises
    ------
    ScheduleError
        When ``end`` is before ``start``.
    UnknownIdError
        When ``who`` names no person and no unit of the ledger.

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
    ledger = source if isinstance(source, Ledger) else None
    campaign = source.campaign if isinstance(source, Ledger) else source
    start = as_day(start, "start", campaign.zone())
    end = as_day(end, "end", campaign.zone())
    if end < start:
        raise ScheduleError(
            _("the calendar ends ({end}) before it starts ({start})").format(end=end, start=start)
        )
    wanted = _who(ledger, who) if who is not None else None
    rhythm = campaign.rhythm or Rhythm()
    zone = _zone(campaign)
    events: list[SupervisionEvent] = []
    if wanted is None:
        when = _when(rhythm)
        for kind in RHYTHM_KINDS:
            if rhythm.holds(kind):
                events.extend(_events(when, kind, start, end, zone, None))
    if ledger is not None:
        for schedule in ledger.schedules:
            if wanted is not None and not wanted.intersection(
                (schedule.leader, schedule.unit, *schedule.participants, *schedule.units)
            ):
                continue
            made = _events(_when(rhythm, schedule), schedule.kind, start, end, zone, schedule)
            events.extend(_of_schedule(ledger, schedule, e) for e in made)
    events.sort(key=lambda e: (e.start, _ORDER[e.kind], e.schedule or ""))
    return tuple(events)


def _events(
    when: _When,
    kind: InspectionKind,
    start: date,
    end: date,
    zone: tzinfo,
    schedule: Schedule | None,
) -> Iterator[SupervisionEvent]:
    first, last = datetime.combine(start, when.clock), datetime.combine(end, when.clock)
    length = timedelta(minutes=when.minutes)
    for moment in _rule_days(when, kind, first, last):
        begins = tz.resolve_imaginary(moment.replace(tzinfo=zone))
        yield SupervisionEvent(
            kind=kind, start=begins, end=begins + length, title=_title(kind, moment.date())
        )


def _of_schedule(ledger: Ledger, schedule: Schedule, event: SupervisionEvent) -> SupervisionEvent:
    people = ledger.index("people")
    units = ledger.index("units")

    def name(index: Any, key: str) -> str:
        return str(getattr(index.get(key), "name", key))

    holder = (
        name(people, schedule.leader)
        if schedule.leader is not None
        else name(units, schedule.unit)
        if schedule.unit is not None
        else None
    )
    title = schedule.title or (f"{holder}：{event.title}" if holder else event.title)
    parts = []
    if holder:
        parts.append(_("held by {who}").format(who=holder))
    if schedule.participants:
        parts.append(
            _("with {people}").format(
                people=localized([name(people, p) for p in schedule.participants])
            )
        )
    if schedule.units:
        parts.append(
            _("covering {units}").format(units=localized([name(units, u) for u in schedule.units]))
        )
    return attrs.evolve(
        event,
        title=title,
        schedule=schedule.id,
        leader=schedule.leader,
        unit=schedule.unit,
        participants=schedule.participants,
        units=schedule.units,
        detail=_("; ").join(parts) or None,
    )


def _who(ledger: Ledger | None, who: str) -> frozenset[str]:
    """The ids a ``who`` option names: a person, a unit, or both (an id or a name)."""
    text = as_text(who, "who")
    if ledger is None:
        raise ArgumentError("who", "give the ledger, not only its campaign, to choose by who")
    found: set[str] = set()
    ambiguous: AmbiguousNameError | None = None
    for finder in (ledger.find_person, ledger.find_unit):
        try:
            found.add(finder(text).id)
        except AmbiguousNameError as exc:
            ambiguous = exc
        except UnknownIdError:
            continue
    if ambiguous is not None:
        raise ambiguous
    if not found:
        raise UnknownIdError("people or units", text)
    return frozenset(found)
