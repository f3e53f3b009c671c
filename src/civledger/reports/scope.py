"""Where a task belongs: its place (属地), the units of a level, the standards it serves.

Reports count a task for the unit that holds its place: the unit it is
located in (``located_in``, 属地) when it names one, else its lead unit. A
task counts for that unit and every unit above it, so a street's figures
hold the problems found in its communities and grids. Everything here is
computed once per ledger (:meth:`~civledger.Ledger.memo`) and looked up per
task; no graph query runs per task.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from civledger.errors import InvalidValueError, UnknownIdError
from civledger.graph.tree import unit_tree
from civledger.i18n import Lazy, lazy, phrase
from civledger.model import Ledger, Level, Task, TaskKind, Unit
from civledger.model.arguments import as_text
from civledger.model.words import unknown_choice

__all__ = [
    "WHAT",
    "ancestor_at",
    "check_unit",
    "level_matches",
    "level_title",
    "levels_above",
    "parse_level",
    "parse_period",
    "place_of",
    "served_nodes",
    "standard_keys",
    "units_at",
]


def parse_level(level: Level | str) -> Level:
    """A level from its value or Chinese label; a clear error otherwise.

    Examples
    --------
    >>> parse_level("社区") is Level.COMMUNITY
    True
    """
    try:
        return Level.parse(level)
    except ValueError:
        raise InvalidValueError("level", unknown_choice(Level, level)) from None


def level_matches(unit: Level, wanted: Level) -> bool:
    """Whether a unit of level ``unit`` counts at level ``wanted``.

    Territorial levels match by rank: a town (镇) counts as a street, a village
    (村) as a community, a district as a county. Departments match departments.

    Examples
    --------
    >>> level_matches(Level.TOWN, Level.STREET), level_matches(Level.GRID, Level.STREET)
    (True, False)
    """
    if wanted.rank is None or unit.rank is None:
        return unit is wanted
    return unit.rank == wanted.rank


def units_at(ledger: Ledger, level: Level | str) -> list[Unit]:
    """The units of a level (a street level holds towns too), in ledger order; never an
    external body.

    Examples
    --------
    >>> from civledger import testing
    >>> [u.id for u in units_at(testing.small_ledger(), "street")]
    ['zc-ly']
    """
    wanted = parse_level(level)
    # External bodies (the city's office) stand outside the campaign: never ranked nor counted.
    return [
        u
        for u in unit_tree(ledger).units.values()
        if level_matches(u.level, wanted) and not u.external
    ]


def place_of(task: Task) -> str | None:
    """The unit that holds a task: where it is located (属地), else its lead unit.

    Examples
    --------
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> place_of(ledger.task("P-001")), place_of(ledger.task("T-001"))
    ('zc-ly-xh-g1', 'zc-ly')
    """
    return task.located_in or task.lead


def ancestor_at(ledger: Ledger, unit: str | None, level: Level | str) -> str | None:
    """The unit at ``level`` that holds ``unit`` (itself, or the nearest above it), if any.

    Examples
    --------
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> ancestor_at(ledger, "zc-ly-xh-g1", "street"), ancestor_at(ledger, "zc-cg", "street")
    ('zc-ly', None)
    """
    if unit is None:
        return None
    wanted = level if isinstance(level, Level) else parse_level(level)
    holders = levels_above(ledger).get(unit)
    if holders is None:
        return None
    return holders.get(_LEVEL_KEYS[wanted])


_LEVEL_KEYS: dict[Level, int | Level] = {
    level: level.rank if level.rank is not None else level for level in Level
}
"""How :func:`levels_above` keys a level: its rank, or itself when it has none (asked per task,
so looked up rather than worked out)."""


def levels_above(ledger: Ledger) -> Mapping[str, Mapping[int | Level, str]]:
    """For each unit, the nearest unit at each level that holds it (itself included): keyed
    by rank for territorial levels (a town is a street), by level for departments and
    headquarters. Computed once per ledger, so that a report asks per task without walking
    the tree.

    Examples
    --------
    >>> from civledger import testing
    >>> above = levels_above(testing.small_ledger())["zc-ly-xh-g1"]
    >>> above[Level.STREET.rank], above[Level.COUNTY.rank]
    ('zc-ly', 'zc')
    """

    def build() -> dict[str, dict[int | Level, str]]:
        tree = unit_tree(ledger)
        out: dict[str, dict[int | Level, str]] = {}
        for uid, chain in tree.ancestry.items():
            found: dict[int | Level, str] = {}
            for holder in chain:
                found.setdefault(_LEVEL_KEYS[tree.units[holder].level], holder)
            out[uid] = found
        return out

    return ledger.memo("reports.levels_above", build)


def check_unit(ledger: Ledger, unit: str) -> str:
    """The id of the unit ``unit`` names (an id, a name or an alias).

    Raises
    ------
    UnknownIdError
        When no unit has that id, name or alias (an :class:`~civledger.errors.AmbiguousNameError`
        when several have that name).

    Examples
    --------
    >>> from civledger import testing
    >>> check_unit(testing.small_ledger(), "zc-ly"), check_unit(testing.small_ledger(), "龙源街道")
    ('zc-ly', 'zc-ly')
    >>> check_unit(testing.small_ledger(), "zc-xx")
    Traceback (most recent call last):
    ...
    civledger.errors.UnknownIdError: the ledger has no units entry with id zc-xx
    """
    return ledger.find_unit(as_text(unit, "under")).id


def standard_keys(ledger: Ledger, ref: str) -> frozenset[tuple[str, str]]:
    """The (framework, code) keys a standard reference names (a bare code may name several).

    Raises
    ------
    UnknownIdError
        When no framework node has that reference.

    Examples
    --------
    >>> from civledger import testing
    >>> sorted(standard_keys(testing.small_ledger(), "I-1"))
    [('wmcs', 'I-1')]
    """
    found = ledger.resolve_standard(ref)
    if not found:
        raise UnknownIdError("framework nodes", ref)
    return frozenset((fw, node.code) for fw, node in found)


def _ancestors(ledger: Ledger) -> Mapping[tuple[str, str], tuple[tuple[str, str], ...]]:
    def build() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
        out: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        for fw in ledger.frameworks:
            parent = {n.code: n.parent for n in fw.nodes}
            for code in parent:
                chain: list[tuple[str, str]] = []
                current: str | None = code
                while current is not None and (fw.id, current) not in chain:
                    chain.append((fw.id, current))
                    current = parent.get(current)
                out[(fw.id, code)] = tuple(chain)
        return out

    return ledger.memo("reports.node_ancestors", build)


def served_nodes(ledger: Ledger) -> Mapping[str, frozenset[tuple[str, str]]]:
    """For each task id, the framework nodes it serves: its standards and every node above.

    Examples
    --------
    >>> from civledger import testing
    >>> sorted(served_nodes(testing.small_ledger())["T-001"])
    [('wmcs', 'I'), ('wmcs', 'I-1'), ('wmcs', 'I-1-1')]
    """

    def build() -> dict[str, frozenset[tuple[str, str]]]:
        above = _ancestors(ledger)
        out: dict[str, frozenset[tuple[str, str]]] = {}
        cache: dict[str, frozenset[tuple[str, str]]] = {}
        for task in ledger.tasks:
            keys: set[tuple[str, str]] = set()
            for ref in task.standards:
                found = cache.get(ref)
                if found is None:
                    nodes: set[tuple[str, str]] = set()
                    for fw, node in ledger.resolve_standard(ref):
                        nodes.update(above.get((fw, node.code), ((fw, node.code),)))
                    found = cache[ref] = frozenset(nodes)
                keys.update(found)
            out.setdefault(task.id, frozenset(keys))
        return out

    return ledger.memo("reports.served_nodes", build)


def parse_period(period: str) -> tuple[date, date]:
    """A month written ``YYYY-MM`` as its first and last day.

    Raises
    ------
    InvalidValueError
        When the text is not a month such as ``2026-05``.

    Examples
    --------
    >>> parse_period("2026-02")
    (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    """
    try:
        year_text, month_text = period.split("-")
        if len(year_text) != 4 or len(month_text) != 2:
            raise ValueError(period)
        first = date(int(year_text), int(month_text), 1)
    except ValueError:
        raise InvalidValueError(
            "period",
            phrase("{period!r} is not a month written YYYY-MM, such as 2026-05", period=period),
        ) from None
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


_LEVEL_TITLES = {
    0: lazy("cities"),
    1: lazy("counties (districts)"),
    2: lazy("streets (towns)"),
    3: lazy("communities (villages)"),
    4: lazy("grids"),
}
_DEPARTMENTS = lazy("departments")

WHAT: Mapping[TaskKind | None, Lazy] = {
    None: lazy("tasks and problems"),
    TaskKind.TASK: lazy("tasks"),
    TaskKind.PROBLEM: lazy("problems"),
}
"""How a report's title names what it counts: tasks, problems, or both (``None``)."""


def level_title(level: Level) -> Lazy:
    """How a heading names the units of a level: ``街道（镇）`` for streets and towns.

    A :func:`~civledger.i18n.lazy` message, shown in the language of the moment.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> with use_language("zh"):
    ...     f"{level_title(Level.TOWN)} {level_title(Level.DEPARTMENT)}"
    '街道（镇） 部门'
    """
    if level.rank is None:
        return _DEPARTMENTS
    return _LEVEL_TITLES[level.rank]
