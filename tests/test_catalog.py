"""The message catalogs: complete, consistent, compiled, and used in both languages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "docs" / "_tools"))

import catalog

from civledger import Issue, Location, Severity
from civledger.checks.report import Report
from civledger.i18n import catalog_path, language, use_language


def test_every_message_of_the_source_has_a_chinese_translation() -> None:
    assert catalog.problems() == []


def test_the_check_fails_on_a_message_left_untranslated() -> None:
    chinese = catalog.read()
    translated = [m for m in chinese if m.id and m.string]
    assert translated
    removed = translated[0]
    removed.string = ("",) if isinstance(removed.id, tuple) else ""
    found = catalog.problems(chinese)
    assert found == [f"{catalog._key(removed.id)!r}: no translation"]


def test_the_check_fails_on_a_fuzzy_or_mismatched_translation() -> None:
    chinese = catalog.read()
    first = next(m for m in chinese if m.id and isinstance(m.id, str) and "{" in m.id)
    first.flags.add("fuzzy")
    assert any("fuzzy" in line for line in catalog.problems(chinese))
    first.flags.discard("fuzzy")
    first.string = "没有值"
    assert any("the translation names nothing" in line for line in catalog.problems(chinese))


def test_the_check_fails_on_an_obsolete_translation() -> None:
    chinese = catalog.read()
    chinese.add("a message the source never had", "从未有过的消息")
    assert catalog.problems(chinese) == [
        "'a message the source never had': obsolete (the source no longer has it)"
    ]


def test_the_catalog_is_compiled_when_the_package_is_built() -> None:
    assert catalog_path("zh").is_file(), "install the package (pip install -e .) to compile it"


def test_chinese_is_the_default_and_english_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CIVLEDGER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert language() == "zh"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert language() == "zh"
    monkeypatch.setenv("CIVLEDGER_LANG", "en")
    assert language() == "en"
    with use_language("zh"):
        assert language() == "zh"
    assert language() == "en"


def test_a_report_summary_in_each_language() -> None:
    report = Report(issues=(), rules=("LDG001", "LDG002"))
    with use_language("zh"):
        assert report.summary() == "无问题（2 条规则）"
    with use_language("en"):
        assert report.summary() == "no findings (2 rules)"


def test_a_finding_keeps_its_values_and_shows_them_in_each_language() -> None:
    issue = Issue(
        code="DEM001",
        severity=Severity.ERROR,
        message="{n} error",
        params={"n": 3},
        location=Location(path=("tasks", 0)),
    )
    with use_language("en"):
        assert issue.message == "3 error"
        assert issue.to_dict()["code"] == "DEM001"
    with use_language("zh"):
        assert issue.message == "3 个错误"
        assert issue.to_dict()["code"] == "DEM001"
