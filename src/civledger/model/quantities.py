"""Units of measure (计量单位) as ledgers write them: which can be compared, and how.

Targets and amounts keep their unit as written (``万平方米`` stays ``万平方米``); to
add or compare two figures civledger reads each unit as a *dimension* and a
*factor* to that dimension's base: ``万平方米`` is area, 10,000 square metres;
``公里`` is length, 1,000 metres; ``%`` is a rate, in percentage points. Units of
counting (条, 个, 处, 块…) are each a dimension of their own: 39 roads and 22
compounds do not add up. A leading ``万``, ``亿``, ``千`` or ``百万`` multiplies any
unit (``万个``, ``万户``). Two units compare when their dimensions are the same.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from typing import NamedTuple

__all__ = ["RATE", "Scale", "comparable", "convert", "format_amount", "is_rate_unit", "scale_of"]

RATE = "rate"
"""The dimension of rates (``%``, ``‰``), in percentage points."""

_AREA, _LENGTH, _MASS, _VOLUME = "area", "length", "mass", "volume"

# Keys are folded as :func:`_fold` folds a unit (NFKC, lower case, no spaces): ``㎡``
# and ``m²`` fold to ``m2``.
_KNOWN: dict[str, tuple[str, float]] = {
    # area, in square metres
    "m2": (_AREA, 1.0),
    "m^2": (_AREA, 1.0),
    "平方米": (_AREA, 1.0),
    "平米": (_AREA, 1.0),
    "平方": (_AREA, 1.0),
    "km2": (_AREA, 1e6),
    "平方公里": (_AREA, 1e6),
    "平方千米": (_AREA, 1e6),
    "公顷": (_AREA, 1e4),
    "ha": (_AREA, 1e4),
    "亩": (_AREA, 10_000 / 15),
    # length, in metres
    "m": (_LENGTH, 1.0),
    "米": (_LENGTH, 1.0),
    "延米": (_LENGTH, 1.0),
    "延长米": (_LENGTH, 1.0),
    "km": (_LENGTH, 1000.0),
    "公里": (_LENGTH, 1000.0),
    "千米": (_LENGTH, 1000.0),
    # mass, in kilograms
    "kg": (_MASS, 1.0),
    "公斤": (_MASS, 1.0),
    "千克": (_MASS, 1.0),
    "斤": (_MASS, 0.5),
    "t": (_MASS, 1000.0),
    "吨": (_MASS, 1000.0),
    # volume, in cubic metres
    "m3": (_VOLUME, 1.0),
    "立方米": (_VOLUME, 1.0),
    "方": (_VOLUME, 1.0),
    # rates, in percentage points
    "%": (RATE, 1.0),
    "百分比": (RATE, 1.0),
    "百分点": (RATE, 1.0),
    "‰": (RATE, 0.1),
}
_PREFIXES: tuple[tuple[str, float], ...] = (("百万", 1e6), ("亿", 1e8), ("万", 1e4), ("千", 1e3))


class Scale(NamedTuple):
    """What a unit of measure is: its dimension, and how many base units one of it holds.

    Examples
    --------
    >>> scale_of("万平方米")
    Scale(dimension='area', factor=10000.0)
    >>> scale_of("条").dimension, scale_of(None).dimension
    ('count:条', '')
    """

    dimension: str
    factor: float


def _fold(unit: str) -> str:
    return "".join(unicodedata.normalize("NFKC", unit).lower().split())


@functools.lru_cache(maxsize=1024)
def scale_of(unit: str | None) -> Scale:
    """The dimension and factor of a unit of measure as written (``None``: a bare number).

    Examples
    --------
    >>> scale_of("公里"), scale_of("km")
    (Scale(dimension='length', factor=1000.0), Scale(dimension='length', factor=1000.0))
    >>> scale_of("㎡") == scale_of("平方米") == scale_of("m²")
    True
    >>> scale_of("万个")
    Scale(dimension='count:个', factor=10000.0)
    """
    if unit is None:
        return Scale("", 1.0)
    key = _fold(unit)
    if not key:
        return Scale("", 1.0)
    if key in _KNOWN:
        return Scale(*_KNOWN[key])
    for prefix, factor in _PREFIXES:
        rest = key[len(prefix) :]
        if key.startswith(prefix) and rest:
            inner = scale_of(rest)
            return Scale(inner.dimension, inner.factor * factor)
    return Scale(f"count:{key}", 1.0)


def comparable(a: str | None, b: str | None) -> bool:
    """Whether figures in units ``a`` and ``b`` can be compared or added.

    Examples
    --------
    >>> comparable("万平方米", "㎡"), comparable("㎡", "公里"), comparable("条", "个")
    (True, False, False)
    """
    return scale_of(a).dimension == scale_of(b).dimension


def convert(value: float, unit: str | None, to: str | None) -> float | None:
    """``value`` written in ``unit`` expressed in ``to``; ``None`` when they do not compare.

    Examples
    --------
    >>> convert(92.1, "万平方米", "平方米")
    921000.0
    >>> convert(3.2, "km", "公里"), convert(5, "㎡", "公里")
    (3.2, None)
    """
    if unit == to:
        return value
    source, target = scale_of(unit), scale_of(to)
    if source.dimension != target.dimension:
        return None
    if source.factor == target.factor:
        return value
    result = value * source.factor / target.factor
    rounded = round(result, 9)
    return rounded if math.isclose(result, rounded, rel_tol=1e-12, abs_tol=1e-12) else result


def is_rate_unit(unit: str | None) -> bool:
    """Whether a unit is a rate (``%``, ``％``, ``‰``, ``百分比``).

    Examples
    --------
    >>> is_rate_unit("％"), is_rate_unit("条"), is_rate_unit(None)
    (True, False, False)
    """
    return scale_of(unit).dimension == RATE


def format_amount(value: float) -> str:
    """A figure as offices write it: thousands grouped, no needless decimals.

    Examples
    --------
    >>> format_amount(3200.0), format_amount(1004000), format_amount(65.2), format_amount(0.125)
    ('3,200', '1,004,000', '65.2', '0.12')
    """
    if float(value).is_integer() and abs(value) < 2**53:
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"
