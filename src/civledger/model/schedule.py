"""A leader's or a unit's own supervision rhythm (包挂领导的周调度、旬检查、月点评，市里的月考)."""

from __future__ import annotations

from datetime import date

import attrs

from civledger._fields import to_tuple
from civledger.model.campaign import (
    TenDayPoint,
    Weekday,
    _check_clock,
    _check_minutes,
    _check_month_day,
    _check_rhythm_kinds,
)
from civledger.model.supervision import InspectionKind

__all__ = ["Schedule"]


def _check_kind(_: object, attribute: attrs.Attribute[InspectionKind], value: object) -> None:
    _check_rhythm_kinds(_, attribute, (value,))  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class Schedule:
    """The recurring meetings one leader or one unit holds: its own rhythm.

    Each 包挂 leader dispatches weekly, checks every 旬 and reviews monthly the
    streets they contract; the city examines the streets monthly (月考) from a
    given month on. A schedule names who holds it (``leader``, a person, or
    ``unit``, for instance the city's office as an external body), who takes part,
    the units it covers, and when it falls. Keys left out take the campaign's
    :class:`~civledger.Rhythm`: the weekday, the point of the 旬, the day of the
    month, the time and the length.

    Parameters
    ----------
    kind
        周调度, 旬检查, 月点评, 月考 or 模拟测评.
    weekday, ten_day, day
        When a weekly dispatch, a ten-day inspection, a monthly review or exam falls
        (``day``: 1 to 28, or -1 for the last day of the month down to -28).
    dates
        Meetings on these dates only, instead of a rhythm (a mock assessment).
    start, end
        The first and last day of the schedule (both included; left out, the campaign's
        rhythm's, else open).

    Examples
    --------
    >>> s = Schedule(id="R-zhao", kind=InspectionKind.WEEKLY_DISPATCH, leader="p-zhao",
    ...              weekday=Weekday.WEDNESDAY, units=["zc-cj"], start=date(2026, 3, 4))
    >>> s.kind.label, s.weekday.label, s.units
    ('周调度', '周三', ('zc-cj',))
    """

    id: str
    kind: InspectionKind = attrs.field(validator=_check_kind)
    leader: str | None = None
    unit: str | None = None
    participants: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    units: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    weekday: Weekday | None = None
    ten_day: TenDayPoint | None = None
    day: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_check_month_day)
    )
    dates: tuple[date, ...] = attrs.field(default=(), converter=to_tuple)
    start: date | None = None
    end: date | None = None
    starts_at: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_check_clock)
    )
    minutes: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_check_minutes)
    )
    title: str | None = None
    note: str | None = None
