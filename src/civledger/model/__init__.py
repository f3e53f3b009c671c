"""The typed domain model: frozen attrs entities and the Ledger aggregate."""

from civledger.labels import LabeledEnum
from civledger.model.campaign import (
    RHYTHM_KINDS,
    Campaign,
    CycleStage,
    CycleYear,
    Evaluation,
    ParentLedger,
    Phase,
    PhaseWindow,
    Rhythm,
    TenDayPoint,
    Weekday,
)
from civledger.model.framework import Framework, FrameworkKind, FrameworkNode, Grade, Method
from civledger.model.journal import (
    Action,
    AppealReason,
    Entry,
    EntryDraft,
    Evidence,
    EvidenceKind,
)
from civledger.model.journal_store import Journal
from civledger.model.ledger import COLLECTIONS, Collection, Ledger, Origin
from civledger.model.measure import Amount, Baseline, Comparator, MeasureKind, RollUp
from civledger.model.negative import Incident, NegativeItem
from civledger.model.org import Appointment, Contract, Group, Level, Person, Post, Unit
from civledger.model.place import Place, PlaceKind
from civledger.model.policy import EvidenceMinimum, SignOffPolicy, Waiver
from civledger.model.rankings import RankingPolicy
from civledger.model.raw import RawCell, RawRow
from civledger.model.schedule import Schedule
from civledger.model.supervision import (
    EVALUATION_KINDS,
    GradeCounts,
    Inspection,
    InspectionKind,
    Lift,
    StandardGrade,
    UnitScore,
)
from civledger.model.task import Cadence, ProblemSource, Target, Task, TaskKind

__all__ = [
    "COLLECTIONS",
    "EVALUATION_KINDS",
    "RHYTHM_KINDS",
    "Action",
    "Amount",
    "AppealReason",
    "Appointment",
    "Baseline",
    "Cadence",
    "Campaign",
    "Collection",
    "Comparator",
    "Contract",
    "CycleStage",
    "CycleYear",
    "Entry",
    "EntryDraft",
    "Evaluation",
    "Evidence",
    "EvidenceKind",
    "EvidenceMinimum",
    "Framework",
    "FrameworkKind",
    "FrameworkNode",
    "Grade",
    "GradeCounts",
    "Group",
    "Incident",
    "Inspection",
    "InspectionKind",
    "Journal",
    "LabeledEnum",
    "Ledger",
    "Level",
    "Lift",
    "MeasureKind",
    "Method",
    "NegativeItem",
    "Origin",
    "ParentLedger",
    "Person",
    "Phase",
    "PhaseWindow",
    "Place",
    "PlaceKind",
    "Post",
    "ProblemSource",
    "RankingPolicy",
    "RawCell",
    "RawRow",
    "Rhythm",
    "RollUp",
    "Schedule",
    "SignOffPolicy",
    "StandardGrade",
    "Target",
    "Task",
    "TaskKind",
    "TenDayPoint",
    "Unit",
    "UnitScore",
    "Waiver",
    "Weekday",
]
