"""The schedule: phases planned backwards, deadlines as written, the supervision calendar."""

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
    "days_remaining",
    "excel_date",
    "holiday_table",
    "off_day",
    "parse_deadline",
    "parse_duration",
    "phase_of",
    "plan_backwards",
    "plan_cycle",
    "supervision_calendar",
    "ten_day_of",
    "to_ics",
    "uncovered_years",
]
