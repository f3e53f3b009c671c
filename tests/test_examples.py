"""The shipped examples: the Zhecheng ledger checks clean; each broken ledger breaks its rules.

``examples/zhecheng.yaml`` must meet the foundation issue's minimums. Every file in
``examples/broken/`` states the rule codes it must produce: YAML files on their
first line (``# expect: LDG001 LDG002``), JSON files at the start of their name
(``LDG002-LDG001-wrong-type.json``). A file that expects a strict-tier rule is
checked with ``--strict``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import jsonschema
import pytest

import civledger
from civledger import Ledger, Level, Phase, TaskKind
from civledger.cli.main import run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ZHECHENG = EXAMPLES / "zhecheng.yaml"
BROKEN = sorted(p for p in (EXAMPLES / "broken").glob("*") if p.suffix in (".yaml", ".json"))
AS_OF = date(2026, 6, 15)
STRICT = frozenset(r.code for r in civledger.rules() if r.tier is civledger.Tier.STRICT)
EXTRA = frozenset(r.code for r in civledger.rules() if r.tier is civledger.Tier.EXTRA)
RULES = {r.code: r for r in civledger.rules()}


@pytest.fixture(scope="module")
def zhecheng() -> Ledger:
    return civledger.load(ZHECHENG)


def test_zhecheng_loads_and_checks_clean(zhecheng: Ledger) -> None:
    assert zhecheng.origin is not None
    assert zhecheng.origin.observations == ()
    report = civledger.check(zhecheng, as_of=AS_OF)
    assert report.issues == (), [str(i) for i in report.issues]
    assert report.valid


def test_zhecheng_checks_clean_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(ZHECHENG), "--as-of", AS_OF.isoformat()]) == 0
    assert capsys.readouterr().out.startswith("no findings")


def test_zhecheng_meets_the_minimums(zhecheng: Ledger) -> None:
    levels = Counter(u.level for u in zhecheng.units)
    assert levels[Level.COUNTY] == 1
    assert levels[Level.STREET] + levels[Level.TOWN] >= 3
    assert levels[Level.COMMUNITY] + levels[Level.VILLAGE] >= 8
    assert levels[Level.GRID] >= 30
    assert levels[Level.DEPARTMENT] >= 6
    assert len(zhecheng.tasks) >= 60
    assert {t.kind for t in zhecheng.tasks} == set(TaskKind)
    assert {t.phase for t in zhecheng.tasks if t.phase is not None} == set(Phase)
    assert len(zhecheng.journal) >= 150


def test_zhecheng_has_a_deep_enough_framework(zhecheng: Ledger) -> None:
    def depth(framework: civledger.Framework) -> int:
        parent = {n.code: n.parent for n in framework.nodes}

        def level(code: str) -> int:
            steps = 1
            while parent.get(code) is not None:
                code = parent[code]  # type: ignore[assignment]
                steps += 1
            return steps

        return max((level(n.code) for n in framework.nodes), default=0)

    assert any(depth(fw) >= 3 and len(fw.standards()) >= 20 for fw in zhecheng.frameworks), [
        (fw.id, depth(fw), len(fw.standards())) for fw in zhecheng.frameworks
    ]


def test_zhecheng_round_trips(zhecheng: Ledger) -> None:
    for fmt in ("yaml", "json"):
        assert civledger.loads(civledger.dumps(zhecheng, format=fmt), format=fmt) == zhecheng


def test_zhecheng_validates_against_the_schema(zhecheng: Ledger) -> None:
    doc = json.loads(civledger.dumps(zhecheng, format="json"))
    jsonschema.Draft202012Validator(civledger.json_schema()).validate(doc)


def expected_codes(path: Path) -> set[str]:
    if path.suffix == ".json":
        codes: list[str] = []
        for part in path.stem.split("-"):
            if not re.fullmatch(r"[A-Z]{3}\d{3}", part):
                break
            codes.append(part)
        return set(codes)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: ((?:[A-Z]{3}\d{3} ?)+)", first.strip())
    assert match, f"{path.name}: the first line must be '# expect: CODE ...'"
    return set(match.group(1).split())


def test_there_are_broken_examples() -> None:
    assert len(BROKEN) >= 13


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_a_broken_example_breaks_exactly_its_rules(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = expected_codes(path)
    assert expected, f"{path.name} names no rule codes"
    strict = ["--strict"] if expected & STRICT else []  # a strict rule needs the strict tier
    # an extra-tier rule runs when named: every rule, and it
    extra = ["--select", ",".join(["ALL", *sorted(expected & EXTRA)])] if expected & EXTRA else []
    code = run(
        ["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json", *strict, *extra]
    )
    out, err = capsys.readouterr()
    assert err == ""
    notes_only = all(RULES[c].severity is civledger.Severity.INFO for c in expected)
    assert code == (0 if notes_only else 1)  # notes (info) never fail a check
    report = json.loads(out)
    assert {i["code"] for i in report["issues"]} == expected
    assert all(i["line"] is not None for i in report["issues"]), report["issues"]
    # A ledger whose journal lives in its own file has findings in that file too.
    files = {str(path), str(path.with_suffix(".journal.jsonl"))}
    assert all(i["file"] in files for i in report["issues"])


NOT_FROM_CHECK = {"LDG018"}
"""Rules that `civledger check` never reports: LDG018 is the note of the append (or
`civledger journal repair`) that moves a torn journal line aside (tests/test_journal_heal.py)."""


@pytest.mark.parametrize("family", ["LDG", "PHS"])
def test_every_rule_of_a_family_has_a_broken_example(family: str) -> None:
    covered = set().union(*(expected_codes(p) for p in BROKEN))
    codes = {r.code for r in civledger.rules() if r.family == family} - NOT_FROM_CHECK
    assert codes
    assert codes - covered == set()


@pytest.mark.parametrize("family", ["SGN", "SCR"])
def test_every_basic_rule_of_a_family_has_a_broken_example(family: str) -> None:
    covered = set().union(*(expected_codes(p) for p in BROKEN))
    basic = {r.code for r in civledger.rules() if r.family == family and r.tier.value == "basic"}
    assert basic
    assert basic - covered == set()


def test_the_rules_of_places_the_headquarters_and_external_bodies_have_broken_examples() -> None:
    covered = set().union(*(expected_codes(p) for p in BROKEN))
    issue_15 = {"ORG007", "ORG008", "ORG009", "OWN011", "OWN012", "OWN013"}
    assert issue_15 - covered == set()


def test_the_extra_examples_need_the_rule_named(capsys: pytest.CaptureFixture[str]) -> None:
    extra = [p for p in BROKEN if expected_codes(p) & EXTRA]
    assert extra
    for path in extra:
        assert run(["check", str(path), "--as-of", AS_OF.isoformat(), "--strict"]) == 0
    capsys.readouterr()


def test_the_strict_examples_need_the_strict_tier(capsys: pytest.CaptureFixture[str]) -> None:
    strict = [p for p in BROKEN if expected_codes(p) & STRICT]
    assert strict
    for path in strict:
        assert run(["check", str(path), "--as-of", AS_OF.isoformat()]) == 0
    capsys.readouterr()


def test_zhecheng_checks_clean_in_the_strict_tier(zhecheng: Ledger) -> None:
    for day in (None, AS_OF):
        report = civledger.check(zhecheng, strict=True, as_of=day)
        assert report.issues == (), [str(i) for i in report.issues]
