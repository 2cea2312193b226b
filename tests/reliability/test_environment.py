"""The machine misbehaves: full disk, no permission, a locked or damaged file, a database from
a newer program, a missing key file, two programs at once. Each gets a specific message in
the CLI (exit 1 or 2, never a traceback) and nothing already saved is lost."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import text

from isu.db.connect import raw_key_pragma, translate_open_error
from isu.domain.answers import Answer
from isu.security import keyslots
from isu.services import cases
from isu.services.maintenance import verify
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import run_cli, run_python, start_python

TODAY = dt.date(2026, 6, 1)
NOBODY = 65534


@pytest.fixture
def filled(db_path, admin_ws, tmp_path):
    """A database with five cases, closed cleanly (WAL folded in), and a password file."""
    for i in range(5):
        cases.register_case(admin_ws, f"F-{i}", answers={"birth_year": Answer(2009)}, today=TODAY)
    key = admin_ws._data_key
    admin_ws.close()
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    return db_path, pw, key


def _login_args(db_path, pw) -> list[str]:
    return ["--db", str(db_path), "--user", ADMIN, "--password-file", str(pw)]


def _numbers(db_path) -> set[str]:
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert verify(ws).ok
        return {r.case_number for r in cases.list_cases(ws).rows}
    finally:
        ws.close()


def _clean_failure(done, code: int, *phrases: str) -> None:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert "oväntat fel" not in done.stderr and "unexpected error" not in done.stderr
    for phrase in phrases:
        assert phrase in done.stderr, done.stderr


# -- disk full --------------------------------------------------------------------------------
FULL_DISK_WRITER = """
import os, resource, signal
from isu.db.errors import disk_problem
from isu.domain.answers import Answer
from isu.errors import IsuError
from isu.services import cases
from isu.services.sign_in import login
from pathlib import Path
ws = login(sys.argv[1], sys.argv[2], sys.argv[3])
# The file-size limit plays a full disk: writes past it fail with EFBIG (the signal that
# would kill the process is ignored, as a real full disk sends none).
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(sys.argv[1]) + 150_000,
                                           resource.RLIM_INFINITY))
try:
    for i in range(100000):
        cases.register_case(ws, f"FULL-{i}", answers={
            "referred_by": Answer("annan"), "referred_by_other": Answer("x" * 2000)})
        print(f"saved FULL-{i}", flush=True)
except IsuError as exc:
    orig = getattr(exc.__cause__, "orig", exc.__cause__)
    print("raised", type(exc).__name__, flush=True)
    print("mapped", type(disk_problem(orig, Path(sys.argv[1]))).__name__, flush=True)
    print("message", exc.message("sv"), flush=True)
"""


def _fill_the_disk(db_path) -> dict[str, list[str]]:
    done = run_python(FULL_DISK_WRITER, str(db_path), ADMIN, ADMIN_PASSWORD)
    assert done.returncode == 0, done.stderr
    lines: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        kind, _, rest = line.partition(" ")
        lines.setdefault(kind, []).append(rest)
    return lines


def test_full_disk_is_recognised_and_loses_nothing_saved(filled):
    db_path, _, _ = filled
    lines = _fill_the_disk(db_path)
    assert lines["mapped"] == ["DiskFull"]
    assert len(lines["saved"]) > 3
    assert set(lines["saved"]) <= _numbers(db_path)


def _engine_maps_disk_full() -> bool:
    probe = sqlcipher3.dbapi2.OperationalError("database or disk is full")
    return type(translate_open_error(probe, Path("x.db"))).__name__ == "DiskFull"


def test_services_report_a_full_disk_as_disk_full(filled):
    assert _engine_maps_disk_full()
    lines = _fill_the_disk(filled[0])
    assert lines["raised"] == ["DiskFull"]
    assert "Disken är full" in lines["message"][0]


def test_cli_backup_onto_a_full_disk(filled, tmp_path):
    db_path, pw, _ = filled
    out = tmp_path / "backups" / "full.isubackup"
    out.parent.mkdir()
    done = run_python(
        """
        import resource, signal
        from tests.reliability.support import cli
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, resource.RLIM_INFINITY))
        raise SystemExit(cli(sys.argv[1:]))
        """,
        "backup",
        *_login_args(db_path, pw),
        "--out",
        str(out),
    )
    _clean_failure(done, 1, "Disken är full")
    assert list(out.parent.iterdir()) == []  # no partial file left behind
    assert _numbers(db_path) == {f"F-{i}" for i in range(5)}


# -- permissions and read-only media ----------------------------------------------------------
@pytest.fixture
def shared_folder(filled):
    """A folder outside pytest's private tmp tree, so an unprivileged user can reach it; the
    test suite runs as root, for whom permission bits mean nothing."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a subprocess as an unprivileged user")
    base = Path(tempfile.mkdtemp(prefix="isu-perm-"))
    base.chmod(0o755)
    appdata = base / "appdata"
    appdata.mkdir()
    os.chown(appdata, NOBODY, NOBODY)
    pw = base / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    pw.chmod(0o644)
    try:
        yield base, filled
    finally:
        for folder in base.rglob("*"):
            with contextlib.suppress(OSError):
                folder.chmod(0o755)
        shutil.rmtree(base)


def _copy_db(filled, folder: Path) -> Path:
    db_path = filled[0]
    folder.mkdir()
    for src in (db_path, keyslots.slot_path_for(db_path)):
        shutil.copy2(src, folder / src.name)
    return folder / db_path.name


AS_NOBODY = f"""
import getpass, locale, logging.handlers, os, platform, tempfile, traceback, zipfile
import isu.cli, isu.db.database, isu.log
from isu.services import audit, backup, cases, maintenance, retention, settings, workspace
from tests.reliability.support import cli
# Python itself lives under /root here, so drop root only once everything is imported.
os.setgroups([])
os.setgid({NOBODY})
os.setuid({NOBODY})
raise SystemExit(cli(sys.argv[1:]))
"""


def _as_nobody(base: Path, *argv: str):
    return run_python(AS_NOBODY, *argv, env={"ISU_DATA_DIR": str(base / "appdata")})


def test_read_only_medium_opens_read_only_or_refuses_clearly(shared_folder):
    base, filled = shared_folder
    db = _copy_db(filled, base / "readonly")
    for path in (db, keyslots.slot_path_for(db)):
        path.chmod(0o444)
    db.parent.chmod(0o555)
    before = db.read_bytes()
    args = ["--db", str(db), "--user", ADMIN, "--password-file", str(base / "pw.txt")]
    done = _as_nobody(base, "verify", *args)
    if done.returncode != 0:
        # A WAL database whose folder cannot hold the -shm file: SQLite cannot open it.
        _clean_failure(done, 1, "skrivskyddad")
    else:
        assert "Granskningsloggen: OK" in done.stdout
        out = base / "appdata" / "ro.isubackup"
        done = _as_nobody(base, "backup", *args, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert "skrivskyddad" in done.stdout and out.is_file()
        done = _as_nobody(base, "erase", *args, "F-1", "--yes")
        _clean_failure(done, 1, "skrivskyddad")
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["isu.db", "isu.db.keys"]


def test_a_read_only_file_in_a_writable_folder_opens_read_only(shared_folder):
    base, filled = shared_folder
    db = _copy_db(filled, base / "rofile")
    os.chown(db.parent, NOBODY, NOBODY)
    for path in (db, keyslots.slot_path_for(db)):
        path.chmod(0o444)
    before = db.read_bytes()
    args = ["--db", str(db), "--user", ADMIN, "--password-file", str(base / "pw.txt")]
    done = _as_nobody(base, "verify", *args)
    assert done.returncode == 0, done.stderr
    assert "Granskningsloggen: OK" in done.stdout
    out = base / "appdata" / "ro.isubackup"
    done = _as_nobody(base, "backup", *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "skrivskyddad" in done.stdout and out.is_file()
    done = _as_nobody(base, "erase", *args, "F-1", "--yes")
    _clean_failure(done, 1, "skrivskyddad")
    assert db.read_bytes() == before


def test_a_folder_without_permission_is_named_as_such(shared_folder):
    base, filled = shared_folder
    db = _copy_db(filled, base / "private")
    db.parent.chmod(0o700)
    done = _as_nobody(
        base, "verify", "--db", str(db), "--user", ADMIN, "--password-file", str(base / "pw.txt")
    )
    _clean_failure(done, 1)
    assert "behörighet" in done.stderr.lower()


def test_backup_into_a_folder_without_permission(shared_folder):
    base, filled = shared_folder
    db = _copy_db(filled, base / "data")
    for path in db.parent.rglob("*"):
        os.chown(path, NOBODY, NOBODY)
    os.chown(db.parent, NOBODY, NOBODY)
    closed = base / "closed"
    closed.mkdir(mode=0o555)
    done = _as_nobody(
        base,
        "backup",
        "--db",
        str(db),
        "--user",
        ADMIN,
        "--password-file",
        str(base / "pw.txt"),
        "--out",
        str(closed / "x.isubackup"),
    )
    _clean_failure(done, 1, "Behörighet saknas")


# -- locked, corrupt, newer, missing key file --------------------------------------------------
def test_a_locked_database_gives_an_in_use_message(filled):
    db_path, pw, key = filled
    holder = sqlcipher3.connect(str(db_path), isolation_level=None)
    try:
        holder.execute(raw_key_pragma(key))
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("DELETE FROM cases WHERE case_number = 'nothing'")
        done = run_cli(
            "erase",
            *_login_args(db_path, pw),
            "F-1",
            "--yes",
            env={"ISU_TEST_BUSY_TIMEOUT_MS": "300"},
            timeout=30,
        )
        _clean_failure(done, 1, "används av ett annat program")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "F-1" in _numbers(db_path)


def test_a_damaged_file_is_reported_not_crashed_on(filled):
    db_path, pw, _ = filled
    data = bytearray(db_path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = os.urandom(8192)
    db_path.write_bytes(bytes(data))
    done = run_cli("verify", *_login_args(db_path, pw))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "skadad" in done.stderr or "Krypteringens sidkontroll: OK" not in done.stdout


def test_a_damaged_first_page_is_reported_as_damage(filled):
    db_path, pw, _ = filled
    data = bytearray(db_path.read_bytes())
    data[100:200] = b"\0" * 100
    db_path.write_bytes(bytes(data))
    done = run_cli("verify", *_login_args(db_path, pw))
    _clean_failure(done, 1, "skadad")


def test_a_database_from_a_newer_program_is_left_untouched(filled):
    db_path, pw, key = filled
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(raw_key_pragma(key))
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    done = run_cli("verify", *_login_args(db_path, pw))
    _clean_failure(done, 1, "nyare version")
    assert db_path.read_bytes() == before
    done = run_cli("verify", *_login_args(db_path, pw), env={"ISU_LANG": "en"})
    _clean_failure(done, 1, "newer version")


def test_a_missing_key_file_is_named_in_both_languages(filled):
    db_path, pw, _ = filled
    keys = keyslots.slot_path_for(db_path)
    keys.rename(keys.with_name("moved-away"))
    done = run_cli("verify", *_login_args(db_path, pw))
    _clean_failure(done, 2, "Nyckelfilen saknas")
    done = run_cli(
        "backup", *_login_args(db_path, pw), "--out", str(db_path) + ".b", env={"ISU_LANG": "en"}
    )
    _clean_failure(done, 2, "The key file is missing")
    keys.with_name("moved-away").rename(keys)
    assert len(_numbers(db_path)) == 5


# -- empty, cut-off and versionless database files --------------------------------------------
def _companions(db_path: Path) -> list[str]:
    return sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(db_path.name))


def test_an_empty_database_beside_its_key_file_is_refused_never_rebuilt(filled):
    """The attack (or accident): the database file truncated to 0 bytes. SQLite would take
    it for a new database; the program must not build an empty one in its place."""
    db_path, pw, _ = filled
    db_path.write_bytes(b"")
    before = _companions(db_path)
    for command in ("verify", "case"):
        argv = (
            [command, *_login_args(db_path, pw)]
            if command == "verify"
            else ["case", "list", *_login_args(db_path, pw)]
        )
        done = run_cli(*argv)
        _clean_failure(done, 1, "är tom (0 byte)", "byggs inte om")
    assert db_path.stat().st_size == 0 and _companions(db_path) == before
    done = run_cli("verify", *_login_args(db_path, pw), env={"ISU_LANG": "en"})
    _clean_failure(done, 1, "is empty (0 bytes)")


def test_a_cut_off_database_without_a_header_is_refused(filled):
    db_path, pw, _ = filled
    db_path.write_bytes(db_path.read_bytes()[:100])
    before = db_path.read_bytes()
    done = run_cli("verify", *_login_args(db_path, pw))
    _clean_failure(done, 1, "skadad eller ingen isu-databas")
    assert db_path.read_bytes() == before


def test_a_database_without_a_version_row_is_named_damaged(filled):
    """Not the raw "table settings already exists" from trying to build it again."""
    db_path, pw, key = filled
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(raw_key_pragma(key))
    conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    done = run_cli("verify", *_login_args(db_path, pw))
    _clean_failure(done, 1, "skadad eller ingen isu-databas", "versionsuppgift")
    assert "already exists" not in done.stderr
    assert db_path.read_bytes() == before
    done = run_cli("verify", *_login_args(db_path, pw), env={"ISU_LANG": "en"})
    _clean_failure(done, 1, "not an isu database")


# -- two programs at once ---------------------------------------------------------------------
TWO_WRITERS = """
from isu.domain.answers import Answer
from isu.services import cases
from isu.services.sign_in import login
ws = login(sys.argv[1], sys.argv[2], sys.argv[3])
print("ready", flush=True)
input()  # both start writing together
for i in range(40):
    result = cases.register_case(ws, f"{sys.argv[4]}-{i}", answers={"birth_year": Answer(2008)})
    cases.save_case(ws, result.case_id, {"birth_year": Answer(2007)}, {},
                    expected_revision=result.revision)
    print(f"{sys.argv[4]}-{i}", flush=True)
ws.close()
"""


def test_two_programs_write_the_same_database_safely(filled):
    db_path = filled[0]
    writers = [
        start_python(TWO_WRITERS, str(db_path), ADMIN, ADMIN_PASSWORD, name, stdin=subprocess.PIPE)
        for name in ("A", "B")
    ]
    acknowledged: set[str] = set()
    for proc in writers:
        assert proc.stdout.readline().strip() == "ready"
    for proc in writers:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in writers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        acknowledged |= set(out.split())
    assert len(acknowledged) == 80
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert verify(ws).ok
        with ws.db.reading() as session:
            numbers = set(session.execute(text("SELECT case_number FROM cases")).scalars())
            revisions = set(
                session.execute(
                    text(
                        "SELECT revision FROM cases"
                        " WHERE case_number LIKE 'A-%' OR case_number LIKE 'B-%'"
                    )
                ).scalars()
            )
    finally:
        ws.close()
    assert acknowledged <= numbers and revisions == {2}
