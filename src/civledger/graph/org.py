"""The organisation as a networkx graph: units, people, groups and how they are tied."""

from __future__ import annotations

import networkx as nx

from civledger.graph.places import place_index
from civledger.model import Ledger
from civledger.model.arguments import DayLike, as_ledger, as_optional_day

__all__ = ["org_graph"]


def org_graph(ledger: Ledger, as_of: DayLike | None = None) -> nx.MultiDiGraph:
    """A graph of the organisation, for analysis and drawing; tasks are not in it.

    Nodes are ``("unit", id)``, ``("person", id)``, ``("group", id)`` and
    ``("place", id)`` with a ``label`` (the Chinese name) and the entity under
    ``entity``. Edges:

    - unit → child unit, ``kind="contains"``;
    - person → unit (or group, or place, or the unit of a key project), ``kind="post"``,
      with ``post``, ``start``, ``end`` — only posts held on ``as_of`` when a date is given;
    - unit → unit it contracts (包联), ``kind="contracts"``;
    - group → lead unit (``kind="group_lead"``) and cooperating units (``kind="group_member"``);
    - headquarters → its group, ``kind="group_of"``;
    - place → each unit whose territory holds it, ``kind="lies_in"``.

    The graph is rebuilt on each call; change the ledger, not the graph.

    Examples
    --------
    >>> from civledger import testing
    >>> g = org_graph(testing.small_ledger())
    >>> g.nodes[("unit", "zc-ly")]["label"]
    '龙源街道'
    >>> edges = g.in_edges(("unit", "zc-ly"), data=True)
    >>> sorted(d["post"].label for _, _, d in edges if d["kind"] == "post")
    ['包挂领导', '第一责任人']
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    graph = nx.MultiDiGraph()
    places = place_index(ledger)
    for unit in ledger.units:
        graph.add_node(("unit", unit.id), label=unit.name, entity=unit)
    for person in ledger.people:
        graph.add_node(("person", person.id), label=person.name, entity=person)
    for spot in ledger.places:
        graph.add_node(("place", spot.id), label=spot.name, entity=spot)
        for unit_id in spot.units:
            graph.add_edge(("place", spot.id), ("unit", unit_id), kind="lies_in")
    for group in ledger.groups:
        graph.add_node(("group", group.id), label=group.name, entity=group)
        if group.hq is not None:
            graph.add_edge(("unit", group.hq), ("group", group.id), kind="group_of")
        if group.lead is not None:
            graph.add_edge(("group", group.id), ("unit", group.lead), kind="group_lead")
        for unit_id in group.cooperating:
            graph.add_edge(("group", group.id), ("unit", unit_id), kind="group_member")
    for unit in ledger.units:
        if unit.parent is not None:
            graph.add_edge(("unit", unit.parent), ("unit", unit.id), kind="contains")
    for a in ledger.appointments:
        if as_of is not None and not a.holds_on(as_of):
            continue
        place = places.resolve(a.place) if a.place is not None else None
        if a.group is not None:
            target = ("group", a.group)
        elif place is not None and a.task is None:
            target = ("place", place)
        elif a.unit is not None:
            target = ("unit", a.unit)
        else:
            continue
        graph.add_edge(
            ("person", a.person), target, kind="post", post=a.post, start=a.start, end=a.end
        )
    for c in ledger.contracts:
        if as_of is None or (
            (c.start is None or c.start <= as_of) and (c.end is None or as_of <= c.end)
        ):
            graph.add_edge(
                ("unit", c.unit), ("unit", c.target), kind="contracts", start=c.start, end=c.end
            )
    return graph
