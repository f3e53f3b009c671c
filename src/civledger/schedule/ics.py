"""The supervision calendar as an iCalendar file (RFC 5545) that calendar apps import.

Written by civledger itself: CRLF line ends, lines folded at 75 octets (never
inside a UTF-8 character), text escaped, a stable UID per event (so that
importing a newer file updates the events instead of doubling them) and a
DTSTAMP. Times carry the campaign's time zone as a TZID with its VTIMEZONE
block when the zone keeps one offset over the events (Asia/Shanghai always
does); otherwise they are written in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from civledger._version import __version__
from civledger.i18n import _, localized
from civledger.model import Campaign
from civledger.schedule.rhythm import SupervisionEvent

__all__ = ["escape_text", "fold_line", "to_ics"]

_LIMIT = 75


def escape_text(text: str) -> str:
    r"""Escape a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).

    Examples
    --------
    >>> print(escape_text("周调度; 县创城办, 各街道\n会议室"))
    周调度\; 县创城办\, 各街道\n会议室
    """
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, joined by CRLF and a space.

    Pieces end on whole UTF-8 characters, so a Chinese character is never cut.

    Examples
    --------
    >>> folded = fold_line("SUMMARY:" + "创建全国文明城市" * 4)
    >>> [len(piece.encode()) for piece in folded.split("\\r\\n")]
    [74, 31]
    """
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        room = _LIMIT - (1 if pieces else 0)  # a continuation starts with a space
        if size + width > room:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _offset(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _one_offset(events: list[SupervisionEvent]) -> timedelta | None:
    offsets = {m.utcoffset() for e in events for m in (e.start, e.end)}
    if len(offsets) == 1:
        return offsets.pop()
    return None


def _timezone_block(name: str, offset: timedelta, abbreviation: str | None) -> Iterator[str]:
    yield "BEGIN:VTIMEZONE"
    yield f"TZID:{name}"
    yield "BEGIN:STANDARD"
    yield "DTSTART:19700101T000000"
    yield f"TZOFFSETFROM:{_offset(offset)}"
    yield f"TZOFFSETTO:{_offset(offset)}"
    if abbreviation:
        yield f"TZNAME:{escape_text(abbreviation)}"
    yield "END:STANDARD"
    yield "END:VTIMEZONE"


def _lines(events: list[SupervisionEvent], campaign: Campaign, stamp: datetime) -> Iterator[str]:
    name = campaign.timezone.strip()
    offset = _one_offset(events) if name else None
    local = offset is not None or not events
    yield "BEGIN:VCALENDAR"
    yield "VERSION:2.0"
    yield f"PRODID:-//civledger//civledger {__version__}//ZH"
    yield "CALSCALE:GREGORIAN"
    yield "METHOD:PUBLISH"
    calendar = _("{campaign} supervision calendar").format(campaign=campaign.name)
    yield f"X-WR-CALNAME:{escape_text(calendar)}"
    if local and name:
        yield f"X-WR-TIMEZONE:{escape_text(name)}"
    if offset is not None:
        yield from _timezone_block(name, offset, events[0].start.tzname())
    dtstamp = _utc(stamp)
    for event in events:
        yield "BEGIN:VEVENT"
        # A schedule's events carry its id: two leaders' dispatches at one time stay two.
        series = f"-{event.schedule}" if event.schedule is not None else ""
        uid = f"{event.kind.value}-{event.start:%Y%m%dT%H%M}{series}-{campaign.id}@civledger"
        yield f"UID:{escape_text(uid)}"
        yield f"DTSTAMP:{dtstamp}"
        if offset is not None:
            yield f"DTSTART;TZID={name}:{event.start:%Y%m%dT%H%M%S}"
            yield f"DTEND;TZID={name}:{event.end:%Y%m%dT%H%M%S}"
        else:
            yield f"DTSTART:{_utc(event.start)}"
            yield f"DTEND:{_utc(event.end)}"
        yield f"SUMMARY:{escape_text(event.title)}"
        kind = str(localized(event.kind))
        what = _("{campaign}: {kind}").format(campaign=campaign.name, kind=kind)
        if event.detail:
            what += f"\n{event.detail}"
        yield f"DESCRIPTION:{escape_text(what)}"
        yield f"CATEGORIES:{escape_text(kind)}"
        yield "TRANSP:OPAQUE"
        yield "END:VEVENT"
    yield "END:VCALENDAR"


def to_ics(
    events: Iterable[SupervisionEvent], campaign: Campaign, *, stamp: datetime | None = None
) -> str:
    """The events as the text of an iCalendar (.ics) file, with CRLF line ends.

    Parameters
    ----------
    events
        Events of :func:`~civledger.supervision_calendar`: the campaign's rhythm and the
        leaders' and units' own schedules (whose UIDs carry the schedule's id and whose
        DESCRIPTION says who holds it, who takes part and the units it covers).
    campaign
        The campaign they belong to: its name titles the calendar, its id makes the
        UIDs, its time zone is the TZID.
    stamp
        The DTSTAMP (when the file was made); now by default. Pass one for a file that
        is the same byte for byte each time.

    Examples
    --------
    >>> from datetime import date
    >>> from civledger.i18n import use_language
    >>> from civledger.schedule.rhythm import supervision_calendar
    >>> c = Campaign(id="zc-2026", name="柘城县创建全国文明城市")
    >>> with use_language("zh"):
    ...     events = supervision_calendar(c, date(2026, 6, 20), date(2026, 6, 20))
    ...     text = to_ics(events, c, stamp=datetime(2026, 6, 14, tzinfo=UTC))
    >>> print(text.replace("\\r\\n", "\\n"))  # doctest: +ELLIPSIS
    BEGIN:VCALENDAR
    VERSION:2.0
    PRODID:-//civledger//civledger ...//ZH
    CALSCALE:GREGORIAN
    METHOD:PUBLISH
    X-WR-CALNAME:柘城县创建全国文明城市督查日历
    X-WR-TIMEZONE:Asia/Shanghai
    BEGIN:VTIMEZONE
    TZID:Asia/Shanghai
    BEGIN:STANDARD
    DTSTART:19700101T000000
    TZOFFSETFROM:+0800
    TZOFFSETTO:+0800
    TZNAME:CST
    END:STANDARD
    END:VTIMEZONE
    BEGIN:VEVENT
    UID:ten_day-20260620T0900-zc-2026@civledger
    DTSTAMP:20260614T000000Z
    DTSTART;TZID=Asia/Shanghai:20260620T090000
    DTEND;TZID=Asia/Shanghai:20260620T110000
    SUMMARY:6月中旬检查
    DESCRIPTION:柘城县创建全国文明城市：旬检查
    CATEGORIES:旬检查
    TRANSP:OPAQUE
    END:VEVENT
    END:VCALENDAR
    <BLANKLINE>
    """
    chosen = list(events)
    moment = stamp or datetime.now(UTC).replace(microsecond=0)
    return "".join(fold_line(line) + "\r\n" for line in _lines(chosen, campaign, moment))
