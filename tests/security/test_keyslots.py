import itertools
import json

import pytest

from isu.errors import KeySlotError, WrongPassword
from isu.security import keyslots, throttle
from isu.security.keyslots import KdfParams


def _file_with_user(password="rätt-lösenord"):
    data_key = keyslots.new_data_key()
    slots = keyslots.new_slot_file()
    slots = slots.with_slot(keyslots.make_user_slot(slots, "Anna", password, data_key))
    return slots.sealed(data_key), data_key


def test_user_slot_opens_with_password_and_name_in_any_case():
    slots, data_key = _file_with_user()
    assert keyslots.unlock_user(slots, "anna", "rätt-lösenord") == data_key
    assert keyslots.unlock_user(slots, " ANNA ", "rätt-lösenord") == data_key


def test_wrong_password_and_unknown_user_give_none():
    slots, _ = _file_with_user()
    assert keyslots.unlock_user(slots, "anna", "fel") is None
    assert keyslots.unlock_user(slots, "bertil", "rätt-lösenord") is None


def test_user_names_are_not_in_the_file(tmp_path):
    slots, _ = _file_with_user()
    path = tmp_path / "x.keys"
    keyslots.write_slot_file(path, slots)
    assert "anna" not in path.read_text().lower()


def test_kdf_parameters_are_stored_per_slot():
    data_key = keyslots.new_data_key()
    slots = keyslots.new_slot_file()
    slot = keyslots.make_user_slot(slots, "a", "lösenord!", data_key, KdfParams(16384, 2, 2))
    assert slot.kdf == {"name": "argon2id", "memory_kib": 16384, "iterations": 2, "lanes": 2}
    assert keyslots.unlock_user(slots.with_slot(slot), "a", "lösenord!") == data_key


def test_recovery_key_is_forgiving_about_case_and_dashes():
    data_key = keyslots.new_data_key()
    recovery = keyslots.new_recovery_key()
    slots = keyslots.new_slot_file()
    slots = slots.with_slot(keyslots.make_recovery_slot(slots, recovery, data_key))
    sloppy = recovery.lower().replace("-", " ")
    assert keyslots.unlock_recovery(slots, sloppy) == data_key
    with pytest.raises(WrongPassword):
        keyslots.unlock_recovery(slots, keyslots.new_recovery_key())


def test_mac_detects_a_swapped_slot(tmp_path):
    slots, data_key = _file_with_user()
    other_key = keyslots.new_data_key()
    rogue = keyslots.make_user_slot(slots, "mallory", "lösenord!", other_key)
    tampered = slots.with_slot(rogue)  # mac not recomputed
    with pytest.raises(KeySlotError):
        tampered.check_mac(data_key)


def test_damaged_and_missing_files_say_so(tmp_path):
    with pytest.raises(KeySlotError, match="missing"):
        keyslots.read_slot_file(tmp_path / "none.keys")
    bad = tmp_path / "bad.keys"
    bad.write_text("{not json")
    with pytest.raises(KeySlotError, match="damaged"):
        keyslots.read_slot_file(bad)
    bad.write_text(json.dumps({"format": "isu-keyslots", "version": 2, "slots": [{}]}))
    with pytest.raises(KeySlotError, match="damaged"):
        keyslots.read_slot_file(bad)


def test_failure_delay_grows_and_is_capped():
    delays = [throttle.failure_delay(n) for n in range(0, 10)]
    assert delays[0] == 0
    assert all(a <= b for a, b in itertools.pairwise(delays))
    assert delays[-1] == 60


def test_absurd_kdf_cost_in_a_tampered_file_is_refused_not_run():
    data_key = keyslots.new_data_key()
    slots = keyslots.new_slot_file()
    slot = keyslots.make_user_slot(slots, "a", "lösenord!", data_key)
    from dataclasses import replace

    greedy = replace(slot, kdf=dict(slot.kdf, memory_kib=4 * 1024 * 1024, iterations=64))
    with pytest.raises(KeySlotError, match="damaged"):
        keyslots.unlock_user(slots.with_slot(greedy), "a", "lösenord!")
