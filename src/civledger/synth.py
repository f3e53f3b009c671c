"""Deterministic synthetic ledgers, for tests and benchmarks.

A synthetic city has ``counties`` counties, each with ``streets`` streets,
each with ``communities`` communities, each with ``grids`` grids, plus line
departments and a campaign office. Every unit has its first responsible
person, every grid its keeper, every street and community a contract leader.
Tasks and problems are spread over the units and phases; every task is
assigned, some report back and are signed off, and every task due by the
ledger's ``as_of`` date (2026-06-15) is signed off by its due date. A quarter of
the tasks are measured: amounts in 处, 平方米 or 公里, rates (≥85%, 100%), two
measures (小区 and 面积); their progress entries report amounts, and the final
amount before the report back. Every 200th task sums or counts the measured
tasks of its block (a roll-up). The same arguments always give the same ledger,
and it is clean under the basic rules on any date up to its ``as_of``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import attrs

from civledger.i18n import N_, _
from civledger.model import (
    Action,
    Amount,
    Appointment,
    Campaign,
    Comparator,
    Entry,
    Evidence,
    EvidenceKind,
    Framework,
    FrameworkNode,
    Ledger,
    Level,
    Method,
    Person,
    Phase,
    PhaseWindow,
    Post,
    ProblemSource,
    RollUp,
    Target,
    Task,
    TaskKind,
    Unit,
)
from civledger.progress import NullProgress, Progress
from civledger.testing import CST

__all__ = ["synthesize"]

_STREETS = (
    "龙源 长江 凯旋 胜利 新华 人民 解放 建设 文化 和平 "
    "光明 东风 朝阳 幸福 春晖 振兴 安平 育才 兴隆 青年"
).split()
_COMMUNITIES = (
    "金桥 银河 翠苑 锦绣 紫荆 玉兰 丹桂 梧桐 滨河 湖滨 书香 "
    "康乐 华府 南关 北关 东关 西关 花园 阳光 福寿 仁和 嘉禾"
).split()
_DEPARTMENTS = (
    "城管局",
    "住建局",
    "市场监管局",
    "生态环境局",
    "交通运输局",
    "公安局",
    "卫健委",
    "教体局",
)
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_TASK_TITLES = (
    "背街小巷环境整治",
    "农贸市场规范提升",
    "公益广告宣传布设",
    "占道经营治理",
    "路灯亮化维修",
    "机动车乱停乱放整治",
    "社区新时代文明实践站建设",
    "垃圾分类设施更新",
    "老旧小区改造",
    "公共厕所提质",
    "志愿服务站点建设",
    "未成年人活动阵地建设",
    "餐饮油烟治理",
    "违章建筑拆除",
)
_PROBLEMS = (
    "垃圾堆放",
    "占道经营",
    "乱贴乱画",
    "井盖缺失",
    "绿化带损毁",
    "违规停车",
    "公益广告破损",
)
_WINDOWS = (
    (Phase.LAUNCH, date(2026, 3, 1), date(2026, 3, 15)),
    (Phase.SELF_CHECK, date(2026, 3, 16), date(2026, 4, 15)),
    (Phase.RECTIFICATION, date(2026, 4, 16), date(2026, 6, 10)),
    (Phase.FINAL_PUSH, date(2026, 6, 11), date(2026, 7, 5)),
    (Phase.EVALUATION, date(2026, 7, 6), date(2026, 7, 20)),
)
_FRAMEWORK = "wmcs"
_ROLL_UP_EVERY = 200
"""Every task at this position of a block sums (or counts) the measured tasks of its block."""
_AS_OF = date(2026, 6, 15)
"""The day the synthetic ledger is brought up to: every task due by then is signed off,
so that no task is overdue (PHS009) on any day up to it."""


class _People:
    """Hands out people with deterministic names and records their posts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self.appointments: list[Appointment] = []

    def appoint(self, post: Post, unit: str) -> str:
        pid = f"p{len(self.people) + 1:06d}"
        name = self.rng.choice(_SURNAMES) + "某" + ("某" if self.rng.random() < 0.5 else "")
        self.people.append(Person(id=pid, name=name))
        self.appointments.append(
            Appointment(person=pid, post=post, unit=unit, start=date(2026, 1, 1))
        )
        return pid


def _framework(standards: int = 188) -> Framework:
    """3 blocks, 12 items, 90 contents, 188 standards: the shape one edition reports.

    With fewer standards (a ledger with fewer tasks than 188 cannot serve them all),
    only the first ones are kept, with the nodes above them.
    """
    nodes = [FrameworkNode(code=b, title=f"版块{b}", tier="版块") for b in ("I", "II", "III")]
    contents: list[str] = []
    for i in range(12):
        block = ("I", "II", "III")[i % 3]
        item = f"{block}-{i + 1}"
        nodes.append(
            FrameworkNode(code=item, title=f"测评项目{i + 1}", parent=block, tier="测评项目")
        )
        for c in range(8 if i < 6 else 7):
            content = f"{item}-{c + 1}"
            if len(contents) < 90:
                contents.append(content)
                nodes.append(
                    FrameworkNode(
                        code=content, title=f"测评内容{content}", parent=item, tier="测评内容"
                    )
                )
    for s in range(min(standards, 188)):
        content = contents[s % 90]
        code = f"{content}-{s // 90 + 1}"
        methods = (Method.MATERIALS, Method.FIELD) if s % 3 else (Method.SURVEY,)
        nodes.append(
            FrameworkNode(
                code=code,
                title=f"测评标准{code}",
                parent=content,
                tier="测评标准",
                methods=methods,
                points=1.0,
                materials=s % 6 != 5,
            )
        )
    kept_leaves = {n.code for n in nodes if n.tier == "测评标准"}
    needed: set[str] = set()
    parent = {n.code: n.parent for n in nodes}
    for code in kept_leaves:
        current: str | None = code
        while current is not None and current not in needed:
            needed.add(current)
            current = parent[current]
    nodes = [n for n in nodes if n.code in needed]
    return Framework(
        id=_FRAMEWORK, name="全国文明城市测评体系（合成）", edition="synthetic", nodes=nodes
    )


def synthesize(
    *,
    counties: int = 1,
    streets: int = 15,
    communities: int = 20,
    grids: int = 10,
    tasks: int = 1000,
    seed: int = 0,
    progress: Progress | None = None,
    campaign: str = "synth",
) -> Ledger:
    """A deterministic synthetic ledger of the given shape.

    Parameters
    ----------
    counties, streets, communities, grids
        The shape of the territory: ``streets`` per county, ``communities`` per
        street, ``grids`` per community. With more than one county a city sits on top.
    tasks
        How many tasks and problems (about a third are problems found in grids).
    seed
        The seed: the same arguments always give the same ledger.
    campaign
        The campaign's id (``synth``): ledgers of a synthetic province each have their own.

    Examples
    --------
    >>> import civledger
    >>> ledger = civledger.synthesize(streets=2, communities=2, grids=2, tasks=50, seed=1)
    >>> len(ledger.tasks), len(ledger.units)
    (50, 22)
    >>> ledger == civledger.synthesize(streets=2, communities=2, grids=2, tasks=50, seed=1)
    True
    """
    if min(counties, streets, communities, grids) < 1 or tasks < 0:
        raise ValueError(_("counties, streets, communities and grids must be >= 1, tasks >= 0"))
    ledger = _city(counties, streets, communities, grids, tasks, seed, progress or NullProgress())
    if campaign == ledger.campaign.id:
        return ledger
    return attrs.evolve(ledger, campaign=attrs.evolve(ledger.campaign, id=campaign))


def _city(
    counties: int,
    streets: int,
    communities: int,
    grids: int,
    tasks: int,
    seed: int,
    progress: Progress,
) -> Ledger:
    rng = random.Random(seed)
    people = _People(rng)
    units: list[Unit] = []
    grid_ids: list[tuple[str, str]] = []  # (grid, community)
    leads: list[str] = []
    departments: list[str] = []

    def add(unit: Unit) -> str:
        units.append(unit)
        people.appoint(Post.FIRST_RESPONSIBLE, unit.id)
        return unit.id

    city = counties > 1
    root = add(Unit(id="city", name="合成市", level=Level.CITY)) if city else None
    for c in range(counties):
        county = f"c{c + 1:02d}"
        add(
            Unit(
                id=county,
                name=f"合成{c + 1}县" if city else "合成县",
                level=Level.COUNTY,
                parent=root,
            )
        )
        for d, dept in enumerate(_DEPARTMENTS[:6]):
            departments.append(
                add(
                    Unit(
                        id=f"{county}-d{d + 1}",
                        name=f"县{dept}",
                        level=Level.DEPARTMENT,
                        parent=county,
                    )
                )
            )
        for s in range(streets):
            street = f"{county}-s{s + 1:02d}"
            add(Unit(id=street, name=_name(_STREETS, s, "街道"), level=Level.STREET, parent=county))
            people.appoint(Post.CONTRACT_LEADER, street)
            leads.append(street)
            for m in range(communities):
                community = f"{street}-m{m + 1:02d}"
                add(
                    Unit(
                        id=community,
                        name=_name(_COMMUNITIES, m, "社区"),
                        level=Level.COMMUNITY,
                        parent=street,
                    )
                )
                people.appoint(Post.CONTRACT_LEADER, community)
                leads.append(community)
                for g in range(grids):
                    grid = f"{community}-g{g + 1:02d}"
                    add(Unit(id=grid, name=f"第{g + 1}网格", level=Level.GRID, parent=community))
                    people.appoint(Post.GRID_KEEPER, grid)
                    grid_ids.append((grid, community))
    top = root or "c01"
    office = add(Unit(id="office", name="创城办", level=Level.DEPARTMENT, parent=top))
    director = people.appoint(Post.OFFICE_DIRECTOR, office)
    responsible: dict[str, str] = {
        a.unit: a.person
        for a in people.appointments
        if a.post is Post.FIRST_RESPONSIBLE and a.unit is not None
    }
    parent_of: dict[str, str | None] = {u.id: u.parent for u in units}

    framework = _framework(max(tasks, 1))
    standards = [f"{_FRAMEWORK}:{n.code}" for n in framework.standards()]
    progress.stage(N_("synthesizing tasks"), tasks)
    made: list[Task] = []
    journal: list[Entry] = []
    top_signer = responsible[top]
    for i in range(tasks):
        task = _task(i, rng, standards, leads, departments, grid_ids)
        made.append(task)
        history = list(_history(task, rng, director, responsible, parent_of))
        if i % _ROLL_UP_EVERY == _ROLL_UP_EVERY - 1:
            # The task drawn here gives way to the roll-up of its block (the draws above
            # keep the other tasks as they were).
            parent, entries = _roll_up(i, made, office, director, responsible[office], top_signer)
            made[i] = parent
            journal.extend(entries)
        else:
            journal.extend(history)
        if i % 10_000 == 9_999:
            progress.advance(10_000)
    progress.done()
    campaign = Campaign(
        id="synth",
        name="合成市创建全国文明城市" if city else "合成县创建全国文明城市",
        evaluation=date(2026, 7, 20),
        as_of=_AS_OF,
        office=office,
        phases=[PhaseWindow(phase=p, start=s, end=e) for p, s, e in _WINDOWS],
    )
    return Ledger(
        campaign=campaign,
        frameworks=[framework],
        units=units,
        people=people.people,
        appointments=people.appointments,
        tasks=made,
        journal=journal,
    )


def _phase_of(day: date) -> Phase:
    return next((p for p, s, e in _WINDOWS if s <= day <= e), _WINDOWS[-1][0])


def _roll_up(
    i: int, made: list[Task], office: str, director: str, worker: str, signer: str
) -> tuple[Task, list[Entry]]:
    """The roll-up task at position ``i``: the sum (even blocks) or the count (odd ones) of
    the block's tasks measured in 处, which become its subtasks; assigned, and signed off
    on its due date once they all are (every subtask due by ``as_of`` is signed off)."""
    quantities: dict[int, float] = {}
    dues: list[date] = []
    for n in range(i - _ROLL_UP_EVERY + 1, i):
        target, due = made[n].target, made[n].due
        if target is None or target.unit != "处" or made[n].parent is not None or due is None:
            continue
        quantities[n] = target.quantity
        dues.append(due)
        if len(quantities) == 6:
            break
    task_id = f"T{i + 1:07d}"
    for n in quantities:
        made[n] = attrs.evolve(made[n], parent=task_id)
    counting = (i // _ROLL_UP_EVERY) % 2 == 1
    if counting:
        target = Target(quantity=float(len(quantities)), unit="项", roll_up=RollUp.COUNT)
    else:
        target = Target(quantity=sum(quantities.values()), unit="处", roll_up=RollUp.SUM)
    due = max(dues, default=_AS_OF)
    parent = Task(
        id=task_id,
        title=f"第{i // _ROLL_UP_EVERY + 1}批重点任务{'销号计数' if counting else '汇总'}",
        lead=office,
        standards=made[i].standards,
        phase=_phase_of(due),
        due=due,
        target=target,
    )
    first = min(dues, default=due)
    entries = [
        Entry(
            at=_at(first - timedelta(days=31), 8),
            task=task_id,
            action=Action.ASSIGN,
            by=director,
            unit=office,
        )
    ]
    if due <= _AS_OF:
        entries.append(Entry(at=_at(due, 17), task=task_id, action=Action.REPORT, by=worker))
        entries.append(Entry(at=_at(due, 18), task=task_id, action=Action.SIGN_OFF, by=signer))
    return parent, entries


def _measures(i: int, quantity: float) -> tuple[Target, tuple[Target, ...]]:
    """The target of a measured task (and its further measure): amounts, rates, two measures."""
    variant = (i // 4) % 8
    if variant == 3:
        return Target(quantity=quantity * 1000, unit="平方米"), ()
    if variant == 4:
        return Target(quantity=quantity / 10, unit="公里"), ()
    if variant == 5:
        return Target(quantity=85.0, unit="%", comparator=Comparator.AT_LEAST), ()
    if variant == 6:
        return Target(quantity=100.0, unit="%"), ()
    if variant == 7:
        area = Target(quantity=quantity * 1500, unit="平方米", name="面积")
        return Target(quantity=quantity, unit="个", name="小区"), (area,)
    return Target(quantity=quantity, unit="处"), ()


def _figures(task: Task, share: float) -> dict[str, object]:
    """A progress entry's figures for ``share`` of a measured task's targets (1: all done)."""
    target = task.target
    assert target is not None
    if target.is_rate:
        return {"quantity": round(target.quantity * share, 1)}
    whole = target.unit in ("处", "个")
    done = target.quantity * share
    figures: dict[str, object] = {"quantity": float(int(done)) if whole else round(done, 3)}
    if task.targets:
        figures["amounts"] = tuple(
            Amount(measure=t.name, value=round(t.quantity * share, 3)) for t in task.targets
        )
    return figures


def _name(stems: list[str], index: int, suffix: str) -> str:
    stem = stems[index % len(stems)]
    return f"{stem}{suffix}" if index < len(stems) else f"{stem}{index // len(stems) + 1}{suffix}"


def _task(
    i: int,
    rng: random.Random,
    standards: list[str],
    leads: list[str],
    departments: list[str],
    grids: list[tuple[str, str]],
) -> Task:
    phase, start, end = _WINDOWS[rng.randrange(1, 5) if i % 7 else 0]
    due = start + timedelta(days=rng.randrange((end - start).days + 1))
    standard = standards[i % len(standards)] if i < len(standards) else rng.choice(standards)
    if i % 3 == 2:
        grid, community = grids[rng.randrange(len(grids))]
        to_department = rng.random() < 0.5
        return Task(
            id=f"P{i + 1:07d}",
            kind=TaskKind.PROBLEM,
            title=rng.choice(_PROBLEMS),
            lead=rng.choice(departments) if to_department else community,
            standards=(standard,),
            phase=phase,
            due=due,
            located_in=grid,
            source=rng.choice(
                (ProblemSource.INSPECTION, ProblemSource.COVERT_VISIT, ProblemSource.HOTLINE)
            ),
            found_on=start,
        )
    lead = rng.choice(departments) if i % 5 == 0 else rng.choice(leads)
    target: Target | None = None
    targets: tuple[Target, ...] = ()
    if i % 4 == 0:
        target, targets = _measures(i, float(rng.randrange(1, 60)))
    return Task(
        id=f"T{i + 1:07d}",
        title=rng.choice(_TASK_TITLES),
        lead=lead,
        standards=(standard,),
        phase=phase,
        due=due,
        target=target,
        targets=targets,
    )


def _history(
    task: Task,
    rng: random.Random,
    director: str,
    responsible: dict[str, str],
    parent_of: dict[str, str | None],
) -> Iterator[Entry]:
    assert task.lead is not None
    assert task.due is not None
    lead = task.lead
    worker = responsible[lead]
    above = parent_of[lead]
    signer = responsible[above] if above is not None else director
    day = task.due - timedelta(days=rng.randrange(5, 30))
    yield Entry(at=_at(day, 9), task=task.id, action=Action.ASSIGN, by=director, unit=lead)
    roll = rng.random()
    if roll < 0.2 and task.due > _AS_OF:
        percent = float(rng.randrange(10, 90, 10))
        figures: dict[str, object] = {"percent": percent}
        if task.target is not None:  # amounts reported, the percent derived from them
            figures = _figures(task, percent / 100)
        yield Entry(
            at=_at(day + timedelta(days=2), 16),
            task=task.id,
            action=Action.PROGRESS,
            by=worker,
            **figures,  # type: ignore[arg-type]
        )
    elif roll < 0.5 or task.due <= _AS_OF:
        done = day + timedelta(days=rng.randrange(1, 5))
        if task.target is not None:  # the final figures, before the report back
            yield Entry(
                at=_at(done, 16),
                task=task.id,
                action=Action.PROGRESS,
                by=worker,
                **_figures(task, 1.0),  # type: ignore[arg-type]
            )
        evidence = (
            Evidence(kind=EvidenceKind.PHOTO_BEFORE, ref=f"photos/{task.id}-before.jpg"),
            Evidence(kind=EvidenceKind.PHOTO_AFTER, ref=f"photos/{task.id}-after.jpg"),
        )
        yield Entry(
            at=_at(done, 17), task=task.id, action=Action.REPORT, by=worker, evidence=evidence
        )
        yield Entry(
            at=_at(done + timedelta(days=1), 10), task=task.id, action=Action.SIGN_OFF, by=signer
        )


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CST)
