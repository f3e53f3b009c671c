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


def test_a_grid_problem_handed_to_a_bureau(zhecheng: Ledger) -> None:
    """P-018 背街小巷路灯不亮: located in 金桥社区第2网格 (zc-cj-jq-g02), handed to 县城管局.

    The territory answers first, from the grid up to the county: the grid's head
    (两委委员 p-jq-wy) and keeper (p-jq-g02); 金桥社区's secretary (p-jq-sj), its
    contract leader 马某 (p-ma) and, for 县公安局 which 包联 the community, the bureau's
    head — 马某 again; 长江新城街道's secretary (袁某某 p-yuan, since 2026-05-01) and its
    contract leader 赵某某 (p-zhao); the county secretary 刘某 (p-liu). Then the lead:
    县城管局's director 郑某 (p-zheng). The bureau sits under the county, which the
    territory already listed, so its line adds nothing more.
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
    ]
    # the ledger's as_of is the default date
    assert civledger.chain(zhecheng, "P-018") == civledger.chain(zhecheng, "P-018", as_of=AS_OF)


def test_a_street_task(zhecheng: Ledger) -> None:
    """T-016 长江新城街道背街小巷整治（10条）: led by 长江新城街道, responsible 蒋某 (p-jiang).

    The named responsible person first, then the street's secretary as lead and its
    contract leader 赵某某, then the county secretary. (The 10 streets are a part of the
    key project T-014, but 赵某某's key-project appointment names T-014, not T-016.)
    """
    assert civledger.chain(zhecheng, "T-016", as_of=AS_OF) == [
        link("zc-cj", None, "p-jiang", Capacity.RESPONSIBLE),
        link("zc-cj", FR, "p-yuan", Capacity.LEAD),
        link("zc-cj", BAO, "p-zhao", Capacity.CONTRACT),
        link("zc", FR, "p-liu", Capacity.TERRITORIAL),
    ]


def test_a_county_task_with_a_key_project_leader(zhecheng: Ledger) -> None:
    """T-014 39条背街小巷综合整治: a county key project led by 县住建局, responsible 冯某某
    (p-feng, the bureau's director), contracted as a key project by 副县长赵某某 from
    2026-04-21 (an appointment naming the task and no unit: it stands for the lead)."""
    assert civledger.chain(zhecheng, "T-014", as_of=AS_OF) == [
        link("zc-zj", None, "p-feng", Capacity.RESPONSIBLE),
        link("zc-zj", BAO, "p-zhao", Capacity.CONTRACT),
        link("zc-zj", FR, "p-feng", Capacity.LEAD),
        link("zc", FR, "p-liu", Capacity.TERRITORIAL),
    ]
    # before the key-project appointment began
    assert [x.person for x in civledger.chain(zhecheng, "T-014", as_of=date(2026, 4, 20))] == [
        "p-feng",
        "p-feng",
        "p-liu",
    ]


def test_a_county_office_task(zhecheng: Ledger) -> None:
    """T-037 网上申报材料定稿上传: led by 县文明办 (the campaign office), responsible 林某某."""
    assert civledger.chain(zhecheng, "T-037", as_of=AS_OF) == [
        link("zc-wmb", None, "p-lin", Capacity.RESPONSIBLE),
        link("zc-wmb", FR, "p-chen", Capacity.LEAD),
        link("zc", FR, "p-liu", Capacity.TERRITORIAL),
    ]


def test_the_street_secretary_changes_on_the_first_of_may(zhecheng: Ledger) -> None:
    """曹某 (p-cao) held 长江新城街道 to 2026-04-30 inclusive; 袁某某 (p-yuan) from 2026-05-01."""
    assert civledger.chain(zhecheng, "T-016", as_of=date(2026, 4, 30))[1] == link(
        "zc-cj", FR, "p-cao", Capacity.LEAD
    )
    assert civledger.chain(zhecheng, "T-016", as_of=date(2026, 5, 1))[1] == link(
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
