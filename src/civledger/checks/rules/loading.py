"""The LDG rules whose findings come from reading a document (keys, types, values).

They have no check function: the loader observes the problems while it
structures the document (:mod:`civledger.serialization.codes` names them), and
these rules word the observations when :func:`civledger.check` reports them.
"""

from __future__ import annotations

from civledger.findings import Rule, Severity
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
    title="A key the ledger format does not define",
    message="unknown key {key!r} in {where}",
    hint="remove it or correct its spelling; the keys allowed here are: {allowed}",
    description=(
        "Every mapping of the format has a fixed set of keys. An unknown key is "
        "usually a typo; its value is not read. The rest of the entry is kept."
    ),
)
WRONG_TYPE = Rule(
    code=codes.WRONG_TYPE,
    name="wrong-type",
    title="A value of the wrong type",
    message="{field}: expected {expected}, got {got}",
    hint="{type_hint}",
    description=(
        "Ids, names and codes are text; counts are whole numbers; scores are numbers; "
        "lists are lists. In YAML, quote text that looks like a number ('001', '1.1')."
    ),
)
BAD_DATE = Rule(
    code=codes.BAD_DATE,
    name="bad-date",
    title="A date or date-time that cannot be read",
    message="{field}: cannot read {value!r} as a {expected}",
    hint=(
        "write dates as 2026-06-30 and date-times as 2026-06-30T09:00+08:00; keep a "
        "deadline as the ledger wrote it (such as 6月底前) in due_text"
    ),
    description="Dates are ISO 8601 (YYYY-MM-DD); date-times may carry an offset.",
)
UNKNOWN_VALUE = Rule(
    code=codes.UNKNOWN_VALUE,
    name="unknown-value",
    title="A value that is not one of the allowed choices",
    message="{field}: {value} is not a known {kind}",
    hint="use one of: {choices}",
    description=(
        "Levels, phases, posts, actions and the other enumerations accept their "
        "English value or their Chinese label (street or 街道)."
    ),
)
MISSING_KEY = Rule(
    code=codes.MISSING_KEY,
    name="missing-key",
    title="A required key is missing",
    message="{where} has no {key}, which is required",
    hint="add {key}: to the entry",
    description="Some keys (ids, names, levels, dates of events) must always be given.",
)
INVALID_VALUE = Rule(
    code=codes.INVALID_VALUE,
    name="invalid-value",
    title="A value of the right type but an impossible shape",
    message="{field}: {problem}",
    hint="correct the value",
    description=(
        "Values that cannot be right whatever the rest of the ledger says: a division "
        "code that is not 12 digits, a percentage over 100, an unknown time zone."
    ),
)

BAD_JOURNAL_LINE = Rule(
    code=codes.BAD_JOURNAL_LINE,
    name="bad-journal-line",
    title="A line of the journal file that is not a JSON object",
    message="line {line} of the journal file is not an entry ({problem}): {text}",
    hint="correct or remove the line; every line of a journal file is one JSON object",
    description=(
        "A journal kept in its own JSON Lines file has one entry per line. A line that is "
        "not a JSON object is left out; the lines around it are read as usual."
    ),
)
TORN_JOURNAL_LINE = Rule(
    code=codes.TORN_JOURNAL_LINE,
    name="torn-journal-line",
    title="A journal file whose last line was cut off",
    message="the last line ({line}) of the journal file was cut off: {text}",
    hint=(
        "an append was interrupted (a crash?) and that entry was not recorded: enter it again; "
        "the next append, or civledger journal repair, moves the line aside"
    ),
    description=(
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
    title="A file the ledger names lies outside the ledger's folder",
    message=(
        "journal names {name!r}, which lies outside the ledger's folder ({reason}); it was not read"
    ),
    hint=(
        "keep the journal file beside the ledger (journal: ledger.journal.jsonl); if you trust "
        "this ledger, allow it explicitly: --allow-outside (allow_outside=True)"
    ),
    description=(
        "A ledger names its journal file relative to its own folder. A name that leads out of "
        "it (`..`, an absolute path, a symbolic link pointing elsewhere) could make civledger "
        "show or overwrite any file you may read or write, so the journal is not read, and "
        "appends and dumps of the ledger are refused, unless you allow it explicitly."
    ),
)
REPEATED_KEY = Rule(
    code=codes.REPEATED_KEY,
    name="repeated-key",
    title="A JSON mapping that gives one key twice",
    message="{where} gives the key {keys} twice; only the last value is read",
    hint="keep one of them: JSON readers disagree on which value wins",
    description=(
        "JSON does not say what a repeated key means, and most readers silently keep the last "
        "value. civledger reads the last one too, and reports it. A journal line that repeats a "
        "key is kept as it is when the journal is written again. (YAML forbids repeated keys: "
        "such a file is not read.)"
    ),
)
TORN_LINE_MOVED = Rule(
    code=codes.TORN_LINE_MOVED,
    name="torn-line-moved",
    title="A journal line cut off by a crash was moved aside",
    message=(
        "line {line} of the journal file was cut off by a crash; it was moved to {side}: {text}"
    ),
    severity=Severity.INFO,
    hint="that entry was never recorded: enter it again if it is still needed",
    description=(
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
