"""Benchmark: civledger beside beancount and hledger on the same ledger (issue 17, point 5).

    python benchmarks/peers.py [--tasks 100000] [--runs 3] [--bean-check PATH] [--hledger PATH]

The synthetic city ledger of the other benchmarks (``civledger.synthesize``, the
file ``benchmarks/run.py`` checks) is written once more for each peer, with the
same tasks and the same journal entries:

- a **task with its journal entries is a transaction with postings**. The
  transaction is dated the day of the task's first entry (its assignment, in the
  campaign's time zone), its narration is the task's title, and it carries the
  task's id (beancount metadata ``task:``, an hledger tag ``task:``);
- **each journal entry is a posting** of one step (``1 STEP``) to the account of its
  action under the task's lead unit, ``Assets:Work:<UNIT>:<ACTION>`` (the unit id
  with a capital first letter, which beancount requires), carrying the entry's
  time and who made it (``at:`` and ``by:``, metadata or tags);
- **one more posting balances them**, to ``Equity:Tasks``, its amount left for the
  tool to infer (both tools' own way of balancing). So a transaction has one
  posting more than its task has entries: 3.5 on average (2.5 entries per task);
- every account is declared before the first transaction (beancount's ``open``,
  hledger's ``account``): 12,277 at 100k tasks, as civledger's file declares
  its 33,222 units. Evidence, notes and units other than the lead are left out.

What is timed is each command as a whole, in a process of its own, the fastest
of RUNS: ``civledger check FILE.json`` (every basic rule); ``bean-check -C FILE``
(parse, book, validate; ``-C``: without beancount's pickle cache) and
``bean-check FILE`` once the cache is written; ``hledger -f FILE check``, which
parses, balances every transaction and runs hledger's basic checks — the
counterpart of ``civledger check`` (``hledger stats`` would parse as much and add
a report). The figures are CPU seconds (user + system, the system's own account
of the finished process: all four tools run on one core), which a busy machine
disturbs far less than wall time; wall time is printed beside. Each is divided by
the number of tasks (µs per transaction) and compared with its floor,
``orjson.loads`` of a file with the collector paused, in a process of its own,
fastest of RUNS: for civledger its own JSON file, for the peers a JSON document
of exactly the content of their journals (the same transactions, postings,
accounts and fields). ``x content`` divides every tool's time by the latter, the
same content for all: civledger's file holds more (units, people, posts,
frameworks), so its ``x floor`` is the lower of its two ratios.

A peer that is not installed is skipped with a message. They are not
dependencies of civledger, not even of an extra: install beancount in a virtual
environment of its own (``pip install beancount``) and give ``--bean-check``, and
hledger from your system's packages (``apt-get install hledger``).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

import civledger
from _common import DATA, save, synthetic

COMMODITY = "STEP"
BALANCE = "Equity:Tasks"


def component(text: str) -> str:
    """An account name component from an id: a capital first letter, letters, digits, dashes."""
    cleaned = "".join(c if c.isalnum() or c == "-" else "-" for c in text)
    return cleaned[:1].upper() + cleaned[1:]


def content(ledger: civledger.Ledger) -> dict[str, Any]:
    """The transactions and accounts of the ledger, as plain data (see the module)."""
    zone = ledger.campaign.zone()
    entries: dict[str, list[civledger.Entry]] = {}
    for entry in ledger.journal:
        entries.setdefault(entry.task, []).append(entry)
    transactions = []
    accounts: set[str] = {BALANCE}
    for task in ledger.tasks:
        steps = entries.get(task.id, [])
        if not steps:
            continue
        unit = component(task.lead or "none")
        postings = []
        for entry in steps:
            account = f"Assets:Work:{unit}:{component(entry.action.value.replace('_', '-'))}"
            accounts.add(account)
            postings.append(
                {
                    "account": account,
                    "amount": "1",
                    "commodity": COMMODITY,
                    "at": entry.at.isoformat(),
                    "by": entry.by or "",
                }
            )
        postings.append({"account": BALANCE})
        transactions.append(
            {
                "date": steps[0].at.astimezone(zone).date().isoformat(),
                "narration": task.title,
                "task": task.id,
                "postings": postings,
            }
        )
    first = min(t["date"] for t in transactions)
    return {"opened": first, "accounts": sorted(accounts), "transactions": transactions}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_beancount(doc: dict[str, Any], path: Path) -> None:
    """The ledger as a beancount file."""
    with path.open("w", encoding="utf-8") as out:
        out.write('option "title" "civledger peers benchmark"\n\n')
        for account in doc["accounts"]:
            out.write(f"{doc['opened']} open {account}\n")
        for t in doc["transactions"]:
            out.write(f"\n{t['date']} * {_quoted(t['narration'])}\n  task: {_quoted(t['task'])}\n")
            for p in t["postings"]:
                if "amount" not in p:
                    out.write(f"  {p['account']}\n")
                    continue
                out.write(
                    f"  {p['account']}  {p['amount']} {p['commodity']}\n"
                    f"    at: {_quoted(p['at'])}\n    by: {_quoted(p['by'])}\n"
                )


def write_hledger(doc: dict[str, Any], path: Path) -> None:
    """The ledger as an hledger journal."""
    with path.open("w", encoding="utf-8") as out:
        for account in doc["accounts"]:
            out.write(f"account {account}\n")
        for t in doc["transactions"]:
            out.write(f"\n{t['date']} * {t['narration']}  ; task:{t['task']}\n")
            for p in t["postings"]:
                if "amount" not in p:
                    out.write(f"    {p['account']}\n")
                    continue
                out.write(
                    f"    {p['account']}    {p['amount']} {p['commodity']}"
                    f"  ; at:{p['at']}, by:{p['by']}\n"
                )


def timed_process(command: Sequence[str]) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (user + system), exit code and error output of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode, (done.stderr or done.stdout)[-2000:]


def fastest(command: Sequence[str], runs: int, ok: Sequence[int] = (0,)) -> tuple[float, float]:
    """The wall and CPU time of the run of ``runs`` with the least CPU; every run must succeed."""
    best: tuple[float, float] | None = None
    for _ in range(runs):
        wall, cpu, code, output = timed_process(command)
        if code not in ok:
            raise SystemExit(f"{' '.join(command)} exited {code}:\n{output}")
        if best is None or cpu < best[1]:
            best = (wall, cpu)
    assert best is not None
    return best


_FLOOR = """
import gc, sys, time, orjson
started, cpu = time.perf_counter(), time.process_time()
raw = open(sys.argv[1], "rb").read()
gc.disable()
orjson.loads(raw)
print(time.perf_counter() - started, time.process_time() - cpu)
"""


def floor(path: Path, runs: int) -> tuple[float, float]:
    """Wall and CPU seconds to read and parse ``path`` with orjson, the fastest of ``runs``."""
    best: tuple[float, float] | None = None
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _FLOOR, str(path)], capture_output=True, text=True, check=True
        )
        wall, cpu = map(float, done.stdout.split())
        if best is None or cpu < best[1]:
            best = (wall, cpu)
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="each command: the fastest of")
    parser.add_argument("--bean-check", default=shutil.which("bean-check"), metavar="PATH")
    parser.add_argument("--hledger", default=shutil.which("hledger"), metavar="PATH")
    args = parser.parse_args()

    path = synthetic(args.tasks)
    stem = DATA / f"peers-{args.tasks}"
    files = {ext: stem.with_suffix(f".{ext}") for ext in ("json", "beancount", "journal")}
    if not all(f.exists() for f in files.values()):
        print(f"writing {stem.name}.* ...", file=sys.stderr, flush=True)
        doc = content(civledger.load(path))
        files["json"].write_bytes(orjson.dumps(doc))
        write_beancount(doc, files["beancount"])
        write_hledger(doc, files["journal"])
    doc = orjson.loads(files["json"].read_bytes())
    count = len(doc["transactions"])
    postings = sum(len(t["postings"]) for t in doc["transactions"]) / count

    rows: list[dict[str, Any]] = []
    civledger_floor = floor(path, args.runs)
    peer_floor = floor(files["json"], args.runs)

    def measure(tool: str, command: list[str], floor: tuple[float, float], note: str = "") -> None:
        # civledger check exits 1 when it has findings (the synthetic ledger has none).
        wall, cpu = fastest(command, args.runs, ok=(0, 1) if tool == "civledger" else (0,))
        shown = [Path(command[0]).name, *(Path(c).name if "/" in c else c for c in command[1:])]
        rows.append(
            {
                "tool": tool,
                "command": " ".join(shown),
                "seconds": wall,
                "cpu": cpu,
                "us_per_txn": cpu / count * 1e6,
                "floor_cpu": floor[1],
                "x_floor": cpu / floor[1],
                "x_content": cpu / peer_floor[1],
                "floor_seconds": floor[0],
                "note": note,
            }
        )

    measure(
        "civledger",
        [sys.executable, "-m", "civledger", "check", str(path)],
        civledger_floor,
        f"{os.path.getsize(path) / 2**20:.0f} MiB JSON",
    )
    if args.bean_check:
        bean = [args.bean_check, "-C", str(files["beancount"])]
        measure("beancount", bean, peer_floor, "no cache (-C)")
        cached = [args.bean_check, str(files["beancount"])]
        timed_process(cached)  # writes the pickle cache
        measure("beancount", cached, peer_floor, "its pickle cache written")
    else:
        print("beancount is not installed (bean-check not found): skipped; give --bean-check")
    if args.hledger:
        measure("hledger", [args.hledger, "-f", str(files["journal"]), "check"], peer_floor)
    else:
        print("hledger is not installed (hledger not found): skipped; give --hledger")

    print(
        f"\nThe same {count:,} tasks as transactions ({postings:.2f} postings each). CPU seconds; "
        f"floors: civledger's JSON file {civledger_floor[1]:.2f} s, the peers' content as JSON "
        f"{peer_floor[1]:.2f} s ({files['json'].stat().st_size / 2**20:.0f} MiB)"
    )
    header = (
        f"{'tool':<10} {'cpu s':>7} {'µs/txn':>7} {'floor':>6} {'x floor':>7} "
        f"{'x content':>9} {'wall s':>7}"
    )
    print(f"{header}  command")
    print("-" * 100)
    for row in rows:
        print(
            f"{row['tool']:<10} {row['cpu']:>7.2f} {row['us_per_txn']:>7.1f} "
            f"{row['floor_cpu']:>6.2f} {row['x_floor']:>7.1f} {row['x_content']:>9.1f} "
            f"{row['seconds']:>7.2f}  {row['command']}  {row['note']}"
        )
    saved = save(
        "peers",
        {"tasks": args.tasks, "transactions": count, "postings": postings, "results": rows},
    )
    print(f"results in {saved}")


if __name__ == "__main__":
    main()
