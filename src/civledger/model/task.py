"""Tasks (任务) and problems (问题): the rows of the ledger."""

from __future__ import annotations

import math
from datetime import date

import attrs

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum
from civledger.model.campaign import Phase

__all__ = ["Cadence", "ProblemSource", "Target", "Task", "TaskKind"]


class TaskKind(LabeledEnum):
    """A planned task, or a problem found by someone.

    Examples
    --------
    >>> TaskKind.parse("问题") is TaskKind.PROBLEM
    True
    """

    TASK = ("task", "任务")
    PROBLEM = ("problem", "问题")


class ProblemSource(LabeledEnum):
    """How a problem was found.

    Examples
    --------
    >>> ProblemSource.parse("12345") is ProblemSource.HOTLINE
    True
    """

    INSPECTION = ("inspection", "督查检查", "督查", "检查")
    COVERT_VISIT = ("covert_visit", "暗访", "明察暗访")
    HOTLINE = ("hotline", "市民热线", "热线", "12345")
    MEDIA = ("media", "媒体曝光", "曝光", "曝光台")
    SELF_CHECK = ("self_check", "自查", "自查自纠")
    MOCK_ASSESSMENT = ("mock_assessment", "模拟测评")
    OTHER = ("other", "其他")


class Cadence(LabeledEnum):
    """How often ongoing work (长期坚持) is reviewed.

    Examples
    --------
    >>> Cadence.parse("每旬") is Cadence.TEN_DAY
    True
    >>> [c.label for c in Cadence]
    ['每周', '每旬', '每月', '每季度']
    """

    WEEKLY = ("weekly", "每周", "周", "每星期")
    TEN_DAY = ("ten_day", "每旬", "旬")
    MONTHLY = ("monthly", "每月", "月")
    QUARTERLY = ("quarterly", "每季度", "季度", "每季")


def _check_quantity(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise InvalidValueError(
            attribute.name,
            phrase("a target quantity must be a finite number >= 0, not {value!r}", value=value),
        )


@attrs.frozen(kw_only=True)
class Target:
    """A quantitative target: ``39 条`` roads, ``100 %`` lighting rate.

    Examples
    --------
    >>> str(Target(quantity=39, unit="条"))
    '39 条'
    """

    quantity: float = attrs.field(validator=_check_quantity)
    unit: str | None = None

    def __str__(self) -> str:
        q = self.quantity
        text = str(int(q)) if float(q).is_integer() else str(q)
        return f"{text} {self.unit}" if self.unit else text


@attrs.frozen(kw_only=True)
class Task:
    """A ledger row: a task or a problem, with who leads it and by when.

    Parameters
    ----------
    lead
        The lead unit (牵头单位). A task should have exactly one.
    joint_leads
        Further units a spreadsheet named as lead (联合牵头); the checker flags them.
    cooperating
        Cooperating units (配合单位).
    responsible
        The person named responsible in the row (责任人), if any.
    standards
        The standards served, as ``framework:code`` (or a bare code when only one
        framework defines it).
    due, ongoing, due_text
        The deadline (inclusive), or ``ongoing`` for 长期坚持, and the deadline as
        the ledger wrote it.
    review
        How often ongoing work is reviewed (每周, 每旬, 每月, 每季度).
    requirement, measures, target
        The work requirement (工作要求), measures (工作措施) and quantitative target.
    parent
        The task this one is a subtask of.
    place, site, located_in, source, found_by, found_on
        For problems: where (free text), the kind of site (点位), the unit whose
        territory holds it (属地), how and by whom and when it was found.
    places
        The ids of the places (roads, sites, key projects) the task or problem
        concerns: their chiefs and their territory answer for it too. A subtask
        that names none works at its parent's places.

    Examples
    --------
    >>> t = Task(id="T-001", title="39条市政道路综合整治", lead="zc-cg",
    ...          standards=["wmcs:III-12"], phase=Phase.RECTIFICATION,
    ...          due=date(2026, 6, 30), target=Target(quantity=39, unit="条"))
    >>> t.kind.label, t.phase.label
    ('任务', '整改提升')
    """

    id: str
    title: str
    kind: TaskKind = TaskKind.TASK
    lead: str | None = None
    joint_leads: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    cooperating: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    responsible: str | None = None
    standards: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    phase: Phase | None = None
    due: date | None = None
    ongoing: bool = False
    due_text: str | None = None
    review: Cadence | None = None
    requirement: str | None = None
    measures: str | None = None
    target: Target | None = None
    parent: str | None = None
    place: str | None = None
    site: str | None = None
    located_in: str | None = None
    places: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    source: ProblemSource | None = None
    found_by: str | None = None
    found_on: date | None = None
    note: str | None = None
