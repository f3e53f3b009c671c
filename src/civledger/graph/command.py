"""The command structure as the chains read it: headquarters and the groups that supervise.

A campaign headquarters (创建指挥部, a unit of level ``headquarters``) commands the
territory of the unit it hangs under; its groups ("一办十组": groups whose ``hq``
names it) supervise the tasks that serve the standards and items they cover. Both
are computed once per ledger and looked up, never queried per task.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from civledger.model import Group, Ledger, Level

__all__ = ["CommandIndex", "command_index"]


@attrs.frozen(kw_only=True, eq=False)
class CommandIndex:
    """Headquarters by the unit they command, and the groups that cover each framework node.

    Attributes
    ----------
    hq_at
        For a unit, the headquarters hanging directly under it (which command its territory).
    groups
        The groups of a headquarters (``hq`` given), by id.
    covering
        For a framework node ``(framework, code)``, the groups whose ``standards``
        name it or a node above it, in ledger order.

    Examples
    --------
    >>> from civledger import Campaign, Framework, FrameworkNode, Group, Ledger, Level, Unit
    >>> ledger = Ledger(campaign=Campaign(id="c", name="c"),
    ...     frameworks=[Framework(id="w", name="w", nodes=[FrameworkNode(code="I", title="I"),
    ...                 FrameworkNode(code="I-1", title="I-1", parent="I")])],
    ...     units=[Unit(id="zc", name="柘城县", level=Level.COUNTY),
    ...            Unit(id="hq", name="指挥部", level=Level.HEADQUARTERS, parent="zc")],
    ...     groups=[Group(id="g", name="宣传组", hq="hq", standards=["w:I"])])
    >>> index = command_index(ledger)
    >>> index.hq_at["zc"], index.covering[("w", "I-1")]
    (('hq',), ('g',))
    """

    hq_at: Mapping[str, tuple[str, ...]]
    groups: Mapping[str, Group]
    covering: Mapping[tuple[str, str], tuple[str, ...]]

    def groups_for(self, ledger: Ledger, standards: tuple[str, ...]) -> tuple[str, ...]:
        """The groups that cover any of these standard references, in ledger order."""
        found: dict[str, None] = {}
        for ref in standards:
            for fw, node in ledger.resolve_standard(ref):
                for group in self.covering.get((fw, node.code), ()):
                    found[group] = None
        if len(found) > 1:
            order = list(self.groups)
            return tuple(sorted(found, key=order.index))
        return tuple(found)


def command_index(ledger: Ledger) -> CommandIndex:
    """The headquarters and groups of a ledger, indexed (computed once per ledger)."""

    def build() -> CommandIndex:
        hq_at: dict[str, list[str]] = {}
        for unit in ledger.units:
            if unit.level is Level.HEADQUARTERS and not unit.external and unit.parent:
                hq_at.setdefault(unit.parent, []).append(unit.id)
        groups: dict[str, Group] = {}
        for group in ledger.groups:
            if group.hq is not None:
                groups.setdefault(group.id, group)  # the first of duplicate ids, as the index
        direct: dict[tuple[str, str], list[str]] = {}
        for group in groups.values():
            for ref in group.standards:
                for fw_id, node in ledger.resolve_standard(ref):
                    direct.setdefault((fw_id, node.code), []).append(group.id)
        covering: dict[tuple[str, str], tuple[str, ...]] = {}
        for framework in ledger.frameworks if direct else ():
            parent = {n.code: n.parent for n in framework.nodes}
            for code in parent:
                found: dict[str, None] = {}
                current: str | None = code
                seen: set[str] = set()
                while current is not None and current not in seen:
                    seen.add(current)
                    for gid in direct.get((framework.id, current), ()):
                        found[gid] = None
                    current = parent.get(current)
                if found:
                    covering[(framework.id, code)] = tuple(found)
        return CommandIndex(
            hq_at={unit: tuple(ids) for unit, ids in hq_at.items()},
            groups=groups,
            covering=covering,
        )

    return ledger.memo("command_index", build)
