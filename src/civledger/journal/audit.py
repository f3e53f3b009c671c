"""Judging journal entries against the life cycle and the sign-off policy.

One :class:`Judge` decides, for an entry and the state of its task just before
it, every way the entry breaks the rules. The SGN rules (and the MSR rules of
the figures an entry reports) run it over the whole journal (one pass, task by
task in time order); :class:`civledger.JournalWriter` runs it over the one entry
an app wants to add, so an app is refused for exactly what a check would report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import attrs

from civledger.graph.posts import post_index
from civledger.i18n import Phrase, lazy, nphrase
from civledger.journal.fold import local_date
from civledger.journal.lifecycle import TRANSITIONS, Status
from civledger.journal.measures import (
    PERCENT_TOLERANCE,
    MeasureProgress,
    roll_up,
    roll_up_plan,
)
from civledger.journal.policy import Standing, evidence_minimum, policy_of, standing
from civledger.journal.state import STATES, Fold, States, end_of_day
from civledger.journal.sweep import sweep
from civledger.model import Action, Comparator, Entry, Ledger, Task, TaskKind
from civledger.model.quantities import convert, format_amount
from civledger.progress import Progress
from civledger.schedule.cycle import task_evaluations

__all__ = ["AUDIT", "Judge", "Verdict", "audit", "judge_for"]

AUDIT = "journal_audit"
"""The memo key (with the date) of :func:`audit`."""


@attrs.frozen(kw_only=True)
class Verdict:
    """One way an entry breaks a rule: the rule's code, the field at fault, the message values."""

    code: str
    field: str | None
    subjects: tuple[str, ...]
    params: Mapping[str, Any]


_REQUIRED: dict[Action, tuple[tuple[str, str], ...]] = {
    Action.PROGRESS: (
        ("percent", lazy("a percentage or a quantity (percent:, quantity: or amounts:)")),
    ),
    Action.REJECT: (("reason", lazy("the reason it is sent back (reason:)")),),
    Action.EXTEND: (
        ("due", lazy("the new due date (due:)")),
        ("reason", lazy("the reason (reason:)")),
    ),
    Action.CANCEL: (
        ("reason", lazy("the reason (reason:)")),
        ("approved_by", lazy("who approved it (approved_by:)")),
    ),
    Action.APPEAL: (
        ("appeal", lazy("the ground of appeal (appeal: not_ours, explain_only, ...)")),
    ),
    Action.REOPEN: (("undoes", lazy("the id of the sign-off it undoes (undoes:)")),),
    Action.SIGN_OFF: (("by", lazy("who signs (by:)")),),
    Action.RECHECK: (("by", lazy("who re-checked (by:)")),),
}
_VERIFY = (Action.SIGN_OFF, Action.RECHECK)
_TASK = lazy("task")
_PERSON = lazy("person")
_POLICY_ACTIONS = frozenset({Action.REPORT, Action.SIGN_OFF, Action.REOPEN, Action.EXTEND})
_FIGURE_ACTIONS = (Action.PROGRESS, Action.SIGN_OFF)
_EPSILON = 1e-9
Subtask = tuple[Status, datetime | None, tuple[MeasureProgress, ...]]


class Judge:
    """The rules of the journal for one ledger (its policy, people, units, subtasks).

    Made once per ledger (:func:`judge_for`); it keeps where each person stood on
    each day, which a million entries ask about again and again.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.policy = policy_of(ledger)
        self.zone: tzinfo = ledger.campaign.zone()
        self.tasks: Mapping[str, Task] = ledger.index("tasks")
        self.people = ledger.index("people")
        skipped = ledger.origin.skipped if ledger.origin is not None else {}
        self.left_out_tasks = skipped.get("tasks", frozenset())
        self.left_out_people = skipped.get("people", frozenset())
        self.subtasks: dict[str, list[str]] = defaultdict(list)
        for task in ledger.tasks:
            if task.parent is not None:
                self.subtasks[task.parent].append(task.id)
        self._standing: dict[tuple[str, date], Standing] = {}
        # A standing depends only on the posts held: kept per person and set of posts (by
        # their identity in the post index, which the ledger keeps).
        self._standing_by_posts: dict[tuple[str, tuple[int, ...]], Standing] = {}
        self._holding_since: dict[str, datetime | None] = {}
        self._evidence: dict[TaskKind, int] = {}

    def holding_since(self, person: str) -> datetime | None:
        """The moment from which ``person`` holds an open-ended post, if they hold one."""
        if person not in self._holding_since:
            self._holding_since[person] = self._since(person)
        return self._holding_since[person]

    def evidence_minimum(self, kind: TaskKind) -> int:
        """The pieces of evidence the policy asks of a report of this kind of task."""
        minimum = self._evidence.get(kind)
        if minimum is None:
            minimum = self._evidence[kind] = evidence_minimum(self.policy, kind)
        return minimum

    def _has_post(self, person: str, moment: datetime) -> bool:
        # The common case kept cheap: someone with an open-ended post since a day holds a
        # post at any moment after that day began — one comparison, no date arithmetic.
        since = self.holding_since(person)
        if since is not None and moment >= since:
            return True
        day = self.day(moment)
        return any(a.holds_on(day) for a in post_index(self.ledger).by_person.get(person, ()))

    def _since(self, person: str) -> datetime | None:
        open_ended = [
            a.start or date.min
            for a in post_index(self.ledger).by_person.get(person, ())
            if a.end is None
        ]
        if not open_ended:
            return None
        first = min(open_ended)
        return (
            end_of_day(first - timedelta(days=1), self.zone)
            if first > date.min
            else datetime.min.replace(tzinfo=self.zone)
        )

    def standing(self, person: str, day: date) -> Standing:
        """Where ``person`` stood on ``day`` (kept, and shared by the days on which they held
        the same posts)."""
        key = (person, day)
        found = self._standing.get(key)
        if found is None:
            held = tuple(
                id(a) for a in post_index(self.ledger).by_person.get(person, ()) if a.holds_on(day)
            )
            found = self._standing_by_posts.get((person, held))
            if found is None:
                found = self._standing_by_posts[(person, held)] = standing(self.ledger, person, day)
            self._standing[key] = found
        return found

    def day(self, moment: datetime) -> date:
        """The campaign-local date of a moment."""
        return local_date(moment, self.zone)

    def judge(
        self,
        entry: Entry,
        fold: Fold | None,
        previous: datetime | None,
        by_task: Mapping[str, tuple[Entry, ...]],
    ) -> list[Verdict]:
        """Every rule ``entry`` breaks, given its task's state ``fold``, the time of the
        task's entry before it (``fold`` is ``None`` when the task is unknown) and the
        entries of every task (:func:`entries_by_task` of the ledger judged).

        The judge reads no journal of its own: it is made once per ledger and
        shared by the ledgers that differ from it only by their journal.
        """
        found: list[Verdict] = []
        task = self.tasks.get(entry.task)
        if task is None:
            if entry.task not in self.left_out_tasks:
                found.append(
                    self._v(
                        "SGN007", "task", (entry.task,), field="task", kind=_TASK, id=entry.task
                    )
                )
            return found
        people = self.people
        if (entry.by is not None and entry.by not in people) or (
            entry.approved_by is not None and entry.approved_by not in people
        ):
            for field in ("by", "approved_by"):
                person = getattr(entry, field)
                if (
                    person is not None
                    and person not in people
                    and person not in self.left_out_people
                ):
                    found.append(
                        self._v(
                            "SGN007", field, (entry.task,), field=field, kind=_PERSON, id=person
                        )
                    )
        if previous is not None and entry.at < previous:
            found.append(
                self._v(
                    "SGN008",
                    "at",
                    (entry.task,),
                    task=entry.task,
                    when=entry.at.isoformat(),
                    previous=previous.isoformat(),
                )
            )
        assert fold is not None
        # Each check runs only when it can find something: a million clean entries
        # go through a handful of lookups each.
        action = entry.action
        if action in _REQUIRED:
            found.extend(self._incomplete(entry))
        if fold.status not in TRANSITIONS[action] or (
            action is Action.REOPEN and entry.undoes not in (None, fold.sign_off_entry)
        ):
            found.extend(self._transition(entry, fold))
        by = entry.by
        if by is not None and by in self.people:
            verify = action in _VERIFY and task.lead is not None
            if verify or not self._has_post(by, entry.at):
                verdict = self._who(entry, by, task)
                if verdict is not None:
                    found.append(verdict)
        if action in _POLICY_ACTIONS:
            found.extend(self._policy(entry, task, fold, by_task))
        if action in _FIGURE_ACTIONS and (fold.figures is not None or entry.amounts):
            found.extend(self._figures(entry, task, fold, by_task))
        return found

    def _v(self, code: str, at: str | None, subjects: tuple[str, ...], **params: Any) -> Verdict:
        # ``at`` is the entry's field the finding points at; params fill the message.
        return Verdict(code=code, field=at, subjects=subjects, params=params)

    def _incomplete(self, entry: Entry) -> Iterator[Verdict]:
        for field, what in _REQUIRED.get(entry.action, ()):
            value = getattr(entry, field)
            if field == "percent":
                value = entry.percent if entry.percent is not None else entry.quantity
                if value is None and entry.amounts:
                    value = entry.amounts[0].value
            if value is None or value == "":
                yield self._v(
                    "SGN013",
                    None,
                    (entry.task,),
                    action=entry.action,
                    task=entry.task,
                    missing=what,
                )

    def _transition(self, entry: Entry, fold: Fold) -> Iterator[Verdict]:
        allowed = TRANSITIONS[entry.action]
        if fold.status not in allowed:
            after: Any = list(allowed) or lazy("nothing")
            yield self._v(
                "SGN001",
                "action",
                (entry.task,),
                action=entry.action,
                task=entry.task,
                status=fold.status,
                allowed=after,
            )
        elif entry.action is Action.REOPEN and entry.undoes not in (None, fold.sign_off_entry):
            yield self._v(
                "SGN014",
                "undoes",
                (entry.task,),
                task=entry.task,
                undoes=entry.undoes,
                last=fold.sign_off_entry or lazy("an entry without an id"),
            )

    def _who(self, entry: Entry, by: str, task: Task) -> Verdict | None:
        return self.signer(by, self.day(entry.at), entry.action, task, entry.task)

    def signer(
        self, by: str, day: date, action: Action, task: Task, task_id: str | None = None
    ) -> Verdict | None:
        """What is wrong with ``by`` doing ``action`` on ``task`` on ``day``: no post that day
        (SGN009) or, for a sign-off or a re-check, signing from inside the lead unit (SGN002)
        or from nowhere above it (SGN003); ``None`` when nothing is."""
        # At most one verdict; called for every sign-off, so no generator.
        subject = task.id if task_id is None else task_id
        place = self.standing(by, day)
        if not place.holds_any:
            return self._v(
                "SGN009",
                "by",
                (subject, by),
                person=by,
                day=day,
                action=action,
            )
        lead = task.lead
        if action not in _VERIFY or lead is None:
            return None
        if place.office_for(lead) is not None:
            return None  # the campaign office verifies and signs for every unit but itself
        inside = place.inside(lead)
        if inside is not None:
            return self._v(
                "SGN002",
                "by",
                (subject, by),
                person=by,
                action=action,
                task=subject,
                unit=inside,
                lead=lead,
            )
        if place.above(lead) is None:
            return self._v(
                "SGN003",
                "by",
                (subject, by),
                person=by,
                action=action,
                task=subject,
                lead=lead,
                day=day,
            )
        return None

    def _policy(
        self,
        entry: Entry,
        task: Task,
        fold: Fold,
        by_task: Mapping[str, tuple[Entry, ...]],
    ) -> Iterator[Verdict]:
        action = entry.action
        if action is Action.REPORT:
            minimum = self.evidence_minimum(task.kind)
            if len(entry.evidence) < minimum:
                yield self._v(
                    "SGN004",
                    "evidence",
                    (entry.task,),
                    task=entry.task,
                    count=len(entry.evidence),
                    minimum=minimum,
                    kind=task.kind,
                )
        elif action is Action.SIGN_OFF:
            if self.policy.recheck and fold.status is Status.REPORTED:
                yield self._v("SGN005", "action", (entry.task,), task=entry.task)
            subtasks = self.subtasks.get(task.id)
            open_subtasks = (
                [s for s in subtasks if self._open_at(s, entry.at, by_task)] if subtasks else None
            )
            if open_subtasks:
                yield self._v(
                    "SGN006",
                    "action",
                    (entry.task, *open_subtasks),
                    task=entry.task,
                    open=open_subtasks,
                )
            if fold.due is not None and (day := self.day(entry.at)) > fold.due:
                yield self._v(
                    "SGN012",
                    "at",
                    (entry.task,),
                    task=entry.task,
                    day=day,
                    late=_days((day - fold.due).days),
                    due=fold.due,
                )
        elif action is Action.REOPEN and fold.signed_off_at is not None:
            days = (self.day(entry.at) - self.day(fold.signed_off_at)).days
            if days <= self.policy.relapse_days:
                yield self._v(
                    "SGN010",
                    "at",
                    (entry.task,),
                    task=entry.task,
                    days=days,
                    signed=self.day(fold.signed_off_at),
                    limit=self.policy.relapse_days,
                )
        elif action is Action.EXTEND:
            evaluation = self._last_evaluation(entry.task)
            if entry.due is not None and evaluation is not None and entry.due > evaluation:
                yield self._v(
                    "SGN011",
                    "due",
                    (entry.task,),
                    task=entry.task,
                    due=entry.due,
                    evaluation=evaluation,
                )

    def _last_evaluation(self, task_id: str) -> date | None:
        """The last annual or final evaluation of the titles the task serves."""
        task = self.tasks.get(task_id)
        if task is None:
            return self.ledger.campaign.evaluation
        found = task_evaluations(self.ledger, task)
        return found[-1].on if found else None

    def _figures(
        self,
        entry: Entry,
        task: Task,
        fold: Fold,
        by_task: Mapping[str, tuple[Entry, ...]],
    ) -> Iterator[Verdict]:
        """The MSR verdicts on the figures of a progress entry, or on a sign-off's target."""
        if entry.action is Action.SIGN_OFF:
            yield from self._sign_off_target(entry, task, fold, by_task)
            return
        figures = fold.figures
        subjects = (entry.task,)
        reported: dict[int, float] = {}
        if figures is not None and entry.quantity is not None:
            reported[0] = entry.quantity
        for amount in entry.amounts:
            index = figures.index(amount.measure) if figures is not None else None
            if figures is None and amount.measure is None:
                continue  # a task without a target: the amount stands as its quantity
            if figures is None or index is None:
                known = [t.name for t in figures.targets if t.name] if figures is not None else []
                yield self._v(
                    "MSR008",
                    "amounts",
                    subjects,
                    task=entry.task,
                    measure=amount.measure,
                    known=", ".join(known) or lazy("none"),
                )
                continue
            target = figures.targets[index]
            value: float | None = amount.value
            if amount.unit is not None:
                value = convert(amount.value, amount.unit, target.unit)
                if value is None:
                    yield self._v(
                        "MSR007",
                        "amounts",
                        subjects,
                        task=entry.task,
                        what=_measure_label(target.name),
                        unit=amount.unit,
                        target_unit=target.unit or "",
                    )
                    continue
            reported[index] = value  # type: ignore[assignment]
        if figures is None:
            return
        noted = bool(entry.note and entry.note.strip())
        for index, value in reported.items():
            target = figures.targets[index]
            if target.roll_up is not None or target.is_rate or noted:
                continue
            field = "quantity" if index == 0 and entry.quantity is not None else "amounts"
            before = figures.latest(index, entry.at)
            if before is not None and value < before[0] - _EPSILON * max(1.0, before[0]):
                yield self._v(
                    "MSR002",
                    field,
                    subjects,
                    task=entry.task,
                    what=_measure_label(target.name),
                    value=format_amount(value),
                    previous=format_amount(before[0]),
                    day=self.day(before[1]),
                )
            if target.comparator is Comparator.EXACTLY and value > target.quantity * (1 + _EPSILON):
                yield self._v(
                    "MSR003",
                    field,
                    subjects,
                    task=entry.task,
                    what=_measure_label(target.name),
                    value=format_amount(value),
                    target=str(target),
                )
        if entry.percent is not None:
            primary = figures.targets[0]
            if primary.roll_up is not None:
                derived = self._rolled_at(task, fold, entry.at, by_task)[0].percent
            elif 0 in reported:
                derived = primary.percent_of(reported[0])
            else:
                latest = figures.latest(0, entry.at)
                derived = primary.percent_of(latest[0]) if latest is not None else None
            if derived is not None and abs(entry.percent - derived) > PERCENT_TOLERANCE:
                yield self._v(
                    "MSR001",
                    "percent",
                    subjects,
                    task=entry.task,
                    stated=f"{entry.percent:g}%",
                    derived=f"{derived:.1f}%",
                    tolerance=f"{PERCENT_TOLERANCE:g}",
                )

    def _sign_off_target(
        self,
        entry: Entry,
        task: Task,
        fold: Fold,
        by_task: Mapping[str, tuple[Entry, ...]],
    ) -> Iterator[Verdict]:
        if fold.figures is None:
            return
        primary = fold.figures.targets[0]
        if primary.roll_up is not None:
            measure = self._rolled_at(task, fold, entry.at, by_task)[0]
        else:
            measure = fold.figures.progress(0, entry.at)
        if measure.done is not None:
            if measure.met:
                return
            done = format_amount(measure.done) + (f" {primary.unit}" if primary.unit else "")
        else:
            stated, _ = fold.stated(entry.at)
            if stated is None or stated >= 100 - PERCENT_TOLERANCE:
                return
            done = f"{stated:g}%"
        yield self._v(
            "MSR004",
            "action",
            (entry.task,),
            task=entry.task,
            done=done,
            target=str(primary),
        )

    def _rolled_at(
        self,
        task: Task,
        fold: Fold,
        moment: datetime,
        by_task: Mapping[str, tuple[Entry, ...]],
    ) -> tuple[MeasureProgress, ...]:
        """A roll-up parent's measures at ``moment``, from its subtasks' entries until then."""
        plan = roll_up_plan(self.ledger)
        seen = {task.id}

        def children(parent: str) -> list[Subtask]:
            out: list[Subtask] = []
            for child_id in plan.subtasks.get(parent, ()):
                child = self.tasks.get(child_id)
                if child is None or child_id in seen:
                    continue
                seen.add(child_id)
                folded = _fold_until(Fold.of(child, self.zone), child_id, moment, by_task)
                measures = folded.measures(moment)
                if child_id in plan.subtasks:
                    measures = roll_up(measures, children(child_id))
                out.append((folded.status, folded.signed_off_at, measures))
            return out

        return roll_up(fold.measures(moment), children(task.id))

    def _open_at(
        self, task_id: str, moment: datetime, by_task: Mapping[str, tuple[Entry, ...]]
    ) -> bool:
        task = self.tasks.get(task_id)
        fold = Fold.of(task, self.zone) if task is not None else Fold(task=task_id, due=None)
        return _fold_until(fold, task_id, moment, by_task).status.is_open


def _fold_until(
    fold: Fold, task_id: str, moment: datetime, by_task: Mapping[str, tuple[Entry, ...]]
) -> Fold:
    """``fold`` with the task's entries up to ``moment`` (included) applied; read from the
    journal's columns when ``by_task`` can (the journal pass's), else from its entries."""
    from_rows = getattr(by_task, "fold_until", None)
    if from_rows is not None:
        folded: Fold = from_rows(fold, task_id, moment)
        return folded
    for entry in by_task.get(task_id, ()):
        if entry.at > moment:
            break
        fold.apply(entry)
    return fold


def _measure_label(name: str | None) -> str:
    # The measure as messages name it: its name, or "the primary measure" (a lazy message).
    return name if name is not None else lazy("the primary measure")


def _days(count: int) -> Phrase:
    return nphrase("{n} day", "{n} days", count)


def judge_for(ledger: Ledger) -> Judge:
    """The judge of a ledger's journal (made once per ledger)."""
    return ledger.memo("journal_judge", lambda: Judge(ledger))


def audit(ledger: Ledger, day: date, progress: Progress | None = None) -> list[tuple[int, Verdict]]:
    """Every verdict on the journal's entries up to the end of ``day``, with the entry's index.

    One pass over the journal's columns (:func:`civledger.journal.sweep.sweep`): each
    task's entries are judged in time order; the statuses it finds are kept for
    :func:`civledger.states` of the same day.

    Examples
    --------
    >>> from civledger import testing
    >>> audit(testing.small_ledger(), date(2026, 6, 1))
    []
    """

    def build() -> list[tuple[int, Verdict]]:
        swept = sweep(ledger, day, judge_for(ledger), progress)
        if ledger.cached((STATES, day), journal=True, dated=True) is None:
            # The pass has folded every task up to the day: keep what it found, so that
            # the schedule rules do not fold the journal a second time.
            ledger.remember((STATES, day), States(ledger, day, swept), journal=True, dated=True)
        return swept.verdicts

    return ledger.memo((AUDIT, day), build, journal=True, dated=True)
