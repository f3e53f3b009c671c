"""Inspections and assessments (督查): what was found, scored and graded when."""

from __future__ import annotations

import math
from datetime import date

import attrs

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum
from civledger.model.framework import Grade, Method

__all__ = [
    "EVALUATION_KINDS",
    "GradeCounts",
    "Inspection",
    "InspectionKind",
    "Lift",
    "StandardGrade",
    "UnitScore",
]


class InspectionKind(LabeledEnum):
    """The kinds of supervision in a campaign's rhythm.

    Examples
    --------
    >>> InspectionKind.parse("月考") is InspectionKind.MONTHLY_EXAM
    True
    """

    WEEKLY_DISPATCH = ("weekly_dispatch", "周调度")
    TEN_DAY = ("ten_day", "旬检查")
    MONTHLY_REVIEW = ("monthly_review", "月点评")
    MONTHLY_EXAM = ("monthly_exam", "月考")
    MOCK_ASSESSMENT = ("mock_assessment", "模拟测评")
    COVERT_VISIT = ("covert_visit", "暗访", "明察暗访")
    SPECIAL = ("special", "专项督查")
    SELF_CHECK = ("self_check", "自查", "对标自查")
    ANNUAL_EVALUATION = ("annual_evaluation", "年度测评", "年度考核")
    ACCEPTANCE = ("acceptance", "验收", "验收测评", "终期测评")
    HIGHER_INSPECTION = ("higher_inspection", "上级督查", "上级检查")
    SATISFACTION_SURVEY = ("satisfaction_survey", "群众满意度调查", "满意度调查", "满意度测评")


EVALUATION_KINDS: tuple[InspectionKind, ...] = (
    InspectionKind.ANNUAL_EVALUATION,
    InspectionKind.ACCEPTANCE,
    InspectionKind.MOCK_ASSESSMENT,
    InspectionKind.HIGHER_INSPECTION,
)
"""The kinds an evaluation of a title (:class:`~civledger.Evaluation`) can be."""


def _check_score(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not math.isfinite(value):
        raise InvalidValueError(
            attribute.name, phrase("a score must be a finite number, not {value!r}", value=value)
        )


@attrs.frozen(kw_only=True)
class UnitScore:
    """A unit's score in an inspection (月考, 模拟测评).

    Examples
    --------
    >>> UnitScore(unit="zc-ly", score=92.5).score
    92.5
    """

    unit: str
    score: float = attrs.field(validator=_check_score)


@attrs.frozen(kw_only=True)
class StandardGrade:
    """A grade (A/B/C) given to a standard, optionally for one assessment method.

    Examples
    --------
    >>> StandardGrade(standard="wmcs:I-1-1", grade=Grade.A).grade.label
    'A级'
    """

    standard: str
    grade: Grade
    method: Method | None = None


def _check_count(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise InvalidValueError(
            attribute.name, phrase("a count must be >= 0, not {value!r}", value=value)
        )


@attrs.frozen(kw_only=True)
class GradeCounts:
    """How many standards a report says are graded A, B and C ("85 A, 31 B, 3 C").

    An inspection's ``stated`` counts are what its report or a speech announced;
    the SCR001 check compares them with the grades the inspection records.

    Examples
    --------
    >>> counts = GradeCounts(a=85, b=31, c=3)
    >>> counts.total, counts.count(Grade.B)
    (119, 31)
    """

    a: int = attrs.field(default=0, validator=_check_count)
    b: int = attrs.field(default=0, validator=_check_count)
    c: int = attrs.field(default=0, validator=_check_count)

    @property
    def total(self) -> int:
        """A, B and C together."""
        return self.a + self.b + self.c

    def count(self, grade: Grade) -> int:
        """The count for one grade."""
        return {Grade.A: self.a, Grade.B: self.b, Grade.C: self.c}[grade]

    def __str__(self) -> str:
        return f"{self.a} A, {self.b} B, {self.c} C"


@attrs.frozen(kw_only=True)
class Lift:
    """How many B and C standards a report says are to be lifted to A ("34 B and 3 C
    lifted to A by 10 May"): a restatement of the B and C counts an earlier report
    gave for the same section, which SCR005 compares.

    Examples
    --------
    >>> lift = Lift(b=34, c=3, by=date(2026, 5, 10))
    >>> lift.total, lift.by.isoformat()
    (37, '2026-05-10')
    """

    b: int = attrs.field(default=0, validator=_check_count)
    c: int = attrs.field(default=0, validator=_check_count)
    by: date | None = None

    @property
    def total(self) -> int:
        """B and C together: the standards to lift."""
        return self.b + self.c


@attrs.frozen(kw_only=True)
class Inspection:
    """An inspection or assessment held on a date.

    Parameters
    ----------
    by
        The organising unit (usually the campaign office).
    units
        The units inspected.
    problems
        Ids of the problems (tasks of kind ``problem``) it found.
    scores, grades
        Scores given to units and grades given to standards.
    stated
        The counts of A, B and C grades the inspection's report states, if it
        states any (checked against ``grades`` by SCR001 when it records grades;
        a report that states only the counts is valid as it is).
    framework
        The title (framework id) the inspection assesses; ``None`` for all of them.
    section
        The framework node (``framework:code``) whose standards ``stated`` and
        ``lift`` count; ``None`` for the whole framework.
    lift
        The B and C standards the report says are to be lifted to A (提升为A类),
        compared by SCR005 with the latest earlier count of the same section.

    Examples
    --------
    >>> i = Inspection(id="X-1", kind=InspectionKind.MONTHLY_EXAM, on=date(2026, 5, 28),
    ...                scores=[UnitScore(unit="zc-ly", score=91.0)])
    >>> i.scores[0].unit
    'zc-ly'
    """

    id: str
    kind: InspectionKind
    on: date
    by: str | None = None
    units: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    problems: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    scores: tuple[UnitScore, ...] = attrs.field(default=(), converter=to_tuple)
    grades: tuple[StandardGrade, ...] = attrs.field(default=(), converter=to_tuple)
    stated: GradeCounts | None = None
    framework: str | None = None
    section: str | None = None
    lift: Lift | None = None
    note: str | None = None
