"""A task's own people: the person it names responsible and its leaders, inherited down the tasks.

Leaders who contract a task (an appointment with ``task``) or a key project the task
names (an appointment on the place) answer for it; a task with none on the day has
those of its nearest parent task that has some ("a 包挂 leader of a task answers for
its subtasks, unless they have their own"). A task that names no place works at its
parent's places. Both are looked up each task's parents once per day and kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from civledger.graph.links import Capacity, Link
from civledger.graph.places import PlaceIndex
from civledger.graph.posts import PostIndex
from civledger.model import Appointment, Ledger, Task

__all__ = ["TaskPeople"]


class TaskPeople:
    """The people of each task on one day, and the places it works at.

    Examples
    --------
    >>> from civledger import testing
    >>> from civledger.graph.places import place_index
    >>> from civledger.graph.posts import post_index
    >>> ledger = testing.small_ledger()
    >>> people = TaskPeople(ledger, date(2026, 5, 1), post_index(ledger), place_index(ledger))
    >>> people.front(ledger.task("T-001")), people.places(ledger.task("P-001"))
    ((), ())
    """

    def __init__(self, ledger: Ledger, day: date, posts: PostIndex, places: PlaceIndex) -> None:
        self.day = day
        self.posts = posts
        self.known = places.places
        self.tasks: Mapping[str, Task] = ledger.index("tasks")
        self._leaders: dict[str, tuple[Link, ...]] = {}
        self._places: dict[str, tuple[str, ...]] = {}

    def places(self, task: Task) -> tuple[str, ...]:
        """The places a task works at: its own, else its parent's (inherited)."""
        if task.places or task.parent is None:
            return task.places
        found = self._places.get(task.id)
        if found is None:
            found = ()
            for above in self._ancestors(task):
                if above.places:
                    found = above.places
                    break
            self._places[task.id] = found
        return found

    def _ancestors(self, task: Task) -> Iterator[Task]:
        seen = {task.id}
        current = self.tasks.get(task.parent) if task.parent is not None else None
        while current is not None and current.id not in seen:
            seen.add(current.id)
            yield current
            current = self.tasks.get(current.parent) if current.parent is not None else None

    def leaders(self, task: Task) -> tuple[Link, ...]:
        """The leaders who contract a task (包挂) on the day: its own, else its parent's."""
        found = self._leaders.get(task.id)
        if found is None:
            found = self._own_leaders(task)
            if not found:
                for above in self._ancestors(task):
                    found = self._own_leaders(above)
                    if found:
                        break
            self._leaders[task.id] = found
        return found

    def _own_leaders(self, task: Task) -> tuple[Link, ...]:
        links = [
            self._leader(a, task, None)
            for a in self.posts.by_task.get(task.id, ())
            if a.holds_on(self.day)
        ]
        for pid in task.places:
            place = self.known.get(pid)
            if place is not None and place.kind.is_project:
                links.extend(
                    self._leader(a, task, pid)
                    for a in self.posts.by_place.get(pid, ())
                    if a.holds_on(self.day)
                )
        return tuple(links)

    @staticmethod
    def _leader(a: Appointment, task: Task, place: str | None) -> Link:
        # A leader of a task or project with no unit of their own stands for its lead.
        unit = a.unit or task.lead or ""
        return Link(
            unit=unit,
            post=a.post,
            person=a.person,
            capacity=Capacity.CONTRACT,
            answers_for=unit,
            place=place,
        )

    def front(self, task: Task) -> tuple[Link, ...]:
        """The links of this task alone: its named responsible person and its leaders."""
        links: tuple[Link, ...] = ()
        if task.responsible is not None:
            unit = task.lead or ""
            links = (
                Link(
                    unit=unit,
                    post=None,
                    person=task.responsible,
                    capacity=Capacity.RESPONSIBLE,
                    answers_for=unit,
                ),
            )
        if task.parent is not None or task.id in self.posts.by_task or task.places:
            links += self.leaders(task)
        return links
