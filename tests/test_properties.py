"""Properties: random valid ledgers survive a round trip; no input crashes ``civledger check``.

The ledger strategy is derived from the attrs model itself (every field of every
entity, optional fields None or set), so a field added to the model is covered
without touching this file; only fields whose validators restrict their values
need an entry in ``SPECIAL``.

CI runs 120 examples per property; set ``CIV_EXAMPLES=2000`` to search harder.
"""

from __future__ import annotations

import json
import os
import types
import typing
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import civledger
from civledger import LabeledEnum, Ledger
from civledger.cli.main import run
from civledger.model import (
    COLLECTIONS,
    EVALUATION_KINDS,
    RHYTHM_KINDS,
    Campaign,
    SignOffPolicy,
)
from civledger.testing import small_ledger

SETTINGS = settings(
    max_examples=int(os.environ.get("CIV_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- text that tends to break writers and readers -------------------------------------------------

TRICKY = [
    "",
    " ",
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "~",
    "true",
    "1.0",
    "1e3",
    "0x1F",
    "0o17",
    "017",
    "-1",
    ".inf",
    ".nan",
    "2026-06-30",
    "2026-06-30T09:00",
    "2026-06-30 09:00:00+08:00",
    "12:30:00",
    " leading",
    "trailing ",
    "a: b",
    "a:b",
    "- item",
    "# comment",
    "'single'",
    '"double"',
    "line\nbreak",
    "two\n\nlines",
    "trailing newline\n",
    "\ttab",
    "back\\slash",
    "&anchor",
    "*alias",
    "!tag",
    "%directive",
    "@at",
    "`tick",
    "{flow}",
    "[list]",
    "|",
    ">",
    "? key",
    "---",
    "...",
    "龙源街道",
    "背街小巷环境整治（第一批）",
    "全角　空格",
    "６月底前",
    "emoji 🏙️",
    "\u3000",
    "x" * 120 + " " + "y" * 30,
]

TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=12),
)
ZONES = ["Asia/Shanghai", "Asia/Urumqi", "UTC", "Europe/Paris", "America/New_York"]
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
DATETIMES = st.datetimes(
    min_value=datetime(1950, 1, 1), max_value=datetime(2100, 12, 31), timezones=OFFSETS
)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
INTS = st.integers(-(2**53), 2**53)
COUNTS = st.integers(0, 2**31)
MONTH_DAYS = st.integers(1, 28) | st.integers(-28, -1)

SPECIAL: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("Campaign", "timezone"): st.sampled_from(ZONES),
    ("Unit", "division_code"): st.none() | st.from_regex(r"[0-9]{12}", fullmatch=True),
    ("Framework", "id"): TEXT.filter(lambda s: ":" not in s),
    ("Entry", "percent"): st.none() | st.floats(0, 100),
    ("Target", "quantity"): st.floats(0, 1e12),
    ("Baseline", "value"): st.none() | st.floats(0, 1e12),
    ("Baseline", "percent"): st.none() | st.floats(0, 100),
    ("Amount", "value"): st.floats(0, 1e12),
    ("EvidenceMinimum", "count"): COUNTS,
    ("SignOffPolicy", "relapse_days"): COUNTS,
    ("GradeCounts", "a"): COUNTS,
    ("GradeCounts", "b"): COUNTS,
    ("GradeCounts", "c"): COUNTS,
    ("Rhythm", "monthly_review"): MONTH_DAYS,
    ("Rhythm", "monthly_exam"): MONTH_DAYS,
    ("Rhythm", "starts_at"): st.from_regex(r"([01][0-9]|2[0-3]):[0-5][0-9]", fullmatch=True),
    ("Rhythm", "minutes"): st.integers(1, 24 * 60),
    ("RawCell", "column"): st.from_regex(r"[A-Z]{1,3}", fullmatch=True),
    ("RawRow", "row"): st.integers(1, 2**31),
    ("Rhythm", "omit"): st.lists(st.sampled_from(RHYTHM_KINDS), max_size=3).map(tuple),
    ("Schedule", "kind"): st.sampled_from(RHYTHM_KINDS),
    ("Schedule", "day"): st.none() | MONTH_DAYS,
    ("Schedule", "starts_at"): st.none()
    | st.from_regex(r"([01][0-9]|2[0-3]):[0-5][0-9]", fullmatch=True),
    ("Schedule", "minutes"): st.none() | st.integers(1, 24 * 60),
    ("RankingPolicy", "commend"): st.none() | COUNTS,
    ("RankingPolicy", "criticise"): st.none() | COUNTS,
    ("Lift", "b"): COUNTS,
    ("Lift", "c"): COUNTS,
    ("Rhythm", "satisfaction_survey"): st.none()
    | st.from_regex(r"(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])", fullmatch=True),
    ("CycleStage", "end"): st.none(),  # a year's end is never before its start (its validator)
    ("Evaluation", "kind"): st.sampled_from(EVALUATION_KINDS),
}


def _named_targets() -> st.SearchStrategy[Any]:
    # Further measures each carry a name, and the names differ (a validator of Task.targets).
    return st.lists(entity(civledger.Target), max_size=2).map(
        lambda targets: tuple(
            attrs.evolve(t, name=f"{t.name or 'm'}-{n}") for n, t in enumerate(targets)
        )
    )


def strategy_for(hint: Any, owner: str = "", field: str = "") -> st.SearchStrategy[Any]:
    """A strategy of valid values for a type hint of the model."""
    if (owner, field) == ("Task", "targets"):
        return _named_targets()
    if (owner, field) in SPECIAL:
        return SPECIAL[(owner, field)]
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in get_args(hint) if a is not type(None)]
        options = st.one_of(*(strategy_for(a) for a in inner))
        return st.none() | options if type(None) in get_args(hint) else options
    if origin is tuple:
        return st.lists(strategy_for(get_args(hint)[0]), max_size=3).map(tuple)
    if hint is str:
        return TEXT
    if hint is bool:
        return st.booleans()
    if hint is int:
        return INTS
    if hint is float:
        return FLOATS
    if hint is datetime:
        return DATETIMES
    if hint is date:
        return DATES
    if isinstance(hint, type) and issubclass(hint, LabeledEnum):
        return st.sampled_from(list(hint))
    if attrs.has(hint):
        return entity(hint)
    raise TypeError(f"no strategy for {hint!r}")


def entity(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Instances of an attrs entity with every field drawn (optional ones None or set)."""
    hints = typing.get_type_hints(cls)
    fields = {
        f.name: strategy_for(hints[f.name], cls.__name__, f.name)
        for f in attrs.fields(cls)
        if f.init and f.name != "origin"
    }
    return st.builds(cls, **fields)


def ledgers() -> st.SearchStrategy[Ledger]:
    parts: dict[str, st.SearchStrategy[Any]] = {
        c.name: st.lists(entity(c.kind), max_size=3) for c in COLLECTIONS
    }
    return st.builds(
        Ledger,
        campaign=entity(Campaign),
        policy=st.none() | entity(SignOffPolicy),
        **parts,
    )


SCHEMA = civledger.json_schema()


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@SETTINGS
@given(ledger=ledgers())
def test_any_valid_ledger_round_trips(fmt: str, ledger: Ledger) -> None:
    text = civledger.dumps(ledger, format=fmt)
    loaded = civledger.loads(text, format=fmt)
    assert loaded.origin is not None
    assert loaded.origin.observations == ()
    assert loaded == ledger
    assert civledger.dumps(loaded, format=fmt) == text
    if fmt == "json":
        jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(text))


def _at(ledger: Ledger, path: tuple[Any, ...]) -> Any:
    value: Any = ledger
    for segment in path:
        value = value[segment] if isinstance(segment, int) else getattr(value, segment)
    return value


@SETTINGS
@given(ledger=ledgers())
def test_every_finding_on_any_ledger_points_at_real_data(ledger: Ledger) -> None:
    report = civledger.check(ledger, as_of=date(2026, 6, 15))
    for issue in report.issues:
        assert not issue.message.startswith("the rule failed to run"), issue.message
        assert issue.code in report.rules
        assert issue.location.path, str(issue)
        _at(ledger, issue.location.path)  # raises if the path leads nowhere
    assert json.loads(report.to_json())["stats"]["total"] == len(report.open_issues)


# -- civledger check never crashes ----------------------------------------------------------------


def _run_check(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["check", str(path), "--as-of", "2026-06-15", "--no-config"])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (code, out, err)
    assert "Traceback" not in out + err
    assert "internal error" not in err, err
    if code == 2:
        assert err.startswith("civledger: "), err
        assert str(path) in err
    else:
        assert err == ""
        assert out.rstrip().splitlines()[-1].endswith("rules)")


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".yaml", ".json"]))
def test_check_never_crashes_on_arbitrary_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, suffix: str
) -> None:
    path = tmp_path / f"ledger{suffix}"
    path.write_bytes(data)
    _run_check(path, capsys)


JSON_SCALARS = st.none() | st.booleans() | INTS | FLOATS | TEXT
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
KEYS = sorted(
    {f.name for c in COLLECTIONS for f in attrs.fields(c.kind)}
    | {f.name for f in attrs.fields(Campaign)}
)
ENTRY_LIKE = st.dictionaries(st.sampled_from(KEYS) | TEXT, JSON_VALUES, max_size=6)
LEDGER_LIKE = st.fixed_dictionaries(
    {"civledger": st.just(1)},
    optional={
        "campaign": ENTRY_LIKE | JSON_VALUES,
        **{c.name: st.lists(ENTRY_LIKE, max_size=4) | JSON_VALUES for c in COLLECTIONS},
        "policy": ENTRY_LIKE | JSON_VALUES,
        "extra": JSON_VALUES,
    },
)


@SETTINGS
@given(doc=JSON_VALUES | LEDGER_LIKE, fmt=st.sampled_from(["json", "yaml"]))
def test_check_never_crashes_on_arbitrary_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: Any, fmt: str
) -> None:
    import yaml

    path = tmp_path / f"ledger.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _run_check(path, capsys)


VALID_DOC = json.loads(civledger.dumps(small_ledger(), format="json"))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    doc = json.loads(json.dumps(VALID_DOC))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for segment in path[:-1]:
            parent = parent[segment]
        key = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "insert", "duplicate"]))
        if action == "replace":
            parent[key] = draw(JSON_VALUES)
        elif action == "delete":
            del parent[key]
        elif action == "insert" and isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS) | TEXT)] = draw(JSON_VALUES)
        elif isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(parent[key])))
    return doc


@SETTINGS
@given(doc=mutated_documents(), fmt=st.sampled_from(["json", "yaml"]))
def test_check_never_crashes_on_mutations_of_a_valid_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: Any, fmt: str
) -> None:
    import yaml

    path = tmp_path / f"ledger.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    _run_check(path, capsys)


VALID_YAML = civledger.dumps(small_ledger(), format="yaml")


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    text = VALID_YAML
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 8))
        insert = draw(
            st.sampled_from(
                [
                    "",
                    ":",
                    "- ",
                    "\n",
                    "  ",
                    "{",
                    "]",
                    "'",
                    '"',
                    "&a ",
                    "*a",
                    "!!",
                    "#",
                    "\t",
                    "~",
                    "1",
                    "龙",
                ]
            )
            | TEXT
        )
        text = text[:at] + insert + text[at + cut :]
    return text


@SETTINGS
@given(text=mutated_text())
def test_check_never_crashes_on_edited_yaml_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = tmp_path / "ledger.yaml"
    path.write_text(text, encoding="utf-8")
    _run_check(path, capsys)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000,
        "{" * 5000,
        "civledger: 1\ncampaign: " + "[" * 3000 + "]" * 3000 + "\n",
        '{"civledger": 1, "campaign": ' + "[" * 3000 + "]" * 3000 + "}",
        "civledger: 1\ncampaign: {id: c, name: x}\nunits: !!binary aGVsbG8=\n",
        "civledger: 1\ncampaign: {id: c, name: x}\nunits: [!!set {a, b}]\n",
        "civledger: 1\ncampaign: {id: c, name: x}\n? [a, b]\n: 1\n",
        "civledger: 1\ncampaign: {id: c, name: x, timezone: '../../../../etc/passwd'}\n",
        "civledger: 1\ncampaign: {id: c, name: x}\ntasks: [{id: T, title: t, due: !!int 3}]\n",
        "civledger: 1\ncampaign: {id: c, name: x}\n1: 2\n~: 3\n",
    ],
    ids=[
        "deep-list",
        "deep-map",
        "deep-yaml",
        "deep-json",
        "binary",
        "set",
        "complex-key",
        "path-zone",
        "int-tag",
        "odd-keys",
    ],
)
def test_check_never_crashes_on_nasty_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = tmp_path / ("ledger.json" if text.startswith("{") else "ledger.yaml")
    path.write_text(text, encoding="utf-8")
    _run_check(path, capsys)
