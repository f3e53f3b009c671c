"""Progress display: silent for quick stages and pipes, a cleared line on terminals.

Time is a fake clock here: the tests say what the display shows at given moments,
never how long anything takes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import civledger
from civledger import progress as progress_module
from civledger.progress import NullProgress, TerminalProgress, for_stream
from civledger.testing import small_ledger

CLEAR = "\r\x1b[2K"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(progress_module.time, "monotonic", fake)
    return fake


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_drawn_before_the_delay(clock: Clock) -> None:
    out = io.StringIO()
    p = TerminalProgress(out, delay=1.0, interval=0.1)
    p.stage("reading entries", 10)
    clock.now += 0.5
    p.advance(3)
    clock.now += 0.4
    p.advance(3)
    p.done()
    assert out.getvalue() == ""


def test_a_slow_stage_is_drawn_then_cleared(clock: Clock) -> None:
    out = io.StringIO()
    p = TerminalProgress(out, delay=1.0, interval=0.1)
    p.stage("reading entries", 4)
    clock.now += 1.5
    p.advance(2)
    assert out.getvalue() == CLEAR + "reading entries: 2/4 (50%) 1.5s"
    p.done()
    assert out.getvalue().endswith(CLEAR)
    p.done()  # a second done draws nothing more
    assert out.getvalue().count(CLEAR) == 2


def test_redraws_are_spaced_by_the_interval(clock: Clock) -> None:
    out = io.StringIO()
    p = TerminalProgress(out, delay=0.0, interval=0.5)
    p.stage("checking", 1000)
    clock.now += 0.1
    p.advance()
    clock.now += 0.2
    p.advance()  # too soon after the first draw
    clock.now += 0.4
    p.advance()
    frames = [f for f in out.getvalue().split(CLEAR) if f]
    assert frames == ["checking: 1/1,000 (0%) 0.1s", "checking: 3/1,000 (0%) 0.7s"]


def test_an_unknown_total_shows_a_count(clock: Clock) -> None:
    out = io.StringIO()
    p = TerminalProgress(out, delay=0.0, interval=0.0)
    p.stage("parsing")
    clock.now += 2.0
    p.advance(12345)
    assert out.getvalue() == CLEAR + "parsing: 12,345 2.0s"


def test_a_new_stage_clears_the_last_one_and_restarts_the_clock(clock: Clock) -> None:
    out = io.StringIO()
    p = TerminalProgress(out, delay=1.0, interval=0.0)
    p.stage("one", 2)
    clock.now += 1.0
    p.advance()
    p.stage("two", 2)
    assert out.getvalue() == CLEAR + "one: 1/2 (50%) 1.0s" + CLEAR
    clock.now += 0.5
    p.advance()
    assert out.getvalue().endswith(CLEAR)  # "two" has not waited its delay yet


def test_the_share_never_exceeds_100_percent(clock: Clock) -> None:
    out = io.StringIO()
    p = TerminalProgress(out, delay=0.0, interval=0.0)
    p.stage("x", 2)
    p.advance(5)
    assert "(100%)" in out.getvalue()


def test_for_stream_is_silent_on_a_pipe_and_draws_on_a_terminal() -> None:
    assert isinstance(for_stream(io.StringIO()), NullProgress)
    assert isinstance(for_stream(Terminal()), TerminalProgress)
    assert isinstance(for_stream(object()), NullProgress)  # type: ignore[arg-type]


def test_for_stream_defaults_to_standard_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert isinstance(for_stream(), TerminalProgress)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert isinstance(for_stream(), NullProgress)


def test_loading_reports_its_stages(tmp_path: Path) -> None:
    events: list[tuple[str, object]] = []

    class Recorder:
        def stage(self, name: str, total: int | None = None) -> None:
            events.append(("stage", name))

        def advance(self, steps: int = 1) -> None:
            events.append(("advance", steps))

        def done(self) -> None:
            events.append(("done", None))

    path = tmp_path / "l.json"
    civledger.dump(small_ledger(), path)
    civledger.load(path, progress=Recorder())
    assert [name for kind, name in events if kind == "stage"] == ["parsing", "reading entries"]
    assert any(kind == "advance" for kind, _ in events)
    assert events[-1] == ("done", None)
