"""ORG: the hierarchy of units — one root, no cycles, levels in order, no orphans."""

from __future__ import annotations

from collections.abc import Iterator

from civledger.checks.context import Context
from civledger.checks.registry import rule
from civledger.findings import Issue, Rule, Severity
from civledger.graph.tree import unit_tree
from civledger.i18n import N_, Phrase, nphrase, phrase
from civledger.labels import normalize_label
from civledger.model import Ledger, Level

__all__ = ["RULES"]


def _where(ledger: Ledger, unit: str) -> int:
    return ledger.position("units", unit) or 0


@rule(
    "ORG001",
    "one-root",
    title=N_("More than one unit without a parent, or none"),
    message="{problem}",
    hint="{fix}",
    description=N_(
        "A ledger's units form one tree: exactly one unit (the county, district or city) "
        "has no parent. Line departments hang under the county or city."
    ),
)
def one_root(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    tree = unit_tree(ledger)
    if ledger.units and not tree.roots:
        yield ctx.issue(
            "units",
            problem=phrase("every unit has a parent, so none is the root"),
            fix=phrase("leave out the parent of the county (or city) at the top"),
        )
    for extra in tree.roots[1:]:
        below = len(tree.subtree(extra)) - 1
        yield ctx.issue(
            "units",
            _where(ledger, extra),
            "parent",
            subjects=[extra],
            problem=(
                nphrase(
                    "unit {unit} has no parent, but {root} is already the root "
                    "({n} unit below {unit} cut off)",
                    "unit {unit} has no parent, but {root} is already the root "
                    "({n} units below {unit} cut off)",
                    below,
                    unit=extra,
                    root=tree.root,
                )
                if below
                else phrase(
                    "unit {unit} has no parent, but {root} is already the root",
                    unit=extra,
                    root=tree.root,
                )
            ),
            fix=phrase(
                "give {unit} its parent (probably {root} or a unit below it)",
                unit=extra,
                root=tree.root,
            ),
        )


@rule(
    "ORG002",
    "unit-cycle",
    title=N_("Units that are their own ancestors"),
    message="{cycle}",
    hint=N_("each unit's parent must sit above it; break the loop by correcting one parent"),
    description=N_("Following ``parent`` from any unit must reach the root, not come back."),
)
def unit_cycle(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for loop in unit_tree(ledger).cycles:
        first = min(loop, key=lambda u: _where(ledger, u))
        yield ctx.issue(
            "units",
            _where(ledger, first),
            "parent",
            subjects=loop,
            cycle=(
                phrase("unit {unit} is its own parent", unit=loop[0])
                if len(loop) == 1
                else phrase(
                    "units {cycle} are each other's parents", cycle=" → ".join([*loop, loop[0]])
                )
            ),
        )


def _allowed(child: Level, parent: Level) -> bool:
    if child is Level.DEPARTMENT:
        return parent is Level.DEPARTMENT or (parent.rank is not None and parent.rank <= 1)
    if parent is Level.DEPARTMENT or child.rank is None or parent.rank is None:
        return False
    return child.rank > parent.rank


@rule(
    "ORG003",
    "level-order",
    title=N_("A unit under a unit of the same or a lower level"),
    message=N_("{unit} ({level}) cannot sit under {parent} ({parent_level})"),
    hint=N_(
        "levels run 市 > 县/区 > 街道/镇 > 社区/村 > 网格; departments sit under a county or city"
    ),
    description=N_(
        "Territorial levels run city > county/district > street/town > community/village > "
        "grid; a line department sits under a county, a district, a city or another "
        "department."
    ),
)
def level_order(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    units = ledger.index("units")
    for i, unit in enumerate(ledger.units):
        parent = units.get(unit.parent) if unit.parent is not None else None
        if parent is not None and not _allowed(unit.level, parent.level):
            yield ctx.issue(
                "units",
                i,
                "level",
                subjects=[unit.id],
                unit=unit.id,
                level=unit.level,
                parent=parent.id,
                parent_level=parent.level,
            )


@rule(
    "ORG004",
    "skipped-level",
    title=N_("A territorial level skipped between a unit and its parent"),
    message=N_("{unit} ({level}) sits directly under {parent} ({parent_level}), skipping a level"),
    hint=N_("put it under a unit of the level between, or correct its level"),
    severity=Severity.WARNING,
    description=N_(
        "The four-level chain 县—街道—社区—网格 has no gaps: a grid sits in a community, a "
        "community in a street."
    ),
)
def skipped_level(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    units = ledger.index("units")
    for i, unit in enumerate(ledger.units):
        parent = units.get(unit.parent) if unit.parent is not None else None
        if parent is None or unit.level.rank is None or parent.level.rank is None:
            continue
        if unit.level.rank > parent.level.rank + 1:
            yield ctx.issue(
                "units",
                i,
                "parent",
                subjects=[unit.id],
                unit=unit.id,
                level=unit.level,
                parent=parent.id,
                parent_level=parent.level,
            )


@rule(
    "ORG005",
    "unreachable-unit",
    title=N_("Units that cannot be reached from the root"),
    message=N_("{unit} cannot be reached from the root {root}: {why}"),
    hint="{fix}",
    description=N_(
        "Every unit must be reached from the root through parents: a unit whose parent is "
        "not in the ledger, or that hangs below a loop of parents, is reported once at the "
        "top of the part that is cut off (a second root is ORG001, the loop itself ORG002)."
    ),
)
def unreachable_unit(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    tree = unit_tree(ledger)
    if tree.root is None:
        return
    in_cycles = {u for loop in tree.cycles for u in loop}
    units = tree.units
    for i, unit in enumerate(ledger.units):
        if unit.id in tree.reachable or unit.id in in_cycles or units.get(unit.id) is not unit:
            continue
        parent = unit.parent
        if parent is None:
            continue  # another root: ORG001
        if parent not in units:
            why, fix = (
                phrase("its parent {parent} is not a unit of the ledger", parent=parent),
                phrase("correct the parent of {unit}", unit=unit.id),
            )
        elif parent in in_cycles:
            why = phrase("its parent {parent} is in a loop of parents", parent=parent)
            fix = phrase("break the loop (ORG002)")
        else:
            continue  # below another cut-off unit, which is reported
        yield ctx.issue(
            "units",
            i,
            "parent",
            subjects=[unit.id],
            unit=_with_below(unit.id, len(tree.subtree(unit.id)) - 1),
            root=tree.root,
            why=why,
            fix=fix,
        )


@rule(
    "ORG006",
    "duplicate-name",
    title=N_("Two units with the same name under one parent"),
    message=N_("two units under {parent} are named {name}: {first} and {unit}"),
    hint=N_("rename one (spreadsheet imports match units by name under their parent)"),
    description=N_(
        "Units are matched by name when spreadsheets are imported; two units with one name "
        "under the same parent cannot be told apart. Names are compared ignoring width and "
        "spaces."
    ),
)
def duplicate_name(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    seen: dict[tuple[str | None, str], str] = {}
    for i, unit in enumerate(ledger.units):
        key = (unit.parent, normalize_label(unit.name))
        first = seen.setdefault(key, unit.id)
        if first != unit.id:
            yield ctx.issue(
                "units",
                i,
                "name",
                subjects=[first, unit.id],
                parent=unit.parent or phrase("the top"),
                name=unit.name,
                first=first,
                unit=unit.id,
            )


def _with_below(unit: str, count: int) -> str | Phrase:
    if not count:
        return unit
    return nphrase(
        "{unit} and the {n} unit below it", "{unit} and the {n} units below it", count, unit=unit
    )


RULES: tuple[Rule, ...] = (
    one_root,
    unit_cycle,
    level_order,
    skipped_level,
    unreachable_unit,
    duplicate_name,
)
