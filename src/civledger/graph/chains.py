"""Who answers for a task: the chain of (unit, post, person) from the lead up to the root.

For a task led by a territorial unit, the chain is the lead unit's posts
(first responsible person, grid keeper, contract leaders, contracting bureaus)
and then the same posts of every unit above it. For a problem located in a
grid (属地) and handed to a line department (条), or a task at places (roads,
sites), the territory answers first (属地管理, 条块结合、以块为主): the chain
runs from the territory up to the root, then the department and the units
above it that the territory did not already list. A person named responsible on
the task (责任人) and leaders who contract the task or its key project (包挂,
inherited by subtasks) come first, then the chiefs of its places (路长, 点长);
the leaders of the headquarters groups that cover its standards (督导) and the
command of the headquarters (指挥) come last.

Chains are computed per ledger and date in one pass over the units; tasks look
their chain up by (location, lead, places, standards), so no graph query runs
per task (see :mod:`civledger.graph.builder`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from civledger.graph.builder import ChainBuilder, chain_builder
from civledger.graph.links import Capacity, Link
from civledger.model import Ledger, Task
from civledger.model.arguments import DayLike, as_ledger, as_optional_day, as_text

__all__ = ["Capacity", "ChainView", "Link", "chain", "chains"]


def _chains(ledger: Ledger, day: date) -> ChainBuilder:
    return chain_builder(ledger, day)


def chain(ledger: Ledger, task_id: str, as_of: DayLike | None = None) -> list[Link]:
    """Who answers for a task on a date (today in the campaign's time zone by default).

    Returns the links in order: the person named responsible, contract leaders
    of the task (or of its key project; a subtask without its own inherits its
    parent's), the chiefs of its places, then the lead unit and the units above
    it — or, for a problem located in a grid and handed to a department, or a
    task at places, the territory first and then the department — then the
    leaders of the headquarters groups covering its standards and the command of
    the headquarters. A vacant post appears with ``person=None``.

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
    is then looked up by its (location, lead, places, standards) and shared with
    every task that has the same. Iterating gives the task ids in ledger order.
    """

    def __init__(self, ledger: Ledger, built: ChainBuilder) -> None:
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
    the one of its (location, lead, places, standards), built once and shared,
    after its own people. No graph query runs per task.

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
