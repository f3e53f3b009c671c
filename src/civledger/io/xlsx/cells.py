"""Cell values as text, numbers and dates, the way people typed them.

openpyxl gives a cell's value as ``str``, ``int``, ``float``, ``bool``,
``datetime``, ``date`` or ``time``. Text is trimmed (ideographic spaces too);
whole numbers stored as floats read as ``39``, not ``39.0``; a date read as a
date is written ``2026-06-30``.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime, time
from typing import Any

from civledger.model import Comparator, Target

__all__ = [
    "EXCEL_ERRORS",
    "cell_text",
    "is_blank",
    "is_error",
    "parse_amount",
    "parse_rate",
    "parse_target",
    "whole_number",
]

EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)
"""The error values a cell can hold."""

_TRIM = " \t\r\n\u3000\u00a0\ufeff"


def is_error(value: Any) -> bool:
    """Whether a value is one of Excel's error values.

    Examples
    --------
    >>> is_error("#N/A"), is_error("N/A")
    (True, False)
    """
    return type(value) is str and value in EXCEL_ERRORS


def cell_text(value: Any) -> str | None:
    """A cell's value as text, trimmed; ``None`` for an empty cell.

    Examples
    --------
    >>> cell_text("　龙源街道 "), cell_text(39.0), cell_text(55.1), cell_text("  ")
    ('龙源街道', '39', '55.1', None)
    >>> cell_text(datetime(2026, 6, 30)), cell_text(datetime(2026, 6, 30, 9, 30))
    ('2026-06-30', '2026-06-30T09:30:00')
    """
    if value is None:
        return None
    if type(value) is str:
        text = value.strip(_TRIM)
        return text or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip(_TRIM) or None


def is_blank(value: Any) -> bool:
    """Whether a cell is empty (nothing, or only spaces).

    Examples
    --------
    >>> is_blank(None), is_blank(" \\u3000"), is_blank(0)
    (True, True, False)
    """
    return value is None or (type(value) is str and not value.strip(_TRIM))


def whole_number(value: Any) -> bool:
    """Whether a cell holds a whole number, as a number or as text (``3``, ``'12'``).

    Examples
    --------
    >>> whole_number(3), whole_number(3.0), whole_number(" 12 "), whole_number("T-1")
    (True, True, True, False)
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    text = cell_text(value)
    return text is not None and unicodedata.normalize("NFKC", text).isdigit()


def parse_target(value: Any) -> Target | None:
    """A target from a cell: a number, or a number and its unit, with or without a
    comparator (``39条``, ``100%``, ``≥85%``, ``不超过5处``, ``3万平方米``, ``65.2公里``).

    Returns ``None`` when the cell is not that shape (see :meth:`civledger.Target.parse`).

    Examples
    --------
    >>> str(parse_target("39条")), str(parse_target("１００％")), str(parse_target(13.2))
    ('39 条', '100 %', '13.2')
    >>> str(parse_target("≥85%")), str(parse_target("3万平方米")), str(parse_target("65.2公里"))
    ('≥85 %', '3 万平方米', '65.2 公里')
    >>> parse_target("全覆盖") is None
    True
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return Target(quantity=number) if math.isfinite(number) and number >= 0 else None
    text = cell_text(value)
    if text is None:
        return None
    try:
        target = Target.parse(text)
    except ValueError:
        return None
    return target if target.quantity >= 0 else None


def parse_amount(value: Any) -> tuple[float, str | None] | None:
    """An amount done from a cell: a number, or a number and its unit (``3,200㎡``).

    Examples
    --------
    >>> parse_amount("3,200㎡"), parse_amount(45), parse_amount("约一半")
    ((3200.0, '㎡'), (45.0, None), None)
    """
    found = parse_target(value)
    if found is None or found.comparator is not Comparator.EXACTLY:
        return None
    return found.quantity, found.unit


def parse_rate(value: Any) -> float | None:
    """A percentage from a cell: ``64%``, ``64`` or, from a cell formatted as a percentage,
    the fraction ``0.64`` (a number from 0 to 1 is read as a fraction); ``None`` when the cell
    is not a percentage from 0 to 100.

    Examples
    --------
    >>> parse_rate("64%"), parse_rate(0.64), parse_rate("55.1"), parse_rate("120%")
    (64.0, 64.0, 55.1, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and 0 <= value <= 1:
        percent = float(value) * 100
    else:
        found = parse_amount(value)
        if found is None or found[1] not in (None, "%"):
            return None
        percent = found[0]
    return round(percent, 9) if math.isfinite(percent) and 0 <= percent <= 100 else None
