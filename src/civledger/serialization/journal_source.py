"""A journal read from its own JSON Lines file: where its lines are, and which are kept.

The reading layer (:mod:`civledger.io.journal_file`) parses the file; the loader
structures its entries. What the loader could not read whole is not dropped:
every line that holds no entry it could read, and every line whose entry it
read without part of it, is kept verbatim in the ledger's
:class:`~civledger.model.journal_mark.JournalMark` (:func:`kept_lines`), and
written back as it was by every rewrite of the file.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

import attrs

from civledger.findings import Observation
from civledger.model.journal import Entry
from civledger.model.journal_mark import JournalMark, KeptLine

__all__ = ["JournalSource", "flagged_entries", "kept_lines"]


@attrs.frozen(kw_only=True)
class JournalSource:
    """A journal read from its own JSON Lines file (the reading layer reads it).

    ``name`` is the file as the ledger names it, ``path`` where it was read,
    ``lines`` the line of each entry, ``problems`` the lines that were not
    entries (line, text, message, cut off by a crash), ``size`` the bytes read.
    ``data`` holds the bytes read, from offset ``offset`` of the file; each
    entry's bytes are ``starts[i]:stops[i]`` and each problem line's are in
    ``problem_spans`` (offsets in the file). ``repeated`` names the entries that
    give a key twice. ``mark`` is what the ledger will know of the file (without
    its kept lines, which the loader adds). ``outside`` says why the journal was
    not read when it lies outside the ledger's folder.
    """

    name: str
    path: str
    lines: tuple[int, ...] = ()
    problems: tuple[tuple[int, str, str, bool], ...] = ()
    size: int = 0
    data: bytes = b""
    offset: int = 0
    starts: Sequence[int] = ()
    stops: Sequence[int] = ()
    problem_spans: tuple[tuple[int, int], ...] = ()
    repeated: tuple[tuple[int, tuple[str, ...]], ...] = ()
    mark: JournalMark | None = None
    outside: object | None = None  # why the file lies outside the folder (a message)

    def text(self, start: int, stop: int) -> bytes:
        """The bytes of the file from ``start`` to ``stop``."""
        return self.data[start - self.offset : stop - self.offset]


def flagged_entries(observations: Iterable[Observation]) -> set[int]:
    """The document indexes of the journal entries that loading found something wrong with.

    Examples
    --------
    >>> from civledger.findings import Location
    >>> seen = [Observation(code="LDG001", location=Location(path=("journal", 4, "x"))),
    ...         Observation(code="LDG014", location=Location(line=9))]
    >>> sorted(flagged_entries(seen))
    [4]
    """
    found: set[int] = set()
    for seen in observations:
        path = seen.location.path
        if len(path) > 1 and path[0] == "journal" and isinstance(path[1], int):
            found.add(path[1])
    return found


def kept_lines(
    source: JournalSource,
    flagged: set[int],
    kept_positions: Sequence[int] | None,
    journal: Sequence[Entry],
    *,
    first_index: int = 0,
) -> tuple[KeptLine, ...]:
    """The lines of ``source`` to keep verbatim, in the order of the file.

    ``kept_positions`` gives, for each entry the loader kept (in journal order),
    its index among the source's entries (``None``: every entry was kept);
    ``journal`` holds those entries, the first at journal index ``first_index``.

    Examples
    --------
    >>> data = b'{"task": "T-1", "x": 1}\\n{"task": 2}\\n[]\\n'
    >>> source = JournalSource(name="j", path="j", lines=(1, 2), data=data,
    ...                        starts=(0, 24), stops=(23, 35), problem_spans=((36, 38),),
    ...                        problems=((3, "[]", "not a JSON object", False),))
    >>> kept = kept_lines(source, {0, 1}, [0], ["the entry of line 1"])
    >>> [(k.index, k.line, k.text, k.entry) for k in kept]  # doctest: +NORMALIZE_WHITESPACE
    [(0, 1, b'{"task": "T-1", "x": 1}', 'the entry of line 1'),
     (1, 2, b'{"task": 2}', None), (1, 3, b'[]', None)]
    """
    count = len(source.starts)
    if kept_positions is None:
        to_journal = {d: d for d in range(count)}
    else:
        to_journal = {d: i for i, d in enumerate(kept_positions)}
    out: list[tuple[int, KeptLine]] = []
    kept_lines_read = [source.lines[d] for d in sorted(to_journal)]
    for doc in range(count):
        at = to_journal.get(doc)
        if at is not None and doc not in flagged:
            continue
        text = source.text(source.starts[doc], source.stops[doc])
        line = source.lines[doc]
        if at is None:
            before = bisect.bisect_left(kept_lines_read, line)
            kept = KeptLine(index=first_index + before, text=text, line=line)
        else:
            kept = KeptLine(index=first_index + at, text=text, entry=journal[at], line=line)
        out.append((line, kept))
    for (line, _, _, torn), (start, stop) in zip(
        source.problems, source.problem_spans, strict=True
    ):
        if torn:
            continue  # not read: the next writer moves it aside
        before = bisect.bisect_left(kept_lines_read, line)
        out.append(
            (line, KeptLine(index=first_index + before, text=source.text(start, stop), line=line))
        )
    out.sort(key=lambda pair: pair[0])
    return tuple(kept for _, kept in out)
