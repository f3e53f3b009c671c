"""SGN: the journal and sign-off (销号) rules — "逐项整改、逐一销号", "严防回潮和反弹".

The rules read one audit of the journal (:func:`civledger.journal.audit.audit`),
made once per ledger and date; an append (:class:`civledger.JournalWriter`)
judges a new entry with the same code and words its verdicts with these rules,
so what a check reports and what an append refuses agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from civledger.checks.context import Context
from civledger.findings import Issue, Rule, Severity, Tier
from civledger.i18n import N_
from civledger.journal.audit import audit
from civledger.model import Ledger

__all__ = ["RULES", "RULES_BY_CODE"]


def _reading(code: str) -> Callable[[Ledger, Context], Iterator[Issue]]:
    def check(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
        for index, verdict in audit(ledger, ctx.as_of):
            if verdict.code == code:
                path: tuple[Any, ...] = ("journal", index)
                if verdict.field is not None:
                    path = (*path, verdict.field)
                yield ctx.issue(*path, subjects=verdict.subjects, **verdict.params)

    return check


def _rule(
    code: str,
    name: str,
    title: str,
    message: str,
    hint: str,
    description: str,
    severity: Severity = Severity.ERROR,
    tier: Tier = Tier.BASIC,
) -> Rule:
    return Rule(
        code=code,
        name=name,
        title=title,
        message=message,
        hint=hint,
        description=description,
        severity=severity,
        tier=tier,
        check=_reading(code),
    )


RULES: tuple[Rule, ...] = (
    _rule(
        "SGN001",
        "illegal-transition",
        N_("An action that may not follow the task's status"),
        N_("{action} of {task} is not allowed while it is {status}"),
        N_("{action} may follow: {allowed}"),
        N_(
            "The life cycle: 交办 → 认领 → 整改 → 反馈 → (复查) → 销号, 回潮 reopens a sign-off, "
            "退回 sends a report back, 延期 and 撤销 apply to open tasks. A sign-off without a "
            "report, progress after a sign-off without reopening, a second claim, are all refused."
        ),
    ),
    _rule(
        "SGN002",
        "self-sign-off",
        N_("A sign-off or re-check by the unit that did the work"),
        N_("{person} does the {action} of {task} from inside its lead unit ({unit})"),
        N_(
            "销号 is not self-service: someone of a unit above {lead}, or the campaign office, "
            "verifies and signs"
        ),
        N_(
            "The unit that did the work reports back; a unit above it in the chain, or the "
            "campaign office, verifies and signs. Nobody in the lead unit or below it may sign."
        ),
    ),
    _rule(
        "SGN003",
        "signer-not-above",
        N_("A sign-off by someone with no post above the lead"),
        N_(
            "{person} does the {action} of {task} but holds no post above {lead} "
            "or in the campaign office on {day}"
        ),
        N_("have a leader of a unit above the lead unit, or the campaign office, sign"),
        N_(
            "Whoever signs off (or re-checks) holds a post, on that day, in a unit above the lead "
            "unit in its chain, or in the campaign office when the policy lets it sign."
        ),
    ),
    _rule(
        "SGN004",
        "too-little-evidence",
        N_("A report back with less evidence than the policy asks"),
        N_(
            "the report of {task} carries {count} pieces of evidence; "
            "the policy asks {minimum} for a {kind}"
        ),
        N_("attach the evidence (整改前后照片, documents) to the report"),
        N_(
            "Evidence (photos before and after, documents) backs every sign-off: each report back "
            "carries at least the policy's minimum for the kind of task."
        ),
    ),
    _rule(
        "SGN005",
        "no-recheck",
        N_("A sign-off without the re-check the policy requires"),
        N_("{task} is signed off without the re-check (复查) the policy requires"),
        N_("record a recheck between the report back and the sign-off"),
        N_(
            "When the policy sets recheck: true, a re-check (复查/验收) comes between the report "
            "back and the sign-off."
        ),
    ),
    _rule(
        "SGN006",
        "parent-before-subtasks",
        N_("A task signed off before its subtasks"),
        N_("{task} is signed off while its subtasks {open} are still open"),
        N_("逐项整改、逐一销号: sign off (or cancel) the subtasks first"),
        N_(
            "A task broken down into subtasks is signed off only when every subtask is signed off "
            "or cancelled."
        ),
    ),
    _rule(
        "SGN007",
        "unknown-subject",
        N_("A journal entry for a task or person the ledger does not define"),
        N_("{field} names {kind} {id!r}, which the ledger does not define"),
        N_("add the {kind} to the ledger, or correct the id"),
        N_(
            "Every entry is about a task of the ledger, and the people it names are people "
            "of the ledger."
        ),
    ),
    _rule(
        "SGN008",
        "out-of-order",
        N_("An entry earlier than the entry before it for the same task"),
        N_("the entry of {task} at {when} comes after one at {previous}"),
        N_("the journal is appended in time order; correct the time"),
        N_(
            "A task's entries are written in time order; an entry dated before the previous one "
            "was back-dated or mistyped."
        ),
    ),
    _rule(
        "SGN009",
        "no-post",
        N_("An action by someone who held no post that day"),
        N_("{person} held no post on {day} ({action})"),
        N_("add their appointment for that date, or correct who acted (by:)"),
        N_(
            "People act through their posts (定员、定责、定岗): whoever an entry names held some "
            "appointment on that day."
        ),
    ),
    _rule(
        "SGN010",
        "quick-relapse",
        N_("A problem reopened soon after its sign-off"),
        N_("{task} came back {days} days after its sign-off on {signed}"),
        N_(
            "严防回潮和反弹: look at how it was fixed (the policy flags relapses within "
            "{limit} days)"
        ),
        N_(
            "A relapse (回潮) within the policy's relapse_days of the sign-off suggests it was "
            "signed off before it was really fixed."
        ),
        severity=Severity.WARNING,
        tier=Tier.STRICT,
    ),
    _rule(
        "SGN011",
        "extension-past-evaluation",
        N_("An extension beyond the evaluation date"),
        N_("{task} is extended to {due}, after the evaluation on {evaluation}"),
        N_("倒排工期: an extension must still end before the evaluation"),
        N_(
            "Deadlines are planned back from the evaluation date; an extension past the last "
            "annual or final evaluation of the titles the task serves means the work will not "
            "be done when the assessors come."
        ),
    ),
    _rule(
        "SGN012",
        "late-sign-off",
        N_("A sign-off after the due date"),
        N_("{task} was signed off on {day}, {late} after it was due ({due})"),
        N_("none needed: late sign-offs are marked, not refused"),
        N_(
            "Sign-offs after the due date in force (after extensions) are marked (``late`` in "
            "the task's state, and in reports); they are not an error. An extra-tier rule: "
            "``civledger check --select SGN012`` lists them."
        ),
        severity=Severity.INFO,
        tier=Tier.EXTRA,
    ),
    _rule(
        "SGN013",
        "incomplete-entry",
        N_("An entry without the details its action needs"),
        N_("{action} of {task} lacks {missing}"),
        N_("add the missing detail to the entry"),
        N_(
            "Progress gives a percentage or a quantity; a rejection, an extension and a "
            "cancellation give a reason; an extension gives the new due date; a cancellation "
            "who approved it; an appeal its ground; a reopening the sign-off it undoes; a "
            "sign-off or re-check who did it."
        ),
    ),
    _rule(
        "SGN014",
        "reopen-wrong-sign-off",
        N_("A reopening that names another sign-off than the last"),
        N_("the reopening of {task} undoes {undoes}, but its last sign-off is {last}"),
        N_("name the id of the task's last sign-off entry in undoes:"),
        N_("A relapse (回潮) undoes the sign-off in force: the last sign-off of the same task."),
    ),
)
"""The SGN rules, in code order."""

RULES_BY_CODE = {rule.code: rule for rule in RULES}
