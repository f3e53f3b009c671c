"""The rule catalogue, selection, custom and broken rules, entry points, and the Report."""

from __future__ import annotations

import importlib.metadata
import json
import sys
import types
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
import pytest

import civledger
from civledger import Context, Issue, Ledger, Location, Registry, Report, RuleError, Severity, Tier
from civledger.checks import catalogue as registry_module
from civledger.checks.catalogue import _rules_of, default_registry
from civledger.testing import small_ledger
from support import AS_OF, codes, only, run_check

LDG = [f"LDG{n:03d}" for n in range(1, 19)]
CATALOGUE = [r.code for r in default_registry()]  # every built-in rule, whatever its tier
ALL = [r.code for r in default_registry() if r.tier is Tier.BASIC]  # the default selection
OTHERS = [c for c in ALL if not c.startswith("LDG")]


def _rule(code: str, name: str, tier: str = "basic", severity: str = "error") -> civledger.Rule:
    @civledger.rule(code, name, title=name, message="{what}", tier=tier, severity=severity)
    def check(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        yield ctx.issue("tasks", 0, subjects=[ledger.tasks[0].id], what=f"{name} ran")

    return check


def _tiers() -> Registry:
    return Registry(
        [
            _rule("ACM001", "acme-basic"),
            _rule("ACM002", "acme-strict", tier="strict"),
            _rule("ACM003", "acme-extra", tier="extra"),
            _rule("ACN001", "acne-basic"),
        ]
    )


def _selected(select: list[str] | None = None, ignore: list[str] | None = None) -> list[str]:
    return [r.code for r in default_registry().select(select, ignore)]


# -- the catalogue --------------------------------------------------------------------------------


def test_the_catalogue_holds_every_ldg_rule_in_code_order() -> None:
    catalogue = civledger.rules()
    assert [r.code for r in catalogue if r.family == "LDG"] == LDG
    assert [r.code for r in catalogue] == sorted(r.code for r in catalogue)
    assert len({r.name for r in catalogue}) == len(catalogue)
    assert all(r.title and r.message and r.description for r in catalogue)


def test_registry_looks_up_by_code_and_by_name() -> None:
    reg = default_registry()
    assert reg["LDG008"] is reg["unknown-reference"]
    assert "LDG008" in reg
    assert "unknown-reference" in reg
    assert "LDG999" not in reg
    with pytest.raises(RuleError, match="did you mean unknown-reference"):
        reg["unknown-refrence"]


def test_registry_refuses_a_second_rule_with_a_code_or_name() -> None:
    reg = _tiers()
    with pytest.raises(RuleError, match="two rules have the code ACM001"):
        reg.add(_rule("ACM001", "acme-other"))
    with pytest.raises(RuleError, match="two rules have the name acme-basic"):
        reg.add(_rule("ACM009", "acme-basic"))


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("ACM01", "x", "not a family prefix and three digits"),
        ("acm001", "x", "not a family prefix and three digits"),
        ("ACM001", "Not_Kebab", "not kebab-case"),
        ("ACM001", "trailing-", "not kebab-case"),
    ],
)
def test_rule_codes_and_names_are_checked(code: str, name: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        _rule(code, name)


def test_the_decorator_keeps_the_docstring_and_parses_labels() -> None:
    @civledger.rule("ACM001", "acme", title="t", message="m", severity="警告", tier="严格")
    def documented(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        """Why the rule exists."""
        yield from ()

    assert documented.description == "Why the rule exists."
    assert (documented.severity, documented.tier) == (Severity.WARNING, Tier.STRICT)


# -- selection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (None, None, ALL),
        (["ALL"], None, ALL),
        (["LDG"], None, LDG),
        (["LDG00"], None, LDG[:9]),
        (["LDG008"], None, ["LDG008"]),
        (["unknown-reference"], None, ["LDG008"]),
        (["LDG001", "LDG013"], None, ["LDG001", "LDG013"]),
        (["LDG"], ["LDG01"], LDG[:9]),
        (None, ["LDG01"], [c for c in ALL if not c.startswith("LDG01")]),
        (["ALL"], ["LDG"], OTHERS),
        # the most specific selector wins
        (["LDG008"], ["LDG"], ["LDG008"]),
        (["ALL", "LDG008"], ["LDG"], sorted(["LDG008", *OTHERS])),
        (["LDG", "LDG008"], ["LDG00"], ["LDG008", *LDG[9:]]),
        (["LDG00"], ["LDG"], LDG[:9]),
        # on a tie, ignore wins
        (["LDG008"], ["LDG008"], []),
        (["unknown-reference"], ["LDG008"], []),
        (["LDG0"], ["LDG0"], []),
        ([], None, []),
    ],
)
def test_selection(select: list[str] | None, ignore: list[str] | None, expected: list[str]) -> None:
    if expected:
        assert _selected(select, ignore) == expected
    else:
        with pytest.raises(RuleError, match="the selectors choose no rule"):
            _selected(select, ignore)


@pytest.mark.parametrize(
    ("selector", "suggestion"),
    [("LDG0008", "LDG008"), ("unknown-refrence", "unknown-reference"), ("XYZ", None)],
)
def test_an_unknown_selector_raises_with_a_suggestion(
    selector: str, suggestion: str | None
) -> None:
    for where in ("select", "ignore"):
        with pytest.raises(RuleError, match=f"unknown rule selector '{selector}'") as info:
            default_registry().select(**{where: [selector]})
        if suggestion is not None:
            assert f"did you mean {suggestion}" in str(info.value)
        else:
            assert "did you mean" not in str(info.value)


def test_check_raises_on_an_unknown_selector() -> None:
    with pytest.raises(RuleError):
        civledger.check(small_ledger(), select=["NOPE"], as_of=AS_OF)


@pytest.mark.parametrize(
    ("select", "strict", "expected"),
    [
        (None, False, ["ACM001", "ACN001"]),
        (None, True, ["ACM001", "ACM002", "ACN001"]),
        (["ACM"], True, ["ACM001", "ACM002"]),
        (["ACM00"], False, ["ACM001"]),
        (["ACM002"], False, ["ACM002"]),  # naming a strict rule runs it
        (["acme-strict"], False, ["ACM002"]),
        (["ACM003"], False, ["ACM003"]),  # extra rules run only when named
        (["acme-extra", "ACN"], True, ["ACM003", "ACN001"]),
        (["ALL"], True, ["ACM001", "ACM002", "ACN001"]),
    ],
)
def test_tiers(select: list[str] | None, strict: bool, expected: list[str]) -> None:
    assert [r.code for r in _tiers().select(select, strict=strict)] == expected


def test_tiers_through_check() -> None:
    reg = _tiers()
    assert codes(run_check(small_ledger(), registry=reg)) == ["ACM001", "ACN001"]
    assert codes(run_check(small_ledger(), registry=reg, strict=True)) == [
        "ACM001",
        "ACM002",
        "ACN001",
    ]
    report = run_check(small_ledger(), registry=reg, select=["ACM003"])
    assert codes(report) == ["ACM003"]
    assert report.rules == ("ACM003",)


# -- custom and broken rules ----------------------------------------------------------------------


def test_a_custom_rule_passed_to_check_runs_beside_the_built_in_ones() -> None:
    @civledger.rule(
        "ACM001",
        "title-too-long",
        title="Task title too long",
        message="title has {length} characters",
        severity="warning",
        hint="keep titles under {limit} characters",
    )
    def title_too_long(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        for i, task in enumerate(ledger.tasks):
            if len(task.title) > 10:
                yield ctx.issue(
                    "tasks", i, "title", subjects=[task.id], length=len(task.title), limit=10
                )

    base = small_ledger()
    ledger = attrs.evolve(
        base,
        tasks=[attrs.evolve(base.tasks[0], title="很" * 12, lead="zc-xx"), base.tasks[1]],
    )
    report = run_check(ledger, rules=[title_too_long])
    assert codes(report) == ["LDG008", "ACM001"]
    issue = only(report, "ACM001")
    assert issue.message == "title has 12 characters"
    assert issue.hint == "keep titles under 10 characters"
    assert issue.severity is Severity.WARNING
    assert issue.location.path == ("tasks", 0, "title")
    assert "ACM001" in report.rules
    assert "ACM001" not in civledger.check(ledger, as_of=AS_OF).rules  # not registered for good
    assert codes(run_check(small_ledger(), rules=[title_too_long])) == []


def test_a_rule_that_raises_becomes_a_finding_and_the_others_still_run() -> None:
    @civledger.rule("ACM001", "acme-broken", title="broken", message="never")
    def broken(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        yield ctx.issue("tasks", 0, subjects=["T-001"], what="x")  # missing {…}: fine
        raise ZeroDivisionError("division by zero")

    base = small_ledger()
    ledger = attrs.evolve(base, tasks=[attrs.evolve(base.tasks[0], lead="zc-xx"), base.tasks[1]])
    report = run_check(ledger, rules=[broken])
    failed = only(report, "ACM001")
    assert failed.severity is Severity.ERROR
    assert failed.message == "the rule failed to run: ZeroDivisionError: division by zero"
    assert failed.hint is not None
    assert "defect in the rule" in failed.hint
    assert only(report, "LDG008").location.json_path == "$.tasks[0].lead"
    assert not report.valid


def test_a_rule_with_a_bad_message_template_becomes_a_finding() -> None:
    @civledger.rule("ACM001", "acme-template", title="t", message="{missing}")
    def bad(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        yield ctx.issue("tasks", 0)

    issue = only(run_check(small_ledger(), rules=[bad]), "ACM001")
    assert issue.message.startswith("the rule failed to run: KeyError")


def test_a_rule_receives_the_check_date_and_options() -> None:
    seen: list[tuple[date, bool, bool]] = []

    @civledger.rule("ACM001", "acme-context", title="t", message="m")
    def spy(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        seen.append((ctx.as_of, ctx.strict, "LDG008" in ctx.catalogue))
        yield from ()

    run_check(small_ledger(), rules=[spy], strict=True, as_of=date(2026, 7, 1))
    assert seen == [(date(2026, 7, 1), True, True)]


# -- the civledger.rules entry point --------------------------------------------------------------


def test_rules_of_a_rule() -> None:
    one = _rule("ACM001", "acme-one")
    assert _rules_of(one) == [one]


def test_rules_of_a_module_with_rules_uses_it() -> None:
    one, two = _rule("ACM001", "acme-one"), _rule("ACM002", "acme-two")
    module = types.ModuleType("plugin")
    module.RULES = [two]  # type: ignore[attr-defined]
    module.one = one  # type: ignore[attr-defined]
    assert _rules_of(module) == [two]


def test_rules_of_a_module_without_rules_takes_every_rule_in_it() -> None:
    one, two = _rule("ACM001", "acme-one"), _rule("ACM002", "acme-two")
    module = types.ModuleType("plugin")
    module.one, module.two, module.other = one, two, 42  # type: ignore[attr-defined]
    assert sorted(r.code for r in _rules_of(module)) == ["ACM001", "ACM002"]


def test_rules_of_a_list_keeps_only_rules() -> None:
    one = _rule("ACM001", "acme-one")
    assert _rules_of([one, "not a rule", 3]) == [one]


def test_rules_of_a_function_calls_it() -> None:
    one = _rule("ACM001", "acme-one")
    assert _rules_of(lambda: [one]) == [one]
    module = types.ModuleType("plugin")
    module.one = one  # type: ignore[attr-defined]
    assert _rules_of(lambda: module) == [one]


def test_rules_of_anything_else_is_an_error() -> None:
    with pytest.raises(RuleError, match="holds no rules"):
        _rules_of(42)


def _entry_points(monkeypatch: pytest.MonkeyPatch, *points: importlib.metadata.EntryPoint) -> None:
    def fake(**params: Any) -> list[importlib.metadata.EntryPoint]:
        assert params == {"group": "civledger.rules"}
        return list(points)

    monkeypatch.setattr(registry_module.importlib.metadata, "entry_points", fake)


def test_entry_points_add_their_rules_to_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = types.ModuleType("civledger_test_plugin")
    plugin.RULES = [_rule("ACM001", "acme-one")]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "civledger_test_plugin", plugin)
    _entry_points(
        monkeypatch,
        importlib.metadata.EntryPoint(
            name="acme", value="civledger_test_plugin", group="civledger.rules"
        ),
    )
    reg = default_registry.__wrapped__()
    assert [r.code for r in reg] == sorted(["ACM001", *CATALOGUE])  # in code order
    assert codes(run_check(small_ledger(), registry=reg, select=["LDG", "ACM"])) == ["ACM001"]


def test_an_entry_point_that_fails_to_load_is_a_rule_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _entry_points(
        monkeypatch,
        importlib.metadata.EntryPoint(
            name="broken", value="civledger_no_such_module_xyz", group="civledger.rules"
        ),
    )
    with pytest.raises(RuleError, match=r"entry point broken .* failed to load"):
        default_registry.__wrapped__()


def test_an_entry_point_rule_clashing_with_a_built_in_is_a_rule_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plugin = types.ModuleType("civledger_test_clash")
    plugin.RULES = [_rule("LDG008", "acme-clash")]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "civledger_test_clash", plugin)
    _entry_points(
        monkeypatch,
        importlib.metadata.EntryPoint(
            name="clash", value="civledger_test_clash", group="civledger.rules"
        ),
    )
    with pytest.raises(RuleError, match="two rules have the code LDG008"):
        default_registry.__wrapped__()


# -- the report -----------------------------------------------------------------------------------


def _issue(
    code: str = "ACM001",
    severity: Severity = Severity.ERROR,
    path: tuple[Any, ...] = ("tasks", 0),
    file: str | None = "a.yaml",
    line: int | None = None,
    column: int | None = None,
    waived_by: str | None = None,
    message: str = "m",
) -> Issue:
    return Issue(
        code=code,
        name="acme",
        severity=severity,
        message=message,
        location=Location(file=file, path=path, line=line, column=column),
        subjects=("T",),
        hint="h",
        waived_by=waived_by,
    )


@pytest.mark.parametrize(
    ("severities", "valid"),
    [
        ([], True),
        ([Severity.INFO], True),
        ([Severity.WARNING], False),
        ([Severity.ERROR], False),
        ([Severity.INFO, Severity.WARNING], False),
    ],
)
def test_report_validity_by_severity(severities: list[Severity], valid: bool) -> None:
    assert Report(issues=[_issue(severity=s) for s in severities]).valid is valid


def test_waived_errors_do_not_make_a_report_invalid() -> None:
    report = Report(issues=[_issue(waived_by="W-1"), _issue(severity=Severity.INFO)])
    assert report.valid
    assert report.open_issues == (report.issues[1],)


def test_report_stats_and_summary() -> None:
    report = Report(
        issues=[
            _issue("ACM002"),
            _issue("ACM001"),
            _issue("ACM001", Severity.WARNING),
            _issue("ACM003", Severity.INFO),
            _issue("ACM004", waived_by="W"),
        ],
        rules=["ACM001", "ACM002", "ACM003", "ACM004"],
        files=["a.yaml", "b.yaml"],
    )
    assert report.stats() == {
        "total": 4,
        "waived": 1,
        "by_severity": {"error": 2, "warning": 1, "info": 1},
        "by_code": {"ACM001": 2, "ACM002": 1, "ACM003": 1},
    }
    assert list(report.stats()["by_code"]) == ["ACM001", "ACM002", "ACM003"]
    assert report.summary() == "2 errors, 1 warning, 1 note, 1 waived in 2 files (4 rules)"
    assert Report(issues=[]).summary() == "no findings (0 rules)"


def test_report_rows_are_plain_data() -> None:
    issue = _issue(path=("tasks", 3, "lead"), line=9, column=5)
    [row] = Report(issues=[issue]).to_rows()
    assert row == {
        "code": "ACM001",
        "name": "acme",
        "severity": "error",
        "message": "m",
        "hint": "h",
        "file": "a.yaml",
        "line": 9,
        "column": 5,
        "path": "$.tasks[3].lead",
        "sheet": None,
        "row": None,
        "subjects": ["T"],
        "waived_by": None,
    }
    assert Report(issues=[_issue(path=())]).to_rows()[0]["path"] is None


def test_report_json_is_valid_and_stable() -> None:
    ledger = attrs.evolve(
        small_ledger(),
        tasks=[attrs.evolve(t, lead="zc-xx", cooperating=["zc-yy"]) for t in small_ledger().tasks],
    )
    first = run_check(ledger).to_json()
    second = run_check(ledger).to_json()
    assert first == second
    doc = json.loads(first)
    assert doc["civledger_report"] == 1
    assert doc["valid"] is False
    assert doc["as_of"] == AS_OF.isoformat()
    assert doc["rules"] == LDG
    assert doc["stats"]["by_code"] == {"LDG008": 4}
    assert [i["path"] for i in doc["issues"]] == [
        "$.tasks[0].cooperating[0]",
        "$.tasks[0].lead",
        "$.tasks[1].cooperating[0]",
        "$.tasks[1].lead",
    ]
    assert [i["subjects"] for i in doc["issues"]] == [["T-001"], ["T-001"], ["P-001"], ["P-001"]]


def test_merge_orders_findings_across_reports() -> None:
    a = Report(
        issues=[_issue(file="b.yaml", line=3), _issue(file="b.yaml", line=1)],
        rules=["ACM001"],
        files=["b.yaml"],
        as_of=AS_OF,
    )
    b = Report(
        issues=[_issue(file="a.yaml", line=7)],
        rules=["ACM002", "ACM001"],
        files=["a.yaml"],
        as_of=AS_OF,
    )
    merged = Report.merge([a, b])
    assert [(i.location.file, i.location.line) for i in merged.issues] == [
        ("a.yaml", 7),
        ("b.yaml", 1),
        ("b.yaml", 3),
    ]
    assert merged.rules == ("ACM001", "ACM002")
    assert merged.files == ("b.yaml", "a.yaml")
    assert merged.as_of == AS_OF
    assert Report.merge([]).issues == ()


def test_issues_sort_by_file_line_column_then_numeric_path() -> None:
    issues = [
        _issue(path=("tasks", 10), file=None),
        _issue(path=("tasks", 2), file=None),
        _issue(path=("tasks", 2, "lead"), file=None),
        _issue(path=("tasks", 2, "cooperating", 0), file=None),
        _issue(path=("units", 0), file=None),
        _issue(path=("campaign",), file=None),
    ]
    paths = [i.location.json_path for i in sorted(issues, key=Issue.sort_key)]
    assert paths == [
        "$.campaign",
        "$.tasks[2]",
        "$.tasks[2].cooperating[0]",
        "$.tasks[2].lead",
        "$.tasks[10]",
        "$.units[0]",
    ]
    located = [
        _issue(file="b.yaml", line=1, column=1),
        _issue(file="a.yaml", line=10, column=1),
        _issue(file="a.yaml", line=9, column=30),
        _issue(file="a.yaml", line=9, column=4),
        _issue(file="a.yaml", line=9, column=4, code="ACM000"),
    ]
    order = [
        (i.location.file, i.location.line, i.location.column, i.code)
        for i in sorted(located, key=Issue.sort_key)
    ]
    assert order == [
        ("a.yaml", 9, 4, "ACM000"),
        ("a.yaml", 9, 4, "ACM001"),
        ("a.yaml", 9, 30, "ACM001"),
        ("a.yaml", 10, 1, "ACM001"),
        ("b.yaml", 1, 1, "ACM001"),
    ]


def test_check_sorts_findings_with_numeric_indexes() -> None:
    base = small_ledger()
    tasks = [attrs.evolve(base.tasks[0], id=f"T-{i}", lead="zc-xx") for i in range(12)]
    report = run_check(attrs.evolve(base, tasks=tasks, journal=[]))
    assert [i.location.path[1] for i in report.issues] == list(range(12))


def test_issue_and_location_text() -> None:
    issue = _issue(path=("tasks", 2, "a b"), line=14, column=5, message="boom")
    assert str(issue.location) == 'a.yaml:14:5: $.tasks[2]["a b"]'
    assert str(issue) == 'a.yaml:14:5: $.tasks[2]["a b"]: ACM001 boom'
    assert issue.family == "ACM"
    sheet = Location(file="b.xlsx", sheet="工作台账", row=12, column=28)
    assert str(sheet) == "b.xlsx: 工作台账!AB12"
    assert Location(path=()).json_path == "$"
