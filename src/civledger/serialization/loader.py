"""Stage two of loading: plain data -> the attrs model, collecting every problem.

Each collection is structured in chunks by the fast converter. When a chunk
fails, its entries are taken one by one; an entry that fails is structured
again by the detailed converter to find every problem in it with its path.
Every problem is reported. The entry is then kept without its unknown keys
and without its bad optional fields, so that the rest of it is still checked;
an entry whose required fields are bad is left out, its id remembered so that
references to it are not reported a second time. Nothing stops at the first
problem.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import tzinfo
from typing import Any, get_args, get_origin

import attrs
import cattrs
import orjson
from dateutil import tz

from civledger.errors import InvalidValueError
from civledger.findings import Location, Observation, PathSegment, format_path
from civledger.i18n import N_, Phrase, lazy, phrase
from civledger.model import COLLECTIONS, Campaign, Entry, Framework, FrameworkNode, Ledger, Origin
from civledger.model.journal_columns import JournalColumns
from civledger.model.journal_mark import JournalMark, KeptLine
from civledger.model.journal_store import Journal
from civledger.model.policy import SignOffPolicy
from civledger.model.words import THE_LEDGER, choices, entry_noun, enum_noun
from civledger.progress import NullProgress, Progress
from civledger.serialization import codes as R
from civledger.serialization.compiled import Compiled, compiled
from civledger.serialization.converter import (
    A_LIST,
    TEXT,
    BadDate,
    UnknownChoice,
    WrongType,
    describe,
    detailed_converter,
    fast_converter,
    reading_timezone,
)
from civledger.serialization.journal_rows import JournalRows
from civledger.serialization.journal_source import JournalSource, flagged_entries, kept_lines
from civledger.serialization.lazy import LazyEntries

__all__ = [
    "FORMAT_VERSION",
    "SKIPPED_STANDARDS",
    "TOP_LEVEL_KEYS",
    "JournalSource",
    "structure_entries",
    "structure_ledger",
]

SKIPPED_STANDARDS = "standards"
"""The key of ``Origin.skipped`` that holds ``framework:code`` of nodes left out on loading."""

FORMAT_VERSION = 1
"""The version of the ledger format this civledger reads and writes."""

TOP_LEVEL_KEYS: tuple[str, ...] = (
    "civledger",
    "campaign",
    *(c.name for c in COLLECTIONS),
    "policy",
)
"""The keys of a ledger document, in the order they are written."""

_CHUNK = 20_000
_NONES = [None] * _CHUNK
Locate = Callable[[tuple[PathSegment, ...]], tuple[int, int] | None]


def _field_label(path: tuple[PathSegment, ...]) -> str:
    # The part of the path below the entry: "cooperating[1]", "target.quantity".
    start = 0
    for i, seg in enumerate(path):
        if isinstance(seg, int):
            start = i + 1
            break
    tail = path[start:] or path[-1:]
    return format_path(tail)[2:] if tail and isinstance(tail[0], str) else format_path(tail)[1:]


@attrs.define
class _Reader:
    where: Callable[[tuple[PathSegment, ...]], Location]
    consume: bool = False
    observations: list[Observation] = attrs.Factory(list)

    def emit(
        self, code: str, path: tuple[PathSegment, ...], subjects: tuple[str, ...], **params: Any
    ) -> None:
        self.observations.append(
            Observation(code=code, location=self.where(path), subjects=subjects, params=params)
        )

    # -- one entry ----------------------------------------------------------------
    def one(self, raw: Any, cls: type[Any], path: tuple[PathSegment, ...]) -> Any | None:
        try:
            return fast_converter.structure(raw, cls)
        except Exception:
            return self._detailed(raw, cls, path)

    def _detailed(self, raw: Any, cls: type[Any], path: tuple[PathSegment, ...]) -> Any | None:
        subjects = (raw["id"],) if type(raw) is dict and type(raw.get("id")) is str else ()
        try:
            return detailed_converter.structure(raw, cls)
        except Exception as exc:
            bad_fields = self._report_all(exc, cls, path, subjects)
        if bad_fields is None:
            return None
        return self._salvage(raw, cls, path, bad_fields, subjects)

    def _report_all(
        self,
        exc: BaseException,
        cls: type[Any],
        path: tuple[PathSegment, ...],
        subjects: tuple[str, ...],
    ) -> set[str] | None:
        """Report the problems the detailed converter found in an entry.

        Returns the entry's fields they lie in, or ``None`` when the entry as a
        whole is wrong (not a mapping, say).
        """
        bad_fields: set[str] = set()
        for sub_path, error, owner in _leaves(exc, path, cls):
            self._report(sub_path, error, owner, subjects)
            if isinstance(error, cattrs.ForbiddenExtraKeysError):
                continue
            if isinstance(error, InvalidValueError) and sub_path == path:
                bad_fields.add(error.field)  # a validator of the entry's own field
                continue
            if len(sub_path) <= len(path):
                return None
            bad_fields.add(str(sub_path[len(path)]))
        return bad_fields

    def _salvage(
        self,
        raw: Any,
        cls: type[Any],
        path: tuple[PathSegment, ...],
        bad_fields: set[str],
        subjects: tuple[str, ...],
    ) -> Any | None:
        """Keep an entry without its bad optional fields (already reported), if it can stand.

        The detailed converter reads the rest again: validators that could not run
        while other fields were broken (attrs runs them in ``__init__``) run now,
        and what they refuse is reported where it is, at any depth.
        """
        fields = attrs.fields_dict(cls)
        if any(name not in fields or fields[name].default is attrs.NOTHING for name in bad_fields):
            return None  # a required field is bad: nothing to keep
        cleaned = _known_keys_only(raw, cls)
        for _ in range(len(fields)):
            if any(
                name not in fields or fields[name].default is attrs.NOTHING for name in bad_fields
            ):
                return None
            for name in bad_fields:
                cleaned.pop(name, None)
            try:
                return detailed_converter.structure(cleaned, cls)
            except Exception as exc:
                found = self._report_all(exc, cls, path, subjects)
            if not found:  # wrong as a whole, or nothing left to drop
                return None
            bad_fields = found
        return None

    def _report(
        self,
        path: tuple[PathSegment, ...],
        error: BaseException,
        owner: type[Any] | None,
        subjects: tuple[str, ...],
    ) -> None:
        field = _field_label(path)
        if isinstance(error, cattrs.ForbiddenExtraKeysError):
            allowed = _allowed(error.cl)
            for key in sorted(map(str, error.extra_fields)):
                self.emit(
                    R.UNKNOWN_KEY,
                    (*path, key),
                    subjects,
                    key=key,
                    where=entry_noun(error.cl),
                    allowed=allowed,
                )
        elif isinstance(error, KeyError):
            key = str(path[-1]) if path else str(error)
            self.emit(R.MISSING_KEY, path, subjects, key=key, where=entry_noun(owner))
        elif isinstance(error, WrongType):
            self.emit(
                R.WRONG_TYPE,
                path,
                subjects,
                field=field,
                expected=error.expected,
                got=describe(error.value),
                type_hint=_type_hint(error),
            )
        elif isinstance(error, BadDate):
            self.emit(
                R.BAD_DATE, path, subjects, field=field, value=error.value, expected=error.expected
            )
        elif isinstance(error, UnknownChoice):
            self.emit(
                R.UNKNOWN_VALUE,
                path,
                subjects,
                field=field,
                value=repr(error.value) if isinstance(error.value, str) else describe(error.value),
                kind=enum_noun(error.enum),
                choices=choices(error.enum),
            )
        elif isinstance(error, InvalidValueError):
            sub = path if path and path[-1] == error.field else (*path, error.field)
            self.emit(
                R.INVALID_VALUE, sub, subjects, field=_field_label(sub), problem=error.problem
            )
        else:
            self.emit(
                R.INVALID_VALUE,
                path,
                subjects,
                field=field,
                problem=str(error) or type(error).__name__,
            )

    # -- a collection ---------------------------------------------------------------
    def many(
        self,
        raw: Any,
        cls: type[Any],
        path: tuple[PathSegment, ...],
        progress: Progress,
        positions: dict[tuple[PathSegment, ...], tuple[int, ...]],
        skipped: set[str],
        id_key: str = "id",
    ) -> tuple[Any, ...]:
        if raw is None:
            return ()
        if type(raw) is not list and not isinstance(raw, LazyEntries):
            self.emit(
                R.WRONG_TYPE,
                path,
                (),
                field=_field_label(path),
                expected=A_LIST,
                got=describe(raw),
                type_hint=lazy("write the entries as a list (each one starting with '- ' in YAML)"),
            )
            return ()
        made = compiled(cls) if isinstance(raw, LazyEntries) else None
        if made is not None and isinstance(raw, LazyEntries):
            built: list[Any] = []
            build = made.build
            append = built.append

            def take(structs: list[Any], start: int) -> int:
                if start == 0 and None not in structs:
                    try:
                        built.extend([build(s) for s in structs])
                        return len(structs)
                    except Exception:
                        pass
                for j in range(start, len(structs)):
                    try:
                        append(build(structs[j]))
                    except Exception:
                        return j
                return len(structs)

            self.runs(raw, cls, made, path, progress, positions, skipped, id_key, take, append)
            return tuple(built)
        hook = fast_converter.get_structure_hook(cls)
        out: list[Any] = []
        kept: list[int] | None = None
        for start in range(0, len(raw), _CHUNK):
            chunk = raw[start : start + _CHUNK]
            if self.consume and type(raw) is list:
                # The document's entries are dropped as they are read: the raw data
                # and the ledger are never both whole in memory.
                raw[start : start + len(chunk)] = _NONES[: len(chunk)]
            if kept is None:
                try:
                    out.extend([hook(item, cls) for item in chunk])
                    progress.advance(len(chunk))
                    continue
                except Exception:
                    pass
            for offset, item in enumerate(chunk):
                index = start + offset
                try:
                    value = hook(item, cls)
                except Exception:
                    value = self._detailed(item, cls, (*path, index))
                if value is None:
                    if kept is None:
                        kept = list(range(len(out)))
                    if type(item) is dict and type(item.get(id_key)) is str:
                        skipped.add(item[id_key])
                    continue
                out.append(value)
                if kept is not None:
                    kept.append(index)
            progress.advance(len(chunk))
        if kept is not None:
            positions[path] = tuple(kept)
        return tuple(out)

    def runs(
        self,
        raw: LazyEntries | list[Any],
        cls: type[Any],
        made: Compiled,
        path: tuple[PathSegment, ...],
        progress: Progress,
        positions: dict[tuple[PathSegment, ...], tuple[int, ...]],
        skipped: set[str],
        id_key: str,
        take_structs: Callable[[list[Any], int], int],
        take: Callable[[Any], object],
    ) -> None:
        """Read a list run by run into structs: decoded by msgspec from civledger's JSON
        layout (``raw`` lazy entries), or converted by msgspec from mappings (a list).

        ``take_structs(structs, j)`` takes structs from the ``j``-th on, up to one it
        does not take (or a ``None``: a mapping msgspec refused), and returns that
        one's index (``len(structs)``: it took them all); that entry is read as a
        mapping by the loader's converters, and given to ``take``. What is observed,
        skipped and kept is what :meth:`many` observes of the same entries.
        """
        hook = fast_converter.get_structure_hook(cls)
        kept: list[Any] | None = None
        taken = 0
        for first, count, structs, items_of in _chunks(raw, made, self.consume):
            items: list[Any] | None = None
            j = 0
            while j < count:
                if structs is not None:
                    upto = take_structs(structs, j)
                    taken += upto - j
                    if kept is not None:
                        kept.extend(range(first + j, first + upto))
                    j = upto
                    if j == count:
                        break
                index = first + j
                if items is None:
                    items = items_of()
                item = items[j]
                j += 1
                try:
                    value = hook(item, cls)
                except Exception:
                    value = self._detailed(item, cls, (*path, index))
                if value is None:
                    if kept is None:
                        kept = list(range(taken))
                    if type(item) is dict and type(item.get(id_key)) is str:
                        skipped.add(item[id_key])
                    continue
                take(value)
                taken += 1
                if kept is not None:
                    kept.append(index)
            progress.advance(count)
        if kept is not None:
            positions[path] = tuple(kept)

    def journal(
        self,
        raw: Any,
        path: tuple[PathSegment, ...],
        progress: Progress,
        positions: dict[tuple[PathSegment, ...], tuple[int, ...]],
        skipped: set[str],
    ) -> Journal:
        """The journal: read into columns, its entries built only when read."""
        made = compiled(Entry) if isinstance(raw, LazyEntries) or type(raw) is list else None
        if made is None:
            return Journal(self.many(raw, Entry, path, progress, positions, skipped))
        columns = JournalColumns()
        rows = JournalRows(columns)
        self.runs(
            raw, Entry, made, path, progress, positions, skipped, "id", rows.add_all, columns.add
        )
        return Journal.of_columns(columns)


def _chunks(
    raw: LazyEntries | list[Any], made: Compiled, consume: bool
) -> Iterator[tuple[int, int, list[Any] | None, Callable[[], list[Any]]]]:
    """The entries of a list in chunks: the index of the first, how many, their structs
    (``None``: msgspec refused the chunk; a ``None`` among them: it refused that one) and
    how to have them as mappings."""
    if isinstance(raw, LazyEntries):
        for first, count, start, stop, view in raw.runs():
            structs = made.decode(b"[" + view + b"]")
            if structs is not None and len(structs) != count:
                structs = None
            yield first, count, structs, functools.partial(_parsed, raw, view, start, stop, count)
        return
    for start in range(0, len(raw), _CHUNK):
        chunk = raw[start : start + _CHUNK]
        if consume:
            # The document's entries are dropped as they are read: the raw data and the
            # ledger are never both whole in memory.
            raw[start : start + len(chunk)] = _NONES[: len(chunk)]
        yield start, len(chunk), made.convert(chunk), functools.partial(_as_given, chunk)


def _as_given(items: list[Any]) -> list[Any]:
    return items


def _parsed(raw: LazyEntries, view: Any, start: int, stop: int, count: int) -> list[Any]:
    """The entries of a run as mappings (orjson), each on its own when the run does not
    parse whole (the one that fails is named, as when read one by one)."""
    try:
        parsed = orjson.loads(b"[" + view + b"]")
    except orjson.JSONDecodeError:
        parsed = None
    if type(parsed) is list and len(parsed) == count:
        return parsed
    return [raw.parse_at(begin, end) for begin, end in raw.ranges_of(start, stop)]


def _type_hint(error: WrongType) -> Phrase:
    if (
        error.expected == TEXT
        and isinstance(error.value, int | float)
        and not isinstance(error.value, bool)
    ):
        return phrase("quote it so that it is read as text: '{value}'", value=error.value)
    if error.expected == A_LIST and isinstance(error.value, str):
        return phrase("write it as a list: [{value}]", value=error.value)
    return phrase("write {expected} here", expected=error.expected)


def _leaves(
    exc: BaseException, path: tuple[PathSegment, ...], owner: type[Any] | None
) -> Iterator[tuple[tuple[PathSegment, ...], BaseException, type[Any] | None]]:
    if isinstance(exc, cattrs.ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _leaves(sub, (*path, note.name), exc.cl)
        for sub in without:
            yield from _leaves(sub, path, exc.cl)
    elif isinstance(exc, cattrs.IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            yield from _leaves(sub, (*path, inote.index), owner)
        for sub in without_i:
            yield from _leaves(sub, path, owner)
    else:
        yield path, exc, owner


def _known_keys_only(raw: Any, cls: Any) -> Any:
    """Drop keys the format does not define, at every depth (after they were reported)."""
    if get_origin(cls) in (typing.Union, types.UnionType):
        inner = [a for a in get_args(cls) if a is not type(None)]
        return _known_keys_only(raw, inner[0]) if len(inner) == 1 else raw
    if get_origin(cls) is tuple and type(raw) is list:
        return [_known_keys_only(item, get_args(cls)[0]) for item in raw]
    if type(raw) is dict and attrs.has(cls):
        hints = _hints(cls)
        return {
            k: v if type(v) in _SCALARS else _known_keys_only(v, hints[k])
            for k, v in raw.items()
            if k in hints
        }
    return raw


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _allowed(cls: type[Any]) -> str:
    """The keys an entity's mapping may hold, for the hint of LDG001."""
    return ", ".join(a.name for a in attrs.fields(cls))


@functools.cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    """The field types of an entity class, resolved once (resolving costs ~0.5 ms a call)."""
    return typing.get_type_hints(cls)


def structure_ledger(
    data: Mapping[str, Any],
    *,
    file: str | None = None,
    fmt: str | None = None,
    locate: Locate | None = None,
    progress: Progress | None = None,
    journal: JournalSource | None = None,
    consume: bool = False,
    noticed: tuple[Observation, ...] = (),
) -> Ledger:
    """Turn a parsed ledger document into a :class:`~civledger.Ledger`.

    The document must already be a mapping with the right ``civledger``
    version (the reading layer checks both). Every problem is recorded as an
    observation in ``ledger.origin.observations``, which :func:`civledger.check`
    words as LDG findings; nothing is raised for bad data.
    When the journal came from its own file, ``data["journal"]`` holds its
    entries and ``journal`` says where they came from. With ``consume``, the
    entries of ``data`` are released as they are read (the reading layer does
    this for big files; the document is of no use afterwards). ``noticed`` are
    observations the reading layer made of the document itself (a key given twice).

    Examples
    --------
    >>> ledger = structure_ledger({
    ...     "civledger": 1,
    ...     "campaign": {"id": "c", "name": "试点"},
    ...     "units": [{"id": "zc", "name": "柘城县", "level": "县"},
    ...               {"id": "ly", "name": "龙源街道", "level": "province"}],
    ... })
    >>> [u.id for u in ledger.units]
    ['zc']
    >>> [(seen.code, seen.location.json_path) for seen in ledger.origin.observations]
    [('LDG004', '$.units[1].level')]
    """
    progress = progress or NullProgress()
    where = Origin(
        file=file,
        format=fmt,
        locator=locate,
        journal_path=journal.path if journal is not None else None,
        journal_lines=journal.lines if journal is not None else (),
    )
    reader = _Reader(where=where.locate, consume=consume)
    reader.observations.extend(noticed)
    if journal is not None:
        _journal_lines(reader, journal)
    positions: dict[tuple[PathSegment, ...], tuple[int, ...]] = {}
    skipped: dict[str, set[str]] = {}

    for key in data:
        if key not in TOP_LEVEL_KEYS:
            reader.emit(
                R.UNKNOWN_KEY,
                (str(key),),
                (),
                key=key,
                where=THE_LEDGER,
                allowed=list(TOP_LEVEL_KEYS),
            )

    campaign = None
    if data.get("campaign") is None:
        reader.emit(R.MISSING_KEY, ("campaign",), (), key="campaign", where=THE_LEDGER)
    else:
        campaign = reader.one(data["campaign"], Campaign, ("campaign",))
    if campaign is None:
        campaign = Campaign(id="", name="")

    zone: tzinfo | None = tz.gettz(campaign.timezone)
    token = reading_timezone.set(zone)
    try:
        parts: dict[str, Any] = {}
        total = sum(
            len(v)
            for c in COLLECTIONS
            if c.kind is not Framework and isinstance(v := data.get(c.name), list | LazyEntries)
        )
        frameworks = data.get("frameworks")
        if type(frameworks) is list:
            total += sum(
                len(fw["nodes"])
                for fw in frameworks
                if type(fw) is dict and type(fw.get("nodes")) is list
            )
        progress.stage(N_("reading entries"), total)
        for collection in COLLECTIONS:
            ids: set[str] = set()
            raw = data.get(collection.name)
            path = (collection.name,)
            if collection.kind is Framework and type(raw) is list:
                nodes: set[str] = set()
                parts[collection.name] = _frameworks(reader, raw, progress, positions, ids, nodes)
                if nodes:
                    skipped[SKIPPED_STANDARDS] = nodes
            elif collection.kind is Entry:
                parts[collection.name] = reader.journal(raw, path, progress, positions, ids)
            else:
                parts[collection.name] = reader.many(
                    raw, collection.kind, path, progress, positions, ids
                )
            if ids:
                skipped[collection.name] = ids
        policy = None
        if data.get("policy") is not None:
            policy = reader.one(data["policy"], SignOffPolicy, ("policy",))
    finally:
        reading_timezone.reset(token)
    progress.done()

    origin = attrs.evolve(
        where,
        observations=tuple(reader.observations),
        skipped={k: frozenset(v) for k, v in skipped.items()},
        positions=positions,
        journal_size=journal.size if journal is not None else None,
        journal_mark=_mark(journal, reader.observations, positions, parts["journal"]),
    )
    return Ledger(
        campaign=campaign,
        policy=policy,
        origin=origin,
        journal_file=journal.name if journal is not None else None,
        **parts,
    )


def _journal_lines(reader: _Reader, journal: JournalSource) -> None:
    """Observe what the journal file's lines hold besides entries."""
    if journal.outside is not None:
        reader.emit(R.FILE_OUTSIDE, ("journal",), (), name=journal.name, reason=journal.outside)
    for line, text, problem, torn in journal.problems:
        reader.observations.append(
            Observation(
                code=R.TORN_JOURNAL_LINE if torn else R.BAD_JOURNAL_LINE,
                location=Location(file=journal.path, line=line),
                params={"line": line, "text": text, "problem": problem},
            )
        )
    for index, keys in journal.repeated:
        reader.emit(
            R.REPEATED_KEY,
            ("journal", index),
            (),
            keys=tuple(repr(key) for key in keys),
            where=lazy("this journal entry"),
        )


def _mark(
    journal: JournalSource | None,
    observations: list[Observation],
    positions: dict[tuple[PathSegment, ...], tuple[int, ...]],
    entries: tuple[Any, ...],
) -> JournalMark | None:
    """What the ledger knows of its journal file, with the lines it keeps verbatim."""
    if journal is None or journal.mark is None:
        return None
    flagged = flagged_entries(observations)
    kept_at = positions.get(("journal",))
    if not flagged and kept_at is None and not journal.problems:
        return journal.mark
    return attrs.evolve(journal.mark, kept=kept_lines(journal, flagged, kept_at, entries))


def structure_entries(
    raws: list[Any],
    *,
    first_index: int,
    source: JournalSource,
    zone: tzinfo | None,
) -> tuple[list[Entry], list[Observation], tuple[KeptLine, ...], tuple[int, ...] | None]:
    """Structure journal entries appended to a journal file since a ledger last read it.

    ``raws`` are the parsed lines of ``source`` (the bytes after the ledger's
    mark), to become journal entries ``first_index`` on. Returns the entries,
    what was observed about the lines (as loading observes it), the lines to
    keep verbatim, and the index among ``raws`` of each entry (``None`` when
    every one became an entry).

    Examples
    --------
    >>> source = JournalSource(name="j", path="j", lines=(8,), data=b'{"task": "T-1"}',
    ...                        starts=(0,), stops=(15,))
    >>> entries, seen, kept, kept_at = structure_entries([{"task": "T-1"}], first_index=5,
    ...                                                  source=source, zone=None)
    >>> entries, [(o.code, o.location.line) for o in seen], [(k.index, k.line) for k in kept]
    ([], [('LDG005', 8), ('LDG005', 8)], [(5, 8)])
    >>> kept_at
    ()
    """
    where = Origin(journal_path=source.path, journal_lines=source.lines)
    reader = _Reader(where=where.locate)
    _journal_lines(reader, source)
    positions: dict[tuple[PathSegment, ...], tuple[int, ...]] = {}
    token = reading_timezone.set(zone)
    try:
        entries = reader.many(raws, Entry, ("journal",), NullProgress(), positions, set())
    finally:
        reading_timezone.reset(token)
    observations = [
        attrs.evolve(
            seen,
            location=attrs.evolve(seen.location, path=_shifted(seen.location.path, first_index)),
        )
        for seen in reader.observations
    ]
    flagged = flagged_entries(reader.observations)
    kept_at = positions.get(("journal",))
    kept = kept_lines(source, flagged, kept_at, entries, first_index=first_index)
    return list(entries), observations, kept, kept_at


def _shifted(path: tuple[PathSegment, ...], by: int) -> tuple[PathSegment, ...]:
    if len(path) > 1 and path[0] == "journal" and isinstance(path[1], int):
        return ("journal", path[1] + by, *path[2:])
    return path


def _frameworks(
    reader: _Reader,
    raw: list[Any],
    progress: Progress,
    positions: dict[tuple[PathSegment, ...], tuple[int, ...]],
    skipped: set[str],
    skipped_nodes: set[str],
) -> tuple[Framework, ...]:
    # Nodes are read one by one so that one bad node does not lose the framework.
    out: list[Framework] = []
    kept: list[int] = []
    for index, item in enumerate(raw):
        path = ("frameworks", index)
        nodes_raw = item.get("nodes") if type(item) is dict else None
        shell = {k: v for k, v in item.items() if k != "nodes"} if type(item) is dict else item
        framework = reader.one(shell, Framework, path)
        codes: set[str] = set()
        nodes = reader.many(
            nodes_raw, FrameworkNode, (*path, "nodes"), progress, positions, codes, id_key="code"
        )
        if type(item) is dict and type(item.get("id")) is str:
            skipped_nodes.update(f"{item['id']}:{code}" for code in codes)
        if framework is None:
            if type(item) is dict and type(item.get("id")) is str:
                skipped.add(item["id"])
            continue
        moved = positions.pop((*path, "nodes"), None)
        if moved is not None:
            positions[("frameworks", len(out), "nodes")] = moved
        out.append(attrs.evolve(framework, nodes=nodes))
        kept.append(index)
    if len(kept) != len(raw):
        positions[("frameworks",)] = tuple(kept)
    return tuple(out)
