"""Rules that are data: the sign-off policy and waivers of findings."""

from __future__ import annotations

from datetime import date

import attrs

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.model.task import TaskKind

__all__ = ["EvidenceMinimum", "SignOffPolicy", "Waiver"]


def _check_count(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise InvalidValueError(
            attribute.name,
            phrase("{name} must be >= 0, not {value!r}", name=attribute.name, value=value),
        )


@attrs.frozen(kw_only=True)
class EvidenceMinimum:
    """The least evidence a report or sign-off of a kind of task needs.

    Examples
    --------
    >>> EvidenceMinimum(kind=TaskKind.PROBLEM, count=2).count
    2
    """

    kind: TaskKind
    count: int = attrs.field(validator=_check_count)


@attrs.frozen(kw_only=True)
class SignOffPolicy:
    """How sign-off (销号) works in this campaign.

    Parameters
    ----------
    evidence
        Minimum pieces of evidence by task kind.
    recheck
        Whether a re-check (复查) is required between report and sign-off.
    relapse_days
        A problem reopened within this many days of its sign-off is a relapse to flag.
    office_may_sign
        Whether the campaign office may sign off any task.

    Examples
    --------
    >>> SignOffPolicy(recheck=True).relapse_days
    30
    """

    evidence: tuple[EvidenceMinimum, ...] = attrs.field(default=(), converter=to_tuple)
    recheck: bool = False
    relapse_days: int = attrs.field(default=30, validator=_check_count)
    office_may_sign: bool = True


@attrs.frozen(kw_only=True)
class Waiver:
    """A finding accepted on purpose: which rule, on what, why, who approved, until when.

    Waived findings stay in the report, marked, and never fail a check.

    Examples
    --------
    >>> w = Waiver(id="W-1", rule="OWN004", subject="zc-ly-g01", reason="网格员招聘中",
    ...            approved_by="p-li", expires=date(2026, 6, 30))
    >>> w.active_on(date(2026, 7, 1))
    False
    """

    id: str
    rule: str
    subject: str
    reason: str
    approved_by: str
    expires: date | None = None
    granted: date | None = None

    def active_on(self, day: date) -> bool:
        """Whether the waiver still holds on ``day`` (the expiry day included)."""
        return self.expires is None or day <= self.expires
