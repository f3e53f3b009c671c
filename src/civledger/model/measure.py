"""Measures (计量指标): a task's targets, the figures reported against them, baselines.

Campaigns are judged in quantities: 39 条 roads renovated, 1,004,000 ㎡ of illegal
structures removed, sewage treatment ``≥85%``. A :class:`Target` says what is to be
reached — a quantity, its unit, a comparator (at least, at most, exactly) and a
kind: an *amount* to get done (cumulative: 累计完成) or a *rate* to reach and hold
(its current value). A task's ``target`` is its primary measure; ``targets`` holds
further named measures ("22 个小区、92.1 万平方米"). Progress entries report the
figure of each measure as of that entry (:class:`Amount`); a :class:`Baseline`
is a figure known before the ledger starts (the 55.1% announced at the launch
meeting). What is done, the percent, the gap and whether a target is met are
derived (:mod:`civledger.journal.measures`), never typed.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

import attrs

from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum
from civledger.model.quantities import is_rate_unit

__all__ = ["Amount", "Baseline", "Comparator", "MeasureKind", "RollUp", "Target"]


class Comparator(LabeledEnum):
    """How a figure is compared with its target: at least, at most, or exactly.

    Written as a word or as the sign ledgers use: ``≥85%`` is at least 85%, ``≤5 处``
    at most 5, ``39 条`` (no sign) exactly 39.

    Examples
    --------
    >>> Comparator.parse("≥") is Comparator.AT_LEAST, Comparator.parse("不超过").value
    (True, 'at_most')
    """

    AT_LEAST = ("at_least", "不低于", "≥", ">=", "不少于", "至少", "以上")
    AT_MOST = ("at_most", "不高于", "≤", "<=", "不超过", "至多", "以内", "以下")
    EXACTLY = ("exactly", "等于", "=")

    @property
    def sign(self) -> str:
        """``≥``, ``≤``, or nothing for exactly (``39 条``)."""
        return {"at_least": "≥", "at_most": "≤"}.get(self.value, "")


class MeasureKind(LabeledEnum):
    """An amount to get done (cumulative: 累计完成), or a rate to reach and hold.

    Left out, a target in ``%`` (or ``‰``) is a rate and any other an amount.

    Examples
    --------
    >>> MeasureKind.parse("比率") is MeasureKind.RATE
    True
    """

    AMOUNT = ("amount", "完成量", "数量", "工作量")
    RATE = ("rate", "比率", "率", "达标率")


class RollUp(LabeledEnum):
    """How a parent task's measure is computed from its subtasks (汇总).

    ``sum`` adds the subtasks' figures of the same measure (street shares of a
    district target); ``count`` counts the subtasks signed off (39 roads as 39
    subtasks).

    Examples
    --------
    >>> RollUp.parse("汇总") is RollUp.SUM, RollUp.parse("计数") is RollUp.COUNT
    (True, True)
    """

    SUM = ("sum", "汇总", "合计", "求和")
    COUNT = ("count", "计数", "销号数")


def _finite_non_negative(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and (not math.isfinite(value) or value < 0):
        raise InvalidValueError(
            attribute.name,
            phrase(
                "{field} must be a finite number >= 0, not {value!r}",
                field=attribute.name,
                value=value,
            ),
        )


def _percent(_: object, attribute: attrs.Attribute[float | None], value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= 100):
        raise InvalidValueError(
            attribute.name,
            phrase("a percentage must lie between 0 and 100, not {value!r}", value=value),
        )


@attrs.frozen(kw_only=True)
class Baseline:
    """A figure known before the ledger starts: done as of a day, and who said so.

    ``value`` is the amount done (or a rate's value) at the end of ``as_of``, in
    ``unit`` (the target's unit when left out); ``percent`` a percentage stated
    then, kept as a stated figure. Journal entries after that day supersede it.

    Examples
    --------
    >>> b = Baseline(as_of=date(2026, 4, 10), percent=55.1, source="百日攻坚动员大会")
    >>> b.percent, b.value
    (55.1, None)
    """

    as_of: date
    value: float | None = attrs.field(default=None, validator=_finite_non_negative)
    percent: float | None = attrs.field(default=None, validator=_percent)
    unit: str | None = None
    source: str | None = None


@attrs.frozen(kw_only=True)
class Amount:
    """One measure's figure in a progress entry: the cumulative amount done as of the
    entry (累计完成), or a rate's current value.

    ``measure`` names the measure (``None``: the primary one); ``unit`` is the unit
    the figure is written in, when it is not the target's (``92.1`` ``万平方米``
    for a target in ``平方米``).

    Examples
    --------
    >>> Amount(measure="面积", value=92.1, unit="万平方米").value
    92.1
    """

    measure: str | None = None
    value: float = attrs.field(validator=_finite_non_negative)
    unit: str | None = None


def _check_quantity(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise InvalidValueError(
            attribute.name,
            phrase("a target quantity must be a finite number >= 0, not {value!r}", value=value),
        )


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SIGNS = (
    ("≥", Comparator.AT_LEAST),
    (">=", Comparator.AT_LEAST),
    ("不低于", Comparator.AT_LEAST),
    ("不少于", Comparator.AT_LEAST),
    ("不小于", Comparator.AT_LEAST),
    ("至少", Comparator.AT_LEAST),
    ("≤", Comparator.AT_MOST),
    ("<=", Comparator.AT_MOST),
    ("不超过", Comparator.AT_MOST),
    ("不高于", Comparator.AT_MOST),
    ("不大于", Comparator.AT_MOST),
    ("至多", Comparator.AT_MOST),
    ("控制在", Comparator.AT_MOST),
    ("=", Comparator.EXACTLY),
)
_SUFFIXES = (
    ("及以上", Comparator.AT_LEAST),
    ("以上", Comparator.AT_LEAST),
    ("及以下", Comparator.AT_MOST),
    ("以下", Comparator.AT_MOST),
    ("以内", Comparator.AT_MOST),
)
_NUMBER = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*(.*)", re.DOTALL)


@attrs.frozen(kw_only=True)
class Target:
    """A measure's target: ``39 条`` roads, ``≥85%`` sewage treatment, ``92.1 万平方米``.

    Parameters
    ----------
    quantity, unit
        How much, of what. The unit is kept as written (``万平方米`` is not turned
        into square metres); figures in other units of the same dimension are
        converted (:mod:`civledger.model.quantities`).
    comparator
        At least (``≥``), at most (``≤``) or exactly (the default: ``39 条``).
    kind
        ``amount`` (cumulative, 累计完成) or ``rate`` (a level reached and held);
        left out, ``%`` and ``‰`` make a rate and any other unit an amount.
    name
        The measure's name (``面积``); needed for the further measures of a task
        (``Task.targets``), optional for the primary one.
    baseline
        The figure known before the ledger starts.
    roll_up
        On a parent task: computed from its subtasks (``sum`` or ``count``)
        instead of its own entries.

    Examples
    --------
    >>> str(Target(quantity=39, unit="条"))
    '39 条'
    >>> t = Target.parse("≥85%")
    >>> t.comparator.value, t.measure_kind.value, str(t)
    ('at_least', 'rate', '≥85 %')
    >>> Target.parse("3万平方米").unit, Target.parse("65.2公里").quantity
    ('万平方米', 65.2)
    """

    quantity: float = attrs.field(validator=_check_quantity)
    unit: str | None = None
    comparator: Comparator = Comparator.EXACTLY
    kind: MeasureKind | None = None
    name: str | None = None
    baseline: Baseline | None = None
    roll_up: RollUp | None = None

    def __str__(self) -> str:
        q = self.quantity
        text = self.comparator.sign + (str(int(q)) if float(q).is_integer() else str(q))
        return f"{text} {self.unit}" if self.unit else text

    @property
    def measure_kind(self) -> MeasureKind:
        """The kind, as given or as the unit implies (``%`` a rate, anything else an amount)."""
        if self.kind is not None:
            return self.kind
        return MeasureKind.RATE if is_rate_unit(self.unit) else MeasureKind.AMOUNT

    @property
    def is_rate(self) -> bool:
        """Whether this is a rate to reach and hold (not an amount that accumulates)."""
        return self.measure_kind is MeasureKind.RATE

    def met(self, value: float) -> bool:
        """Whether ``value`` (in this target's unit) meets the target.

        A target is met once the figure reaches the quantity (at least, or exactly —
        going beyond an exact amount is a finding of its own, MSR003, not a miss; a rate
        written without a sign, ``100%``, is reached and held); an at-most target holds
        while the figure stays at or below it.

        Examples
        --------
        >>> Target.parse("≥85%").met(85), Target.parse("39条").met(38), Target.parse("≤5处").met(6)
        (True, False, False)
        """
        if self.comparator is Comparator.AT_MOST:
            return value <= self.quantity + _EPSILON * max(1.0, abs(self.quantity))
        return value >= self.quantity - _EPSILON * max(1.0, abs(self.quantity))

    def percent_of(self, value: float) -> float | None:
        """``value`` as a percentage of the quantity (over 100 as it is); ``None`` for an
        at-most target (a ceiling is held, not done) or a target of 0.

        Examples
        --------
        >>> round(Target.parse("5000 ㎡").percent_of(3200), 1), Target.parse("≤5处").percent_of(3)
        (64.0, None)
        """
        if self.comparator is Comparator.AT_MOST or self.quantity <= 0:
            return None
        return value / self.quantity * 100

    def gap(self, value: float) -> float:
        """How far ``value`` is from meeting the target, in its unit (0 once met).

        Examples
        --------
        >>> Target.parse("5000 ㎡").gap(3200), Target.parse("≤5处").gap(8)
        (1800.0, 3.0)
        """
        if self.comparator is Comparator.AT_MOST:
            return max(value - self.quantity, 0.0)
        return max(self.quantity - value, 0.0)

    @classmethod
    def parse(cls, text: str) -> Target:
        """A target from its text as ledgers write it: a comparator, a number, a unit.

        ``≥85%``, ``不低于85%``, ``85%以上``, ``≤5 处``, ``39 条``, ``3万平方米``,
        ``65.2公里``, ``1,004,000 ㎡``; full-width characters are read as half-width
        (``８５％`` is ``85%``).

        Raises
        ------
        ValueError
            When the text is not a number and a unit, with or without a comparator.

        Examples
        --------
        >>> t = Target.parse(" 不低于 ８５％ ")
        >>> (t.quantity, t.unit, t.comparator.value)
        (85.0, '%', 'at_least')
        >>> Target.parse("全覆盖")
        Traceback (most recent call last):
        ...
        ValueError: cannot read '全覆盖' as a target: write a number and its unit, such as ...
        """
        rest = text.translate(_HALF_WIDTH).strip()
        comparator = Comparator.EXACTLY
        for sign, found in _SIGNS:
            if rest.startswith(sign):
                comparator, rest = found, rest[len(sign) :].strip()
                break
        match = _NUMBER.fullmatch(rest)
        number = None
        if match is not None:
            try:
                number = float(match.group(1).replace(",", ""))
            except ValueError:
                number = None
        if match is None or number is None or not math.isfinite(number):
            raise ValueError(
                str(
                    phrase(
                        "cannot read {text!r} as a target: write a number and its unit, "
                        "such as 39条, ≥85% or 3万平方米",
                        text=text,
                    )
                )
            )
        unit = match.group(2).strip()
        for suffix, found in _SUFFIXES:
            if unit.endswith(suffix):
                comparator, unit = found, unit[: -len(suffix)].strip()
                break
        return cls(quantity=number, unit=unit or None, comparator=comparator)


_EPSILON = 1e-9
