"""Benchmark: what bad input costs (issue 12, point 7).

    python benchmarks/bad_input.py [--lines 100000] [--huge-mb 50]

A journal file of ``--lines`` lines of one kind each — good entries, then lines the
loader cannot read (an unknown action, a bad date, a wrong type, an unknown key, broken
JSON, a bad byte, a duplicated key) — is loaded, the best of three; the cost per line
is compared with a good line's. The promise: an unreadable line costs at most ten times
a good one. Then one garbage line of ``--huge-mb`` megabytes in a journal file:
``civledger check`` of the ledger (findings printed, the line cut in them) and a
load, against the floor of reading the file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
from pathlib import Path

import attrs

import civledger
from _common import save
from civledger import testing
from civledger.cli.main import run

GOOD = (
    b'{"at":"2026-04-02T09:00:00+08:00","task":"T-001","action":"progress",'
    b'"by":"p-qian","percent":10}'
)
KINDS: dict[str, bytes] = {
    "good entry": GOOD,
    "unknown action (LDG004)": GOOD.replace(b'"progress"', b'"frobnicate"'),
    "bad date (LDG003)": GOOD.replace(b"2026-04-02T09", b"2026-14-02T09"),
    "wrong type (LDG002)": GOOD.replace(b'"T-001"', b"17"),
    "unknown key (LDG001)": GOOD.replace(b'"percent"', b'"pct":1,"percent"'),
    "duplicate key (LDG017)": GOOD.replace(b'"percent"', b'"by":"p-qian","percent"'),
    "broken JSON (LDG014)": b'{"at": "2026-04-02T09:00:00+08:00", "task": broken',
    "a bad byte (LDG014)": GOOD.replace(b"p-qian", b"p-q\xffan"),
}


def _folder(lines: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="civledger-bad-"))
    ledger = attrs.evolve(testing.small_ledger(), journal_file="j.jsonl")
    civledger.dump(ledger, folder / "l.yaml")
    (folder / "j.jsonl").write_bytes(lines)
    return folder


def _best(action: object, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def per_line(count: int) -> list[dict[str, object]]:
    """Microseconds per line for each kind of line, and the ratio to a good line."""
    rows: list[dict[str, object]] = []
    good = None
    for kind, line in KINDS.items():
        folder = _folder((line + b"\n") * count)
        seconds = _best(lambda f=folder: civledger.load(f / "l.yaml"))
        micro = seconds / count * 1e6
        good = good or micro
        rows.append(
            {"kind": kind, "us_per_line": round(micro, 2), "x_good": round(micro / good, 2)}
        )
    return rows


def huge_line(megabytes: int) -> list[dict[str, object]]:
    """A journal file holding one garbage line of ``megabytes`` MB between two good lines."""
    # Text, not random bytes: a line that decodes is the one whose display width was measured.
    garbage = ("台账 garbage 不是 JSON " * (megabytes * 2**20 // 29 + 1)).encode()[
        : megabytes * 2**20
    ]
    folder = _folder(GOOD + b"\n" + garbage + b"\n" + GOOD + b"\n")
    journal = folder / "j.jsonl"
    floor = _best(journal.read_bytes)
    out = io.StringIO()

    def check() -> int:
        with contextlib.redirect_stdout(out):
            return run(["check", str(folder / "l.yaml"), "--as-of", "2026-06-01"])

    t_check = _best(check, runs=1)
    t_load = _best(lambda: civledger.load(folder / "l.yaml"), runs=1)
    longest = max(len(line) for line in out.getvalue().splitlines())
    return [
        {"measure": "floor: read the journal file", "seconds": round(floor, 3)},
        {"measure": "load", "seconds": round(t_load, 3)},
        {"measure": "civledger check", "seconds": round(t_check, 3), "longest_line": longest},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--huge-mb", type=int, default=50)
    args = parser.parse_args()
    lines = per_line(args.lines)
    print(f"\n{args.lines:,} journal lines of one kind, loaded (best of 3)")
    print(f"{'line':<28} {'us/line':>9} {'x good':>8}")
    print("-" * 47)
    for row in lines:
        print(f"{row['kind']:<28} {row['us_per_line']:>9.2f} {row['x_good']:>8.2f}")
    huge = huge_line(args.huge_mb)
    print(f"\none garbage line of {args.huge_mb} MB in a journal file")
    print(f"{'measure':<32} {'seconds':>9}  note")
    print("-" * 60)
    for row in huge:
        note = f"longest output line {row['longest_line']} chars" if "longest_line" in row else ""
        print(f"{row['measure']:<32} {row['seconds']:>9.3f}  {note}")
    saved = save("bad_input", {"lines": args.lines, "per_line": lines, "huge_line": huge})
    print(f"\nresults: {saved}")


if __name__ == "__main__":
    with civledger.paused_gc():
        main()
