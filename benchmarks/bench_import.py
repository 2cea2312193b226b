"""How long ``isu case import`` takes for 10,000 rows (run by hand).

    python benchmarks/bench_import.py [--rows 10000] [--repeats 1] [--folder DIR]

Writes a SIG file of ``--rows`` cases (20 columns: dates, choices, multiple choice joined by
``|``, missing reasons, closures; seeded, so every run reads the same file), then on a fresh
encrypted database times the whole import as ``isu case import`` runs it: reading the CSV,
checking every row (parsing, the form's rules, case numbers against the database) and
writing every case with its answers in one transaction with its audit entry.

The floor in the same run is the same rows (every case row and answer row the import wrote,
read back) inserted into another fresh encrypted database by hand: one ``executemany`` per
table through the engine's own SQLCipher connection, one transaction. The ratio shows what
reading, checking and the form's logic cost on top of the bare writes. Wall-clock and CPU
seconds are both shown (on a shared machine the CPU figure is the steadier one). Target: the
import under 30 s wall-clock; exit code 1 if missed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from isu.services import case_import, forms
from isu.services.sign_in import login
from isu.services.workspace import init_database

TARGET_S = 30.0
USER, PASSWORD = "admin", "benchmark-lösenord"
HEADER = [
    "case_number", "municipality", "referral_date", "referred_by", "consent_youth",
    "consent_guardians", "start_date", "gender", "birth_year", "living_situation",
    "risk_instrument", "risk_level", "need_crime", "need_school", "need_drugs", "school_status",
    "drug_use", "actors", "closure_date", "closure_reason",
]  # fmt: skip


def write_file(path: Path, rows: int, seed: int = 1) -> Path:
    rnd = random.Random(seed)
    need = ["inget", "litet", "mattligt", "stort"]
    lines = [";".join(HEADER)]
    for i in range(1, rows + 1):
        month, day = rnd.randint(1, 4), rnd.randint(1, 28)
        referral = f"2025-{month + rnd.randint(0, 8):02d}-{day:02d}"
        start = f"2026-{month:02d}-{day:02d}" if rnd.random() < 0.9 else ""
        closed = start and rnd.random() < 0.4
        actors = "|".join(sorted(rnd.sample(["socialtjanst", "polis", "skola", "fritid"], 2)))
        row = [
            f"B-{i:05d}", "0180", referral, rnd.choice(["socialtjanst", "polis", "skola"]),
            "1" if start else "0", rnd.choice(["ja", "nej", ""]), start,
            rnd.choice(["pojke_man", "flicka_kvinna"]), str(rnd.randint(2006, 2012)),
            rnd.choice(["bada_foraldrarna", "en_foralder", "familjehem"]),
            "check_irk", rnd.choice(["lag", "mattlig", "hog"]), rnd.choice(need),
            rnd.choice(need), rnd.choice([*need, "uppgift_saknas"]),
            rnd.choice(["skola_narvaro", "skola_franvaro", "arbete"]),
            rnd.choice(["ingen", "enstaka", "vill_ej_svara"]), actors,
            "2026-05-15" if closed else "", "plan_genomford" if closed else "",
        ]  # fmt: skip
        lines.append(";".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fresh_database(template: Path, folder: Path, name: str) -> Path:
    db = folder / name
    for suffix in ("", ".keys"):
        shutil.copyfile(f"{template}{suffix}", f"{db}{suffix}")
    return db


def time_import(db: Path, path: Path) -> tuple[float, float, int]:
    ws = login(db, USER, PASSWORD)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        check, result = case_import.import_file(ws, path, "sig")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if result is None:
            raise SystemExit(f"the benchmark file has errors: {check.errors[:3]}")
        return seconds, cpu, result.created
    finally:
        ws.close()


def written_rows(db: Path) -> tuple[list[str], list[tuple], list[str], list[tuple]]:
    ws = login(db, USER, PASSWORD)
    try:
        raw = ws.db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            out = []
            for table in ("cases", "answers"):
                cursor.execute(f"SELECT * FROM {table}")
                out += [[d[0] for d in cursor.description], cursor.fetchall()]
            return tuple(out)
        finally:
            raw.close()
    finally:
        ws.close()


def time_floor(db: Path, rows) -> tuple[float, float]:
    case_columns, cases, answer_columns, answers = rows
    ws = login(db, USER, PASSWORD)
    try:
        raw = ws.db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            start, cpu = time.perf_counter(), time.process_time()
            cursor.execute("BEGIN IMMEDIATE")
            for table, columns, values in (
                ("cases", case_columns, cases),
                ("answers", answer_columns, answers),
            ):
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values
                )
            cursor.execute("COMMIT")
            return time.perf_counter() - start, time.process_time() - cpu
        finally:
            raw.close()
    finally:
        ws.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--folder", default=None)
    args = parser.parse_args()
    folder = Path(args.folder or tempfile.mkdtemp(prefix="isu-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "empty.db"
    if not template.exists():
        ws, _recovery = init_database(template, USER, PASSWORD)
        forms.publish_default_form(ws)
        ws.close()
    path = write_file(folder / f"import-{args.rows}.csv", args.rows)
    imports, floors = [], []
    for run in range(args.repeats):
        db = fresh_database(template, folder, f"import-{run}.db")
        *timing, created = time_import(db, path)
        imports.append(tuple(timing))
        rows = written_rows(db)
        floors.append(time_floor(fresh_database(template, folder, f"floor-{run}.db"), rows))
    (best, best_cpu), (floor, floor_cpu) = min(imports), min(floors)
    answers = len(rows[3])
    print(f"{created} cases, {answers} answer rows, best of {args.repeats}")
    print(f"{'':40} {'wall s':>8} {'× floor':>8} {'CPU s':>8} {'× floor':>8}")
    for name, wall, cpu in (
        ("isu case import (read, check, write)", best, best_cpu),
        ("floor: the same rows by executemany", floor, floor_cpu),
    ):
        print(f"{name:40} {wall:8.2f} {wall / floor:8.1f} {cpu:8.2f} {cpu / floor_cpu:8.1f}")
    print(f"{'import per 1,000 rows':40} {best / created * 1000:8.2f}")
    ok = best < TARGET_S
    print(f"target: under {TARGET_S:.0f} s — {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
