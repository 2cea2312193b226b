"""The audit log attacked by someone who holds the data key: the last entries cut off, or the
whole chain written anew so it holds together. Both leave a chain whose hashes check out;
the anchors (key file, backups, exports) catch them, and ``isu verify`` says which."""

from __future__ import annotations

import json
import zipfile

import pytest
import sqlcipher3

from isu.db.connect import raw_key_pragma
from isu.domain.answers import Answer
from isu.errors import KeySlotError
from isu.security import keyslots
from isu.services import anchor, audit, audit_chain, backup, cases
from isu.services.exports import ExportRequest, write_export
from isu.services.maintenance import verify
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import cli


@pytest.fixture
def used(db_path, admin_ws):
    """A database with some history, closed cleanly (so the key file holds an anchor)."""
    for i in range(3):
        created = cases.register_case(admin_ws, f"A-{i}", answers={"birth_year": Answer(2009)})
        cases.get_case(admin_ws, created.case_id)
    key = admin_ws._data_key
    admin_ws.close()
    return db_path, key


def _raw(db_path, key) -> sqlcipher3.dbapi2.Connection:
    """What an attacker with the data key does: open the file with SQLCipher directly."""
    conn = sqlcipher3.dbapi2.connect(str(db_path), isolation_level=None)
    conn.execute(raw_key_pragma(key))
    return conn


def _entries(db_path, key) -> int:
    conn = _raw(db_path, key)
    try:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        conn.close()


def _cut_last(db_path, key, n: int) -> None:
    conn = _raw(db_path, key)
    try:
        top = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        conn.execute("DELETE FROM audit_log WHERE id > ?", (top - n,))
    finally:
        conn.close()


def _rewrite_chain(db_path, key) -> None:
    """Change one old entry (hide a case read) and recompute every hash after it, so the
    chain is consistent again: the hash chain alone cannot see this."""
    conn = _raw(db_path, key)
    try:
        rows = conn.execute(
            "SELECT id, ts, actor, action, target, detail FROM audit_log ORDER BY id"
        ).fetchall()
        prev = audit.GENESIS
        conn.execute("BEGIN")
        for entry_id, ts, actor, action, target, detail in rows:
            if action == "case_read":
                action, target = "settings_changed", ""
            digest = audit_chain._entry_hash(prev, entry_id, ts, actor, action, target, detail)
            conn.execute(
                "UPDATE audit_log SET action=?, target=?, prev_hash=?, hash=? WHERE id=?",
                (action, target, prev, digest, entry_id),
            )
            prev = digest
        conn.execute("COMMIT")
    finally:
        conn.close()


def _verify(db_path, **kwargs):
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        return verify(ws, **kwargs)
    finally:
        ws.close()


def test_the_key_file_holds_a_sealed_anchor_of_the_chain_head(used):
    db_path, key = used
    raw = json.loads(keyslots.slot_path_for(db_path).read_text())
    found = anchor.Anchor.from_json(raw["audit_anchor"])
    assert found is not None and found.entries == _entries(db_path, key)
    report = _verify(db_path)
    assert report.ok and [c.state for c in report.anchors] == ["ok"]


def test_a_cut_off_end_of_the_log_is_reported_as_truncated(used, capsys, monkeypatch):
    db_path, key = used
    before = _entries(db_path, key)
    _cut_last(db_path, key, 3)
    report = _verify(db_path)
    assert report.first_broken_audit_entry is None  # the chain itself still holds
    assert report.truncated and not report.rewritten and not report.ok
    (check,) = report.anchors
    assert check.anchor.entries == before and check.found_entries < before
    assert "AVKORTAD" in " ".join(report.lines("sv"))
    assert "TRUNCATED" in " ".join(report.lines("en"))
    # The CLI says the same and fails; and the finding outlives the anchor moving on.
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    args = ["verify", "--db", str(db_path), "--user", ADMIN]
    assert cli(args) == 1
    out = capsys.readouterr().out
    assert "Tidigare upptäckt" in out or "AVKORTAD" in out
    assert cli(args) == 1
    assert "Tidigare upptäckt" in capsys.readouterr().out
    assert cli([*args, "--acknowledge"]) == 0
    assert cli(args) == 0
    capsys.readouterr()


def test_a_consistently_rewritten_chain_is_reported_as_rewritten(used):
    db_path, key = used
    _rewrite_chain(db_path, key)
    report = _verify(db_path)
    assert report.first_broken_audit_entry is None
    assert report.rewritten and not report.truncated and not report.ok
    assert "OMSKRIVEN" in " ".join(report.lines("sv"))


def test_a_forged_key_file_anchor_is_caught(used):
    db_path, _key = used
    path = keyslots.slot_path_for(db_path)
    raw = json.loads(path.read_text())
    raw["audit_anchor"]["entries"] += 50  # a false alarm, or to hide a later cut
    path.write_text(json.dumps(raw))
    # The whole key file is under its MAC, so the edit is refused before anything opens.
    with pytest.raises(KeySlotError):
        _verify(db_path)


def test_a_backup_out_of_reach_catches_a_rewrite_of_database_and_key_file(
    used, tmp_path, capsys, monkeypatch
):
    """The attacker also moves the key file's anchor (they hold the key); the anchor in a
    backup they cannot reach still shows the cut."""
    db_path, key = used
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    folder = tmp_path / "appdata" / "backups"
    folder.mkdir(parents=True)
    made = backup.backup(ws, folder / "isu-2026-01-01.isubackup")
    ws.close()
    with zipfile.ZipFile(made) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    in_backup = manifest["audit_anchor"]["entries"]
    assert in_backup >= 8
    _cut_last(db_path, key, 5)
    # Rewrite the key file's anchor to fit the cut chain, as a key holder can.
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    with ws.db.unit_of_work() as session:
        forged = anchor.current(session, ws.read_slots().db_id)
    ws.write_slots(ws.read_slots().with_field(anchor.ANCHOR_FIELD, forged.to_json()))
    ws.db.close()  # not ws.close(): the attacker leaves no trace of their own
    report = _verify(db_path, backup_dir=folder)
    states = {c.source: c.state for c in report.anchors}
    assert states[made.name] == "truncated" and not report.ok
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    assert cli(["verify", "--db", str(db_path), "--user", ADMIN]) == 1
    assert made.name in capsys.readouterr().out


def test_an_export_manifest_carries_the_anchor_and_verify_reads_it(tmp_path):
    from tests.export_service.support import PASSWORD, PERIOD, demo_db

    db_path = tmp_path / "demo.db"
    ws = demo_db(db_path, cases=40)
    key = ws._data_key
    out = tmp_path / "x.isux"
    write_export(ws, ExportRequest("aggregate", *PERIOD), out)
    ws.close()
    exported = anchor.manifest_anchor(out)
    assert exported is not None and exported.entries > 0
    ws = login(db_path, ADMIN, PASSWORD)
    try:
        assert verify(ws, anchors_in=[out]).ok
    finally:
        ws.close()
    _cut_last(db_path, key, _entries(db_path, key) - exported.entries + 2)
    ws = login(db_path, ADMIN, PASSWORD)
    try:
        report = verify(ws, anchors_in=[out])
    finally:
        ws.close()
    assert {c.source: c.state for c in report.anchors}[out.name] == "truncated"


def test_backups_older_than_a_restore_do_not_raise_alarms(used, tmp_path):
    db_path, _key = used
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    folder = tmp_path / "backups"
    folder.mkdir()
    old = backup.backup(ws, folder / "old.isubackup")
    cases.register_case(ws, "LATER-1")
    backup.backup(ws, folder / "newer.isubackup")
    ws.close()
    backup.restore(old, db_path, username=ADMIN, password=ADMIN_PASSWORD)
    report = _verify(db_path, backup_dir=folder)
    states = {c.source: c.state for c in report.anchors}
    assert states["newer.isubackup"] == "superseded" and report.ok, report.lines("en")
