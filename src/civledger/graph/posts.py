"""Who holds which post, on a date, from the dated appointments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

import attrs

from civledger.graph.places import place_index
from civledger.model import Appointment, Ledger, Level, Post
from civledger.model.arguments import DayLike, as_ledger, as_optional_day, as_text

__all__ = ["PostIndex", "holders", "post_index", "vacancies"]


@attrs.frozen(kw_only=True, eq=False)
class PostIndex:
    """Appointments indexed by (unit, post), by task, by place and by person.

    An appointment for a task (a key project's contract leader) is indexed by
    its task only, one for a place (a road's chief, a project's contract leader)
    by the place's id only: neither is a post of the unit it may also name. A
    ``place`` that names no place of the ledger is free text (as before places
    were entities): the appointment is then a post of its unit.

    Examples
    --------
    >>> from civledger import testing
    >>> index = post_index(testing.small_ledger())
    >>> index.holders("zc-ly", Post.FIRST_RESPONSIBLE, date(2026, 5, 1))
    ('p-qian',)
    """

    by_unit: Mapping[tuple[str, Post], tuple[Appointment, ...]]
    by_task: Mapping[str, tuple[Appointment, ...]]
    by_place: Mapping[str, tuple[Appointment, ...]]
    by_group: Mapping[tuple[str, Post], tuple[Appointment, ...]]
    by_person: Mapping[str, tuple[Appointment, ...]]

    def holders(self, unit: str, post: Post, day: date) -> tuple[str, ...]:
        """The people holding ``post`` for ``unit`` on ``day``, earliest appointment first."""
        return tuple(a.person for a in self.by_unit.get((unit, post), ()) if a.holds_on(day))

    def on(self, day: date) -> dict[tuple[str, Post], tuple[str, ...]]:
        """Every (unit, post) held on ``day`` and by whom: one pass over the appointments."""
        found: dict[tuple[str, Post], list[str]] = defaultdict(list)
        for key, appointments in self.by_unit.items():
            for a in appointments:
                if a.holds_on(day):
                    found[key].append(a.person)
        return {key: tuple(people) for key, people in found.items()}


def _sorted(items: list[Appointment]) -> tuple[Appointment, ...]:
    return tuple(sorted(items, key=lambda a: a.start or date.min))


def post_index(ledger: Ledger) -> PostIndex:
    """The appointments of a ledger, indexed (computed once per ledger)."""

    def build() -> PostIndex:
        by_unit: dict[tuple[str, Post], list[Appointment]] = defaultdict(list)
        by_task: dict[str, list[Appointment]] = defaultdict(list)
        by_place: dict[str, list[Appointment]] = defaultdict(list)
        by_group: dict[tuple[str, Post], list[Appointment]] = defaultdict(list)
        by_person: dict[str, list[Appointment]] = defaultdict(list)
        places = place_index(ledger)
        for a in ledger.appointments:
            place = places.resolve(a.place) if a.place is not None else None
            if a.task is not None:  # a key project's leader answers for that task alone
                by_task[a.task].append(a)
            elif place is not None:  # a place's chief or leader answers for the place
                by_place[place].append(a)
            elif a.group is not None:
                by_group[(a.group, a.post)].append(a)
            elif a.unit is not None:
                by_unit[(a.unit, a.post)].append(a)
            by_person[a.person].append(a)
        return PostIndex(
            by_unit={k: _sorted(v) for k, v in by_unit.items()},
            by_task={k: _sorted(v) for k, v in by_task.items()},
            by_place={k: _sorted(v) for k, v in by_place.items()},
            by_group={k: _sorted(v) for k, v in by_group.items()},
            by_person={k: _sorted(v) for k, v in by_person.items()},
        )

    return ledger.memo("post_index", build)


def holders(
    ledger: Ledger, unit: str, post: Post | str, as_of: DayLike | None = None
) -> tuple[str, ...]:
    """The ids of the people holding a post for a unit on a date (today by default).

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> civledger.holders(testing.small_ledger(), "zc-ly-xh-g1", "网格员", date(2026, 5, 1))
    ('p-li',)
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    unit = ledger.find_unit(as_text(unit, "unit")).id
    day = as_of or ledger.campaign.default_date()
    return post_index(ledger).holders(unit, Post.parse(post), day)


def vacancies(
    ledger: Ledger, post: Post | str = Post.FIRST_RESPONSIBLE, as_of: DayLike | None = None
) -> list[str]:
    """Units where nobody holds ``post`` on the date, among the units that have that post.

    Grid keepers are asked of grids only, the posts of a command (总指挥, 政委…) of
    headquarters only, other posts of the other units; external bodies are never asked.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> civledger.vacancies(testing.small_ledger(), "first_responsible", date(2026, 5, 1))
    ['zc-ly-xh-g1']
    >>> civledger.vacancies(testing.small_ledger(), "first_responsible", date(2025, 5, 1))
    ['zc', 'zc-ly', 'zc-ly-xh', 'zc-ly-xh-g1', 'zc-cg']
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    wanted = Post.parse(post)
    day = as_of or ledger.campaign.default_date()
    held = post_index(ledger).on(day)
    if wanted is Post.GRID_KEEPER:
        units = [u for u in ledger.units if u.level is Level.GRID]
    else:
        hq = wanted.command
        units = [
            u for u in ledger.units if not u.external and (u.level is Level.HEADQUARTERS) is hq
        ]
    return [u.id for u in units if not held.get((u.id, wanted))]
