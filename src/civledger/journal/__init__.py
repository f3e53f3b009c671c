"""The journal as history: the life cycle of a task, its state and progress as of any date."""

from civledger.journal.lifecycle import OPEN, TRANSITIONS, Status, next_status
from civledger.journal.measures import FigureSource, MeasureProgress
from civledger.journal.state import TaskState, entries_by_task, state, states

__all__ = [
    "OPEN",
    "TRANSITIONS",
    "FigureSource",
    "MeasureProgress",
    "Status",
    "TaskState",
    "entries_by_task",
    "next_status",
    "state",
    "states",
]
