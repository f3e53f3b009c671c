"""How messages name the model's entries and enumerations, in the language of the moment.

The loader, the importer and the public functions' arguments word what they
found with these nouns ("unknown key 'x' in a unit", "'省' is not a known
level"); each is a :func:`~civledger.i18n.lazy` message, translated where the
message is shown.

Examples
--------
>>> from civledger.i18n import use_language
>>> from civledger.model import Level, Unit
>>> with use_language("en"):
...     f"{entry_noun(Unit)} / {enum_noun(Level)}"
'a unit / level'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from civledger.i18n import Lazy, Phrase, lazy, phrase
from civledger.labels import LabeledEnum
from civledger.model.campaign import (
    Campaign,
    CycleStage,
    CycleYear,
    ParentLedger,
    Phase,
    PhaseWindow,
    Rhythm,
    TenDayPoint,
    Weekday,
)
from civledger.model.framework import Framework, FrameworkKind, FrameworkNode, Grade, Method
from civledger.model.journal import Action, AppealReason, Entry, Evidence, EvidenceKind
from civledger.model.negative import Incident, NegativeItem
from civledger.model.org import Appointment, Contract, Group, Level, Person, Post, Unit
from civledger.model.policy import EvidenceMinimum, SignOffPolicy, Waiver
from civledger.model.raw import RawCell, RawRow
from civledger.model.supervision import (
    GradeCounts,
    Inspection,
    InspectionKind,
    StandardGrade,
    UnitScore,
)
from civledger.model.task import Cadence, ProblemSource, Target, Task, TaskKind

__all__ = ["THE_LEDGER", "choices", "entry_noun", "enum_noun", "unknown_choice"]

THE_LEDGER = lazy("the ledger")
"""The whole ledger document, as messages name it."""

_ENTRIES: Mapping[type[Any], Lazy] = {
    Campaign: lazy("the campaign"),
    SignOffPolicy: lazy("the policy"),
    Framework: lazy("a framework"),
    FrameworkNode: lazy("a framework node"),
    Unit: lazy("a unit"),
    Person: lazy("a person"),
    Appointment: lazy("an appointment"),
    Contract: lazy("a contract"),
    Group: lazy("a group"),
    Task: lazy("a task"),
    Target: lazy("a target"),
    Entry: lazy("a journal entry"),
    Evidence: lazy("a piece of evidence"),
    NegativeItem: lazy("a negative-list item"),
    Incident: lazy("an incident"),
    Inspection: lazy("an inspection"),
    UnitScore: lazy("a unit score"),
    StandardGrade: lazy("a standard grade"),
    GradeCounts: lazy("the stated counts"),
    Waiver: lazy("a waiver"),
    EvidenceMinimum: lazy("an evidence minimum"),
    RawRow: lazy("a raw row"),
    RawCell: lazy("a raw cell"),
    PhaseWindow: lazy("a phase window"),
    CycleStage: lazy("a cycle stage"),
    ParentLedger: lazy("the parent ledger"),
    Rhythm: lazy("the supervision rhythm"),
}

_ENUMS: Mapping[type[LabeledEnum], Lazy] = {
    Phase: lazy("phase"),
    CycleYear: lazy("cycle year"),
    Weekday: lazy("weekday"),
    TenDayPoint: lazy("ten-day point"),
    Method: lazy("method"),
    FrameworkKind: lazy("framework kind"),
    Grade: lazy("grade"),
    Action: lazy("action"),
    AppealReason: lazy("appeal reason"),
    EvidenceKind: lazy("evidence kind"),
    Level: lazy("level"),
    Post: lazy("post"),
    InspectionKind: lazy("inspection kind"),
    TaskKind: lazy("task kind"),
    ProblemSource: lazy("problem source"),
    Cadence: lazy("cadence"),
}


def entry_noun(cls: type[Any] | None) -> str:
    """How a message names an entry of class ``cls`` ("a unit"); ``None`` is the ledger.

    A class the table does not know is named from its class name, untranslated.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> from civledger.model import Incident
    >>> with use_language("en"):
    ...     f"{entry_noun(Incident)}, {entry_noun(None)}"
    'an incident, the ledger'
    """
    if cls is None:
        return THE_LEDGER
    found = _ENTRIES.get(cls)
    if found is not None:
        return found
    noun = "".join(f" {c.lower()}" if c.isupper() else c for c in cls.__name__).strip()
    return f"an {noun}" if noun[:1] in ("a", "e", "i", "o") else f"a {noun}"


def enum_noun(enum: type[LabeledEnum]) -> str:
    """What an enumeration lists, in words ("level", "problem source").

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> from civledger.model import ProblemSource
    >>> with use_language("zh"):
    ...     f"{enum_noun(ProblemSource)}"
    '问题来源'
    """
    return _ENUMS.get(enum) or enum.kind()


def choices(enum: type[LabeledEnum]) -> list[Phrase]:
    """The accepted values of an enumeration with their labels, as a template's value.

    Shown as ``city (市), county (县)`` in English and ``市（city）、县（county）`` in Chinese.

    Examples
    --------
    >>> from civledger.i18n import join, use_language
    >>> from civledger.model import TaskKind
    >>> with use_language("en"):
    ...     join(choices(TaskKind))
    'task (任务), problem (问题)'
    >>> with use_language("zh"):
    ...     join(choices(TaskKind))
    '任务（task）、问题（problem）'
    """
    return [phrase("{value} ({label})", value=m.value, label=m.label) for m in enum]


def unknown_choice(enum: type[LabeledEnum], text: object) -> Phrase:
    """The message for text that names no member of ``enum``, with what is accepted.

    Examples
    --------
    >>> from civledger.i18n import use_language
    >>> from civledger.model import TaskKind
    >>> with use_language("en"):
    ...     str(unknown_choice(TaskKind, "job"))
    "'job' is not a known task kind; use one of: task (任务), problem (问题)"
    """
    return phrase(
        "{text!r} is not a known {kind}; use one of: {choices}",
        text=text,
        kind=enum_noun(enum),
        choices=choices(enum),
    )
