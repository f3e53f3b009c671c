"""Places and outcomes of a ranking as offices publish them: shared places, praise and criticism.

Equal scores share a place and the next place is skipped (1, 2, 2, 4: "standard
competition ranking"). The commended are the units on the first N places, the
criticised those on the last M places counted from the bottom the same way, each
limited by a score if the settings say so. Ties never split between an outcome and
none, and a unit is never both commended and criticised: one the settings would put
on both lists is commended only.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import attrs

from civledger.model import Ledger, Level, RankingPolicy
from civledger.reports.scope import level_matches

__all__ = ["DEFAULT_COMMEND", "Outcomes", "Settings", "decide", "places", "settings_for"]

DEFAULT_COMMEND: dict[int, int] = {2: 10, 3: 30}
"""The places commended by default, by level rank: 10 streets (towns), 30 communities (villages);
10 for other levels. Nobody is criticised by default."""


@attrs.frozen(kw_only=True)
class Settings:
    """What a ranking's notice says: who is commended, who criticised, and by what measure.

    ``criticise`` ``None`` with ``criticise_below`` ``None`` criticises nobody; with a
    score alone, every unit below it. ``source`` says where the settings came from:
    ``default``, ``ledger`` (the campaign's ranking policy for the level) or
    ``options`` (``top``/``bottom`` given to the report).
    """

    commend: int
    commend_from: float | None = None
    criticise: int | None = None
    criticise_below: float | None = None
    policy: RankingPolicy | None = None
    source: str = "default"

    @property
    def criticises(self) -> bool:
        """Whether the settings criticise anyone at all."""
        if self.criticise == 0:
            return False
        return self.criticise is not None or self.criticise_below is not None


def settings_for(
    ledger: Ledger, level: Level, top: int | None = None, bottom: int | None = None
) -> Settings:
    """The settings of a level's ranking: the ledger's policy, the defaults, and ``top``/``bottom``.

    ``top`` replaces the number of places commended, ``bottom`` the number criticised
    (``0``: none); the scores the policy sets still apply.

    Examples
    --------
    >>> from civledger import testing
    >>> s = settings_for(testing.small_ledger(), Level.STREET)
    >>> s.commend, s.criticises, s.source
    (10, False, 'default')
    >>> settings_for(testing.small_ledger(), Level.COMMUNITY, bottom=2).criticise
    2
    """
    policy = next((p for p in ledger.campaign.rankings if level_matches(p.level, level)), None)
    default = DEFAULT_COMMEND.get(level.rank if level.rank is not None else -1, 10)
    commend = policy.commend if policy is not None and policy.commend is not None else default
    criticise = policy.criticise if policy is not None else None
    source = "ledger" if policy is not None else "default"
    if top is not None or bottom is not None:
        source = "options"
    return Settings(
        commend=top if top is not None else commend,
        commend_from=policy.commend_from if policy is not None else None,
        criticise=bottom if bottom is not None else criticise,
        criticise_below=policy.criticise_below if policy is not None else None,
        policy=policy,
        source=source,
    )


def places(scores: Sequence[float]) -> tuple[list[int], list[int]]:
    """The place of each score from the top, and from the bottom; equal scores share one.

    Examples
    --------
    >>> places([95.0, 90.0, 90.0, 80.0])
    ([1, 2, 2, 4], [4, 2, 2, 1])
    """
    ordered = sorted(scores)
    count = len(ordered)
    top = [1 + count - bisect.bisect_right(ordered, score) for score in scores]
    bottom = [1 + bisect.bisect_left(ordered, score) for score in scores]
    return top, bottom


@attrs.frozen(kw_only=True)
class Outcomes:
    """Who is commended and who criticised, by position in the scores given to :func:`decide`.

    ``spared`` are the units the criticism settings name but that are commended.
    """

    ranks: tuple[int, ...]
    commended: frozenset[int]
    criticised: frozenset[int]
    spared: frozenset[int]


def decide(scores: Sequence[float], settings: Settings) -> Outcomes:
    """The places and the outcome of each of ``scores`` under ``settings``.

    Examples
    --------
    >>> out = decide([95.0, 90.0, 90.0, 80.0], Settings(commend=2, criticise=1))
    >>> out.ranks, sorted(out.commended), sorted(out.criticised)
    ((1, 2, 2, 4), [0, 1, 2], [3])
    >>> out = decide([95.0, 90.0, 85.0, 80.0], Settings(commend=10, criticise=10))
    >>> sorted(out.commended), sorted(out.criticised), sorted(out.spared)
    ([0, 1, 2, 3], [], [0, 1, 2, 3])
    >>> sorted(decide([95.0, 90.0], Settings(commend=0, criticise_below=92)).criticised)
    [1]
    """
    ranks, from_bottom = places(scores)
    commended = frozenset(
        i
        for i, score in enumerate(scores)
        if ranks[i] <= settings.commend
        and (settings.commend_from is None or score >= settings.commend_from)
    )
    named: set[int] = set()
    if settings.criticises:
        named = {
            i
            for i, score in enumerate(scores)
            if (settings.criticise is None or from_bottom[i] <= settings.criticise)
            and (settings.criticise_below is None or score < settings.criticise_below)
        }
    return Outcomes(
        ranks=tuple(ranks),
        commended=commended,
        criticised=frozenset(named - commended),
        spared=frozenset(named & commended),
    )
