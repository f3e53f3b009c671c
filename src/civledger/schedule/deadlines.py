"""Deadlines as ledgers write them: ``5月10日前``, ``6月底``, ``7月中旬``, ``长期坚持``.

:func:`parse_deadline` turns the words of a ledger's 完成时限 column into a date
(or "ongoing"). It belongs at the edges — spreadsheet import, data entry — and
never in the loading of a ledger, which reads ISO dates only.

Semantics, all documented in docs/phases.md:

- A deadline is **inclusive**: the date returned is the last day on which the
  work is on time. ``5月10日前`` is due 10 May; on 10 May it is not late.
- ``前`` after a **day** (``5月10日前``, ``6月底前``, ``年底前``) means "by that day".
  ``前`` after a **period** (a month, a 旬, a quarter, a half year, a year) means
  "before the period starts": ``6月前`` is due 31 May, ``第二季度前`` 31 March.
- A **period** alone means "by its end": ``6月`` and ``6月内`` are due 30 June,
  ``7月中旬`` 20 July (the 旬 are days 1–10, 11–20 and 21 to the end of a month),
  ``第二季度`` 30 June.
- Without a year, the year is the reference date's, **even when the date has
  already passed** (``3月6日前`` read on 15 April is 6 March of the same year):
  ledgers list past deadlines too. Write the year for a deadline in another year.
- ``N日内``, ``N天内``, ``N小时内``, ``N周内``, ``N个月内`` count from the
  reference date (the day a problem was found or handed over).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta

import attrs
from dateutil.relativedelta import relativedelta

from civledger.errors import DeadlineError, InvalidValueError
from civledger.i18n import Phrase, phrase
from civledger.labels import LabeledEnum
from civledger.model.arguments import DayLike, as_optional_day

__all__ = ["EXCEL_RANGE", "Deadline", "DeadlineForm", "excel_date", "parse_deadline"]

EXCEL_RANGE = (20_000, 80_000)
"""The Excel serial numbers read as dates: 1954-10-03 to 2119-01-10."""


class DeadlineForm(LabeledEnum):
    """Which form of deadline a text was read as.

    Examples
    --------
    >>> DeadlineForm.parse("旬") is DeadlineForm.TEN_DAY
    True
    """

    DATE = ("date", "年月日")
    EXCEL = ("excel", "Excel日期")
    MONTH_DAY = ("month_day", "月日")
    DAY = ("day", "本月某日")
    MONTH = ("month", "月")
    TEN_DAY = ("ten_day", "旬")
    QUARTER = ("quarter", "季度")
    HALF_YEAR = ("half_year", "半年")
    YEAR = ("year", "年")
    WITHIN = ("within", "期限")
    EVALUATION = ("evaluation", "测评")
    ONGOING = ("ongoing", "长期坚持")


def _check_due(instance: Deadline, attribute: attrs.Attribute[date | None], value: object) -> None:
    if (value is None) != instance.ongoing:
        raise InvalidValueError(
            attribute.name, phrase("a deadline has a due date, or is ongoing, not both or neither")
        )


@attrs.frozen(kw_only=True)
class Deadline:
    """A deadline read from text: the due date (inclusive) or ongoing, and the form matched.

    Examples
    --------
    >>> d = parse_deadline("6月前竣工", reference=date(2026, 4, 15))
    >>> d.due, d.ongoing, d.form.label, str(d)
    (datetime.date(2026, 5, 31), False, '月', '2026-05-31')
    >>> str(parse_deadline("长期坚持"))
    '长期坚持'
    """

    text: str
    form: DeadlineForm
    ongoing: bool = False
    due: date | None = attrs.field(default=None, validator=_check_due)

    def __str__(self) -> str:
        return self.due.isoformat() if self.due is not None else "长期坚持"


def excel_date(serial: int) -> date:
    """The date of an Excel serial number (the 1900 date system, as Excel counts).

    Excel counts 1 January 1900 as day 1 and, to agree with Lotus 1-2-3, believes
    1900 was a leap year: serial 60 is the 29 February 1900 that never was, and
    every later serial is one more than the days since 31 December 1899.

    Raises
    ------
    DeadlineError
        For serial 60 and for serials below 1.

    Examples
    --------
    >>> [excel_date(n).isoformat() for n in (1, 59, 61, 46203)]
    ['1900-01-01', '1900-02-28', '1900-03-01', '2026-06-30']
    >>> excel_date(60)
    Traceback (most recent call last):
    ...
    civledger.errors.DeadlineError: cannot read 60 as a deadline: Excel serial 60 is 29 February...
    """
    if serial == 60:
        raise DeadlineError(
            serial, phrase("Excel serial 60 is 29 February 1900, a day that does not exist")
        )
    if serial < 1:
        raise DeadlineError(serial, phrase("Excel serials start at 1 (1 January 1900)"))
    base = date(1899, 12, 31) if serial < 60 else date(1899, 12, 30)
    return base + timedelta(days=serial)


# -- normalising the text ------------------------------------------------------------------

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_RUN = re.compile("[〇○零一二两三四五六七八九十]+")
_EDGE_PUNCTUATION = "。，,;；!！、"

# Longest first, so that 截止到 is taken whole rather than 截止.
_PREFIXES = sorted(
    "截止到 截止日期 截至 截止 不迟于 不晚于 务必于 须于 应于 最迟 "
    "力争 确保 限期 限 于 在 到".split(),
    key=len,
    reverse=True,
)
_VERBS = sorted(
    "整改完毕 整改到位 投入使用 完成 竣工 完工 到位 完毕 办结 落实 建成 销号 上报 报送 提交 "
    "整改 投用 开工 全部 全面 基本 实现 达标".split(),
    key=len,
    reverse=True,
)
_ONGOING = frozenset(
    ("长期坚持", "长期", "持续推进", "持续开展", "长期开展", "长期推进", "常态化", "常态化推进")
)
_EVALUATION = frozenset(("测评", "测评结束", "实地测评", "迎检", "迎评", "国检"))

_BEFORE, _BY, _WITHIN = "before", "by", "within"
_MARKERS = (
    ("之前", _BEFORE),
    ("以前", _BEFORE),
    ("前", _BEFORE),
    ("为止", _BY),
    ("止", _BY),
    ("以内", _WITHIN),
    ("内", _WITHIN),
)


def _arabic(run: str) -> str:
    """Chinese numerals as digits: 二〇二六 -> 2026 (digit by digit), 三十一 -> 31."""
    if "十" not in run:
        return "".join(str(_CN_DIGITS[c]) for c in run)
    tens, _, units = run.partition("十")
    if len(tens) > 1 or len(units) > 1 or units == "十":
        return run  # not a number from 1 to 99: left as it is, and refused later
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0))


def _normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    core = "".join(folded.split()).strip(_EDGE_PUNCTUATION)
    return _CN_RUN.sub(lambda m: _arabic(m.group(0)), core)


def _strip_words(core: str) -> str:
    for prefix in _PREFIXES:
        if core.startswith(prefix) and len(core) > len(prefix):
            core = core[len(prefix) :]
            break
    stripped = True
    while stripped:
        stripped = False
        for verb in _VERBS:
            if core.endswith(verb) and len(core) > len(verb):
                core = core[: -len(verb)]
                stripped = True
                break
    return core


def _split_marker(core: str) -> tuple[str, str | None]:
    for marker, mode in _MARKERS:
        if core.endswith(marker) and len(core) > len(marker):
            return core[: -len(marker)], mode
    return core, None


# -- dates ---------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, 1) + relativedelta(day=31)


def _shift_month(day: date, months: int) -> date:
    return day.replace(day=1) + relativedelta(months=months)


@attrs.frozen
class _Period:
    """A span of days: a point when ``first`` is ``last``."""

    first: date
    last: date
    point: bool = False

    def due(self, mode: str | None) -> date:
        if mode == _BEFORE and not self.point:
            return self.first - timedelta(days=1)
        return self.last


_Handler = Callable[["_Reader", re.Match[str], str | None], tuple[date, DeadlineForm]]
_REF = r"(本|当|这个|下个|下|次)"


@attrs.define
class _Reader:
    text: object
    reference: date | None
    evaluation: date | None

    def fail(self, reason: Phrase) -> DeadlineError:
        return DeadlineError(self.text, reason)

    def ref(self) -> date:
        if self.reference is None:
            raise self.fail(
                phrase(
                    "it leaves out the year or counts from a day: pass reference= (the date "
                    "it was written, or the day the problem was found)"
                )
            )
        return self.reference

    def day(self, year: int, month: int, day: int) -> date:
        if not 1 <= month <= 12:
            raise self.fail(phrase("there is no month {month}", month=month))
        try:
            return date(year, month, day)
        except ValueError:
            raise self.fail(
                phrase("{year}年{month}月 has no day {day}", year=year, month=month, day=day)
            ) from None

    def month(self, year: int, month: int, point: bool = False) -> _Period:
        return _Period(self.day(year, month, 1), _month_end(year, month), point)

    def ref_month(self, word: str | None) -> date:
        start = self.ref().replace(day=1)
        return _shift_month(start, 1) if word in ("下个", "下", "次") else start

    def ten_day(self, year: int, month: int, which: str, point: bool) -> _Period:
        index = "上中下".index(which)
        first = self.day(year, month, 1 + 10 * index)
        last = _month_end(year, month) if index == 2 else first + timedelta(days=9)
        return _Period(first, last, point)

    def quarter(self, year: int, quarter: int, point: bool) -> _Period:
        if not 1 <= quarter <= 4:
            raise self.fail(phrase("a year has four quarters, not {quarter}", quarter=quarter))
        return _Period(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), point)

    def year_of(self, written: str | None) -> int:
        return int(written) if written else self.ref().year


# Each handler gets the match of the whole core and the marker (前, 止, 内 or None).


def _full_date(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    y, mo, d = (g for g in m.groups() if g is not None)
    return r.day(int(y), int(mo), int(d)), DeadlineForm.DATE


def _excel_text(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    if mode is not None:
        raise r.fail(phrase("an Excel serial number is a cell value, without 前 or 内"))
    return _excel_in_range(r, int(m.group(0))), DeadlineForm.EXCEL


def _year_last(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    raise r.fail(
        phrase(
            "with the year last, the day and month could be either way "
            "round: write {year}-MM-DD or {year}年M月D日",
            year=m.group(3),
        )
    )


def _slashed(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    a, b = int(m.group(1)), int(m.group(2))
    year = r.reference.year if r.reference is not None else "YYYY"
    raise r.fail(
        phrase(
            "is it {a}月{b}日 or {b}月{a}日? write the month and day in "
            "words ({a}月{b}日) or the whole date ({year}-{a:02d}-{b:02d})",
            a=a,
            b=b,
            year=year,
        )
    )


def _year_ten_day(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    year, month = int(m.group(1)), int(m.group(2))
    return r.ten_day(year, month, m.group(3), bool(m.group(4))).due(mode), DeadlineForm.TEN_DAY


def _year_month(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    if m.group(1) is not None:
        year, month, point = int(m.group(1)), int(m.group(2)), m.group(3) in ("底", "末")
    else:
        year, month, point = int(m.group(4)), int(m.group(5)), False
    return r.month(year, month, point).due(mode), DeadlineForm.MONTH


def _month_day(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    return r.day(r.ref().year, int(m.group(1)), int(m.group(2))), DeadlineForm.MONTH_DAY


def _ref_month_day(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    start = r.ref_month(m.group(1))
    return r.day(start.year, start.month, int(m.group(2))), DeadlineForm.DAY


def _day(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    if m.group(2) == "日" and mode == _WITHIN:
        return _counted(r, int(m.group(1)), "日")  # 3日内: within three days
    start = r.ref_month(None)
    return r.day(start.year, start.month, int(m.group(1))), DeadlineForm.DAY


def _within(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    count, unit = int(m.group(1)), m.group(2).removeprefix("个")
    if mode == _BEFORE:
        raise r.fail(
            phrase(
                "{count}{unit}前 counts back from a day; write the date it falls on",
                count=count,
                unit=unit,
            )
        )
    if unit == "工作日":
        raise r.fail(
            phrase("working days depend on the official holiday calendar (调休); write the date")
        )
    return _counted(r, count, unit)


def _counted(r: _Reader, count: int, unit: str) -> tuple[date, DeadlineForm]:
    if count == 0:
        raise r.fail(phrase("a period of no time is not a deadline"))
    start = r.ref()
    if unit in ("日", "天"):
        return start + timedelta(days=count), DeadlineForm.WITHIN
    if unit == "小时":
        return start + timedelta(days=math.ceil(count / 24)), DeadlineForm.WITHIN
    if unit in ("周", "星期"):
        return start + timedelta(weeks=count), DeadlineForm.WITHIN
    return start + relativedelta(months=count), DeadlineForm.WITHIN


def _month(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    period = r.month(r.ref().year, int(m.group(1)), m.group(2) in ("底", "末"))
    return period.due(mode), DeadlineForm.MONTH


def _ref_month(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    start = r.ref_month(m.group(1) if m.group(2) else m.group(3))
    return r.month(start.year, start.month, bool(m.group(2))).due(mode), DeadlineForm.MONTH


def _ten_day(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    period = r.ten_day(r.ref().year, int(m.group(1)), m.group(2), bool(m.group(3)))
    return period.due(mode), DeadlineForm.TEN_DAY


def _ref_ten_day(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    start = r.ref_month(m.group(1))
    period = r.ten_day(start.year, start.month, m.group(2), bool(m.group(3)))
    return period.due(mode), DeadlineForm.TEN_DAY


def _quarter(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    number = int(next(g for g in m.group(2, 3, 4) if g is not None))
    period = r.quarter(r.year_of(m.group(1)), number, bool(m.group(5)))
    return period.due(mode), DeadlineForm.QUARTER


def _ref_quarter(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    ref = r.ref()
    period = r.quarter(ref.year, (ref.month - 1) // 3 + 1, bool(m.group(2)))
    return period.due(mode), DeadlineForm.QUARTER


def _half_year(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    first = date(r.year_of(m.group(1)), 1 if m.group(2) == "上" else 7, 1)
    period = _Period(first, first + relativedelta(months=6, days=-1), bool(m.group(3)))
    return period.due(mode), DeadlineForm.HALF_YEAR


def _mid_year(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    return date(r.year_of(m.group(1)), 6, 30), DeadlineForm.HALF_YEAR


def _year(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    year = int(m.group(1))
    period = _Period(date(year, 1, 1), date(year, 12, 31), m.group(2) in ("底", "末"))
    return period.due(mode), DeadlineForm.YEAR


def _ref_year(r: _Reader, m: re.Match[str], mode: str | None) -> tuple[date, DeadlineForm]:
    which, end = m.group(1), m.group(2)
    if which is None and end is None:
        if mode == _BEFORE:
            raise r.fail(
                phrase(
                    "年前 may mean before the Spring Festival (春节) or before the year ends; "
                    "write 年底前 or the date"
                )
            )
        if mode is None:
            raise r.fail(phrase("年 alone names no year; write 年底前 or the date"))
    year = r.ref().year + (1 if which in ("明", "次") else 0)
    period = _Period(date(year, 1, 1), date(year, 12, 31), end in ("底", "末"))
    return period.due(mode), DeadlineForm.YEAR


# In this order; each pattern must match the whole core (after words and marker are taken off).
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(regex, re.IGNORECASE), handler)
    for regex, handler in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})/(\d{1,2})/(\d{1,2})", _full_date),
        (r"(\d{4})\.(\d{1,2})\.(\d{1,2})|(\d{4})(\d{2})(\d{2})", _full_date),
        (r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]", _full_date),
        (r"\d{5}", _excel_text),
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", _year_last),
        (r"(\d{1,2})[-/.](\d{1,2})", _slashed),
        (r"(\d{4})年(\d{1,2})月(上|中|下)旬(末)?", _year_ten_day),
        (r"(\d{4})年(\d{1,2})月(底|末|份)?|(\d{4})[-/.](\d{1,2})", _year_month),
        (r"(\d{1,2})月(\d{1,2})[日号]", _month_day),
        (_REF + r"月(\d{1,2})[日号]", _ref_month_day),
        (r"(\d+)(日|号)", _day),
        (r"(\d+)(天|个?小时|周|个?星期|个月|个?工作日)", _within),
        (r"(\d{1,2})月(底|末|份)?", _month),
        (_REF + r"?月(底|末)|" + _REF + r"月份?", _ref_month),
        (r"(\d{1,2})月(上|中|下)旬(末)?", _ten_day),
        (r"(?:" + _REF + r"月)?(上|中|下)旬(末)?", _ref_ten_day),
        (r"(?:(\d{4})年?)?(?:第(\d)季度?|(\d)季度|Q(\d))(末|底)?", _quarter),
        (r"(本|当)季度?(末|底)?", _ref_quarter),
        (r"(?:(\d{4})年)?(上|下)半年(末|底)?", _half_year),
        (r"(?:(\d{4})年)?年中", _mid_year),
        (r"(\d{4})年(底|末|度)?", _year),
        (r"(今|本|当|明|次)?年(底|末|度)?", _ref_year),
    )
)


def _excel_in_range(r: _Reader, serial: int) -> date:
    low, high = EXCEL_RANGE
    if not low <= serial <= high:
        raise r.fail(
            phrase(
                "a number is read as an Excel date only from {low} to {high} ({first} to {last})",
                low=low,
                high=high,
                first=excel_date(low),
                last=excel_date(high),
            )
        )
    return excel_date(serial)


def _excel_cell(r: _Reader, value: float) -> Deadline:
    if not math.isfinite(value) or not float(value).is_integer():
        raise r.fail(
            phrase("an Excel date with a time of day (or not a number); a deadline is a day")
        )
    return Deadline(text=str(value), form=DeadlineForm.EXCEL, due=_excel_in_range(r, int(value)))


def parse_deadline(
    text: str | int | float | date,
    reference: DayLike | None = None,
    *,
    evaluation: DayLike | None = None,
) -> Deadline:
    """Read a deadline as a ledger writes it (完成时限) into a :class:`Deadline`.

    Understood: dates with the year (``2026年6月30日``, ``2026-06-30``, ``2026/6/30``,
    ``2026.6.30``, ``20260630``), Excel serial numbers (``46203``, as a number or
    text), month and day (``5月10日前``, ``6月30日之前``), a day of this or next month
    (``本月15号前``, ``下月5日``), months (``6月底``, ``6月前``, ``6月内``), the 旬
    (``7月中旬``), quarters (``第二季度``, ``Q2``), half years (``上半年``), years
    (``年底前``, ``2026年``), periods counted from the reference (``限3日内整改``,
    ``24小时内``, ``1个月内``), the evaluation (``测评前``) and ongoing work (``长期坚持``,
    ``长期``, ``持续推进``, ``常态化``). Full-width characters, spaces, Chinese numerals
    (``六月底``, ``二〇二六年``) and trailing words such as 竣工, 完成, 到位, 整改完毕 are
    allowed. docs/phases.md has the table of forms and the rules behind them.

    Parameters
    ----------
    text
        The deadline as written; a number, or a ``date`` from a spreadsheet cell, too.
    reference
        The date the text is read against: it gives the year (and the month, for
        ``本月``) when the text leaves them out, and the start of ``N日内``.
    evaluation
        The campaign's evaluation date, for ``测评前``.

    Raises
    ------
    DeadlineError
        For text that is not a deadline, is ambiguous (``6/7``, ``年前``), names a day
        that does not exist, or needs a ``reference`` or ``evaluation`` not given. The
        message names the text and says why.

    Examples
    --------
    >>> ref = date(2026, 4, 15)
    >>> parse_deadline("5月10日前", ref).due, parse_deadline("6月前竣工", ref).due
    (datetime.date(2026, 5, 10), datetime.date(2026, 5, 31))
    >>> parse_deadline("７月中旬", ref).due, parse_deadline("限3日内整改", ref).due
    (datetime.date(2026, 7, 20), datetime.date(2026, 4, 18))
    >>> parse_deadline("长期坚持").ongoing, parse_deadline(46203).due
    (True, datetime.date(2026, 6, 30))
    >>> parse_deadline("6/7", ref)
    Traceback (most recent call last):
    ...
    civledger.errors.DeadlineError: cannot read '6/7' as a deadline: is it 6月7日 or 7月6日? ...
    """
    reference = as_optional_day(reference, "reference")
    evaluation = as_optional_day(evaluation, "evaluation")
    reader = _Reader(text, reference, evaluation)
    if isinstance(text, bool):
        raise reader.fail(phrase("true or false is not a date"))
    if isinstance(text, datetime):
        return Deadline(text=text.isoformat(), form=DeadlineForm.DATE, due=text.date())
    if isinstance(text, date):
        return Deadline(text=text.isoformat(), form=DeadlineForm.DATE, due=text)
    if isinstance(text, int | float):
        return _excel_cell(reader, text)
    if not isinstance(text, str):
        raise reader.fail(phrase("a {kind} is not a deadline", kind=type(text).__name__))
    core = _normalize(text)
    if not core:
        raise reader.fail(phrase("there is no deadline in it"))
    if core.startswith("每"):
        raise reader.fail(
            phrase(
                "a recurring deadline (每月…) is not one date: mark the task ongoing (长期坚持) "
                "and give it a review cadence"
            )
        )
    core = _strip_words(core)
    if core in _ONGOING:
        return Deadline(text=text, form=DeadlineForm.ONGOING, ongoing=True)
    core, mode = _split_marker(core)
    if core in _EVALUATION:
        if evaluation is None:
            raise reader.fail(
                phrase("it names the evaluation: pass evaluation= (the campaign's date)")
            )
        return Deadline(text=text, form=DeadlineForm.EVALUATION, due=evaluation)
    for pattern, handler in _PATTERNS:
        match = pattern.fullmatch(core)
        if match is not None:
            try:
                due, form = handler(reader, match, mode)
            except DeadlineError:
                raise
            except (ValueError, OverflowError):  # a year 0, or a date after 9999
                raise reader.fail(phrase("the date falls outside the years 1 to 9999")) from None
            return Deadline(text=text, form=form, due=due)
    if core.isdigit():
        raise reader.fail(
            phrase(
                "a bare number is not a date; write the date (Excel serials run {low} to {high})",
                low=EXCEL_RANGE[0],
                high=EXCEL_RANGE[1],
            )
        )
    raise reader.fail(
        phrase(
            "not a form civledger knows (see the table in docs/phases.md); write the date, "
            "such as 2026-06-30"
        )
    )
