"""Two languages, Chinese first: a finding, a hint, a CLI error and a report in each language.

Rule codes, JSON keys and ids never change with the language; the texts people read do.
(The catalog itself, complete and failing on a message left untranslated, is tested in
test_catalog.py.)
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

import civledger
from civledger.checks.catalogue import default_registry
from civledger.i18n import use_language
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhecheng.yaml"
OVERDUE = str(ROOT / "examples" / "broken" / "PHS009-overdue.yaml")


@pytest.fixture(scope="module")
def overdue() -> civledger.Issue:
    report = civledger.check(civledger.load(OVERDUE), as_of="2026-06-15")
    (issue,) = report.issues
    return issue


def test_a_finding_in_each_language(overdue: civledger.Issue) -> None:
    with use_language("zh"):
        assert overdue.message == (
            "问题 P-020 的完成时限为 2026-06-10，截至 2026-06-15 仍为整改中（已逾期 5 天）"
        )
    with use_language("en"):
        assert overdue.message == (
            "problem P-020 was due on 2026-06-10 and is still in progress on 2026-06-15 "
            "(5 days overdue)"
        )
    assert overdue.code == "PHS009"


def test_a_hint_in_each_language(overdue: civledger.Issue) -> None:
    with use_language("zh"):
        assert overdue.hint == "完成后反馈申请销号，或登记延期并给出新的完成时限"
    with use_language("en"):
        assert overdue.hint == (
            "finish it and report back (反馈) for sign-off (销号), or record an extension "
            "(延期) with a new due date"
        )


def test_a_rule_in_each_language() -> None:
    rule = default_registry()["OWN001"]
    with use_language("zh"):
        assert (rule.text("title"), rule.name) == ("任务没有牵头单位", "no-lead")
    with use_language("en"):
        assert (rule.text("title"), rule.name) == ("A task without a lead unit", "no-lead")


def test_the_findings_json_keeps_keys_and_codes_and_words_messages(cli: CLI) -> None:
    docs = {
        lang: cli("check", OVERDUE, "--as-of", "2026-06-15", "--format", "json", "--lang", lang)
        for lang in ("zh", "en")
    }
    zh, en = (json.loads(docs[lang].out) for lang in ("zh", "en"))
    assert docs["zh"].code == docs["en"].code == 1
    assert zh.keys() == en.keys()
    (zh_issue,), (en_issue,) = zh["issues"], en["issues"]
    assert zh_issue.keys() == en_issue.keys()
    for key in ("code", "name", "severity", "path", "line", "subjects"):
        assert zh_issue[key] == en_issue[key]
    assert (zh_issue["code"], zh_issue["name"], zh_issue["severity"]) == (
        "PHS009",
        "overdue",
        "error",
    )
    assert zh_issue["message"].startswith("问题 P-020 的完成时限为 2026-06-10")
    assert en_issue["message"].startswith("problem P-020 was due on 2026-06-10")
    assert zh_issue["hint"].startswith("完成后反馈申请销号")


def test_the_text_of_a_check_in_each_language(cli: CLI) -> None:
    zh = cli("check", OVERDUE, "--as-of", "2026-06-15", "--lang", "zh").out.splitlines()
    en = cli("check", OVERDUE, "--as-of", "2026-06-15", "--lang", "en").out.splitlines()
    assert zh[0].endswith(
        "错误 PHS009 问题 P-020 的完成时限为 2026-06-10，截至 2026-06-15 仍为整改中（已逾期 5 天）"
    )
    assert en[0].endswith(
        "error PHS009 problem P-020 was due on 2026-06-10 and is still in progress on "
        "2026-06-15 (5 days overdue)"
    )
    assert zh[2:] == [
        "  位置 $.tasks[0].due（P-020）",
        "  建议：完成后反馈申请销号，或登记延期并给出新的完成时限",
        "1 个错误（87 条规则）",
    ]
    assert en[-1] == "1 error (87 rules)"


@pytest.mark.parametrize(
    ("argv", "chinese", "english"),
    [
        (
            ["who", "T-999", str(EXAMPLE)],
            "civledger: 台账的任务中没有 id 为 T-999 的条目\n",
            "civledger: the ledger has no tasks entry with id T-999\n",
        ),
        (
            ["check", "no-such-file.yaml"],
            "civledger: no-such-file.yaml: 文件不存在（检查路径）\n",
            "civledger: no-such-file.yaml: no such file (check the path)\n",
        ),
        (
            ["report", "progress", str(EXAMPLE), "--level", "省"],
            "civledger: '省' 不是已知的层级；可用：市（city）、县（county）、区（district）、"
            "街道（street）、镇（town）、社区（community）、村（village）、网格（grid）、"
            "部门（department）、指挥部（headquarters）\n",
            "civledger: '省' is not a known level; use one of: city (市), county (县), "
            "district (区), street (街道), town (镇), community (社区), village (村), grid (网格), "
            "department (部门), headquarters (指挥部)\n",
        ),
    ],
)
def test_a_cli_error_in_each_language(
    cli: CLI, argv: list[str], chinese: str, english: str
) -> None:
    zh = cli(*argv, "--lang", "zh")
    en = cli(*argv, "--lang", "en")
    assert (zh.code, zh.out, zh.err) == (2, "", chinese)
    assert (en.code, en.out, en.err) == (2, "", english)


def test_argparse_errors_and_help_in_each_language(cli: CLI) -> None:
    zh = cli("--lang", "zh", "check")
    en = cli("--lang", "en", "check")
    assert zh.code == en.code == 2
    assert zh.err.splitlines()[0].startswith("用法：civledger check")
    assert zh.err.splitlines()[-1] == "civledger check：错误：缺少以下参数：FILE"
    assert en.err.splitlines()[-1] == (
        "civledger check: error: the following arguments are required: FILE"
    )
    assert "  -h, --help" in cli("rules", "--help", "--lang", "zh").out
    assert "显示帮助并退出" in cli("rules", "--help", "--lang", "zh").out


def test_a_report_in_each_language() -> None:
    ledger = civledger.load(EXAMPLE)
    with use_language("zh"):
        zh = civledger.overdue_report(ledger, as_of=date(2026, 6, 30))
    with use_language("en"):
        en = civledger.overdue_report(ledger, as_of=date(2026, 6, 30))
    assert zh.title == "逾期督办清单（截至 2026-06-30）"
    assert en.title == "Overdue list for supervision (as of 2026-06-30)"
    assert [c.label for c in zh.columns][:4] == ["编号", "名称", "类别", "牵头单位"]
    assert [c.label for c in en.columns][:4] == ["ID", "Title", "Kind", "Lead unit"]
    assert zh.keys == en.keys  # the keys programs use never change
    assert zh.to_rows()[0]["kind"] == "问题"
    assert en.to_rows()[0]["kind"] == "problem"
    assert zh.notes[0].startswith("共 ")
    assert en.notes[0].endswith("the group leaders and the headquarters.")
    with use_language("en"):
        assert civledger.render(en, "html").startswith(b'<!DOCTYPE html>\n<html lang="en">')
    with use_language("zh"):
        assert civledger.render(zh, "html").startswith(b'<!DOCTYPE html>\n<html lang="zh-CN">')


def test_the_command_speaks_chinese_unless_asked_otherwise(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CIVLEDGER_LANG", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")
    }
    command = [sys.executable, "-m", "civledger", "check", OVERDUE, "--as-of", "2026-06-15"]

    def run(extra: list[str], **more: str) -> str:
        done = subprocess.run(
            [*command, *extra], capture_output=True, check=False, env={**env, **more}
        )
        assert done.returncode == 1
        return done.stdout.decode("utf-8").splitlines()[-1]

    assert run([]) == "1 个错误（87 条规则）"
    assert run(["--lang", "en"]) == "1 error (87 rules)"
    assert run([], CIVLEDGER_LANG="en") == "1 error (87 rules)"
    assert run([], LANG="en_US.UTF-8") == "1 error (87 rules)"
    assert run(["--lang", "zh"], CIVLEDGER_LANG="en") == "1 个错误（87 条规则）"


def test_a_finding_keeps_its_words_through_pickling(overdue: civledger.Issue) -> None:
    again = pickle.loads(pickle.dumps(overdue))
    with use_language("zh"):
        assert again.message == overdue.message
        assert "已逾期 5 天" in again.message
    with use_language("en"):
        assert again.message.endswith("(5 days overdue)")


def test_worker_processes_word_their_errors_in_the_commands_language(
    cli: CLI, tmp_path: Path
) -> None:
    missing = [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]
    result = cli("check", *missing, "--jobs", "2", "--lang", "zh")
    assert result.code == 2
    assert result.err.splitlines() == [f"civledger: {m}: 文件不存在（检查路径）" for m in missing]


def test_two_threads_each_speak_their_own_language(overdue: civledger.Issue) -> None:
    seen: dict[str, str] = {}

    def speak(lang: str) -> None:
        with use_language(lang):
            seen[lang] = overdue.message

    threads = [threading.Thread(target=speak, args=(lang,)) for lang in ("zh", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["zh"].startswith("问题 P-020")
    assert seen["en"].startswith("problem P-020")
