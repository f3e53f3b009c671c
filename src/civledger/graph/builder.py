"""Building chains on one date: unit by unit, then shared between the tasks with the same parts.

A task's chain is made of parts, each computed once and looked up:

1. its own people: the person it names responsible, and the leaders who contract it
   (包挂: an appointment on the task, or on a key project it names) — or, when it has
   none, those of its parent task, inherited up the task tree;
2. the chiefs of its places (路长, 街长, 点长), its own places or else its parent's;
3. territory and lead: for a task led by a unit, the lead and every unit above it; for
   a problem located in a grid, or a task at places, the territory first (属地管理,
   条块结合、以块为主), then the lead and the units of its line the territory did not list;
4. the leaders of the headquarters groups that cover its standards (督导);
5. the command of the headquarters over that territory (总指挥, 政委, 常务副总指挥).

Parts 2 and 3 depend only on (location, lead, places), part 4 on the standards, part 5
on the territory: each is built once for its key and shared; a task's chain puts them
together. No graph query runs per task.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

from civledger.graph.command import CommandIndex, command_index
from civledger.graph.links import Capacity, Link
from civledger.graph.people import TaskPeople
from civledger.graph.places import PlaceIndex, place_index, territorial
from civledger.graph.posts import PostIndex, post_index
from civledger.graph.tree import UnitTree, unit_tree
from civledger.model import Appointment, Ledger, Level, Post, Task

__all__ = ["ChainBuilder", "chain_builder"]

_UNIT_POSTS = (Post.FIRST_RESPONSIBLE, Post.GRID_KEEPER, Post.CONTRACT_LEADER)
_COMMAND_POSTS = (Post.COMMANDER, Post.POLITICAL_COMMISSAR, Post.EXECUTIVE_DEPUTY_COMMANDER)

Key = tuple[str | None, str | None, tuple[str, ...], tuple[str, ...]]
"""(located_in, lead, places, standards): what the shared part of a chain depends on."""


class ChainBuilder:
    """Chains on one date, built part by part and shared between tasks."""

    def __init__(self, ledger: Ledger, day: date) -> None:
        self.ledger = ledger
        self.day = day
        self.tree: UnitTree = unit_tree(ledger)
        self.posts: PostIndex = post_index(ledger)
        self.places: PlaceIndex = place_index(ledger)
        self.command: CommandIndex = command_index(ledger)
        self.held = self.posts.on(day)
        self.contracted: dict[str, list[str]] = {}
        for contract in ledger.contracts:
            if (contract.start is None or contract.start <= day) and (
                contract.end is None or day <= contract.end
            ):
                self.contracted.setdefault(contract.target, []).append(contract.unit)
        self.territorial = {uid: territorial(u) for uid, u in self.tree.units.items()}
        self.hq = frozenset(
            uid
            for uid, u in self.tree.units.items()
            if u.level is Level.HEADQUARTERS and not u.external
        )
        self.with_places = bool(ledger.places)
        self.with_groups = bool(self.command.groups)
        self.with_hq = bool(self.command.hq_at)
        self.plain = not (self.with_places or self.with_groups or self.with_hq)
        self._own: dict[Capacity, dict[str, tuple[Link, ...]]] = {c: {} for c in Capacity}
        self._up: dict[str, tuple[Link, ...]] = {}
        self._led: dict[str, tuple[Link, ...]] = {}
        self._above: dict[str, frozenset[str]] = {}
        self.by_key: dict[tuple[str | None, str | None], tuple[Link, ...]] = {}
        self._by_places: dict[tuple[tuple[str, ...], str | None], tuple[Link, ...]] = {}
        self._placed: dict[
            tuple[str | None, str | None, tuple[str, ...]],
            tuple[tuple[Link, ...], Hashable, tuple[Link, ...]],
        ] = {}
        self._chiefs: dict[tuple[str, ...], tuple[Link, ...]] = {}
        self._supervising: dict[tuple[str, ...], tuple[Link, ...]] = {}
        self._commanding: dict[Hashable, tuple[Link, ...]] = {}
        self.people = TaskPeople(ledger, day, self.posts, self.places)

    # -- the posts of one unit -----------------------------------------------------------
    def own(self, unit: str, capacity: Capacity) -> tuple[Link, ...]:
        """The posts of one unit, answering in ``capacity`` (LEAD, or the unit's own kind)."""
        cache = self._own[capacity]
        found = cache.get(unit)
        if found is None:
            if unit in self.hq:
                found = cache[unit] = self._posts_of(unit, _COMMAND_POSTS, capacity)
            else:
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

    def _posts_of(self, unit: str, posts: tuple[Post, ...], capacity: Capacity) -> tuple[Link, ...]:
        """A headquarters' command: its 总指挥 (the gap shows), 政委 and 常务副总指挥."""
        links: list[Link] = []
        for post in posts:
            people: tuple[str | None, ...] = self.held.get((unit, post), ())
            if not people and post is posts[0]:
                people = (None,)
            links.extend(
                Link(unit=unit, post=post, person=p, capacity=capacity, answers_for=unit)
                for p in people
            )
        return tuple(links)

    def _capacity(self, unit: str) -> Capacity:
        return Capacity.TERRITORIAL if self.territorial[unit] else Capacity.LINE

    # -- territory and lead ----------------------------------------------------------------
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
        """The territory-and-lead part shared by every task with this location and lead."""
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

    def _covered(self, located: str) -> frozenset[str]:
        covered = self._above.get(located)
        if covered is None:
            covered = self._above[located] = frozenset(self.tree.ancestry[located])
        return covered

    def _line(self, lead: str, covered: frozenset[str] | set[str]) -> tuple[Link, ...]:
        """A department as lead, and the units of its line up to where it meets ``covered``."""
        line = self.own(lead, Capacity.LEAD)
        for u in self.tree.ancestry[lead][1:]:
            if u in covered:
                break
            line += self.own(u, Capacity.LINE)  # even a county answers here as the line above
        return line

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
        covered = self._covered(located)
        if territorial[lead]:
            if lead not in covered:
                return self.led(lead)  # outside its territory: OWN007 says so
            # up(located) lists located ... lead ... root; keep the part below the lead.
            below = self.up(located)
            return below[: len(below) - len(self.up(lead))] + self.led(lead)
        # A department: the territory answers first, then the department and the units
        # of its line up to where line and territory meet (usually at once: the county).
        return self.up(located) + self._line(lead, covered)

    def for_places(self, where: tuple[str, ...], lead: str | None) -> tuple[Link, ...]:
        """The territory-and-lead part of a task at places whose territory is ``where``."""
        found = self._by_places.get((where, lead))
        if found is None:
            found = self._by_places[(where, lead)] = self._for_places(where, lead)
        return found

    def _for_places(self, where: tuple[str, ...], lead: str | None) -> tuple[Link, ...]:
        ancestry = self.tree.ancestry
        if lead is not None and lead not in self.territorial:
            lead = None
        if lead is not None and self.territorial[lead]:
            # Each place's territory below where it meets the lead's line of units (a road
            # of the lead's own street: the communities it crosses; a road across two
            # streets: the other street too), then the lead and the units above it.
            return self._below(where, self._covered(lead)) + self.led(lead)
        common = set(ancestry[where[0]])
        for unit in where[1:]:
            common.intersection_update(ancestry[unit])
        top = next((u for u in ancestry[where[0]] if u in common), None)
        territory = self._below(where, common) + self.up(top)
        if lead is None:
            return territory
        covered = {u for unit in where for u in ancestry[unit]}
        return territory + self._line(lead, covered)

    def _below(self, where: tuple[str, ...], meet: frozenset[str] | set[str]) -> tuple[Link, ...]:
        """The links of the territory of ``where`` below the units of ``meet``, bottom up."""
        seen: set[str] = set()
        links: list[Link] = []
        for unit in where:
            for u in self.tree.ancestry[unit]:
                if u in meet:
                    break
                if u not in seen:
                    seen.add(u)
                    links.extend(self.own(u, self._capacity(u)))
        return tuple(links)

    # -- places, groups, command -------------------------------------------------------------
    def chiefs(self, places: tuple[str, ...]) -> tuple[Link, ...]:
        """The chiefs of these places (路长, 街长, 点长), a vacant chief as a gap."""
        found = self._chiefs.get(places)
        if found is None:
            links: list[Link] = []
            known = self.places.places
            for pid in places:
                place = known.get(pid)
                if place is None or place.kind.is_project:
                    continue  # a project's leaders contract the task: its own people
                held = [a for a in self.posts.by_place.get(pid, ()) if a.holds_on(self.day)]
                if not any(a.post.chief for a in held):
                    links.append(self._place_link(None, place.kind.chief_post, pid))
                links.extend(self._place_link(a, a.post, pid) for a in held)
            found = self._chiefs[places] = tuple(links)
        return found

    def _place_link(self, a: Appointment | None, post: Post, place: str) -> Link:
        unit = (a.unit if a is not None else None) or ""
        return Link(
            unit=unit,
            post=post,
            person=a.person if a is not None else None,
            capacity=Capacity.PLACE,
            answers_for=unit,
            place=place,
        )

    def supervising(self, standards: tuple[str, ...]) -> tuple[Link, ...]:
        """The leaders (组长) of the headquarters groups covering these standards."""
        found = self._supervising.get(standards)
        if found is None:
            links: list[Link] = []
            for gid in self.command.groups_for(self.ledger, standards):
                group = self.command.groups[gid]
                unit = group.lead or group.hq or ""
                leaders = self.posts.by_group.get((gid, Post.GROUP_LEADER), ())
                people = tuple(a.person for a in leaders if a.holds_on(self.day)) or (None,)
                links.extend(
                    Link(
                        unit=unit,
                        post=Post.GROUP_LEADER,
                        person=p,
                        capacity=Capacity.SUPERVISING,
                        answers_for=unit,
                        group=gid,
                    )
                    for p in people
                )
            found = self._supervising[standards] = tuple(links)
        return found

    def commanding(self, key: Hashable, base: tuple[Link, ...]) -> tuple[Link, ...]:
        """The command of every headquarters over the units of ``base``, the lowest first.

        ``key`` names ``base`` (its location and lead, or its places' territory and lead):
        the command is computed once for each.
        """
        found = self._commanding.get(key)
        if found is None:
            hq_at = self.command.hq_at
            listed = {link.unit for link in base}
            hqs: dict[str, None] = {}
            for link in base:
                for hq in hq_at.get(link.answers_for, ()):
                    if hq not in listed:
                        hqs[hq] = None
            found = ()
            for hq in hqs:
                found += self.own(hq, Capacity.COMMAND)
            self._commanding[key] = found
        return found

    # -- a task ----------------------------------------------------------------------------
    def task_places(self, task: Task) -> tuple[str, ...]:
        """The places a task works at: its own, else its parent's (inherited)."""
        return self.people.places(task)

    def front(self, task: Task) -> tuple[Link, ...]:
        """The links of this task alone: its named responsible person and its leaders."""
        return self.people.front(task)

    def key(self, task: Task) -> Key:
        """What the shared part of a task's chain depends on."""
        places = self.task_places(task) if self.with_places else ()
        standards = task.standards if self.with_groups else ()
        return (task.located_in, task.lead, places, standards)

    def shared(self, key: Key) -> tuple[Link, ...]:
        """The chiefs, territory and lead, supervising groups and command of a key.

        Each part is kept for its own key (the places, location and lead; the standards;
        the territory): the whole is put together on each call, not kept, since almost
        every task has its own combination of standards and location.
        """
        located, lead, places, standards = key
        placed, base_key, base = self.placed(located, lead, places)
        tail = self.supervising(standards) if standards else ()
        if self.with_hq:
            tail += self.commanding(base_key, base)
        return placed + tail if tail else placed

    def placed(
        self, located: str | None, lead: str | None, places: tuple[str, ...]
    ) -> tuple[tuple[Link, ...], Hashable, tuple[Link, ...]]:
        """The chiefs of the places and the territory-and-lead part; the latter's key and links."""
        found = self._placed.get((located, lead, places))
        if found is None:
            where: tuple[str, ...] = ()
            if places and not (located is not None and self.territorial.get(located, False)):
                territory = self.places.territory
                where = tuple(dict.fromkeys(u for pid in places for u in territory.get(pid, ())))
            base_key: Hashable
            if where:
                base, base_key = self.for_places(where, lead), (where, lead)
            else:
                base, base_key = self.for_key(located, lead), (located, lead)
            links = self.chiefs(places) + base if places else base
            found = self._placed[(located, lead, places)] = (links, base_key, base)
        return found

    def for_task(self, task: Task) -> tuple[Link, ...]:
        """The chain of a task."""
        if self.plain:
            shared = self.for_key(task.located_in, task.lead)
        else:
            shared = self.shared(self.key(task))
        # Most tasks have no people of their own: their chain is the shared part itself.
        if (
            task.responsible is None
            and task.parent is None
            and not (task.id in self.posts.by_task or task.places)
        ):
            return shared
        front = self.front(task)
        return front + shared if front else shared


def chain_builder(ledger: Ledger, day: date) -> ChainBuilder:
    """The chains of a ledger on a day (built on first use, then kept with the ledger)."""
    return ledger.memo(("chains", day), lambda: ChainBuilder(ledger, day), dated=True)
