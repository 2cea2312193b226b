"""Key rotation on real encrypted files, tested by the attacks it stops: an old copy of the key
file (with the password of a disabled user, or of anyone) no longer opens the database, and a
rotation cut short at any step still leaves a database that opens."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text

from isu.db.database import Database, open_database
from isu.db.rekey import key_fits, rekey_database
from isu.domain.roles import Role
from isu.errors import DatabaseCorrupt, PermissionDenied, UserError, WrongPassword
from isu.security import keyslots
from isu.services import keys, users
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD

SARA, SARA_PW = "sara", "saras-lösenord"
BO, BO_PW = "bo", "bos-lösenord-1"


@pytest.fixture
def team(new_db, db_path):
    ws, recovery = new_db
    users.add_user(ws, SARA, SARA_PW, Role.COORDINATOR)
    users.add_user(ws, BO, BO_PW, Role.UNIT_HEAD)
    return ws, recovery


def _keys(db_path):
    return keyslots.slot_path_for(db_path)


def _count(db_path, user=ADMIN, password=ADMIN_PASSWORD) -> int:
    ws = login(db_path, user, password)
    try:
        with ws.db.reading() as s:
            return s.execute(text("SELECT count(*) FROM users")).scalar()
    finally:
        ws.close()


def _old_copy_against_current(db_path, old_keys, tmp_path, user, password):
    """Log in with an old key-file copy put beside the current database."""
    attack = tmp_path / "attack"
    attack.mkdir(exist_ok=True)
    shutil.copyfile(db_path, attack / "isu.db")
    shutil.copyfile(old_keys, attack / "isu.db.keys")
    return login(attack / "isu.db", user, password)


def test_an_old_key_file_copy_does_not_open_the_database_after_a_user_is_disabled(
    team, db_path, tmp_path
):
    ws, _ = team
    old = tmp_path / "stolen.keys"
    shutil.copyfile(_keys(db_path), old)
    old_slots = keyslots.read_slot_file(old)
    old_key = keyslots.unlock_user(old_slots, SARA, SARA_PW)
    assert key_fits(db_path, old_key)  # before: the copy works

    users.set_disabled(ws, SARA)
    ws.close()

    # The disabled user's own password against the current files: nothing.
    with pytest.raises(WrongPassword):
        login(db_path, SARA, SARA_PW)
    # The old copy with her password, and with a colleague's: refused by the database.
    for user, password in ((SARA, SARA_PW), (BO, BO_PW)):
        with pytest.raises(DatabaseCorrupt):
            _old_copy_against_current(db_path, old, tmp_path, user, password)
        assert not key_fits(db_path, keyslots.unlock_user(old_slots, user, password))
    # What the old copy yields (old data key, her private key) opens nothing in the new file.
    opened = keyslots.open_user_slot(old_slots, SARA, SARA_PW)
    current = keyslots.read_slot_file(_keys(db_path))
    assert keyslots.unwrap(current, opened) is None
    with pytest.raises(WrongPassword):
        open_database(db_path, old_key)
    # Everyone else still gets in, and the recovery key still works.
    assert _count(db_path, BO, BO_PW) == 3
    assert _count(db_path) == 3


def test_rekey_gives_a_new_key_and_keeps_every_slot(team, db_path, tmp_path):
    ws, recovery = team
    old = tmp_path / "copy.keys"
    shutil.copyfile(_keys(db_path), old)
    before = ws._data_key
    keys.rekey(ws)
    assert ws._data_key != before and key_fits(db_path, ws._data_key)
    assert not key_fits(db_path, before)
    with ws.db.reading() as s:  # the workspace goes on with the new key
        actions = [r[0] for r in s.execute(text("SELECT action FROM audit_log"))]
    assert actions[-1] == "data_key_rotated"
    ws.close()
    for user, password in ((ADMIN, ADMIN_PASSWORD), (SARA, SARA_PW), (BO, BO_PW)):
        assert _count(db_path, user, password) == 3
        with pytest.raises(DatabaseCorrupt):
            _old_copy_against_current(db_path, old, tmp_path, user, password)
    slots = keyslots.read_slot_file(_keys(db_path))
    assert keyslots.unlock_recovery(slots, recovery) == keyslots.unlock_user(slots, BO, BO_PW)
    assert not keys.next_path_for(_keys(db_path)).exists()
    bo = login(db_path, BO, BO_PW)
    try:
        with pytest.raises(PermissionDenied):  # only administrators
            keys.rekey(bo)
    finally:
        bo.close()


def test_a_recovery_reset_rotates_the_key(team, db_path, tmp_path):
    ws, recovery = team
    ws.close()
    old = tmp_path / "copy.keys"
    shutil.copyfile(_keys(db_path), old)
    users.reset_password_with_recovery(db_path, recovery, SARA, "nytt-sara-lösen")
    assert _count(db_path, SARA, "nytt-sara-lösen") == 3
    with pytest.raises(DatabaseCorrupt):
        _old_copy_against_current(db_path, old, tmp_path, BO, BO_PW)


def test_a_new_password_opens_nothing_with_an_old_copy_after_the_next_rotation(
    team, db_path, tmp_path
):
    ws, _ = team
    old = tmp_path / "copy.keys"
    shutil.copyfile(_keys(db_path), old)
    users.change_password(ws, SARA, "saras-nya-lösen")
    # Until a rotation the old copy and old password still reach the (same) data key.
    assert key_fits(db_path, keyslots.unlock_user(keyslots.read_slot_file(old), SARA, SARA_PW))
    keys.rekey(ws)
    ws.close()
    with pytest.raises(DatabaseCorrupt):
        _old_copy_against_current(db_path, old, tmp_path, SARA, SARA_PW)
    opened = keyslots.open_user_slot(keyslots.read_slot_file(old), SARA, SARA_PW)
    assert keyslots.unwrap(keyslots.read_slot_file(_keys(db_path)), opened) is None
    assert _count(db_path, SARA, "saras-nya-lösen") == 3


# -- a rotation cut short, step by step (the SIGKILL version is benchmarks/crash_harness.py) --
def _half_rotation(ws, db_path, *, rekeyed: bool) -> bytes:
    """What a kill leaves: the new key file written as .next, the database rekeyed or not."""
    new_key = keyslots.new_data_key()
    slots = ws.read_slots()
    keyslots.write_slot_file(keys.next_path_for(_keys(db_path)), keyslots.rewrapped(slots, new_key))
    ws.close()
    if rekeyed:
        rekey_database(db_path, ws._data_key, new_key)
    return new_key


@pytest.mark.parametrize("rekeyed", [False, True])
def test_a_rotation_cut_short_opens_with_the_old_or_the_new_key(team, db_path, rekeyed):
    ws, recovery = team
    old_key = ws._data_key
    new_key = _half_rotation(ws, db_path, rekeyed=rekeyed)
    assert _count(db_path, BO, BO_PW) == 3
    assert not keys.next_path_for(_keys(db_path)).exists()  # settled: promoted or dropped
    slots = keyslots.read_slot_file(_keys(db_path))
    assert keyslots.unlock_recovery(slots, recovery) == (new_key if rekeyed else old_key)
    assert _count(db_path) == 3


def test_a_rotation_cut_short_opens_with_the_recovery_key_too(team, db_path):
    ws, recovery = team
    _half_rotation(ws, db_path, rekeyed=True)
    users.reset_password_with_recovery(db_path, recovery, BO, "bos-nya-lösen")
    assert _count(db_path, BO, "bos-nya-lösen") == 3


def test_a_rotation_cut_short_does_not_let_a_removed_slot_in(team, db_path):
    ws, _ = team
    new_key = keyslots.new_data_key()
    slots = ws.read_slots()
    live = slots.without_slot(slots.user_slot_id(SARA))
    keyslots.write_slot_file(keys.next_path_for(_keys(db_path)), keyslots.rewrapped(live, new_key))
    ws.close()
    rekey_database(db_path, ws._data_key, new_key)
    with pytest.raises(WrongPassword):
        login(db_path, SARA, SARA_PW)
    assert _count(db_path, BO, BO_PW) == 3


def test_the_workspace_is_told_when_another_window_rotated_the_key(team, db_path):
    ws, _ = team
    other = login(db_path, BO, BO_PW)
    try:
        keys.rekey(ws)
    finally:
        ws.close()
    try:
        with pytest.raises(UserError, match="Log in again"):
            other.read_slots()
    finally:
        other.close()


def test_rekey_keeps_every_case(admin_ws, db_path):
    from isu.domain.answers import Answer
    from isu.domain.model import CaseQuery
    from isu.services import cases

    for i in range(30):
        cases.register_case(admin_ws, f"R-{i}", answers={"birth_year": Answer(2008)})
    keys.rekey(admin_ws)
    assert cases.list_cases(admin_ws, CaseQuery(limit=100)).total == 30
    admin_ws.close()
    slots = keyslots.read_slot_file(_keys(db_path))
    db = Database(db_path, keyslots.unlock_user(slots, ADMIN, ADMIN_PASSWORD))
    try:
        with db.reading() as s:
            assert s.execute(text("SELECT count(*) FROM cases")).scalar() == 30
    finally:
        db.close()


def test_the_rekey_command(team, db_path, capsys, monkeypatch):
    from tests.reliability.support import cli

    ws, _ = team
    before = ws._data_key
    ws.close()
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    assert cli(["rekey", "--db", str(db_path), "--user", ADMIN]) == 0
    assert "krypterad med en ny nyckel" in capsys.readouterr().out
    assert not key_fits(db_path, before)
    monkeypatch.setenv("ISU_PASSWORD", BO_PW)
    assert cli(["rekey", "--db", str(db_path), "--user", BO]) == 2
    assert "får inte" in capsys.readouterr().err
