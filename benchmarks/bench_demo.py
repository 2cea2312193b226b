"""How fast demo generation is, and whether its memory stays flat (run by hand).

    python benchmarks/bench_demo.py [--cases 2000] [--large 20000] [--repeats 3]

Both sides run on fresh encrypted databases (fast key derivation: Argon2 is a fixed cost of
the demo's five accounts, not a cost per case), in CPU seconds:

- **demo**: ``demo.populate`` of ``--cases`` synthetic cases, everything ``isu demo`` does per
  case (draw the case, evaluate the form, store it in batches with an audit entry each).
- **floor**: the very rows that run wrote (cases and answers), inserted again by raw SQL
  (``executemany`` in 500-case transactions) into a fresh database of the same schema.

Memory: peak resident size of a subprocess that makes ``--cases`` and one that makes
``--large`` cases; with streaming the two are about equal.

Targets: at least 400 cases per CPU second; peak memory at ``--large`` within 1.25× of that
at ``--cases``. Exit code 1 if one is missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from isu.security import keyslots  # noqa: E402
from isu.services import demo, forms  # noqa: E402
from isu.services.workspace import init_database  # noqa: E402

FAST_KDF = keyslots.KdfParams(memory_kib=8192, iterations=1, lanes=1)
USER, PASSWORD = "admin", "bench-lösenord-1"

MEMORY = """
import resource, sys, tempfile
from pathlib import Path
sys.path.insert(0, {root!r})
from isu.security import keyslots
from isu.services import demo, forms
from isu.services.workspace import init_database
ws, _ = init_database(Path(tempfile.mkdtemp()) / "m.db", "admin", "bench-lösenord-1",
                      kdf=keyslots.KdfParams(memory_kib=8192, iterations=1, lanes=1))
forms.publish_default_form(ws)
demo.populate(ws, demo.DemoOptions(cases={cases}, seed=1))
ws.close()
# VmHWM: this process's own peak. ru_maxrss would report at least the parent's size at the
# fork, which Linux carries across exec.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print(int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def fresh(folder: Path, name: str):
    ws, _recovery = init_database(folder / name, USER, PASSWORD, kdf=FAST_KDF)
    forms.publish_default_form(ws)
    return ws


def demo_run(folder: Path, name: str, cases: int) -> tuple[float, list, list]:
    ws = fresh(folder, name)
    try:
        start = time.process_time()
        demo.populate(ws, demo.DemoOptions(cases=cases, seed=1))
        seconds = time.process_time() - start
        raw = ws.db.engine.raw_connection()
        try:
            case_rows = raw.execute("SELECT * FROM cases ORDER BY id").fetchall()
            answer_rows = raw.execute("SELECT * FROM answers ORDER BY id").fetchall()
        finally:
            raw.close()
        return seconds, case_rows, answer_rows
    finally:
        ws.close()


def floor_run(folder: Path, name: str, case_rows: list, answer_rows: list) -> float:
    ws = fresh(folder, name)
    try:
        raw = ws.db.engine.raw_connection()
        try:
            per_case: dict[int, list] = {}
            for row in answer_rows:
                per_case.setdefault(row[1], []).append(row)
            case_marks = ", ".join("?" * len(case_rows[0]))
            answer_marks = ", ".join("?" * len(answer_rows[0]))
            start = time.process_time()
            for first in range(0, len(case_rows), 500):
                batch = case_rows[first : first + 500]
                raw.execute("BEGIN IMMEDIATE")  # the engine's connections are in autocommit
                raw.executemany(f"INSERT INTO cases VALUES ({case_marks})", batch)
                raw.executemany(
                    f"INSERT INTO answers VALUES ({answer_marks})",
                    [row for case in batch for row in per_case.get(case[0], ())],
                )
                raw.execute("COMMIT")
            return time.process_time() - start
        finally:
            raw.close()
    finally:
        ws.close()


def peak_mb(cases: int) -> float:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY.format(root=str(ROOT), cases=cases)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[-1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="isu-bench-demo-"))
    demo_times, floor_times = [], []
    for run in range(args.repeats):
        seconds, case_rows, answer_rows = demo_run(folder, f"demo-{run}.db", args.cases)
        demo_times.append(seconds)
        floor_times.append(floor_run(folder, f"floor-{run}.db", case_rows, answer_rows))
    best_demo, best_floor = min(demo_times), min(floor_times)
    rate = args.cases / best_demo
    small, large = peak_mb(args.cases), peak_mb(args.large)
    result = {
        "cases": args.cases,
        "answers_per_case": round(len(answer_rows) / args.cases, 1),
        "demo_cpu_s": round(best_demo, 3),
        "floor_cpu_s": round(best_floor, 3),
        "ratio": round(best_demo / best_floor, 2),
        "cases_per_cpu_s": round(rate),
        f"peak_mb_{args.cases}": round(small),
        f"peak_mb_{args.large}": round(large),
    }
    print(json.dumps(result, indent=1))
    flat = large <= 1.25 * small
    checks = [
        ("at least 400 cases per CPU second", rate >= 400),
        (
            f"memory flat: {args.large:,} cases within 1.25x of {args.cases:,}",
            flat,
        ),
    ]
    for name, ok in checks:
        print(f"{'OK  ' if ok else 'SLOW'} {name}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
