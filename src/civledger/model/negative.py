"""The negative list (负面清单) and the incidents recorded against it."""

from __future__ import annotations

from datetime import date

import attrs

from civledger._fields import to_tuple

__all__ = ["Incident", "NegativeItem"]


@attrs.frozen(kw_only=True)
class NegativeItem:
    """An item of the negative list; a veto item (一票否决) disqualifies outright.

    ``frameworks`` names the titles whose negative list holds the item (the ids of
    their frameworks). Left out, the item belongs to the civilized-city titles
    (《全国文明城市创建动态管理措施》), or to every title of a ledger that has none.

    Examples
    --------
    >>> NegativeItem(id="N-01", area="安全生产", title="发生重大安全生产事故", veto=True).veto
    True
    """

    id: str
    area: str
    title: str
    veto: bool = False
    sanction: str | None = None
    deduction: float | None = None
    frameworks: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    note: str | None = None


@attrs.frozen(kw_only=True)
class Incident:
    """Something that happened on a negative-list item, on a date, in a unit.

    Examples
    --------
    >>> Incident(id="I-1", item="N-01", on=date(2026, 5, 3), unit="zc-ly").item
    'N-01'
    """

    id: str
    item: str
    on: date
    unit: str | None = None
    description: str | None = None
    confirmed: bool = True
