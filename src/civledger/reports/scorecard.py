"""The scorecard as a table (测评计分表): every framework node with its grades and points."""

from __future__ import annotations

from civledger.model import GradeCounts, Ledger, Method
from civledger.model.arguments import DayLike, as_ledger, as_optional_day
from civledger.reports.table import Cell, Column, Table
from civledger.scoring.card import NodeScore, Scorecard, ScoringModel, scorecard

__all__ = ["SCORECARD_COLUMNS", "scorecard_notes", "scorecard_report"]

SCORECARD_COLUMNS: tuple[Column, ...] = (
    Column(key="framework", label="体系"),
    Column(key="code", label="代码"),
    Column(key="title", label="测评内容"),
    Column(key="methods", label="测评方式"),
    Column(key="materials", label="材料", kind="text"),
    Column(key="field", label="实地", kind="text"),
    Column(key="survey", label="问卷", kind="text"),
    Column(key="grade", label="等级"),
    Column(key="a", label="A级", kind="int"),
    Column(key="b", label="B级", kind="int"),
    Column(key="c", label="C级", kind="int"),
    Column(key="points", label="满分", kind="number"),
    Column(key="graded_points", label="已评分值", kind="number"),
    Column(key="earned", label="得分", kind="number", digits=2),
    Column(key="score", label="百分制", kind="number"),
    Column(key="prerequisite", label="前置条件"),
)
"""The columns of :func:`scorecard_report`."""

_METHOD_KEYS = {Method.MATERIALS: "materials", Method.FIELD: "field", Method.SURVEY: "survey"}


def _gate(node: NodeScore) -> str | None:
    if node.prerequisite is None:
        return None
    if node.score is None:
        return f"≥{node.prerequisite:g} 未评"
    return f"≥{node.prerequisite:g} {'未达' if node.gate_failed else '达标'}"


def _row(node: NodeScore) -> dict[str, Cell]:
    row: dict[str, Cell] = {
        "framework": node.framework,
        "code": node.code,
        "title": "\u3000" * node.depth + node.title,
        "methods": "、".join(m.label for m in node.methods) or None,
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
    return f"A级 {counts.a} 项、B级 {counts.b} 项、C级 {counts.c} 项"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def scorecard_notes(card: Scorecard) -> list[str]:
    """The totals, deductions, vetoes, gates, stated-total checks and the verdict, as lines.

    Examples
    --------
    >>> import civledger
    >>> card = civledger.scorecard(civledger.load("examples/zhecheng.yaml"))
    >>> scorecard_notes(card)[-1]
    '结论：未发现一票否决事项，前置条件达标，具备参评资格。'
    """
    m = card.model
    lines = [
        f"计分（截至 {card.as_of.isoformat()}）：取各标准截至当日最新的测评等级；"
        f"A={_number(m.a)}、B={_number(m.b)}、C={_number(m.c)}；"
        f"材料{_number(m.materials * 100)}%、实地{_number(m.field * 100)}%、"
        f"问卷{_number(m.survey * 100)}%，按标准已评的测评方式折算；"
        "百分制 = 得分 ÷ 已评分值 × 100，未评标准不计。"
    ]
    for f in card.frameworks:
        score = f"{f.score:.1f}" if f.score is not None else "—"
        deduction = (
            f"，负面清单扣 {_number(f.deductions)} 分，净得分 {_number(f.net)}"
            if f.deductions
            else ""
        )
        lines.append(
            f"{f.framework} {f.name}：满分 {_number(f.points)}，"
            f"已评 {f.graded}/{f.standards} 项标准"
            f"（{_number(f.graded_points)} 分），得分 {_number(f.earned)}{deduction}，"
            f"百分制 {score}；{_counts(f.counts)}。"
        )
    for _, incident, item in card.incidents:
        effect = "一票否决" if item.veto else f"扣 {_number(item.deduction or 0)} 分"
        lines.append(
            f"负面清单 {incident.id}（{incident.on.isoformat()}，{item.id} {item.title}）："
            f"{effect}。"
        )
    for check in card.stated:
        if not check.agrees:
            lines.append(
                f"SCR001 {check.inspection} 报告称{_counts(check.stated)}，"
                f"其测评等级实为{_counts(check.computed)}。"
            )
    reasons = [f"一票否决（{incident.id} {item.title}）" for _, incident, item in card.vetoes]
    reasons += [
        f"前置条件 {n.ref} {n.title} 得分 {n.score:.1f}，低于 {n.prerequisite:g} 分"
        for n in card.gates
        if n.score is not None and n.prerequisite is not None
    ]
    if reasons:
        lines.append("结论：" + "；".join(reasons) + "，取消参评资格。")
    else:
        lines.append("结论：未发现一票否决事项，前置条件达标，具备参评资格。")
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
    ('I-2', 2, 100.0, '≥85 达标')
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    card = scorecard(ledger, as_of=as_of, model=model)
    return Table(
        title=f"创城测评计分表（截至 {card.as_of.isoformat()}）",
        name="scorecard",
        columns=SCORECARD_COLUMNS,
        rows=[_row(n) for n in card.nodes],
        notes=scorecard_notes(card),
        ledger_name=ledger.campaign.name,
        as_of=card.as_of,
    )
