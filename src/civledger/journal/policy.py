"""The sign-off policy applied: who may sign, how much evidence, in which order.

The policy is ledger data (:class:`~civledger.SignOffPolicy`); a ledger
without one gets the defaults (no evidence minimum, no re-check required,
relapses flagged within 30 days, the campaign office may sign).
"""

from __future__ import annotations

from datetime import date

from civledger.graph.posts import post_index
from civledger.graph.tree import unit_tree
from civledger.model import Ledger, Level, SignOffPolicy, TaskKind

__all__ = ["Standing", "evidence_minimum", "policy_of", "standing"]


def policy_of(ledger: Ledger) -> SignOffPolicy:
    """The ledger's sign-off policy, or the defaults when it states none.

    Examples
    --------
    >>> from civledger import testing
    >>> policy_of(testing.small_ledger()).relapse_days
    30
    """
    return ledger.policy if ledger.policy is not None else SignOffPolicy()


def evidence_minimum(policy: SignOffPolicy, kind: TaskKind) -> int:
    """The pieces of evidence a report of this kind of task must carry.

    Examples
    --------
    >>> from civledger import EvidenceMinimum
    >>> p = SignOffPolicy(evidence=[EvidenceMinimum(kind=TaskKind.PROBLEM, count=2)])
    >>> evidence_minimum(p, TaskKind.PROBLEM), evidence_minimum(p, TaskKind.TASK)
    (2, 0)
    """
    return max((m.count for m in policy.evidence if m.kind is kind), default=0)


class Standing:
    """Where a person stands on a date: the units whose staff they are.

    A person is staff of a unit through a member post (first responsible,
    grid keeper, liaison, staff, office director...); contract leaders and road
    chiefs oversee units without being their staff. The command of a
    headquarters (总指挥, 政委, 常务副总指挥, 副总指挥) stands for the unit the
    headquarters commands, the one it hangs under.
    """

    def __init__(self, ledger: Ledger, person: str, day: date) -> None:
        appointments = post_index(ledger).by_person.get(person, ())
        held = [a for a in appointments if a.holds_on(day)]
        self.holds_any = bool(held)
        units = ledger.index("units")
        self.units = set()
        for a in held:
            if a.unit is not None and a.post.member:
                unit = units.get(a.unit)
                above = unit.parent if unit is not None else None
                commands = unit is not None and unit.level is Level.HEADQUARTERS and a.post.command
                self.units.add(above if commands and above is not None else a.unit)
        # A million sign-offs ask these questions: what they need is prepared once.
        self._ancestry = unit_tree(ledger).ancestry
        self._sorted = sorted(self.units)
        office = ledger.campaign.office
        self._office = office if office is not None and policy_of(ledger).office_may_sign else None
        self._office_unit = (
            next((u for u in self._sorted if self._office in self._ancestry.get(u, ())), None)
            if self._office is not None
            else None
        )

    def inside(self, unit: str) -> str | None:
        """A unit of theirs that is ``unit`` or lies below it (signing there is self-service)."""
        ancestry = self._ancestry
        for mine in self._sorted:
            if unit in ancestry.get(mine, ()):
                return mine
        return None

    def above(self, unit: str) -> str | None:
        """A unit of theirs above ``unit`` in its chain."""
        units = self.units
        for higher in self._ancestry.get(unit, (unit,))[1:]:
            if higher in units:
                return higher
        return None

    def office_for(self, unit: str) -> str | None:
        """Their unit in the campaign office, when the office may sign for ``unit``.

        The office signs for any unit but itself (and the units inside it), when
        the policy lets it: it stands apart from the chain it supervises.
        """
        if self._office_unit is None or self._office in self._ancestry.get(unit, ()):
            return None
        return self._office_unit


def standing(ledger: Ledger, person: str, day: date) -> Standing:
    """Where ``person`` stands on ``day`` (see :class:`Standing`).

    Examples
    --------
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> s = standing(ledger, "p-zhao", date(2026, 5, 1))
    >>> s.above("zc-ly"), s.inside("zc-ly"), s.office_for("zc-ly")
    ('zc', None, None)
    >>> standing(ledger, "p-qian", date(2026, 5, 1)).inside("zc-ly")
    'zc-ly'
    """
    return Standing(ledger, person, day)
