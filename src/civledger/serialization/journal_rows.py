"""Journal entries decoded by msgspec, written straight into the journal's columns.

The loader decodes runs of journal entries into structs
(:func:`civledger.serialization.compiled.compiled` of :class:`~civledger.Entry`);
:class:`JournalRows` turns each struct into a row of the journal's columns
(:class:`~civledger.model.journal_store.JournalColumns`) without building the
entry. A struct whose values the loader's converters would read otherwise — an
action or an appeal ground that names no member, a date-time that is not ISO, a
figure out of range, anything an entry's validators refuse — is refused (the
row is not written), and the loader reads that entry the slow way.

A date-time is read from its text: once per distinct text (entries made at the same
minute repeat it), else from its day and its time of day with its offset
(``2026-04-02`` and ``T09:00:00+08:00``), each read once and checked by
``fromisoformat`` when first seen; a text of another shape is read whole.
"""

from __future__ import annotations

import math
import sys
from array import array
from datetime import UTC, date, datetime, timezone
from struct import pack
from typing import Any

import msgspec

from civledger.labels import normalize_label
from civledger.model import Action, Amount, AppealReason, EvidenceKind
from civledger.model.journal_columns import (
    ACTION_CODES,
    NO_ID,
    JournalColumns,
    instant_of,
)
from civledger.serialization.compiled import compiled, read_date

__all__ = ["JournalRows"]

_NAN = math.nan
_UNSET = msgspec.UNSET
_DAY = 86_400_000_000
_MIDNIGHT_2000 = instant_of(datetime(2000, 1, 1, tzinfo=UTC))
_KEPT = 100_000  # distinct times of day kept (with their offsets): a day has 86,400 seconds


def _extend(column: array[Any], values: list[Any]) -> None:
    """Add ``values`` to an array column at once: packed by ``struct`` in C, not each one
    parsed as an array's ``append`` parses it (``PyArg_Parse``, some ten times slower)."""
    column.frombytes(pack(f"{len(values)}{column.typecode}", *values))


class _Refused(Exception):
    """A struct the row builder does not write (the loader reads the entry the slow way)."""


class JournalRows:
    """Writes decoded journal entries as rows of ``columns`` (see the module)."""

    def __init__(self, columns: JournalColumns) -> None:
        self.columns = columns
        self.seen: dict[str, tuple[int, int]] = {}  # whole texts, as journals repeat them
        self.days: dict[str, int] = {}
        self.times: dict[str, int] = {}
        self.zones: dict[str, int] = {}
        self.actions = {text: ACTION_CODES[a] for text, a in Action._lookup().items()}
        self.appeals = AppealReason._lookup()
        amounts = compiled(Amount)
        assert amounts is not None
        self.amounts = amounts.build
        self.kinds = EvidenceKind._lookup()

    def add(self, s: Any) -> bool:
        """Write the row of one decoded entry; ``False`` (nothing written) when the loader
        must read it the slow way."""
        return self.add_all([s]) == 1

    def add_all(self, structs: list[Any], start: int = 0) -> int:
        """Write the rows of ``structs[start:]`` in order, up to the first the loader must
        read the slow way; return its index (``len(structs)`` when there is none)."""
        columns = self.columns
        days, times, zones, actions = self.days, self.times, self.zones, self.actions
        seen = self.seen
        task_ids, name_ids = columns.task_ids, columns.name_ids
        task_index, name_index = columns.task_index, columns.name_index
        rares, evidences = columns.rare, columns.evidence
        first_seen, rare_of, evidence_of = self._first_seen, self._rare, self._evidence
        # The run's rows are gathered in lists (a list's append is the interpreter's own)
        # and packed into the columns when the run stops (see _extend).
        tasks: list[int] = []
        codes: list[int] = []
        instants: list[int] = []
        zone_codes: list[int] = []
        bys: list[int] = []
        units: list[int] = []
        percents: list[float] = []
        quantities: list[float] = []
        base = len(columns.action)
        stop = len(structs)
        try:
            for j in range(start, stop):
                s = structs[j]
                if s is None:  # an entry msgspec refused: the loader reads it
                    stop = j
                    break
                text = s.at
                try:
                    found = seen.get(text)
                    if found is not None:
                        instant, zone = found
                    else:
                        tail = text[10:]
                        day = days.get(text[:10])
                        clock = times.get(tail)
                        if day is not None and clock is not None:
                            instant, zone = day + clock, zones[tail]
                        else:
                            instant, zone = first_seen(text)
                        if len(seen) < _KEPT:
                            seen[text] = (instant, zone)
                    action = actions.get(s.action)
                    if action is None:
                        action = actions[normalize_label(s.action)]
                    percent = s.percent
                    if percent is None:
                        percent = _NAN
                    elif not 0 <= percent <= 100:  # as Entry's validator (NaN fails too)
                        stop = j
                        break
                    quantity = s.quantity
                    if quantity is None:
                        quantity = _NAN
                    elif quantity - quantity != 0:
                        stop = j
                        break
                    evidence = s.evidence
                    if evidence:
                        evidence = evidence_of(evidence)
                    rare = None
                    if (
                        s.id is not None
                        or s.note is not None
                        or s.amounts
                        or s.due is not None
                        or s.reason is not None
                        or s.appeal is not None
                        or s.approved_by is not None
                        or s.undoes is not None
                    ):
                        rare = rare_of(s)
                except (_Refused, KeyError, ValueError, TypeError, OverflowError):
                    stop = j
                    break
                if rare is not None:
                    rares[base + len(codes)] = rare
                if evidence:
                    evidences[base + len(codes)] = evidence
                task = s.task
                k = task_ids.get(task)
                tasks.append(task_index(task) if k is None else k)
                codes.append(action)
                instants.append(instant)
                zone_codes.append(zone)
                by = s.by
                if by is None:
                    bys.append(NO_ID)
                else:
                    n = name_ids.get(by)
                    bys.append(name_index(by) if n is None else n)
                unit = s.unit
                if unit is None:
                    units.append(NO_ID)
                else:
                    n = name_ids.get(unit)
                    units.append(name_index(unit) if n is None else n)
                percents.append(percent)
                quantities.append(quantity)
        finally:
            if codes:
                _extend(columns.task, tasks)
                columns.action.extend(codes)
                _extend(columns.instant, instants)
                _extend(columns.zone, zone_codes)
                _extend(columns.by, bys)
                _extend(columns.unit, units)
                _extend(columns.percent, percents)
                _extend(columns.quantity, quantities)
        return stop

    def _evidence(self, items: tuple[Any, ...]) -> tuple[tuple[Any, ...], ...]:
        """Each piece of evidence as its kind, reference and note (built when read)."""
        kinds = self.kinds
        out = []
        for item in items:
            kind = kinds.get(item.kind)
            if kind is None:
                kind = kinds[normalize_label(item.kind)]
            out.append((kind, item.ref, item.note))
        return tuple(out)

    def _rare(self, s: Any) -> dict[str, Any]:
        """The fields few entries carry, read as the loader's converters read them."""
        rare: dict[str, Any] = {}
        if s.id is not None:
            rare["id"] = sys.intern(s.id)
        if s.note is not None:
            rare["note"] = s.note
        if s.amounts:
            rare["amounts"] = tuple(map(self.amounts, s.amounts))
        if s.due is not None:
            rare["due"] = read_date(s.due)
        if s.reason is not None:
            rare["reason"] = s.reason
        if s.appeal is not None:
            appeal = self.appeals.get(s.appeal)
            if appeal is None:
                appeal = self.appeals[normalize_label(s.appeal)]
            rare["appeal"] = appeal
        if s.approved_by is not None:
            rare["approved_by"] = sys.intern(s.approved_by)
        if s.undoes is not None:
            rare["undoes"] = sys.intern(s.undoes)
        return rare

    def _first_seen(self, text: str) -> tuple[int, int]:
        moment = datetime.fromisoformat(text)
        zone = moment.tzinfo
        if type(zone) is not timezone or moment.fold:
            # No offset (read in the campaign's zone), or a zone object: not a plain row.
            raise _Refused(text)
        instant = instant_of(moment)
        index = self.columns.zone_index(zone)
        if index > 0xFFFF:  # beyond the zone column's codes: the row keeps its date-time
            raise _Refused(text)
        # The day and the time of day, each as fromisoformat reads it, kept for the texts
        # that share them: a date of ten characters ends where the separator is.
        head, tail = text[:10], text[10:]
        try:
            day = date.fromisoformat(head)
            clock = datetime.fromisoformat("2000-01-01" + tail)
        except ValueError:
            return instant, index
        if type(clock.tzinfo) is not timezone or clock.tzinfo != zone:
            return instant, index
        days = (day.toordinal() - 719_163) * _DAY  # 719,163: the ordinal of 1970-01-01
        since = instant_of(clock) - _MIDNIGHT_2000
        if days + since != instant:
            return instant, index
        if len(self.days) < _KEPT:
            self.days[head] = days
        if len(self.times) < _KEPT:
            self.times[tail] = since
            self.zones[tail] = index
        return instant, index
