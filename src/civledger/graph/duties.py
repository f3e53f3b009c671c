"""What a person or a unit answers for: every task, and in what capacity."""

from __future__ import annotations

from collections import defaultdict

import attrs

from civledger.errors import AmbiguousNameError, CivLedgerError, UnknownIdError
from civledger.graph.builder import chain_builder
from civledger.graph.links import Capacity, Link
from civledger.i18n import N_, _
from civledger.model import Ledger, Post
from civledger.model.arguments import DayLike, as_ledger, as_optional_day, as_text

__all__ = ["Duty", "duties"]

_UNITS_OR_PEOPLE = N_("units or people")


@attrs.frozen(kw_only=True)
class Duty:
    """A task someone answers for, in what capacity, through which unit and post.

    ``place`` and ``group`` say through which place (a road's 路长) or headquarters
    group (its 组长) the duty comes, when it comes through one.

    Examples
    --------
    >>> duty = Duty(task="T-001", capacity=Capacity.LEAD, unit="zc-ly", post=Post.FIRST_RESPONSIBLE)
    >>> duty.capacity.label
    '牵头'
    """

    task: str
    capacity: Capacity
    unit: str
    post: Post | None = None
    place: str | None = None
    group: str | None = None


def duties(ledger: Ledger, who: str, as_of: DayLike | None = None) -> list[Duty]:
    """Every task a person or a unit answers for on a date (today by default), in ledger order.

    ``who`` is an id, or the name of one unit or one person.

    For a unit: the tasks it leads (牵头), cooperates on (配合), and those of the
    units below it and the grids in its territory (属地 or 条线), of the units
    it contracts (包联), of the headquarters groups it leads (督导) and, for a
    headquarters, of the territory it commands (指挥). For a person: the same
    through each post they hold on the date, the tasks that name them
    responsible (责任人), the key projects and tasks they contract and their
    subtasks (包挂), and the places they are chief of (点位). A task appears once
    per capacity.

    Raises
    ------
    UnknownIdError
        When ``who`` names neither a unit nor a person (an
        :class:`~civledger.errors.AmbiguousNameError` when the name is not one's).
    CivLedgerError
        When ``who`` is the id of both a unit and a person.

    Examples
    --------
    >>> import civledger
    >>> from datetime import date
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> [(d.task, d.capacity.label) for d in civledger.duties(ledger, "zc-cg", date(2026, 5, 1))]
    [('T-001', '配合'), ('P-001', '牵头')]
    >>> [(d.task, d.capacity.label) for d in civledger.duties(ledger, "p-wu", date(2026, 5, 1))]
    [('T-001', '包挂'), ('P-001', '包挂')]
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    who = as_text(who, "who")
    is_unit = who in ledger.index("units")
    is_person = who in ledger.index("people")
    if is_unit and is_person:
        raise CivLedgerError(
            _("{who!r} is the id of both a unit and a person; ids must tell them apart").format(
                who=who
            )
        )
    if not (is_unit or is_person):
        who, is_unit, is_person = _by_name(ledger, who)
    built = chain_builder(ledger, as_of or ledger.campaign.default_date())
    keyed = not built.plain

    def matches(link: Link) -> bool:
        if is_unit:  # the person a task names responsible answers as a person, not as a unit
            if link.post is None:
                return False
            if link.capacity is Capacity.CONTRACT:
                # A unit answers 包联 only for a unit it contracts; a unit contracted by a
                # leader or a bureau does not answer 包挂 itself.
                return link.unit == who and link.answers_for != who
            return link.answers_for == who or link.unit == who
        return link.person == who

    by_key: dict[object, list[Link]] = {}
    found: dict[str, dict[Capacity, Duty]] = defaultdict(dict)
    for task in ledger.tasks:
        full = built.key(task) if keyed else None
        key = full if full is not None else (task.located_in, task.lead)
        links = by_key.get(key)
        if links is None:
            shared = (
                built.shared(full)
                if full is not None
                else built.for_key(task.located_in, task.lead)
            )
            links = by_key[key] = [link for link in shared if matches(link)]
        extra = [link for link in built.front(task) if matches(link)]
        for link in (*extra, *links):
            found[task.id].setdefault(
                link.capacity,
                Duty(
                    task=task.id,
                    capacity=link.capacity,
                    unit=link.unit,
                    post=link.post,
                    place=link.place,
                    group=link.group,
                ),
            )
        for unit in task.cooperating:
            if is_unit and unit == who:
                found[task.id].setdefault(
                    Capacity.COOPERATING,
                    Duty(task=task.id, capacity=Capacity.COOPERATING, unit=unit),
                )
            elif is_person and who in built.held.get((unit, Post.FIRST_RESPONSIBLE), ()):
                found[task.id].setdefault(
                    Capacity.COOPERATING,
                    Duty(
                        task=task.id,
                        capacity=Capacity.COOPERATING,
                        unit=unit,
                        post=Post.FIRST_RESPONSIBLE,
                    ),
                )
    order = list(Capacity)
    return [
        duty
        for task in ledger.tasks
        if task.id in found
        for duty in sorted(found[task.id].values(), key=lambda d: order.index(d.capacity))
    ]


def _by_name(ledger: Ledger, name: str) -> tuple[str, bool, bool]:
    """The id a name gives, and whether it is a unit's or a person's."""
    found: list[tuple[str, bool]] = []
    for is_unit in (True, False):
        try:
            item = ledger.find_unit(name) if is_unit else ledger.find_person(name)
        except AmbiguousNameError:
            raise
        except UnknownIdError:
            continue
        found.append((item.id, is_unit))
    if not found:
        raise UnknownIdError(_UNITS_OR_PEOPLE, name)
    if len(found) > 1:
        raise AmbiguousNameError(_UNITS_OR_PEOPLE, name, tuple(i for i, _kind in found))
    who, is_unit = found[0]
    return who, is_unit, not is_unit
