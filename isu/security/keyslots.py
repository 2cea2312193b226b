"""Key slots: the database's random data key, wrapped once per user (LUKS/KeePass style).

The slot file lives beside the database (``<db>.keys``) and holds, per user, the data key
encrypted with AES-256-GCM under a key derived from the user's password with Argon2id. The
administrator recovery key opens a slot of its own. User names never appear in the file: a
slot is found by an HMAC of the name under a random per-file salt. A MAC over the whole file,
keyed by the data key, detects tampering once any slot has been opened.

Failed log-in counters live in the file too (they must persist before the database can be
opened); they are outside the MAC because they are written without the data key.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from isu.errors import DiskFull, EnvironmentProblem, KeySlotError, WrongPassword

FORMAT = "isu-keyslots"
FORMAT_VERSION = 1
RECOVERY_SLOT = "recovery"
DATA_KEY_BYTES = 32


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


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


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
    return kdf.derive(password.encode("utf-8"))


def _derive_recovery_key(recovery: str, salt: bytes) -> bytes:
    # The recovery key carries 240 random bits; a slow KDF adds nothing there.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"isu recovery slot").derive(
        _normalise_recovery(recovery)
    )


@dataclass(frozen=True)
class Slot:
    slot_id: str
    kind: str  # "user" or "recovery"
    kdf: dict
    salt: str
    nonce: str
    wrapped: str
    failures: int = 0
    last_failure: float = 0.0

    def aad(self, db_id: str) -> bytes:
        return json.dumps(
            [db_id, self.slot_id, self.kind, self.kdf, self.salt], sort_keys=True
        ).encode("utf-8")

    def to_json(self) -> dict:
        return {
            "id": self.slot_id,
            "kind": self.kind,
            "kdf": self.kdf,
            "salt": self.salt,
            "nonce": self.nonce,
            "wrapped": self.wrapped,
            "failures": self.failures,
            "last_failure": self.last_failure,
        }


@dataclass(frozen=True)
class SlotFile:
    db_id: str
    lookup_salt: str
    slots: tuple[Slot, ...] = field(default_factory=tuple)
    mac: str = ""
    # The audit chain's head, kept here so a cut audit log shows (isu.services.anchor). It
    # carries a MAC of its own, so it is checked whether or not the file MAC covers it.
    audit_anchor: dict | None = None

    # -- lookup ---------------------------------------------------------------------------
    def user_slot_id(self, username: str) -> str:
        digest = hmac.new(
            _unb64(self.lookup_salt), username.strip().casefold().encode("utf-8"), hashlib.sha256
        ).digest()
        return _b64(digest)

    def find(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.slot_id == slot_id), None)

    def has_user(self, username: str) -> bool:
        return self.find(self.user_slot_id(username)) is not None

    # -- integrity ------------------------------------------------------------------------
    def _mac_body(self) -> bytes:
        body = {
            "db_id": self.db_id,
            "lookup_salt": self.lookup_salt,
            "slots": sorted(
                ([s.slot_id, s.kind, s.kdf, s.salt, s.nonce, s.wrapped] for s in self.slots),
                key=lambda row: row[0],
            ),
        }
        return json.dumps(body, sort_keys=True).encode("utf-8")

    def compute_mac(self, data_key: bytes) -> str:
        return _b64(hmac.new(data_key, self._mac_body(), hashlib.sha256).digest())

    def sealed(self, data_key: bytes) -> SlotFile:
        return replace(self, mac=self.compute_mac(data_key))

    def check_mac(self, data_key: bytes) -> None:
        if not hmac.compare_digest(self.mac, self.compute_mac(data_key)):
            raise KeySlotError(
                "Nyckelfilen har ändrats utanför programmet och går inte att lita på.",
                "The key file was changed outside the program and cannot be trusted.",
                hint_sv="Återställ nyckelfilen från en säkerhetskopia.",
                hint_en="Restore the key file from a backup.",
            )

    # -- slots ----------------------------------------------------------------------------
    def with_slot(self, slot: Slot) -> SlotFile:
        others = tuple(s for s in self.slots if s.slot_id != slot.slot_id)
        return replace(self, slots=(*others, slot))

    def without_slot(self, slot_id: str) -> SlotFile:
        return replace(self, slots=tuple(s for s in self.slots if s.slot_id != slot_id))

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "db_id": self.db_id,
            "lookup_salt": self.lookup_salt,
            "slots": [s.to_json() for s in self.slots],
            "mac": self.mac,
            **({"audit_anchor": self.audit_anchor} if self.audit_anchor is not None else {}),
        }


def new_slot_file() -> SlotFile:
    return SlotFile(db_id=secrets.token_hex(16), lookup_salt=_b64(secrets.token_bytes(16)))


def _wrap(data_key: bytes, wrapping_key: bytes, slot: Slot, db_id: str) -> Slot:
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, slot.aad(db_id))
    return replace(slot, nonce=_b64(nonce), wrapped=_b64(wrapped))


def make_user_slot(
    slots: SlotFile, username: str, password: str, data_key: bytes, params: KdfParams | None = None
) -> Slot:
    params = params or DEFAULT_KDF
    salt = secrets.token_bytes(16)
    slot = Slot(slots.user_slot_id(username), "user", params.to_json(), _b64(salt), "", "")
    return _wrap(data_key, _derive_password_key(password, salt, params), slot, slots.db_id)


def make_recovery_slot(slots: SlotFile, recovery: str, data_key: bytes) -> Slot:
    salt = secrets.token_bytes(16)
    slot = Slot(RECOVERY_SLOT, "recovery", {"name": "hkdf-sha256"}, _b64(salt), "", "")
    return _wrap(data_key, _derive_recovery_key(recovery, salt), slot, slots.db_id)


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
    try:
        params = KdfParams(int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise _damaged() from exc
    within = (
        1 <= params.iterations <= MAX_KDF_ITERATIONS
        and 1 <= params.lanes <= MAX_KDF_LANES
        and 8 * params.lanes <= params.memory_kib <= MAX_KDF_MEMORY_KIB
        and params.memory_kib * params.iterations <= MAX_KDF_WORK
    )
    if not within:
        raise _damaged()
    return params


def _unwrap(slot: Slot, wrapping_key: bytes, db_id: str) -> bytes | None:
    try:
        key = AESGCM(wrapping_key).decrypt(
            _unb64(slot.nonce), _unb64(slot.wrapped), slot.aad(db_id)
        )
    except (InvalidTag, ValueError):
        return None
    return key if len(key) == DATA_KEY_BYTES else None


def unlock_user(slots: SlotFile, username: str, password: str) -> bytes | None:
    """The data key, or None if there is no such user or the password is wrong."""
    slot = slots.find(slots.user_slot_id(username))
    if slot is None:
        # Spend the same time as a real attempt so the answer does not reveal user names.
        _derive_password_key(password, b"\0" * 16, DEFAULT_KDF)
        return None
    params = _params_of(slot)
    try:
        wrapping = _derive_password_key(password, _unb64(slot.salt), params)
    except (ValueError, TypeError) as exc:
        raise _damaged() from exc
    return _unwrap(slot, wrapping, slots.db_id)


def unlock_recovery(slots: SlotFile, recovery: str) -> bytes:
    slot = slots.find(RECOVERY_SLOT)
    if slot is None:
        raise _damaged()
    key = _unwrap(slot, _derive_recovery_key(recovery, _unb64(slot.salt)), slots.db_id)
    if key is None:
        raise WrongPassword(
            "Återställningsnyckeln stämmer inte.", "The recovery key is not correct."
        )
    return key


# -- throttling -------------------------------------------------------------------------------
def failure_delay(failures: int) -> float:
    """Seconds to wait before the next attempt after ``failures`` failed attempts in a row."""
    if failures <= 0:
        return 0.0
    return float(min(60, 2 ** (failures - 1)))


def seconds_until_allowed(slot: Slot, now: float | None = None) -> float:
    now = time.time() if now is None else now
    return max(0.0, slot.last_failure + failure_delay(slot.failures) - now)


def record_failure(slot: Slot, now: float | None = None) -> Slot:
    return replace(
        slot, failures=slot.failures + 1, last_failure=time.time() if now is None else now
    )


def record_success(slot: Slot) -> Slot:
    return replace(slot, failures=0, last_failure=0.0)


# -- file I/O ---------------------------------------------------------------------------------
def _damaged() -> KeySlotError:
    return KeySlotError(
        "Nyckelfilen bredvid databasen är skadad.",
        "The key file beside the database is damaged.",
        hint_sv="Återställ databasen och nyckelfilen från samma säkerhetskopia.",
        hint_en="Restore the database and its key file from the same backup.",
    )


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
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged() from exc
    return _parse_slot_file(raw)


def _parse_slot_file(raw: object) -> SlotFile:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _damaged()
    if raw.get("version") != FORMAT_VERSION:
        raise KeySlotError(
            "Nyckelfilen är från en nyare version av programmet.",
            "The key file comes from a newer version of the program.",
            hint_sv="Uppdatera programmet.",
            hint_en="Update the program.",
        )
    try:
        slots = tuple(
            Slot(
                str(s["id"]),
                str(s["kind"]),
                dict(s["kdf"]),
                str(s["salt"]),
                str(s["nonce"]),
                str(s["wrapped"]),
                int(s.get("failures", 0)),
                float(s.get("last_failure", 0.0)),
            )
            for s in raw["slots"]
        )
        parsed = SlotFile(
            str(raw["db_id"]), str(raw["lookup_salt"]), slots, str(raw.get("mac", ""))
        )
        if isinstance(raw.get("audit_anchor"), dict):
            parsed = replace(parsed, audit_anchor=raw["audit_anchor"])
        for encoded in (
            parsed.lookup_salt,
            *(x for s in slots for x in (s.salt, s.nonce, s.wrapped)),
        ):
            _unb64(encoded)
        return parsed
    except (KeyError, TypeError, ValueError) as exc:
        raise _damaged() from exc


def write_slot_file(path: str | os.PathLike, slots: SlotFile) -> None:
    """Atomic replace: a crash leaves either the old or the new file, never half of one."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    data = json.dumps(slots.to_json(), indent=1).encode("utf-8")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno == 28:
            raise DiskFull(
                "Disken är full; nyckelfilen kunde inte sparas. Inget har ändrats.",
                "The disk is full; the key file could not be saved. Nothing changed.",
                hint_sv="Frigör utrymme och försök igen.",
                hint_en="Free some space and try again.",
            ) from exc
        raise EnvironmentProblem(
            f"Nyckelfilen kunde inte sparas: {exc.strerror}.",
            f"The key file could not be saved: {exc.strerror}.",
        ) from exc
