"""Chains on the example ledger, written out by hand from examples/zhecheng.yaml.

Each expected chain was read off the YAML (units, appointments, contracts, tasks),
not produced by the code: a grid problem handed to a bureau, a street task, a county
task, and the change of 长江新城街道's first responsible person on 2026-05-01.
The ledger's ``campaign.as_of`` is 2026-06-14.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import civledger
from civledger import Capacity, Ledger, Link, Post

ZHECHENG = Path(__file__).resolve().parent.parent / "examples" / "zhecheng.yaml"
AS_OF = date(2026, 6, 14)

FR = Post.FIRST_RESPONSIBLE
KEEPER = Post.GRID_KEEPER
BAO = Post.CONTRACT_LEADER


def link(
    unit: str, post: Post | None, person: str, capacity: Capacity, answers_for: str | None = None
) -> Link:
    return Link(
        unit=unit, post=post, person=person, capacity=capacity, answers_for=answers_for or unit
    )


@pytest.fixture(scope="module")
def zhecheng() -> Ledger:
    return civledger.load(ZHECHENG)


def test_the_example_is_clean_under_org_and_own_in_both_tiers(zhecheng: Ledger) -> None:
    for strict in (False, True):
        report = civledger.check(zhecheng, select=["ORG", "OWN"], strict=strict)
        assert report.issues == (), [str(i) for i in report.issues]
        assert report.as_of == AS_OF  # the ledger's own date


# The command of 县创城指挥部 (zc-zhb, under the county), in every chain on 2026-06-14:
# 总指挥 王某某 (县长), 政委 刘某 (县委书记), 常务副总指挥 周某某 (常务副县长).
COMMAND = [
    link("zc-zhb", Post.COMMANDER, "p-wang", Capacity.COMMAND),
    link("zc-zhb", Post.POLITICAL_COMMISSAR, "p-liu", Capacity.COMMAND),
    link("zc-zhb", Post.EXECUTIVE_DEPUTY_COMMANDER, "p-zhou", Capacity.COMMAND),
]
# 市容环境组 (g-hj, lead 县城管局) covers III-1-1-1, III-1-1-2, III-1-2-1, III-1-2-2…;
# its 组长 is 赵某某.
G_HJ = Link(
    unit="zc-cg",
    post=Post.GROUP_LEADER,
    person="p-zhao",
    capacity=Capacity.SUPERVISING,
    answers_for="zc-cg",
    group="g-hj",
)


def test_a_grid_problem_handed_to_a_bureau(zhecheng: Ledger) -> None:
    """P-018 背街小巷路灯不亮: located in 金桥社区第2网格 (zc-cj-jq-g02), handed to 县城管局.

    The territory answers first, from the grid up to the county: the grid's head
    (两委委员 p-jq-wy) and keeper (p-jq-g02); 金桥社区's secretary (p-jq-sj), its
    contract leader 马某 (p-ma) and, for 县公安局 which 包联 the community, the bureau's
    head — 马某 again; 长江新城街道's secretary (袁某某 p-yuan, since 2026-05-01) and its
    contract leader 赵某某 (p-zhao); the county secretary 刘某 (p-liu). Then the lead:
    县城管局's director 郑某 (p-zheng). The bureau sits under the county, which the
    territory already listed, so its line adds nothing more. It serves III-1-1-2 (路灯),
    which 市容环境组 covers: its 组长 赵某某 supervises (督导); then the headquarters'
    command.
    """
    assert civledger.chain(zhecheng, "P-018", as_of=AS_OF) == [
        link("zc-cj-jq-g02", FR, "p-jq-wy", Capacity.TERRITORIAL),
        link("zc-cj-jq-g02", KEEPER, "p-jq-g02", Capacity.TERRITORIAL),
        link("zc-cj-jq", FR, "p-jq-sj", Capacity.TERRITORIAL),
        link("zc-cj-jq", BAO, "p-ma", Capacity.CONTRACT),
        link("zc-ga", FR, "p-ma", Capacity.CONTRACT, answers_for="zc-cj-jq"),
        link("zc-cj", FR, "p-yuan", Capacity.TERRITORIAL),
        link("zc-cj", BAO, "p-zhao", Capacity.CONTRACT),
        link("zc", FR, "p-liu", Capacity.TERRITORIAL),
        link("zc-cg", FR, "p-zheng", Capacity.LEAD),
        G_HJ,
        *COMMAND,
    ]
    # the ledger's as_of is the default date
    assert civledger.chain(zhecheng, "P-018") == civledger.chain(zhecheng, "P-018", as_of=AS_OF)


def test_a_street_task_of_a_key_project(zhecheng: Ledger) -> None:
    """T-016 长江新城街道背街小巷整治（10条）: led by 长江新城街道, responsible 蒋某 (p-jiang).

    It is a subtask of the key project T-014, which 赵某某 contracts (an appointment on
    T-014, from 2026-04-21): T-016 has no leader of its own, so his 包挂 comes down to it,
    standing for T-014's lead 县住建局. Then the street's secretary as lead and its
    contract leader 赵某某 (again), the county secretary, 市容环境组's 组长 (III-1-2-x)
    and the command.
    """
    assert civledger.chain(zhecheng, "T-016", as_of=AS_OF) == [
        link("zc-cj", None, "p-jiang", Capacity.RESPONSIBLE),
        link("zc-zj", BAO, "p-zhao", Capacity.CONTRACT),
        link("zc-cj", FR, "p-yuan", Capacity.LEAD),
        link("zc-cj", BAO, "p-zhao", Capacity.CONTRACT),
        link("zc", FR, "p-liu", Capacity.TERRITORIAL),
        G_HJ,
        *COMMAND,
    ]
    # Before the key-project appointment began, nothing came down from T-014.
    assert link("zc-zj", BAO, "p-zhao", Capacity.CONTRACT) not in civledger.chain(
        zhecheng, "T-016", as_of=date(2026, 4, 20)
    )


def test_a_county_task_with_a_key_project_leader(zhecheng: Ledger) -> None:
    """T-014 39条背街小巷综合整治: a county key project led by 县住建局, responsible 冯某某
    (p-feng, the bureau's director), contracted as a key project by 副县长赵某某 from
    2026-04-21 (an appointment naming the task and no unit: it stands for the lead)."""
    assert civledger.chain(zhecheng, "T-014", as_of=AS_OF) == [
        link("zc-zj", None, "p-feng", Capacity.RESPONSIBLE),
        link("zc-zj", BAO, "p-zhao", Capacity.CONTRACT),
        link("zc-zj", FR, "p-feng", Capacity.LEAD),
        link("zc", FR, "p-liu", Capacity.TERRITORIAL),
        G_HJ,
        *COMMAND,
    ]
    # before the key-project appointment began
    assert [x.person for x in civledger.chain(zhecheng, "T-014", as_of=date(2026, 4, 20))] == [
        "p-feng",
        "p-feng",
        "p-liu",
        "p-zhao",
        "p-wang",
        "p-liu",
        "p-zhou",
    ]


def test_a_county_office_task(zhecheng: Ledger) -> None:
    """T-037 网上申报材料定稿上传: led by 县文明办 (the campaign office), responsible 林某某.
    It serves no standard: no group supervises it; the command does."""
    assert civledger.chain(zhecheng, "T-037", as_of=AS_OF) == [
        link("zc-wmb", None, "p-lin", Capacity.RESPONSIBLE),
        link("zc-wmb", FR, "p-chen", Capacity.LEAD),
        link("zc", FR, "p-liu", Capacity.TERRITORIAL),
        *COMMAND,
    ]
    # Before the headquarters was set up (2026-02-26) its 总指挥 post was vacant: the gap shows.
    early = civledger.chain(zhecheng, "T-037", as_of=date(2026, 2, 20))
    assert early[-1] == Link(
        unit="zc-zhb",
        post=Post.COMMANDER,
        person=None,
        capacity=Capacity.COMMAND,
        answers_for="zc-zhb",
    )


def test_a_subtask_of_the_key_project_on_a_road(zhecheng: Ledger) -> None:
    """T-050 新华路人行道和雨污管网改造 (the acceptance case of issue 15).

    A subtask of T-049 城区主干道提升改造工程, which names the key project kp-zgd that
    常务副县长周某某 contracts (包挂, from 2026-06-01). T-050 names 新华路 (r-xh), which
    runs through 龙源街道. So: the person named responsible, 唐某 (p-tang); the project's
    包挂 leader 周某某, inherited from T-049 (standing for its lead 县住建局); 新华路's
    路长, 副县长钱某 (p-qian, appointed for the county); then the territory of the road,
    first (条块结合、以块为主): 龙源街道's secretary 许某 (p-xu) and contract leader 张某
    (p-zhang), the county secretary; then the lead 县住建局, director 冯某某 (p-feng); the
    group that covers III-1-1-1 (市容环境组, 组长 赵某某) and the command.
    """
    assert civledger.chain(zhecheng, "T-050", as_of=AS_OF) == [
        link("zc-zj", None, "p-tang", Capacity.RESPONSIBLE),
        Link(
            unit="zc-zj",
            post=BAO,
            person="p-zhou",
            capacity=Capacity.CONTRACT,
            answers_for="zc-zj",
            place="kp-zgd",
        ),
        Link(
            unit="zc",
            post=Post.ROAD_CHIEF,
            person="p-qian",
            capacity=Capacity.PLACE,
            answers_for="zc",
            place="r-xh",
        ),
        link("zc-ly", FR, "p-xu", Capacity.TERRITORIAL),
        link("zc-ly", BAO, "p-zhang", Capacity.CONTRACT),
        link("zc", FR, "p-liu", Capacity.TERRITORIAL),
        link("zc-zj", FR, "p-feng", Capacity.LEAD),
        G_HJ,
        *COMMAND,
    ]
    # Before the project's 包挂 began (2026-06-01), no leader comes down to T-050.
    assert "p-zhou" not in [
        x.person
        for x in civledger.chain(zhecheng, "T-050", as_of=date(2026, 5, 31))
        if x.capacity is Capacity.CONTRACT
    ]


def test_a_road_across_two_streets(zhecheng: Ledger) -> None:
    """T-051 长江路路面修复和路灯更换: 长江路 (r-cj) runs through 龙源街道 and 长江新城街道:
    both streets answer, each with its contract leader, then the county once."""
    found = civledger.chain(zhecheng, "T-051", as_of=AS_OF)
    assert [(x.where, x.person, x.capacity.label) for x in found][2:9] == [
        ("r-cj", "p-sun", "点位"),
        ("zc-ly", "p-xu", "属地"),
        ("zc-ly", "p-zhang", "包挂"),
        ("zc-cj", "p-yuan", "属地"),
        ("zc-cj", "p-zhao", "包挂"),
        ("zc", "p-liu", "属地"),
        ("zc-zj", "p-feng", "牵头"),
    ]


def test_a_problem_at_a_crossroads_of_two_roads(zhecheng: Ledger) -> None:
    """P-001 at 凯旋路与长江路交叉口, located in 凯旋社区第1网格: both roads' chiefs answer
    (赵某某 for 凯旋路, 孙某 for 长江路); the territory is the grid the problem lies in,
    not every street the roads cross."""
    found = civledger.chain(zhecheng, "P-001", as_of=AS_OF)
    assert [(x.where, x.person) for x in found][:3] == [
        ("r-kx", "p-zhao"),
        ("r-cj", "p-sun"),
        ("zc-ly-kx-g01", "p-kx-sj"),
    ]
    assert "zc-cj" not in {x.answers_for for x in found}


def test_the_street_secretary_changes_on_the_first_of_may(zhecheng: Ledger) -> None:
    """曹某 (p-cao) held 长江新城街道 to 2026-04-30 inclusive; 袁某某 (p-yuan) from 2026-05-01."""
    assert civledger.chain(zhecheng, "T-016", as_of=date(2026, 4, 30))[2] == link(
        "zc-cj", FR, "p-cao", Capacity.LEAD
    )
    assert civledger.chain(zhecheng, "T-016", as_of=date(2026, 5, 1))[2] == link(
        "zc-cj", FR, "p-yuan", Capacity.LEAD
    )
    # the same change in the territory of a problem handed to a bureau
    before = civledger.chain(zhecheng, "P-018", as_of=date(2026, 4, 30))
    after = civledger.chain(zhecheng, "P-018", as_of=date(2026, 5, 1))
    assert before[5] == link("zc-cj", FR, "p-cao", Capacity.TERRITORIAL)
    assert after[5] == link("zc-cj", FR, "p-yuan", Capacity.TERRITORIAL)
    assert before[:5] + before[6:] == after[:5] + after[6:]
    assert civledger.holders(zhecheng, "zc-cj", "第一责任人", date(2026, 4, 30)) == ("p-cao",)
    assert civledger.holders(zhecheng, "zc-cj", "第一责任人", date(2026, 5, 1)) == ("p-yuan",)


def test_a_bureau_answers_for_the_community_it_contracts(zhecheng: Ledger) -> None:
    """县公安局 包联 金桥社区: it answers (包挂) for every task and problem in the
    community's territory — P-004 (led by the community), P-014 and P-018 (in its grids,
    handed to 县城管局) and P-015 (in its grid, led by the community)."""
    contracted = [
        d.task
        for d in civledger.duties(zhecheng, "zc-ga", as_of=AS_OF)
        if d.capacity is Capacity.CONTRACT
    ]
    assert contracted == ["P-004", "P-014", "P-015", "P-018"]
    # and the community itself does not answer as a contractor
    assert [(d.task, d.capacity) for d in civledger.duties(zhecheng, "zc-cj-jq", as_of=AS_OF)] == [
        ("P-004", Capacity.LEAD),
        ("P-014", Capacity.COOPERATING),  # capacities in the order of Capacity
        ("P-014", Capacity.TERRITORIAL),
        ("P-015", Capacity.LEAD),
        ("P-018", Capacity.TERRITORIAL),
    ]


def test_duties_through_places_groups_and_the_command(zhecheng: Ledger) -> None:
    """周某某 contracts the key project (T-049 and, inherited, its subtasks T-050 and
    T-051), contracts 城关镇, and commands as 常务副总指挥: every task, 指挥."""
    zhou = civledger.duties(zhecheng, "p-zhou", as_of=AS_OF)
    contracted = [d.task for d in zhou if d.capacity is Capacity.CONTRACT]
    # 城关镇's tasks T-010 and T-018, and the key project with its subtasks
    assert [t for t in contracted if t.startswith("T-")] == [
        "T-010",
        "T-018",
        "T-049",
        "T-050",
        "T-051",
    ]
    assert {d.place for d in zhou if d.task == "T-050" and d.capacity is Capacity.CONTRACT} == {
        "kp-zgd"
    }
    assert len([d for d in zhou if d.capacity is Capacity.COMMAND]) == len(zhecheng.tasks)
    # 钱某 is 路长 of 新华路: T-050 is hers through the place.
    qian = civledger.duties(zhecheng, "钱某", as_of=AS_OF)
    assert [(d.task, d.place) for d in qian if d.capacity is Capacity.PLACE] == [("T-050", "r-xh")]
    # The headquarters commands; 县城管局 leads 市容环境组, so it supervises through it.
    assert {d.capacity for d in civledger.duties(zhecheng, "县创城指挥部", as_of=AS_OF)} == {
        Capacity.COMMAND
    }
    supervised = [
        d.task
        for d in civledger.duties(zhecheng, "zc-cg", as_of=AS_OF)
        if d.capacity is Capacity.SUPERVISING
    ]
    assert "T-050" in supervised
    assert "T-037" not in supervised
