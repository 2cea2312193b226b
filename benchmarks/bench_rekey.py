"""How long ``isu rekey`` (a new data key for the database) takes at 10,000 cases (run by hand).

    python benchmarks/bench_rekey.py [--cases 10000] [--folder DIR] [--repeats 3]

Builds the demo database with ``isu demo --no-gui --cases N --db X`` (cached in ``--folder``),
logs in and times ``isu.services.keys.rekey``: the new key file written aside, SQLCipher's
``PRAGMA rekey`` over every page, the promotion and the audit entry. The baseline in the same
run is an encrypted backup copy of the same database (``sqlcipher_export``: also one pass that
decrypts and encrypts every page), so the ratio shows what rotation costs beyond a copy.
Disabling a user and a reset with the recovery key cost the same (they rotate too).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from isu.cli.demo import DEMO_PASSWORD, DEMO_USER  # noqa: E402
from isu.services import keys  # noqa: E402
from isu.services.sign_in import login  # noqa: E402


def demo_database(folder: Path, cases: int) -> Path:
    db = folder / f"rekey-{cases}.db"
    if not db.exists():
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "isu",
                "demo",
                "--no-gui",
                "--cases",
                str(cases),
                "--db",
                str(db),
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    return db


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = demo_database(folder, args.cases)
        size_mb = db.stat().st_size / 1e6
        ws = login(db, DEMO_USER, DEMO_PASSWORD)
        try:
            rekeys, copies = [], []
            for i in range(args.repeats):
                out = Path(tmp) / f"copy-{i}.db"
                copies.append(timed(lambda out=out: ws.db.backup(out)))
                out.unlink()
                rekeys.append(timed(lambda: keys.rekey(ws)))
        finally:
            ws.close()
        login(db, DEMO_USER, DEMO_PASSWORD).close()  # still opens
    rekey_s, copy_s = statistics.median(rekeys), statistics.median(copies)
    print(f"database: {args.cases} cases, {size_mb:.1f} MB")
    print(f"{'rekey (isu rekey)':<28}{rekey_s:8.2f} s   {size_mb / rekey_s:7.1f} MB/s")
    print(f"{'encrypted copy (baseline)':<28}{copy_s:8.2f} s   {size_mb / copy_s:7.1f} MB/s")
    print(f"{'ratio rekey / copy':<28}{rekey_s / copy_s:8.2f}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("ISU_LANG", "en")
    raise SystemExit(main())
