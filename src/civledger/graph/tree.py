"""The tree of units: parents, children, roots, ancestry, cycles — computed once per ledger."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import networkx as nx

from civledger.model import Ledger, Unit

__all__ = ["UnitTree", "unit_tree"]


@attrs.frozen(kw_only=True, eq=False)
class UnitTree:
    """The unit hierarchy of a ledger, derived from each unit's ``parent``.

    Attributes
    ----------
    graph
        A networkx ``DiGraph`` with an edge parent → child for every unit whose
        parent is a unit of the ledger (units are nodes, with their ``Unit`` as
        the ``unit`` attribute).
    root
        The main root: of the units without a parent, the highest-level one
        (a city before a county, a territorial unit before a department), then
        the one with the most units below it, then the first in the ledger.
    roots
        Every unit without a parent, main root first. External bodies (市文明办, the
        city's assessment team) stand outside the tree: they are never roots.
    ancestry
        For each unit: the unit, its parent, and so on up to the top of its
        tree (stopping before a unit repeats, when parents form a cycle).
    reachable
        The units whose ancestry ends at the main root.
    cycles
        Groups of units whose parents form a loop, each listed child → parent.

    Examples
    --------
    >>> from civledger import testing
    >>> tree = unit_tree(testing.small_ledger())
    >>> tree.root, tree.ancestry["zc-ly-xh-g1"]
    ('zc', ('zc-ly-xh-g1', 'zc-ly-xh', 'zc-ly', 'zc'))
    >>> tree.contains("zc-ly", "zc-ly-xh-g1"), tree.contains("zc-cg", "zc-ly")
    (True, False)
    """

    graph: nx.DiGraph
    units: Mapping[str, Unit]
    root: str | None
    roots: tuple[str, ...]
    ancestry: Mapping[str, tuple[str, ...]]
    reachable: frozenset[str]
    cycles: tuple[tuple[str, ...], ...]

    def parent(self, unit: str) -> str | None:
        """The parent of a unit, or ``None`` for a root or an unknown unit."""
        found = self.units.get(unit)
        return found.parent if found is not None else None

    def children(self, unit: str) -> list[str]:
        """The units directly below ``unit``, in ledger order."""
        return list(self.graph.successors(unit)) if unit in self.graph else []

    def contains(self, ancestor: str, unit: str) -> bool:
        """Whether ``unit`` is ``ancestor`` or lies below it."""
        return ancestor in self.ancestry.get(unit, ())

    def subtree(self, unit: str) -> set[str]:
        """``unit`` and every unit below it."""
        if unit not in self.graph:
            return set()
        return {unit} | set(nx.descendants(self.graph, unit))


def _build(ledger: Ledger) -> UnitTree:
    units: dict[str, Unit] = {}
    position: dict[str, int] = {}
    for i, unit in enumerate(ledger.units):
        if unit.id not in units:  # the first of duplicate ids, as the ledger's index
            units[unit.id] = unit
            position[unit.id] = i
    graph = nx.DiGraph()
    for unit in units.values():
        graph.add_node(unit.id, unit=unit)
    for unit in units.values():
        if unit.parent is not None and unit.parent in units:
            graph.add_edge(unit.parent, unit.id)

    roots = [u.id for u in units.values() if u.parent is None and not u.external]

    def rank(uid: str) -> tuple[int, int, int]:
        level_rank = units[uid].level.rank
        size = len(nx.descendants(graph, uid))
        return (level_rank if level_rank is not None else 9, -size, position[uid])

    roots.sort(key=rank)
    ancestry: dict[str, tuple[str, ...]] = {}
    for top in roots:
        ancestry[top] = (top,)
        for parent, child in nx.bfs_edges(graph, top):
            ancestry[child] = (child, *ancestry[parent])

    cycles: list[tuple[str, ...]] = []
    for uid in sorted(units, key=position.__getitem__):
        if uid in ancestry:
            continue
        trail: list[str] = []
        current: str | None = uid
        while current is not None and current in units and current not in ancestry:
            if current in trail:
                break
            trail.append(current)
            current = units[current].parent
        if current is not None and current in trail:
            start = trail.index(current)
            loop = tuple(trail[start:])
            cycles.append(loop)
            for k, node in enumerate(loop):
                ancestry[node] = loop[k:] + loop[:k]
            tail, remaining = ancestry[loop[0]], trail[:start]
        else:
            tail = ancestry.get(current, ()) if current is not None else ()
            remaining = trail
        for node in reversed(remaining):
            ancestry[node] = (node, *tail)
            tail = ancestry[node]

    main = roots[0] if roots else None
    reachable = frozenset(
        uid for uid, chain in ancestry.items() if main is not None and chain[-1] == main
    )
    return UnitTree(
        graph=graph,
        units=units,
        root=main,
        roots=tuple(roots),
        ancestry=ancestry,
        reachable=reachable,
        cycles=tuple(cycles),
    )


def unit_tree(ledger: Ledger) -> UnitTree:
    """The unit tree of a ledger (computed once, then kept with the ledger).

    Examples
    --------
    >>> from civledger import testing
    >>> unit_tree(testing.small_ledger()).children("zc")
    ['zc-ly', 'zc-cg']
    """
    return ledger.memo("unit_tree", lambda: _build(ledger))
