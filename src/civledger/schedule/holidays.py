"""Days off: weekends and China's public holidays, with the adjusted working days (调休).

The holidays are data, not code: a table shipped with civledger
(``civledger/schedule/holidays_cn.json``: each year as the State Council's General
Office publishes it, with its source) and, for a year it does not cover yet,
tables of the same form that the caller supplies (``holiday_table(path)``,
``civledger calendar --holidays FILE``). A day is off when it is a public holiday,
or a Saturday or Sunday that is not an adjusted working day.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources
from os import PathLike
from typing import Any

import attrs

from civledger.errors import LedgerFileError
from civledger.i18n import language
from civledger.model import Weekday

__all__ = ["HolidayTable", "holiday_table", "off_day", "uncovered_years"]

SHIPPED = "holidays_cn.json"
_WEEKEND = {5: Weekday.SATURDAY, 6: Weekday.SUNDAY}


@attrs.frozen(kw_only=True, eq=False)
class HolidayTable:
    """Public holidays and adjusted working days, by day, and the years covered.

    Attributes
    ----------
    holidays
        Each day off with the holiday's Chinese and English names.
    workdays
        Each adjusted working day (a Saturday or Sunday worked, 调休上班) with the holiday
        it makes up for.
    years
        The years the table covers, each with its source.

    Examples
    --------
    >>> table = holiday_table()
    >>> table.holidays[date(2026, 5, 1)], table.workdays[date(2026, 5, 9)][0]
    (('劳动节', 'Labour Day'), '劳动节')
    >>> sorted(table.years)
    [2025, 2026]
    """

    holidays: Mapping[date, tuple[str, str]]
    workdays: Mapping[date, tuple[str, str]]
    years: Mapping[int, str]

    def covers(self, day: date) -> bool:
        """Whether the table has the year of ``day``."""
        return day.year in self.years


def _read(data: Any, where: str) -> HolidayTable:
    holidays: dict[date, tuple[str, str]] = {}
    workdays: dict[date, tuple[str, str]] = {}
    years: dict[int, str] = {}
    try:
        for year, entry in data["years"].items():
            years[int(year)] = str(entry.get("source", ""))
            for holiday in entry["holidays"]:
                names = (str(holiday["name"]), str(holiday.get("en", holiday["name"])))
                first = date.fromisoformat(holiday["from"])
                last = date.fromisoformat(holiday.get("to", holiday["from"]))
                for ordinal in range(first.toordinal(), last.toordinal() + 1):
                    holidays[date.fromordinal(ordinal)] = names
                for worked in holiday.get("workdays", ()):
                    workdays[date.fromisoformat(worked)] = names
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LedgerFileError(
            where, f"not a holiday table ({exc!r})", hint="see docs/phases.md, Holidays"
        ) from None
    return HolidayTable(holidays=holidays, workdays=workdays, years=years)


@functools.cache
def _shipped() -> HolidayTable:
    text = resources.files("civledger.schedule").joinpath(SHIPPED).read_text("utf-8")
    return _read(json.loads(text), SHIPPED)


def holiday_table(*paths: str | PathLike[str]) -> HolidayTable:
    """The shipped table of China's holidays, with the tables of ``paths`` laid over it.

    A supplied table has the shipped file's form (``{"years": {"2027": {"source": ...,
    "holidays": [{"name": "元旦", "en": "New Year's Day", "from": "2027-01-01",
    "to": "2027-01-03", "workdays": [...]}]}}}``); a year it lists replaces that year
    of the tables before it.

    Raises
    ------
    LedgerFileError
        When a file cannot be read or is not such a table.

    Examples
    --------
    >>> holiday_table().covers(date(2026, 10, 1)), holiday_table().covers(date(2027, 10, 1))
    (True, False)
    """
    table = _shipped()
    for path in paths:
        try:
            with open(path, encoding="utf-8-sig") as stream:
                data = json.load(stream)
        except (OSError, ValueError) as exc:
            raise LedgerFileError(str(path), f"cannot read a holiday table: {exc}") from None
        table = _merge(table, _read(data, str(path)))
    return table


def _merge(base: HolidayTable, over: HolidayTable) -> HolidayTable:
    def keep(days: Mapping[date, tuple[str, str]]) -> dict[date, tuple[str, str]]:
        return {d: v for d, v in days.items() if d.year not in over.years}

    return HolidayTable(
        holidays={**keep(base.holidays), **over.holidays},
        workdays={**keep(base.workdays), **over.workdays},
        years={**base.years, **over.years},
    )


def off_day(day: date, table: HolidayTable | None = None) -> str | None:
    """Why ``day`` is a day off, in the current language (a holiday's name, 周六, 周日), or None.

    A public holiday is off; a Saturday or Sunday is off unless it is an adjusted
    working day (调休上班). ``table`` defaults to the shipped one.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> with use_language("zh"):
    ...     off_day(date(2026, 5, 1)), off_day(date(2026, 5, 9)), off_day(date(2026, 6, 13))
    ('劳动节', None, '周六')
    >>> with use_language("en"):
    ...     off_day(date(2026, 6, 20)), off_day(date(2026, 6, 15))
    ('Dragon Boat Festival', None)
    """
    chosen = table if table is not None else _shipped()
    names = chosen.holidays.get(day)
    if names is not None:
        return names[0] if language() == "zh" else names[1]
    weekend = _WEEKEND.get(day.weekday())
    if weekend is None or day in chosen.workdays:
        return None
    return weekend.label if language() == "zh" else weekend.value.capitalize()


def uncovered_years(days: Iterable[date], table: HolidayTable | None = None) -> list[int]:
    """The years of ``days`` the table does not cover (their holidays are unknown).

    Examples
    --------
    >>> uncovered_years([date(2026, 1, 5), date(2027, 1, 5)])
    [2027]
    """
    chosen = table if table is not None else _shipped()
    return sorted({d.year for d in days if not chosen.covers(d)})
