"""Backups and restores on real encrypted files: consistent while another program writes,
checked before anything is replaced, and the previous database always kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile

import pytest
from sqlalchemy import text

from isu.db import connect as db_connect
from isu.domain.answers import Answer
from isu.domain.roles import Role
from isu.errors import DatabaseLocked, DatabaseNewer, PermissionDenied, WrongPassword
from isu.security import keyslots
from isu.services import backup, cases, settings, users
from isu.services.backup_archive import BackupDamaged
from isu.services.maintenance import verify
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import run_cli, start_python

TODAY = dt.date(2026, 6, 1)


def _register(ws, *numbers: str) -> None:
    for number in numbers:
        cases.register_case(ws, number, answers={"birth_year": Answer(2009)}, today=TODAY)


def _numbers(db_path) -> set[str]:
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        return {r.case_number for r in cases.list_cases(ws).rows}
    finally:
        ws.close()


def _rewrite_backup(src, dst, *, db=None, keys=None, manifest=None, fix_hashes=False):
    """A copy of a backup with members replaced (to play a damaged or crafted file)."""
    with zipfile.ZipFile(src) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["isu.db"] = db if db is not None else members["isu.db"]
    members["isu.db.keys"] = keys if keys is not None else members["isu.db.keys"]
    info = manifest or json.loads(members["manifest.json"])
    if fix_hashes:
        for name in ("isu.db", "isu.db.keys"):
            info["files"][name] = {
                "sha256": hashlib.sha256(members[name]).hexdigest(),
                "size": len(members[name]),
            }
    members["manifest.json"] = json.dumps(info).encode()
    with zipfile.ZipFile(dst, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return dst


def test_backup_holds_the_database_and_key_file_with_a_manifest(admin_ws, tmp_path):
    _register(admin_ws, "B-1")
    out = backup.backup(admin_ws, tmp_path / "out" / "first.isubackup")
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["isu.db", "isu.db.keys", "manifest.json"]
        manifest = json.loads(archive.read("manifest.json"))
        db_bytes, keys = archive.read("isu.db"), archive.read("isu.db.keys")
    assert manifest["files"]["isu.db"]["sha256"] == hashlib.sha256(db_bytes).hexdigest()
    assert manifest["files"]["isu.db.keys"]["sha256"] == hashlib.sha256(keys).hexdigest()
    assert keys == admin_ws.slot_path.read_bytes()
    assert manifest["schema_revision"] is not None
    assert not db_bytes.startswith(b"SQLite format 3")  # encrypted
    assert [p.name for p in out.parent.iterdir()] == ["first.isubackup"]  # no leftovers
    with pytest.raises(Exception, match="already exists"):
        backup.backup(admin_ws, out)


def test_restore_checks_then_swaps_and_keeps_the_previous_pair(db_path, admin_ws, tmp_path):
    _register(admin_ws, "R-1", "R-2")
    saved = backup.backup(admin_ws, tmp_path / "saved.isubackup")
    _register(admin_ws, "R-3")
    admin_ws.close()

    result = backup.restore(saved, db_path, username=ADMIN, password=ADMIN_PASSWORD)

    assert _numbers(db_path) == {"R-1", "R-2"}
    assert result.previous is not None and result.previous.name.startswith("isu.db.before-restore-")
    assert keyslots.slot_path_for(result.previous).is_file()
    assert _numbers(result.previous) == {"R-1", "R-2", "R-3"}  # the old one still opens
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert verify(ws).ok
        with ws.db.reading() as session:
            actions = [r[0] for r in session.execute(text("SELECT action FROM audit_log"))]
        assert "backup_restored" in actions
    finally:
        ws.close()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".isu-")]


def test_restore_with_the_recovery_key_onto_an_empty_folder(admin_ws, new_db, tmp_path):
    _register(admin_ws, "N-1")
    saved = backup.backup(admin_ws, tmp_path / "saved.isubackup")
    target = tmp_path / "new-machine" / "isu.db"
    result = backup.restore(saved, target, recovery=new_db[1])
    assert result.previous is None
    assert _numbers(target) == {"N-1"}


def test_wrong_password_or_a_coordinator_cannot_restore(db_path, admin_ws, tmp_path):
    users.add_user(admin_ws, "sara", "saras-lösenord", Role.COORDINATOR)
    saved = backup.backup(admin_ws, tmp_path / "saved.isubackup")
    admin_ws.close()
    before = db_path.read_bytes()
    with pytest.raises(WrongPassword):
        backup.restore(saved, db_path, username=ADMIN, password="fel-lösenord")
    with pytest.raises(WrongPassword):
        backup.restore(saved, db_path, recovery="AAAAAA-BBBBBB")
    with pytest.raises(PermissionDenied):
        backup.restore(saved, db_path, username="sara", password="saras-lösenord")
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("isu.db")) == [
        "isu.db",
        "isu.db.keys",
    ]


def test_a_changed_member_is_caught_by_its_checksum(db_path, admin_ws, tmp_path):
    saved = backup.backup(admin_ws, tmp_path / "saved.isubackup")
    with zipfile.ZipFile(saved) as archive:
        db = bytearray(archive.read("isu.db"))
    db[9000] ^= 0x01
    bad = _rewrite_backup(saved, tmp_path / "bad.isubackup", db=bytes(db))
    with pytest.raises(BackupDamaged, match="checksum"):
        backup.restore(bad, db_path, username=ADMIN, password=ADMIN_PASSWORD)


def test_a_damaged_database_with_matching_hashes_fails_the_integrity_check(
    db_path, admin_ws, tmp_path
):
    """Damage that happened before the backup was made (or a crafted file): the hashes
    match, but SQLCipher's page check does not."""
    _register(admin_ws, *(f"D-{i}" for i in range(30)))
    saved = backup.backup(admin_ws, tmp_path / "saved.isubackup")
    with zipfile.ZipFile(saved) as archive:
        db = bytearray(archive.read("isu.db"))
    db[len(db) // 2 : len(db) // 2 + 64] = b"\0" * 64
    bad = _rewrite_backup(saved, tmp_path / "bad.isubackup", db=bytes(db), fix_hashes=True)
    admin_ws.close()
    before = db_path.read_bytes()
    with pytest.raises(BackupDamaged):
        backup.restore(bad, db_path, username=ADMIN, password=ADMIN_PASSWORD)
    assert db_path.read_bytes() == before


def test_a_backup_from_a_newer_program_is_refused(db_path, admin_ws, tmp_path):
    with admin_ws.db.unit_of_work() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    saved = backup.backup(admin_ws, tmp_path / "future.isubackup")
    with admin_ws.db.unit_of_work() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    admin_ws.close()
    with pytest.raises(DatabaseNewer, match="newer version"):
        backup.restore(saved, tmp_path / "elsewhere.db", username=ADMIN, password=ADMIN_PASSWORD)
    assert not (tmp_path / "elsewhere.db").exists()


def test_restore_refuses_while_another_program_has_the_database_open(
    db_path, admin_ws, tmp_path, monkeypatch
):
    saved = backup.backup(admin_ws, tmp_path / "saved.isubackup")
    monkeypatch.setattr(db_connect, "BUSY_TIMEOUT_MS", 200)
    holder = admin_ws.db.engine.connect()
    holder.exec_driver_sql("SELECT count(*) FROM cases").all()
    try:
        with pytest.raises(DatabaseLocked, match="in use by another program"):
            backup.restore(saved, db_path, username=ADMIN, password=ADMIN_PASSWORD)
    finally:
        holder.close()
    assert not list(tmp_path.glob("isu.db.before-restore-*"))


def test_backup_is_consistent_while_another_process_writes(db_path, admin_ws, tmp_path):
    """A second program registers cases as fast as it can; every backup taken meanwhile
    restores to a database that passes every check and holds whole cases only."""
    writer = start_python(
        """
        from isu.domain.answers import Answer
        from isu.services import cases
        from isu.services.sign_in import login
        ws = login(sys.argv[1], sys.argv[2], sys.argv[3])
        print("ready", flush=True)
        for i in range(100000):
            cases.register_case(ws, f"W-{i}", answers={"birth_year": Answer(2008)},
                                repeats={"interventions": [
                                    {"intervention_type": Answer("mentor")}] * 3})
        """,
        str(db_path),
        ADMIN,
        ADMIN_PASSWORD,
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        saved = [backup.backup(admin_ws, tmp_path / f"live-{i}.isubackup") for i in range(3)]
    finally:
        writer.kill()
        writer.communicate()
    counts = []
    for i, path in enumerate(saved):
        target = tmp_path / f"restored-{i}" / "isu.db"
        result = backup.restore(path, target, username=ADMIN, password=ADMIN_PASSWORD)
        assert result.check.integrity == ("ok",)
        ws = login(target, ADMIN, ADMIN_PASSWORD)
        try:
            assert verify(ws).ok
            with ws.db.reading() as session:
                per_case = (
                    session.execute(
                        text(
                            "SELECT count(a.id) FROM cases c LEFT JOIN answers a"
                            " ON a.case_id = c.id AND a.repeat = 'interventions' GROUP BY c.id"
                        )
                    )
                    .scalars()
                    .all()
                )
            counts.append(len(per_case))
            assert set(per_case) <= {3}  # never a case with half its rows
        finally:
            ws.close()
    assert counts == sorted(counts) and counts[-1] > 0


def test_daily_backup_runs_once_a_day_and_keeps_the_newest(admin_ws, tmp_path):
    folder = tmp_path / "auto"
    assert backup.daily_backup_if_due(admin_ws, folder, TODAY) is None  # off by default
    settings.save(admin_ws, daily_backup=True, backups_to_keep=3)
    made = [
        backup.daily_backup_if_due(admin_ws, folder, TODAY + dt.timedelta(days=d)) for d in range(5)
    ]
    assert all(made)
    assert backup.daily_backup_if_due(admin_ws, folder, TODAY + dt.timedelta(days=4)) is None
    (folder / "unrelated.txt").write_text("kept")
    backup.prune_backups(folder, "isu", 3)
    assert sorted(p.name for p in folder.iterdir()) == [
        "isu-2026-06-03.isubackup",
        "isu-2026-06-04.isubackup",
        "isu-2026-06-05.isubackup",
        "unrelated.txt",
    ]


def test_cli_backup_and_restore_round_trip(db_path, admin_ws, tmp_path):
    _register(admin_ws, "C-1")
    admin_ws.close()
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    out = tmp_path / "cli.isubackup"
    common = ["--db", str(db_path), "--user", ADMIN, "--password-file", str(pw)]
    done = run_cli("backup", *common, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Säkerhetskopian sparades" in done.stdout
    done = run_cli("restore", *common, str(out))
    assert done.returncode == 0, done.stderr
    assert "återställdes" in done.stdout and "before-restore" in done.stdout
    junk = tmp_path / "junk.isubackup"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    done = run_cli("restore", *common, str(junk))
    assert done.returncode == 2
    assert "skadad" in done.stderr and "Traceback" not in done.stderr
    assert _numbers(db_path) == {"C-1"}
