"""Every file the program writes is owner-only (0600), every folder of its own 0700 (POSIX).

The attack: another account on the same computer (or a backup tool running as another user)
reads the database, the key file, a backup, a summary or a log because it was created 0644.
The workflow below runs the real ``isu`` command in a fresh process started with the usual
permissive umask 022, so only the program's own care can make the files private; a second
test calls the services directly (no command, umask 022) to show the writers do it at the
source; a third narrows files left world-readable by an older version when they are opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from isu.security import keyslots
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import run_python

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")

DEMO_PASSWORD = "demo-lösenord"

WORKFLOW = """
from pathlib import Path
from tests.reliability.support import cli
root, pw, demo_pw, new_pw = (Path(a) for a in sys.argv[1:5])
out = root / "out"
demo = root / "demo" / "isu-demo.db"
db = root / "work" / "isu.db"
login = ["--db", str(demo), "--user", "demo", "--password-file", str(demo_pw)]
steps = [
    ["demo", "--db", str(demo), "--cases", "30", "--no-gui"],
    ["init", "--db", str(db), "--admin", "chef", "--password-file", str(pw)],
    ["user", "add", "--db", str(db), "--user", "chef", "--password-file", str(pw), "sara",
     "--role", "samordnare", "--new-password-file", str(new_pw)],
    ["case", "new", "--db", str(db), "--user", "chef", "--password-file", str(pw),
     "--number", "P-1", "birth_year=2010"],
    ["user", "passwd", "--db", str(db), "--user", "chef", "--password-file", str(pw), "sara",
     "--new-password-file", str(new_pw)],
    ["user", "disable", "--db", str(db), "--user", "chef", "--password-file", str(pw), "sara"],
    ["demo", "--db", str(demo), "--pdf", str(out / "demo.pdf")],
    ["summary", *login, "--pdf", str(out / "s.pdf")],
    ["summary", *login, "--xlsx", str(out / "s.xlsx")],
    ["summary", *login, "--csv", str(out / "csv")],
    ["export", *login, "--kind", "records", "--from", "2020-01-01", "--to", "2030-01-01",
     "--out", str(out / "r.isux")],
    ["export", *login, "--kind", "aggregate", "--from", "2020-01-01", "--to", "2030-01-01",
     "--out", str(out / "a.isux")],
    ["keygen", "--out-private", str(out / "n.key"), "--out-public", str(out / "n.pub")],
    ["export", *login, "--kind", "records", "--from", "2020-01-01", "--to", "2030-01-01",
     "--recipient-key", str(out / "n.pub"), "--out", str(out / "sealed.isux")],
    ["verify-export", str(out / "r.isux")],
    ["merge", str(out / "sealed.isux"), "--key", str(out / "n.key"),
     "--pdf", str(out / "m.pdf"), "--xlsx", str(out / "m.xlsx")],
    ["backup", *login, "--out", str(out / "b.isubackup")],
    ["restore", "--db", str(out / "restored.db"), "--user", "demo", "--password-file",
     str(demo_pw), str(out / "b.isubackup")],
    ["audit", *login],
    ["verify", *login],
    ["retention", *login, "--dry-run"],
    ["erase", "--db", str(db), "--user", "chef", "--password-file", str(pw), "P-1", "--yes"],
    ["form", "check", str(root / "missing.yaml")],  # a failure is logged too
]
for argv in steps:
    code = cli(argv)
    expected = 2 if argv[0] == "form" else 0
    assert code == expected, (argv, code)
print("workflow done", flush=True)
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_every_file_of_every_command_is_owner_only(tmp_path):
    root = tmp_path / "root"
    (root / "out").mkdir(parents=True)
    (root / "work").mkdir()
    inputs = {}
    for name, secret in (
        ("pw.txt", ADMIN_PASSWORD),
        ("demo-pw.txt", DEMO_PASSWORD),
        ("new-pw.txt", "samordnarens-lösen"),
    ):
        inputs[name] = tmp_path / name
        inputs[name].write_text(secret)
    appdata = root / "appdata"
    done = run_python(
        WORKFLOW,
        str(root),
        *(str(p) for p in inputs.values()),
        env={"ISU_DATA_DIR": str(appdata)},
        timeout=300,
        umask=0o022,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "workflow done" in done.stdout
    files = [p for p in root.rglob("*") if p.is_file()]
    names = {p.relative_to(root).as_posix() for p in files}
    for expected in (
        "demo/isu-demo.db",
        "demo/isu-demo.db.keys",
        "work/isu.db",
        "work/isu.db.keys",
        "out/s.pdf",
        "out/demo.pdf",
        "out/s.xlsx",
        "out/csv/00_index.csv",
        "out/r.isux",
        "out/a.isux",
        "out/n.key",
        "out/n.pub",
        "out/sealed.isux",
        "out/m.pdf",
        "out/m.xlsx",
        "out/b.isubackup",
        "out/restored.db",
        "out/restored.db.keys",
        "appdata/logs/isu.log",
    ):
        assert expected in names, sorted(names)
    assert {p.relative_to(root).as_posix(): oct(_mode(p)) for p in files if _mode(p) != 0o600} == {}
    # Folders the program made: its data folder and everything in it, the demo folder, the
    # CSV folder. (out/ and work/ were made by the test: they are the user's, left alone.)
    made = [appdata, *appdata.rglob("*"), root / "demo", root / "out" / "csv"]
    folders = {p.relative_to(root).as_posix(): oct(_mode(p)) for p in made if p.is_dir()}
    assert folders and set(folders.values()) == {"0o700"}, folders
    assert _mode(root / "out") == 0o755  # a folder of the user's own is not changed


def test_the_writers_make_private_files_without_the_command(tmp_path, new_db, db_path):
    """No umask help: the services and writers create every file 0600 themselves."""
    from isu.db.database import copy_file_safely
    from isu.fileio import atomic_write
    from isu.log import setup_logging, write_crash_report
    from isu.services import backup, exports, settings, summaries
    from isu.services.exports import ExportRequest

    ws, _recovery = new_db
    settings.save(ws, municipality="0180")
    previous = os.umask(0o022)
    try:
        out = tmp_path / "out"
        out.mkdir()
        written = [
            db_path,
            keyslots.slot_path_for(db_path),
            backup.backup(ws, out / "b.isubackup"),
            summaries.write_report(ws, None, out / "s.pdf", "pdf"),
            summaries.write_report(ws, None, out / "s.xlsx", "xlsx"),
            *summaries.write_report(ws, None, out / "csv", "csv").iterdir(),
            exports.write_export(
                ws, ExportRequest("aggregate", *_period()), out / "a.isux", None
            ).path,
            atomic_write(out / "plain.bin", b"x"),
            setup_logging(tmp_path / "logs"),
            write_crash_report(tmp_path / "logs", RuntimeError("boom")),
        ]
        copy_file_safely(db_path, out / "copy.db")
        written.append(out / "copy.db")
        ws.db.backup(out / "sqlcipher-copy.db")
        written.append(out / "sqlcipher-copy.db")
        for companion in ("-wal", "-shm"):
            if Path(f"{db_path}{companion}").exists():
                written.append(Path(f"{db_path}{companion}"))
    finally:
        os.umask(previous)
    assert {p.name: oct(_mode(p)) for p in written if _mode(p) != 0o600} == {}
    assert _mode(out / "csv") == 0o700 and _mode(tmp_path / "logs") == 0o700


def _period():
    import datetime as dt

    return dt.date(2020, 1, 1), dt.date(2030, 1, 1)


def test_world_readable_files_from_before_are_narrowed_when_opened(filled_files):
    from isu.services.sign_in import login

    db, keys = filled_files
    for path in (db, keys):
        path.chmod(0o644)
    ws = login(db, ADMIN, ADMIN_PASSWORD)
    ws.close()
    assert _mode(db) == 0o600
    # A read-only file stays read-only: only group and other bits are taken away.
    db.chmod(0o444)
    ws = login(db, ADMIN, ADMIN_PASSWORD)
    ws.close()
    assert _mode(db) == 0o400


@pytest.fixture
def filled_files(new_db, db_path):
    new_db[0].close()
    return db_path, keyslots.slot_path_for(db_path)


def test_app_folders_are_created_and_narrowed_to_0700(tmp_path):
    from isu.paths import AppPaths

    base = tmp_path / "data"
    base.mkdir(mode=0o755)
    base.chmod(0o755)
    paths = AppPaths.create(base).ensure()
    for folder in (paths.data_dir, paths.log_dir, paths.backup_dir):
        assert _mode(folder) == 0o700, folder


def test_the_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    """A crash or a full disk half-way: the old file stays whole, no temporary file is left,
    and a world-readable old file is replaced by an owner-only new one."""
    import errno

    from isu.fileio import atomic_write, atomic_writer

    target = tmp_path / "keys.json"
    target.write_bytes(b"old and whole")
    target.chmod(0o644)
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write(b"half of the new")
        raise RuntimeError("killed")
    assert target.read_bytes() == b"old and whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys.json"]

    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "full")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old and whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys.json"]
    monkeypatch.undo()
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new" and _mode(target) == 0o600


def test_rotated_logs_are_owner_only_too(tmp_path):
    import logging

    from isu.log import PrivateRotatingFileHandler

    previous = os.umask(0o022)
    handler = PrivateRotatingFileHandler(
        tmp_path / "isu.log", maxBytes=200, backupCount=2, encoding="utf-8"
    )
    try:
        record = logging.LogRecord("isu", logging.INFO, __file__, 1, "x" * 120, (), None)
        for _ in range(6):
            handler.emit(record)
    finally:
        handler.close()
        os.umask(previous)
    logs = sorted(tmp_path.iterdir())
    assert [p.name for p in logs] == ["isu.log", "isu.log.1", "isu.log.2"]
    assert {p.name: oct(_mode(p)) for p in logs if _mode(p) != 0o600} == {}
