"""Charts: what the figures hold (bars, colours, labels), that PNGs come out, and the CJK font.

PNG bytes are not compared: they depend on matplotlib's and FreeType's versions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from matplotlib.colors import to_hex

import civledger
from civledger import Ledger
from civledger.reports import charts, fonts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhecheng.yaml"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def zhecheng() -> Ledger:
    return civledger.load(EXAMPLE)


def bars_by_gid(figure: object) -> dict[str, str]:
    axes = figure.axes[0]  # type: ignore[attr-defined]
    return {p.get_gid(): to_hex(p.get_facecolor()) for p in axes.patches if p.get_gid()}


def test_the_battle_map_colours_done_red_and_overdue_black(zhecheng: Ledger) -> None:
    figure = civledger.battle_map(zhecheng, as_of=date(2026, 6, 20))
    bars = bars_by_gid(figure)
    # On 06-20: T-001 is signed off, P-018 (due 06-16) overdue, T-037 (due 06-30) open,
    # T-027 ongoing; the cancelled P-010 and P-015 are not drawn.
    assert bars["task:T-001:done"] == charts.DONE == "#d62728"
    assert bars["task:P-018:overdue"] == charts.OVERDUE == "#000000"
    assert bars["task:T-037:open"] == "#ffffff"
    assert bars["task:T-027:ongoing"] == charts.ONGOING
    assert not any(":P-010:" in gid or ":P-015:" in gid for gid in bars)
    assert [g for g in bars if g.startswith("phase:")] == [
        "phase:launch",
        "phase:self_check",
        "phase:rectification",
        "phase:final_push",
        "phase:evaluation",
    ]
    statuses = [g.rsplit(":", 1)[1] for g in bars if g.startswith("task:")]
    assert len(statuses) == 75  # 77 tasks less the two cancelled
    assert statuses.count("overdue") == 4  # P-018, P-022, P-023, P-026 (see the query tests)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels[5] == "【县文明办】"
    assert labels[6].startswith("T-001 召开全县")


def test_the_battle_map_under_a_unit(zhecheng: Ledger) -> None:
    bars = bars_by_gid(civledger.battle_map(zhecheng, under="zc-cgz", kind="problem"))
    tasks = sorted(g.split(":")[1] for g in bars if g.startswith("task:"))
    assert tasks == ["P-008", "P-013", "P-021", "P-025"]


def test_the_burndown_counts_open_problems(zhecheng: Ledger) -> None:
    series = charts.burndown_series(zhecheng)
    assert series[-1] == (date(2026, 6, 14), 8, 26)
    # 8 open on 06-14: the 10 problems not signed off less the 2 cancelled (see the query test).
    open_now = civledger.query(zhecheng, kind="problem", status=["已认领", "整改中", "已反馈"])
    assert len(open_now) == 8
    figure = civledger.burndown_chart(zhecheng)
    lines = [ln for ln in figure.axes[0].get_lines() if not ln.get_label().startswith("_")]
    first = lines[0]
    assert first.get_label() == "open"
    assert max(first.get_ydata()) == 9
    assert to_hex(first.get_color()) == charts.DONE
    # The pace to clear the list: from 8 on 06-14 to 0 on the evaluation date.
    assert list(lines[2].get_ydata()) == [8, 0]


def test_burndown_series_by_hand() -> None:
    from civledger.testing import LedgerBuilder

    b = LedgerBuilder()
    b.unit("zc", level="county")
    b.task("P-1", kind="problem", lead="zc", due="2026-05-10")
    b.task("P-2", kind="problem", lead="zc", due="2026-05-10")
    b.task("T-1", lead="zc", due="2026-05-10")
    b.entry("P-1", "assign", at="2026-05-01T09:00")
    b.entry("T-1", "assign", at="2026-05-01T09:00")
    b.entry("P-2", "assign", at="2026-05-02T09:00")
    b.entry("P-1", "report", at="2026-05-02T10:00")
    b.entry("P-1", "sign_off", at="2026-05-03T09:00")
    b.entry("P-1", "reopen", at="2026-05-04T09:00")
    ledger = b.build()
    # 05-01: P-1 open (1 found); 05-02: P-2 too (2); 05-03: P-1 signed off (1);
    # 05-04: P-1 relapses (2, still 2 found).
    assert charts.burndown_series(ledger, as_of=date(2026, 5, 4)) == [
        (date(2026, 5, 1), 1, 1),
        (date(2026, 5, 2), 2, 2),
        (date(2026, 5, 3), 1, 2),
        (date(2026, 5, 4), 2, 2),
    ]
    assert charts.burndown_series(ledger, as_of=date(2026, 5, 4), kind=None)[0] == (
        date(2026, 5, 1),
        2,
        2,
    )
    assert charts.burndown_series(ledger, as_of=date(2026, 4, 1)) == []


def test_the_ranking_bars(zhecheng: Ledger) -> None:
    table = civledger.ranking_report(zhecheng, period="2026-05", level="community")
    axes = civledger.ranking_chart(table).axes[0]
    colours = [to_hex(p.get_facecolor()) for p in axes.patches]
    # The ledger commends the first 3 places and criticises the last 2 places below 88.5:
    # 南园社区 and 西关村 share the 8th place (88), 北关村 is 10th (87.5).
    other = charts.BAR_COLOURS[""]
    assert colours == [charts.DONE] * 3 + [other] * 4 + [charts.OVERDUE] * 3
    assert [t.get_text() for t in axes.get_yticklabels()][:2] == ["1. 新华社区", "2. 金桥社区"]
    with pytest.raises(civledger.CivLedgerError, match="draws a ranking table"):
        civledger.ranking_chart(civledger.progress_report(zhecheng))


def test_charts_render_to_png(zhecheng: Ledger) -> None:
    for figure in (
        civledger.battle_map(zhecheng),
        civledger.burndown_chart(zhecheng),
        civledger.ranking_chart(civledger.ranking_report(zhecheng, period="2026-05")),
    ):
        data = civledger.chart_png(figure)
        assert data.startswith(PNG)
        assert len(data) > 10_000
        assert b"Software" not in data[:2000]


def test_chinese_text_uses_the_cjk_font(zhecheng: Ledger) -> None:
    assert fonts.font_files(), "the plot extra installs a CJK font package"
    family = fonts.cjk_family()
    assert family == "Noto Sans SC"
    title = civledger.burndown_chart(zhecheng).axes[0].title
    assert title.get_fontfamily()[0] == family


def test_without_a_cjk_font_charts_warn_and_still_render(
    zhecheng: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "font_files", list)
    monkeypatch.setattr(fonts, "SYSTEM_FAMILIES", ("No Such Family",))
    with pytest.warns(UserWarning, match="no CJK font found.*pip install 'civledger\\[plot\\]'"):
        figure = civledger.burndown_chart(zhecheng)
    assert civledger.chart_png(figure).startswith(PNG)


def test_open_bars_are_filled_by_percent_done_and_a_measure_burns_down() -> None:
    district = civledger.load("examples/district-100-days.yaml")
    axes = civledger.battle_map(district).axes[0]
    widths = {p.get_gid(): p.get_width() for p in axes.patches if p.get_gid()}
    assert widths["fill:T-01"] == pytest.approx(
        widths["task:T-01:open"] * 0.9
    )  # 903,600 of 1,004,000
    assert "fill:T-04-01" not in widths  # signed off: red all along
    series = charts.measure_series(district, "T-04", as_of=date(2026, 5, 25))
    assert series[0] == (date(2026, 4, 10), 0.0)  # no road signed off on the day of assignment
    assert series[-1] == (date(2026, 5, 25), 6.0)  # two roads signed off on each of 23-25 May
    with pytest.raises(civledger.CivLedgerError, match="no measure 绿地"):
        charts.measure_series(district, "T-05", "绿地")
