"""Journal entries: dated records of what happened to each task (the journal itself is
:class:`civledger.model.journal_store.Journal`)."""

from __future__ import annotations

import math
from datetime import date, datetime

import attrs

from civledger._fields import to_tuple
from civledger.errors import InvalidValueError
from civledger.i18n import phrase
from civledger.labels import LabeledEnum
from civledger.model.measure import Amount

__all__ = [
    "Action",
    "AppealReason",
    "Entry",
    "EntryDraft",
    "Evidence",
    "EvidenceKind",
]


class Action(LabeledEnum):
    """What a journal entry records.

    Examples
    --------
    >>> Action.parse("销号") is Action.SIGN_OFF
    True
    """

    ASSIGN = ("assign", "交办", "转办")
    CLAIM = ("claim", "认领")
    APPEAL = ("appeal", "申诉")
    PROGRESS = ("progress", "进展", "推进")
    REPORT = ("report", "反馈", "申请销号")
    RECHECK = ("recheck", "复查", "验收")
    REJECT = ("reject", "退回", "驳回")
    SIGN_OFF = ("sign_off", "销号")
    REOPEN = ("reopen", "回潮", "反弹", "重新打开")
    EXTEND = ("extend", "延期")
    CANCEL = ("cancel", "撤销", "取消")


class AppealReason(LabeledEnum):
    """Why a unit appeals a problem handed to it (申诉).

    Examples
    --------
    >>> AppealReason.parse("非本单位职责") is AppealReason.NOT_OURS
    True
    """

    NOT_OURS = ("not_ours", "非本单位职责")
    EXPLAIN_ONLY = ("explain_only", "仅需说明")
    CANNOT_SOLVE_NOW = ("cannot_solve_now", "暂不具备整改条件")
    ALREADY_DONE = ("already_done", "已整改")


class EvidenceKind(LabeledEnum):
    """The kind of evidence behind a report or a sign-off.

    Examples
    --------
    >>> EvidenceKind.parse("整改后照片") is EvidenceKind.PHOTO_AFTER
    True
    """

    PHOTO_BEFORE = ("photo_before", "整改前照片")
    PHOTO_AFTER = ("photo_after", "整改后照片")
    DOCUMENT = ("document", "文件材料", "材料")
    VIDEO = ("video", "视频")
    OTHER = ("other", "其他")


@attrs.frozen(kw_only=True)
class Evidence:
    """A piece of evidence: a photo, a document, a video, by reference.

    Examples
    --------
    >>> Evidence(kind=EvidenceKind.PHOTO_AFTER, ref="photos/T-001-after.jpg").kind.label
    '整改后照片'
    """

    kind: EvidenceKind
    ref: str
    note: str | None = None


def _check_percent(
    _: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= 100):
        raise InvalidValueError(
            attribute.name,
            phrase("a percentage must lie between 0 and 100, not {value!r}", value=value),
        )


def _check_quantity(
    _: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None and not math.isfinite(value):
        raise InvalidValueError(
            attribute.name, phrase("a quantity must be a finite number, not {value!r}", value=value)
        )


def _check_aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValueError(
            attribute.name,
            phrase(
                "{value} has no time zone; give it an offset such as +08:00",
                value=value.isoformat(),
            ),
        )


@attrs.frozen(kw_only=True)
class Entry:
    """One dated journal entry about one task.

    ``at`` is a time-aware date-time; times written without an offset are read
    in the campaign's time zone. Only the fields that fit the action are set:
    ``percent``/``quantity``/``amounts`` for progress (``quantity`` is the primary
    measure's cumulative amount done, ``amounts`` the figures of named measures,
    ``percent`` a stated percentage), ``evidence`` for reports, ``due`` and
    ``reason`` for an extension, ``appeal`` for an appeal, ``undoes`` (the id of
    the sign-off entry) for a reopening, ``approved_by`` for a cancellation.

    Examples
    --------
    >>> from datetime import timezone, timedelta
    >>> e = Entry(at=datetime(2026, 4, 2, 9, tzinfo=timezone(timedelta(hours=8))),
    ...           task="T-001", action=Action.ASSIGN, by="p-wang")
    >>> e.action.label
    '交办'
    """

    at: datetime = attrs.field(validator=_check_aware)
    task: str
    action: Action
    id: str | None = None
    by: str | None = None
    unit: str | None = None
    note: str | None = None
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=to_tuple)
    percent: float | None = attrs.field(default=None, validator=_check_percent)
    quantity: float | None = attrs.field(default=None, validator=_check_quantity)
    amounts: tuple[Amount, ...] = attrs.field(default=(), converter=to_tuple)
    due: date | None = None
    reason: str | None = None
    appeal: AppealReason | None = None
    approved_by: str | None = None
    undoes: str | None = None


def _check_optional_aware(
    _: object, attribute: attrs.Attribute[datetime | None], value: datetime | None
) -> None:
    if value is not None:
        _check_aware(_, attribute, value)  # type: ignore[arg-type]


@attrs.frozen(kw_only=True)
class EntryDraft:
    """A journal entry not recorded yet, which may leave its time to the journal writer.

    It has the fields of :class:`Entry`, but ``at`` may be left out: then
    :meth:`civledger.JournalWriter.append` stamps it with the current time in the
    campaign's time zone *while it holds the journal's lock*, after reading what
    other processes appended, and never earlier than the task's last entry. So
    apps appending at once never refuse each other's entries as out of order
    (SGN008). Entries in files always carry their ``at`` (LDG005 otherwise).

    Examples
    --------
    >>> draft = EntryDraft(task="T-001", action=Action.CLAIM, by="p-qian")
    >>> draft.at is None
    True
    >>> from datetime import timezone, timedelta
    >>> draft.stamped(datetime(2026, 4, 3, 9, tzinfo=timezone(timedelta(hours=8)))).at.isoformat()
    '2026-04-03T09:00:00+08:00'
    """

    at: datetime | None = attrs.field(default=None, validator=_check_optional_aware)
    task: str
    action: Action
    id: str | None = None
    by: str | None = None
    unit: str | None = None
    note: str | None = None
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=to_tuple)
    percent: float | None = attrs.field(default=None, validator=_check_percent)
    quantity: float | None = attrs.field(default=None, validator=_check_quantity)
    amounts: tuple[Amount, ...] = attrs.field(default=(), converter=to_tuple)
    due: date | None = None
    reason: str | None = None
    appeal: AppealReason | None = None
    approved_by: str | None = None
    undoes: str | None = None

    def stamped(self, at: datetime) -> Entry:
        """The entry this draft makes at ``at`` (its own ``at`` wins when it has one)."""
        fields = attrs.asdict(self, recurse=False)
        fields["at"] = self.at if self.at is not None else at
        return Entry(**fields)
