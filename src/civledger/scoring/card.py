"""The scorecard model (测评计分): grades rolled up the framework tree, gates and vetoes.

How a score is made, as of a date:

1. **Grades.** Every grade (A/B/C) that inspections held on or before the date
   give to standards (mock assessments 模拟测评, self-checks 自查…), in date order
   (ledger order on one day). A grade names a method (材料 / 实地 / 问卷) or, without
   one, grades the standard as a whole: it then stands for each of its methods.
   For each standard and each method it lists, the latest grade wins. (A standard
   that lists no method is assessed as a whole, by its latest grade of any method;
   a grade for a method the standard does not list is left out.)
2. **A standard's fraction** is the weighted mean of its methods' grade values,
   over the methods that have a grade: ``Σ w(m)·v(g_m) ÷ Σ w(m)``. The values are
   A = 1, B = 0.6, C = 0 and the weights 40 % materials, 40 % field, 20 % survey
   (0 for other methods; equal weights when every graded method weighs 0), all
   set by :class:`ScoringModel` because editions differ.
3. **Points.** A standard earns ``points × fraction`` (a standard without ``points``
   counts 1). A node's full points (满分) are the points of every standard below
   it, its graded points those of the graded standards, its earned points their
   sum; its **score** is ``100 × earned ÷ graded points`` (``None`` while nothing
   below it is graded), so ungraded standards neither earn nor cost.
4. **Grade counts.** A standard counts as the lowest of its method grades (A only
   when every graded method is A).
5. **Prerequisite (前置条件).** A node with ``prerequisite`` whose score is below it
   cancels the nomination (SCR003).
6. **Negative list (负面清单).** Confirmed incidents on or before the date. Each item
   belongs to the negative list of some titles (``NegativeItem.frameworks``; left
   out, the civilized-city titles, or every title of a ledger without one). An
   incident on a veto item (一票否决) disqualifies those titles (SCR002); the others
   deduct their item's ``deduction`` points from those titles' totals.
7. **Verdict per title.** Each framework is a title with its own verdict: vetoed
   (一票否决), prerequisite failed (前置条件未达标) or qualified. A veto on one
   title leaves the others qualified.
8. **Stated totals.** An inspection that states its A/B/C counts (``stated``) and
   records grades is compared with them (each standard counted once, as in 4): a
   disagreement is SCR001. A summary-only inspection (counts, no grades) is valid.
9. **Lifts.** A report that says how many B and C standards of a section are to be
   lifted to A (``lift``) restates the latest earlier count of that section (an
   inspection of the same title and section with stated counts or grades): a
   disagreement is SCR005.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

import attrs

from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum
from civledger.model import (
    Framework,
    FrameworkKind,
    Grade,
    GradeCounts,
    Incident,
    Inspection,
    Ledger,
    Method,
    NegativeItem,
)
from civledger.model.arguments import DayLike, as_ledger, as_optional_day

__all__ = [
    "FrameworkScore",
    "LiftCheck",
    "NodeScore",
    "Scorecard",
    "ScoringModel",
    "StatedCheck",
    "Verdict",
    "counts_of",
    "item_titles",
    "lowest",
    "scorecard",
    "section_of",
]


class Verdict(LabeledEnum):
    """A title's verdict on a date: qualified, vetoed (一票否决) or a prerequisite failed.

    Examples
    --------
    >>> Verdict.parse("一票否决") is Verdict.VETOED
    True
    """

    QUALIFIED = ("qualified", "具备参评资格", "达标")
    VETOED = ("vetoed", "一票否决", "取消参评资格")
    PREREQUISITE_FAILED = ("prerequisite_failed", "前置条件未达标")


_BADNESS = {Grade.A: 0, Grade.B: 1, Grade.C: 2}


def lowest(grades: list[Grade] | tuple[Grade, ...]) -> Grade | None:
    """The worst of some grades (C before B before A), ``None`` for none.

    Examples
    --------
    >>> lowest([Grade.A, Grade.B]), lowest([])
    (<Grade.B: 'B'>, None)
    """
    return max(grades, key=_BADNESS.__getitem__, default=None)


def _check_share(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 <= value <= 1:
        raise InvalidValueError(
            attribute.name,
            phrase("{name} must lie in 0..1, not {value!r}", name=attribute.name, value=value),
        )


@attrs.frozen(kw_only=True)
class ScoringModel:
    """The weights of the assessment methods and the values of the grades.

    Weights need not add up to 1: a standard's grades are averaged over the weights
    of its graded methods. Grade values are fractions of a standard's points.

    Examples
    --------
    >>> model = ScoringModel()
    >>> model.weight(Method.FIELD), model.value(Grade.B)
    (0.4, 0.6)
    >>> ScoringModel(materials=0.3, field=0.5).weight(Method.MATERIALS)
    0.3
    """

    materials: float = attrs.field(default=0.4, validator=_check_share)
    field: float = attrs.field(default=0.4, validator=_check_share)
    survey: float = attrs.field(default=0.2, validator=_check_share)
    other: float = attrs.field(default=0.0, validator=_check_share)
    a: float = attrs.field(default=1.0, validator=_check_share)
    b: float = attrs.field(default=0.6, validator=_check_share)
    c: float = attrs.field(default=0.0, validator=_check_share)

    def weight(self, method: Method | None) -> float:
        """The weight of a method (1 for a standard assessed as a whole)."""
        if method is None:
            return 1.0
        return {
            Method.MATERIALS: self.materials,
            Method.FIELD: self.field,
            Method.SURVEY: self.survey,
            Method.OTHER: self.other,
        }[method]

    def value(self, grade: Grade) -> float:
        """The fraction of the points a grade earns."""
        return {Grade.A: self.a, Grade.B: self.b, Grade.C: self.c}[grade]

    def fraction(self, grades: Mapping[Method | None, Grade]) -> float | None:
        """The weighted mean value of some method grades; ``None`` when there are none.

        Examples
        --------
        >>> ScoringModel().fraction({Method.MATERIALS: Grade.A, Method.FIELD: Grade.B})
        0.8
        """
        if not grades:
            return None
        weights = {m: self.weight(m) for m in grades}
        total = sum(weights.values())
        if total == 0:
            weights = dict.fromkeys(grades, 1.0)
            total = float(len(grades))
        mean = sum(weights[m] * self.value(g) for m, g in grades.items()) / total
        return round(mean, 12)  # 0.8, not 0.7999999999999999: goldens compare exact values


@attrs.frozen(kw_only=True)
class NodeScore:
    """The score of one framework node as of a date.

    ``grades`` holds a standard's grade per method (``None`` for a standard assessed
    as a whole) and ``sources`` the (inspection index, grade index) each came from;
    both are empty for inner nodes. ``counts`` are the grades of the standards below.

    Examples
    --------
    >>> import civledger
    >>> node = civledger.scorecard(civledger.load("examples/zhecheng.yaml")).node("wmcs-2025:III-2")
    >>> node.points, node.graded_points, node.earned, node.score, str(node.counts)
    (5.5, 2.0, 0.6, 30.0, '0 A, 1 B, 1 C')
    """

    framework: str
    code: str
    title: str
    depth: int
    standard: bool
    methods: tuple[Method, ...]
    grades: tuple[tuple[Method | None, Grade], ...]
    sources: tuple[tuple[int, int], ...]
    grade: Grade | None
    points: float
    graded_points: float
    earned: float
    standards: int
    graded: int
    counts: GradeCounts
    prerequisite: float | None
    materials: bool

    @property
    def ref(self) -> str:
        """The node as a standard reference, ``framework:code``."""
        return f"{self.framework}:{self.code}"

    @property
    def score(self) -> float | None:
        """100 × earned ÷ graded points; ``None`` while nothing below is graded."""
        return round(100 * self.earned / self.graded_points, 9) if self.graded_points else None

    @property
    def gate_failed(self) -> bool:
        """Whether the node is a prerequisite (前置条件) scored below its threshold."""
        s = self.score
        return self.prerequisite is not None and s is not None and s < self.prerequisite - 1e-9


@attrs.frozen(kw_only=True)
class FrameworkScore:
    """A title's total: points, graded points, earned, deductions, the score and the verdict.

    ``vetoes`` are the ids of the veto incidents on the title's negative list,
    ``deducted`` those of its incidents that deduct points, ``gates`` the prerequisites
    (``framework:code``) scored below their threshold and
    ``prerequisites`` how many prerequisites the title has.

    Examples
    --------
    >>> import civledger
    >>> total = civledger.scorecard(civledger.load("examples/zhecheng.yaml")).frameworks[1]
    >>> total.framework, total.net, total.score, total.verdict.value
    ('wscs', 0.6, 60.0, 'qualified')
    """

    framework: str
    name: str
    kind: FrameworkKind
    points: float
    graded_points: float
    earned: float
    deductions: float
    standards: int
    graded: int
    counts: GradeCounts
    verdict: Verdict = Verdict.QUALIFIED
    vetoes: tuple[str, ...] = ()
    deducted: tuple[str, ...] = ()
    gates: tuple[str, ...] = ()
    prerequisites: int = 0

    @property
    def net(self) -> float:
        """Earned points less the negative-list deductions."""
        return round(self.earned - self.deductions, 9)

    @property
    def score(self) -> float | None:
        """100 × net ÷ graded points; ``None`` while nothing is graded."""
        return round(100 * self.net / self.graded_points, 9) if self.graded_points else None


@attrs.frozen(kw_only=True)
class StatedCheck:
    """An inspection's stated A/B/C counts and those its grades give.

    Examples
    --------
    >>> import civledger
    >>> (check,) = civledger.scorecard(civledger.load("examples/zhecheng.yaml")).stated
    >>> check.inspection, str(check.stated), check.agrees
    ('X-12', '6 A, 7 B, 1 C', True)
    """

    inspection: str
    index: int
    stated: GradeCounts
    computed: GradeCounts

    @property
    def agrees(self) -> bool:
        """Whether the stated counts are the computed ones."""
        return self.stated == self.computed


@attrs.frozen(kw_only=True)
class LiftCheck:
    """A report's B and C standards to lift to A, and the earlier count of the same section.

    ``section`` is the section's key (``framework:code``, or a framework id, or
    ``None`` for all); ``earlier`` is the latest earlier inspection of the section
    with counts (stated, else those its grades give), and ``counted`` its counts.

    Examples
    --------
    >>> import civledger
    >>> card = civledger.scorecard(civledger.load("examples/four-cities.yaml"))
    >>> [(c.inspection, c.earlier, c.agrees) for c in card.lifts]
    [('X-2025-P', 'X-2025-M', True)]
    """

    inspection: str
    index: int
    section: str | None
    b: int
    c: int
    earlier: str
    earlier_index: int
    counted: GradeCounts

    @property
    def agrees(self) -> bool:
        """Whether the B and C to lift are the B and C counted before."""
        return self.b == self.counted.b and self.c == self.counted.c


@attrs.frozen(kw_only=True)
class Scorecard:
    """The scorecard of a ledger as of a date (see the module for the model).

    Examples
    --------
    >>> import civledger
    >>> card = civledger.scorecard(civledger.load("examples/zhecheng.yaml"))
    >>> card.qualified, [f.counts for f in card.frameworks]
    (True, [GradeCounts(a=6, b=6, c=1), GradeCounts(a=0, b=1, c=0)])
    """

    as_of: date
    model: ScoringModel
    nodes: tuple[NodeScore, ...]
    frameworks: tuple[FrameworkScore, ...]
    incidents: tuple[tuple[int, Incident, NegativeItem], ...]
    stated: tuple[StatedCheck, ...]
    lifts: tuple[LiftCheck, ...] = ()

    @property
    def vetoes(self) -> list[tuple[int, Incident, NegativeItem]]:
        """The counted incidents on veto items (一票否决), with their index in the ledger."""
        return [found for found in self.incidents if found[2].veto]

    def title(self, framework: str) -> FrameworkScore:
        """The total and verdict of one title (framework id); ``KeyError`` if none.

        Examples
        --------
        >>> import civledger
        >>> card = civledger.scorecard(civledger.load("examples/four-cities.yaml"))
        >>> card.title("wscs").verdict.value, card.title("wmcs").verdict.value
        ('vetoed', 'qualified')
        """
        for f in self.frameworks:
            if f.framework == framework:
                return f
        raise KeyError(framework)

    @property
    def gates(self) -> list[NodeScore]:
        """The prerequisites (前置条件) scored below their threshold."""
        return [n for n in self.nodes if n.gate_failed]

    @property
    def qualified(self) -> bool:
        """No veto incident and no failed prerequisite: every title qualified."""
        return not self.vetoes and not self.gates

    def node(self, ref: str) -> NodeScore:
        """The score of the node ``framework:code``; ``KeyError`` if none."""
        for n in self.nodes:
            if n.ref == ref:
                return n
        raise KeyError(ref)


def _graded(
    ledger: Ledger, day: date
) -> dict[tuple[str, str], list[tuple[Method | None, Grade, int, int]]]:
    """Each standard's grades up to ``day``, oldest first, with where they came from."""
    order = sorted(
        (i for i, x in enumerate(ledger.inspections) if x.on <= day),
        key=lambda i: (ledger.inspections[i].on, i),
    )
    found: dict[tuple[str, str], list[tuple[Method | None, Grade, int, int]]] = defaultdict(list)
    for i in order:
        for j, given in enumerate(ledger.inspections[i].grades):
            matches = ledger.resolve_standard(given.standard)
            if len(matches) == 1:
                fw, node = matches[0]
                found[(fw, node.code)].append((given.method, given.grade, i, j))
    return found


def _latest(
    methods: tuple[Method, ...], given: list[tuple[Method | None, Grade, int, int]]
) -> tuple[dict[Method | None, Grade], list[tuple[int, int]]]:
    grades: dict[Method | None, Grade] = {}
    sources: dict[Method | None, tuple[int, int]] = {}
    if not methods:
        if given:
            _, grade, i, j = given[-1]
            grades[None], sources[None] = grade, (i, j)
        return grades, list(sources.values())
    for method, grade, i, j in given:
        for m in methods if method is None else (method,):
            if m in methods:
                grades[m], sources[m] = grade, (i, j)
    ordered: dict[Method | None, Grade] = {m: grades[m] for m in methods if m in grades}
    return ordered, [sources[m] for m in methods if m in sources]


def _counts(grades: list[Grade]) -> GradeCounts:
    return GradeCounts(a=grades.count(Grade.A), b=grades.count(Grade.B), c=grades.count(Grade.C))


def _framework_nodes(
    ledger: Ledger,
    fw: Framework,
    model: ScoringModel,
    given: Mapping[tuple[str, str], list[tuple[Method | None, Grade, int, int]]],
) -> list[NodeScore]:
    first: dict[str, int] = {}
    for k, node in enumerate(fw.nodes):
        first.setdefault(node.code, k)
    nodes = [fw.nodes[k] for k in sorted(first.values())]
    children: dict[str | None, list[str]] = defaultdict(list)
    by_code = {n.code: n for n in nodes}
    for n in nodes:
        parent = n.parent if n.parent in by_code and n.parent != n.code else None
        children[parent].append(n.code)
    out: list[NodeScore] = []
    seen: set[str] = set()

    def visit(code: str, depth: int) -> tuple[float, float, float, int, int, list[Grade]]:
        seen.add(code)
        node = by_code[code]
        kids = [c for c in children.get(code, ()) if c not in seen]
        at = len(out)
        out.append(None)  # type: ignore[arg-type]  # filled in below, after the children
        if not kids:
            grades, sources = _latest(node.methods, list(given.get((fw.id, code), ())))
            fraction = model.fraction(grades)
            points = node.points if node.points is not None else 1.0
            grade = lowest(list(grades.values()))
            graded_points = points if fraction is not None else 0.0
            earned = round(points * fraction, 9) if fraction is not None else 0.0
            totals = (points, graded_points, earned, 1, int(fraction is not None))
            below = [grade] if grade is not None else []
            pairs = tuple(grades.items())
        else:
            sums = [visit(c, depth + 1) for c in kids]
            totals = (  # rounded: sums of tenths stay tenths (6.2, not 6.200000000000001)
                round(sum(s[0] for s in sums), 9),
                round(sum(s[1] for s in sums), 9),
                round(sum(s[2] for s in sums), 9),
                sum(s[3] for s in sums),
                sum(s[4] for s in sums),
            )
            below = [g for s in sums for g in s[5]]
            grade, pairs, sources = None, (), []
        out[at] = NodeScore(
            framework=fw.id,
            code=code,
            title=node.title,
            depth=depth,
            standard=not kids,
            methods=node.methods,
            grades=pairs,
            sources=tuple(sources),
            grade=grade,
            points=totals[0],
            graded_points=totals[1],
            earned=totals[2],
            standards=totals[3],
            graded=totals[4],
            counts=_counts(below),
            prerequisite=node.prerequisite,
            materials=node.materials,
        )
        return (*totals, below)

    for root in children.get(None, ()):
        visit(root, 0)
    return out


def _given_counts(ledger: Ledger, inspection: Inspection) -> GradeCounts:
    """The A/B/C counts an inspection's grades give, each standard once, as its lowest grade."""
    per: dict[str, list[Grade]] = defaultdict(list)
    for given in inspection.grades:
        matches = ledger.resolve_standard(given.standard)
        key = f"{matches[0][0]}:{matches[0][1].code}" if len(matches) == 1 else given.standard
        per[key].append(given.grade)
    return _counts([g for gs in per.values() if (g := lowest(gs)) is not None])


def counts_of(ledger: Ledger, inspection: Inspection) -> GradeCounts | None:
    """What an inspection counts: its stated counts, else those its grades give, else ``None``.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/four-cities.yaml")
    >>> str(counts_of(ledger, ledger.index("inspections")["X-2025-S"]))
    '3 A, 2 B, 1 C'
    """
    if inspection.stated is not None:
        return inspection.stated
    if inspection.grades:
        return _given_counts(ledger, inspection)
    return None


def section_of(ledger: Ledger, inspection: Inspection) -> str | None:
    """The section an inspection's counts are of: ``framework:code``, a framework id, or None.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/four-cities.yaml")
    >>> section_of(ledger, ledger.index("inspections")["X-2025-M"])
    'wmcs:II'
    """
    if inspection.section is not None:
        matches = ledger.resolve_standard(inspection.section)
        if len(matches) == 1:
            return f"{matches[0][0]}:{matches[0][1].code}"
        return inspection.section
    return inspection.framework


def _lifts(ledger: Ledger, day: date) -> list[LiftCheck]:
    order = sorted(
        (i for i, x in enumerate(ledger.inspections) if x.on <= day),
        key=lambda i: (ledger.inspections[i].on, i),
    )
    latest: dict[str | None, tuple[int, GradeCounts]] = {}
    checks = []
    for i in order:
        inspection = ledger.inspections[i]
        section = section_of(ledger, inspection)
        lift = inspection.lift
        before = latest.get(section)
        if lift is not None and before is not None:
            earlier = ledger.inspections[before[0]]
            checks.append(
                LiftCheck(
                    inspection=inspection.id,
                    index=i,
                    section=section,
                    b=lift.b,
                    c=lift.c,
                    earlier=earlier.id,
                    earlier_index=before[0],
                    counted=before[1],
                )
            )
        counted = counts_of(ledger, inspection)
        if counted is not None:
            latest[section] = (i, counted)
    return checks


def item_titles(ledger: Ledger, item: NegativeItem) -> tuple[str, ...]:
    """The titles (framework ids) whose negative list holds an item.

    Its ``frameworks``, else the ledger's civilized-city frameworks, else every framework.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.load("examples/four-cities.yaml")
    >>> [item_titles(ledger, item) for item in ledger.negative_list]
    [('wmcs',), ('wscs',), ('wmcs',)]
    """
    if item.frameworks:
        return item.frameworks
    civilized = tuple(fw.id for fw in ledger.frameworks if fw.kind is FrameworkKind.CIVILIZED_CITY)
    return civilized or tuple(fw.id for fw in ledger.frameworks)


def _stated(ledger: Ledger, day: date) -> list[StatedCheck]:
    checks = []
    for i, inspection in enumerate(ledger.inspections):
        if inspection.stated is None or inspection.on > day or not inspection.grades:
            continue  # a summary-only report (counts, no grades) has nothing to compare
        computed = _given_counts(ledger, inspection)
        checks.append(
            StatedCheck(
                inspection=inspection.id, index=i, stated=inspection.stated, computed=computed
            )
        )
    return checks


def scorecard(
    ledger: Ledger,
    *,
    as_of: DayLike | None = None,
    model: ScoringModel | None = None,
    since: DayLike | None = None,
) -> Scorecard:
    """The scorecard of a ledger as of a date (default: ``campaign.as_of``, else today).

    Computed once per ledger, date and model (kept with the ledger). See the module
    documentation for the model; :func:`civledger.scorecard_report` makes a table of it.
    ``since`` counts only the negative-list incidents on or after that day (the
    scorecard of one campaign year: a veto cancels that year's nomination).

    Examples
    --------
    >>> import civledger
    >>> card = civledger.scorecard(civledger.load("examples/zhecheng.yaml"))
    >>> node = card.node("wmcs-2025:I-1-2-1")
    >>> [(m.value, g.value) for m, g in node.grades], node.earned
    ([('materials', 'A'), ('field', 'B')], 1.2)
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    day = as_of or ledger.campaign.default_date()
    first = as_optional_day(since, "since", ledger.campaign.zone())
    chosen = model or ScoringModel()

    def build() -> Scorecard:
        given = _graded(ledger, day)
        nodes: list[NodeScore] = []
        items = ledger.index("negative_list")
        incidents = [
            (i, incident, items[incident.item])
            for i, incident in enumerate(ledger.incidents)
            if incident.confirmed
            and incident.on <= day
            and (first is None or incident.on >= first)
            and incident.item in items
        ]
        titles = {item.id: item_titles(ledger, item) for _, _, item in incidents}
        totals = []
        for fw in ledger.frameworks:
            mine = _framework_nodes(ledger, fw, chosen, given)
            nodes.extend(mine)
            roots = [n for n in mine if n.depth == 0]
            counts = [n.counts for n in roots]
            own = [(x, item) for _, x, item in incidents if fw.id in titles[item.id]]
            deductions = round(sum(item.deduction or 0.0 for _, item in own if not item.veto), 9)
            vetoes = tuple(x.id for x, item in own if item.veto)
            deducted = tuple(x.id for x, item in own if not item.veto)
            gates = tuple(n.ref for n in mine if n.gate_failed)
            verdict = (
                Verdict.VETOED
                if vetoes
                else Verdict.PREREQUISITE_FAILED
                if gates
                else Verdict.QUALIFIED
            )
            totals.append(
                FrameworkScore(
                    framework=fw.id,
                    name=fw.name,
                    kind=fw.kind,
                    points=round(sum(n.points for n in roots), 9),
                    graded_points=round(sum(n.graded_points for n in roots), 9),
                    earned=round(sum(n.earned for n in roots), 9),
                    deductions=deductions,
                    standards=sum(n.standards for n in roots),
                    graded=sum(n.graded for n in roots),
                    counts=GradeCounts(
                        a=sum(c.a for c in counts),
                        b=sum(c.b for c in counts),
                        c=sum(c.c for c in counts),
                    ),
                    verdict=verdict,
                    vetoes=vetoes,
                    deducted=deducted,
                    gates=gates,
                    prerequisites=sum(n.prerequisite is not None for n in mine),
                )
            )
        return Scorecard(
            as_of=day,
            model=chosen,
            nodes=tuple(nodes),
            frameworks=tuple(totals),
            incidents=tuple(incidents),
            stated=tuple(_stated(ledger, day)),
            lifts=tuple(_lifts(ledger, day)),
        )

    key = ("scorecard", day, chosen) if first is None else ("scorecard", day, chosen, first)
    return ledger.memo(key, build, dated=True)
