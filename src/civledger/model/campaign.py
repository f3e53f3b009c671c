"""The campaign: its evaluations, years, time zone, phases, rhythm and place under a city ledger."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timezone, tzinfo

import attrs
from dateutil import tz

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum
from civledger.model.rankings import RankingPolicy
from civledger.model.supervision import EVALUATION_KINDS, InspectionKind

__all__ = [
    "RHYTHM_KINDS",
    "Campaign",
    "CycleStage",
    "CycleYear",
    "Evaluation",
    "ParentLedger",
    "Phase",
    "PhaseWindow",
    "Rhythm",
    "TenDayPoint",
    "Weekday",
]


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


def _check_span(
    instance: CycleStage, attribute: attrs.Attribute[date | None], value: object
) -> None:
    if instance.start is not None and instance.end is not None and instance.end < instance.start:
        raise InvalidValueError(
            attribute.name,
            phrase(
                "a campaign year ends ({end}) before it starts ({start})",
                end=instance.end,
                start=instance.start,
            ),
        )


@attrs.frozen(kw_only=True)
class CycleStage:
    """A year of the campaign (创建年度): its part in the cycle, its name and its dates.

    ``year`` is the calendar year; ``start`` and ``end`` default to its first and
    last day (a campaign year may run from one launch to the next). ``stage`` is the
    part the year plays in a three-year cycle, ``name`` what the campaign calls it.

    Examples
    --------
    >>> y = CycleStage(stage=CycleYear.BREAKTHROUGH, year=2024)
    >>> y.year, y.first_day, y.last_day
    (2024, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> CycleStage(year=2027, name="常态长效年").stage is None
    True
    """

    stage: CycleYear | None = None
    year: int
    name: str | None = None
    start: date | None = None
    end: date | None = attrs.field(default=None, validator=_check_span)

    @property
    def first_day(self) -> date:
        """``start``, else 1 January of ``year``."""
        return self.start or date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        """``end``, else 31 December of ``year``."""
        return self.end or date(self.year, 12, 31)


def _check_evaluation_kind(
    _: object, attribute: attrs.Attribute[InspectionKind], value: InspectionKind
) -> None:
    if value not in EVALUATION_KINDS:
        raise InvalidValueError(
            attribute.name,
            phrase(
                "{kind} is not a kind of evaluation; use one of: {choices}",
                kind=str(value),
                choices=[
                    phrase("{value} ({label})", value=k.value, label=k.label)
                    for k in EVALUATION_KINDS
                ],
            ),
        )


@attrs.frozen(kw_only=True)
class Evaluation:
    """An evaluation of a title on a date: annual (年度测评), final (验收), mock (模拟测评)
    or by a higher level (上级督查).

    ``framework`` names the title (the id of its framework); left out, the evaluation
    is of every title. The annual and final evaluations are those the schedule is
    planned back from (倒排工期) and tasks are due by; a mock assessment or a
    higher-level inspection prepares them.

    Examples
    --------
    >>> e = Evaluation(framework="wmcs", on=date(2026, 7, 20))
    >>> e.kind.label, e.counts
    ('年度测评', True)
    >>> Evaluation(on=date(2026, 5, 20), kind=InspectionKind.MOCK_ASSESSMENT).counts
    False
    """

    on: date
    framework: str | None = None
    kind: InspectionKind = attrs.field(
        default=InspectionKind.ANNUAL_EVALUATION, validator=_check_evaluation_kind
    )
    name: str | None = None

    @property
    def counts(self) -> bool:
        """Whether it is an annual or final evaluation (not a mock or an inspection)."""
        return self.kind in (InspectionKind.ANNUAL_EVALUATION, InspectionKind.ACCEPTANCE)


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


class Weekday(LabeledEnum):
    """A day of the week; ``index`` is 0 for Monday, as :mod:`datetime` and dateutil count.

    Examples
    --------
    >>> Weekday.parse("星期五") is Weekday.FRIDAY, Weekday.FRIDAY.index
    (True, 4)
    """

    MONDAY = ("monday", "周一", "星期一", "礼拜一", "mon")
    TUESDAY = ("tuesday", "周二", "星期二", "礼拜二", "tue")
    WEDNESDAY = ("wednesday", "周三", "星期三", "礼拜三", "wed")
    THURSDAY = ("thursday", "周四", "星期四", "礼拜四", "thu")
    FRIDAY = ("friday", "周五", "星期五", "礼拜五", "fri")
    SATURDAY = ("saturday", "周六", "星期六", "礼拜六", "sat")
    SUNDAY = ("sunday", "周日", "星期日", "星期天", "礼拜天", "sun")

    @property
    def index(self) -> int:
        """0 for Monday up to 6 for Sunday (``date.weekday()``)."""
        return _WEEKDAY_INDEX[self.value]


_WEEKDAY_INDEX = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


class TenDayPoint(LabeledEnum):
    """Where in each 旬 (days 1–10, 11–20, 21–end of a month) the ten-day inspection falls.

    Examples
    --------
    >>> TenDayPoint.parse("旬末") is TenDayPoint.END
    True
    """

    START = ("start", "旬初", "每旬第一天")
    END = ("end", "旬末", "每旬最后一天")


RHYTHM_KINDS: tuple[InspectionKind, ...] = (
    InspectionKind.WEEKLY_DISPATCH,
    InspectionKind.TEN_DAY,
    InspectionKind.MONTHLY_REVIEW,
    InspectionKind.MONTHLY_EXAM,
    InspectionKind.MOCK_ASSESSMENT,
    InspectionKind.SATISFACTION_SURVEY,
)
"""The kinds of supervision that run to the campaign's rhythm (the others are ad hoc)."""

_MONTH_DAY = re.compile(r"(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])")

_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def _check_month_day(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not (1 <= value <= 28 or -28 <= value <= -1):
        raise InvalidValueError(
            attribute.name,
            phrase(
                "a day of the month must be 1 to 28, or -1 (the last day) to -28, not {value!r}",
                value=value,
            ),
        )


def _check_clock(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _CLOCK.fullmatch(value):
        raise InvalidValueError(
            attribute.name,
            phrase("{value!r} is not a time of day such as '09:00' (24-hour HH:MM)", value=value),
        )


def _check_yearly(_: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    match = _MONTH_DAY.fullmatch(value) if value is not None else None
    if value is not None and (
        match is None
        or int(match.group(2))
        > (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[int(match.group(1)) - 1]
    ):
        raise InvalidValueError(
            attribute.name,
            phrase("{value!r} is not a day of the year such as '11-15' (MM-DD)", value=value),
        )


def _check_minutes(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 24 * 60:
        raise InvalidValueError(
            attribute.name, phrase("a meeting lasts 1 to 1440 minutes, not {value!r}", value=value)
        )


def _check_rhythm_kinds(
    _: object, attribute: attrs.Attribute[tuple[InspectionKind, ...]], value: tuple[object, ...]
) -> None:
    for kind in value:
        if kind not in RHYTHM_KINDS:
            raise InvalidValueError(
                attribute.name,
                phrase(
                    "{kind} is not part of the rhythm; use one of: {choices}",
                    kind=str(kind),
                    choices=[
                        phrase("{value} ({label})", value=k.value, label=k.label)
                        for k in RHYTHM_KINDS
                    ],
                ),
            )


@attrs.frozen(kw_only=True)
class Rhythm:
    """The supervision rhythm (督查节奏): when dispatches, inspections, reviews and exams fall.

    Every key has a default, so a campaign without ``rhythm`` (or with an empty one) runs
    to the defaults: weekly dispatch on Mondays, ten-day inspections at the end of each 旬
    (the 10th, the 20th and the last day of the month), the monthly exam on the 25th, the
    monthly review on the last day of the month, no mock assessment, every meeting at
    09:00 for two hours in the campaign's time zone.

    Parameters
    ----------
    weekly_dispatch
        The weekday of the weekly dispatch (周调度).
    ten_day_inspection
        The start (1st, 11th, 21st) or the end (10th, 20th, last day) of each 旬.
    monthly_review, monthly_exam
        The day of the month of the review (月点评) and of the exam (月考): 1 to 28, or
        counted from the end, -1 being the last day (so that every month has it).
    mock_assessments
        The dates of the mock assessments (模拟测评), which follow no fixed rhythm.
    satisfaction_survey
        The day of the year (``MM-DD``) of the annual satisfaction survey
        (群众满意度调查); none when left out.
    starts_at, minutes
        When the meetings start (``HH:MM``) and how long they last.
    omit
        Kinds of the rhythm the campaign does not hold (``[monthly_exam]``).
    start, end
        The first and the last day of the rhythm (both included; open when left out):
        no meeting falls before the campaign starts to hold them.

    Examples
    --------
    >>> r = Rhythm(weekly_dispatch=Weekday.FRIDAY, monthly_exam=-3)
    >>> r.weekly_dispatch.label, r.ten_day_inspection.label, r.monthly_review, r.starts_at
    ('周五', '旬末', -1, '09:00')
    >>> Rhythm(monthly_exam=31)
    Traceback (most recent call last):
    ...
    civledger.errors.InvalidValueError: a day of the month must be 1 to 28, ... not 31
    """

    weekly_dispatch: Weekday = Weekday.MONDAY
    ten_day_inspection: TenDayPoint = TenDayPoint.END
    monthly_review: int = attrs.field(default=-1, validator=_check_month_day)
    monthly_exam: int = attrs.field(default=25, validator=_check_month_day)
    mock_assessments: tuple[date, ...] = attrs.field(default=(), converter=to_tuple)
    satisfaction_survey: str | None = attrs.field(default=None, validator=_check_yearly)
    starts_at: str = attrs.field(default="09:00", validator=_check_clock)
    minutes: int = attrs.field(default=120, validator=_check_minutes)
    omit: tuple[InspectionKind, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_check_rhythm_kinds
    )
    start: date | None = None
    end: date | None = None

    def holds(self, kind: InspectionKind) -> bool:
        """Whether the campaign holds this kind of supervision to its rhythm.

        Examples
        --------
        >>> Rhythm(omit=[InspectionKind.MONTHLY_EXAM]).holds(InspectionKind.MONTHLY_EXAM)
        False
        """
        return kind in RHYTHM_KINDS and kind not in self.omit


_ZONE_NAME = re.compile(
    r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*|[A-Z]{3,5}[+-]?[0-9]{1,2}([A-Z]{3,5})?"
)
"""An IANA zone name (Asia/Shanghai, Etc/GMT-8, UTC) or a POSIX offset (CST-8)."""


def _check_timezone(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    zone = None
    if _ZONE_NAME.fullmatch(value) and ".." not in value:
        # A zone name, never a path: gettz would read any file a path names.
        try:
            zone = tz.gettz(value)
        except (OSError, ValueError):  # a name too long for a path, a file that is no zone
            zone = None
    if zone is None:
        raise InvalidValueError(
            attribute.name,
            phrase("{value!r} is not a time zone name (such as Asia/Shanghai)", value=value),
        )


@attrs.frozen(kw_only=True)
class Campaign:
    """The campaign a ledger serves.

    Parameters
    ----------
    id, name
        A stable id and the campaign's name, e.g. ``柘城县创建全国文明城市``.
    evaluation
        The date of the evaluation the schedule is planned back from (of every
        title). A campaign over several years, or with several titles, lists its
        evaluations instead (or as well).
    evaluations
        The evaluations of the campaign's titles (:class:`Evaluation`): annual and
        final, mock assessments and higher-level inspections, each of a title or of all.
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
        The years of the campaign (a three-year cycle, when it runs in one), with
        their names and dates: phases repeat once a year and are judged within it.
    rhythm
        The supervision rhythm; ``None`` runs to the defaults of :class:`Rhythm`.
        Leaders' and units' own rhythms are the ledger's ``schedules``.
    rankings
        How each level's ranking is published (:class:`RankingPolicy`): who is
        commended and who criticised, the reward, whether it counts in the year-end review.

    Examples
    --------
    >>> c = Campaign(id="zc-2026", name="柘城县创建全国文明城市", evaluation=date(2026, 7, 20))
    >>> c.timezone
    'Asia/Shanghai'
    """

    id: str
    name: str
    evaluation: date | None = None
    evaluations: tuple[Evaluation, ...] = attrs.field(default=(), converter=to_tuple)
    timezone: str = attrs.field(default="Asia/Shanghai", validator=_check_timezone)
    as_of: date | None = None
    office: str | None = None
    parent: ParentLedger | None = None
    phases: tuple[PhaseWindow, ...] = attrs.field(default=(), converter=to_tuple)
    cycle: tuple[CycleStage, ...] = attrs.field(default=(), converter=to_tuple)
    rhythm: Rhythm | None = None
    rankings: tuple[RankingPolicy, ...] = attrs.field(default=(), converter=to_tuple)
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
        return _zone(self.timezone, (self.evaluation or date.today()).year)


@functools.lru_cache(maxsize=64)
def _zone(name: str, year: int) -> tzinfo:
    """A zone by name as of a year (kept: reports ask for it per task)."""
    zone = tz.gettz(name)
    assert zone is not None  # the field validator guarantees a known name
    offsets = {zone.utcoffset(datetime(year, month, 1)) for month in (1, 4, 7, 10)}
    if len(offsets) == 1:
        offset = offsets.pop()
        if offset is not None:
            return timezone(offset, name)
    return zone
