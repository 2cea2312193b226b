"""The key file under its MAC, tested by the edits it stops: any changed field, a lowered
failure counter, a future top-level field, a raised Argon2 cost; and key derivations that
queue instead of running out of memory."""

from __future__ import annotations

import base64
import copy
import json
import threading

import pytest

from isu.errors import KeySlotError, WrongPassword
from isu.security import keyparse, keyslots, throttle
from isu.services.sign_in import login
from isu.services.workspace import LoginThrottled
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import cli


def _file(recovery_too=True):
    data_key = keyslots.new_data_key()
    slots = keyslots.new_slot_file()
    slots = slots.with_slot(keyslots.make_user_slot(slots, "anna", "annas-lösen", data_key))
    slots = slots.with_slot(keyslots.make_user_slot(slots, "bo", "bos-lösenord", data_key))
    if recovery_too:
        rec = keyslots.make_recovery_slot(slots, keyslots.new_recovery_key(), data_key)
        slots = slots.with_slot(rec)
    slots = slots.with_pending("t1", keyslots.make_user_slot(slots, "cia", "cias-lösen", data_key))
    slots = slots.with_field("audit_anchor", {"entries": 12, "last_hash": "ab" * 32})
    return slots.sealed(data_key), data_key


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, (*path, i))
    else:
        yield path, node


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    try:
        raw = base64.b64decode(value, validate=True)
        if raw:
            return base64.b64encode(bytes([raw[0] ^ 1]) + raw[1:]).decode()
    except (ValueError, TypeError):
        pass
    return value + "x"


def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def test_every_field_is_under_the_mac():
    slots, data_key = _file()
    doc = slots.to_json()
    leaves = [(p, v) for p, v in _leaves(doc) if p != ("mac",)]
    assert len(leaves) > 40
    for path, value in leaves:
        edited = copy.deepcopy(doc)
        _set(edited, path, _changed(value))
        try:
            parsed = keyparse.parse_slot_file(edited)
        except KeySlotError:
            continue  # refused as damaged (or newer) before any key is used
        assert not parsed.mac_ok(data_key), f"the MAC does not cover {path}"
    assert keyparse.parse_slot_file(doc).mac_ok(data_key)


def test_a_future_top_level_field_is_covered_without_code_for_it():
    slots, data_key = _file()
    doc = slots.to_json()
    assert keyparse.parse_slot_file(doc).field_value("audit_anchor")["entries"] == 12
    for edit in (
        lambda d: d.pop("audit_anchor"),
        lambda d: d.update(audit_anchor={"entries": 11, "last_hash": "ab" * 32}),
        lambda d: d.update(someone_elses_field=1),
    ):
        edited = copy.deepcopy(doc)
        edit(edited)
        assert not keyparse.parse_slot_file(edited).mac_ok(data_key)


def test_a_failure_recorded_without_the_key_keeps_the_mac_valid():
    slots, data_key = _file()
    slot = slots.find(slots.user_slot_id("anna"))
    raised = slots.with_counter(throttle.record_failure(slot))
    raised = raised.with_counter(throttle.record_failure(raised.find(slot.slot_id)))
    again = keyparse.parse_slot_file(json.loads(json.dumps(raised.to_json())))
    assert again.find(slot.slot_id).failures == 2
    assert again.mac_ok(data_key)
    # The recorded floor cannot be moved up to hide the failures, nor the counter under it.
    doc = again.to_json()
    doc["sealed_counters"][slot.slot_id][0] += 3
    with pytest.raises(KeySlotError, match="damaged"):
        keyparse.parse_slot_file(doc)


def _slot_doc(path, name=ADMIN):
    raw = json.loads(path.read_text())
    slots = keyparse.parse_slot_file(raw)
    sid = slots.user_slot_id(name)
    return raw, next(s for s in raw["slots"] if s["id"] == sid)


@pytest.mark.parametrize("counter", [-1_000_000, 0])
def test_a_lowered_failure_counter_does_not_reset_the_delay(db_path, new_db, counter):
    new_db[0].close()
    path = keyslots.slot_path_for(db_path)
    with pytest.raises(WrongPassword):
        login(db_path, ADMIN, "fel-lösenord-1")
    raw, slot = _slot_doc(path)
    assert slot["attempts"] > 0  # starts at a random number, so 0 is a lowered value
    slot["attempts"] = counter
    path.write_text(json.dumps(raw))
    # Refused before any password is tried, the right one included: the file is damaged.
    with pytest.raises(KeySlotError, match="damaged"):
        login(db_path, ADMIN, ADMIN_PASSWORD)


def test_a_raised_success_mark_is_caught_by_the_mac(db_path, new_db):
    new_db[0].close()
    path = keyslots.slot_path_for(db_path)
    with pytest.raises(WrongPassword):
        login(db_path, ADMIN, "fel-lösenord-1")
    with pytest.raises(LoginThrottled):
        login(db_path, ADMIN, ADMIN_PASSWORD)
    raw, slot = _slot_doc(path)
    slot["attempts_at_success"] = slot["attempts"]  # "no failures since the last log-in"
    raw.pop("sealed_counters")
    path.write_text(json.dumps(raw))
    with pytest.raises(KeySlotError, match="changed outside the program"):
        login(db_path, ADMIN, ADMIN_PASSWORD)


def test_a_raised_argon2_cost_reads_as_a_damaged_key_file(db_path, new_db, capsys, tmp_path):
    new_db[0].close()
    path = keyslots.slot_path_for(db_path)
    raw, slot = _slot_doc(path)
    slot["kdf"]["memory_kib"] = 64 * 1024 * 1024
    path.write_text(json.dumps(raw))
    secret = tmp_path / "pw"
    secret.write_text(ADMIN_PASSWORD)
    args = ["verify", "--db", str(db_path), "--user", ADMIN, "--password-file", str(secret)]
    assert cli(args) == 2
    assert "Nyckelfilen bredvid databasen är skadad" in capsys.readouterr().err
    slot["kdf"]["memory_kib"], slot["kdf"]["iterations"] = 8192, 10_000
    path.write_text(json.dumps(raw))
    assert cli(args) == 2
    err = capsys.readouterr().err
    assert "skadad" in err and "Fel användarnamn" not in err


def test_key_derivations_queue_one_at_a_time():
    slots, data_key = _file(recovery_too=False)
    results: list[bytes | None] = []

    def unlock(name, password):
        results.append(keyslots.unlock_user(slots, name, password))

    threads = [
        threading.Thread(target=unlock, args=("anna", "annas-lösen")),
        threading.Thread(target=unlock, args=("bo", "bos-lösenord")),
    ]
    with keyslots.KDF_LOCK:  # another derivation is running
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=0.5)
        assert all(t.is_alive() for t in threads)  # both wait for it
    for t in threads:
        t.join()
    assert results == [data_key, data_key]


def test_two_full_cost_derivations_at_once_both_succeed(monkeypatch):
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", keyslots.KdfParams())
    data_key = keyslots.new_data_key()
    slots = keyslots.new_slot_file()
    for name in ("anna", "bo"):
        slots = slots.with_slot(keyslots.make_user_slot(slots, name, f"{name}-lösenord", data_key))
    results, errors = [], []

    def unlock(name):
        try:
            results.append(keyslots.unlock_user(slots, name, f"{name}-lösenord"))
        except MemoryError as exc:  # what two 128 MiB derivations at once used to raise
            errors.append(exc)

    threads = [threading.Thread(target=unlock, args=(n,)) for n in ("anna", "bo")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and results == [data_key, data_key]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        '{"format": "isu-keyslots", "version": 2, "db_id": "x", "lookup_salt": "", "slots": [],'
        ' "extra": "\\ud800", "mac": ""}',
        '{"format": "isu-keyslots", "version": 2, "db_id": "x", "lookup_salt": "",'
        ' "slots": {"a": 1}}',
        '{"format": "isu-keyslots", "version": 2, "db_id": "x", "lookup_salt": "", "slots": [],'
        ' "sealed_counters": [1, 2]}',
    ],
)
def test_odd_documents_are_damaged_or_fail_the_mac_never_crash(tmp_path, text):
    path = tmp_path / "odd.keys"
    path.write_text(text)
    try:
        parsed = keyslots.read_slot_file(path)
    except KeySlotError:
        return
    assert not parsed.mac_ok(keyslots.new_data_key())
