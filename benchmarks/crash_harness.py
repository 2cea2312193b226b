"""Crash safety: kill a program that is saving, over and over, and check nothing breaks.

    python benchmarks/crash_harness.py [--scenario cases|users] [--kills 200] [--seed 1]
                                       [--max-delay 0.6] [--fork] [--cases 300] [--folder DIR]

``cases``: a child process registers and saves cases in a loop through the services layer
and prints each case number only after the save has returned (flushed). The parent kills it
with SIGKILL at a random moment, then opens the database, runs ``verify`` (SQLite integrity,
SQLCipher page check, audit chain) and checks that every acknowledged case is there.

``users``: the child adds users, changes their passwords, disables some and rotates the data
key (``isu rekey``) in a loop, printing each step only after it returned. After every kill
the parent logs in as a second administrator (which finishes or undoes a half-done change)
and counts: orphan key slots (a slot without an enabled user row, or a pending slot left
over), enabled users without a slot, password changes in effect without their committed
audit entry ("unacknowledged"), acknowledged changes not in effect, and users that neither
or both passwords open. Any of these is a failure; so is a database that does not open.

The fast variants run in tests/reliability/test_crash.py.
"""

from __future__ import annotations

import argparse
import json
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

from sqlalchemy import text  # noqa: E402

from isu.domain.model import CaseQuery  # noqa: E402
from isu.domain.roles import Role  # noqa: E402
from isu.security import keyslots  # noqa: E402
from isu.services import cases, forms, users  # noqa: E402
from isu.services.maintenance import verify  # noqa: E402
from isu.services.sign_in import login  # noqa: E402
from isu.services.workspace import init_database  # noqa: E402

USER = "admin"
PASSWORD = "krasch-lösenord-1"
CHEAP_KDF = keyslots.KdfParams(memory_kib=8192, iterations=1, lanes=1)

CHILD = """
import datetime as dt, sys
sys.path.insert(0, {root!r})
from isu.domain.answers import Answer
from isu.services import cases
from isu.services.sign_in import login  # noqa: E402
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


# -- users, passwords and rotations --------------------------------------------------------
CHECKER, CHECKER_PASSWORD = "kontroll", "kontroll-lösenord-1"

USERS_CHILD = """
import sys
sys.path.insert(0, {root!r})
from isu.domain.roles import Role
from isu.security import keyslots
keyslots.DEFAULT_KDF = keyslots.KdfParams(memory_kib=8192, iterations=1, lanes=1)
from isu.services import keys, users
from isu.services.sign_in import login  # noqa: E402
ws = login(sys.argv[1], sys.argv[2], sys.argv[3])
prefix = sys.argv[4]
print("ready", flush=True)
# Every third round starts with a rotation, every third with disabling an earlier user, so
# kills land in those often (the loop below reaches them only after a few steps).
first = int(prefix[1:]) % 3
if first == 1:
    print("begin rekey", flush=True)
    keys.rekey(ws)
    print("rekeyed", flush=True)
elif first == 2:
    earlier = [u.username for u in users.list_users(ws)
               if not u.disabled and u.username.startswith("K")]
    if earlier:
        name = earlier[int(prefix[1:]) % len(earlier)]
        print("begin disable", name, flush=True)
        users.set_disabled(ws, name)
        print("disabled", name, flush=True)
for i in range(1_000_000):
    name = f"{{prefix}}u{{i}}"
    print("begin add", name, flush=True)
    users.add_user(ws, name, name + "-pw-0", Role.COORDINATOR)
    print("added", name, flush=True)
    print("begin passwd", name, flush=True)
    users.change_password(ws, name, name + "-pw-1")
    print("passwd", name, flush=True)
    if i % 2:
        print("begin disable", name, flush=True)
        users.set_disabled(ws, name)
        print("disabled", name, flush=True)
    if i % 3 == 2:
        print("begin rekey", flush=True)
        keys.rekey(ws)
        print("rekeyed", flush=True)
"""


@dataclass
class UserCrashReport:
    kills: int = 0
    survived: int = 0
    added: int = 0
    passwords: int = 0
    disabled: int = 0
    rekeys: int = 0
    users_checked: int = 0
    # Where the kills landed: "login", "add", "passwd", "disable", "rekey" or "between".
    killed_during: dict[str, int] = field(default_factory=dict)
    orphan_slots: int = 0
    users_without_slot: int = 0
    unacknowledged_changes: int = 0
    lost_changes: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.survived}/{self.kills} kills: database opened every time;"
            f" acknowledged {self.added} adds, {self.passwords} password changes,"
            f" {self.disabled} disables, {self.rekeys} rekeys; {self.users_checked} user"
            f" checks; {self.orphan_slots} orphan slots; {self.users_without_slot} users"
            f" without a slot; {self.unacknowledged_changes} unacknowledged password changes;"
            f" {self.lost_changes} lost acknowledged changes; {len(self.failures)} failures;"
            f" {self.seconds:.1f} s; kills during: {json.dumps(self.killed_during)}"
        )


def create_user_database(folder: Path, cases_count: int = 300) -> Path:
    """Some cases too, so a rotation re-encrypts real pages and takes a while to kill."""
    from isu.domain.answers import Answer

    db = folder / "users.db"
    ws, _recovery = init_database(db, USER, PASSWORD, kdf=CHEAP_KDF)
    try:
        users.add_user(ws, CHECKER, CHECKER_PASSWORD, Role.ADMIN, kdf=CHEAP_KDF)
        forms.publish_default_form(ws)
        for i in range(cases_count):
            cases.register_case(ws, f"U-{i}", answers={"referred_by_other": Answer("x" * 2000)})
    finally:
        ws.close()
    return db


def _start_changer(db: Path, prefix: str, fork: bool):
    """The user changer as a fresh interpreter, or (``fork``) as a fork of this process that
    runs the same code with every module already imported: the same SIGKILL, without paying
    the start-up for each of a thousand kills. Returns (pid, stdout reader, Popen or None)."""
    argv = [str(db), USER, PASSWORD, prefix]
    code = USERS_CHILD.format(root=str(ROOT))
    if not fork:
        child = subprocess.Popen(
            [sys.executable, "-c", code, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        return child.pid, child.stdout, child
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read_end)
            sys.stdout = os.fdopen(write_end, "w", buffering=1)
            sys.argv = ["-c", *argv]
            exec(compile(code, "<user changer>", "exec"), {"__name__": "__main__"})
        except BaseException:
            import traceback

            traceback.print_exc()
            status = 1
        os._exit(status)
    os.close(write_end)
    return pid, os.fdopen(read_end), None


def kill_users_once(
    db: Path, prefix: str, rng: random.Random, max_delay: float, *, fork: bool = False
) -> list[str]:
    pid, stdout, child = _start_changer(db, prefix, fork)
    try:
        if rng.random() < 0.15:  # during start-up and log-in (which may finish a change)
            time.sleep(rng.uniform(0.0, 0.5 if child else 0.1))
        else:
            stdout.readline()  # "ready"
            time.sleep(rng.uniform(0.0, max_delay))
        os.kill(pid, signal.SIGKILL)
    finally:
        if child is not None:
            out, err = child.communicate()
            returncode = child.returncode
        else:
            out, err = stdout.read(), "(see stderr above)"
            stdout.close()
            status = os.waitpid(pid, 0)[1]
            returncode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else status >> 8
    if returncode not in (-signal.SIGKILL, 0):
        raise RuntimeError(f"the user changer failed before it was killed: {err[-2000:]}")
    return out.split("\n")[:-1]  # the last piece has no newline: not acknowledged


def check_users(db: Path, prefix: str, acked: list[str], report: UserCrashReport) -> list[str]:
    """Problems after one kill (empty: none). Logs in as the checker, which reconciles."""
    problems: list[str] = []
    ws = login(db, CHECKER, CHECKER_PASSWORD)
    try:
        result = verify(ws)
        if not result.ok:
            problems.append("; ".join(result.lines("en")))
        slots = keyslots.read_slot_file(ws.slot_path)
        with ws.db.reading() as session:
            rows = session.execute(text("SELECT id, username, disabled FROM users")).all()
            changed = {
                target
                for (target,) in session.execute(
                    text("SELECT target FROM audit_log WHERE action = 'password_changed'")
                )
            }
        enabled = {slots.user_slot_id(name) for _, name, disabled in rows if not disabled}
        user_slots = [s for s in slots.slots if s.kind == "user"]
        orphans = [s for s in user_slots if s.slot_id not in enabled] + list(slots.pending)
        report.orphan_slots += len(orphans)
        if orphans:
            problems.append(f"{len(orphans)} orphan key slots")
        missing = [n for _, n, d in rows if not d and not slots.has_user(n)]
        report.users_without_slot += len(missing)
        if missing:
            problems.append(f"users without a key slot: {missing}")
        said = [line.split() for line in acked if not line.startswith("begin")]
        by_name = {name: (uid, disabled) for uid, name, disabled in rows}
        for word, name in ((w[0], w[1]) for w in said if len(w) == 2):
            if name not in by_name:
                problems.append(f"{word} {name} acknowledged but the user row is missing")
            elif word == "disabled" and (not by_name[name][1] or slots.has_user(name)):
                problems.append(f"disable of {name} acknowledged but not in effect")
        touched = [n for n in by_name if n.startswith(f"{prefix}u")]
        earlier = [n for n in by_name if n not in touched and n not in (USER, CHECKER)]
        sample = touched + random.Random(prefix).sample(earlier, min(3, len(earlier)))
        for name in sample:
            uid, disabled = by_name[name]
            if disabled:
                continue
            report.users_checked += 1
            opens = [
                keyslots.unlock_user(slots, name, f"{name}-pw-{n}") == ws._data_key for n in (0, 1)
            ]
            committed = f"user:{uid}" in changed
            if opens.count(True) != 1:
                problems.append(f"{name}: {opens.count(True)} of its passwords open the database")
            elif opens[1] and not committed:
                report.unacknowledged_changes += 1
                problems.append(f"{name}: a password change took effect without its commit")
            elif opens[0] and committed:
                report.lost_changes += 1
                problems.append(f"{name}: a committed password change is not in effect")
            if ["passwd", name] in said and not opens[1]:
                report.lost_changes += 1
                problems.append(f"{name}: an acknowledged password change is not in effect")
    finally:
        ws.close()
    return problems


def run_users(
    folder: Path,
    kills: int,
    *,
    seed: int = 1,
    max_delay: float = 0.6,
    progress: bool = False,
    fork: bool = False,
    cases_count: int = 300,
) -> UserCrashReport:
    rng = random.Random(seed)
    db = create_user_database(folder, cases_count)
    report = UserCrashReport()
    started = time.perf_counter()
    for round_number in range(kills):
        prefix = f"K{round_number}"
        acked = kill_users_once(db, prefix, rng, max_delay, fork=fork)
        report.kills += 1
        last = acked[-1].split() if acked else ["login"]
        where = last[1] if last[0] == "begin" else "login" if not acked else "between"
        report.killed_during[where] = report.killed_during.get(where, 0) + 1
        for line in acked:
            word = line.split()[0] if line else ""
            report.added += word == "added"
            report.passwords += word == "passwd"
            report.disabled += word == "disabled"
            report.rekeys += word == "rekeyed"
        try:
            problems = check_users(db, prefix, acked, report)
        except Exception as exc:  # the database did not open: the worst failure
            problems = [f"did not open: {type(exc).__name__}: {exc}"]
        if problems:
            report.failures.append(f"kill {round_number}: {json.dumps(problems)}")
        else:
            report.survived += 1
        if progress and (round_number + 1) % 10 == 0:
            print(f"  {round_number + 1} kills: {report.summary()}", flush=True)
    report.seconds = time.perf_counter() - started
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=("cases", "users"), default="cases")
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=0.6)
    parser.add_argument("--folder", type=Path)
    parser.add_argument(
        "--fork",
        action="store_true",
        help="users: fork the changer from this process instead of starting Python each time",
    )
    parser.add_argument(
        "--cases", type=int, default=300, help="users: cases in the database (rotation size)"
    )
    args = parser.parse_args()
    keyslots.DEFAULT_KDF = CHEAP_KDF
    options = {"seed": args.seed, "max_delay": args.max_delay, "progress": True}
    if args.scenario == "users":
        options["fork"] = args.fork
        options["cases_count"] = args.cases
    runner = run_users if args.scenario == "users" else run
    with tempfile.TemporaryDirectory(dir=args.folder) as tmp:
        report = runner(Path(tmp), args.kills, **options)
    print(report.summary())
    for failure in report.failures:
        print("  " + failure)
    return 0 if not report.failures else 1


if __name__ == "__main__":
    os.environ.setdefault("ISU_LANG", "en")
    raise SystemExit(main())
