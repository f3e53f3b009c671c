"""The rows of a journal kept as columns: one row per entry, an entry built from its row.

A big city's journal holds millions of entries; as objects each costs some 300
bytes (the entry, its date-time, its time zone) and microseconds to build. The
columns hold what every entry has, one array each — the task (an index into a
table of task ids), the action, the moment (microseconds since 1970 UTC) and its
time zone (an index into a table of zones), who acted and for which unit (indexes
into a table of ids), the percent and the quantity reported (NaN: none) — and the
fields few entries carry (an id, a note, named amounts, a new due date, a reason,
an appeal, who approved, the sign-off undone) in a sparse mapping by row, and the
evidence of reports in a sparse column of its own. The journal pass reads the
columns; :class:`~civledger.model.journal_store.Journal`, the sequence of entries a
ledger holds, builds an entry from its row when one is read.

An entry is rebuilt exactly as it was given: the same values of the same types,
its date-time with the same wall time, offset and time-zone object (one object per
distinct zone). Whatever a row cannot say exactly (a date-time whose zone does not
give it back from its instant, a figure given as an ``int``, an id that is not a
``str``) is kept in the row's sparse fields as it was.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import attrs

from civledger.model.journal import Action, Entry, Evidence, EvidenceKind

__all__ = [
    "ACTIONS",
    "ACTION_CODES",
    "EPOCH",
    "NO_ID",
    "RARE_FIELDS",
    "JournalColumns",
    "instant_of",
]

ACTIONS: tuple[Action, ...] = tuple(Action)
"""The actions in the order of their codes in the ``action`` column."""

ACTION_CODES: dict[Action, int] = {action: code for code, action in enumerate(ACTIONS)}
"""The code of each action in the ``action`` column."""

NO_ID = -1
"""The index that stands for ``None`` in the ``by`` and ``unit`` columns."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""The instant the ``instant`` column counts microseconds from."""

_MICROSECOND = timedelta(microseconds=1)
_NAN = math.nan
_OTHER_ACTION = 255  # an action that is not an Action member (kept in the sparse fields)

RARE_FIELDS: tuple[str, ...] = (
    "id",
    "note",
    "amounts",
    "due",
    "reason",
    "appeal",
    "approved_by",
    "undoes",
)
"""The fields of an entry kept in the sparse fields of its row, when it has them (evidence
has a sparse column of its own: most reports carry some)."""

_RARE_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in attrs.fields(Entry) if f.name in RARE_FIELDS
}


_ZONE_EPOCHS: dict[tzinfo, datetime] = {}
"""The epoch in each fixed offset met (a handful: +08:00, UTC...)."""


def instant_of(moment: datetime) -> int:
    """Microseconds from 1970-01-01 UTC to an aware ``moment``.

    Examples
    --------
    >>> instant_of(datetime(1970, 1, 1, 8, tzinfo=timezone(timedelta(hours=8))))
    0
    """
    return (moment - EPOCH) // _MICROSECOND


def _zone_key(zone: tzinfo) -> Hashable:
    # Fixed offsets compare equal whatever their names: their text tells them apart.
    # Other zones (dateutil's, zoneinfo's) are one object each: kept by identity.
    if type(zone) is timezone:
        return ("fixed", repr(zone))
    return ("object", id(zone))


def _entry_builder() -> Callable[..., Entry]:
    """A function that builds an Entry from its field values in field order, setting its
    slots (the values come from a validated entry: nothing is converted or validated)."""
    names = [field.name for field in attrs.fields(Entry)]
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": Entry}
    lines = [f"def build({', '.join(names)}):", "    o = _new(_cls)"]
    for i, name in enumerate(names):
        scope[f"_set{i}"] = Entry.__dict__[name].__set__
        lines.append(f"    _set{i}(o, {name})")
    lines.append("    return o")
    exec(compile("\n".join(lines) + "\n", "<civledger entry builder>", "exec"), scope)
    built: Callable[..., Entry] = scope["build"]
    return built


_build_entry = _entry_builder()


def _build_evidence(kind: EvidenceKind, ref: str, note: str | None) -> Evidence:
    # Evidence read by the loader is kept as its three values (checked then): built here.
    made = object.__new__(Evidence)
    _SET_KIND(made, kind)
    _SET_REF(made, ref)
    _SET_NOTE(made, note)
    return made


_SET_KIND = Evidence.__dict__["kind"].__set__
_SET_REF = Evidence.__dict__["ref"].__set__
_SET_NOTE = Evidence.__dict__["note"].__set__


class JournalColumns:
    """The rows of a journal, one array per field every entry has (see the module).

    Rows are only ever added. Readers bound what they read by the length of
    their journal; a journal made longer adds rows to the columns it shares.

    Examples
    --------
    >>> moment = datetime(2026, 4, 2, 9, tzinfo=timezone(timedelta(hours=8)))
    >>> columns = JournalColumns()
    >>> columns.add(Entry(at=moment, task="T-1", action=Action.ASSIGN, by="p-wang"))
    0
    >>> columns.tasks, columns.names, ACTIONS[columns.action[0]].value
    (['T-1'], ['p-wang'], 'assign')
    >>> columns.entry(0) == Entry(at=moment, task="T-1", action=Action.ASSIGN, by="p-wang")
    True
    """

    __slots__ = (
        "action",
        "by",
        "evidence",
        "instant",
        "name_ids",
        "names",
        "percent",
        "quantity",
        "rare",
        "task",
        "task_ids",
        "tasks",
        "unit",
        "zone",
        "zone_ids",
        "zones",
    )

    def __init__(self) -> None:
        self.task: array[int] = array("i")
        self.action = bytearray()
        self.instant: array[int] = array("q")
        self.zone: array[int] = array("H")
        self.by: array[int] = array("i")
        self.unit: array[int] = array("i")
        self.percent: array[float] = array("d")
        self.quantity: array[float] = array("d")
        self.rare: dict[int, dict[str, Any]] = {}
        self.evidence: dict[int, tuple[Any, ...]] = {}
        self.tasks: list[str] = []
        self.task_ids: dict[str, int] = {}
        self.names: list[str] = []
        self.name_ids: dict[str, int] = {}
        self.zones: list[tzinfo] = []
        self.zone_ids: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self.action)

    # -- tables ---------------------------------------------------------------------------
    def task_index(self, task: str) -> int:
        """The index of a task id in the table of tasks (added when new)."""
        found = self.task_ids.get(task)
        if found is None:
            if type(task) is str:
                task = sys.intern(task)  # shared with the task's own id, interned on loading
            found = self.task_ids[task] = len(self.tasks)
            self.tasks.append(task)
        return found

    def name_index(self, name: str) -> int:
        """The index of a person's or a unit's id in the table of names (added when new)."""
        found = self.name_ids.get(name)
        if found is None:
            found = self.name_ids[name] = len(self.names)
            self.names.append(name)
        return found

    def zone_index(self, zone: tzinfo) -> int:
        """The index of a time zone in the table of zones (added when new)."""
        key = _zone_key(zone)
        found = self.zone_ids.get(key)
        if found is None:
            found = self.zone_ids[key] = len(self.zones)
            self.zones.append(zone)
        return found

    # -- rows -----------------------------------------------------------------------------
    def add(self, entry: Entry) -> int:
        """Add an entry as a row; returns the row."""
        row = len(self.action)
        rare: dict[str, Any] = {}
        for name in RARE_FIELDS:
            value = getattr(entry, name)
            if value is not _RARE_DEFAULTS[name] and value != _RARE_DEFAULTS[name]:
                rare[name] = value
        if entry.evidence != ():
            self.evidence[row] = entry.evidence
        at = entry.at
        instant = instant_of(at)
        zone = at.tzinfo
        assert zone is not None  # Entry's validator
        index = self.zone_index(zone)
        if index > 0xFFFF or not _rebuilds(at, instant, zone):
            rare["at"] = at
            index = 0 if index > 0xFFFF else index
        task = entry.task
        if type(task) is not str:
            rare["task"] = task
        action = entry.action
        code = ACTION_CODES.get(action, _OTHER_ACTION) if type(action) is Action else _OTHER_ACTION
        if code == _OTHER_ACTION:
            rare["action"] = action
        self.task.append(self.task_index(task))
        self.action.append(code)
        self.instant.append(instant)
        self.zone.append(index)
        self.by.append(self._name(entry.by, "by", rare))
        self.unit.append(self._name(entry.unit, "unit", rare))
        self.percent.append(self._figure(entry.percent, "percent", rare))
        self.quantity.append(self._figure(entry.quantity, "quantity", rare))
        if rare:
            self.rare[row] = rare
        return row

    def extend(self, entries: Iterable[Entry]) -> None:
        """Add entries as rows, in order."""
        for entry in entries:
            self.add(entry)

    def _name(self, value: str | None, field: str, rare: dict[str, Any]) -> int:
        if value is None:
            return NO_ID
        if type(value) is not str:
            rare[field] = value
            return NO_ID
        return self.name_index(value)

    @staticmethod
    def _figure(value: float | None, field: str, rare: dict[str, Any]) -> float:
        if value is None:
            return _NAN
        if type(value) is not float or value != value:
            rare[field] = value
            return _NAN
        return value

    def at(self, row: int) -> datetime:
        """The date-time of a row, as it was given."""
        rare = self.rare.get(row)
        if rare is not None and "at" in rare:
            given: datetime = rare["at"]
            return given
        zone = self.zones[self.zone[row]]
        if type(zone) is timezone:
            # A fixed offset: its wall clock is the epoch's plus the microseconds (exact,
            # with fold 0), one addition instead of a conversion.
            start = _ZONE_EPOCHS.get(zone)
            if start is None or start.tzinfo is not zone:
                start = _ZONE_EPOCHS[zone] = EPOCH.astimezone(zone)
            return start + timedelta(microseconds=self.instant[row])
        return (EPOCH + timedelta(microseconds=self.instant[row])).astimezone(zone)

    def entry(self, row: int) -> Entry:
        """The entry of a row, built from the columns."""
        by = self.by[row]
        unit = self.unit[row]
        percent: float | None = self.percent[row]
        quantity: float | None = self.quantity[row]
        values: dict[str, Any] = {
            "task": self.tasks[self.task[row]],
            "action": ACTIONS[self.action[row]] if self.action[row] != _OTHER_ACTION else None,
            "by": self.names[by] if by != NO_ID else None,
            "unit": self.names[unit] if unit != NO_ID else None,
            "percent": None if percent != percent else percent,
            "quantity": None if quantity != quantity else quantity,
        }
        rare = self.rare.get(row)
        evidence = self.evidence.get(row, ())
        if evidence and type(evidence[0]) is tuple:
            evidence = tuple([_build_evidence(*parts) for parts in evidence])
        if rare is None:
            return _build_entry(
                self.at(row),
                values["task"],
                values["action"],
                None,
                values["by"],
                values["unit"],
                None,
                evidence,
                values["percent"],
                values["quantity"],
                (),
                None,
                None,
                None,
                None,
                None,
            )
        values.update(rare)
        get = values.get
        return _build_entry(
            self.at(row),
            values["task"],
            values["action"],
            get("id"),
            values["by"],
            values["unit"],
            get("note"),
            evidence,
            values["percent"],
            values["quantity"],
            get("amounts", ()),
            get("due"),
            get("reason"),
            get("appeal"),
            get("approved_by"),
            get("undoes"),
        )

    def head(self, length: int) -> JournalColumns:
        """A copy of the first ``length`` rows (tables shared by value)."""
        copy = JournalColumns()
        copy.task = self.task[:length]
        copy.action = self.action[:length]
        copy.instant = self.instant[:length]
        copy.zone = self.zone[:length]
        copy.by = self.by[:length]
        copy.unit = self.unit[:length]
        copy.percent = self.percent[:length]
        copy.quantity = self.quantity[:length]
        copy.rare = {row: fields for row, fields in self.rare.items() if row < length}
        copy.evidence = {row: found for row, found in self.evidence.items() if row < length}
        copy.tasks = list(self.tasks)
        copy.task_ids = dict(self.task_ids)
        copy.names = list(self.names)
        copy.name_ids = dict(self.name_ids)
        copy.zones = list(self.zones)
        copy.zone_ids = dict(self.zone_ids)
        return copy

    def __getstate__(self) -> dict[str, Any]:
        state = {name: getattr(self, name) for name in self.__slots__}
        # Zones kept by identity are keyed by id(): keyed again after unpickling.
        del state["zone_ids"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.zone_ids = {_zone_key(zone): i for i, zone in enumerate(self.zones)}

    def ids(self, length: int) -> dict[str, int]:
        """The row of the first entry with each id, among the first ``length`` rows."""
        found: dict[str, int] = {}
        for row, fields in self.rare.items():
            if row < length:
                ident = fields.get("id")
                if ident is not None and ident not in found:
                    found[ident] = row
        return found

    def distinct(self, field: str, length: int) -> set[Any]:
        """The distinct values of one field among the first ``length`` rows."""
        found: set[Any]
        if field in ("by", "unit", "task"):
            column = self.by if field == "by" else self.unit if field == "unit" else self.task
            table: list[Any] = self.tasks if field == "task" else self.names
            rows = column[:length]
            found = {table[i] for i in set(rows) if i != NO_ID}
            others = sum(1 for row, f in self.rare.items() if row < length and field in f)
            if rows.count(NO_ID) > others:  # rows without one (others: given otherwise)
                found.add(None)
        elif field in RARE_FIELDS:
            given = [f[field] for row, f in self.rare.items() if row < length and field in f]
            found = set(given)
            if len(given) < length:
                found.add(_RARE_DEFAULTS[field])
            return found
        else:
            return set(self.values(field, length))
        for row, fields in self.rare.items():
            if row < length and field in fields:
                found.add(fields[field])
        return found

    def values(self, field: str, length: int) -> list[Any]:
        """The values of one field of the first ``length`` rows (entries are not built)."""
        if field in ("by", "unit"):
            names = self.names
            column = self.by if field == "by" else self.unit
            out: list[Any] = [names[i] if i != NO_ID else None for i in column[:length]]
        elif field == "task":
            tasks = self.tasks
            out = [tasks[i] for i in self.task[:length]]
        elif field == "action":
            out = [ACTIONS[c] if c != _OTHER_ACTION else None for c in self.action[:length]]
        elif field == "evidence":
            return [
                self.entry(row).evidence if row in self.evidence else () for row in range(length)
            ]
        elif field in RARE_FIELDS:
            default = _RARE_DEFAULTS[field]
            out = [default] * length
        else:
            return [getattr(self.entry(row), field) for row in range(length)]
        for row, fields in self.rare.items():
            if row < length and field in fields:
                out[row] = fields[field]
        return out


def _rebuilds(at: datetime, instant: int, zone: tzinfo) -> bool:
    """Whether ``at`` is given back, exactly, by its instant seen in its zone."""
    if type(at) is not datetime:
        return False
    if type(zone) is timezone:
        return at.fold == 0  # a fixed offset gives every wall time back (with fold 0)
    try:
        back = (EPOCH + timedelta(microseconds=instant)).astimezone(zone)
    except (OverflowError, ValueError):
        return False
    return (
        back.replace(tzinfo=None) == at.replace(tzinfo=None)
        and back.fold == at.fold
        and back.tzinfo is zone
    )
