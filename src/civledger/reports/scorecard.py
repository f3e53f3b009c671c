"""The scorecard as a table (测评计分表): every framework node with its grades and points."""

from __future__ import annotations

from civledger.i18n import N_, _, join
from civledger.model import GradeCounts, Ledger, Method
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.table import Cell, Column, Table
from civledger.scoring.card import NodeScore, Scorecard, ScoringModel, scorecard

__all__ = ["SCORECARD_COLUMNS", "scorecard_notes", "scorecard_report"]

SCORECARD_COLUMNS: tuple[Column, ...] = (
    Column(key="framework", label=N_("Framework")),
    Column(key="code", label=N_("Code")),
    Column(key="title", label=N_("Assessment content")),
    Column(key="methods", label=N_("Methods")),
    Column(key="materials", label=N_("Materials"), kind="text"),
    Column(key="field", label=N_("Field"), kind="text"),
    Column(key="survey", label=N_("Survey"), kind="text"),
    Column(key="grade", label=N_("Grade")),
    Column(key="a", label=N_("Grade A"), kind="int"),
    Column(key="b", label=N_("Grade B"), kind="int"),
    Column(key="c", label=N_("Grade C"), kind="int"),
    Column(key="points", label=N_("Full points"), kind="number"),
    Column(key="graded_points", label=N_("Graded points"), kind="number"),
    Column(key="earned", label=N_("Earned"), kind="number", digits=2),
    Column(key="score", label=N_("Score of 100"), kind="number"),
    Column(key="prerequisite", label=N_("Prerequisite")),
)
"""The columns of :func:`scorecard_report` (labels are messages: see
:func:`~civledger.reports.columns.worded`)."""

_METHOD_KEYS = {Method.MATERIALS: "materials", Method.FIELD: "field", Method.SURVEY: "survey"}


def _gate(node: NodeScore) -> str | None:
    if node.prerequisite is None:
        return None
    if node.score is None:
        return _("≥{threshold:g} not graded").format(threshold=node.prerequisite)
    if node.gate_failed:
        return _("≥{threshold:g} not met").format(threshold=node.prerequisite)
    return _("≥{threshold:g} met").format(threshold=node.prerequisite)


def _row(node: NodeScore) -> dict[str, Cell]:
    row: dict[str, Cell] = {
        "framework": node.framework,
        "code": node.code,
        "title": "\u3000" * node.depth + node.title,
        "methods": join(node.methods) or None,
        "grade": node.grade.value if node.grade is not None else None,
        "a": node.counts.a,
        "b": node.counts.b,
        "c": node.counts.c,
        "points": node.points,
        "graded_points": node.graded_points,
        "earned": node.earned if node.graded_points else None,
        "score": node.score,
        "prerequisite": _gate(node),
    }
    for method, grade in node.grades:
        key = _METHOD_KEYS.get(method) if method is not None else None
        if key is not None:
            row[key] = grade.value
    return row


def _counts(counts: GradeCounts) -> str:
    return _("{a} A, {b} B, {c} C").format(a=counts.a, b=counts.b, c=counts.c)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def scorecard_notes(card: Scorecard) -> list[str]:
    """The totals, deductions, vetoes, gates, stated-total checks and the verdict, as lines.

    Examples
    --------
    >>> import civledger
    >>> card = civledger.scorecard(civledger.load("examples/zhecheng.yaml"))
    >>> scorecard_notes(card)[-1]
    'Verdict: no one-vote veto found, prerequisites met: eligible for the evaluation.'
    """
    m = card.model
    lines = [
        _(
            "Scoring (as of {day}): each standard's latest grade by that day; A={a}, B={b}, "
            "C={c}; materials {materials}%, field {field}%, survey {survey}%, weighed over the "
            "methods graded for the standard; score of 100 = earned ÷ graded points × 100, "
            "standards not graded left out."
        ).format(
            day=card.as_of.isoformat(),
            a=_number(m.a),
            b=_number(m.b),
            c=_number(m.c),
            materials=_number(m.materials * 100),
            field=_number(m.field * 100),
            survey=_number(m.survey * 100),
        )
    ]
    for f in card.frameworks:
        score = f"{f.score:.1f}" if f.score is not None else "—"
        deduction = (
            _(", {deductions} off for the negative list, {net} net").format(
                deductions=_number(f.deductions), net=_number(f.net)
            )
            if f.deductions
            else ""
        )
        lines.append(
            _(
                "{framework} {name}: {points} points, {graded}/{standards} standards graded "
                "({graded_points} points), {earned} earned{deduction}, score {score} of 100; "
                "{counts}."
            ).format(
                framework=f.framework,
                name=f.name,
                points=_number(f.points),
                graded=f.graded,
                standards=f.standards,
                graded_points=_number(f.graded_points),
                earned=_number(f.earned),
                deduction=deduction,
                score=score,
                counts=_counts(f.counts),
            )
        )
    for _index, incident, item in card.incidents:
        effect = (
            _("one-vote veto")
            if item.veto
            else _("{points} points off").format(points=_number(item.deduction or 0))
        )
        lines.append(
            _("Negative list {incident} ({day}, {item} {title}): {effect}.").format(
                incident=incident.id,
                day=incident.on.isoformat(),
                item=item.id,
                title=item.title,
                effect=effect,
            )
        )
    for check in card.stated:
        if not check.agrees:
            lines.append(
                _("SCR001 {inspection} states {stated}; its grades give {computed}.").format(
                    inspection=check.inspection,
                    stated=_counts(check.stated),
                    computed=_counts(check.computed),
                )
            )
    reasons = [
        _("one-vote veto ({incident} {title})").format(incident=incident.id, title=item.title)
        for _index, incident, item in card.vetoes
    ]
    reasons += [
        _("prerequisite {node} {title} scores {score:.1f}, below {threshold:g}").format(
            node=n.ref, title=n.title, score=n.score, threshold=n.prerequisite
        )
        for n in card.gates
        if n.score is not None and n.prerequisite is not None
    ]
    if reasons:
        lines.append(
            _("Verdict: {reasons}; the nomination is cancelled.").format(
                reasons=_("; ").join(reasons)
            )
        )
    else:
        lines.append(
            _("Verdict: no one-vote veto found, prerequisites met: eligible for the evaluation.")
        )
    return lines


def scorecard_report(
    ledger: Ledger, *, as_of: DayLike | None = None, model: ScoringModel | None = None
) -> Table:
    """The scorecard as a table: one row per framework node, depth first, with totals in notes.

    For each standard: its methods, its latest grade per method (材料 / 实地 / 问卷) and
    overall (等级, the lowest), its points (满分), and what it earned; for each node:
    the A/B/C counts below it, full and graded points, earned points, its score on a
    100-point scale and, for a prerequisite (前置条件), whether it is met. The notes
    give each framework's total, the negative-list incidents and deductions, stated
    totals that disagree with the grades (SCR001) and the verdict. The model is
    described in :mod:`civledger.scoring.card`.

    Examples
    --------
    >>> import civledger
    >>> table = civledger.scorecard_report(civledger.load("examples/zhecheng.yaml"))
    >>> row = table.to_rows()[8]
    >>> row["code"], row["a"], row["score"], row["prerequisite"]
    ('I-2', 2, 100.0, '≥85 met')
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    card = scorecard(ledger, as_of=as_of, model=model)
    return Table(
        title=_("Campaign scorecard (as of {day})").format(day=card.as_of.isoformat()),
        name="scorecard",
        columns=worded(SCORECARD_COLUMNS),
        rows=[_row(n) for n in card.nodes],
        notes=scorecard_notes(card),
        ledger_name=ledger.campaign.name,
        as_of=card.as_of,
    )
