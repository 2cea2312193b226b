"""The key file's contents: slots, the slot file and its MAC, and how a slot is sealed and
the data key wrapped to it. ``keyslots`` (deriving keys, opening slots, the file on disk),
``legacy`` (format 1) and ``keyparse`` (reading a document) all build on this module; see
``isu.security.keyslots`` for the key hierarchy and the MAC's design.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field, replace

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from isu.errors import KeySlotError

FORMAT = "isu-keyslots"
FORMAT_VERSION = 2
LEGACY_VERSION = 1  # format 1, before rotation existed (isu.security.legacy)
RECOVERY_SLOT = "recovery"
DATA_KEY_BYTES = 32
_RAW = serialization.Encoding.Raw
# Top-level fields this module reads; every other top-level field is kept as it is (and is
# covered by the MAC like everything else).
_KNOWN = {"format", "version", "db_id", "lookup_salt", "slots", "pending", "sealed_counters"}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _mac_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"isu key file mac").derive(
        data_key
    )


@dataclass(frozen=True)
class Slot:
    slot_id: str
    kind: str  # "user" or "recovery"
    kdf: dict
    salt: str
    public: str  # X25519 public key of the slot
    sealed: str  # nonce + AES-GCM(KEK, private key)
    wrapped: str  # ephemeral public key + nonce + AES-GCM(shared key, data key)
    # Failed attempts ever (only rises; starts at a random number) and its value at the last
    # successful log-in (sealed): the difference is the run of failures the delay counts.
    attempts: int = 0
    attempts_at_success: int = 0
    last_failure: float = 0.0
    format: int = FORMAT_VERSION  # 1: a format-1 slot not upgraded yet (isu.security.legacy)

    @property
    def failures(self) -> int:
        return self.attempts - self.attempts_at_success

    def seal_aad(self, db_id: str) -> bytes:
        return _canonical(
            ["seal", db_id, self.slot_id, self.kind, self.kdf, self.salt, self.public]
        )

    def wrap_aad(self, db_id: str) -> bytes:
        return _canonical(["wrap", db_id, self.slot_id, self.public])

    def to_json(self) -> dict:
        doc = {} if self.format == FORMAT_VERSION else {"format": self.format}
        return doc | {
            "id": self.slot_id,
            "kind": self.kind,
            "kdf": self.kdf,
            "salt": self.salt,
            "public": self.public,
            "sealed": self.sealed,
            "wrapped": self.wrapped,
            "attempts": self.attempts,
            "attempts_at_success": self.attempts_at_success,
            "last_failure": self.last_failure,
        }


@dataclass(frozen=True)
class PendingSlot:
    """A slot written before its user row commits: live only once ``token`` is committed in
    the database (see ``isu.services.keys``); cleaned up at the next open otherwise."""

    token: str
    slot: Slot

    def to_json(self) -> dict:
        return {"token": self.token, "slot": self.slot.to_json()}


@dataclass(frozen=True)
class SlotFile:
    db_id: str
    lookup_salt: str
    slots: tuple[Slot, ...] = field(default_factory=tuple)
    mac: str = ""
    pending: tuple[PendingSlot, ...] = field(default_factory=tuple)
    # slot id -> (attempts, last_failure) as last sealed, for counters raised since.
    sealed_counters: tuple[tuple[str, int, float], ...] = field(default_factory=tuple)
    extra: dict = field(default_factory=dict, hash=False)
    origin: int = FORMAT_VERSION  # 1: read from a format-1 file, written as such until sealed

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
        body = self.to_json()
        del body["mac"]
        body.pop("sealed_counters", None)
        floors = {sid: (f, t) for sid, f, t in self.sealed_counters}
        for slot in body["slots"]:
            if slot["id"] in floors:
                slot["attempts"], slot["last_failure"] = floors[slot["id"]]
        body["slots"].sort(key=lambda s: s["id"])
        return _canonical(body)

    def compute_mac(self, data_key: bytes) -> str:
        if self.origin != FORMAT_VERSION:
            return format1_mac(self, data_key)
        return _b64(hmac.new(_mac_key(data_key), self._mac_body(), hashlib.sha256).digest())

    def sealed(self, data_key: bytes) -> SlotFile:
        if self.origin != FORMAT_VERSION:  # written as format 2 from now on
            return with_random_counters(self).sealed(data_key)
        return replace(self, sealed_counters=(), mac="").with_mac(data_key)

    def with_mac(self, data_key: bytes) -> SlotFile:
        return replace(self, mac=self.compute_mac(data_key))

    def mac_ok(self, data_key: bytes) -> bool:
        return hmac.compare_digest(self.mac, self.compute_mac(data_key))

    def check_mac(self, data_key: bytes) -> None:
        if not self.mac_ok(data_key):
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
        return replace(
            self,
            slots=tuple(s for s in self.slots if s.slot_id != slot_id),
            sealed_counters=tuple(c for c in self.sealed_counters if c[0] != slot_id),
        )

    def with_pending(self, token: str, slot: Slot) -> SlotFile:
        return replace(self, pending=(*self.pending, PendingSlot(token, slot)))

    def without_pending(self, token: str) -> SlotFile:
        return replace(self, pending=tuple(p for p in self.pending if p.token != token))

    def promoted(self, token: str) -> SlotFile:
        """The pending slot ``token`` made live (replacing the user's earlier slot)."""
        found = next((p for p in self.pending if p.token == token), None)
        if found is None:
            return self
        return self.without_slot(found.slot.slot_id).with_slot(found.slot).without_pending(token)

    def with_field(self, name: str, value: object) -> SlotFile:
        """A top-level field of another concern (e.g. an audit anchor); sealed like the rest."""
        if name in _KNOWN or name == "mac":
            raise ValueError(f"reserved key file field: {name}")
        return replace(self, extra={**self.extra, name: value})

    def field_value(self, name: str, default: object = None) -> object:
        return self.extra.get(name, default)

    @property
    def audit_anchor(self) -> dict | None:
        """The audit chain's head (isu.services.anchor); it carries a MAC of its own too."""
        value = self.extra.get("audit_anchor")
        return value if isinstance(value, dict) else None

    def with_counter(self, slot: Slot) -> SlotFile:
        """``slot`` with a raised failure counter, written without the data key: the
        counter's sealed value is kept so the MAC still verifies."""
        old = self.find(slot.slot_id)
        counters = self.sealed_counters
        if old is not None and not any(c[0] == slot.slot_id for c in counters):
            counters = (*counters, (slot.slot_id, old.attempts, old.last_failure))
        return replace(self.with_slot(slot), sealed_counters=counters)

    def to_json(self) -> dict:
        if self.origin != FORMAT_VERSION:
            return format1_json(self)
        doc = {
            **self.extra,
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "db_id": self.db_id,
            "lookup_salt": self.lookup_salt,
            "slots": [s.to_json() for s in self.slots],
            "pending": [p.to_json() for p in self.pending],
            "mac": self.mac,
        }
        if self.sealed_counters:
            doc["sealed_counters"] = {sid: [f, t] for sid, f, t in self.sealed_counters}
        return doc


@dataclass(frozen=True)
class OpenedSlot:
    """A slot's private key, unsealed with its password: unwraps the data key from this file
    or from a rotated copy of it (the pair stays the same across rotations)."""

    slot_id: str
    public: str
    private: X25519PrivateKey | None = field(repr=False)
    # A format-1 slot: the KEK that opened it (to upgrade it) and the data key it held.
    kek: bytes | None = field(default=None, repr=False)
    legacy_key: bytes | None = field(default=None, repr=False)


# -- sealing and wrapping ---------------------------------------------------------------------
def _public_bytes(private: X25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def _shared_key(shared: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def wrap_to_slot(slot: Slot, data_key: bytes, db_id: str) -> Slot:
    """The data key wrapped to the slot's public key: needs no password."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(_unb64(slot.public)))
    nonce = secrets.token_bytes(12)
    aad = slot.wrap_aad(db_id)
    ct = AESGCM(_shared_key(shared, b"isu data key wrap")).encrypt(nonce, data_key, aad)
    return replace(slot, wrapped=_b64(_public_bytes(ephemeral) + nonce + ct))


def _new_slot(
    slot_id: str, kind: str, kdf: dict, salt: bytes, kek: bytes, data_key: bytes, db_id: str
) -> Slot:
    private = X25519PrivateKey.generate()
    start = secrets.randbelow(2**31)  # a counter set to 0 (or below) is then visibly lowered
    slot = Slot(slot_id, kind, kdf, _b64(salt), _b64(_public_bytes(private)), "", "", start, start)
    nonce = secrets.token_bytes(12)
    secret = private.private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    sealed = AESGCM(kek).encrypt(nonce, secret, slot.seal_aad(db_id))
    return wrap_to_slot(replace(slot, sealed=_b64(nonce + sealed)), data_key, db_id)


# -- format 1, as written until a file is sealed in format 2 (isu.security.legacy reads it)
def format1_mac(slots: SlotFile, data_key: bytes) -> str:
    body = {
        "db_id": slots.db_id,
        "lookup_salt": slots.lookup_salt,
        "slots": sorted(
            ([s.slot_id, s.kind, s.kdf, s.salt, s.sealed, s.wrapped] for s in slots.slots),
            key=lambda row: row[0],
        ),
    }
    message = json.dumps(body, sort_keys=True).encode("utf-8")
    return _b64(hmac.new(data_key, message, hashlib.sha256).digest())


def format1_json(slots: SlotFile) -> dict:
    """The file as format 1 wrote it: a failed log-in on a file no one has opened yet since
    the update raises its counter without changing its format (it has no data key)."""
    return {
        "format": FORMAT,
        "version": LEGACY_VERSION,
        "db_id": slots.db_id,
        "lookup_salt": slots.lookup_salt,
        "slots": [
            {
                "id": s.slot_id,
                "kind": s.kind,
                "kdf": s.kdf,
                "salt": s.salt,
                "nonce": s.sealed,
                "wrapped": s.wrapped,
                "failures": s.failures,
                "last_failure": s.last_failure,
            }
            for s in slots.slots
        ],
        "mac": slots.mac,
    }


def with_random_counters(slots: SlotFile) -> SlotFile:
    """Origin 1 → 2: counters start at a random value (a lowered one is then visible)."""
    fresh = []
    for slot in slots.slots:
        start = secrets.randbelow(2**31)
        fresh.append(replace(slot, attempts=start + slot.failures, attempts_at_success=start))
    return replace(slots, slots=tuple(fresh), sealed_counters=(), origin=2)


def _damaged() -> KeySlotError:
    return KeySlotError(
        "Nyckelfilen bredvid databasen är skadad.",
        "The key file beside the database is damaged.",
        hint_sv="Återställ databasen och nyckelfilen från samma säkerhetskopia.",
        hint_en="Restore the database and its key file from the same backup.",
    )
