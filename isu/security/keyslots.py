"""Key slots: the database's random data key, reachable once per user (LUKS/KeePass style).

Key hierarchy (format 2)
------------------------
* The **data key** D (32 random bytes) is the SQLCipher raw key of the database. It is
  replaced by a new random key at every rotation (``isu rekey``, disabling a user, a reset
  with the recovery key; see ``isu.services.keys``).
* Each **slot** (one per user, one for the administrator recovery key) owns an X25519 key
  pair. Its private key is sealed with AES-256-GCM under a key-encryption key derived from
  the password (Argon2id) or from the recovery key (HKDF: it carries 240 random bits). The
  public key is stored in clear.
* The data key is **wrapped to each slot's public key** (ephemeral X25519 + HKDF-SHA256 +
  AES-256-GCM). Rotating therefore needs no password: whoever holds the current data key
  (an unlocked administrator) wraps a new data key to every remaining public key. A new
  password gives the slot a new key pair, so an old password opens nothing after the next
  rotation.
* User names never appear in the file: a slot is found by an HMAC of the name under a random
  per-file salt.
* Files and slots of **format 1** (before rotation existed) are read, and upgraded at each
  user's next log-in, by ``isu.security.legacy``; the few hooks are ``Slot.format`` and
  ``SlotFile.origin``. The slots and the file's contents are ``isu.security.slot_file``.

What an old copy of the key file can and cannot do
--------------------------------------------------
A copy taken before a rotation, together with a password that was valid then, yields the
*old* data key and that slot's private key. The old data key opens only database files and
backups made before the rotation; it does not open the current database. The private key
does not help either: the current file wraps the new data key only to the public keys of the
slots that remain, and a disabled user's slot is gone (a password change gives a new key
pair). Nothing secret is escrowed under the data key, so the old data key reveals no other
slot. Changing a password alone does not rotate the data key (a copy of the file with the
old password still opens the database until the next rotation); run ``isu rekey`` when a
password or a file copy may have leaked.

The MAC and the failure counters
--------------------------------
An HMAC keyed by (a key derived from) the data key covers the whole canonical document except
the MAC itself: every slot field, the failure counters and their timestamps, the KDF
parameters, pending slots, and any top-level field a later version adds (such as an audit
anchor). It is checked after every unlock.

Failed log-ins must be counted before the database can be opened, that is without the data
key. Each slot therefore counts ``attempts`` (failed attempts ever; it only rises and starts
at a random number) and keeps ``attempts_at_success`` (its value at the last successful
log-in, written with the data key); the delay grows with the difference. A failure raises
``attempts`` without resealing and records the last sealed value in ``sealed_counters``, and
the MAC is checked against those values. So: a counter set to 0, below zero or below its
last successful value is refused as damage before any password is tried; a raised
``attempts_at_success`` or any other edit fails the MAC at the next unlock. What no design
can stop without a secret: someone who can rewrite the file can put back an exact earlier
copy of it (and with a copy they can guess passwords offline at the full Argon2 cost
anyway). The delay protects against guessing through the program by anyone who cannot write
the key file; where the failure cannot be recorded (read-only medium, full disk) the attempt
is refused with a message saying so.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from isu.errors import DiskFull, EnvironmentProblem, KeySlotError, WrongPassword, os_error_text
from isu.fileio import atomic_write
from isu.security import legacy
from isu.security.keyparse import parse_slot_file
from isu.security.slot_file import (
    DATA_KEY_BYTES,
    FORMAT_VERSION,
    RECOVERY_SLOT,
    OpenedSlot,
    Slot,
    SlotFile,
    _b64,
    _damaged,
    _new_slot,
    _public_bytes,
    _shared_key,
    _unb64,
    wrap_to_slot,
)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored per slot so it can be raised later without breaking old slots."""

    memory_kib: int = 131072
    iterations: int = 4
    lanes: int = 4

    def to_json(self) -> dict:
        return {
            "name": "argon2id",
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }


# Tests lower this (parameters are stored per slot, so files stay valid either way).
DEFAULT_KDF = KdfParams()
# One Argon2 derivation at a time in this process: each takes up to 512 MiB of memory, and two
# log-ins at once (GUI and a background check, two threads) must queue, not fail.
KDF_LOCK = threading.Lock()


def slot_path_for(db_path: str | os.PathLike) -> Path:
    return Path(f"{os.fspath(db_path)}.keys")


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_recovery_key() -> str:
    """A recovery key a person can copy: 32 random bytes as eight groups of base32."""
    raw = base64.b32encode(secrets.token_bytes(30)).decode("ascii")
    return "-".join(raw[i : i + 6] for i in range(0, len(raw), 6))


def _normalise_recovery(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.encode("ascii", "ignore")


def _derive_password_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    with KDF_LOCK:
        return kdf.derive(password.encode("utf-8"))


def _derive_recovery_key(recovery: str, salt: bytes) -> bytes:
    # The recovery key carries 240 random bits; a slow KDF adds nothing there.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"isu recovery slot").derive(
        _normalise_recovery(recovery)
    )


def new_slot_file() -> SlotFile:
    return SlotFile(db_id=secrets.token_hex(16), lookup_salt=_b64(secrets.token_bytes(16)))


def make_user_slot(
    slots: SlotFile, username: str, password: str, data_key: bytes, params: KdfParams | None = None
) -> Slot:
    params = params or DEFAULT_KDF
    salt = secrets.token_bytes(16)
    kek = _derive_password_key(password, salt, params)
    slot_id = slots.user_slot_id(username)
    return _new_slot(slot_id, "user", params.to_json(), salt, kek, data_key, slots.db_id)


def make_recovery_slot(slots: SlotFile, recovery: str, data_key: bytes) -> Slot:
    salt = secrets.token_bytes(16)
    kek = _derive_recovery_key(recovery, salt)
    kdf = {"name": "hkdf-sha256"}
    return _new_slot(RECOVERY_SLOT, "recovery", kdf, salt, kek, data_key, slots.db_id)


def rewrapped(slots: SlotFile, new_key: bytes) -> SlotFile:
    """Every live slot's data key replaced by ``new_key`` (pending slots are dropped: a
    rotation happens only when no user change is half-done), sealed under the new key."""
    if any(s.format != FORMAT_VERSION for s in slots.slots):
        raise ValueError("a format-1 slot cannot be rewrapped without its password")
    fresh = tuple(wrap_to_slot(s, new_key, slots.db_id) for s in slots.slots)
    return replace(slots, slots=fresh, pending=()).sealed(new_key)


# A key file can be edited by anyone with access to the folder; costs beyond these would
# turn a log-in into a hang rather than a check.
MAX_KDF_MEMORY_KIB = 4 * 131072
MAX_KDF_ITERATIONS = 16
MAX_KDF_LANES = 16
MAX_KDF_WORK = 4 * 131072 * 4


def _params_of(slot: Slot) -> KdfParams:
    kdf = slot.kdf
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        raise _damaged()
    values = [kdf.get(k) for k in ("memory_kib", "iterations", "lanes")]
    if not all(type(v) is int for v in values):
        raise _damaged()
    params = KdfParams(*values)
    within = (
        1 <= params.iterations <= MAX_KDF_ITERATIONS
        and 1 <= params.lanes <= MAX_KDF_LANES
        and 8 * params.lanes <= params.memory_kib <= MAX_KDF_MEMORY_KIB
        and params.memory_kib * params.iterations <= MAX_KDF_WORK
    )
    if not within:
        raise _damaged()
    return params


def _unseal(slot: Slot, kek: bytes, db_id: str) -> OpenedSlot | None:
    try:
        raw = _unb64(slot.sealed)
        secret = AESGCM(kek).decrypt(raw[:12], raw[12:], slot.seal_aad(db_id))
        private = X25519PrivateKey.from_private_bytes(secret)
    except (InvalidTag, ValueError):
        return None
    if _b64(_public_bytes(private)) != slot.public:
        return None
    return OpenedSlot(slot.slot_id, slot.public, private)


def unwrap(slots: SlotFile, opened: OpenedSlot) -> bytes | None:
    """The data key of ``slots`` for an opened slot, or None if it holds none for it."""
    slot = slots.find(opened.slot_id)
    if slot is not None and slot.format != FORMAT_VERSION and opened.kek is not None:
        again = legacy.open_slot(slot, opened.kek, slots.db_id)
        return None if again is None else again.legacy_key
    if slot is None or slot.public != opened.public or opened.private is None:
        return None
    try:
        raw = _unb64(slot.wrapped)
        epk, nonce, ct = raw[:32], raw[32:44], raw[44:]
        shared = opened.private.exchange(X25519PublicKey.from_public_bytes(epk))
        key = AESGCM(_shared_key(shared, b"isu data key wrap")).decrypt(
            nonce, ct, slot.wrap_aad(slots.db_id)
        )
    except (InvalidTag, ValueError):
        return None
    return key if len(key) == DATA_KEY_BYTES else None


def open_user_slot(slots: SlotFile, username: str, password: str) -> OpenedSlot | None:
    """The user's opened slot, or None if there is no such user or the password is wrong."""
    slot = slots.find(slots.user_slot_id(username))
    if slot is None:
        # Spend the same time as a real attempt so the answer does not reveal user names.
        _derive_password_key(password, b"\0" * 16, DEFAULT_KDF)
        return None
    params = _params_of(slot)
    try:
        kek = _derive_password_key(password, _unb64(slot.salt), params)
    except (ValueError, TypeError) as exc:
        raise _damaged() from exc
    return _open(slot, kek, slots.db_id)


def _open(slot: Slot, kek: bytes, db_id: str) -> OpenedSlot | None:
    if slot.format != FORMAT_VERSION:
        return legacy.open_slot(slot, kek, db_id)
    return _unseal(slot, kek, db_id)


def unlock_user(slots: SlotFile, username: str, password: str) -> bytes | None:
    """The data key, or None if there is no such user or the password is wrong."""
    opened = open_user_slot(slots, username, password)
    return None if opened is None else unwrap(slots, opened)


def open_recovery_slot(slots: SlotFile, recovery: str) -> OpenedSlot:
    slot = slots.find(RECOVERY_SLOT)
    if slot is None:
        raise _damaged()
    opened = _open(slot, _derive_recovery_key(recovery, _unb64(slot.salt)), slots.db_id)
    if opened is None:
        raise WrongPassword(
            "Återställningsnyckeln stämmer inte.", "The recovery key is not correct."
        )
    return opened


def unlock_recovery(slots: SlotFile, recovery: str) -> bytes:
    key = unwrap(slots, open_recovery_slot(slots, recovery))
    if key is None:
        raise _damaged()
    return key


# -- file I/O ---------------------------------------------------------------------------------
def read_slot_file(path: str | os.PathLike) -> SlotFile:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KeySlotError(
            f"Nyckelfilen saknas: {path.name}. Utan den går databasen inte att öppna.",
            f"The key file is missing: {path.name}. The database cannot be opened without it.",
            hint_sv="Lägg tillbaka nyckelfilen från samma säkerhetskopia som databasen.",
            hint_en="Put back the key file from the same backup as the database.",
        ) from exc
    except PermissionError as exc:
        raise EnvironmentProblem(
            f"Nyckelfilen {path} går inte att läsa (behörighet saknas).",
            f"The key file {path} cannot be read (permission denied).",
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _damaged() from exc
    return parse_slot_file(raw)


def write_slot_file(path: str | os.PathLike, slots: SlotFile) -> None:
    """Atomic replace: a crash leaves either the old or the new file, never half of one."""
    path = Path(path)
    data = json.dumps(slots.to_json(), indent=1).encode("utf-8")
    try:
        atomic_write(path, data)  # owner-only (0600), fsynced, renamed into place
    except OSError as exc:
        if exc.errno == 28:
            raise DiskFull(
                "Disken är full; nyckelfilen kunde inte sparas. Inget har ändrats.",
                "The disk is full; the key file could not be saved. Nothing changed.",
                hint_sv="Frigör utrymme och försök igen.",
                hint_en="Free some space and try again.",
            ) from exc
        raise EnvironmentProblem(
            f"Nyckelfilen kunde inte sparas: {os_error_text(exc, 'sv')}.",
            f"The key file could not be saved: {os_error_text(exc, 'en')}.",
        ) from exc
