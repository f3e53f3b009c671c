"""Planning the phases backwards from the evaluation date; days remaining; the current phase."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import civledger
from civledger import (
    Campaign,
    CycleYear,
    Phase,
    PhaseWindow,
    ScheduleError,
    days_remaining,
    phase_of,
    plan_backwards,
    plan_cycle,
)
from civledger.schedule.phases import DEFAULT_DURATIONS, parse_duration

EVALUATION = date(2026, 7, 20)


def assert_contiguous(windows: tuple[PhaseWindow, ...], evaluation: date) -> None:
    assert windows[-1].end == evaluation
    for window in windows:
        assert window.start <= window.end
    for before, after in itertools.pairwise(windows):
        assert after.start == before.end + timedelta(days=1)
        assert before.phase < after.phase


def test_the_default_plan() -> None:
    windows = plan_backwards(EVALUATION)
    # 20 days back from 20 July is 1 July; one month before 1 July is 1 June; two months
    # before 1 June is 1 April; one month before that 1 March; 20 days before 1 March 2026
    # (a common year) is 9 February.
    assert [(w.phase, w.start, w.end) for w in windows] == [
        (Phase.LAUNCH, date(2026, 2, 9), date(2026, 2, 28)),
        (Phase.SELF_CHECK, date(2026, 3, 1), date(2026, 3, 31)),
        (Phase.RECTIFICATION, date(2026, 4, 1), date(2026, 5, 31)),
        (Phase.FINAL_PUSH, date(2026, 6, 1), date(2026, 6, 30)),
        (Phase.EVALUATION, date(2026, 7, 1), date(2026, 7, 20)),
    ]
    assert list(DEFAULT_DURATIONS) == list(Phase)


def test_durations_of_every_kind() -> None:
    windows = plan_backwards(
        EVALUATION, [15, timedelta(days=31), relativedelta(weeks=8), relativedelta(months=1), 10]
    )
    assert windows[-1].start == date(2026, 7, 11)  # 10 days ending on 20 July
    assert windows[-2].start == date(2026, 6, 11)  # one month before 11 July
    assert windows[-3].start == date(2026, 4, 16)  # 56 days before 11 June
    assert windows[1].start == date(2026, 3, 16)  # 31 days before 16 April
    assert windows[0].start == date(2026, 3, 1)  # 15 days before 16 March
    assert_contiguous(windows, EVALUATION)


def test_durations_for_some_phases_by_phase_or_label() -> None:
    windows = plan_backwards(
        EVALUATION, {"全面迎评": 20, Phase.FINAL_PUSH: relativedelta(months=1)}
    )
    assert [w.phase for w in windows] == [Phase.FINAL_PUSH, Phase.EVALUATION]
    assert windows[0].start == date(2026, 6, 1)
    assert_contiguous(windows, EVALUATION)


def test_a_month_back_from_a_short_month() -> None:
    # One month before 1 March is 1 February, whatever February's length.
    windows = plan_backwards(
        date(2028, 3, 31), {Phase.FINAL_PUSH: relativedelta(months=1), Phase.EVALUATION: 31}
    )
    assert windows[0] == PhaseWindow(
        phase=Phase.FINAL_PUSH, start=date(2028, 2, 1), end=date(2028, 2, 29)
    )


def test_proportions_share_the_days() -> None:
    start = date(2026, 3, 1)
    windows = plan_backwards(EVALUATION, proportions=[1, 1, 2, 1, 1], start=start)
    lengths = [(w.end - w.start).days + 1 for w in windows]
    # 142 days from 1 March to 20 July; one day each, then 137 shared 1:1:2:1:1 is
    # 22.83 x4 and 45.67: the four largest remainders (0.83) get the four spare days.
    assert lengths == [24, 24, 46, 24, 24]
    assert windows[0].start == start
    assert_contiguous(windows, EVALUATION)


def test_plan_errors() -> None:
    with pytest.raises(ScheduleError, match="no days"):
        plan_backwards(EVALUATION, [20, 0, 20, 20, 20])
    with pytest.raises(ScheduleError, match="give 5 durations"):
        plan_backwards(EVALUATION, [20, 20])
    with pytest.raises(ScheduleError, match="not both"):
        plan_backwards(EVALUATION, [1] * 5, proportions=[1] * 5, start=date(2026, 1, 1))
    with pytest.raises(ScheduleError, match="start date"):
        plan_backwards(EVALUATION, proportions=[1] * 5)
    with pytest.raises(ScheduleError, match="fewer than the 5 phases"):
        plan_backwards(EVALUATION, proportions=[1] * 5, start=EVALUATION - timedelta(days=3))
    with pytest.raises(ScheduleError, match="must be a number > 0"):
        plan_backwards(EVALUATION, proportions=[1, 1, 0, 1, 1], start=date(2026, 1, 1))
    with pytest.raises(ScheduleError, match="is not a duration"):
        plan_backwards(EVALUATION, ["20d"] * 5)  # type: ignore[list-item]
    with pytest.raises(ScheduleError, match="twice"):
        plan_backwards(EVALUATION, {"迎评": 5, "全面迎评": 6})  # type: ignore[dict-item]


DURATIONS = st.one_of(
    st.integers(1, 120),
    st.integers(1, 6).map(lambda n: relativedelta(months=n)),
    st.integers(1, 10).map(lambda n: relativedelta(weeks=n)),
)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.lists(DURATIONS, min_size=5, max_size=5),
)
def test_any_plan_is_contiguous_and_ends_on_the_evaluation(
    evaluation: date, durations: list[int | relativedelta]
) -> None:
    windows = plan_backwards(evaluation, durations)
    assert [w.phase for w in windows] == list(Phase)
    assert_contiguous(windows, evaluation)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(5, 2000),
    st.lists(st.floats(0.01, 100), min_size=5, max_size=5),
)
def test_any_proportional_plan_covers_every_day_once(
    evaluation: date, days: int, weights: list[float]
) -> None:
    start = evaluation - timedelta(days=days - 1)
    windows = plan_backwards(evaluation, proportions=weights, start=start)
    assert windows[0].start == start
    assert_contiguous(windows, evaluation)
    assert sum((w.end - w.start).days + 1 for w in windows) == days


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 12, 31)))
def test_the_plan_holds_every_day_of_its_span_in_exactly_one_phase(evaluation: date) -> None:
    campaign = Campaign(id="c", name="c", evaluation=evaluation, phases=plan_backwards(evaluation))
    first = campaign.phases[0].start
    assert phase_of(campaign, first - timedelta(days=1)) is None
    assert phase_of(campaign, first) is Phase.LAUNCH
    assert phase_of(campaign, evaluation) is Phase.EVALUATION
    assert phase_of(campaign, evaluation + timedelta(days=1)) is None
    assert civledger.check(
        civledger.Ledger(campaign=campaign), select=["PHS"], as_of=evaluation
    ).valid


def test_days_remaining() -> None:
    campaign = Campaign(id="c", name="c", evaluation=EVALUATION, as_of=date(2026, 4, 11))
    assert days_remaining(campaign) == 100  # 19 + 31 + 30 + 20 days
    assert days_remaining(campaign, EVALUATION) == 0
    assert days_remaining(campaign, date(2026, 7, 25)) == -5
    assert days_remaining(civledger.Ledger(campaign=campaign), date(2026, 7, 19)) == 1
    with pytest.raises(ScheduleError, match="no evaluation date"):
        days_remaining(Campaign(id="c", name="c"), date(2026, 1, 1))


def test_phase_of_takes_the_earliest_phase_where_windows_overlap() -> None:
    overlapping = Campaign(
        id="c",
        name="c",
        phases=[
            PhaseWindow(phase=Phase.FINAL_PUSH, start=date(2026, 6, 1), end=date(2026, 6, 30)),
            PhaseWindow(phase=Phase.RECTIFICATION, start=date(2026, 5, 1), end=date(2026, 6, 10)),
        ],
    )
    assert phase_of(overlapping, date(2026, 6, 5)) is Phase.RECTIFICATION
    assert phase_of(overlapping, date(2026, 6, 11)) is Phase.FINAL_PUSH


def test_the_three_year_cycle() -> None:
    assert [(s.stage, s.year) for s in plan_cycle(2026)] == [
        (CycleYear.BREAKTHROUGH, 2024),
        (CycleYear.CONSOLIDATION, 2025),
        (CycleYear.ACCEPTANCE, 2026),
    ]
    assert plan_cycle(date(2029, 7, 1))[0].year == 2027


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20d", relativedelta(days=20)),
        ("20", relativedelta(days=20)),
        ("6w", relativedelta(days=42)),
        ("2M", relativedelta(months=2)),
        ("20天", relativedelta(days=20)),
        ("3周", relativedelta(days=21)),
        ("1个月", relativedelta(months=1)),
        (" 45 日 ", relativedelta(days=45)),
    ],
)
def test_parse_duration(text: str, expected: relativedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "0d", "-3d", "2y", "d", "两个月", "1.5m"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ScheduleError, match="as a duration"):
        parse_duration(text)
