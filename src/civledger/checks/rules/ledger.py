"""LDG rules over the whole ledger: unique ids, references that resolve, waivers.

(The LDG rules about keys, types and values come from loading; see
:mod:`civledger.checks.rules.loading`.)
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any

from civledger.checks.context import Context
from civledger.checks.registry import rule
from civledger.findings import Issue, Rule, Severity, format_path
from civledger.graph.places import place_index
from civledger.i18n import N_, Phrase, either, lazy, phrase
from civledger.model import COLLECTIONS, Ledger
from civledger.model.framework import split_standard_ref
from civledger.serialization.loader import SKIPPED_STANDARDS

__all__ = [
    "RULES",
    "UNUSED_WAIVER",
    "ambiguous_standard",
    "duplicate_id",
    "framework_cycle",
    "unknown_reference",
    "waiver_expired",
    "waiver_unknown_rule",
]

_STANDARD = "standard"
_ANY = "any"

# (collection, field, what the field names). Tuple-valued fields name several.
_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("units", "parent", "units"),
    ("appointments", "person", "people"),
    ("appointments", "unit", "units"),
    ("appointments", "group", "groups"),
    ("appointments", "task", "tasks"),
    ("contracts", "unit", "units"),
    ("contracts", "target", "units"),
    ("groups", "lead", "units"),
    ("groups", "cooperating", "units"),
    ("groups", "standards", _STANDARD),
    ("groups", "hq", "units"),
    ("places", "units", "units"),
    ("tasks", "lead", "units"),
    ("tasks", "joint_leads", "units"),
    ("tasks", "cooperating", "units"),
    ("tasks", "responsible", "people"),
    ("tasks", "standards", _STANDARD),
    ("tasks", "parent", "tasks"),
    ("tasks", "located_in", "units"),
    ("tasks", "found_by", "people"),
    ("tasks", "places", "places"),
    # The task and the people of a journal entry are SGN007 (checked on append too).
    ("journal", "unit", "units"),
    ("journal", "undoes", "journal"),
    ("incidents", "item", "negative_list"),
    ("incidents", "unit", "units"),
    ("inspections", "by", "units"),
    ("inspections", "units", "units"),
    ("inspections", "problems", "tasks"),
    ("inspections", "framework", "frameworks"),
    ("inspections", "section", _STANDARD),
    ("negative_list", "frameworks", "frameworks"),
    ("schedules", "leader", "people"),
    ("schedules", "unit", "units"),
    ("schedules", "participants", "people"),
    ("schedules", "units", "units"),
    ("waivers", "approved_by", "people"),
    ("waivers", "subject", _ANY),
)
_NOUN = {c.name: c.singular for c in COLLECTIONS}
_NOUN[_STANDARD] = lazy("standard")
_NOUN[_ANY] = lazy("entry")
_NODE = lazy("framework node")
_SUGGESTIONS = 50  # closest-match hints cost a scan of the ids; enough for a person to act on


@rule(
    "LDG007",
    "duplicate-id",
    title=N_("Two entries of one list share an id"),
    message=N_("{kind} id {id!r} is used again (first at {first})"),
    hint=N_("give each {kind} its own id: ids are unique within their list"),
    description=N_(
        "Ids identify entries across re-imports and references; each must be unique in "
        "its list (and each node code unique in its framework)."
    ),
)
def duplicate_id(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for collection in COLLECTIONS:
        if collection.id_field is None:
            continue
        ids = _values(ledger, collection.name, "id")
        index = ledger.index(collection.name)
        with_ids = len(ids) if collection.id_required else sum(i is not None for i in ids)
        if len(index) == with_ids:
            continue
        yield from _repeats(
            ctx,
            [(i, one) for i, one in enumerate(ids) if one is not None],
            (collection.name,),
            collection.singular,
        )
    for f, framework in enumerate(ledger.frameworks):
        codes = [(i, node.code) for i, node in enumerate(framework.nodes)]
        if len({c for _, c in codes}) != len(codes):
            yield from _repeats(ctx, codes, ("frameworks", f, "nodes"), _NODE, key="code")


def _values(ledger: Ledger, collection: str, field: str) -> list[Any]:
    """One field of every entry of a collection (the journal's without building entries)."""
    if collection == "journal":
        return ledger.journal.values(field)
    return list(map(attrgetter(field), getattr(ledger, collection)))


def _distinct(ledger: Ledger, collection: str, field: str) -> set[Any]:
    """The values one field of a collection names (each id once; ``None`` left out)."""
    if collection == "journal":
        found = ledger.journal.distinct(field)
    else:
        items = getattr(ledger, collection)
        if not items:
            return set()
        getter = attrgetter(field)
        if type(getter(items[0])) is tuple:
            found = set(itertools.chain.from_iterable(map(getter, items)))
        else:
            found = set(map(getter, items))
    found.discard(None)
    return found


def _item(ledger: Ledger, collection: str, position: int) -> Any:
    return getattr(ledger, collection)[position]


def _repeats(
    ctx: Context, pairs: list[tuple[int, str]], base: tuple[Any, ...], kind: str, key: str = "id"
) -> Iterator[Issue]:
    seen: dict[str, int] = {}
    for position, value in pairs:
        if value in seen:
            first = ctx.ledger.locate(*base, seen[value])
            where = (
                phrase("line {line}", line=first.line)
                if first.line is not None
                else format_path(first.path)
            )
            yield ctx.issue(
                *base, position, key, subjects=[value], kind=kind, id=value, first=where
            )
        else:
            seen[value] = position


@rule(
    "LDG008",
    "unknown-reference",
    title=N_("A reference to an id the ledger does not define"),
    message=N_("{field} refers to {kind} {id!r}, which the ledger does not define"),
    hint="{suggestion}",
    description=N_(
        "Every id a ledger entry names (a lead unit, a person, a standard, a task) must "
        "be defined in the ledger. Entries that failed to load are not reported again."
    ),
)
def unknown_reference(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    skipped = ledger.origin.skipped if ledger.origin is not None else {}
    known = _Known(ledger, skipped)
    suggestions = itertools.count()
    for collection, field, target in _REFERENCES:
        flat = _distinct(ledger, collection, field)
        missing = known.missing(target, flat) if flat else None
        if not missing:
            continue
        values = _values(ledger, collection, field)
        for i, value in enumerate(values):
            if type(value) is tuple:
                for j, one in enumerate(value):
                    if one in missing:
                        yield _unknown(
                            ctx,
                            known,
                            suggestions,
                            (collection, i, field, j),
                            _item(ledger, collection, i),
                            field,
                            target,
                            one,
                        )
            elif value in missing:
                yield _unknown(
                    ctx,
                    known,
                    suggestions,
                    (collection, i, field),
                    _item(ledger, collection, i),
                    field,
                    target,
                    value,
                )
    yield from _nested_references(ledger, ctx, known, suggestions)


def _nested_references(
    ledger: Ledger, ctx: Context, known: _Known, suggestions: Iterator[int]
) -> Iterator[Issue]:
    if ledger.campaign.office is not None and not known.has("units", ledger.campaign.office):
        yield _unknown(
            ctx,
            known,
            suggestions,
            ("campaign", "office"),
            None,
            "office",
            "units",
            ledger.campaign.office,
        )
    for i, policy in enumerate(ledger.campaign.rankings):
        if policy.by is not None and not known.has("units", policy.by):
            yield _unknown(
                ctx,
                known,
                suggestions,
                ("campaign", "rankings", i, "by"),
                None,
                "by",
                "units",
                policy.by,
            )
    for i, evaluation in enumerate(ledger.campaign.evaluations):
        if evaluation.framework is not None and not known.has("frameworks", evaluation.framework):
            yield _unknown(
                ctx,
                known,
                suggestions,
                ("campaign", "evaluations", i, "framework"),
                None,
                "framework",
                "frameworks",
                evaluation.framework,
            )
    yield from _place_references(ledger, ctx, known, suggestions)
    for f, framework in enumerate(ledger.frameworks):
        codes = {n.code for n in framework.nodes}
        for i, node in enumerate(framework.nodes):
            if node.parent is not None and node.parent not in codes:
                yield ctx.issue(
                    "frameworks",
                    f,
                    "nodes",
                    i,
                    "parent",
                    subjects=[framework.id, node.code],
                    field="parent",
                    kind=_NODE,
                    id=node.parent,
                    suggestion=_suggest(node.parent, sorted(codes), _NODE),
                )
    for i, inspection in enumerate(ledger.inspections):
        for j, score in enumerate(inspection.scores):
            if not known.has("units", score.unit):
                yield _unknown(
                    ctx,
                    known,
                    suggestions,
                    ("inspections", i, "scores", j, "unit"),
                    inspection,
                    "unit",
                    "units",
                    score.unit,
                )
        for j, grade in enumerate(inspection.grades):
            if not known.has(_STANDARD, grade.standard):
                yield _unknown(
                    ctx,
                    known,
                    suggestions,
                    ("inspections", i, "grades", j, "standard"),
                    inspection,
                    "standard",
                    _STANDARD,
                    grade.standard,
                )


def _place_references(
    ledger: Ledger, ctx: Context, known: _Known, suggestions: Iterator[int]
) -> Iterator[Issue]:
    """The place of an appointment names a place by id or name, once the ledger lists places.

    Before places were entities, ``place`` was free text (the road a 路长 chairs);
    a ledger without ``places`` keeps it so, and checks as it did.
    """
    if not ledger.places:
        return
    index = place_index(ledger)
    skipped = known.skipped.get("places", ())
    for i, appointment in enumerate(ledger.appointments):
        place = appointment.place
        if place is not None and index.resolve(place) is None and place not in skipped:
            yield _unknown(
                ctx,
                known,
                suggestions,
                ("appointments", i, "place"),
                None,
                "place",
                "places",
                place,
            )


class _Known:
    """Membership of ids in the ledger, counting entries that failed to load as known."""

    def __init__(self, ledger: Ledger, skipped: Any) -> None:
        self.ledger = ledger
        self.skipped = skipped
        self._standards: dict[str, bool] = {}
        self._any: set[str] | None = None

    def has(self, target: str, value: str) -> bool:
        if target == _STANDARD:
            found = self._standards.get(value)
            if found is None:
                found = self._standards[value] = self._standard(value)
            return found
        if target == _ANY:
            if self._any is None:
                self._any = {
                    key
                    for c in COLLECTIONS
                    if c.id_field is not None
                    for key in itertools.chain(
                        self.ledger.index(c.name), self.skipped.get(c.name, ())
                    )
                }
            return value in self._any or bool(self.ledger.resolve_standard(value))
        return value in self.ledger.index(target) or value in self.skipped.get(target, ())

    def missing(self, target: str, values: set[Any]) -> set[Any]:
        """The values that name nothing in ``target`` (set arithmetic for plain ids)."""
        if target in (_STANDARD, _ANY):
            return {v for v in values if not self.has(target, v)}
        left_out: frozenset[str] = self.skipped.get(target, frozenset())
        unknown: set[Any] = values - self.ledger.index(target).keys() - left_out
        return unknown

    def _standard(self, ref: str) -> bool:
        if self.ledger.resolve_standard(ref):
            return True
        framework, code = split_standard_ref(ref)
        left_out = self.skipped.get(SKIPPED_STANDARDS, frozenset())
        if framework is None:
            return any(node.endswith(f":{code}") for node in left_out)
        return ref in left_out or framework in self.skipped.get("frameworks", ())

    def candidates(self, target: str) -> list[str]:
        if target == _STANDARD:
            return [f"{fw.id}:{n.code}" for fw in self.ledger.frameworks for n in fw.nodes]
        if target == _ANY:
            return sorted(self._any or ())
        return list(self.ledger.index(target))


def _unknown(
    ctx: Context,
    known: _Known,
    suggestions: Iterator[int],
    path: tuple[Any, ...],
    owner: Any,
    field: str,
    target: str,
    value: str,
) -> Issue:
    subjects = [owner.id] if getattr(owner, "id", None) is not None else []
    if next(suggestions) < _SUGGESTIONS:
        hint = _suggest(value, known.candidates(target), _NOUN[target])
    else:
        hint = phrase("add the {kind} to the ledger, or correct the id", kind=_NOUN[target])
    return ctx.issue(
        *path, subjects=subjects, field=field, kind=_NOUN[target], id=value, suggestion=hint
    )


def _suggest(value: str, candidates: Iterable[str], noun: str) -> Phrase:
    close = difflib.get_close_matches(value, list(candidates), n=3, cutoff=0.6)
    if close:
        return phrase("did you mean {ids}?", ids=either(repr(c) for c in close))
    return phrase("add the {kind} to the ledger, or correct the id", kind=noun)


@rule(
    "LDG009",
    "framework-cycle",
    title=N_("Framework nodes that are their own ancestors"),
    message=N_("framework {framework}: nodes {cycle} are each other's ancestors"),
    hint=N_("a framework is a tree: give each node a parent above it"),
    description=N_(
        "The assessment framework is a tree of any depth; following ``parent`` from any "
        "node must reach a top-level node."
    ),
)
def framework_cycle(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for f, framework in enumerate(ledger.frameworks):
        parent = {n.code: n.parent for n in framework.nodes}
        position: dict[str, int] = {}
        for i, n in enumerate(framework.nodes):
            position.setdefault(n.code, i)
        done: set[str] = set()
        for node in framework.nodes:
            trail: list[str] = []
            code: str | None = node.code
            while code is not None and code not in done and code in parent:
                if code in trail:
                    cycle = trail[trail.index(code) :]
                    first = min(cycle, key=lambda c: position[c])
                    yield ctx.issue(
                        "frameworks",
                        f,
                        "nodes",
                        position[first],
                        "parent",
                        subjects=[framework.id, *cycle],
                        framework=framework.id,
                        cycle=" → ".join([*cycle, cycle[0]]),
                    )
                    break
                trail.append(code)
                code = parent[code]
            done.update(trail)


@rule(
    "LDG010",
    "ambiguous-standard",
    title=N_("A bare standard code defined by several frameworks"),
    message=N_("{field} {ref!r} is a code in several frameworks ({frameworks})"),
    hint=N_("write it as framework:code, such as {example}"),
    description=N_(
        "A standard may be written without its framework only when one framework "
        "defines the code (四城联创 ledgers have several frameworks)."
    ),
)
def ambiguous_standard(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    if len(ledger.frameworks) < 2:
        return
    cache: dict[str, list[str]] = {}

    def frameworks_of(ref: str) -> list[str]:
        if ref not in cache:
            cache[ref] = [fw for fw, _ in ledger.resolve_standard(ref)] if ":" not in ref else []
        return cache[ref]

    for collection in ("tasks", "groups"):
        for i, item in enumerate(getattr(ledger, collection)):
            for j, ref in enumerate(item.standards):
                found = frameworks_of(ref)
                if len(found) > 1:
                    yield ctx.issue(
                        collection,
                        i,
                        "standards",
                        j,
                        subjects=[item.id],
                        field="standards",
                        ref=ref,
                        frameworks=found,
                        example=f"{found[0]}:{ref}",
                    )
    for i, inspection in enumerate(ledger.inspections):
        for j, grade in enumerate(inspection.grades):
            found = frameworks_of(grade.standard)
            if len(found) > 1:
                yield ctx.issue(
                    "inspections",
                    i,
                    "grades",
                    j,
                    "standard",
                    subjects=[inspection.id],
                    field="standard",
                    ref=grade.standard,
                    frameworks=found,
                    example=f"{found[0]}:{grade.standard}",
                )


@rule(
    "LDG011",
    "waiver-unknown-rule",
    title=N_("A waiver of a rule that does not exist"),
    message=N_("waiver {waiver} names rule {rule!r}, which is not in the catalogue"),
    hint=N_("use a code listed by `civledger rules`"),
    description=N_("A waiver must name the code of a rule in the catalogue, or it waives nothing."),
)
def waiver_unknown_rule(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, waiver in enumerate(ledger.waivers):
        if waiver.rule not in ctx.catalogue:
            yield ctx.issue(
                "waivers", i, "rule", subjects=[waiver.id], waiver=waiver.id, rule=waiver.rule
            )


@rule(
    "LDG012",
    "waiver-expired",
    title=N_("A waiver past its expiry date"),
    message=N_("waiver {waiver} for {rule} on {subject} expired on {expires}"),
    hint=N_("fix what it waived, or renew it with a new expiry and approval"),
    severity=Severity.WARNING,
    description=N_(
        "An expired waiver no longer hides its finding; it is reported so that someone "
        "fixes the finding or renews the waiver on purpose."
    ),
)
def waiver_expired(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, waiver in enumerate(ledger.waivers):
        if not waiver.active_on(ctx.as_of):
            yield ctx.issue(
                "waivers",
                i,
                "expires",
                subjects=[waiver.id],
                waiver=waiver.id,
                rule=waiver.rule,
                subject=waiver.subject,
                expires=waiver.expires,
            )


UNUSED_WAIVER = Rule(
    code="LDG013",
    name="unused-waiver",
    title=N_("A waiver that matched no finding"),
    message=N_("waiver {waiver} for {rule} on {subject} matched no finding"),
    hint=N_("remove it if the finding it waived is fixed"),
    severity=Severity.WARNING,
    description=N_(
        "Reported by the runner after the waivers are applied, only for waivers whose "
        "rule ran in this check."
    ),
)

RULES: tuple[Rule, ...] = (
    duplicate_id,
    unknown_reference,
    framework_cycle,
    ambiguous_standard,
    waiver_unknown_rule,
    waiver_expired,
    UNUSED_WAIVER,
)
