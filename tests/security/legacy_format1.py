"""The format-1 writer of the version before key rotation (commit 8f77827^ of
isu/security/keyslots.py), ported as it was so tests can build the files an existing unit has:
a database at revision 0002 (the schema of that version) and a key file of format 1, whose
slots hold the data key itself under a password-derived key and whose counters sit outside
the MAC."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from isu.db.database import create_database
from isu.db.models import UserRecord
from isu.domain.roles import Role
from isu.services import audit

FORMAT = "isu-keyslots"
REVISION = "0002"  # the schema of the version that wrote format 1
KDF = {"name": "argon2id", "memory_kib": 8192, "iterations": 1, "lanes": 1}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _normalise_recovery(text: str) -> bytes:
    return "".join(ch for ch in text.upper() if ch.isalnum()).encode("ascii", "ignore")


@dataclass
class Format1File:
    db_id: str = field(default_factory=lambda: secrets.token_hex(16))
    lookup_salt: str = field(default_factory=lambda: _b64(secrets.token_bytes(16)))
    slots: list[dict] = field(default_factory=list)

    def user_slot_id(self, username: str) -> str:
        digest = hmac.new(
            _unb64(self.lookup_salt), username.strip().casefold().encode("utf-8"), hashlib.sha256
        ).digest()
        return _b64(digest)

    def _wrap(self, slot: dict, data_key: bytes, wrapping_key: bytes) -> dict:
        aad = json.dumps(
            [self.db_id, slot["id"], slot["kind"], slot["kdf"], slot["salt"]], sort_keys=True
        ).encode("utf-8")
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, aad)
        return {**slot, "nonce": _b64(nonce), "wrapped": _b64(wrapped)}

    def add_user(self, username: str, password: str, data_key: bytes) -> None:
        salt = secrets.token_bytes(16)
        kek = Argon2id(
            salt=salt,
            length=32,
            iterations=KDF["iterations"],
            lanes=KDF["lanes"],
            memory_cost=KDF["memory_kib"],
        ).derive(password.encode("utf-8"))
        slot = {"id": self.user_slot_id(username), "kind": "user", "kdf": KDF, "salt": _b64(salt)}
        self.slots.append({**self._wrap(slot, data_key, kek), "failures": 0, "last_failure": 0.0})

    def add_recovery(self, recovery: str, data_key: bytes) -> None:
        salt = secrets.token_bytes(16)
        kek = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=salt, info=b"isu recovery slot"
        ).derive(_normalise_recovery(recovery))
        slot = {"id": "recovery", "kind": "recovery", "kdf": {"name": "hkdf-sha256"}}
        slot["salt"] = _b64(salt)
        self.slots.append({**self._wrap(slot, data_key, kek), "failures": 0, "last_failure": 0.0})

    def mac(self, data_key: bytes) -> str:
        body = {
            "db_id": self.db_id,
            "lookup_salt": self.lookup_salt,
            "slots": sorted(
                (
                    [s["id"], s["kind"], s["kdf"], s["salt"], s["nonce"], s["wrapped"]]
                    for s in self.slots
                ),
                key=lambda row: row[0],
            ),
        }
        return _b64(
            hmac.new(
                data_key, json.dumps(body, sort_keys=True).encode("utf-8"), hashlib.sha256
            ).digest()
        )

    def document(self, data_key: bytes) -> dict:
        return {
            "format": FORMAT,
            "version": 1,
            "db_id": self.db_id,
            "lookup_salt": self.lookup_salt,
            "slots": self.slots,
            "mac": self.mac(data_key),
        }

    def write(self, path: Path, data_key: bytes) -> None:
        path.write_text(json.dumps(self.document(data_key), indent=1), encoding="utf-8")
        path.chmod(0o600)


def make_format1_database(
    db_path: Path, people: list[tuple[str, str, Role]], recovery: str | None = None
) -> tuple[bytes, str]:
    """A database (schema 0002) and a format-1 key file beside it, as the old ``isu init``
    and ``isu user add`` left them. Returns (data key, recovery key)."""
    data_key = secrets.token_bytes(32)
    recovery = recovery or "ABCDEF-GHIJKL-MNOPQR-STUVWX-YZ2345-67ABCD-EFGHIJ-KLMNOP"
    keys = Format1File()
    db = create_database(db_path, data_key, revision=REVISION)
    try:
        with db.unit_of_work() as session:
            for username, _password, role in people:
                record = UserRecord(
                    username=username, display_name=username, role=role.value, disabled=False
                )
                session.add(record)
                session.flush()
                audit.append(session, people[0][0], "user_added", f"user:{record.id}")
    finally:
        db.close()
    for username, password, _role in people:
        keys.add_user(username, password, data_key)
    keys.add_recovery(recovery, data_key)
    keys.write(Path(f"{db_path}.keys"), data_key)
    return data_key, recovery
