"""Crash safety: kill a program that is saving cases, over and over, and check nothing breaks.

    python benchmarks/crash_harness.py [--kills 200] [--seed 1] [--folder DIR]

A child process registers and saves cases in a loop through the services layer and prints
each case number only after the save has returned (flushed). The parent kills it with
SIGKILL at a random moment, then opens the database, runs ``verify`` (SQLite integrity,
SQLCipher page check, audit chain) and checks that every acknowledged case is there. The
fast variant of this runs in tests/reliability/test_crash.py.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from isu.domain.model import CaseQuery  # noqa: E402
from isu.security import keyslots  # noqa: E402
from isu.services import cases, forms  # noqa: E402
from isu.services.maintenance import verify  # noqa: E402
from isu.services.workspace import init_database, login  # noqa: E402

USER = "admin"
PASSWORD = "krasch-lösenord-1"
CHEAP_KDF = keyslots.KdfParams(memory_kib=8192, iterations=1, lanes=1)

CHILD = """
import datetime as dt, sys
sys.path.insert(0, {root!r})
from isu.domain.answers import Answer
from isu.services import cases
from isu.services.workspace import login
ws = login(sys.argv[1], sys.argv[2], sys.argv[3])
prefix = sys.argv[4]
print("ready", flush=True)
for i in range(1_000_000):
    number = f"{{prefix}}-{{i}}"
    result = cases.register_case(ws, number, answers={{
        "gender": Answer("pojke_man"), "birth_year": Answer(2008),
        "referred_by": Answer("annan"), "referred_by_other": Answer("text " * (i % 50))}},
        repeats={{"interventions": [{{"intervention_type": Answer("mentor")}}] * (i % 4)}},
        today=dt.date(2026, 6, 1))
    if i % 3 == 0:  # also rewrite a case in place: deletes and inserts answer rows
        cases.save_case(ws, result.case_id, {{"birth_year": Answer(2007)}}, {{}},
                        expected_revision=result.revision, today=dt.date(2026, 6, 1))
    print(number, flush=True)
"""


@dataclass
class CrashReport:
    kills: int = 0
    survived: int = 0
    acknowledged: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.survived}/{self.kills} kills survived; {self.acknowledged} acknowledged"
            f" cases all present; {len(self.failures)} failures; {self.seconds:.1f} s"
        )


def create_database(folder: Path) -> Path:
    db = folder / "crash.db"
    ws, _recovery = init_database(db, USER, PASSWORD, kdf=CHEAP_KDF)
    try:
        forms.publish_default_form(ws)
    finally:
        ws.close()
    return db


def kill_once(db: Path, prefix: str, rng: random.Random, max_delay: float) -> list[str]:
    """Run the writer, SIGKILL it at a random moment, return the case numbers it had
    acknowledged (complete lines only)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(db), USER, PASSWORD, prefix],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Sometimes during start-up and log-in (which writes too), mostly while saving.
        if rng.random() < 0.15:
            time.sleep(rng.uniform(0.0, 0.5))
        else:
            child.stdout.readline()  # "ready"
            time.sleep(rng.uniform(0.0, max_delay))
        child.send_signal(signal.SIGKILL)
    finally:
        out, err = child.communicate()
    if child.returncode not in (-signal.SIGKILL, 0):
        raise RuntimeError(f"the writer failed before it was killed: {err[-2000:]}")
    complete = out.split("\n")[:-1]  # the last piece has no newline: not acknowledged
    return [line for line in complete if line.startswith(f"{prefix}-")]


def check(db: Path, acknowledged: set[str]) -> str | None:
    """None if the database opens, verifies and holds every acknowledged case."""
    ws = login(db, USER, PASSWORD)
    try:
        report = verify(ws)
        if not report.ok:
            return "; ".join(report.lines("en"))
        present = set()
        offset = 0
        while True:
            page = cases.list_cases(ws, CaseQuery(limit=1000, offset=offset))
            present |= {r.case_number for r in page.rows}
            offset += 1000
            if offset >= page.total:
                break
        missing = acknowledged - present
        return f"{len(missing)} acknowledged cases missing" if missing else None
    finally:
        ws.close()


def run(
    folder: Path, kills: int, *, seed: int = 1, max_delay: float = 0.6, progress: bool = False
) -> CrashReport:
    rng = random.Random(seed)
    db = create_database(folder)
    report = CrashReport()
    acknowledged: set[str] = set()
    started = time.perf_counter()
    for round_number in range(kills):
        acknowledged |= set(kill_once(db, f"K{round_number}", rng, max_delay))
        report.kills += 1
        problem = check(db, acknowledged)
        if problem is None:
            report.survived += 1
        else:
            report.failures.append(f"kill {round_number}: {problem}")
        if progress and (round_number + 1) % 10 == 0:
            print(f"  {round_number + 1} kills, {len(acknowledged)} acknowledged cases", flush=True)
    report.acknowledged = len(acknowledged)
    report.seconds = time.perf_counter() - started
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=0.6)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    keyslots.DEFAULT_KDF = CHEAP_KDF
    with tempfile.TemporaryDirectory(dir=args.folder) as tmp:
        report = run(Path(tmp), args.kills, seed=args.seed, max_delay=args.max_delay, progress=True)
    print(report.summary())
    for failure in report.failures:
        print("  " + failure)
    return 0 if not report.failures else 1


if __name__ == "__main__":
    os.environ.setdefault("ISU_LANG", "en")
    raise SystemExit(main())
