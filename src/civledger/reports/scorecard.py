"""The scorecard as a table (测评计分表): every framework node with its grades and points,
a total row per title with its deductions and verdict, per title and year if asked."""

from __future__ import annotations

from datetime import date

from civledger.errors import CivLedgerError, UnknownIdError
from civledger.i18n import N_, _, join, localized
from civledger.model import GradeCounts, Ledger, Method
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.columns import worded
from civledger.reports.table import Cell, Column, Table
from civledger.schedule.cycle import YearSpan, campaign_years
from civledger.scoring.card import FrameworkScore, NodeScore, Scorecard, ScoringModel, scorecard

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
    Column(key="deductions", label=N_("Deductions"), kind="number"),
    Column(key="verdict", label=N_("Verdict")),
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


def _total_row(total: FrameworkScore) -> dict[str, Cell]:
    return {
        "framework": total.framework,
        "code": None,
        "title": _("Total: {name}").format(name=total.name),
        "a": total.counts.a,
        "b": total.counts.b,
        "c": total.counts.c,
        "points": total.points,
        "graded_points": total.graded_points,
        "earned": total.net if total.graded_points else None,
        "score": total.score,
        "deductions": total.deductions,
        "verdict": str(localized(total.verdict)),
    }


def _counts(counts: GradeCounts) -> str:
    return _("{a} A, {b} B, {c} C").format(a=counts.a, b=counts.b, c=counts.c)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def scorecard_notes(card: Scorecard, framework: str | None = None) -> list[str]:
    """The totals, deductions, vetoes, gates, stated-total checks and the verdicts, as lines.

    With ``framework``, only that title's total, incidents and verdict.

    Examples
    --------
    >>> import civledger
    >>> card = civledger.scorecard(civledger.load("examples/zhecheng.yaml"))
    >>> scorecard_notes(card)[-1]
    'Verdict for 国家卫生城市标准（节选）: no one-vote veto found: eligible for the evaluation.'
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
    frameworks = [f for f in card.frameworks if framework is None or f.framework == framework]
    titles = {f.framework: f for f in frameworks}
    for f in frameworks:
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
        if framework is not None and not _concerns(card, titles, incident.id, item.veto):
            continue
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
    if not card.frameworks:
        lines.append(_verdict_line(None, card))
    for f in frameworks:
        lines.append(_verdict_line(f, card))
    return lines


def _concerns(
    card: Scorecard, titles: dict[str, FrameworkScore], incident: str, veto: bool
) -> bool:
    """Whether an incident is on the negative list of one of the titles shown."""
    if veto:
        return any(incident in f.vetoes for f in titles.values())
    return any(incident in f.deducted for f in titles.values())


def _verdict_line(total: FrameworkScore | None, card: Scorecard) -> str:
    """The verdict of one title (or of a ledger without frameworks); 前置条件 only if one exists."""
    vetoes = [
        (incident, item)
        for _index, incident, item in card.vetoes
        if total is None or incident.id in total.vetoes
    ]
    reasons = [
        _("one-vote veto ({incident} {title})").format(incident=incident.id, title=item.title)
        for incident, item in vetoes
    ]
    reasons += [
        _("prerequisite {node} {title} scores {score:.1f}, below {threshold:g}").format(
            node=n.ref, title=n.title, score=n.score, threshold=n.prerequisite
        )
        for n in card.gates
        if n.score is not None
        and n.prerequisite is not None
        and (total is None or n.ref in total.gates)
    ]
    if total is None:
        if reasons:
            return _("Verdict: {reasons}; the nomination is cancelled.").format(
                reasons=_("; ").join(reasons)
            )
        return _("Verdict: no one-vote veto found: eligible for the evaluation.")
    if reasons:
        return _("Verdict for {name}: {reasons}; the nomination is cancelled.").format(
            name=total.name, reasons=_("; ").join(reasons)
        )
    if total.prerequisites:
        return _(
            "Verdict for {name}: no one-vote veto found, prerequisites met: eligible for the "
            "evaluation."
        ).format(name=total.name)
    return _("Verdict for {name}: no one-vote veto found: eligible for the evaluation.").format(
        name=total.name
    )


def _year(ledger: Ledger, year: int) -> YearSpan:
    for span in campaign_years(ledger):
        if span.year == year:
            return span
    if ledger.campaign.cycle or campaign_years(ledger):
        raise CivLedgerError(
            _("{year} is not a year of the campaign ({years})").format(
                year=year, years=join(str(y.year) for y in campaign_years(ledger))
            )
        )
    return YearSpan(year=year, start=date(year, 1, 1), end=date(year, 12, 31))


def scorecard_report(
    ledger: Ledger,
    *,
    as_of: DayLike | None = None,
    model: ScoringModel | None = None,
    framework: str | None = None,
    year: int | None = None,
) -> Table:
    """The scorecard as a table: one row per framework node, depth first, and a total per title.

    For each standard: its methods, its latest grade per method (材料 / 实地 / 问卷) and
    overall (等级, the lowest), its points (满分), and what it earned; for each node:
    the A/B/C counts below it, full and graded points, earned points, its score on a
    100-point scale and, for a prerequisite (前置条件), whether it is met. Each title
    (framework) ends with a total row: its points, earned points net of the
    negative-list deductions, score, deductions and verdict (qualified, vetoed,
    prerequisite failed), so that every format, CSV included, keeps them. The notes
    give each framework's total, the negative-list incidents, stated totals that
    disagree with the grades (SCR001) and the verdict of each title. The model is
    described in :mod:`civledger.scoring.card`.

    Parameters
    ----------
    framework
        Only this title (a framework id).
    year
        The scorecard of a campaign year: as of its last day (or of ``as_of``, if that
        comes first), the negative list counting that year's incidents only.

    Raises
    ------
    UnknownIdError
        For a ``framework`` the ledger does not define.

    Examples
    --------
    >>> import civledger
    >>> table = civledger.scorecard_report(civledger.load("examples/zhecheng.yaml"))
    >>> row = table.to_rows()[8]
    >>> row["code"], row["a"], row["score"], row["prerequisite"]
    ('I-2', 2, 100.0, '≥85 met')
    >>> card = civledger.scorecard_report(civledger.load("examples/four-cities.yaml"),
    ...                                   framework="wscs", year=2025)
    >>> total = card.to_rows()[-1]
    >>> total["title"], total["score"], total["verdict"]
    ('Total: 国家卫生城市评审标准（节选）', 90.0, 'vetoed')
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    if framework is not None and framework not in ledger.index("frameworks"):
        raise UnknownIdError("frameworks", framework)
    since = None
    day = as_of or ledger.campaign.default_date()
    if year is not None:
        span = _year(ledger, year)
        since, day = span.start, min(span.end, day) if span.contains(day) else span.end
    card = scorecard(ledger, as_of=day, model=model, since=since)
    rows: list[dict[str, Cell]] = []
    for total in card.frameworks:
        if framework is not None and total.framework != framework:
            continue
        rows.extend(_row(n) for n in card.nodes if n.framework == total.framework)
        rows.append(_total_row(total))
    if year is not None and framework is not None:
        title = _("Scorecard of {title}, {year} (as of {day})").format(
            title=ledger.index("frameworks")[framework].name, year=year, day=card.as_of.isoformat()
        )
    elif year is not None:
        title = _("Campaign scorecard, {year} (as of {day})").format(
            year=year, day=card.as_of.isoformat()
        )
    elif framework is not None:
        title = _("Scorecard of {title} (as of {day})").format(
            title=ledger.index("frameworks")[framework].name, day=card.as_of.isoformat()
        )
    else:
        title = _("Campaign scorecard (as of {day})").format(day=card.as_of.isoformat())
    return Table(
        title=title,
        name="scorecard",
        columns=worded(SCORECARD_COLUMNS),
        rows=rows,
        notes=scorecard_notes(card, framework),
        ledger_name=ledger.campaign.name,
        as_of=card.as_of,
    )
