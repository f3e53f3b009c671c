"""Places as the chains read them: their ids and names, and the territory that holds each."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from civledger.graph.tree import unit_tree
from civledger.model import Ledger, Place, Unit

__all__ = ["PlaceIndex", "place_index", "territorial"]


def territorial(unit: Unit) -> bool:
    """Whether a unit is territory (块) of the campaign: a territorial level, not an external body.

    Examples
    --------
    >>> from civledger import Level
    >>> territorial(Unit(id="sq", name="商丘市", level=Level.CITY, external=True))
    False
    """
    return unit.level.territorial and not unit.external


@attrs.frozen(kw_only=True, eq=False)
class PlaceIndex:
    """The places of a ledger by id and by name, with the territory that holds each.

    ``territory`` lists, for each place, the units it names that are territory of
    the tree (a department, a headquarters, an external body or an unknown id is
    left out: ORG007 and LDG008 report those).

    Examples
    --------
    >>> from civledger import Campaign, Ledger, Level, Place, PlaceKind, Unit
    >>> ledger = Ledger(campaign=Campaign(id="c", name="c"),
    ...     units=[Unit(id="zc", name="柘城县", level=Level.COUNTY),
    ...            Unit(id="zc-cg", name="县城管局", level=Level.DEPARTMENT, parent="zc")],
    ...     places=[Place(id="r-1", name="凯旋路", kind=PlaceKind.ROAD, units=["zc", "zc-cg"])])
    >>> index = place_index(ledger)
    >>> index.resolve("凯旋路"), index.territory["r-1"]
    ('r-1', ('zc',))
    """

    places: Mapping[str, Place]
    names: Mapping[str, tuple[str, ...]]
    territory: Mapping[str, tuple[str, ...]]

    def resolve(self, key: str | None) -> str | None:
        """The id of the place ``key`` names (an id, else one place's name or alias), if any."""
        if key is None:
            return None
        if key in self.places:
            return key
        ids = self.names.get(key.strip(), ())
        return ids[0] if len(ids) == 1 else None


def place_index(ledger: Ledger) -> PlaceIndex:
    """The places of a ledger, indexed (computed once per ledger)."""

    def build() -> PlaceIndex:
        places: dict[str, Place] = ledger.index("places")  # type: ignore[assignment]
        names: dict[str, list[str]] = {}
        for place in ledger.places:
            for name in (place.name, *place.aliases):
                ids = names.setdefault(name, [])
                if place.id not in ids:
                    ids.append(place.id)
        units = unit_tree(ledger).units if ledger.places else {}
        territory = {
            pid: tuple(
                dict.fromkeys(u for u in place.units if u in units and territorial(units[u]))
            )
            for pid, place in places.items()
        }
        return PlaceIndex(
            places=places,
            names={name: tuple(ids) for name, ids in names.items()},
            territory=territory,
        )

    return ledger.memo("place_index", build)
