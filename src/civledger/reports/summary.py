"""What a ledger holds: counts by kind, level, phase, action."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from civledger.labels import LabeledEnum
from civledger.model import Action, Ledger, Level, Phase, PlaceKind, Post, TaskKind

__all__ = ["UNSET", "ledger_summary"]


def _counts(values: Iterable[LabeledEnum | None], kind: type[LabeledEnum]) -> dict[str, int]:
    counter = Counter(values)
    out = {m.value: counter[m] for m in kind if counter[m]}
    if counter[None]:
        out[UNSET] = counter[None]
    return out


UNSET = "unset"
"""The key under which entries without a value are counted."""


def ledger_summary(ledger: Ledger) -> dict[str, Any]:
    """Counts of what the ledger holds, as plain data keyed by English values.

    Examples
    --------
    >>> from civledger import testing
    >>> s = ledger_summary(testing.small_ledger())
    >>> s["units"]["total"], s["units"]["by_level"]["grid"]
    (5, 1)
    >>> s["tasks"]["by_kind"]
    {'task': 1, 'problem': 1}
    """
    campaign = ledger.campaign
    head: dict[str, Any] = {
        "id": campaign.id,
        "name": campaign.name,
        "evaluation": campaign.evaluation.isoformat() if campaign.evaluation else None,
        "timezone": campaign.timezone,
    }
    if campaign.evaluations:  # a key of its own, for a campaign that lists its evaluations
        head["evaluations"] = [
            {"framework": e.framework, "on": e.on.isoformat(), "kind": e.kind.value}
            for e in campaign.evaluations
        ]
    return {
        "campaign": head,
        "file": ledger.origin.file if ledger.origin else None,
        "frameworks": [
            {
                "id": fw.id,
                "name": fw.name,
                "kind": fw.kind.value,
                "nodes": len(fw.nodes),
                "standards": len(fw.standards()),
            }
            for fw in ledger.frameworks
        ],
        "units": {
            "total": len(ledger.units),
            "by_level": _counts((u.level for u in ledger.units), Level),
        },
        "people": len(ledger.people),
        "appointments": {
            "total": len(ledger.appointments),
            "by_post": _counts((a.post for a in ledger.appointments), Post),
        },
        "contracts": len(ledger.contracts),
        "groups": len(ledger.groups),
        "places": {
            "total": len(ledger.places),
            "by_kind": _counts((p.kind for p in ledger.places), PlaceKind),
        },
        "tasks": {
            "total": len(ledger.tasks),
            "by_kind": _counts((t.kind for t in ledger.tasks), TaskKind),
            "by_phase": _counts((t.phase for t in ledger.tasks), Phase),
            "ongoing": sum(t.ongoing for t in ledger.tasks),
        },
        "journal": {
            "total": len(ledger.journal),
            "by_action": _counts(ledger.journal.values("action"), Action),
        },
        "negative_list": {
            "total": len(ledger.negative_list),
            "veto": sum(i.veto for i in ledger.negative_list),
        },
        "incidents": len(ledger.incidents),
        "inspections": len(ledger.inspections),
        "schedules": len(ledger.schedules),
        "waivers": len(ledger.waivers),
        "raw_rows": len(ledger.raw_rows),
        "load_findings": len(ledger.origin.observations) if ledger.origin else 0,
    }
