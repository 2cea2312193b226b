"""Start-up cost as three ratios measured in one run (run by hand).

    python benchmarks/bench_startup.py [--repeats 7] [--folder DIR]

Each figure is the best of N fresh subprocesses, in CPU seconds (user + system) taken from
``resource.getrusage(RUSAGE_CHILDREN)`` deltas, so the load of other programs on a shared
machine counts for little. The three ratios and their floors:

1. **unlock**: ``isu gui --db FILE`` (the real entry: arguments, folders, logging, language,
   style sheet, shell) until the unlock dialog is on screen, against a bare PySide6 dialog
   with the same widgets (two line edits, a label, a button box) in a fresh QApplication.
   Target: ≤ 2×.
2. **help**: ``python -m isu --help`` against bare Python that imports argparse and prints
   a help text (``python -c pass`` plus the argparse import floor). Target: ≤ 2×.
3. **case show**: ``isu case show NUMBER`` against a hand-written equivalent: the same
   Argon2id derivation and key unwrap from the key file (``isu.security.keyslots``), one
   ``sqlcipher3`` connection with the same connection pragmas, and the very SQL statements
   (with their parameters and transaction bounds) that ``isu case show`` ran, captured once
   at set-up. Every run, both sides, works on a fresh copy of the same database. Target: ≤ 1.3×.

A last line, for information only, says how much of ``isu case show`` is the bare import of
SQLAlchemy (``import sqlalchemy.orm`` less ``python -c pass``), which the hand-written side
never pays, and what the ratio would be without it.

Both sides run from compiled bytecode, as an installed program does (pip writes the .pyc
files): the runs share a bytecode cache in the benchmark folder, filled by one untimed run of
each command. Without it, a shell that sets PYTHONDONTWRITEBYTECODE recompiles every isu
module in every run, a cost no installed program pays and one that falls mostly on isu's side.

Exit code 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
USER = "demo"
PASSWORD = "demo-lösenord"

BARE_DIALOG = """
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QVBoxLayout)
app = QApplication([])
d = QDialog()
layout = QVBoxLayout(d)
form = QFormLayout()
form.addRow("User", QLineEdit())
form.addRow("Password", QLineEdit())
layout.addLayout(form)
layout.addWidget(QLabel(""))
layout.addWidget(QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel))
d.show()
app.processEvents()
assert d.isVisible()
"""

# The real entry point; only QApplication.exec is replaced, by "draw once and return", so
# the process ends as soon as the first window is on screen.
ISU_UNLOCK = """
import sys
from PySide6.QtWidgets import QApplication
def _once(self):
    self.processEvents()
    shown = [w for w in self.topLevelWidgets() if w.isVisible()]
    assert [type(w).__name__ for w in shown] == ["UnlockDialog"], shown
    return 0
QApplication.exec = _once
from isu.cli import main
raise SystemExit(main(sys.argv[1:]))
"""

BARE_HELP = """
import argparse
p = argparse.ArgumentParser(prog="isu")
p.add_argument("--db")
p.print_help()
"""

# Captures what `isu case show` runs: statements with parameters, and transaction bounds.
CAPTURE = """
import json, sys
from sqlalchemy import Engine, event
log = []
@event.listens_for(Engine, "before_cursor_execute")
def _stmt(conn, cursor, statement, parameters, context, executemany):
    log.append(["many" if executemany else "one", statement, parameters])
@event.listens_for(Engine, "commit")
def _commit(conn):
    log.append(["commit", None, None])
@event.listens_for(Engine, "rollback")
def _rollback(conn):
    log.append(["rollback", None, None])
from isu.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(log, out, default=str)
raise SystemExit(code)
"""

# The hand-written `case show`: derive the key as login does, then replay the statements.
HAND_SHOW = """
import json, sys
from pathlib import Path
import sqlcipher3
from isu.security import keyslots
db, captured = Path(sys.argv[1]), sys.argv[2]
slots = keyslots.read_slot_file(keyslots.slot_path_for(db))
key = keyslots.unwrap(slots, keyslots.open_user_slot(slots, sys.argv[3], sys.argv[4]))
conn = sqlcipher3.connect(str(db), isolation_level=None)
cur = conn.cursor()
cur.execute(f"PRAGMA key = \\"x'{key.hex()}'\\"")
cur.execute("PRAGMA cipher_log_level = NONE")
cur.execute("SELECT count(*) FROM sqlite_master")
cur.execute("PRAGMA busy_timeout = 5000")
cur.execute("PRAGMA foreign_keys = ON")
in_tx = False
for kind, sql, params in json.load(open(captured, encoding="utf-8")):
    if kind in ("commit", "rollback"):
        if in_tx:
            cur.execute(kind.upper())
        in_tx = False
        continue
    first = sql.lstrip().split(None, 1)[0].upper()
    if first.startswith("BEGIN"):
        in_tx = True
    elif not in_tx and first in ("INSERT", "UPDATE", "DELETE", "SELECT"):
        cur.execute("BEGIN")
        in_tx = True
    if kind == "many":
        cur.executemany(sql, [tuple(p) for p in params])
    else:
        cur.execute(sql, tuple(params) if isinstance(params, list) else params)
        for row in cur.fetchall():
            print(*row, sep="\\t")
if in_tx:
    cur.execute("COMMIT")
conn.close()
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["ISU_USER"] = USER
    env["ISU_PASSWORD"] = PASSWORD
    env["ISU_LANG"] = "sv"
    env["HOME"] = str(data_dir)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(data_dir / "bytecode")
    return env


def cpu_of(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{done.stdout}\n{done.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best(argv: list[str], env: dict[str, str], cwd: Path, repeats: int, prepare=None) -> float:
    if prepare:
        prepare()
    cpu_of(argv, env, cwd)  # untimed: fills the bytecode cache
    times = []
    for _ in range(repeats):
        if prepare:
            prepare()
        times.append(cpu_of(argv, env, cwd))
    return min(times)


def build_demo(folder: Path) -> tuple[Path, str]:
    db = folder / "pristine" / "bench.db"
    env = _env(folder)
    if not db.is_file():
        db.parent.mkdir(parents=True, exist_ok=True)
        isu = [PY, "-m", "isu", "--data-dir", str(folder / "data")]
        subprocess.run(
            [*isu, "demo", "--db", str(db), "--cases", "20", "--no-gui"],
            env=env,
            cwd=folder,
            check=True,
            capture_output=True,
        )
    listed = subprocess.run(
        [PY, "-m", "isu", "--data-dir", str(folder / "data"), "case", "list", "--db", str(db)],
        env=env,
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    return db, listed[1].split("\t")[0]


def fresh_copy(pristine: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".keys"):
        shutil.copyfile(f"{pristine}{suffix}", f"{target}{suffix}")
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if Path(f"{pristine}{suffix}").is_file():
            shutil.copyfile(f"{pristine}{suffix}", f"{target}{suffix}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    folder = (args.folder or Path(tempfile.mkdtemp(prefix="isu-bench-startup-"))).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    env = _env(folder)
    pristine, number = build_demo(folder)
    work = folder / "run" / "bench.db"
    data = ["--data-dir", str(folder / "data")]
    n = args.repeats

    rows = []
    bare_dialog = best([PY, "-c", BARE_DIALOG], env, folder, n)
    fresh_copy(pristine, work)
    unlock = best([PY, "-c", ISU_UNLOCK, *data, "gui", "--db", str(work)], env, folder, n)
    rows.append(("unlock dialog / bare PySide6 dialog", unlock, bare_dialog, 2.0))

    bare_help = best([PY, "-c", BARE_HELP], env, folder, n)
    isu_help = best([PY, "-m", "isu", "--help"], env, folder, n)
    rows.append(("isu --help / python + argparse", isu_help, bare_help, 2.0))

    captured = folder / "case-show.json"
    show = [*data, "case", "show", number, "--db", str(work)]
    fresh_copy(pristine, work)
    cpu_of([PY, "-c", CAPTURE, str(captured), *show], env, folder)
    hand = [PY, "-c", HAND_SHOW, str(work), str(captured), USER, PASSWORD]
    hand_cpu = best(hand, env, folder, n, prepare=lambda: fresh_copy(pristine, work))
    isu_show = best(
        [PY, "-m", "isu", *show], env, folder, n, prepare=lambda: fresh_copy(pristine, work)
    )
    rows.append(("isu case show / hand-written sqlcipher3", isu_show, hand_cpu, 1.3))
    bare_python = best([PY, "-c", "pass"], env, folder, n)
    sqlalchemy_cpu = best([PY, "-c", "import sqlalchemy.orm"], env, folder, n) - bare_python

    print(f"CPU seconds, best of {n} subprocesses")
    print(f"{'':42}{'isu s':>8}{'floor s':>9}{'ratio':>7}{'target':>8}")
    missed = 0
    for name, ours, floor, target in rows:
        ratio = ours / floor
        mark = "" if ratio <= target else "  MISSED"
        missed += ratio > target
        print(f"{name:42}{ours:>8.3f}{floor:>9.3f}{ratio:>7.2f}{target:>7.1f}×{mark}")
    print(
        f"of which importing SQLAlchemy: {sqlalchemy_cpu:.3f} s; case show without it:"
        f" {(isu_show - sqlalchemy_cpu) / hand_cpu:.2f}× (information, no target)"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
