"""Key files of format 1, as the version before key rotation wrote them, on real encrypted
files: each user's slot is upgraded at that user's own log-in, a rotation never silently
locks out a format-1 user, and an old copy no longer opens the database once it has rotated."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from sqlalchemy import text

from isu.db.rekey import key_fits
from isu.domain.roles import Role
from isu.errors import DatabaseCorrupt, KeySlotError, UserError, WrongPassword
from isu.fileio import atomic_write
from isu.security import keyslots, legacy
from isu.services import audit, keys, users
from isu.services.sign_in import login
from tests.security.legacy_format1 import make_format1_database

ADMIN, ADMIN_PW = "anna", "annas-lösenord"
SARA, SARA_PW = "sara", "saras-lösenord"
BO, BO_PW = "bo", "bos-lösenord-1"
PEOPLE = [
    (ADMIN, ADMIN_PW, Role.ADMIN),
    (SARA, SARA_PW, Role.COORDINATOR),
    (BO, BO_PW, Role.UNIT_HEAD),
]


@pytest.fixture
def old_unit(db_path):
    data_key, recovery = make_format1_database(db_path, PEOPLE)
    return data_key, recovery


def _keys(db_path):
    return keyslots.slot_path_for(db_path)


def _raw(db_path) -> dict:
    return json.loads(_keys(db_path).read_text(encoding="utf-8"))


def _formats(db_path) -> dict[str, int]:
    slots = keyslots.read_slot_file(_keys(db_path))
    names = {slots.user_slot_id(n): n for n, _p, _r in PEOPLE}
    return {names.get(s.slot_id, s.slot_id): s.format for s in slots.slots}


def _actions(ws) -> list[str]:
    with ws.db.reading() as session:
        return [e.action for e in audit.entries(session)]


def _login_and_close(db_path, user, password):
    ws = login(db_path, user, password)
    ws.close()


def test_each_user_is_upgraded_at_their_own_log_in(old_unit, db_path):
    data_key, _ = old_unit
    assert _raw(db_path)["version"] == 1
    ws = login(db_path, ADMIN, ADMIN_PW)
    try:
        assert ws._data_key == data_key  # the same database, upgraded to the newest schema
        assert "key_slot_upgraded" in _actions(ws)
    finally:
        ws.close()
    assert _raw(db_path)["version"] == keyslots.FORMAT_VERSION
    assert _formats(db_path) == {ADMIN: 2, SARA: 1, BO: 1, "recovery": 1}
    _login_and_close(db_path, SARA, SARA_PW)
    assert _formats(db_path) == {ADMIN: 2, SARA: 2, BO: 1, "recovery": 1}
    # Upgraded slots keep opening with the same passwords; the others too.
    for user, password in ((ADMIN, ADMIN_PW), (SARA, SARA_PW), (BO, BO_PW)):
        _login_and_close(db_path, user, password)
    assert set(_formats(db_path).values()) == {2, 1}  # only the recovery slot waits
    with pytest.raises(WrongPassword):
        login(db_path, SARA, "fel-lösenord-1")


def test_a_format1_file_with_an_edited_slot_or_a_negative_counter_is_refused(old_unit, db_path):
    raw = _raw(db_path)
    raw["slots"][0]["failures"] = -1000000
    _keys(db_path).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(KeySlotError, match="damaged"):
        login(db_path, ADMIN, ADMIN_PW)
    raw["slots"][0]["failures"] = 0
    # Bo's slot edited (his salt swapped for Sara's): the administrator's own slot still
    # opens, and the format-1 MAC over every slot refuses the file before anything else.
    raw["slots"][2]["salt"] = raw["slots"][1]["salt"]
    _keys(db_path).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(KeySlotError, match="changed outside"):
        login(db_path, ADMIN, ADMIN_PW)
    assert _raw(db_path)["version"] == 1  # refused before any upgrade


def test_the_format1_mac_is_checked(old_unit, db_path):
    raw = _raw(db_path)
    raw["mac"] = raw["mac"][:-4] + ("AAA=" if not raw["mac"].endswith("AAA=") else "BBB=")
    _keys(db_path).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(KeySlotError, match="changed outside"):
        login(db_path, ADMIN, ADMIN_PW)


def test_failures_on_a_format1_file_are_counted_and_its_counters_are_protected_once_upgraded(
    old_unit, db_path
):
    with pytest.raises(WrongPassword):
        login(db_path, BO, "fel-lösenord-1")
    raw = _raw(db_path)
    assert raw["version"] == 1  # counted without the data key, still format 1
    assert sorted(s["failures"] for s in raw["slots"]) == [0, 0, 0, 1]
    _login_and_close(db_path, ADMIN, ADMIN_PW)  # the file is format 2 from here on
    raw = _raw(db_path)
    bo = keyslots.read_slot_file(_keys(db_path))
    bo_slot = bo.find(bo.user_slot_id(BO))
    assert bo_slot.format == 1 and bo_slot.failures == 1 and bo_slot.attempts_at_success > 0
    for slot in raw["slots"]:  # lowered to zero: refused as damage, as for any format-2 file
        if slot["id"] == bo_slot.slot_id:
            slot["attempts"] = 0
    _keys(db_path).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(KeySlotError, match="damaged"):
        login(db_path, BO, BO_PW)


def test_a_rotation_is_refused_while_format1_slots_remain(old_unit, db_path):
    ws = login(db_path, ADMIN, ADMIN_PW)
    try:
        before = ws._data_key
        with pytest.raises(UserError) as refused:
            keys.rekey(ws)
        assert "2 användare" in refused.value.sv and "återställningsnyckeln" in refused.value.sv
        assert "--drop-legacy" in refused.value.hint_sv
        with pytest.raises(UserError, match="1 user"):
            users.set_disabled(ws, BO)
        assert key_fits(db_path, before) and ws._data_key == before
        with ws.db.reading() as session:  # nothing half-done: Bo is still enabled
            query = text("SELECT disabled FROM users WHERE username = 'bo'")
            assert session.execute(query).scalar() == 0
    finally:
        ws.close()
    _login_and_close(db_path, BO, BO_PW)  # still gets in


def test_old_copies_do_not_open_the_database_once_every_slot_is_upgraded_and_rotated(
    old_unit, db_path, tmp_path
):
    data_key, recovery = old_unit
    stolen = tmp_path / "stolen.keys"
    shutil.copyfile(_keys(db_path), stolen)
    for user, password in ((ADMIN, ADMIN_PW), (SARA, SARA_PW), (BO, BO_PW)):
        _login_and_close(db_path, user, password)
    users.reset_password_with_recovery(db_path, recovery, SARA, "saras-nya-lösen")
    assert set(_formats(db_path).values()) == {2}  # the recovery use upgraded its slot
    assert not key_fits(db_path, data_key)  # and the reset rotated the key
    attack = tmp_path / "attack"
    attack.mkdir()
    shutil.copyfile(db_path, attack / "isu.db")
    shutil.copyfile(stolen, attack / "isu.db.keys")
    for user, password in ((ADMIN, ADMIN_PW), (BO, BO_PW)):
        with pytest.raises(DatabaseCorrupt):
            login(attack / "isu.db", user, password)
    _login_and_close(db_path, SARA, "saras-nya-lösen")
    _login_and_close(db_path, BO, BO_PW)


def test_an_administrator_can_drop_the_remaining_format1_slots(old_unit, db_path, tmp_path):
    data_key, recovery = old_unit
    stolen = tmp_path / "stolen.keys"
    shutil.copyfile(_keys(db_path), stolen)
    ws = login(db_path, ADMIN, ADMIN_PW)
    try:
        new_recovery = keys.rekey(ws, drop_legacy=True)
        assert new_recovery and new_recovery != recovery
        actions = _actions(ws)
        assert actions[-2:] == ["legacy_key_slots_dropped", "data_key_rotated"]
        users.change_password(ws, SARA, "saras-nya-lösen")  # a new slot for a dropped user
    finally:
        ws.close()
    assert not key_fits(db_path, data_key)
    assert _formats(db_path) == {ADMIN: 2, SARA: 2, "recovery": 2}
    with pytest.raises(WrongPassword):
        login(db_path, BO, BO_PW)  # dropped: Bo needs a new password from an administrator
    with pytest.raises(WrongPassword):
        users.reset_password_with_recovery(db_path, recovery, BO, "bos-nya-lösen")
    users.reset_password_with_recovery(db_path, new_recovery, BO, "bos-nya-lösen")
    _login_and_close(db_path, BO, "bos-nya-lösen")
    shutil.copyfile(stolen, _keys(db_path))  # the old copy put back in place
    with pytest.raises(DatabaseCorrupt):
        login(db_path, ADMIN, ADMIN_PW)


def test_an_upgrade_cut_short_leaves_a_file_that_opens(old_unit, db_path, monkeypatch):
    """A kill during the upgrade: before the new file is renamed into place, or after it."""
    import isu.security.keyslots as ks

    def dies_before_rename(path, data):
        raise KeyboardInterrupt  # the process ends here (BaseException, as a kill would)

    monkeypatch.setattr(ks, "atomic_write", dies_before_rename)
    with pytest.raises(KeyboardInterrupt):
        login(db_path, ADMIN, ADMIN_PW)
    monkeypatch.setattr(ks, "atomic_write", atomic_write)
    assert _raw(db_path)["version"] == 1  # the old file, whole
    _login_and_close(db_path, SARA, SARA_PW)
    assert _formats(db_path)[SARA] == 2

    def dies_after_rename(path, data):
        atomic_write(path, data)
        raise KeyboardInterrupt

    monkeypatch.setattr(ks, "atomic_write", dies_after_rename)
    with pytest.raises(KeyboardInterrupt):
        login(db_path, ADMIN, ADMIN_PW)
    monkeypatch.setattr(ks, "atomic_write", atomic_write)
    assert _formats(db_path)[ADMIN] == 2  # the new file, whole
    for user, password in ((ADMIN, ADMIN_PW), (SARA, SARA_PW), (BO, BO_PW)):
        _login_and_close(db_path, user, password)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkills_during_upgrades_never_lock_anyone_out(old_unit, db_path, tmp_path):
    """Real kills at random moments of log-ins that upgrade slots (fork, SIGKILL)."""
    import random
    import signal
    import time

    rng = random.Random(16)
    for round_ in range(12):
        user, password = PEOPLE[round_ % 3][:2]
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                _login_and_close(db_path, user, password)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        slots = keyslots.read_slot_file(_keys(db_path))
        for name, pw, _r in PEOPLE:  # every password still opens a key that fits
            opened = keyslots.open_user_slot(slots, name, pw)
            assert opened is not None
            assert key_fits(db_path, keyslots.unwrap(slots, opened))
    for name, pw, _r in PEOPLE:
        _login_and_close(db_path, name, pw)
    assert set(_formats(db_path).values()) == {2, 1}
    assert legacy.legacy_left(keyslots.read_slot_file(_keys(db_path))) == (0, True)


def test_the_rekey_command_explains_the_wait_and_drops_on_request(
    old_unit, db_path, capsys, monkeypatch
):
    from tests.reliability.support import cli

    data_key, recovery = old_unit
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PW)
    assert cli(["rekey", "--db", str(db_path), "--user", ADMIN]) == 2
    err = capsys.readouterr().err
    assert "2 användare" in err and "--drop-legacy" in err and "Traceback" not in err
    assert key_fits(db_path, data_key)
    assert cli(["rekey", "--db", str(db_path), "--user", ADMIN, "--drop-legacy"]) == 0
    out = capsys.readouterr().out
    assert "NY ÅTERSTÄLLNINGSNYCKEL" in out and recovery not in out
    new_recovery = out.rsplit("\n", 2)[-2].strip()
    assert not key_fits(db_path, data_key)
    slots = keyslots.read_slot_file(_keys(db_path))
    assert key_fits(db_path, keyslots.unlock_recovery(slots, new_recovery))


def test_a_disabled_users_leftover_slot_is_removed_and_the_owed_rotation_waits(old_unit, db_path):
    """The old ``disable`` could be cut short between its row and its slot: Bo is disabled
    but his format-1 slot is still there. It goes at the next log-in; the rotation it owes
    waits until no format-1 slot is left, then happens by itself."""
    from isu.db.database import open_database

    data_key, recovery = old_unit
    db = open_database(db_path, data_key)
    with db.unit_of_work() as session:
        session.execute(text("UPDATE users SET disabled = 1 WHERE username = 'bo'"))
    db.close()
    _login_and_close(db_path, ADMIN, ADMIN_PW)
    assert BO not in _formats(db_path)
    with pytest.raises(WrongPassword):
        login(db_path, BO, BO_PW)
    assert key_fits(db_path, data_key)  # postponed: Sara and the recovery slot are format 1
    assert _owed(db_path, data_key) == [1]
    _login_and_close(db_path, SARA, SARA_PW)
    assert _owed(db_path, data_key) == [1]
    users.reset_password_with_recovery(db_path, recovery, ADMIN, "annas-nya-lösen")
    assert not key_fits(db_path, data_key)
    # The next writable log-in does the owed rotation (no format-1 slot is left now).
    before = _current_key(db_path)
    _login_and_close(db_path, SARA, SARA_PW)
    assert not key_fits(db_path, before) and _owed(db_path, _current_key(db_path)) == []
    _login_and_close(db_path, SARA, SARA_PW)
    _login_and_close(db_path, ADMIN, "annas-nya-lösen")


def _owed(db_path, key) -> list[int]:
    from isu.db.database import Database

    db = Database(db_path, key)
    try:
        with db.reading() as session:
            return list(session.execute(text("SELECT rekey FROM key_changes")).scalars())
    finally:
        db.close()


def _current_key(db_path) -> bytes:
    return keyslots.unlock_user(keyslots.read_slot_file(_keys(db_path)), SARA, SARA_PW)
