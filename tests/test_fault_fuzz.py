"""Issue 12, point 9: a fuzzer over ledger mutations — no traceback, and rewrites lose nothing.

A small valid ledger with its journal in its own file is damaged by a random series of
mutations — of its data (keys removed, values replaced, unknown keys, repeated
entries, journal names that lead anywhere), of its bytes (cut, inserted, flipped,
keys repeated) and of its journal file (garbage lines, cut tails, bad bytes,
byte-order marks) — then checked by the command, and, when it loads, written back and
loaded again: the command never prints a traceback, and the rewrite keeps every
journal line and every entry.

CI runs ``CIV_FUZZ`` (default 150) examples.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import civledger
from civledger.cli.main import run
from civledger.testing import small_ledger

EXAMPLES = int(os.environ.get("CIV_FUZZ", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
JOURNAL = "ledger.journal.jsonl"

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        ["", "yes", "null", "2026-02-30", "6月底前", "province", "../x", "/etc/passwd", "=1+2"]
    ),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
NAMES = st.sampled_from(
    [
        JOURNAL,
        "../x.jsonl",
        "/etc/passwd",
        "",
        ".",
        "logs/j.jsonl",
        "a\\..\\..\\b",
        "j\x00",
        "ledger.yaml",
    ]
)


def _base() -> tuple[dict[str, Any], bytes]:
    ledger = attrs.evolve(small_ledger(), journal_file=JOURNAL)
    document = json.loads(civledger.dumps(ledger, format="json"))
    hook = civledger.dumps(attrs.evolve(small_ledger()), format="json")
    lines = [json.dumps(entry) for entry in json.loads(hook)["journal"]]
    return document, ("\n".join(lines) + "\n").encode()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


@st.composite
def damaged(draw: st.DrawFn) -> tuple[bytes, str, bytes]:
    """A damaged ledger: its bytes, its format, and its journal file's bytes."""
    document, journal = _base()
    for _ in range(draw(st.integers(0, 4))):
        paths = [p for p in _paths(document) if p]
        path = draw(st.sampled_from(paths))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["delete", "replace", "unknown", "repeat", "journal"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif action == "unknown" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=6))] = draw(VALUES)
        elif action == "repeat" and isinstance(parent, list):
            parent.append(parent[path[-1]])
        elif action == "journal":
            document["journal"] = draw(NAMES)
    fmt = draw(st.sampled_from(["json", "yaml"]))
    if fmt == "json":
        data = json.dumps(document, ensure_ascii=draw(st.booleans())).encode()
    else:
        data = _yaml(document)
    data = draw(_bytes_damage(data))
    journal = draw(_journal_damage(journal))
    return data, fmt, journal


def _yaml(document: dict[str, Any]) -> bytes:
    import yaml

    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode()


@st.composite
def _bytes_damage(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "flip", "repeat-key", "none"]))
        if action == "cut":
            data = data[:at]
        elif action == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif action == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif action == "repeat-key":
            data = data.replace(b'"lead": ', b'"lead": "zc", "lead": ', 1)
    return data


@st.composite
def _journal_damage(draw: st.DrawFn, journal: bytes) -> bytes:
    lines = journal.split(b"\n")[:-1]
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(lines)))
        action = draw(
            st.sampled_from(["garbage", "json", "bad-byte", "blank", "repeat-key", "copy"])
        )
        if action == "garbage":
            lines.insert(at, draw(st.binary(max_size=30)).replace(b"\n", b" "))
        elif action == "json":
            lines.insert(at, json.dumps(draw(VALUES)).encode())
        elif action == "bad-byte" and lines:
            line = lines[at % len(lines)]
            lines[at % len(lines)] = line[:5] + b"\xff" + line[5:]
        elif action == "blank":
            lines.insert(at, b"   ")
        elif action == "repeat-key" and lines:
            lines[at % len(lines)] = lines[at % len(lines)].replace(
                b'"task": ', b'"task": "T-001", "task": ', 1
            )
        elif action == "copy" and lines:
            lines.insert(at, lines[at % len(lines)])
    data = b"\n".join(lines) + b"\n" if lines else b""
    tail = draw(st.sampled_from(["", "cut", "bom"]))
    if tail == "cut" and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif tail == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


def _lines(data: bytes) -> list[bytes]:
    """The non-blank complete lines of a journal file (a torn tail is not one)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    complete = data[: data.rfind(b"\n") + 1] if not data.endswith(b"\n") else data
    return [line for line in complete.split(b"\n") if line.strip()]


@pytest.mark.slow
@SETTINGS
@given(case=damaged())
def test_no_damage_makes_a_traceback_and_rewrites_lose_nothing(
    capsys: pytest.CaptureFixture[str], case: tuple[bytes, str, bytes]
) -> None:
    data, fmt, journal = case
    capsys.readouterr()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"ledger.{fmt}"
        path.write_bytes(data)
        (Path(folder) / JOURNAL).write_bytes(journal)
        code = run(
            [
                "check",
                str(path),
                "--as-of",
                "2026-06-15",
                "--format",
                "json",
                "-o",
                str(Path(folder) / "report.json"),
            ]
        )
        out, err = capsys.readouterr()
        assert code in (0, 1, 2)
        assert "Traceback" not in out + err
        assert "internal error" not in err, err
        event(f"check exits {code}")
        if code != 2:
            json.loads((Path(folder) / "report.json").read_text(encoding="utf-8"))
        try:
            ledger = civledger.load(path)
        except civledger.LedgerFileError:
            assert code == 2
            return
        before = _lines(journal)
        try:
            civledger.dump(ledger, path)
        except (
            civledger.OutsideFolderError,
            civledger.FileWriteError,
            civledger.LedgerFileError,
        ) as exc:
            assert ledger.journal_file != JOURNAL or ledger.origin.journal_mark is None
            event(f"rewrite refused: {type(exc).__name__}")
            return
        if ledger.journal_file != JOURNAL:
            event("rewritten (no journal file)")
            return
        event("rewritten with its journal file")
        after = (Path(folder) / JOURNAL).read_bytes()
        assert len(_lines(after)) >= len(before)  # every line kept (a torn tail moved aside)
        again = civledger.load(path)
        assert again.journal == ledger.journal
        codes = sorted(
            o.code
            for o in again.origin.observations
            if o.location.file == str(Path(folder) / JOURNAL)
        )
        was = sorted(
            o.code
            for o in ledger.origin.observations
            if o.location.file == str(Path(folder) / JOURNAL) and o.code != "LDG015"
        )
        assert codes == was
