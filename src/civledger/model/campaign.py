"""The campaign: its evaluation date, time zone, phases and place under a city ledger."""

from __future__ import annotations

import warnings
from datetime import date, datetime, timezone, tzinfo

import attrs
from dateutil import tz

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.labels import LabeledEnum

__all__ = ["Campaign", "CycleStage", "CycleYear", "ParentLedger", "Phase", "PhaseWindow"]


class Phase(LabeledEnum):
    """The five phases of a campaign, in order (``Phase.LAUNCH < Phase.EVALUATION``).

    Examples
    --------
    >>> Phase.parse("整改提升") is Phase.RECTIFICATION
    True
    >>> [p.label for p in Phase]
    ['全面启动', '对标自查', '整改提升', '集中攻坚', '全面迎评']
    >>> Phase.SELF_CHECK < Phase.FINAL_PUSH
    True
    """

    LAUNCH = ("launch", "全面启动", "启动", "动员部署")
    SELF_CHECK = ("self_check", "对标自查", "自查")
    RECTIFICATION = ("rectification", "整改提升", "整改")
    FINAL_PUSH = ("final_push", "集中攻坚", "攻坚")
    EVALUATION = ("evaluation", "全面迎评", "迎评", "迎检")

    @property
    def order(self) -> int:
        """0 for launch up to 4 for evaluation."""
        return _PHASE_ORDER[self.value]

    def __lt__(self, other: Phase) -> bool:
        return self.order < other.order

    def __le__(self, other: Phase) -> bool:
        return self.order <= other.order

    def __gt__(self, other: Phase) -> bool:
        return self.order > other.order

    def __ge__(self, other: Phase) -> bool:
        return self.order >= other.order


_PHASE_ORDER = {
    "launch": 0,
    "self_check": 1,
    "rectification": 2,
    "final_push": 3,
    "evaluation": 4,
}


class CycleYear(LabeledEnum):
    """The years of a three-year campaign cycle (创建三年一轮).

    Examples
    --------
    >>> CycleYear.parse("验收创成年") is CycleYear.ACCEPTANCE
    True
    """

    BREAKTHROUGH = ("breakthrough", "攻坚突破年")
    CONSOLIDATION = ("consolidation", "巩固提升年")
    ACCEPTANCE = ("acceptance", "验收创成年")


@attrs.frozen(kw_only=True)
class PhaseWindow:
    """The dates of one phase, both inclusive.

    Examples
    --------
    >>> w = PhaseWindow(phase=Phase.LAUNCH, start=date(2026, 3, 1), end=date(2026, 3, 31))
    >>> w.contains(date(2026, 3, 31))
    True
    """

    phase: Phase
    start: date
    end: date

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the window (both ends included)."""
        return self.start <= day <= self.end


@attrs.frozen(kw_only=True)
class CycleStage:
    """Which calendar year plays which part of a three-year cycle.

    Examples
    --------
    >>> CycleStage(stage=CycleYear.BREAKTHROUGH, year=2024).year
    2024
    """

    stage: CycleYear
    year: int


@attrs.frozen(kw_only=True)
class ParentLedger:
    """Where a district ledger sits under a city's master ledger (总台账).

    ``campaign`` is the id of the city campaign, ``unit`` the id this district
    has in the city ledger and ``file`` where the city ledger can be found.

    Examples
    --------
    >>> ParentLedger(campaign="sq-2026", unit="zc").unit
    'zc'
    """

    campaign: str
    unit: str | None = None
    file: str | None = None


def _check_timezone(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # gettz warns about path-like names
            zone = tz.gettz(value) if value.strip(" :") else None  # "" means local time
    except (OSError, ValueError):  # a name too long for a path, a file that is no zone
        zone = None
    if zone is None:
        raise InvalidValueError(
            attribute.name, f"{value!r} is not a time zone name (such as Asia/Shanghai)"
        )


@attrs.frozen(kw_only=True)
class Campaign:
    """The campaign a ledger serves.

    Parameters
    ----------
    id, name
        A stable id and the campaign's name, e.g. ``柘城县创建全国文明城市``.
    evaluation
        The date of the evaluation the schedule is planned back from.
    timezone
        An IANA time-zone name; journal times written without an offset are read in it.
    as_of
        The date the ledger is brought up to (截至日期), for a ledger kept as a
        snapshot; queries and checks default to it instead of today.
    office
        The unit id of the campaign office (创城办) that coordinates and signs off.
    parent
        The city master ledger this district ledger belongs to, if any.
    phases
        The windows of the five phases.
    cycle
        The three-year cycle, when the campaign runs in one.

    Examples
    --------
    >>> c = Campaign(id="zc-2026", name="柘城县创建全国文明城市", evaluation=date(2026, 7, 20))
    >>> c.timezone
    'Asia/Shanghai'
    """

    id: str
    name: str
    evaluation: date | None = None
    timezone: str = attrs.field(default="Asia/Shanghai", validator=_check_timezone)
    as_of: date | None = None
    office: str | None = None
    parent: ParentLedger | None = None
    phases: tuple[PhaseWindow, ...] = attrs.field(default=(), converter=to_tuple)
    cycle: tuple[CycleStage, ...] = attrs.field(default=(), converter=to_tuple)
    note: str | None = None

    def today(self) -> date:
        """Today's date in the campaign's time zone (the default "as of" of every query).

        Examples
        --------
        >>> isinstance(Campaign(id="c", name="c").today(), date)
        True
        """
        return datetime.now(tz.gettz(self.timezone)).date()

    def default_date(self) -> date:
        """The date queries use when none is given: ``as_of`` if the ledger states one, else today.

        Examples
        --------
        >>> Campaign(id="c", name="c", as_of=date(2026, 6, 14)).default_date()
        datetime.date(2026, 6, 14)
        """
        return self.as_of or self.today()

    def zone(self) -> tzinfo:
        """The campaign's time zone; a fixed offset when the zone keeps one all year.

        A fixed offset (China keeps +08:00) converts in C, which matters for a
        million journal entries.

        Examples
        --------
        >>> Campaign(id="c", name="c").zone()
        datetime.timezone(datetime.timedelta(seconds=28800), 'Asia/Shanghai')
        """
        zone = tz.gettz(self.timezone)
        assert zone is not None  # the field validator guarantees a known name
        year = (self.evaluation or date.today()).year
        offsets = {zone.utcoffset(datetime(year, month, 1)) for month in (1, 4, 7, 10)}
        if len(offsets) == 1:
            offset = offsets.pop()
            if offset is not None:
                return timezone(offset, self.timezone)
        return zone
