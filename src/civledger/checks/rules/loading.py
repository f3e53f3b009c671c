"""The LDG rules whose findings come from reading a document (keys, types, values).

They have no check function: the loader observes the problems while it
structures the document (:mod:`civledger.serialization.codes` names them), and
these rules word the observations when :func:`civledger.check` reports them.
"""

from __future__ import annotations

from civledger.findings import Rule, Severity
from civledger.i18n import N_
from civledger.serialization import codes

__all__ = [
    "BAD_DATE",
    "BAD_JOURNAL_LINE",
    "FILE_OUTSIDE",
    "INVALID_VALUE",
    "LOAD_RULES",
    "MISSING_KEY",
    "REPEATED_KEY",
    "TORN_JOURNAL_LINE",
    "TORN_LINE_MOVED",
    "UNKNOWN_KEY",
    "UNKNOWN_VALUE",
    "WRONG_TYPE",
]

UNKNOWN_KEY = Rule(
    code=codes.UNKNOWN_KEY,
    name="unknown-key",
    title=N_("A key the ledger format does not define"),
    message=N_("unknown key {key!r} in {where}"),
    hint=N_("remove it or correct its spelling; the keys allowed here are: {allowed}"),
    description=N_(
        "Every mapping of the format has a fixed set of keys. An unknown key is "
        "usually a typo; its value is not read. The rest of the entry is kept."
    ),
)
WRONG_TYPE = Rule(
    code=codes.WRONG_TYPE,
    name="wrong-type",
    title=N_("A value of the wrong type"),
    message=N_("{field}: expected {expected}, got {got}"),
    hint="{type_hint}",
    description=N_(
        "Ids, names and codes are text; counts are whole numbers; scores are numbers; "
        "lists are lists. In YAML, quote text that looks like a number ('001', '1.1')."
    ),
)
BAD_DATE = Rule(
    code=codes.BAD_DATE,
    name="bad-date",
    title=N_("A date or date-time that cannot be read"),
    message=N_("{field}: cannot read {value!r} as {expected}"),
    hint=N_(
        "write dates as 2026-06-30 and date-times as 2026-06-30T09:00+08:00; keep a "
        "deadline as the ledger wrote it (such as 6月底前) in due_text"
    ),
    description=N_("Dates are ISO 8601 (YYYY-MM-DD); date-times may carry an offset."),
)
UNKNOWN_VALUE = Rule(
    code=codes.UNKNOWN_VALUE,
    name="unknown-value",
    title=N_("A value that is not one of the allowed choices"),
    message=N_("{field}: {value} is not a known {kind}"),
    hint=N_("use one of: {choices}"),
    description=N_(
        "Levels, phases, posts, actions and the other enumerations accept their "
        "English value or their Chinese label (street or 街道)."
    ),
)
MISSING_KEY = Rule(
    code=codes.MISSING_KEY,
    name="missing-key",
    title=N_("A required key is missing"),
    message=N_("{where} has no {key}, which is required"),
    hint=N_("add {key}: to the entry"),
    description=N_("Some keys (ids, names, levels, dates of events) must always be given."),
)
INVALID_VALUE = Rule(
    code=codes.INVALID_VALUE,
    name="invalid-value",
    title=N_("A value of the right type but an impossible shape"),
    message=N_("{field}: {problem}"),
    hint=N_("correct the value"),
    description=N_(
        "Values that cannot be right whatever the rest of the ledger says: a division "
        "code that is not 12 digits, a percentage over 100, an unknown time zone."
    ),
)

BAD_JOURNAL_LINE = Rule(
    code=codes.BAD_JOURNAL_LINE,
    name="bad-journal-line",
    title=N_("A line of the journal file that is not a JSON object"),
    message=N_("line {line} of the journal file is not an entry ({problem}): {text}"),
    hint=N_("correct or remove the line; every line of a journal file is one JSON object"),
    description=N_(
        "A journal kept in its own JSON Lines file has one entry per line. A line that is "
        "not a JSON object is left out; the lines around it are read as usual."
    ),
)
TORN_JOURNAL_LINE = Rule(
    code=codes.TORN_JOURNAL_LINE,
    name="torn-journal-line",
    title=N_("A journal file whose last line was cut off"),
    message=N_("the last line ({line}) of the journal file was cut off: {text}"),
    hint=N_(
        "an append was interrupted (a crash?) and that entry was not recorded: enter it again; "
        "the next append, or civledger journal repair, moves the line aside"
    ),
    description=N_(
        "civledger appends whole lines under a lock and flushes them to disk; a last line "
        "without its end that is not valid JSON was cut off by a crash. It is left out and "
        "never harms the entries before it. The next append (or `civledger journal repair`) "
        "moves it, under the lock, to a side file beside the journal (`*.torn`) and says so "
        "once (LDG018): a crash never leaves a lasting error."
    ),
)
FILE_OUTSIDE = Rule(
    code=codes.FILE_OUTSIDE,
    name="file-outside-folder",
    title=N_("A file the ledger names lies outside the ledger's folder"),
    message=N_(
        "journal names {name!r}, which lies outside the ledger's folder ({reason}); it was not read"
    ),
    hint=N_(
        "keep the journal file beside the ledger (journal: ledger.journal.jsonl); if you trust "
        "this ledger, allow it explicitly: --allow-outside (allow_outside=True)"
    ),
    description=N_(
        "A ledger names its journal file relative to its own folder. A name that leads out of "
        "it (`..`, an absolute path, a symbolic link pointing elsewhere) could make civledger "
        "show or overwrite any file you may read or write, so the journal is not read, and "
        "appends and dumps of the ledger are refused, unless you allow it explicitly."
    ),
)
REPEATED_KEY = Rule(
    code=codes.REPEATED_KEY,
    name="repeated-key",
    title=N_("A JSON mapping that gives one key twice"),
    message=N_("{where} gives the key {keys} twice; only the last value is read"),
    hint=N_("keep one of them: JSON readers disagree on which value wins"),
    description=N_(
        "JSON does not say what a repeated key means, and most readers silently keep the last "
        "value. civledger reads the last one too, and reports it. A journal line that repeats a "
        "key is kept as it is when the journal is written again. (YAML forbids repeated keys: "
        "such a file is not read.)"
    ),
)
TORN_LINE_MOVED = Rule(
    code=codes.TORN_LINE_MOVED,
    name="torn-line-moved",
    title=N_("A journal line cut off by a crash was moved aside"),
    message=N_(
        "line {line} of the journal file was cut off by a crash; it was moved to {side}: {text}"
    ),
    severity=Severity.INFO,
    hint=N_("that entry was never recorded: enter it again if it is still needed"),
    description=N_(
        "Reported once, by the append (or `civledger journal repair`) that moved the line: the "
        "journal is whole again, and the side file keeps the cut-off text. `civledger check` "
        "does not report it; it reports LDG015 while the line is still in the journal."
    ),
)

LOAD_RULES: tuple[Rule, ...] = (
    UNKNOWN_KEY,
    WRONG_TYPE,
    BAD_DATE,
    UNKNOWN_VALUE,
    MISSING_KEY,
    INVALID_VALUE,
    BAD_JOURNAL_LINE,
    TORN_JOURNAL_LINE,
    FILE_OUTSIDE,
    REPEATED_KEY,
    TORN_LINE_MOVED,
)
"""Every rule the loader (and the journal writer) can emit, in code order."""
