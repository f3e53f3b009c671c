"""Who answers for a task: the chain of (unit, post, person) from the lead up to the root.

For a task led by a territorial unit, the chain is the lead unit's posts
(first responsible person, grid keeper, contract leaders, contracting bureaus)
and then the same posts of every unit above it. For a problem located in a
grid (属地) and handed to a line department (条), the territory answers first
(属地管理, 条块结合、以块为主): the chain runs from the grid up to the root,
then the department and the units above it that the territory did not already
list. A person named responsible on the task (责任人) and leaders who contract
the task as a key project (包挂) come first.

Chains are computed per ledger and date in one pass over the units; tasks look
their chain up by (location, lead), so no graph query runs per task.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

import attrs

from civledger.graph.posts import PostIndex, post_index
from civledger.graph.tree import UnitTree, unit_tree
from civledger.labels import LabeledEnum
from civledger.model import Ledger, Level, Post, Task
from civledger.model.arguments import DayLike, as_ledger, as_optional_day, as_text

__all__ = ["Capacity", "ChainView", "Link", "chain", "chains"]


class Capacity(LabeledEnum):
    """In what capacity someone answers for a task.

    Examples
    --------
    >>> Capacity.parse("属地") is Capacity.TERRITORIAL
    True
    """

    RESPONSIBLE = ("responsible", "责任人")
    LEAD = ("lead", "牵头")
    COOPERATING = ("cooperating", "配合")
    TERRITORIAL = ("territorial", "属地")
    LINE = ("line", "条线")
    CONTRACT = ("contract", "包挂")


@attrs.frozen(kw_only=True)
class Link:
    """One link of a chain: a post of a unit, who holds it, and in what capacity.

    ``person`` is ``None`` when the post is vacant on the date: the gap shows.
    ``answers_for`` is the unit of the chain the link stands for; it differs
    from ``unit`` only for a bureau that contracts (包联) that unit. ``post`` is
    ``None`` for the person a task names as responsible.

    Examples
    --------
    >>> link = Link(unit="zc-ly", post=Post.FIRST_RESPONSIBLE, person="p-qian",
    ...             capacity=Capacity.LEAD, answers_for="zc-ly")
    >>> str(link)
    'zc-ly 第一责任人 p-qian (牵头)'
    """

    unit: str
    post: Post | None
    person: str | None
    capacity: Capacity
    answers_for: str

    def __str__(self) -> str:
        post = self.post.label if self.post is not None else "责任人"
        return f"{self.unit} {post} {self.person or '（空缺）'} ({self.capacity.label})"


_UNIT_POSTS = (Post.FIRST_RESPONSIBLE, Post.GRID_KEEPER, Post.CONTRACT_LEADER)


class _Chains:
    """Chains on one date, built unit by unit and shared between tasks."""

    def __init__(self, ledger: Ledger, day: date) -> None:
        self.ledger = ledger
        self.day = day
        self.tree: UnitTree = unit_tree(ledger)
        self.posts: PostIndex = post_index(ledger)
        self.held = self.posts.on(day)
        self.contracted: dict[str, list[str]] = {}
        for contract in ledger.contracts:
            if (contract.start is None or contract.start <= day) and (
                contract.end is None or day <= contract.end
            ):
                self.contracted.setdefault(contract.target, []).append(contract.unit)
        self.territorial = {uid: u.level.territorial for uid, u in self.tree.units.items()}
        self._own: dict[Capacity, dict[str, tuple[Link, ...]]] = {c: {} for c in Capacity}
        self._up: dict[str, tuple[Link, ...]] = {}
        self._led: dict[str, tuple[Link, ...]] = {}
        self._above: dict[str, frozenset[str]] = {}
        self.by_key: dict[tuple[str | None, str | None], tuple[Link, ...]] = {}

    def own(self, unit: str, capacity: Capacity) -> tuple[Link, ...]:
        """The posts of one unit, answering in ``capacity`` (LEAD, or the unit's own kind)."""
        cache = self._own[capacity]
        found = cache.get(unit)
        if found is None:
            found = cache[unit] = tuple(self._own_links(unit, capacity))
        return found

    def _own_links(self, unit: str, capacity: Capacity) -> list[Link]:
        grid = self.tree.units[unit].level is Level.GRID
        # A grid answers through its keeper; other units through their first responsible.
        required = Post.GRID_KEEPER if grid else Post.FIRST_RESPONSIBLE
        answered = any(self.held.get((unit, p)) for p in (Post.FIRST_RESPONSIBLE, required))
        links = []
        for post in _UNIT_POSTS:
            if post is Post.GRID_KEEPER and not grid:
                continue
            people = self.held.get((unit, post), ())
            post_capacity = Capacity.CONTRACT if post is Post.CONTRACT_LEADER else capacity
            if post is required and not answered:
                links.append(
                    Link(unit=unit, post=post, person=None, capacity=capacity, answers_for=unit)
                )
            links.extend(
                Link(unit=unit, post=post, person=p, capacity=post_capacity, answers_for=unit)
                for p in people
            )
        for bureau in self.contracted.get(unit, ()):
            # A contracting bureau with nobody in charge shows its gap like any unit.
            heads = self.held.get((bureau, Post.FIRST_RESPONSIBLE)) or (None,)
            links.extend(
                Link(
                    unit=bureau,
                    post=Post.FIRST_RESPONSIBLE,
                    person=p,
                    capacity=Capacity.CONTRACT,
                    answers_for=unit,
                )
                for p in heads
            )
        return links

    def _capacity(self, unit: str) -> Capacity:
        return Capacity.TERRITORIAL if self.territorial[unit] else Capacity.LINE

    def up(self, unit: str | None) -> tuple[Link, ...]:
        """The links of ``unit`` and every unit above it, each in its own capacity."""
        if unit is None:
            return ()
        found = self._up.get(unit)
        if found is None:
            if unit not in self.territorial:
                return ()
            found = ()
            for u in reversed(self.tree.ancestry[unit]):
                found = self.own(u, self._capacity(u)) + found
            self._up[unit] = found
        return found

    def for_key(self, located: str | None, lead: str | None) -> tuple[Link, ...]:
        """The chain shared by every task with this location and lead."""
        found = self.by_key.get((located, lead))
        if found is None:
            found = self.by_key[(located, lead)] = self._for_key(located, lead)
        return found

    def led(self, lead: str) -> tuple[Link, ...]:
        """The lead unit's posts (as lead) followed by every unit above it."""
        found = self._led.get(lead)
        if found is None:
            parent = self.tree.units[lead].parent
            above = self.up(parent) if parent in self.territorial else ()
            found = self._led[lead] = self.own(lead, Capacity.LEAD) + above
        return found

    def _for_key(self, located: str | None, lead: str | None) -> tuple[Link, ...]:
        territorial = self.territorial
        if lead is not None and lead not in territorial:
            lead = None
        if located is not None and not territorial.get(located, False):
            located = None
        if lead is None:
            return self.up(located)
        if located is None or located == lead:
            return self.led(lead)
        covered = self._above.get(located)
        if covered is None:
            covered = self._above[located] = frozenset(self.tree.ancestry[located])
        if territorial[lead]:
            if lead not in covered:
                return self.led(lead)  # outside its territory: OWN007 says so
            # up(located) lists located ... lead ... root; keep the part below the lead.
            below = self.up(located)
            return below[: len(below) - len(self.up(lead))] + self.led(lead)
        # A department: the territory answers first, then the department and the units
        # of its line up to where line and territory meet (usually at once: the county).
        line = self.own(lead, Capacity.LEAD)
        for u in self.tree.ancestry[lead][1:]:
            if u in covered:
                break
            line += self.own(u, Capacity.LINE)  # even a county answers here as the line above
        return self.up(located) + line

    def front(self, task: Task) -> tuple[Link, ...]:
        """The links of this task alone: its named responsible person and key-project leaders."""
        links: list[Link] = []
        if task.responsible is not None:
            unit = task.lead or ""
            links.append(
                Link(
                    unit=unit,
                    post=None,
                    person=task.responsible,
                    capacity=Capacity.RESPONSIBLE,
                    answers_for=unit,
                )
            )
        for a in self.posts.by_task.get(task.id, ()):
            if a.holds_on(self.day):
                unit = a.unit or task.lead or ""
                links.append(
                    Link(
                        unit=unit,
                        post=a.post,
                        person=a.person,
                        capacity=Capacity.CONTRACT,
                        answers_for=unit,
                    )
                )
        return tuple(links)

    def for_task(self, task: Task) -> tuple[Link, ...]:
        base = self.for_key(task.located_in, task.lead)
        if task.responsible is None and task.id not in self.posts.by_task:
            return base
        return self.front(task) + base


def _chains(ledger: Ledger, day: date) -> _Chains:
    return ledger.memo(("chains", day), lambda: _Chains(ledger, day), dated=True)


def chain(ledger: Ledger, task_id: str, as_of: DayLike | None = None) -> list[Link]:
    """Who answers for a task on a date (today in the campaign's time zone by default).

    Returns the links in order: the person named responsible, contract leaders
    of the task, then the lead unit and the units above it — or, for a problem
    located in a grid and handed to a department, the grid and the units above
    it first and then the department. A vacant post appears with ``person=None``.

    Raises
    ------
    UnknownIdError
        When the ledger has no such task.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> ledger = testing.small_ledger()
    >>> for link in civledger.chain(ledger, "P-001", as_of=date(2026, 5, 1)):
    ...     print(link)
    zc-ly-xh-g1 网格员 p-li (属地)
    zc-ly-xh 第一责任人 p-sun (属地)
    zc-ly 第一责任人 p-qian (属地)
    zc-ly 包挂领导 p-wu (包挂)
    zc 第一责任人 p-zhao (属地)
    zc-cg 第一责任人 p-zhou (牵头)
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    task_id = as_text(task_id, "task_id")
    task = ledger.task(task_id)
    return list(_chains(ledger, as_of or ledger.campaign.default_date()).for_task(task))


class ChainView(Mapping[str, tuple[Link, ...]]):
    """Every task's chain on one date, as a read-only mapping from task id.

    Made by :func:`chains`, which computes each unit's part once; a task's chain
    is then looked up by its (location, lead) and shared with every task that
    has the same. Iterating gives the task ids in ledger order.
    """

    def __init__(self, ledger: Ledger, built: _Chains) -> None:
        self._tasks: Mapping[str, Task] = ledger.index("tasks")
        self._order = ledger.tasks
        self._built = built

    @property
    def day(self) -> date:
        """The date the chains hold on."""
        return self._built.day

    def __getitem__(self, task_id: str) -> tuple[Link, ...]:
        return self._built.for_task(self._tasks[task_id])

    def __iter__(self) -> Iterator[str]:
        seen = self._tasks
        return (t.id for t in self._order if seen.get(t.id) is t)

    def __len__(self) -> int:
        return len(self._tasks)


def chains(ledger: Ledger, as_of: DayLike | None = None) -> ChainView:
    """Every task's chain on a date: one pass over the units, then lookups.

    The pass computes, for every unit, its own links and its chain up to the
    root (a million-task city has some 33,000 units); each task's chain is then
    the one of its (location, lead), built once and shared. No graph query runs
    per task.

    Examples
    --------
    >>> import civledger
    >>> from civledger import testing
    >>> every = civledger.chains(testing.small_ledger(), as_of=date(2026, 5, 1))
    >>> [link.person for link in every["T-001"]]
    ['p-qian', 'p-wu', 'p-zhao']
    >>> len(every), list(every)
    (2, ['T-001', 'P-001'])
    """
    ledger = as_ledger(ledger)
    as_of = as_optional_day(as_of, "as_of", ledger.campaign.zone())
    built = _chains(ledger, as_of or ledger.campaign.default_date())
    for unit in built.territorial:
        built.led(unit)
    return ChainView(ledger, built)
