"""Deadlines as ledgers write them: the table of forms in docs/phases.md, rejections, properties.

The cases live in the page (docs/phases.md), which is the one place they are written; every
row of its two tables is a test here. The expected dates there were worked out by hand from
the rules the page states, not copied from the parser.
"""

from __future__ import annotations

import runpy
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import civledger
from civledger import Deadline, DeadlineError, DeadlineForm, parse_deadline
from civledger.errors import InvalidValueError
from civledger.schedule.deadlines import EXCEL_RANGE, excel_date

PAGE = Path(__file__).resolve().parent.parent / "docs" / "phases.md"
TABLES: dict[str, Any] = runpy.run_path(str(PAGE.parent / "_tools" / "deadlines.py"))
UNDERSTOOD = TABLES["understood"](PAGE)
REJECTED = TABLES["rejected"](PAGE)
EVALUATION = TABLES["EVALUATION"]


def test_the_page_has_enough_forms() -> None:
    assert len(UNDERSTOOD) >= 40
    assert len({row.written for row in UNDERSTOOD}) == len(UNDERSTOOD)
    assert {row.form for row in UNDERSTOOD} == {form.value for form in DeadlineForm}
    assert len(REJECTED) >= 10


@pytest.mark.parametrize("row", UNDERSTOOD, ids=[r.written for r in UNDERSTOOD])
def test_a_form_of_the_page_reads_as_the_page_says(row: Any) -> None:
    got = parse_deadline(row.written, row.reference, evaluation=EVALUATION)
    assert got.due == row.due
    assert got.ongoing is (row.due is None)
    assert got.form.value == row.form
    assert got.text == row.written


@pytest.mark.parametrize("row", REJECTED, ids=[r.written for r in REJECTED])
def test_a_refused_form_of_the_page_says_why(row: Any, chinese: None) -> None:
    # The page gives the reasons in Chinese, as offices read them.
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(row.written, row.reference, evaluation=EVALUATION)
    assert caught.value.text == row.written
    assert caught.value.reason == row.why
    assert str(caught.value) == f"无法把 {row.written!r} 读作完成时限：{row.why}"
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, civledger.CivLedgerError)


def test_the_spec_forms() -> None:
    # The forms the issue names, with the dates it names (reference in 2026).
    ref = date(2026, 3, 20)
    expected = {
        "5月10日前": date(2026, 5, 10),
        "6月30日之前": date(2026, 6, 30),
        "本月15号前": date(2026, 3, 15),
        "6月底": date(2026, 6, 30),
        "6月前": date(2026, 5, 31),
        "6月前竣工": date(2026, 5, 31),
        "年底前": date(2026, 12, 31),
        "7月中旬": date(2026, 7, 20),
        "第二季度": date(2026, 6, 30),
        "2026年6月30日": date(2026, 6, 30),
        "2026/6/30": date(2026, 6, 30),
        "2026.6.30": date(2026, 6, 30),
        "2026-06-30": date(2026, 6, 30),
    }
    assert {text: parse_deadline(text, ref).due for text in expected} == expected
    for text in ("长期坚持", "长期", "持续推进"):
        assert parse_deadline(text, ref).ongoing


def test_spreadsheet_cells() -> None:
    # 25569 is 1970-01-01 in Excel's 1900 system (the Unix epoch): a well-known anchor.
    assert parse_deadline(25569).due == date(1970, 1, 1)
    assert parse_deadline(25569.0).due == date(1970, 1, 1)
    assert parse_deadline("25569").form is DeadlineForm.EXCEL
    assert parse_deadline(date(2026, 6, 30)).due == date(2026, 6, 30)
    assert parse_deadline(datetime(2026, 6, 30, 18, 0)).due == date(2026, 6, 30)
    with pytest.raises(DeadlineError, match="time of day"):
        parse_deadline(25569.5)
    with pytest.raises(DeadlineError, match="time of day"):
        parse_deadline(float("nan"))
    with pytest.raises(DeadlineError, match="only from 20000 to 80000"):
        parse_deadline(80001)
    with pytest.raises(DeadlineError, match="true or false"):
        parse_deadline(True)
    with pytest.raises(DeadlineError, match="Excel serial number is a cell value"):
        parse_deadline("46203前")
    with pytest.raises(DeadlineError, match="a list is not a deadline"):
        parse_deadline([2026, 6, 30])  # type: ignore[arg-type]


def test_excel_dates_count_the_1900_leap_day_that_never_was() -> None:
    assert excel_date(1) == date(1900, 1, 1)
    assert excel_date(59) == date(1900, 2, 28)
    assert excel_date(61) == date(1900, 3, 1)  # 60 would be 29 February 1900
    with pytest.raises(DeadlineError, match="does not exist"):
        excel_date(60)
    with pytest.raises(DeadlineError, match="start at 1"):
        excel_date(0)
    low, high = EXCEL_RANGE
    assert (excel_date(high) - excel_date(low)).days == high - low


@pytest.mark.parametrize("text", ["十十月", "三十十日", "一百日内", "十二十月底"])
def test_numerals_that_are_no_number_are_refused(text: str) -> None:
    with pytest.raises(DeadlineError, match="not a form civledger knows"):
        parse_deadline(text, date(2026, 4, 15))


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("0000年底", None),
        ("0000年第二季度", None),
        ("0000年上半年", None),
        ("明年底", date(9999, 1, 1)),
        ("99999999999天内", date(2026, 4, 15)),
        ("1000000个月内", date(2026, 4, 15)),
        ("1天内", date(9999, 12, 31)),
    ],
)
def test_dates_outside_the_calendar_are_refused(text: str, reference: date | None) -> None:
    with pytest.raises(DeadlineError, match="outside the years 1 to 9999"):
        parse_deadline(text, reference)


def test_needs_what_it_leaves_out() -> None:
    with pytest.raises(DeadlineError, match="pass evaluation="):
        parse_deadline("测评前", date(2026, 4, 15))
    with pytest.raises(DeadlineError, match="pass reference="):
        parse_deadline("限3日内整改")
    with pytest.raises(DeadlineError, match="no deadline in it"):
        parse_deadline("　 ")
    with pytest.raises(DeadlineError, match="no deadline in it"):
        parse_deadline("")


def test_a_deadline_is_dated_or_ongoing() -> None:
    with pytest.raises(InvalidValueError):
        Deadline(text="x", form=DeadlineForm.DATE)
    with pytest.raises(InvalidValueError):
        Deadline(text="x", form=DeadlineForm.ONGOING, ongoing=True, due=date(2026, 1, 1))
    assert str(Deadline(text="长期", form=DeadlineForm.ONGOING, ongoing=True)) == "长期坚持"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        parse_deadline("6月底", date(2026, 1, 1)).due = None  # type: ignore[misc]


# -- properties ------------------------------------------------------------------------------

CN = "〇一二三四五六七八九"


def cn_digits(number: int) -> str:
    """A year in Chinese numerals, digit by digit: 2026 -> 二〇二六."""
    return "".join(CN[int(c)] for c in str(number))


def cn_number(number: int) -> str:
    """1 to 31 in Chinese numerals: 10 -> 十, 16 -> 十六, 20 -> 二十, 31 -> 三十一."""
    tens, units = divmod(number, 10)
    if tens == 0:
        return CN[units]
    head = "" if tens == 1 else CN[tens]
    return head + "十" + (CN[units] if units else "")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def written_forms(day: date) -> list[tuple[str, date | None]]:
    """Every way the page says a day can be written, with the reference it needs."""
    y, m, d = day.year, day.month, day.day
    forms = [
        f"{y}-{m:02d}-{d:02d}",
        f"{y}-{m}-{d}",
        f"{y}/{m}/{d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}.{m}.{d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m}月{d}号",
        f"{y}年{m}月{d}日前",
        f"{y}年{m}月{d}日之前完成",
        f"截至{y}年{m}月{d}日",
        f"{y}{m:02d}{d:02d}",
        full_width(f"{y}年{m}月{d}日"),
        full_width(f"{y}/{m}/{d}"),
        f"{cn_digits(y)}年{cn_number(m)}月{cn_number(d)}日",
        f" {y} 年 {m} 月 {d} 日 ",
    ]
    found: list[tuple[str, date | None]] = [(f, None) for f in forms]
    same_year = date(y, 1, 1)
    found += [
        (f"{m}月{d}日前", same_year),
        (f"{m}月{d}号", same_year),
        (f"{cn_number(m)}月{cn_number(d)}日前竣工", same_year),
        (f"本月{d}号前", day.replace(day=1)),
        (f"{d}日前", day.replace(day=1)),
    ]
    return found


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_any_date_in_any_written_form_reads_back_to_itself(day: date) -> None:
    for text, reference in written_forms(day):
        assert parse_deadline(text, reference).due == day, text


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=excel_date(EXCEL_RANGE[0]), max_value=excel_date(EXCEL_RANGE[1])))
def test_any_date_as_an_excel_serial_reads_back_to_itself(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days  # the count Excel uses after 1 March 1900
    assert parse_deadline(serial).due == day
    assert parse_deadline(str(serial)).due == day
    assert parse_deadline(full_width(str(serial))).due == day


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=12),
        st.text(
            alphabet="0123456789年月日号前底末内上中下旬季度第半本下长期限天周个/.-", max_size=10
        ),
        st.text(alphabet="〇○零一二两三四五六七八九十年月日号前底旬季度内", max_size=10),
        st.text(alphabet="0123456789年天个月内底度季第上半", min_size=3, max_size=16),
    ),
    st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 1)),
)
def test_any_text_is_read_or_refused_with_a_deadline_error(text: str, reference: date) -> None:
    refused: DeadlineError | None = None
    try:
        got = parse_deadline(text, reference, evaluation=reference)
    except DeadlineError as err:
        refused = err
    if refused is None:
        assert got.ongoing or got.due is not None
    else:
        assert refused.text == text
        assert str(refused).startswith(f"cannot read {text!r} as a deadline: ")


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1001, 1, 1), max_value=date(9998, 12, 31)), st.integers(1, 400))
def test_counted_days_are_days_after_the_reference(reference: date, days: int) -> None:
    assert parse_deadline(f"限{days}日内整改", reference).due == reference + timedelta(days=days)
    assert parse_deadline(f"{days}天内", reference).due == reference + timedelta(days=days)
