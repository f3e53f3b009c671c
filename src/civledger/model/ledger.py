"""The Ledger aggregate: every collection of a campaign ledger, with id indexes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import attrs

from civledger._fields import to_tuple
from civledger.errors import AmbiguousNameError, UnknownIdError
from civledger.findings import Location, Observation, PathSegment
from civledger.i18n import N_, lazy
from civledger.model.campaign import Campaign
from civledger.model.framework import Framework, FrameworkNode, split_standard_ref
from civledger.model.journal import Entry
from civledger.model.journal_mark import JournalMark
from civledger.model.journal_store import Journal, to_journal
from civledger.model.negative import Incident, NegativeItem
from civledger.model.org import Appointment, Contract, Group, Person, Unit
from civledger.model.place import Place
from civledger.model.policy import SignOffPolicy, Waiver
from civledger.model.raw import RawRow
from civledger.model.schedule import Schedule
from civledger.model.supervision import Inspection
from civledger.model.task import Task
from civledger.model.views import Views

__all__ = ["COLLECTIONS", "Collection", "Ledger", "Origin"]

T = TypeVar("T")


@attrs.frozen
class Collection:
    """A list-valued part of the ledger: its key, entity type and id field.

    ``id_field`` is ``None`` for collections whose entries have no id of their
    own (appointments, contracts); journal entries have an optional ``id``.
    ``singular`` names one entry in messages (a :func:`~civledger.i18n.lazy` message).
    """

    name: str
    kind: type[Any]
    singular: str
    id_field: str | None = "id"
    id_required: bool = True


COLLECTIONS: tuple[Collection, ...] = (
    Collection("frameworks", Framework, lazy("framework")),
    Collection("units", Unit, lazy("unit")),
    Collection("people", Person, lazy("person")),
    Collection("appointments", Appointment, lazy("appointment"), None, False),
    Collection("contracts", Contract, lazy("contract"), None, False),
    Collection("groups", Group, lazy("group")),
    Collection("places", Place, lazy("place")),
    Collection("tasks", Task, lazy("task")),
    Collection("journal", Entry, lazy("journal entry"), "id", False),
    Collection("negative_list", NegativeItem, lazy("negative-list item")),
    Collection("incidents", Incident, lazy("incident")),
    Collection("inspections", Inspection, lazy("inspection")),
    Collection("schedules", Schedule, lazy("schedule")),
    Collection("waivers", Waiver, lazy("waiver")),
    Collection("raw_rows", RawRow, lazy("raw row")),
)
"""The collections of a ledger in document order."""

# How errors name each list ("the ledger has no units entry with id zc-xx"): the name of
# the collection, with spaces for underscores, worded through the catalog.
_LIST_NAMES = (
    N_("frameworks"),
    N_("units"),
    N_("people"),
    N_("appointments"),
    N_("contracts"),
    N_("groups"),
    N_("tasks"),
    N_("journal"),
    N_("negative list"),
    N_("incidents"),
    N_("inspections"),
    N_("waivers"),
    N_("raw rows"),
    N_("framework nodes"),
)

COLLECTION_BY_NAME: Mapping[str, Collection] = {c.name: c for c in COLLECTIONS}


@attrs.frozen(kw_only=True, eq=False)
class Origin:
    """Where a ledger was loaded from, and what loading it found.

    ``observations`` are what the load itself noticed (keys, types, dates...),
    which :func:`civledger.check` words as LDG findings.
    ``skipped`` holds the ids of entries that could not be read, so that
    references to them are not reported a second time. ``positions`` maps, for
    each list where entries were left out (keyed by its path in the ledger), an
    entry's index in the ledger to its index in the document. ``locator`` turns
    a document path into a (line, column) pair when the text allows it.
    When the journal was read from its own JSON Lines file, ``journal_path`` is
    that file, ``journal_lines`` the line of each entry, ``journal_size`` the
    bytes read (where appends by others begin) and ``journal_mark`` what the
    ledger knows of the file (:class:`~civledger.model.journal_mark.JournalMark`:
    which file, how much of it, and the lines kept verbatim through rewrites).
    """

    file: str | None = None
    format: str | None = None
    observations: tuple[Observation, ...] = ()
    skipped: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    positions: Mapping[tuple[PathSegment, ...], tuple[int, ...]] = attrs.field(factory=dict)
    locator: Callable[[tuple[PathSegment, ...]], tuple[int, int] | None] | None = None
    journal_path: str | None = None
    journal_lines: tuple[int, ...] = ()
    journal_size: int | None = None
    journal_mark: JournalMark | None = None

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        # The locator reads the text the ledger was loaded from; a pickled origin is
        # without it (findings then carry the $.path without line and column).
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(Origin)}
        fields["locator"] = None
        return (functools.partial(Origin, **fields), ())

    def journal_part(self) -> Origin:
        """What this origin says of the journal file alone, for a ledger made from this one.

        A ledger made by merging into a loaded one (an Excel import) is no longer
        the document it was loaded from, but its journal is still that file's:
        it keeps the journal file, its lines and its mark, so that writing the new
        ledger keeps every line of the file (see
        :class:`~civledger.model.journal_mark.JournalMark`).

        Examples
        --------
        >>> part = Origin(file="a.yaml", journal_path="j.jsonl", journal_size=10).journal_part()
        >>> part.file, part.journal_path, part.journal_size
        (None, 'j.jsonl', 10)
        """
        path = self.journal_path
        return Origin(
            observations=tuple(o for o in self.observations if path and o.location.file == path),
            positions={k: v for k, v in self.positions.items() if k[:1] == ("journal",)},
            journal_path=path,
            journal_lines=self.journal_lines,
            journal_size=self.journal_size,
            journal_mark=self.journal_mark,
        )

    def document_path(self, path: tuple[PathSegment, ...]) -> tuple[PathSegment, ...]:
        """Translate a path into the ledger into a path into the source document.

        They differ only where entries were left out on loading.
        """
        if not self.positions:
            return path
        out: list[PathSegment] = []
        for depth, segment in enumerate(path):
            mapping = self.positions.get(path[:depth]) if isinstance(segment, int) else None
            if mapping is not None and 0 <= segment < len(mapping):  # type: ignore[operator]
                out.append(mapping[segment])  # type: ignore[index]
            else:
                out.append(segment)
        return tuple(out)

    def locate(self, path: tuple[PathSegment, ...]) -> Location:
        """A :class:`Location` in the source file for a path into the ledger."""
        doc_path = self.document_path(path)
        if self.journal_path is not None and len(doc_path) > 1 and doc_path[0] == "journal":
            index = doc_path[1] if len(doc_path) > 1 else None
            line = None
            if isinstance(index, int) and 0 <= index < len(self.journal_lines):
                line = self.journal_lines[index]
            return Location(file=self.journal_path, path=doc_path, line=line)
        found = self.locator(doc_path) if self.locator is not None else None
        line, column = found if found is not None else (None, None)
        return Location(file=self.file, path=doc_path, line=line, column=column)


def _index(items: tuple[Any, ...]) -> dict[str, Any]:
    # Reversed so that the first of several entries with one id wins.
    return {item.id: item for item in reversed(items) if item.id is not None}


@attrs.frozen(kw_only=True, repr=False)
class Ledger:
    """A whole campaign ledger: the campaign and its collections.

    A ledger is an immutable value: entities are frozen, and a changed ledger is
    a new one (:func:`attrs.evolve`). The journal only grows, through
    :class:`civledger.JournalWriter`, which judges each entry first and hands out
    the ledger with it (:meth:`with_entries` makes that ledger, sharing this
    one's entities, indexes and the views that do not read the journal). One
    ledger may be read, checked and queried from several threads at once.
    ``journal_file`` names a JSON Lines file (relative to the ledger's file) that
    holds the journal instead of the ledger document itself. Id indexes
    are built once, when the ledger is made. When several entries share an id,
    the first is the one the indexes return (the checker reports the others).

    Examples
    --------
    >>> from civledger import Ledger, Campaign, Unit, Level
    >>> ledger = Ledger(
    ...     campaign=Campaign(id="zc-2026", name="柘城县创建全国文明城市"),
    ...     units=[Unit(id="zc", name="柘城县", level=Level.COUNTY)],
    ... )
    >>> ledger.unit("zc").name
    '柘城县'
    >>> ledger
    <Ledger zc-2026: 1 units, 0 tasks, 0 journal entries>
    """

    campaign: Campaign
    frameworks: tuple[Framework, ...] = attrs.field(default=(), converter=to_tuple)
    units: tuple[Unit, ...] = attrs.field(default=(), converter=to_tuple)
    people: tuple[Person, ...] = attrs.field(default=(), converter=to_tuple)
    appointments: tuple[Appointment, ...] = attrs.field(default=(), converter=to_tuple)
    contracts: tuple[Contract, ...] = attrs.field(default=(), converter=to_tuple)
    groups: tuple[Group, ...] = attrs.field(default=(), converter=to_tuple)
    places: tuple[Place, ...] = attrs.field(default=(), converter=to_tuple)
    tasks: tuple[Task, ...] = attrs.field(default=(), converter=to_tuple)
    journal: Journal = attrs.field(factory=Journal, converter=to_journal)
    journal_file: str | None = None
    negative_list: tuple[NegativeItem, ...] = attrs.field(default=(), converter=to_tuple)
    incidents: tuple[Incident, ...] = attrs.field(default=(), converter=to_tuple)
    inspections: tuple[Inspection, ...] = attrs.field(default=(), converter=to_tuple)
    schedules: tuple[Schedule, ...] = attrs.field(default=(), converter=to_tuple)
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=to_tuple)
    raw_rows: tuple[RawRow, ...] = attrs.field(default=(), converter=to_tuple)
    policy: SignOffPolicy | None = None
    origin: Origin | None = attrs.field(default=None, eq=False)
    _indexes: dict[str, dict[str, Any]] = attrs.field(init=False, eq=False)
    _nodes: dict[tuple[str, str], FrameworkNode] = attrs.field(init=False, eq=False)
    _views: Views = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        indexes = {
            c.name: _index(getattr(self, c.name))
            for c in COLLECTIONS
            if c.id_field is not None and c.name != "journal"
        }
        # The journal's entries are built when read: only those with an id are.
        indexes["journal"] = {ident: self.journal[row] for ident, row in self.journal.ids().items()}
        nodes: dict[tuple[str, str], FrameworkNode] = {}
        for fw in self.frameworks:
            for node in reversed(fw.nodes):
                nodes[(fw.id, node.code)] = node
        object.__setattr__(self, "_indexes", indexes)
        object.__setattr__(self, "_nodes", nodes)
        object.__setattr__(self, "_views", Views())

    def __repr__(self) -> str:
        return (
            f"<Ledger {self.campaign.id}: {len(self.units)} units, {len(self.tasks)} tasks, "
            f"{len(self.journal)} journal entries>"
        )

    # -- lookups by id -------------------------------------------------------------
    def index(self, collection: str) -> Mapping[str, Any]:
        """The id index of a collection: ``ledger.index("units")["zc"]``.

        Raises
        ------
        KeyError
            When the collection has no ids (appointments, contracts) or does not exist.

        Examples
        --------
        >>> from civledger import testing
        >>> "zc" in testing.small_ledger().index("units")
        True
        """
        return self._indexes[collection]

    def _get(self, collection: str, id: str) -> Any:
        try:
            return self._indexes[collection][id]
        except KeyError:
            raise UnknownIdError(collection, id) from None

    def unit(self, id: str) -> Unit:
        """The unit with this id; raises :class:`~civledger.UnknownIdError` if none."""
        result: Unit = self._get("units", id)
        return result

    def person(self, id: str) -> Person:
        """The person with this id; raises :class:`~civledger.UnknownIdError` if none."""
        result: Person = self._get("people", id)
        return result

    def task(self, id: str) -> Task:
        """The task or problem with this id; raises :class:`~civledger.UnknownIdError` if none."""
        result: Task = self._get("tasks", id)
        return result

    def find_unit(self, key: str) -> Unit:
        """The unit with this id, else the one unit with this name or alias.

        Raises
        ------
        AmbiguousNameError
            When no unit has this id and several have this name.
        UnknownIdError
            When no unit has this id, name or alias.

        Examples
        --------
        >>> from civledger import testing
        >>> ledger = testing.small_ledger()
        >>> ledger.find_unit("龙源街道").id, ledger.find_unit("zc-ly").name
        ('zc-ly', '龙源街道')
        """
        return self._find("units", key)  # type: ignore[no-any-return]

    def find_place(self, key: str) -> Place:
        """The place with this id, else the one place with this name or alias.

        Raises
        ------
        AmbiguousNameError
            When no place has this id and several have this name.
        UnknownIdError
            When no place has this id, name or alias.
        """
        return self._find("places", key)  # type: ignore[no-any-return]

    def find_person(self, key: str) -> Person:
        """The person with this id, else the one person with this name.

        Raises
        ------
        AmbiguousNameError
            When no one has this id and several people have this name.
        UnknownIdError
            When no one has this id or name.
        """
        return self._find("people", key)  # type: ignore[no-any-return]

    def _find(self, collection: str, key: str) -> Any:
        found = self._indexes[collection].get(key)
        if found is not None:
            return found
        names: dict[str, tuple[str, ...]] = self.memo(
            ("names", collection), lambda: self._names(collection)
        )
        ids = names.get(key.strip(), ())
        if len(ids) == 1:
            return self._indexes[collection][ids[0]]
        if ids:
            raise AmbiguousNameError(collection, key, ids)
        raise UnknownIdError(collection, key)

    def _names(self, collection: str) -> dict[str, tuple[str, ...]]:
        by_name: dict[str, list[str]] = {}
        for item in getattr(self, collection):
            for name in (item.name, *getattr(item, "aliases", ())):
                ids = by_name.setdefault(name, [])
                if item.id not in ids:
                    ids.append(item.id)
        return {name: tuple(ids) for name, ids in by_name.items()}

    def framework(self, id: str) -> Framework:
        """The framework with this id; raises :class:`~civledger.UnknownIdError` if none."""
        result: Framework = self._get("frameworks", id)
        return result

    def group(self, id: str) -> Group:
        """The specialist group with this id; raises :class:`~civledger.UnknownIdError` if none."""
        result: Group = self._get("groups", id)
        return result

    def place(self, id: str) -> Place:
        """The place with this id; raises :class:`~civledger.UnknownIdError` if none."""
        result: Place = self._get("places", id)
        return result

    def resolve_standard(self, ref: str) -> list[tuple[str, FrameworkNode]]:
        """Every (framework id, node) a standard reference can mean.

        ``framework:code`` names one node; a bare code matches that code in
        every framework. An empty list means the reference is unknown; more than
        one match means a bare code is ambiguous.

        Examples
        --------
        >>> from civledger import testing
        >>> ledger = testing.small_ledger()
        >>> [(fw, n.code) for fw, n in ledger.resolve_standard("wmcs:I-1-1")]
        [('wmcs', 'I-1-1')]
        >>> ledger.resolve_standard("I-1-1") == ledger.resolve_standard("wmcs:I-1-1")
        True
        """
        framework, code = split_standard_ref(ref)
        if framework is not None:
            node = self._nodes.get((framework, code))
            return [] if node is None else [(framework, node)]
        return [
            (fw.id, self._nodes[(fw.id, code)])
            for fw in self.frameworks
            if (fw.id, code) in self._nodes
        ]

    def standard(self, ref: str) -> FrameworkNode:
        """The framework node a standard reference names.

        Raises
        ------
        UnknownIdError
            When the reference names no node, or a bare code names several.
        """
        found = self.resolve_standard(ref)
        if len(found) != 1:
            raise UnknownIdError("framework nodes", ref)
        return found[0][1]

    # -- positions and derived views -----------------------------------------------------
    def position(self, collection: str, id: str) -> int | None:
        """The index in ``collection`` of the first entry with this id, if any.

        Examples
        --------
        >>> from civledger import testing
        >>> testing.small_ledger().position("units", "zc")
        0
        """

        def build() -> dict[str, int]:
            if collection == "journal":
                return self.journal.ids()
            positions: dict[str, int] = {}
            for i, item in enumerate(getattr(self, collection)):
                if item.id is not None:
                    positions.setdefault(item.id, i)
            return positions

        key = ("position", collection)
        return self.memo(key, build, journal=collection == "journal").get(id)

    def memo(
        self, key: Hashable, build: Callable[[], T], *, journal: bool = False, dated: bool = False
    ) -> T:
        """Compute a derived view once per ledger and keep it.

        Derived views (the org graph, chains, states) call this with a key of
        their own; the ledger itself never looks inside. ``journal`` says the
        view reads the journal (a ledger with more entries does not share it);
        ``dated`` that it is made for one date (only the views of the last
        :data:`~civledger.model.views.DATED_VIEWS` dates are kept). Threads
        asking for one view at once wait for one build. See
        :mod:`civledger.model.views`.

        Examples
        --------
        >>> from civledger import testing
        >>> ledger = testing.small_ledger()
        >>> ledger.memo("answer", lambda: 42), ledger.memo("answer", lambda: 0)
        (42, 42)
        """
        return self._views.get(key, build, journal=journal, dated=dated)

    def cached(self, key: Hashable, *, journal: bool = False, dated: bool = False) -> Any | None:
        """A derived view kept with :meth:`memo`, or ``None`` if it was not computed."""
        return self._views.cached(key, journal=journal, dated=dated)

    def remember(
        self, key: Hashable, value: Any, *, journal: bool = False, dated: bool = False
    ) -> Any:
        """Keep a view computed along with another, unless one is kept; return the one kept."""
        return self._views.keep(key, value, journal=journal, dated=dated)

    def memo_keys(self, *, journal: bool = False, dated: bool = False) -> list[Hashable]:
        """The keys of the derived views kept in one store (dated or not)."""
        return self._views.keys(journal=journal, dated=dated)

    def with_entries(self, *entries: Entry) -> Ledger:
        """This ledger with ``entries`` added to its journal, unjudged (this one is unchanged).

        The new ledger shares this one's entities, indexes and every derived
        view that does not read the journal; appending costs the same whatever
        the size of the ledger. Entries are judged by :class:`civledger.JournalWriter`,
        which calls this once an entry is accepted.

        Examples
        --------
        >>> from datetime import datetime
        >>> from civledger import Action, Entry, testing
        >>> ledger = testing.small_ledger()
        >>> at = datetime(2026, 4, 3, 9, tzinfo=testing.CST)
        >>> later = ledger.with_entries(Entry(at=at, task="T-001", action=Action.CLAIM))
        >>> len(ledger.journal), len(later.journal), later.unit("zc") is ledger.unit("zc")
        (2, 3, True)
        """
        new = object.__new__(Ledger)
        for field in attrs.fields(Ledger):
            object.__setattr__(new, field.name, getattr(self, field.name))
        object.__setattr__(new, "journal", self.journal.appended(*entries))
        indexes = self._indexes
        if any(entry.id is not None for entry in entries):
            journal_ids = dict(indexes["journal"])
            for entry in entries:
                if entry.id is not None:
                    journal_ids.setdefault(entry.id, entry)
            indexes = {**indexes, "journal": journal_ids}
        object.__setattr__(new, "_indexes", indexes)
        object.__setattr__(new, "_views", self._views.successor())
        return new

    def with_origin(self, origin: Origin | None) -> Ledger:
        """This ledger with another :class:`Origin`, sharing all else (this one is unchanged).

        The journal writer calls it after each append to a journal file, to
        record how much of the file the new ledger holds; unlike
        :func:`attrs.evolve` it does not build the id indexes again.

        Examples
        --------
        >>> from civledger import Origin, testing
        >>> ledger = testing.small_ledger()
        >>> moved = ledger.with_origin(Origin(file="elsewhere.yaml"))
        >>> moved == ledger, moved.origin.file, ledger.origin is None, moved.units is ledger.units
        (True, 'elsewhere.yaml', True, True)
        """
        new = object.__new__(Ledger)
        for field in attrs.fields(Ledger):
            object.__setattr__(new, field.name, getattr(self, field.name))
        object.__setattr__(new, "origin", origin)
        object.__setattr__(new, "_indexes", self._indexes)
        object.__setattr__(new, "_nodes", self._nodes)
        object.__setattr__(new, "_views", self._views)
        return new

    def _take_journal_of(self, later: Ledger) -> None:
        # Only the deprecated civledger.append calls this: it changes a ledger in place
        # to hold the journal (and views) of ``later``, made from it by with_entries.
        object.__setattr__(self, "journal", later.journal)
        object.__setattr__(self, "origin", later.origin)  # how much of its file it holds
        object.__setattr__(self, "_indexes", later._indexes)
        object.__setattr__(self, "_views", later._views)

    def locate(self, *path: PathSegment) -> Location:
        """Where a path into the ledger lies in the file it came from, if any.

        Examples
        --------
        >>> from civledger import testing
        >>> str(testing.small_ledger().locate("tasks", 0, "lead"))
        '$.tasks[0].lead'
        """
        if self.origin is None:
            return Location(path=path)
        return self.origin.locate(path)
