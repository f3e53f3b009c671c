"""The schedule: phases planned backwards, deadlines as written, the supervision calendar."""

from civledger.schedule.cycle import (
    YearSpan,
    campaign_years,
    evaluations,
    next_evaluations,
    title_evaluations,
    titles_served,
)
from civledger.schedule.deadlines import Deadline, DeadlineForm, excel_date, parse_deadline
from civledger.schedule.holidays import HolidayTable, holiday_table, off_day, uncovered_years
from civledger.schedule.ics import to_ics
from civledger.schedule.phases import (
    DEFAULT_DURATIONS,
    days_remaining,
    parse_duration,
    phase_of,
    plan_backwards,
    plan_cycle,
)
from civledger.schedule.rhythm import SupervisionEvent, supervision_calendar, ten_day_of

__all__ = [
    "DEFAULT_DURATIONS",
    "Deadline",
    "DeadlineForm",
    "HolidayTable",
    "SupervisionEvent",
    "YearSpan",
    "campaign_years",
    "days_remaining",
    "evaluations",
    "excel_date",
    "holiday_table",
    "next_evaluations",
    "off_day",
    "parse_deadline",
    "parse_duration",
    "phase_of",
    "plan_backwards",
    "plan_cycle",
    "supervision_calendar",
    "ten_day_of",
    "title_evaluations",
    "titles_served",
    "to_ics",
    "uncovered_years",
]
