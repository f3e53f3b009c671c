"""Tasks (任务) and problems (问题): the rows of the ledger."""

from __future__ import annotations

from datetime import date

import attrs

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum
from civledger.model.campaign import Phase
from civledger.model.measure import Target

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
    ['每周', '每旬', '每月', '每季度', '每半年', '每年']
    """

    WEEKLY = ("weekly", "每周", "周", "每星期")
    TEN_DAY = ("ten_day", "每旬", "旬")
    MONTHLY = ("monthly", "每月", "月")
    QUARTERLY = ("quarterly", "每季度", "季度", "每季")
    HALF_YEARLY = ("half_yearly", "每半年", "半年", "半年度")
    YEARLY = ("yearly", "每年", "年", "每年度", "年度")


def _check_targets(
    _: object, attribute: attrs.Attribute[tuple[Target, ...]], value: tuple[Target, ...]
) -> None:
    seen: set[str] = set()
    for target in value:
        if not target.name:
            raise InvalidValueError(
                attribute.name,
                phrase(
                    "each further measure needs a name (name: 面积), not {target}",
                    target=str(target),
                ),
            )
        if target.name in seen:
            raise InvalidValueError(
                attribute.name, phrase("two further measures are named {name}", name=target.name)
            )
        seen.add(target.name)


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
        How often ongoing work is reviewed (每周, 每旬, 每月, 每季度, 每半年, 每年).
    requirement, measures
        The work requirement (工作要求) and the measures taken (工作措施), as text.
    target, targets
        The primary measure's target (目标任务, what ``percent`` is about) and further
        named measures ("22 个小区、92.1 万平方米": ``targets`` names ``面积``); see
        :class:`Target`. ``targets`` counts only beside a ``target``.
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
    targets: tuple[Target, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_check_targets
    )
    parent: str | None = None
    place: str | None = None
    site: str | None = None
    located_in: str | None = None
    places: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    source: ProblemSource | None = None
    found_by: str | None = None
    found_on: date | None = None
    note: str | None = None

    @property
    def all_targets(self) -> tuple[Target, ...]:
        """The primary target and the further ones, in order; empty without a ``target``.

        Examples
        --------
        >>> t = Task(id="T-9", title="老旧小区改造", target=Target(quantity=22, unit="个"),
        ...          targets=[Target(quantity=92.1, unit="万平方米", name="面积")])
        >>> [str(x) for x in t.all_targets]
        ['22 个', '92.1 万平方米']
        """
        if self.target is None:
            return ()
        return (self.target, *self.targets)
