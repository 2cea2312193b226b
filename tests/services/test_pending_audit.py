"""The queue of audit entries that could not be written yet: encrypted, written once, and a
damaged line is reported, not silently dropped."""

from __future__ import annotations

import json

from isu.services import audit, pending_audit
from isu.services.sign_in import login
from tests.backends import file_only
from tests.conftest import ADMIN, ADMIN_PASSWORD

# The queue is for a file on a read-only medium or a full disk.
pytestmark = file_only


def _entries(ws):
    with ws.db.reading() as session:
        return audit.entries(session)


def test_queued_entries_are_written_once_and_a_torn_line_is_reported(db_path, admin_ws, tmp_path):
    admin_ws.close()
    backups = tmp_path / "appdata" / "backups"
    ws = login(db_path, ADMIN, ADMIN_PASSWORD, backup_dir=backups)
    try:
        assert pending_audit.queue(ws, "case_read", "case:7")
        assert pending_audit.queue(ws, "summary_built", "summary", {"k": 5})
        (queue_file,) = (tmp_path / "appdata" / pending_audit.FOLDER).iterdir()
        assert b"case_read" not in queue_file.read_bytes()  # encrypted
        with queue_file.open("ab") as fh:
            fh.write(b"dG9ybg")  # a line torn by a crash
        assert ws.audit_queued == 2
    finally:
        ws.db.close()
    ws = login(db_path, ADMIN, ADMIN_PASSWORD, backup_dir=backups)
    try:
        late = [e for e in _entries(ws) if json.loads(e.detail).get("recorded_late")]
        assert [(e.action, e.target) for e in late] == [
            ("case_read", "case:7"),
            ("summary_built", "summary"),
        ]
        assert json.loads(late[1].detail)["k"] == 5
        assert [e.action for e in _entries(ws)].count(pending_audit.UNREADABLE_ACTION) == 1
        assert not queue_file.exists()
        assert pending_audit.flush(ws) == 0
    finally:
        ws.close()


def test_an_entry_that_can_be_neither_written_nor_queued_is_counted(db_path, admin_ws):
    admin_ws.pending_dir = None  # no data folder known
    assert not pending_audit.queue(admin_ws, "case_read", "case:1")
    assert admin_ws.audit_unqueued == 1 and admin_ws.audit_queued == 0


def test_entries_queued_before_a_rotation_elsewhere_are_still_recorded(db_path, admin_ws, tmp_path):
    """Queued on one workstation account (read-only session), then the key is rotated by
    another program: the next writable open still reads and records the queue."""
    from isu.services import keys

    admin_ws.close()
    backups = tmp_path / "appdata" / "backups"
    ws = login(db_path, ADMIN, ADMIN_PASSWORD, backup_dir=backups)
    try:
        assert pending_audit.queue(ws, "case_read", "case:3")
    finally:
        ws.db.close()
    other = login(db_path, ADMIN, ADMIN_PASSWORD)  # another program, no queue folder
    try:
        keys.rekey(other)
    finally:
        other.close()
    ws = login(db_path, ADMIN, ADMIN_PASSWORD, backup_dir=backups)
    try:
        actions = [(e.action, e.target) for e in _entries(ws)]
        assert ("case_read", "case:3") in actions
        assert pending_audit.UNREADABLE_ACTION not in {a for a, _t in actions}
    finally:
        ws.close()
