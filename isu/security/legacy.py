"""Key files of format 1 (made before key rotation existed), read and upgraded to format 2.

Format 1
--------
Each slot held the data key itself, AES-256-GCM under the key-encryption key (KEK) derived
from the slot's password (Argon2id) or recovery key (HKDF), with ``nonce`` and ``wrapped``
stored apart; the associated data was ``[db_id, id, kind, kdf, salt]``. An HMAC keyed by the
data key covered ``db_id``, ``lookup_salt`` and every slot's ``id, kind, kdf, salt, nonce,
wrapped``, but **not** the failure counters (``failures``, ``last_failure``), which were
written without the data key.

The upgrade, step by step
-------------------------
1. Reading: a format-1 file becomes a ``SlotFile`` of origin 1 whose slots are *legacy*
   slots (``Slot.format == 1``; ``sealed`` holds the nonce, ``wrapped`` the ciphertext). Its
   MAC is checked with the format-1 rule. A negative counter is refused as damage; a counter
   lowered to 0 or to any smaller number cannot be seen, because format 1 did not cover it.
2. The first writable open by anyone (any user's log-in or the recovery key) writes the file
   as format 2: the whole document is under the format-2 MAC from then on, and every
   counter gets a random starting value, so a counter lowered later is refused as damage as
   for any format-2 file. The slots stay legacy slots.
3. Each user's own next successful log-in turns that user's slot into a format-2 slot: a new
   X25519 key pair sealed under the same KEK (same salt and Argon2 cost, so no second
   derivation), the data key wrapped to its public key, the counters kept. The recovery
   slot is turned over at its next use in the same way. Each step is one atomic replace
   of the key file, so a crash leaves the old file or the new one, and both open the same
   database with the same password.
4. A rotation needs every slot in format 2 (a legacy slot cannot be rewrapped without its
   password). While legacy slots remain, ``isu rekey``, disabling a user and a recovery
   reset are refused with a message saying how many users still have to log in once,
   unless an administrator drops them explicitly (``isu rekey --drop-legacy``, audited);
   a dropped legacy recovery slot is replaced by a new recovery key, shown once.
"""

from __future__ import annotations

import json
from dataclasses import replace

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from isu.errors import UserError
from isu.security.slot_file import (
    DATA_KEY_BYTES,
    LEGACY_VERSION,
    RECOVERY_SLOT,
    OpenedSlot,
    Slot,
    SlotFile,
    _new_slot,
    _unb64,
)


# -- reading ----------------------------------------------------------------------------------
def parse_format1(raw: dict, count, stamp) -> SlotFile:
    """A format-1 document as a ``SlotFile`` of origin 1 (raises KeyError, ValueError ... on
    a malformed one; the caller turns those into "damaged")."""
    slots = []
    for s in raw["slots"]:
        if not isinstance(s, dict) or not isinstance(s["kdf"], dict):
            raise ValueError("a slot must be an object")
        for encoded in (s["salt"], s["nonce"], s["wrapped"]):
            _unb64(str(encoded))
        failures = count(s.get("failures", 0))
        slots.append(
            Slot(
                str(s["id"]),
                str(s["kind"]),
                dict(s["kdf"]),
                str(s["salt"]),
                "",
                str(s["nonce"]),
                str(s["wrapped"]),
                failures,
                0,
                stamp(s.get("last_failure", 0.0)),
                format=LEGACY_VERSION,
            )
        )
    if len({s.slot_id for s in slots}) != len(slots):
        raise ValueError("two slots with one id")
    parsed = SlotFile(
        str(raw["db_id"]), str(raw["lookup_salt"]), tuple(slots), str(raw.get("mac", ""))
    )
    _unb64(parsed.lookup_salt)
    return replace(parsed, origin=LEGACY_VERSION)


def _aad(slot: Slot, db_id: str) -> bytes:
    # Exactly as format 1 wrote it (json.dumps defaults: ", " and ": " separators, ASCII).
    return json.dumps([db_id, slot.slot_id, slot.kind, slot.kdf, slot.salt], sort_keys=True).encode(
        "utf-8"
    )


# -- opening ----------------------------------------------------------------------------------
def open_slot(slot: Slot, kek: bytes, db_id: str) -> OpenedSlot | None:
    """A legacy slot opened with its KEK: the data key it holds, and the KEK to upgrade it."""
    try:
        key = AESGCM(kek).decrypt(_unb64(slot.sealed), _unb64(slot.wrapped), _aad(slot, db_id))
    except (InvalidTag, ValueError):
        return None
    if len(key) != DATA_KEY_BYTES:
        return None
    return OpenedSlot(slot.slot_id, "", None, kek=kek, legacy_key=key)


# -- upgrading --------------------------------------------------------------------------------
def upgraded(slots: SlotFile, opened: OpenedSlot, data_key: bytes) -> SlotFile:
    """``slots`` with the opened legacy slot turned into a format-2 slot (same password)."""
    slot = slots.find(opened.slot_id)
    if slot is None or slot.format != LEGACY_VERSION or opened.kek is None:
        return slots
    new = _new_slot(
        slot.slot_id, slot.kind, slot.kdf, _unb64(slot.salt), opened.kek, data_key, slots.db_id
    )
    return slots.with_slot(
        replace(
            new,
            attempts=slot.attempts,
            attempts_at_success=slot.attempts_at_success,
            last_failure=slot.last_failure,
        )
    )


def needs_upgrade(slots: SlotFile, opened: OpenedSlot) -> bool:
    slot = slots.find(opened.slot_id)
    return slots.origin == LEGACY_VERSION or (slot is not None and slot.format == LEGACY_VERSION)


def legacy_left(slots: SlotFile) -> tuple[int, bool]:
    """(user slots still in format 1, whether the recovery slot is)."""
    old = [s for s in slots.slots if s.format == LEGACY_VERSION]
    return sum(s.slot_id != RECOVERY_SLOT for s in old), any(
        s.slot_id == RECOVERY_SLOT for s in old
    )


def without_legacy(slots: SlotFile, *, recovery_too: bool) -> SlotFile:
    """``slots`` without the user slots still in format 1 (and the recovery slot, if it is
    one and ``recovery_too``: the caller puts a new one in its place)."""

    def drop(s: Slot) -> bool:
        return s.format == LEGACY_VERSION and (recovery_too or s.slot_id != RECOVERY_SLOT)

    return replace(slots, slots=tuple(s for s in slots.slots if not drop(s)))


def refuse_rotation(users: int, recovery: bool) -> UserError:
    parts_sv, parts_en = [], []
    if users:
        parts_sv.append(
            f"{users} användare har en nyckel i det äldre formatet och behöver logga in en gång"
            " med den här versionen"
        )
        parts_en.append(
            f"{users} user(s) still have a key in the older format and need to log in once with"
            " this version"
        )
    if recovery:
        parts_sv.append("återställningsnyckeln behöver användas en gång")
        parts_en.append("the recovery key needs to be used once")
    return UserError(
        "Databasen kan inte få en ny nyckel ännu: " + "; ".join(parts_sv) + ".",
        "The database cannot be given a new key yet: " + "; ".join(parts_en) + ".",
        hint_sv="Eller låt en administratör ta bort de gamla nycklarna med"
        " isu rekey --drop-legacy (de användarna får sedan nya lösenord av en administratör,"
        " och en ny återställningsnyckel visas en gång).",
        hint_en="Or let an administrator drop the old keys with isu rekey --drop-legacy (those"
        " users then get new passwords from an administrator, and a new recovery key is"
        " shown once).",
    )
