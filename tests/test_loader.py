"""Loading: one golden test per LDG load rule (LDG001-LDG006), in YAML and in JSON.

Each golden case names the finding's code, its ``$.path``, the line and column in
the YAML and in the JSON text (and what the text says there), the entry it is
about, and a piece of its hint. The loader must report every problem of a file in
one run and keep what it can of each entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

import civledger
from civledger import Action, Level
from support import codes, load_text, of_code, only, run_check, text_at

HEAD_YAML = "civledger: 1\ncampaign: {id: c, name: 试点}\n"
HEAD_JSON = '{"civledger": 1,\n"campaign": {"id": "c", "name": "试点"},\n'


@dataclass(frozen=True)
class Golden:
    """One expected finding of loading a tiny document, in both formats."""

    name: str
    code: str
    yaml: str
    json: str
    path: str
    yaml_at: tuple[int, int]
    json_at: tuple[int, int]
    token: str  # what the document says at the finding's line and column
    subjects: tuple[str, ...]
    hint: str
    message: str


GOLDEN = [
    Golden(
        name="unknown-nested-key",
        code="LDG001",
        yaml=HEAD_YAML
        + "units:\n- {id: zc, name: 柘城县, level: county}\ntasks:\n- id: T-1\n  title: 整治\n"
        "  lead: zc\n  target: {quantity: 3, foo: 2}\n",
        json=HEAD_JSON + '"units": [\n {"id": "zc", "name": "柘城县", "level": "county"}],\n'
        '"tasks": [\n {"id": "T-1", "title": "整治", "lead": "zc",'
        ' "target": {"quantity": 3, "foo": 2}}]\n}\n',
        path="$.tasks[0].target.foo",
        yaml_at=(9, 25),
        json_at=(6, 71),
        token="foo",
        subjects=("T-1",),
        hint="the keys allowed here are: quantity, unit",
        message="unknown key 'foo' in a target",
    ),
    Golden(
        name="unknown-top-level-key",
        code="LDG001",
        yaml=HEAD_YAML + "unitz:\n- {id: zc, name: 柘城县, level: county}\n",
        json=HEAD_JSON + '"unitz": [{"id": "zc", "name": "柘城县", "level": "county"}]\n}\n',
        path="$.unitz",
        yaml_at=(3, 1),
        json_at=(3, 1),
        token="unitz",
        subjects=(),
        hint="campaign, frameworks, units",
        message="unknown key 'unitz' in the ledger",
    ),
    Golden(
        name="unknown-entry-key",
        code="LDG001",
        yaml=HEAD_YAML + "units:\n- {id: zc, name: 柘城县, level: county, colour: red}\n",
        json=HEAD_JSON
        + '"units": [\n {"id": "zc", "name": "柘城县", "level": "county", "colour": "red"}]\n}\n',
        path="$.units[0].colour",
        yaml_at=(4, 38),
        json_at=(4, 49),
        token="colour",
        subjects=("zc",),
        hint="remove it or correct its spelling",
        message="unknown key 'colour' in a unit",
    ),
    Golden(
        name="number-where-text-expected",
        code="LDG002",
        yaml=HEAD_YAML + "units:\n- id: zc\n  name: 柘城县\n  level: county\n"
        "  division_code: 411424001001\n",
        json=HEAD_JSON + '"units": [\n {"id": "zc", "name": "柘城县", "level": "county",\n'
        '  "division_code": 411424001001}]\n}\n',
        path="$.units[0].division_code",
        yaml_at=(7, 3),
        json_at=(5, 3),
        token="division_code",
        subjects=("zc",),
        hint="quote it so that it is read as text: '411424001001'",
        message="division_code: expected text, got the number 411424001001",
    ),
    Golden(
        name="text-where-list-expected",
        code="LDG002",
        yaml=HEAD_YAML + "tasks:\n- {id: T-1, title: 整治, cooperating: zc-ly}\n",
        json=HEAD_JSON
        + '"tasks": [\n {"id": "T-1", "title": "整治", "cooperating": "zc-ly"}]\n}\n',
        path="$.tasks[0].cooperating",
        yaml_at=(4, 24),
        json_at=(4, 31),
        token="cooperating",
        subjects=("T-1",),
        hint="write it as a list: [zc-ly]",
        message="cooperating: expected a list, got the text 'zc-ly'",
    ),
    Golden(
        name="text-where-entry-expected",
        code="LDG002",
        yaml=HEAD_YAML + "units:\n- {id: zc, name: 柘城县, level: county}\n- zc-ly\n",
        json=HEAD_JSON
        + '"units": [\n {"id": "zc", "name": "柘城县", "level": "county"},\n "zc-ly"]\n}\n',
        path="$.units[1]",
        yaml_at=(5, 3),
        json_at=(5, 2),
        token="zc-ly",
        subjects=(),
        hint="write a mapping of keys to values here",
        message="expected a mapping of keys to values, got the text 'zc-ly'",
    ),
    Golden(
        name="mapping-where-list-expected",
        code="LDG002",
        yaml=HEAD_YAML + "units:\n  id: zc\n  name: 柘城县\n",
        json=HEAD_JSON + '"units": {"id": "zc", "name": "柘城县"}\n}\n',
        path="$.units",
        yaml_at=(3, 1),
        json_at=(3, 1),
        token="units",
        subjects=(),
        hint="write the entries as a list",
        message="units: expected a list, got a mapping",
    ),
    Golden(
        name="impossible-date",
        code="LDG003",
        yaml=HEAD_YAML + "tasks:\n- {id: T-1, title: 整治, due: 2026-13-01}\n",
        json=HEAD_JSON + '"tasks": [\n {"id": "T-1", "title": "整治", "due": "2026-13-01"}]\n}\n',
        path="$.tasks[0].due",
        yaml_at=(4, 24),
        json_at=(4, 31),
        token="due",
        subjects=("T-1",),
        hint="write dates as 2026-06-30",
        message="due: cannot read '2026-13-01' as a date",
    ),
    Golden(
        name="bad-date-time",
        code="LDG003",
        yaml=HEAD_YAML + "journal:\n- {id: J-1, at: 2026-04-01T25:00, task: T-1, action: assign}\n",
        json=HEAD_JSON + '"journal": [\n {"id": "J-1", "at": "2026-04-01T25:00", "task": "T-1",'
        ' "action": "assign"}]\n}\n',
        path="$.journal[0].at",
        yaml_at=(4, 13),
        json_at=(4, 16),
        token="at",
        subjects=("J-1",),
        hint="date-times as 2026-06-30T09:00+08:00",
        message="at: cannot read '2026-04-01T25:00' as a date-time",
    ),
    Golden(
        name="unknown-level",
        code="LDG004",
        yaml=HEAD_YAML + "units:\n- {id: zc, name: 柘城县, level: province}\n",
        json=HEAD_JSON + '"units": [\n {"id": "zc", "name": "柘城县", "level": "province"}]\n}\n',
        path="$.units[0].level",
        yaml_at=(4, 23),
        json_at=(4, 30),
        token="level",
        subjects=("zc",),
        hint="use one of: city (市), county (县)",
        message="level: 'province' is not a known level",
    ),
    Golden(
        name="missing-name",
        code="LDG005",
        yaml=HEAD_YAML + "units:\n- {id: zc, name: 柘城县, level: county}\n"
        "- {id: zc-ly, level: street}\n",
        json=HEAD_JSON + '"units": [\n {"id": "zc", "name": "柘城县", "level": "county"},\n'
        ' {"id": "zc-ly", "level": "street"}]\n}\n',
        path="$.units[1].name",
        yaml_at=(5, 3),  # the entry that lacks the key
        json_at=(5, 2),
        token="{",
        subjects=("zc-ly",),
        hint="add name: to the entry",
        message="a unit has no name, which is required",
    ),
    Golden(
        name="percent-over-100",
        code="LDG006",
        yaml=HEAD_YAML
        + "journal:\n- {id: J-1, at: '2026-04-01T09:00+08:00', task: T-1, action: progress,"
        " percent: 150}\n",
        json=HEAD_JSON + '"journal": [\n {"id": "J-1", "at": "2026-04-01T09:00+08:00",'
        ' "task": "T-1", "action": "progress", "percent": 150}]\n}\n',
        path="$.journal[0].percent",
        yaml_at=(4, 72),
        json_at=(4, 85),
        token="percent",
        subjects=("J-1",),
        hint="correct the value",
        message="percent: a percentage must lie between 0 and 100, not 150.0",
    ),
]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: f"{c.code}-{c.name}")
def test_golden_load_finding(case: Golden, fmt: str) -> None:
    text = case.yaml if fmt == "yaml" else case.json
    ledger = load_text(text, fmt, file=f"ledger.{fmt}")
    issue = only(ledger, case.code)
    loc = issue.location
    assert loc.json_path == case.path
    assert loc.line is not None
    assert loc.column is not None
    assert text_at(text, loc.line, loc.column).lstrip('"').startswith(case.token)
    assert (loc.line, loc.column) == (case.yaml_at if fmt == "yaml" else case.json_at)
    assert loc.file == f"ledger.{fmt}"
    assert issue.subjects == case.subjects
    assert issue.hint is not None
    assert case.hint in issue.hint
    assert case.message in issue.message
    assert issue.name == civledger.Registry(civledger.rules())[case.code].name
    # Load findings reach the report (unless deselected).
    report = run_check(ledger, select=[case.code])
    assert codes(report) == [case.code]
    assert run_check(ledger, ignore=[case.code]).issues == tuple(
        i for i in run_check(ledger).issues if i.code != case.code
    )


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_clean_document_yields_no_load_findings(small: civledger.Ledger, fmt: str) -> None:
    ledger = load_text(civledger.dumps(small, format=fmt), fmt)
    assert ledger.origin is not None
    assert ledger.origin.observations == ()
    assert ledger.origin.skipped == {}


NO_TRIGGER = {
    "LDG001": "units:\n- {id: zc, name: 柘城县, level: county, aliases: [柘城], note: 县城}\n",
    "LDG002": "units:\n- {id: zc, name: 柘城县, level: county, division_code: '411424001001'}\n"
    "tasks:\n- {id: T-1, title: 整治, cooperating: [zc], target: {quantity: 3}}\n",
    "LDG003": "tasks:\n- {id: T-1, title: 整治, due: 2026-02-28, found_on: '2024-02-29'}\n"
    "journal:\n- {at: 2026-04-01T23:59, task: T-1, action: assign}\n"
    "- {at: '2026-04-01 09:00:00+08:00', task: T-1, action: assign}\n",
    "LDG004": "units:\n- {id: zc, name: 柘城县, level: 县}\n"
    "- {id: ly, name: 龙源, level: ' Street '}\n"
    "tasks:\n- {id: T-1, title: 整治, phase: 整改, kind: 问题, source: '12345'}\n",
    "LDG005": "units:\n- {id: zc, name: 柘城县, level: county}\n",
    "LDG006": "units:\n- {id: zc, name: 柘城县, level: county, division_code: '411424000000'}\n"
    "journal:\n- {at: '2026-04-01T09:00+08:00', task: T-1, action: progress, percent: 100}\n",
}


@pytest.mark.parametrize("code", sorted(NO_TRIGGER))
def test_golden_load_rule_does_not_trigger_on_good_values(code: str) -> None:
    ledger = load_text(HEAD_YAML + NO_TRIGGER[code])
    assert of_code(ledger, code) == []
    assert ledger.origin is not None
    assert ledger.origin.observations == ()


# -- several problems, and what is kept -----------------------------------------------------------

MANY_PROBLEMS = """\
civledger: 1
campaign: {id: c, name: 试点, colour: red}
units:
- {id: zc, name: 柘城县, level: county}
- {id: ly, name: 龙源街道, level: planet}
- {id: g1, level: grid, parent: ly}
- {id: g2, name: 二网格, level: grid, parent: zc, division_code: '1'}
tasks:
- {id: T-1, title: 整治, lead: zc, due: someday}
- {id: T-2, title: 整治, lead: zc, cooperating: zc, phase: 整改}
- {id: T-3, title: 整治, lead: nowhere}
journal:
- {at: 2026-04-01T09:00, task: T-1, action: assign, by: nobody}
extra: 1
"""


def test_every_problem_of_a_file_is_reported_in_one_run() -> None:
    ledger = load_text(MANY_PROBLEMS, file="many.yaml")
    report = run_check(ledger, select=["LDG", "SGN007"])
    found = {(i.code, i.location.json_path) for i in report.issues}
    assert found == {
        ("LDG001", "$.campaign.colour"),
        ("LDG001", "$.extra"),
        ("LDG004", "$.units[1].level"),
        ("LDG005", "$.units[2].name"),
        ("LDG006", "$.units[3].division_code"),
        ("LDG003", "$.tasks[0].due"),
        ("LDG002", "$.tasks[1].cooperating"),
        ("LDG008", "$.tasks[2].lead"),
        ("SGN007", "$.journal[0].by"),  # a journal entry's people are the journal rules' own
    }
    assert len(report.issues) == len(found)
    assert all(i.location.line is not None for i in report.issues)
    lines = [i.location.line for i in report.issues]
    assert lines == sorted(lines)


def test_an_entry_with_an_unknown_key_is_kept_without_the_key() -> None:
    ledger = load_text(HEAD_YAML + "units:\n- {id: zc, name: 柘城县, level: county, colour: red}\n")
    assert ledger.unit("zc").level is Level.COUNTY
    assert ledger.origin is not None
    assert not ledger.origin.skipped


def test_a_bad_optional_field_is_dropped_and_the_rest_still_checked() -> None:
    ledger = load_text(
        HEAD_YAML + "tasks:\n- {id: T-1, title: 整治, due: 6月底前, lead: nowhere}\n"
    )
    task = ledger.task("T-1")
    assert task.due is None
    assert task.lead == "nowhere"
    report = run_check(ledger)
    assert sorted(codes(report)) == ["LDG003", "LDG008"]
    assert only(report, "LDG008").location.json_path == "$.tasks[0].lead"


def test_a_value_refused_by_a_validator_drops_only_that_field() -> None:
    ledger = load_text(
        HEAD_YAML
        + "units:\n- {id: g1, name: 一网格, level: grid, division_code: '12', parent: px}\n"
        "journal:\n- {at: '2026-04-01T09:00+08:00', task: T-1, action: progress, percent: 150,"
        " by: nobody}\n"
    )
    assert ledger.unit("g1").division_code is None
    assert ledger.journal[0].percent is None
    assert ledger.journal[0].action is Action.PROGRESS
    report = run_check(ledger, select=["LDG", "SGN007"])
    assert sorted((i.code, i.location.json_path) for i in report.issues) == [
        ("LDG006", "$.journal[0].percent"),
        ("LDG006", "$.units[0].division_code"),
        ("LDG008", "$.units[0].parent"),
        ("SGN007", "$.journal[0].task"),
    ]


def test_a_bad_time_zone_keeps_the_rest_of_the_campaign() -> None:
    ledger = load_text(
        "civledger: 1\ncampaign: {id: zc-2026, name: 试点, timezone: Mars/Base, office: zc}\n"
        "units:\n- {id: zc, name: 柘城县, level: county}\n"
    )
    assert (ledger.campaign.id, ledger.campaign.office) == ("zc-2026", "zc")
    assert ledger.campaign.timezone == "Asia/Shanghai"
    issue = only(ledger, "LDG006")
    assert issue.location.json_path == "$.campaign.timezone"
    assert "Mars/Base" in issue.message


def test_a_bad_nested_value_drops_the_nested_entity_only() -> None:
    ledger = load_text(HEAD_YAML + "tasks:\n- {id: T-1, title: 整治, target: {quantity: -1}}\n")
    assert ledger.task("T-1").target is None
    assert only(ledger, "LDG006").location.json_path == "$.tasks[0].target.quantity"


@pytest.mark.parametrize(
    ("document", "kept", "unknown", "invalid"),
    [
        (
            HEAD_YAML + "tasks:\n- {id: T-1, title: 整治, target: {quantity: -1, foo: 2}}\n",
            lambda ledger: ledger.task("T-1").target,
            "$.tasks[0].target.foo",
            "$.tasks[0].target.quantity",
        ),
        (
            "civledger: 1\ncampaign: {id: zc-2026, name: 试点, rhythm: {monthly_exam: 0, x: 1}}\n",
            lambda ledger: (ledger.campaign.id, ledger.campaign.rhythm),
            "$.campaign.rhythm.x",
            "$.campaign.rhythm.monthly_exam",
        ),
    ],
    ids=["task-target", "campaign-rhythm"],
)
def test_a_nested_validator_met_after_unknown_keys_were_dropped_is_found_where_it_is(
    document: str, kept: Callable[[civledger.Ledger], object], unknown: str, invalid: str
) -> None:
    # The unknown key stops the first reading before the nested entity's validator
    # runs; the second reading, without the key, meets it inside that entity.
    ledger = load_text(document)
    assert kept(ledger) in (None, ("zc-2026", None))  # the entry stays, the nested part goes
    assert sorted(codes(ledger)) == ["LDG001", "LDG006"]
    assert only(ledger, "LDG001").location.json_path == unknown
    assert only(ledger, "LDG006").location.json_path == invalid


def test_an_entry_with_a_bad_required_field_is_left_out_and_not_reported_again() -> None:
    ledger = load_text(
        HEAD_YAML + "units:\n- {id: zc, name: 柘城县, level: county}\n"
        "- {id: ly, name: 龙源街道, level: planet, parent: zc}\n"
        "- {id: ly-xh, name: 新华社区, level: community, parent: ly}\n"
        "tasks:\n- {id: T-1, title: [not, text], lead: ly}\n"
        "- {id: T-2, title: 整治, lead: ly, parent: T-1}\n"
        "journal:\n- {at: 2026-04-01T09:00, task: T-1, action: assign}\n"
    )
    assert [u.id for u in ledger.units] == ["zc", "ly-xh"]
    assert [t.id for t in ledger.tasks] == ["T-2"]
    assert ledger.origin is not None
    assert ledger.origin.skipped == {"units": frozenset({"ly"}), "tasks": frozenset({"T-1"})}
    report = run_check(ledger)
    assert sorted(codes(report)) == ["LDG002", "LDG004"]


def test_an_entry_that_is_not_a_mapping_is_left_out() -> None:
    ledger = load_text(HEAD_YAML + "units:\n- 42\n- {id: zc, name: 柘城县, level: county}\n")
    assert [u.id for u in ledger.units] == ["zc"]
    assert only(ledger, "LDG002").location.json_path == "$.units[0]"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_paths_and_lines_point_at_the_document_entry_after_one_was_left_out(fmt: str) -> None:
    rows = [
        {"id": "zc", "name": "柘城县", "level": "county"},
        {"id": "bad", "name": "坏", "level": "planet"},
        {"id": "bad2"},
        {"id": "ly", "name": "龙源街道", "level": "street", "parent": "zcc"},
    ]
    import json

    if fmt == "json":
        text = HEAD_JSON + '"units": [\n' + ",\n".join(json.dumps(r) for r in rows) + "]\n}\n"
    else:
        text = HEAD_YAML + "units:\n" + "".join(f"- {json.dumps(r)}\n" for r in rows)
    ledger = load_text(text, fmt, file="x")
    assert [u.id for u in ledger.units] == ["zc", "ly"]
    issue = only(run_check(ledger), "LDG008")
    assert issue.location.json_path == "$.units[3].parent"
    assert issue.location.line is not None
    assert issue.location.column is not None
    assert text_at(text, issue.location.line, issue.location.column).startswith('"parent"')
    assert (
        issue.location.line
        == text.splitlines().index(next(line for line in text.splitlines() if '"ly"' in line)) + 1
    )
    assert ledger.locate("units", 1).json_path == "$.units[3]"
    assert ledger.locate("units", 0).json_path == "$.units[0]"


def test_framework_nodes_keep_their_document_positions() -> None:
    text = HEAD_YAML + (
        "frameworks:\n"
        "- {id: bad:id, name: 坏}\n"
        "- id: wmcs\n"
        "  name: 测评体系\n"
        "  nodes:\n"
        "  - {code: I, title: 一}\n"
        "  - {code: I-1}\n"
        "  - {code: I-2, title: 二, parent: II}\n"
    )
    ledger = load_text(text)
    assert [fw.id for fw in ledger.frameworks] == ["wmcs"]
    assert [n.code for n in ledger.frameworks[0].nodes] == ["I", "I-2"]
    report = run_check(ledger)
    assert sorted((i.code, i.location.json_path, i.location.line) for i in report.issues) == [
        ("LDG005", "$.frameworks[1].nodes[1].title", 9),
        ("LDG006", "$.frameworks[0].id", 4),
        ("LDG008", "$.frameworks[1].nodes[2].parent", 10),
    ]


def test_references_to_a_framework_left_out_are_not_reported() -> None:
    ledger = load_text(
        HEAD_YAML + "frameworks:\n- {id: wmcs, kind: 园林城市}\n"
        "tasks:\n- {id: T-1, title: 整治, standards: ['wmcs:I-1']}\n"
    )
    assert ledger.frameworks == ()
    assert codes(run_check(ledger)) == ["LDG005"]


# -- time zones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "offset"),
    [("Asia/Shanghai", 8), ("Europe/Paris", 2), ("America/New_York", -4), ("UTC", 0)],
)
def test_naive_journal_times_are_read_in_the_campaign_time_zone(zone: str, offset: int) -> None:
    ledger = load_text(
        f"civledger: 1\ncampaign: {{id: c, name: 试点, timezone: {zone}}}\n"
        "journal:\n- {at: 2026-04-01T09:00, task: T, action: assign}\n"
        "- {at: '2026-04-01T09:00+05:30', task: T, action: assign}\n"
        "- {at: 2026-04-01 09:00:00, task: T, action: assign}\n"
    )
    naive, explicit, spaced = ledger.journal
    assert naive.at.utcoffset() == timedelta(hours=offset)
    assert (naive.at.hour, naive.at.minute) == (9, 0)
    assert explicit.at.utcoffset() == timedelta(hours=5, minutes=30)
    assert spaced.at == naive.at


def test_the_time_zone_does_not_leak_into_the_next_load() -> None:
    load_text(
        "civledger: 1\ncampaign: {id: c, name: x, timezone: America/New_York}\n"
        "journal:\n- {at: 2026-04-01T09:00, task: T, action: assign}\n"
    )
    ledger = load_text(HEAD_YAML + "journal:\n- {at: 2026-04-01T09:00, task: T, action: assign}\n")
    assert ledger.journal[0].at.utcoffset() == timedelta(hours=8)


# -- no coercion between types --------------------------------------------------------------------

COERCIONS = [
    # (yaml snippet of one task, the field, the expected type word)
    ("{id: T, title: t, ongoing: 'yes'}", "ongoing", "true or false"),
    ("{id: T, title: t, ongoing: 1}", "ongoing", "true or false"),
    ("{id: T, title: t, note: true}", "note", "text"),
    ("{id: T, title: t, note: 0x1F}", "note", "text"),
    ("{id: T, title: t, note: 1.5}", "note", "text"),
    ("{id: T, title: t, due_text: 2026}", "due_text", "text"),
    ("{id: T, title: t, target: {quantity: '39'}}", "target.quantity", "a number"),
    ("{id: T, title: t, target: {quantity: true}}", "target.quantity", "a number"),
    ("{id: T, title: t, target: {quantity: .nan}}", "target.quantity", "a finite number"),
    ("{id: T, title: t, standards: [1.1]}", "standards[0]", "text"),
]


@pytest.mark.parametrize(("entry", "field", "expected"), COERCIONS)
def test_scalars_are_not_coerced_between_types(entry: str, field: str, expected: str) -> None:
    ledger = load_text(HEAD_YAML + f"tasks:\n- {entry}\n")
    issue = only(ledger, "LDG002")
    assert issue.location.json_path == f"$.tasks[0].{field}"
    assert issue.message.startswith(f"{field}: expected {expected}, got")


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("{relapse_days: 30.0}", "a whole number"),
        ("{relapse_days: true}", "a whole number"),
        ("{relapse_days: '30'}", "a whole number"),
        ("{recheck: 'true'}", "true or false"),
        ("{recheck: 0}", "true or false"),
    ],
)
def test_whole_numbers_and_booleans_are_strict(policy: str, expected: str) -> None:
    ledger = load_text(HEAD_YAML + f"policy: {policy}\n")
    assert f"expected {expected}" in only(ledger, "LDG002").message
    assert ledger.policy is not None  # the policy is kept with its default


def test_whole_numbers_are_accepted_where_numbers_are_expected() -> None:
    ledger = load_text(
        HEAD_YAML + "tasks:\n- {id: T, title: t, target: {quantity: 39}}\n"
        "policy: {relapse_days: 10, recheck: true}\n"
    )
    target = ledger.task("T").target
    assert target is not None
    assert target.quantity == 39.0
    assert type(target.quantity) is float
    assert ledger.policy is not None
    assert ledger.policy.relapse_days == 10
    assert ledger.origin is not None
    assert ledger.origin.observations == ()


def test_a_missing_campaign_is_reported_and_the_rest_loaded() -> None:
    ledger = load_text("civledger: 1\nunits:\n- {id: zc, name: 柘城县, level: county}\n")
    issue = only(ledger, "LDG005")
    assert issue.location.json_path == "$.campaign"
    assert [u.id for u in ledger.units] == ["zc"]


def test_null_collections_are_empty() -> None:
    ledger = load_text(HEAD_YAML + "units:\ntasks: ~\n")
    assert ledger.units == ()
    assert ledger.tasks == ()
    assert ledger.origin is not None
    assert ledger.origin.observations == ()
