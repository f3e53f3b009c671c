"""OWN: every task has an owner and every post a holder — "不留问题死角，不留管理空白"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from civledger.checks.context import Context
from civledger.checks.registry import rule
from civledger.findings import Issue, Rule, Severity, Tier
from civledger.graph.posts import PostIndex, post_index
from civledger.graph.tree import UnitTree, unit_tree
from civledger.i18n import N_, lazy
from civledger.model import Appointment, Ledger, Level, Post

__all__ = ["RULES"]

_CONTRACTED_LEVELS = (Level.STREET, Level.TOWN, Level.COMMUNITY, Level.VILLAGE)
_GRID_POSTS = lazy("grid keeper or first responsible person")
_FIRST_RESPONSIBLE = lazy("first responsible person")


@rule(
    "OWN001",
    "no-lead",
    title=N_("A task without a lead unit"),
    message=N_("{kind} {task} has no lead unit"),
    hint=N_("name the lead unit (牵头单位) in lead: every task has exactly one"),
    description=N_("确保每项任务有人管: a task or problem without a lead unit is owned by nobody."),
)
def no_lead(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, task in enumerate(ledger.tasks):
        if task.lead is None:
            yield ctx.issue("tasks", i, subjects=[task.id], kind=task.kind, task=task.id)


@rule(
    "OWN002",
    "several-leads",
    title=N_("A task with more than one lead unit"),
    message=N_("{task} names {count} lead units: {units}"),
    hint=N_("keep one lead (牵头单位) and list the others as cooperating units (配合单位)"),
    description=N_(
        "One lead per task: when several units lead, none answers (``joint_leads`` holds "
        "the extra ones a spreadsheet named)."
    ),
)
def several_leads(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, task in enumerate(ledger.tasks):
        if task.joint_leads:
            units = [u for u in (task.lead, *task.joint_leads) if u is not None]
            yield ctx.issue(
                "tasks",
                i,
                "joint_leads",
                subjects=[task.id],
                task=task.id,
                count=len(units),
                units=units,
            )


def _held_since(posts: PostIndex, unit: str, level: Level) -> date | None:
    """The first day from which a head of ``unit`` holds the post with no end (then the
    unit has its head on every later day), if one does."""
    heads = [Post.COMMANDER] if level is Level.HEADQUARTERS else [Post.FIRST_RESPONSIBLE]
    if level is Level.GRID:
        heads.append(Post.GRID_KEEPER)
    starts = [
        a.start or date.min
        for head in heads
        for a in posts.by_unit.get((unit, head), ())
        if a.end is None
    ]
    return min(starts, default=None)


@rule(
    "OWN003",
    "vacant-lead",
    title=N_("A lead unit with nobody in charge on the task's due date"),
    message=N_("lead unit {lead} of {task} has no {post} on {day}"),
    hint=N_("appoint its first responsible person (第一责任人) for that date, or hand the task on"),
    description=N_(
        "The lead unit's first responsible person (for a grid: its keeper; for a "
        "headquarters: its 总指挥) must be in post on the task's due date; ongoing tasks and "
        "tasks without a date are checked on the check date."
    ),
)
def vacant_lead(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    units = ledger.index("units")
    posts = post_index(ledger)
    cache: dict[tuple[str, date], bool] = {}
    always: dict[str, date | None] = {}  # held every day from this one on (or never so)
    for i, task in enumerate(ledger.tasks):
        lead = task.lead
        if lead is None or lead not in units:
            continue
        day = task.due if task.due is not None else ctx.as_of
        if lead in always:
            since = always[lead]
        else:
            since = always[lead] = _held_since(posts, lead, units[lead].level)
        if since is not None and day >= since:
            continue  # a head in post from ``since`` on, with no end
        level = units[lead].level
        held = cache.get((lead, day))
        if held is None:
            head = Post.COMMANDER if level is Level.HEADQUARTERS else Post.FIRST_RESPONSIBLE
            held = bool(posts.holders(lead, head, day)) or (
                level is Level.GRID and bool(posts.holders(lead, Post.GRID_KEEPER, day))
            )
            cache[(lead, day)] = held
        if not held:
            post = (
                _GRID_POSTS
                if level is Level.GRID
                else Post.COMMANDER
                if level is Level.HEADQUARTERS
                else _FIRST_RESPONSIBLE
            )
            yield ctx.issue(
                "tasks",
                i,
                "lead",
                subjects=[task.id, lead],
                lead=lead,
                task=task.id,
                post=post,
                day=day,
            )


@rule(
    "OWN004",
    "grid-without-keeper",
    title=N_("A grid without a grid keeper"),
    message=N_("grid {grid} ({name}) has no grid keeper on {day}"),
    hint=N_("appoint a grid keeper (网格员): 定格、定员、定责、定岗"),
    description=N_("Every grid is staffed: a grid keeper holds the post on the check date."),
)
def grid_without_keeper(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    posts = post_index(ledger)
    for i, unit in enumerate(ledger.units):
        if unit.level is Level.GRID and not posts.holders(unit.id, Post.GRID_KEEPER, ctx.as_of):
            yield ctx.issue(
                "units", i, subjects=[unit.id], grid=unit.id, name=unit.name, day=ctx.as_of
            )


@rule(
    "OWN005",
    "no-contract-leader",
    title=N_("A street or community without a contract leader"),
    message=N_("{level} {unit} ({name}) has no contract leader (包挂) on {day}"),
    hint=N_("appoint a contract leader (post contract_leader) or add a unit contract (包联)"),
    tier=Tier.STRICT,
    description=N_(
        "Leaders contract streets and bureaus contract communities (包挂、包联); in the strict "
        "tier every street, town, community and village must have one on the check date."
    ),
)
def no_contract_leader(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    posts = post_index(ledger)
    contracted = {
        c.target
        for c in ledger.contracts
        if (c.start is None or c.start <= ctx.as_of) and (c.end is None or ctx.as_of <= c.end)
    }
    for i, unit in enumerate(ledger.units):
        if unit.level not in _CONTRACTED_LEVELS or unit.id in contracted:
            continue
        if not posts.holders(unit.id, Post.CONTRACT_LEADER, ctx.as_of):
            yield ctx.issue(
                "units",
                i,
                subjects=[unit.id],
                level=unit.level,
                unit=unit.id,
                name=unit.name,
                day=ctx.as_of,
            )


@rule(
    "OWN006",
    "uncovered-standard",
    title=N_("A framework standard no task serves"),
    message=N_("standard {framework}:{code} ({title}) is served by no task"),
    hint=N_("add a task for it or name it in the standards of an existing task (不漏掉一个指标)"),
    severity=Severity.WARNING,
    description=N_(
        "不漏掉一个指标: every standard (leaf of a framework) is served by at least one task."
    ),
)
def uncovered_standard(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    covered: set[tuple[str, str]] = set()
    seen: set[str] = set()
    for task in ledger.tasks:
        for ref in task.standards:
            if ref not in seen:
                seen.add(ref)
                covered.update((fw, node.code) for fw, node in ledger.resolve_standard(ref))
    for f, framework in enumerate(ledger.frameworks):
        parents = {n.parent for n in framework.nodes}
        for i, node in enumerate(framework.nodes):
            if node.code not in parents and (framework.id, node.code) not in covered:
                yield ctx.issue(
                    "frameworks",
                    f,
                    "nodes",
                    i,
                    subjects=[f"{framework.id}:{node.code}"],
                    framework=framework.id,
                    code=node.code,
                    title=node.title,
                )


@rule(
    "OWN007",
    "outside-territory",
    title=N_("A problem located outside its lead unit's territory"),
    message=N_("{task} is located in {located}, outside the territory of its lead unit {lead}"),
    hint=N_("属地管理: hand it to the unit whose territory holds {located}, or correct located_in"),
    description=N_(
        "属地管理: a problem found at a place belongs to the unit whose territory holds it, so "
        "a territorial lead must contain the grid (or unit) the problem is located in."
    ),
)
def outside_territory(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    tree = unit_tree(ledger)
    units = tree.units
    for i, task in enumerate(ledger.tasks):
        located, lead = task.located_in, task.lead
        if located is None or lead is None or located not in units or lead not in units:
            continue
        if units[lead].level.territorial and not tree.contains(lead, located):
            yield ctx.issue(
                "tasks",
                i,
                "located_in",
                subjects=[task.id],
                task=task.id,
                located=located,
                lead=lead,
            )


@rule(
    "OWN008",
    "cooperating-is-lead",
    title=N_("A cooperating unit that is also the lead"),
    message=N_("{unit} is both lead and cooperating unit of {task}"),
    hint=N_("remove it from cooperating"),
    description=N_(
        "A unit cannot cooperate with itself: the lead is not also listed as cooperating."
    ),
)
def cooperating_is_lead(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    for i, task in enumerate(ledger.tasks):
        if not task.cooperating:
            continue
        leads = {task.lead, *task.joint_leads}
        for j, unit in enumerate(task.cooperating):
            if unit in leads:
                yield ctx.issue(
                    "tasks", i, "cooperating", j, subjects=[task.id, unit], unit=unit, task=task.id
                )


@rule(
    "OWN009",
    "subtask-outside-parent",
    title=N_("A subtask led outside its parent task's lead unit"),
    message=N_(
        "subtask {task} is led by {lead}, outside {parent_lead} (lead of its parent {parent})"
    ),
    hint=N_("细化到人、分解到点: a task is broken down within its lead's territory or line"),
    tier=Tier.STRICT,
    description=N_(
        "A task breaks down within its lead unit's reach: each subtask is led by a unit in "
        "the parent task's lead's territory or line. A territorial unit reaches the units "
        "below it; a line department (条) reaches across the territory it serves, the units "
        "below its nearest territorial superior (a county bureau breaks a task down to the "
        "streets)."
    ),
)
def subtask_outside_parent(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    tree = unit_tree(ledger)
    tasks = ledger.index("tasks")
    for i, task in enumerate(ledger.tasks):
        parent = tasks.get(task.parent) if task.parent is not None else None
        if parent is None or task.lead is None or parent.lead is None:
            continue
        if task.lead not in tree.units or parent.lead not in tree.units:
            continue
        if not tree.contains(parent.lead, task.lead) and not tree.contains(
            _reach(tree, parent.lead), task.lead
        ):
            yield ctx.issue(
                "tasks",
                i,
                "lead",
                subjects=[task.id],
                task=task.id,
                lead=task.lead,
                parent_lead=parent.lead,
                parent=parent.id,
            )


def _reach(tree: UnitTree, unit: str) -> str:
    """The unit whose territory ``unit`` answers across: itself if territorial, else the
    nearest territorial unit above it."""
    for above in tree.ancestry.get(unit, (unit,)):
        if tree.units[above].level.territorial:
            return above
    return unit


def _overlap(a: Appointment, b: Appointment) -> bool:
    return (a.start is None or b.end is None or a.start <= b.end) and (
        b.start is None or a.end is None or b.start <= a.end
    )


@rule(
    "OWN010",
    "post-held-twice",
    title=N_("Two people in a single-holder post at once"),
    message=N_("{person} and {other} both hold {post} of {holder} from {since}"),
    hint=N_("end the earlier appointment (end:) before the later one starts"),
    description=N_(
        "Some posts have one holder at a time (第一责任人, 总指挥, 政委, 创城办主任, 组长): two "
        "people's appointments to one of them for the same unit or group must not overlap."
    ),
)
def post_held_twice(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    by_key: dict[tuple[str, str, Post], list[tuple[int, Appointment]]] = defaultdict(list)
    for i, a in enumerate(ledger.appointments):
        if a.post.single_holder and a.task is None:
            kind, holder = ("group", a.group) if a.group is not None else ("unit", a.unit)
            if holder is not None:
                by_key[(kind, holder, a.post)].append((i, a))
    for (_, holder, post), items in by_key.items():
        for k, (i, a) in enumerate(items):
            clash = next((b for _, b in items[:k] if b.person != a.person and _overlap(a, b)), None)
            if clash is not None:
                since = max(a.start or date.min, clash.start or date.min)
                yield ctx.issue(
                    "appointments",
                    i,
                    subjects=[a.person, clash.person, holder],
                    person=a.person,
                    other=clash.person,
                    post=post,
                    holder=holder,
                    since=lazy("the start") if since == date.min else since,
                )


@rule(
    "OWN011",
    "place-without-chief",
    title=N_("A road or site without a chief"),
    message=N_("{kind} {place} ({name}) has no {post} on {day}"),
    hint=N_(
        "appoint its chief: an appointment with post {value} and place {place} (路长制: "
        "every road and site has someone who answers for it)"
    ),
)
def place_without_chief(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    """路长制、点长制: every road, street and site has a chief in post on the check date
    (路长, 街长, 点长 or a site's person responsible), who answers for the tasks and
    problems there. A chief whose appointment has ended leaves the place vacant."""
    if not ledger.places:
        return
    posts = post_index(ledger)
    for i, place in enumerate(ledger.places):
        if place.kind.is_project:
            continue
        held = posts.by_place.get(place.id, ())
        if not any(a.post.chief and a.holds_on(ctx.as_of) for a in held):
            yield ctx.issue(
                "places",
                i,
                subjects=[place.id],
                kind=place.kind,
                place=place.id,
                name=place.name,
                post=place.kind.chief_post,
                value=place.kind.chief_post.value,
                day=ctx.as_of,
            )


@rule(
    "OWN012",
    "hq-group-without-lead",
    title=N_("A group of the headquarters without a lead unit"),
    message=N_("group {group} ({name}) of headquarters {hq} has no lead unit"),
    hint=N_("name its lead unit (牵头单位) in lead: every group of the headquarters has one"),
)
def hq_group_without_lead(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    """一办十组: each group of the campaign headquarters (a group that names its ``hq``)
    has a lead unit (牵头单位) that answers for the standards it covers."""
    for i, group in enumerate(ledger.groups):
        if group.hq is not None and group.lead is None:
            yield ctx.issue(
                "groups", i, subjects=[group.id], group=group.id, name=group.name, hq=group.hq
            )


@rule(
    "OWN013",
    "project-without-leader",
    title=N_("A key project without a contract leader"),
    message=N_("key project {place} ({name}) has no contract leader (包挂) on {day}"),
    hint=N_(
        "appoint a leader who contracts it: an appointment with post contract_leader and "
        "place {place} (or on a task at the project)"
    ),
    tier=Tier.EXTRA,
)
def project_without_leader(ledger: Ledger, ctx: Context) -> Iterator[Issue]:
    """Leaders contract the key projects (领导包挂重点项目): in the extra tier every key
    project has a contract leader on the check date — appointed on the project, or on
    a task at the project (which its subtasks inherit)."""
    projects = [(i, p) for i, p in enumerate(ledger.places) if p.kind.is_project]
    if not projects:
        return
    posts = post_index(ledger)
    led: set[str] = set()
    for task in ledger.tasks:
        if task.places and any(a.holds_on(ctx.as_of) for a in posts.by_task.get(task.id, ())):
            led.update(task.places)
    for i, place in projects:
        held = posts.by_place.get(place.id, ())
        if place.id in led or any(
            a.post is Post.CONTRACT_LEADER and a.holds_on(ctx.as_of) for a in held
        ):
            continue
        yield ctx.issue(
            "places", i, subjects=[place.id], place=place.id, name=place.name, day=ctx.as_of
        )


RULES: tuple[Rule, ...] = (
    no_lead,
    several_leads,
    vacant_lead,
    grid_without_keeper,
    no_contract_leader,
    uncovered_standard,
    outside_territory,
    cooperating_is_lead,
    subtask_outside_parent,
    post_held_twice,
    place_without_chief,
    hq_group_without_lead,
    project_without_leader,
)
