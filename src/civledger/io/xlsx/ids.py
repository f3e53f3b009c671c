"""Stable ids for rows read from a workbook.

A row with a 台账编号 keeps it. A row without one gets an id made from what
the row says, never from where it is, so that sorting, inserting or deleting
rows does not change the ids of the others:

- a task: ``T-`` and a digest of its title and its lead unit (the unit's id
  when the name matched one, else the name as written);
- a problem: ``P-`` and a digest of its description, its place and the day it
  was found;
- a raw row: ``R-`` and a digest of its sheet and its cells.

Texts are folded first (width, case, spaces), so ``背街小巷 整治`` and
``背街小巷整治`` give the same id. Rows that say the same thing get ``-2``,
``-3``… in workbook order (and a finding, XLS012). Correcting a title, a lead
or a place makes a new id: to keep ids whatever changes, keep the 台账编号
column (the export writes it).

A row read with an error (a cell whose value is lost: an unknown unit, a
deadline that cannot be read…) is the exception: its id names where it is,
``T-工作台账-12`` (``T-`` or ``P-``, the sheet's name without spaces, the row),
so that the task points back to the row its finding is about. Re-importing the
same workbook gives it the same id; once the row is corrected it reads cleanly
and gets the id of what it says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from civledger.labels import normalize_label

__all__ = ["IdMaker", "digest"]


def digest(prefix: str, parts: Iterable[str]) -> str:
    """``prefix-`` and ten hex digits of a digest of the folded parts.

    Examples
    --------
    >>> digest("T", ["背街小巷 整治", "zc-ly"]) == digest("T", ["背街小巷整治", "ZC-LY"])
    True
    >>> digest("T", ["背街小巷整治", "zc-ly"])
    'T-...'
    >>> len(digest("T", ["a"]))
    12
    """
    key = "\x1f".join(normalize_label(p) for p in parts)
    return f"{prefix}-{hashlib.blake2b(key.encode('utf-8'), digest_size=5).hexdigest()}"


class IdMaker:
    """Hand out ids for one import: each derived id once, repeats numbered ``-2``, ``-3``…

    Examples
    --------
    >>> ids = IdMaker()
    >>> a = ids.derived("T", ["背街小巷整治", "zc-ly"], where="A!B5")
    >>> b = ids.derived("T", ["背街小巷整治", "zc-ly"], where="A!B9")
    >>> b == a + "-2", ids.first_of(b)
    (True, 'A!B5')
    >>> ids.take("T-001", where="A!B3"), ids.take("T-001", where="A!B4")
    (None, 'A!B3')
    """

    def __init__(self) -> None:
        self._taken: dict[str, str] = {}
        self._repeats: dict[str, str] = {}

    def take(self, id: str, *, where: str) -> str | None:
        """Claim an id written in the workbook; the place that had it first, if any."""
        first = self._taken.get(id)
        if first is None:
            self._taken[id] = where
        return first

    def derived(self, prefix: str, parts: Iterable[str], *, where: str) -> str:
        """A derived id for the row at ``where``; repeats get a number."""
        base = digest(prefix, parts)
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}-{n}"
        if n > 1:
            self._repeats[candidate] = self._taken[base]
        self._taken[candidate] = where
        return candidate

    def placed(self, prefix: str, sheet: str, row: int) -> str:
        """The id of a row read with an error: its sheet and row (``T-工作台账-12``).

        Examples
        --------
        >>> IdMaker().placed("T", "工作 台账", 12)
        'T-工作台账-12'
        """
        base = f"{prefix}-{''.join(sheet.split())}-{row}"
        candidate, n = base, 1
        while candidate in self._taken:  # a 台账编号 written so elsewhere
            n += 1
            candidate = f"{base}-{n}"
        self._taken[candidate] = f"{sheet}!{row}"
        return candidate

    def first_of(self, id: str) -> str | None:
        """For a repeated row's id, where the first row that said the same thing was."""
        return self._repeats.get(id)
