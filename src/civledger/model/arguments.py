"""The arguments of public functions: dates as people write them, ledgers, ids.

Every public function of civledger that takes a date accepts a :class:`date`, a
:class:`datetime` (its day in the campaign's time zone when it carries one) or
text in the forms offices write: ``2026-06-30``, ``2026/6/30``, ``2026.6.30``,
``20260630``, ``2026年6月30日`` (and an ISO date-time). A value of another type
is an :class:`~civledger.errors.ArgumentError` that names the parameter, never
a bare ``TypeError`` from inside civledger.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, tzinfo
from typing import Any

from civledger.errors import ArgumentError
from civledger.i18n import N_, _, gettext
from civledger.model.ledger import Ledger

__all__ = [
    "DATE_FORMS",
    "DayLike",
    "as_day",
    "as_ledger",
    "as_optional_day",
    "as_text",
    "parse_day",
]

DayLike = date | datetime | str
"""What a date parameter accepts: a date, a datetime, or text in one of :data:`DATE_FORMS`."""

DATE_FORMS = N_("2026-06-30, 2026/6/30, 2026.6.30, 20260630 or 2026年6月30日")
"""The forms of a day civledger reads, as a hint for people (a message)."""

_SEPARATED = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_day(text: str) -> date:
    """A day written as offices write it (full-width digits and spaces allowed).

    Raises
    ------
    ValueError
        When the text is not one of :data:`DATE_FORMS`, or names no real day.

    Examples
    --------
    >>> [parse_day(t).isoformat() for t in ("2026-06-30", "2026/6/30", "2026.6.30", "20260630")]
    ['2026-06-30', '2026-06-30', '2026-06-30', '2026-06-30']
    >>> parse_day("２０２６年６月３０日"), parse_day(" 2026-6-3 ")
    (datetime.date(2026, 6, 30), datetime.date(2026, 6, 3))
    >>> parse_day("6月30日")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: '6月30日' is not a date like 2026-06-30, 2026/6/30, ...
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    for pattern in (_SEPARATED, _CHINESE, _COMPACT):
        found = pattern.fullmatch(folded)
        if found is not None:
            year, month, day = (int(g) for g in found.groups())
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise ValueError(
                    _("{text!r} names no day: {problem}").format(text=text, problem=exc)
                ) from None
    raise ValueError(
        _("{text!r} is not a date like {forms}").format(text=text, forms=gettext(DATE_FORMS))
    )


def _described(value: object) -> str:
    if isinstance(value, bool):
        return _("the truth value {value}").format(value=value)
    if isinstance(value, int | float):
        return _("the number {value!r}").format(value=value)
    return _("a {kind}").format(kind=type(value).__name__)


def as_day(value: object, parameter: str, zone: tzinfo | None = None) -> date:
    """``value`` as a day: a date, a datetime (its day in ``zone``), or text.

    Raises
    ------
    ArgumentError
        When the value is of another type, or text that is not a day.

    Examples
    --------
    >>> from datetime import timezone, timedelta
    >>> as_day("2026/5/20", "as_of")
    datetime.date(2026, 5, 20)
    >>> late = datetime(2026, 5, 20, 20, tzinfo=timezone.utc)
    >>> as_day(late, "as_of", zone=timezone(timedelta(hours=8)))
    datetime.date(2026, 5, 21)
    >>> as_day(20260520, "as_of")
    Traceback (most recent call last):
    ...
    civledger.errors.ArgumentError: as_of: expected a date such as 2026-06-30 (...), got ...
    """
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None and zone is not None:
            return value.astimezone(zone).date()
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_day(value)
        except ValueError:
            pass
        try:
            return as_day(datetime.fromisoformat(value.strip()), parameter, zone)
        except ValueError:
            raise ArgumentError(
                parameter,
                _("{text!r} is not a date like {forms}").format(
                    text=value, forms=gettext(DATE_FORMS)
                ),
            ) from None
    raise ArgumentError(
        parameter,
        _("expected a date such as 2026-06-30 (or text in the forms {forms}), got {got}").format(
            forms=gettext(DATE_FORMS), got=_described(value)
        ),
    )


def as_optional_day(value: object, parameter: str, zone: tzinfo | None = None) -> date | None:
    """``None`` as it is, anything else as :func:`as_day`.

    Examples
    --------
    >>> as_optional_day(None, "as_of") is None, as_optional_day("20260630", "as_of")
    (True, datetime.date(2026, 6, 30))
    """
    return None if value is None else as_day(value, parameter, zone)


def as_ledger(value: Any, parameter: str = "ledger") -> Ledger:
    """``value`` if it is a :class:`~civledger.Ledger`; an error that says what to do otherwise.

    Examples
    --------
    >>> as_ledger("ledger.yaml")
    Traceback (most recent call last):
    ...
    civledger.errors.ArgumentError: ledger: expected a Ledger, got the text 'ledger.yaml'; load ...
    """
    if isinstance(value, Ledger):
        return value
    got = (
        _("the text {value!r}").format(value=value) if isinstance(value, str) else _described(value)
    )
    raise ArgumentError(
        parameter,
        _("expected a Ledger, got {got}; load a file with civledger.load(path)").format(got=got),
    )


def as_text(value: object, parameter: str) -> str:
    """``value`` if it is text (an id, a name, a code); an error naming the parameter otherwise.

    Examples
    --------
    >>> as_text("T-001", "task_id")
    'T-001'
    >>> as_text(1, "task_id")
    Traceback (most recent call last):
    ...
    civledger.errors.ArgumentError: task_id: expected text (an id or a name), got the number 1
    """
    if isinstance(value, str):
        return value
    raise ArgumentError(
        parameter, _("expected text (an id or a name), got {got}").format(got=_described(value))
    )
