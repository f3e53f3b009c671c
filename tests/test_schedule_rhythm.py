"""The supervision calendar: the rhythm on the right days, in the right zone; the .ics export.

The calendar is checked as offices read it, in Chinese (``6月中旬检查``).
"""

from __future__ import annotations

import calendar as stdlib_calendar
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civledger
from civledger import Campaign, InspectionKind, Rhythm, ScheduleError, TenDayPoint, Weekday
from civledger import supervision_calendar as calendar_of
from civledger.i18n import use_language
from civledger.schedule.ics import escape_text, fold_line, to_ics
from civledger.schedule.rhythm import ten_day_of
from civledger.testing import LedgerBuilder

SHANGHAI = timedelta(hours=8)
STAMP = datetime(2026, 6, 14, 1, 2, 3, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _in_chinese() -> Iterator[None]:
    with use_language("zh"):
        yield


def campaign(**rhythm: object) -> Campaign:
    return Campaign(
        id="zc-2026",
        name="柘城县创建全国文明城市",
        evaluation=date(2026, 7, 20),
        rhythm=Rhythm(**rhythm) if rhythm else None,  # type: ignore[arg-type]
    )


def days_of(kind: InspectionKind, events: tuple[civledger.SupervisionEvent, ...]) -> list[date]:
    return [e.day for e in events if e.kind is kind]


# -- the 旬 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [
        (2026, 2, 28),  # February of a common year
        (2028, 2, 29),  # February of a leap year
        (2100, 2, 28),  # a century that is not a leap year
        (2000, 2, 29),  # a century that is
        (2026, 4, 30),  # a 30-day month
        (2026, 7, 31),  # a 31-day month
        (2026, 12, 31),  # the end of the year
    ],
)
def test_ten_day_inspections_fall_at_the_end_of_each_xun(year: int, month: int, last: int) -> None:
    first_day, last_day = date(year, month, 1), date(year, month, last)
    events = calendar_of(campaign(), first_day, last_day)
    assert days_of(InspectionKind.TEN_DAY, events) == [
        date(year, month, 10),
        date(year, month, 20),
        last_day,
    ]
    titles = [e.title for e in events if e.kind is InspectionKind.TEN_DAY]
    assert titles == [f"{month}月上旬检查", f"{month}月中旬检查", f"{month}月下旬检查"]


@pytest.mark.parametrize(("year", "month"), [(2026, 2), (2028, 2), (2026, 4), (2026, 7)])
def test_ten_day_inspections_can_fall_at_the_start_of_each_xun(year: int, month: int) -> None:
    last = stdlib_calendar.monthrange(year, month)[1]
    events = calendar_of(
        campaign(ten_day_inspection=TenDayPoint.START),
        date(year, month, 1),
        date(year, month, last),
    )
    assert days_of(InspectionKind.TEN_DAY, events) == [
        date(year, month, 1),
        date(year, month, 11),
        date(year, month, 21),
    ]


def test_a_year_has_36_ten_day_inspections_on_the_last_day_of_every_month() -> None:
    events = calendar_of(campaign(), date(2028, 1, 1), date(2028, 12, 31))
    days = days_of(InspectionKind.TEN_DAY, events)
    assert len(days) == 36
    month_ends = [d for d in days if d.day not in (10, 20)]
    assert month_ends == [
        date(2028, m, stdlib_calendar.monthrange(2028, m)[1]) for m in range(1, 13)
    ]


def test_ten_day_of() -> None:
    assert [ten_day_of(date(2026, 1, d)) for d in (1, 10, 11, 20, 21, 31)] == [0, 0, 1, 1, 2, 2]


# -- the other kinds ---------------------------------------------------------------------------


@pytest.mark.parametrize("weekday", list(Weekday))
def test_weekly_dispatch_falls_on_its_weekday(weekday: Weekday) -> None:
    start, end = date(2026, 3, 1), date(2026, 5, 31)
    events = calendar_of(campaign(weekly_dispatch=weekday), start, end)
    days = days_of(InspectionKind.WEEKLY_DISPATCH, events)
    expected = [
        start + timedelta(days=n)
        for n in range((end - start).days + 1)
        if (start + timedelta(days=n)).weekday() == weekday.index
    ]
    assert days == expected
    assert len(days) in (13, 14)  # 92 days hold 13 or 14 of each weekday
    assert all(e.title == "周调度" for e in events if e.kind is InspectionKind.WEEKLY_DISPATCH)


def test_the_default_weekday_is_monday() -> None:
    events = calendar_of(campaign(), date(2026, 6, 1), date(2026, 6, 30))
    days = days_of(InspectionKind.WEEKLY_DISPATCH, events)
    assert days == [date(2026, 6, d) for d in (1, 8, 15, 22, 29)]  # 1 June 2026 is a Monday
    assert {d.weekday() for d in days} == {0}


def test_monthly_review_and_exam_count_from_the_end_when_negative() -> None:
    events = calendar_of(
        campaign(monthly_review=-1, monthly_exam=-3), date(2026, 1, 1), date(2026, 4, 30)
    )
    assert days_of(InspectionKind.MONTHLY_REVIEW, events) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert days_of(InspectionKind.MONTHLY_EXAM, events) == [
        date(2026, 1, 29),
        date(2026, 2, 26),
        date(2026, 3, 29),
        date(2026, 4, 28),
    ]
    titles = [e.title for e in events if e.kind is InspectionKind.MONTHLY_EXAM]
    assert titles == ["1月月考", "2月月考", "3月月考", "4月月考"]


def test_the_default_exam_is_on_the_25th_and_review_on_the_last_day() -> None:
    events = calendar_of(campaign(), date(2026, 2, 1), date(2026, 2, 28))
    assert days_of(InspectionKind.MONTHLY_EXAM, events) == [date(2026, 2, 25)]
    assert days_of(InspectionKind.MONTHLY_REVIEW, events) == [date(2026, 2, 28)]
    assert [e.title for e in events if e.kind is InspectionKind.MONTHLY_REVIEW] == ["2月点评"]


def test_mock_assessments_on_their_dates_once_each() -> None:
    dates = [date(2026, 7, 8), date(2026, 5, 20), date(2026, 7, 8), date(2026, 9, 1)]
    events = calendar_of(campaign(mock_assessments=dates), date(2026, 5, 1), date(2026, 7, 31))
    assert days_of(InspectionKind.MOCK_ASSESSMENT, events) == [date(2026, 5, 20), date(2026, 7, 8)]
    without = calendar_of(campaign(), date(2026, 5, 1), date(2026, 7, 31))
    assert days_of(InspectionKind.MOCK_ASSESSMENT, without) == []


def test_omitted_kinds_are_left_out() -> None:
    omit = [InspectionKind.MONTHLY_EXAM, InspectionKind.WEEKLY_DISPATCH]
    events = calendar_of(campaign(omit=omit), date(2026, 6, 1), date(2026, 6, 30))
    assert {e.kind for e in events} == {InspectionKind.TEN_DAY, InspectionKind.MONTHLY_REVIEW}
    with pytest.raises(civledger.InvalidValueError, match="不属于督查节奏"):
        Rhythm(omit=[InspectionKind.COVERT_VISIT])


def test_times_are_in_the_campaign_zone() -> None:
    events = calendar_of(
        campaign(starts_at="08:30", minutes=90), date(2026, 6, 1), date(2026, 6, 1)
    )
    (event,) = events
    assert event.start.utcoffset() == SHANGHAI
    assert (event.start.hour, event.start.minute) == (8, 30)
    assert event.start.astimezone(UTC) == datetime(2026, 6, 1, 0, 30, tzinfo=UTC)
    assert event.end - event.start == timedelta(minutes=90)
    urumqi = Campaign(id="c", name="c", timezone="Asia/Urumqi")
    (there,) = calendar_of(urumqi, date(2026, 6, 1), date(2026, 6, 1))
    assert there.start.utcoffset() == timedelta(hours=6)
    assert there.start.hour == 9


def test_events_are_in_time_order_and_kinds_in_rhythm_order_on_a_day() -> None:
    events = calendar_of(
        campaign(mock_assessments=[date(2026, 6, 30)]), date(2026, 6, 1), date(2026, 7, 31)
    )
    keys = [(e.start, civledger.model.RHYTHM_KINDS.index(e.kind)) for e in events]
    assert keys == sorted(keys)
    assert [e.kind for e in events if e.day == date(2026, 6, 30)] == [
        InspectionKind.TEN_DAY,
        InspectionKind.MONTHLY_REVIEW,
        InspectionKind.MOCK_ASSESSMENT,
    ]


def test_a_calendar_that_ends_before_it_starts_is_an_error() -> None:
    with pytest.raises(ScheduleError, match="结束日"):
        calendar_of(campaign(), date(2026, 6, 2), date(2026, 6, 1))


def test_the_rhythm_validates_its_values() -> None:
    for bad in ({"monthly_exam": 0}, {"monthly_review": 29}, {"monthly_review": -29}):
        with pytest.raises(civledger.InvalidValueError):
            Rhythm(**bad)  # type: ignore[arg-type]
    for clock in ("24:00", "9", "09:60", "nine"):
        with pytest.raises(civledger.InvalidValueError, match="这样的时刻"):
            Rhythm(starts_at=clock)
    with pytest.raises(civledger.InvalidValueError, match="会议时长"):
        Rhythm(minutes=0)
    assert Rhythm(starts_at="7:05").starts_at == "7:05"


def test_a_ledger_adds_its_schedules_to_its_campaign_s_rhythm() -> None:
    ledger = civledger.load("examples/zhecheng.yaml")
    start, end = date(2026, 6, 1), date(2026, 6, 30)
    events = calendar_of(ledger, start, end)
    assert tuple(e for e in events if e.schedule is None) == calendar_of(
        ledger.campaign, start, end
    )
    assert {e.schedule for e in events} == {None, "S-01", "S-02", "S-03", "S-04", "S-05", "S-06"}


# -- the .ics file ---------------------------------------------------------------------------


def zhecheng_ics() -> tuple[str, tuple[civledger.SupervisionEvent, ...], Campaign]:
    ledger = civledger.load("examples/zhecheng.yaml")
    events = calendar_of(ledger, date(2026, 6, 1), date(2026, 7, 20))
    return to_ics(events, ledger.campaign, stamp=STAMP), events, ledger.campaign


def test_the_ics_imports_in_a_standard_parser() -> None:
    text, events, _ = zhecheng_ics()
    parsed = icalendar.Calendar.from_ical(text)
    vevents = parsed.walk("VEVENT")
    assert len(vevents) == len(events) > 10
    assert str(parsed["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    for vevent, event in zip(vevents, events, strict=True):
        start = vevent["DTSTART"]
        assert start.params["TZID"] == "Asia/Shanghai"
        assert start.dt == event.start
        assert start.dt.utcoffset() == SHANGHAI
        assert vevent["DTEND"].dt == event.end
        assert str(vevent["SUMMARY"]) == event.title
        assert str(vevent["DTSTAMP"].dt.isoformat()) == STAMP.isoformat()
    uids = [str(v["UID"]) for v in vevents]
    assert len(set(uids)) == len(uids)
    assert any(str(v["SUMMARY"]) == "6月中旬检查" for v in vevents)
    assert any("柘城县创建全国文明城市" in str(v["DESCRIPTION"]) for v in vevents)


def test_the_ics_is_crlf_folded_and_the_same_every_time() -> None:
    text, events, campaign_ = zhecheng_ics()
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert to_ics(events, campaign_, stamp=STAMP) == text
    ledger = civledger.load("examples/zhecheng.yaml")
    again = to_ics(calendar_of(ledger, date(2026, 6, 1), date(2026, 7, 20)), campaign_, stamp=STAMP)
    assert again == text  # stable UIDs: a new export updates the same events


def test_without_a_stamp_the_ics_is_stamped_now() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    text = to_ics(calendar_of(campaign(), date(2026, 6, 1), date(2026, 6, 1)), campaign())
    stamp = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]["DTSTAMP"].dt
    assert before <= stamp <= datetime.now(UTC)


def test_a_zone_that_changes_offset_is_written_in_utc() -> None:
    paris = Campaign(id="p", name="巴黎", timezone="Europe/Paris")
    events = calendar_of(paris, date(2026, 3, 20), date(2026, 4, 10))  # across the DST change
    assert len({e.start.utcoffset() for e in events}) == 2
    text = to_ics(events, paris, stamp=STAMP)
    assert "VTIMEZONE" not in text
    parsed = icalendar.Calendar.from_ical(text)
    for vevent, event in zip(parsed.walk("VEVENT"), events, strict=True):
        assert vevent["DTSTART"].dt == event.start
        assert vevent["DTSTART"].dt.tzinfo is not None


def test_an_empty_calendar_is_a_valid_calendar() -> None:
    text = to_ics((), campaign(), stamp=STAMP)
    parsed = icalendar.Calendar.from_ical(text)
    assert parsed.walk("VEVENT") == []
    assert str(parsed["X-WR-CALNAME"]) == "柘城县创建全国文明城市督查日历"


TEXTS = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=80) | st.text(
    st.sampled_from('创城周调度,;\\\n:"旬检查'), min_size=1, max_size=120
)


def rfc_unescape(value: str) -> str:
    """TEXT unescaping of RFC 5545 3.3.11, written out here independently of civledger."""
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(TEXTS, TEXTS)
def test_any_names_round_trip_through_the_ics(name: str, campaign_id: str) -> None:
    c = Campaign(id=campaign_id, name=name)
    events = calendar_of(c, date(2026, 6, 19), date(2026, 6, 20))
    text = to_ics(events, c, stamp=STAMP)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    parsed = icalendar.Calendar.from_ical(text)
    # icalendar leaves X- properties as written; RFC 5545 makes them TEXT, escaped as TEXT.
    assert rfc_unescape(str(parsed["X-WR-CALNAME"])) == name + "督查日历"
    (vevent,) = parsed.walk("VEVENT")
    assert str(vevent["DESCRIPTION"]) == f"{name}：旬检查"
    assert str(vevent["UID"]).endswith(f"-{campaign_id}@civledger")


def test_escaping_and_folding() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    line = "DESCRIPTION:" + "创" * 40  # 12 + 120 octets
    pieces = fold_line(line).split("\r\n")
    assert [len(p.encode()) for p in pieces] == [75, 58]  # 12 + 21 * 3, then 1 + 19 * 3
    assert "".join(p.removeprefix(" ") for p in pieces) == line
    assert fold_line("SHORT:x") == "SHORT:x"


def test_offsets_with_seconds_and_west_of_greenwich() -> None:
    from civledger.schedule.ics import _offset

    assert _offset(timedelta(hours=8)) == "+0800"
    assert _offset(timedelta(hours=-5, minutes=-30)) == "-0530"
    assert _offset(timedelta(seconds=8 * 3600 + 5 * 60 + 43)) == "+080543"
    assert _offset(timedelta(0)) == "+0000"


# -- each leader's and unit's own rhythm (issue 15) ---------------------------------------------


def leaders_ledger(*schedules: civledger.Schedule) -> civledger.Ledger:
    b = LedgerBuilder(campaign=campaign(omit=[InspectionKind.MONTHLY_EXAM], start=date(2026, 3, 1)))
    b.unit("zc", "柘城县", level="county")
    b.unit("zc-cj", "长江新城街道", parent="zc")
    b.unit("sq", "商丘市文明办", level="department", external=True)
    b.person("p-zhao", "赵某某")
    b.person("p-yuan", "袁某某")
    for schedule in schedules:
        b.add("schedules", schedule)
    return b.build()


ZHAO = civledger.Schedule(
    id="S-1",
    kind=InspectionKind.WEEKLY_DISPATCH,
    leader="p-zhao",
    participants=["p-yuan"],
    units=["zc-cj"],
    weekday=Weekday.WEDNESDAY,
    starts_at="16:00",
    minutes=60,
    start=date(2026, 3, 4),
)
EXAM = civledger.Schedule(
    id="S-2",
    kind=InspectionKind.MONTHLY_EXAM,
    unit="sq",
    units=["zc-cj"],
    day=28,
    start=date(2026, 5, 1),
)


def test_a_leader_s_own_weekly_dispatch() -> None:
    events = calendar_of(leaders_ledger(ZHAO), date(2026, 3, 1), date(2026, 3, 14))
    own = [e for e in events if e.schedule == "S-1"]
    # Wednesdays from 2026-03-04, at 16:00 for an hour; the campaign's own Monday dispatch
    # stays (from 2026-03-01, the rhythm's start).
    assert [(e.day, e.start.strftime("%H:%M"), e.end.strftime("%H:%M")) for e in own] == [
        (date(2026, 3, 4), "16:00", "17:00"),
        (date(2026, 3, 11), "16:00", "17:00"),
    ]
    assert own[0].title == "赵某某：周调度"
    assert (own[0].leader, own[0].participants, own[0].units) == ("p-zhao", ("p-yuan",), ("zc-cj",))
    assert own[0].detail == "主持：赵某某；参加：袁某某；覆盖：长江新城街道"
    assert days_of(InspectionKind.WEEKLY_DISPATCH, events) == [
        date(2026, 3, 2),
        date(2026, 3, 4),
        date(2026, 3, 9),
        date(2026, 3, 11),
    ]


def test_the_monthly_exam_can_start_in_may() -> None:
    events = calendar_of(leaders_ledger(EXAM), date(2026, 3, 1), date(2026, 7, 20))
    # The campaign omits its own exam; the city's starts in May, on the 28th.
    assert days_of(InspectionKind.MONTHLY_EXAM, events) == [
        date(2026, 5, 28),
        date(2026, 6, 28),
    ]
    assert next(e.title for e in events if e.kind is InspectionKind.MONTHLY_EXAM) == (
        "商丘市文明办：5月月考"
    )


def test_the_rhythm_starts_when_the_campaign_says() -> None:
    events = calendar_of(campaign(start=date(2026, 6, 15)), date(2026, 6, 1), date(2026, 6, 30))
    assert min(e.day for e in events) == date(2026, 6, 15)
    # A schedule without a start of its own starts with the campaign's rhythm (2026-03-01).
    ledger = leaders_ledger(attrs.evolve(ZHAO, start=None))
    own = calendar_of(ledger, date(2026, 2, 20), date(2026, 3, 10), who="p-zhao")
    assert [e.day for e in own] == [date(2026, 3, 4)]


def test_who_chooses_one_leader_s_or_one_unit_s_events() -> None:
    ledger = leaders_ledger(ZHAO, EXAM)
    start, end = date(2026, 5, 25), date(2026, 6, 3)
    assert {e.schedule for e in calendar_of(ledger, start, end, who="赵某某")} == {"S-1"}
    assert {e.schedule for e in calendar_of(ledger, start, end, who="p-yuan")} == {"S-1"}
    assert {e.schedule for e in calendar_of(ledger, start, end, who="sq")} == {"S-2"}
    assert {e.schedule for e in calendar_of(ledger, start, end, who="长江新城街道")} == {
        "S-1",
        "S-2",
    }
    with pytest.raises(civledger.UnknownIdError):
        calendar_of(ledger, start, end, who="无此人")


@pytest.mark.usefixtures("english")
def test_two_leaders_events_at_one_time_keep_their_own_uids() -> None:
    twin = attrs.evolve(ZHAO, id="S-9", leader="p-yuan", participants=[])
    ledger = leaders_ledger(ZHAO, twin)
    events = calendar_of(ledger, date(2026, 3, 4), date(2026, 3, 4), who="zc-cj")
    text = to_ics(events, ledger.campaign, stamp=STAMP)
    vevents = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert [str(v["UID"]) for v in vevents] == [
        "weekly_dispatch-20260304T1600-S-1-zc-2026@civledger",
        "weekly_dispatch-20260304T1600-S-9-zc-2026@civledger",
    ]
    assert "held by 赵某某" in str(vevents[0]["DESCRIPTION"])


# -- days off ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 6, 13), "Saturday"),  # a plain Saturday
        (date(2026, 6, 14), "Sunday"),
        (date(2026, 6, 19), "Dragon Boat Festival"),  # a Friday holiday
        (date(2026, 5, 9), None),  # a Saturday worked for Labour Day (调休)
        (date(2026, 2, 28), None),  # a Saturday worked for the Spring Festival
        (date(2026, 10, 8), None),  # a Thursday after National Day (10-01 to 10-07)
        (date(2026, 10, 7), "National Day"),
        (date(2025, 1, 26), None),  # 2025: a Sunday worked for the Spring Festival
        (date(2025, 10, 8), "National Day and Mid-Autumn Festival"),
        (date(2026, 6, 15), None),  # a Monday
    ],
)
@pytest.mark.usefixtures("english")
def test_off_days_follow_the_state_council_s_notices(day: date, why: str | None) -> None:
    assert civledger.off_day(day) == why


def test_off_days_read_in_chinese() -> None:
    with use_language("zh"):
        assert civledger.off_day(date(2026, 5, 1)) == "劳动节"
        assert civledger.off_day(date(2026, 6, 13)) == "周六"


@pytest.mark.usefixtures("english")
def test_a_supplied_table_covers_another_year(tmp_path: Path) -> None:
    table = tmp_path / "2027.json"
    table.write_text(
        json.dumps(
            {
                "years": {
                    "2027": {
                        "source": "a notice",
                        "holidays": [
                            {
                                "name": "元旦",
                                "en": "New Year's Day",
                                "from": "2027-01-01",
                                "to": "2027-01-03",
                                "workdays": ["2027-01-09"],
                            }
                        ],
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    shipped = civledger.holiday_table()
    assert not shipped.covers(date(2027, 1, 1))
    assert civledger.off_day(date(2027, 1, 1)) is None  # a Friday: only weekends are known
    more = civledger.holiday_table(table)
    assert civledger.off_day(date(2027, 1, 1), more) == "New Year's Day"
    assert civledger.off_day(date(2027, 1, 9), more) is None  # a Saturday worked
    assert civledger.off_day(date(2026, 5, 1), more) == "Labour Day"  # the shipped years stay
    bad = tmp_path / "bad.json"
    bad.write_text('{"years": {"2027": {"holidays": [{"from": "2027-13-01"}]}}}', encoding="utf-8")
    with pytest.raises(civledger.LedgerFileError, match="not a holiday table"):
        civledger.holiday_table(bad)
