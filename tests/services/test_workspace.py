"""Unlocking, key slots and roles on real encrypted files."""

import json
import time

import pytest
from sqlalchemy import text

from isu.domain.roles import Role
from isu.errors import KeySlotError, PermissionDenied, UserError, WrongPassword
from isu.security import keyslots, throttle
from isu.services import users
from isu.services.maintenance import verify
from isu.services.sign_in import login
from isu.services.workspace import LoginThrottled, init_database
from tests.backends import file_only
from tests.conftest import ADMIN, ADMIN_PASSWORD

# The key file, its slots and the recovery key: the file's own login (the server's is in
# tests/server/test_backend_login.py).
pytestmark = file_only


def test_init_refuses_to_overwrite(db_path, new_db):
    with pytest.raises(UserError, match="already exists"):
        init_database(db_path, "x", "långt-lösenord")


def test_wrong_password_is_refused_and_slows_the_next_try(db_path, new_db):
    with pytest.raises(WrongPassword):
        login(db_path, ADMIN, "inte-rätt")
    with pytest.raises(LoginThrottled) as raised:
        login(db_path, ADMIN, ADMIN_PASSWORD)
    assert raised.value.seconds >= 1
    # The counter lives in the key file, so it survives a restart of the program.
    slots = keyslots.read_slot_file(keyslots.slot_path_for(db_path))
    assert slots.find(slots.user_slot_id(ADMIN)).failures == 1


def test_failed_logins_reach_the_audit_log_after_the_next_success(db_path, new_db, monkeypatch):
    with pytest.raises(WrongPassword):
        login(db_path, ADMIN, "inte-rätt")
    monkeypatch.setattr(throttle, "failure_delay", lambda n: 0.0)
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    with ws.db.reading() as s:
        actions = [r[0] for r in s.execute(text("SELECT action FROM audit_log ORDER BY id"))]
    ws.close()
    assert actions[-2:] == ["login_failed", "login"]


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(db_path, new_db):
    with pytest.raises(WrongPassword, match="Wrong user name or password"):
        login(db_path, "nobody", ADMIN_PASSWORD)


def test_missing_key_file_is_named(db_path, new_db):
    keyslots.slot_path_for(db_path).unlink()
    with pytest.raises(KeySlotError, match="key file is missing"):
        login(db_path, ADMIN, ADMIN_PASSWORD)


def test_tampered_key_file_is_detected(db_path, new_db):
    path = keyslots.slot_path_for(db_path)
    original = json.loads(path.read_text())
    raw = dict(original, lookup_salt="AAAAAAAAAAAAAAAAAAAAAA==")  # every lookup now misses
    path.write_text(json.dumps(raw))
    with pytest.raises(WrongPassword):
        login(db_path, ADMIN, ADMIN_PASSWORD)
    raw = dict(original, lookup_salt="not base64!")
    path.write_text(json.dumps(raw))
    with pytest.raises(KeySlotError, match="damaged"):
        login(db_path, ADMIN, ADMIN_PASSWORD)
    raw = json.loads(json.dumps(original))
    raw["slots"].append(dict(raw["slots"][0], id="extra"))  # a slot smuggled in
    path.write_text(json.dumps(raw))
    with pytest.raises(KeySlotError, match="changed outside the program"):
        login(db_path, ADMIN, ADMIN_PASSWORD)


def test_password_change_rewraps_one_slot_only(db_path, new_db):
    ws, _ = new_db
    users.add_user(ws, "bo", "bos-lösenord", Role.COORDINATOR)
    before = {s.slot_id: s.wrapped for s in keyslots.read_slot_file(ws.slot_path).slots}
    db_bytes = db_path.read_bytes()
    users.change_password(ws, ADMIN, "nytt-lösenord-2")
    after = {s.slot_id: s.wrapped for s in keyslots.read_slot_file(ws.slot_path).slots}
    changed = [k for k in after if after[k] != before[k]]
    assert len(changed) == 1
    assert db_path.read_bytes()[:4096] == db_bytes[:4096]  # nothing re-encrypted
    ws.close()
    with pytest.raises(WrongPassword):
        login(db_path, ADMIN, ADMIN_PASSWORD)
    time.sleep(1.05)
    login(db_path, ADMIN, "nytt-lösenord-2").close()
    login(db_path, "bo", "bos-lösenord").close()


def test_recovery_key_resets_a_password(db_path, new_db):
    ws, recovery = new_db
    ws.close()
    users.reset_password_with_recovery(db_path, recovery, ADMIN, "återställt-123")
    ws = login(db_path, ADMIN, "återställt-123")
    with ws.db.reading() as s:
        actions = [r[0] for r in s.execute(text("SELECT action FROM audit_log"))]
    ws.close()
    assert "password_reset_with_recovery" in actions


def test_disabled_user_can_no_longer_unlock(db_path, new_db):
    ws, _ = new_db
    users.add_user(ws, "cilla", "cillas-lösen", Role.UNIT_HEAD)
    users.set_disabled(ws, "cilla")
    with pytest.raises(WrongPassword):
        login(db_path, "cilla", "cillas-lösen")


def test_only_admins_manage_users(db_path, new_db):
    ws, _ = new_db
    users.add_user(ws, "bo", "bos-lösenord", Role.COORDINATOR)
    coordinator = login(db_path, "bo", "bos-lösenord")
    try:
        with pytest.raises(PermissionDenied):
            users.add_user(coordinator, "eve", "eves-lösenord", Role.ADMIN)
        with pytest.raises(PermissionDenied):
            users.list_users(coordinator)
        with pytest.raises(PermissionDenied):
            users.change_password(coordinator, ADMIN, "kapat-lösen")
    finally:
        coordinator.close()


def test_verify_finds_a_tampered_audit_entry(admin_ws):
    assert verify(admin_ws).ok
    with admin_ws.db.unit_of_work() as s:
        s.execute(text("UPDATE audit_log SET actor = 'someone' WHERE id = 2"))
    report = verify(admin_ws)
    assert not report.ok
    assert report.first_broken_audit_entry == 2
    assert "entry 2" in " ".join(report.lines("en"))


def test_a_workspace_used_with_with_is_closed_even_when_the_block_fails(db_path, new_db):
    # Closing moves the key file's audit anchor to the chain's head (the login's entry);
    # a `with` block that raises must still do it, and must not swallow the error.
    def anchor() -> str | None:
        return keyslots.read_slot_file(keyslots.slot_path_for(db_path)).audit_anchor

    before = anchor()
    with (
        pytest.raises(RuntimeError, match="in the block"),
        login(db_path, ADMIN, ADMIN_PASSWORD) as ws,
    ):
        assert ws.user.username == ADMIN
        assert anchor() == before  # not closed yet
        raise RuntimeError("in the block")
    assert anchor() != before
