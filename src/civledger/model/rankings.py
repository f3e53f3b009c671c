"""How a campaign publishes its rankings: who is commended (通报表扬), who criticised (通报批评)."""

from __future__ import annotations

import math

import attrs

from civledger.errors import InvalidValueError
from civledger.model.org import Level

__all__ = ["RankingPolicy"]


def _check_count(_: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and value < 0:
        raise InvalidValueError(attribute.name, f"a number of places must be >= 0, not {value!r}")


def _check_score(_: object, attribute: attrs.Attribute[float | None], value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise InvalidValueError(attribute.name, f"a score must be a finite number, not {value!r}")


@attrs.frozen(kw_only=True)
class RankingPolicy:
    """How the ranking of one level is published: commendation, criticism, rewards.

    A level without a policy has the defaults: the first 10 places commended for
    streets (towns count as streets), 30 for communities (villages count as
    communities), 10 for other levels, and nobody criticised — criticism is a
    setting, not a given.

    Parameters
    ----------
    level
        The level ranked (街道 for streets and towns, 社区 for communities and villages).
    commend
        The first N places are commended (通报表扬); units tied on the Nth place all are.
        ``0`` commends nobody. Left out: the level's default.
    commend_from
        Only units scoring at least this are commended.
    criticise
        The last N places are criticised (通报批评); units tied on a place share it.
        Left out: nobody is, unless ``criticise_below`` is given.
    criticise_below
        Only units scoring below this are criticised; alone, every unit below it is.
    reward
        What the commended receive (奖励), as the campaign's notice says it.
    review
        Whether the results count in the year-end performance review (计入年终考核).
    by
        Id of the unit that publishes the ranking (the campaign office, or the city's
        office as an external body).

    Examples
    --------
    >>> p = RankingPolicy(level=Level.STREET, commend=10, criticise_below=80)
    >>> p.commend, p.criticise, p.criticise_below
    (10, None, 80)
    >>> RankingPolicy(level=Level.STREET, commend=-1)
    Traceback (most recent call last):
    ...
    civledger.errors.InvalidValueError: a number of places must be >= 0, not -1
    """

    level: Level
    commend: int | None = attrs.field(default=None, validator=_check_count)
    commend_from: float | None = attrs.field(default=None, validator=_check_score)
    criticise: int | None = attrs.field(default=None, validator=_check_count)
    criticise_below: float | None = attrs.field(default=None, validator=_check_score)
    reward: str | None = None
    review: bool = False
    by: str | None = None
    note: str | None = None
