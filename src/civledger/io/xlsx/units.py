"""Matching the names a spreadsheet writes to the ledger's units and people.

A cell says ``龙源办事处``, ``龙源街道办事处``, ``龙源街道 `` or ``ＸＸ街道``; the ledger
has one unit, 龙源街道, with its aliases. Names are compared after
:func:`~civledger.labels.normalize_label` (width, case, spaces). A name that
matches no unit's name or alias exactly is compared again by its core: without
a leading county name or ``县``, and without a common suffix (街道办事处,
办事处, 人民政府, 居委会…). A name that matches several units is ambiguous and
never guessed. ``name（id）`` picks a unit by its id (the export writes names
so when two units share one).

Offices also write names that are not one unit's. ``各街道`` and ``各社区`` stand
for every unit of that level, with the office's suffix too (``各街道办事处``,
``各社区居委会``, ``各乡镇人民政府``), and ``各委办局`` or ``各部门`` for every line
department: such a name is *collective*. ``社区居委会``, ``街道办事处``, ``属地社区``
name the committee of the row's own place without saying which: such a name is
*generic*, and its match lists every unit of the level, for the importer to
settle by the row's territory (:mod:`civledger.io.xlsx.importer`). A unit whose
own name or alias is such a word is that unit.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from civledger.labels import normalize_label
from civledger.model import Ledger, Level, Unit

__all__ = [
    "COLLECTIVE",
    "GENERIC",
    "Match",
    "NameMatcher",
    "person_matcher",
    "split_names",
    "unit_matcher",
]

_SUFFIXES = sorted(
    "街道办事处 街道办 办事处 人民政府 政府 居民委员会 居委会 村民委员会 村委会 党工委 "
    "街道 社区 镇 乡".split(),
    key=len,
    reverse=True,
)
_SEPARATORS = re.compile(r"[、,，;；/\n\r]+")
_BRACKETED = re.compile(r"^(.*?)\s*[（(]([^（）()]*)[）)]\s*$")
_STREETS = (Level.STREET, Level.TOWN)
COLLECTIVE: dict[str, tuple[Level, ...]] = {
    "各街道": _STREETS,
    "各街道(镇)": _STREETS,
    "各街镇": _STREETS,
    "各乡镇": (Level.TOWN,),
    "各镇": (Level.TOWN,),
    "各社区": (Level.COMMUNITY,),
    "各居委会": (Level.COMMUNITY,),
    "各社区(村)": (Level.COMMUNITY, Level.VILLAGE),
    "各村": (Level.VILLAGE,),
    "各村委会": (Level.VILLAGE,),
    "各网格": (Level.GRID,),
    "各委办局": (Level.DEPARTMENT,),
    "各部门": (Level.DEPARTMENT,),
    "各职能部门": (Level.DEPARTMENT,),
    "各县直部门": (Level.DEPARTMENT,),
    "县直各部门": (Level.DEPARTMENT,),
    "各县直单位": (Level.DEPARTMENT,),
}
"""Names that stand for every unit of some levels; the office's suffix may follow
(:data:`OFFICE_SUFFIXES`): ``各街道办事处`` is ``各街道``."""

OFFICE_SUFFIXES = ("办事处", "人民政府", "政府", "居民委员会", "居委会", "村民委员会", "村委会")
"""What follows a place's name when the office is meant (龙源街道办事处, 各社区居委会)."""

GENERIC: dict[str, tuple[Level, ...]] = {
    **dict.fromkeys(
        "社区居委会 社区居民委员会 居委会 居民委员会 社区 所在社区 属地社区 辖区社区".split(),
        (Level.COMMUNITY,),
    ),
    **dict.fromkeys("村委会 村民委员会 村 所在村 属地村".split(), (Level.VILLAGE,)),
    **dict.fromkeys(
        "社区(村) 村(社区) 村居 村(居)委会 所在社区(村) 属地社区(村)".split(),
        (Level.COMMUNITY, Level.VILLAGE),
    ),
    **dict.fromkeys("街道办事处 街道办 街道 办事处".split(), (Level.STREET,)),
    **dict.fromkeys("乡镇政府 乡镇人民政府 镇政府 镇人民政府 乡镇 镇 乡".split(), (Level.TOWN,)),
    **dict.fromkeys(
        "街道(镇) 街镇 所在街道 属地街道 辖区街道 所在乡镇 属地乡镇 所在街道(镇) 属地街道(镇)"
        "".split(),
        _STREETS,
    ),
    **dict.fromkeys("网格 所在网格 属地网格".split(), (Level.GRID,)),
}
"""Names of a committee or office that do not say whose (社区居委会): the one of the row's
territory is meant."""


def split_names(text: str) -> list[str]:
    """The names in a cell that lists several: ``县城管局、龙源街道`` -> two names.

    Examples
    --------
    >>> split_names("县城管局、龙源街道；浦东街道\\n城关镇")
    ['县城管局', '龙源街道', '浦东街道', '城关镇']
    """
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


@attrs.frozen(kw_only=True)
class Match:
    """What a name matched: the ids found (one, several when ambiguous, none), and close names.

    ``collective`` is true when the name stood for every unit of a level (各街道);
    ``generic`` when it named a committee without saying whose (社区居委会), ``ids``
    then being every unit it could be.
    """

    name: str
    ids: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    collective: bool = False
    generic: bool = False

    @property
    def found(self) -> str | None:
        """The one id matched, if exactly one was."""
        if self.collective or self.generic:
            return None
        return self.ids[0] if len(self.ids) == 1 else None


class NameMatcher:
    """Names to ids, for one kind of entity: exact names and aliases first, then cores.

    Examples
    --------
    >>> from civledger import testing
    >>> units = unit_matcher(testing.small_ledger())
    >>> units.match("龙源街道办事处").found, units.match("ｚｃ-ly").found
    ('zc-ly', None)
    >>> units.match("龙源街道（zc-ly）").found
    'zc-ly'
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, str, Sequence[str]]],
        *,
        prefixes: Sequence[str] = (),
        cores: bool = True,
        groups: dict[str, tuple[str, ...]] | None = None,
        generics: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._prefixes = sorted({normalize_label(p) for p in prefixes if p}, key=len, reverse=True)
        self._cores = cores
        self._exact: dict[str, list[str]] = {}
        self._core: dict[str, list[str]] = {}
        self._names: dict[str, str] = {}
        self._ids: set[str] = set()
        self._groups = groups or {}
        self._generics = generics or {}
        self._cache: dict[str, Match] = {}
        for id, name, aliases in entries:
            self._ids.add(id)
            self._names.setdefault(id, name)
            for text in (name, *aliases):
                key = normalize_label(text)
                _add(self._exact, key, id)
                if cores:
                    _add(self._core, self._core_of(key), id)

    def _core_of(self, key: str) -> str:
        for prefix in self._prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
                break
        stripped = True
        while stripped:  # 城关镇人民政府 -> 城关镇 -> 城关
            stripped = False
            for suffix in _SUFFIXES:
                if key.endswith(suffix) and len(key) > len(suffix):
                    key = key[: -len(suffix)]
                    stripped = True
                    break
        return key

    def name_of(self, id: str) -> str:
        """The name of an id (the id itself when unknown)."""
        return self._names.get(id, id)

    def match(self, text: str) -> Match:
        """Match one name (see the module)."""
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._match(text)
        return found

    def _match(self, text: str) -> Match:
        name = text.strip()
        key = normalize_label(name)
        group = self._group(key)
        if group is not None:
            return Match(name=name, ids=group, collective=True)
        bracketed = _BRACKETED.match(name)
        if bracketed is not None:
            inner = bracketed.group(2).strip()
            if inner in self._ids:
                return Match(name=name, ids=(inner,))
        exact = self._exact.get(key)
        if not exact and key in self._generics:
            return Match(name=name, ids=self._generics[key], generic=True)
        ids = self._lookup(key)
        if not ids and bracketed is not None and bracketed.group(1).strip():
            ids = self._lookup(normalize_label(bracketed.group(1)))
        if ids:
            return Match(name=name, ids=tuple(ids))
        names = {normalize_label(n): n for n in self._names.values()}
        close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.5)
        return Match(name=name, close=tuple(names[c] for c in close))

    def _group(self, key: str) -> tuple[str, ...] | None:
        """The members of a collective name, with or without the office's suffix."""
        if key in self._groups:
            return self._groups[key]
        if key.startswith("各"):
            for suffix in OFFICE_SUFFIXES:
                if key.endswith(suffix) and key[: -len(suffix)] in self._groups:
                    return self._groups[key[: -len(suffix)]]
        return None

    def _lookup(self, key: str) -> list[str]:
        ids = self._exact.get(key)
        if ids:
            return ids
        if self._cores and key:
            return self._core.get(self._core_of(key), [])
        return []

    def label(self, id: str) -> str:
        """How the export writes an id: its name, or ``name（id）`` when names are shared."""
        name = self._names.get(id)
        if name is None:
            return id
        if len(self._exact.get(normalize_label(name), [])) == 1:
            return name
        return f"{name}（{id}）"


def _add(table: dict[str, list[str]], key: str, id: str) -> None:
    ids = table.setdefault(key, [])
    if id not in ids:
        ids.append(id)


def _root_names(units: Sequence[Unit]) -> list[str]:
    territorial_tops = [u.name for u in units if u.parent is None]
    return [*territorial_tops, "县", "区", "市"]


def unit_matcher(ledger: Ledger) -> NameMatcher:
    """A matcher of the ledger's units (names, aliases, cores, 各街道…).

    Examples
    --------
    >>> from civledger import testing
    >>> units = unit_matcher(testing.small_ledger())
    >>> units.match("龙源").found, units.match("各街道办事处").ids
    ('zc-ly', ('zc-ly',))
    >>> units.match("社区居委会").generic
    True
    """

    def build() -> NameMatcher:
        def of(words: dict[str, tuple[Level, ...]]) -> dict[str, tuple[str, ...]]:
            found: dict[str, tuple[str, ...]] = {}
            for word, levels in words.items():
                members = tuple(u.id for u in ledger.units if u.level in levels)
                if members:
                    found[normalize_label(word)] = members
            return found

        entries: list[Any] = [(u.id, u.name, u.aliases) for u in ledger.units]
        return NameMatcher(
            entries,
            prefixes=_root_names(ledger.units),
            groups=of(COLLECTIVE),
            generics=of(GENERIC),
        )

    return ledger.memo(("xlsx", "units"), build)


def person_matcher(ledger: Ledger) -> NameMatcher:
    """A matcher of the ledger's people, by exact name only (``陈某某（县创城办主任）`` too).

    Examples
    --------
    >>> from civledger import testing
    >>> person_matcher(testing.small_ledger()).match("赵某（副县长）").found
    'p-zhao'
    """

    def build() -> NameMatcher:
        return NameMatcher(((p.id, p.name, ()) for p in ledger.people), cores=False)

    return ledger.memo(("xlsx", "people"), build)
