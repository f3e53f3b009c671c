"""The life cycle of a task: statuses, and which action may follow which.

::

    交办 assign ─► 认领 claim ─► 整改 progress ─► 反馈 report ─► (复查 recheck) ─► 销号 sign_off
                     │                ▲              │                                 │
                     └─ 申诉 appeal    └── 退回 reject ◄┘                      回潮 reopen ◄┘

Extensions (延期) keep the status; cancellation (撤销) ends any open task.
"""

from __future__ import annotations

from collections.abc import Mapping

from civledger.labels import LabeledEnum
from civledger.model import Action

__all__ = ["OPEN", "TRANSITIONS", "Status", "lifecycle_table", "next_status"]


class Status(LabeledEnum):
    """Where a task stands.

    Examples
    --------
    >>> Status.parse("已销号") is Status.SIGNED_OFF
    True
    >>> Status.REPORTED.is_open, Status.SIGNED_OFF.is_open
    (True, False)
    """

    NEW = ("new", "未交办")
    ASSIGNED = ("assigned", "已交办")
    CLAIMED = ("claimed", "已认领")
    APPEALED = ("appealed", "申诉中")
    IN_PROGRESS = ("in_progress", "整改中")
    REPORTED = ("reported", "已反馈", "待销号")
    RECHECKED = ("rechecked", "已复查")
    SIGNED_OFF = ("signed_off", "已销号")
    REOPENED = ("reopened", "回潮")
    CANCELLED = ("cancelled", "已撤销")

    @property
    def is_open(self) -> bool:
        """Whether the task still needs work (neither signed off nor cancelled)."""
        return self not in (Status.SIGNED_OFF, Status.CANCELLED)


OPEN: frozenset[Status] = frozenset(s for s in Status if s.is_open)

_S = Status
_WORKING = (_S.ASSIGNED, _S.CLAIMED, _S.IN_PROGRESS, _S.REOPENED)

TRANSITIONS: Mapping[Action, Mapping[Status, Status]] = {
    Action.ASSIGN: dict.fromkeys((_S.NEW, _S.ASSIGNED, _S.CLAIMED, _S.APPEALED), _S.ASSIGNED),
    Action.CLAIM: {_S.ASSIGNED: _S.CLAIMED},
    Action.APPEAL: dict.fromkeys((_S.ASSIGNED, _S.CLAIMED, _S.IN_PROGRESS), _S.APPEALED),
    Action.PROGRESS: dict.fromkeys(_WORKING, _S.IN_PROGRESS),
    Action.REPORT: dict.fromkeys(_WORKING, _S.REPORTED),
    Action.RECHECK: {_S.REPORTED: _S.RECHECKED},
    Action.REJECT: dict.fromkeys((_S.REPORTED, _S.RECHECKED, _S.APPEALED), _S.IN_PROGRESS),
    Action.SIGN_OFF: {_S.REPORTED: _S.SIGNED_OFF, _S.RECHECKED: _S.SIGNED_OFF},
    Action.REOPEN: {_S.SIGNED_OFF: _S.REOPENED},
    Action.EXTEND: {s: s for s in Status if s.is_open and s is not _S.NEW},
    Action.CANCEL: {s: _S.CANCELLED for s in Status if s.is_open},
}
"""For each action, the statuses it may follow and the status it leads to."""


def next_status(status: Status, action: Action) -> Status | None:
    """The status after ``action``, or ``None`` when the action may not follow ``status``.

    Examples
    --------
    >>> next_status(Status.REPORTED, Action.SIGN_OFF)
    <Status.SIGNED_OFF: 'signed_off'>
    >>> next_status(Status.ASSIGNED, Action.SIGN_OFF) is None
    True
    """
    return TRANSITIONS[action].get(status)


def lifecycle_table() -> str:
    """The life cycle as a Markdown table: for each action (row) and status (column),
    the status it leads to; an empty cell means the action may not follow that status.

    Examples
    --------
    >>> print(lifecycle_table().splitlines()[2])
    | 交办 `assign` | 已交办 | 已交办 | 已交办 | 已交办 |  |  |  |  |  |  |
    """
    columns = list(Status)
    lines = [
        "| action | " + " | ".join(s.label for s in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for action in Action:
        cells = [(TRANSITIONS[action].get(s) or "") for s in columns]
        labels = [c.label if isinstance(c, Status) else "" for c in cells]
        lines.append(f"| {action.label} `{action.value}` | " + " | ".join(labels) + " |")
    return "\n".join(lines)
