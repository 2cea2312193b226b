"""A key slot and its user row commit together or not at all: the states a kill can leave
between the two, rebuilt step by step, are finished or undone at the next log-in (the SIGKILL
version is benchmarks/crash_harness.py --scenario users)."""

from __future__ import annotations

import secrets

import pytest

from isu.db.models import KeyChangeRecord, UserRecord
from isu.domain.roles import Role
from isu.errors import UserError, WrongPassword
from isu.security import keyslots
from isu.services import users
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD


def _slots(db_path):
    return keyslots.read_slot_file(keyslots.slot_path_for(db_path))


def _pending_slot(ws, name, password):
    slots = ws.read_slots()
    token = secrets.token_hex(16)
    slot = keyslots.make_user_slot(slots, name, password, ws._data_key)
    ws.write_slots(slots.with_pending(token, slot))
    return token


def test_a_pending_slot_without_its_user_row_is_removed_at_the_next_open(admin_ws, db_path):
    _pending_slot(admin_ws, "eva", "evas-lösenord")  # killed before the row committed
    admin_ws.close()
    assert len(_slots(db_path).pending) == 1
    login(db_path, ADMIN, ADMIN_PASSWORD).close()
    slots = _slots(db_path)
    assert slots.pending == () and not slots.has_user("eva")
    with pytest.raises(WrongPassword):
        login(db_path, "eva", "evas-lösenord")
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)  # the name is free again
    try:
        users.add_user(ws, "eva", "evas-lösenord", Role.COORDINATOR)
    finally:
        ws.close()
    login(db_path, "eva", "evas-lösenord").close()


def test_a_committed_user_row_makes_its_pending_slot_live_at_the_next_open(admin_ws, db_path):
    token = _pending_slot(admin_ws, "eva", "evas-lösenord")
    with admin_ws.db.unit_of_work() as session:  # committed, then killed before promotion
        session.add(UserRecord(username="eva", display_name="eva", role="coordinator"))
        session.add(KeyChangeRecord(token=token, rekey=False))
    admin_ws.close()
    assert not _slots(db_path).has_user("eva")
    login(db_path, ADMIN, ADMIN_PASSWORD).close()
    assert _slots(db_path).has_user("eva") and _slots(db_path).pending == ()
    login(db_path, "eva", "evas-lösenord").close()


def test_a_password_change_takes_effect_only_with_its_commit(admin_ws, db_path):
    users.add_user(admin_ws, "eva", "evas-lösenord", Role.COORDINATOR)
    _pending_slot(admin_ws, "eva", "evas-nya-lösen")  # killed before the commit
    admin_ws.close()
    login(db_path, ADMIN, ADMIN_PASSWORD).close()
    login(db_path, "eva", "evas-lösenord").close()  # the old password still holds
    assert keyslots.unlock_user(_slots(db_path), "eva", "evas-nya-lösen") is None


def test_a_disable_that_committed_before_its_rotation_is_finished_at_the_next_open(
    admin_ws, db_path
):
    users.add_user(admin_ws, "eva", "evas-lösenord", Role.COORDINATOR)
    old_key = admin_ws._data_key
    with admin_ws.db.unit_of_work() as session:  # committed, killed before the rotation
        record = session.query(UserRecord).filter_by(username="eva").one()
        record.disabled = True
        session.add(KeyChangeRecord(token="t", rekey=True))
    admin_ws.close()
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        assert ws._data_key != old_key
        with ws.db.reading() as session:
            assert session.query(KeyChangeRecord).count() == 0
    finally:
        ws.close()
    assert not _slots(db_path).has_user("eva")


def test_a_refused_change_leaves_no_pending_slot(admin_ws, db_path):
    users.add_user(admin_ws, "eva", "evas-lösenord", Role.COORDINATOR)
    with pytest.raises(UserError, match="taken"):
        users.add_user(admin_ws, "EVA", "annat-lösenord", Role.COORDINATOR)
    assert admin_ws.read_slots().pending == ()
    with pytest.raises(UserError):
        users.change_password(admin_ws, "nobody", "nytt-lösenord")
    assert admin_ws.read_slots().pending == ()
    login(db_path, "eva", "evas-lösenord").close()
