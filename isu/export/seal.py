"""Sealing an export package for one recipient (X25519 + HKDF-SHA256 + AES-256-GCM).

A sealed blob is ``header || ciphertext``; the header is authenticated as AAD, so any
changed byte anywhere makes opening fail. The header carries a fingerprint of the
recipient's public key so that a wrong key gives "for another recipient" instead of a
vague decryption failure.

Header layout (89 bytes, see docs/export-format.md)::

    magic     12  b"ISUX-SEALED\\x00"
    version    1  0x01
    ephemeral 32  raw X25519 public key of the sender's one-time key
    recipient 32  SHA-256 of the recipient's raw X25519 public key
    nonce     12  AES-GCM nonce
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from isu.errors import UserError, WrongPassword

MAGIC = b"ISUX-SEALED\x00"
SEAL_VERSION = 1
_KEY_LEN = 32
_NONCE_LEN = 12
_TAG_LEN = 16
HEADER_LEN = len(MAGIC) + 1 + _KEY_LEN + _KEY_LEN + _NONCE_LEN
_HKDF_INFO = b"isu export seal v1"


class SealError(UserError):
    """A sealed package or a key file cannot be used."""


class NotSealed(SealError):
    pass


class KeyRequired(SealError):
    pass


class NotForThisRecipient(SealError):
    pass


class SealedTampered(SealError):
    pass


class NotAKeyFile(SealError):
    pass


class WrongKeyPassphrase(SealError, WrongPassword):
    pass


@dataclass(frozen=True)
class SealHeader:
    version: int
    ephemeral_public: bytes
    recipient_fingerprint: bytes
    nonce: bytes

    def to_bytes(self) -> bytes:
        return (
            MAGIC
            + bytes([self.version])
            + self.ephemeral_public
            + self.recipient_fingerprint
            + self.nonce
        )


def generate_keypair(passphrase: bytes | str | None = None) -> tuple[bytes, bytes]:
    """A new X25519 key pair as (private PKCS#8 PEM, public SubjectPublicKeyInfo PEM)."""
    private = X25519PrivateKey.generate()
    secret = _as_bytes(passphrase)
    encryption = (
        serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
    )
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    return private_pem, _public_pem(private.public_key())


def public_key_fingerprint(public_pem: bytes) -> str:
    """Hex SHA-256 of the raw public key, to compare by eye with the recipient."""
    return hashlib.sha256(_raw_public(load_public_key(public_pem))).hexdigest()


def is_sealed(blob: bytes) -> bool:
    return blob[: len(MAGIC)] == MAGIC


def seal(data: bytes, recipient_public_pem: bytes) -> bytes:
    recipient = load_public_key(recipient_public_pem)
    ephemeral = X25519PrivateKey.generate()
    header = SealHeader(
        version=SEAL_VERSION,
        ephemeral_public=_raw_public(ephemeral.public_key()),
        recipient_fingerprint=hashlib.sha256(_raw_public(recipient)).digest(),
        nonce=os.urandom(_NONCE_LEN),
    )
    key = _derive_key(ephemeral.exchange(recipient), header.ephemeral_public, recipient)
    aad = header.to_bytes()
    return aad + AESGCM(key).encrypt(header.nonce, data, aad)


def open_sealed(blob: bytes, private_pem: bytes, passphrase: bytes | str | None = None) -> bytes:
    header = parse_header(blob)
    private = load_private_key(private_pem, passphrase)
    own_public = private.public_key()
    if hashlib.sha256(_raw_public(own_public)).digest() != header.recipient_fingerprint:
        raise NotForThisRecipient(
            "Paketet är krypterat för en annan mottagare än den här nyckeln.",
            "This package is sealed for another recipient, not for this key.",
            hint_sv="Använd mottagarens privata nyckel som hör ihop med paketet.",
            hint_en="Use the private key of the recipient the package was made for.",
        )
    try:
        ephemeral = X25519PublicKey.from_public_bytes(header.ephemeral_public)
        key = _derive_key(private.exchange(ephemeral), header.ephemeral_public, own_public)
        return AESGCM(key).decrypt(header.nonce, blob[HEADER_LEN:], header.to_bytes())
    except (InvalidTag, ValueError) as exc:
        raise _tampered() from exc


def parse_header(blob: bytes) -> SealHeader:
    if not is_sealed(blob):
        raise NotSealed("Filen är inte ett förseglat paket.", "The file is not a sealed package.")
    if len(blob) < HEADER_LEN + _TAG_LEN:
        raise _tampered()
    version = blob[len(MAGIC)]
    if version != SEAL_VERSION:
        raise SealError(
            f"Förseglingsversion {version} stöds inte (bara {SEAL_VERSION}).",
            f"Seal version {version} is not supported (only {SEAL_VERSION}).",
            hint_sv="Uppdatera programmet.",
            hint_en="Update the program.",
        )
    start = len(MAGIC) + 1
    ephemeral = blob[start : start + _KEY_LEN]
    fingerprint = blob[start + _KEY_LEN : start + 2 * _KEY_LEN]
    nonce = blob[start + 2 * _KEY_LEN : HEADER_LEN]
    return SealHeader(version, ephemeral, fingerprint, nonce)


def load_public_key(public_pem: bytes) -> X25519PublicKey:
    try:
        key = serialization.load_pem_public_key(_as_bytes(public_pem) or b"")
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise _not_a_key("publik", "public") from exc
    if not isinstance(key, X25519PublicKey):
        raise _not_a_key("publik", "public")
    return key


def load_private_key(private_pem: bytes, passphrase: bytes | str | None = None) -> X25519PrivateKey:
    data = _as_bytes(private_pem) or b""
    if b"-----BEGIN" in data and b"PRIVATE KEY-----" not in data:
        raise _not_a_key("privat", "private")
    secret = _as_bytes(passphrase) or None
    try:
        key = serialization.load_pem_private_key(data, password=secret)
    except TypeError as exc:
        # The library says TypeError both for "passphrase missing" and "passphrase given
        # for an unencrypted key"; only the first is worth a passphrase prompt.
        if secret is None:
            raise WrongKeyPassphrase(
                "Nyckelfilen är skyddad med lösenfras. Ange lösenfrasen.",
                "The key file is protected by a passphrase. Enter the passphrase.",
            ) from exc
        key = _load_unprotected(data)
    except ValueError as exc:
        if secret is not None and b"ENCRYPTED" in data:
            raise WrongKeyPassphrase(
                "Fel lösenfras för nyckelfilen.", "Wrong passphrase for the key file."
            ) from exc
        raise _not_a_key("privat", "private") from exc
    except UnsupportedAlgorithm as exc:
        raise _not_a_key("privat", "private") from exc
    if not isinstance(key, X25519PrivateKey):
        raise _not_a_key("privat", "private")
    return key


def _load_unprotected(data: bytes) -> object:
    try:
        return serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise _not_a_key("privat", "private") from exc


def _derive_key(shared: bytes, ephemeral_raw: bytes, recipient: X25519PublicKey) -> bytes:
    # Binding both public keys into the salt ties the key to this exact exchange.
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=_KEY_LEN,
        salt=ephemeral_raw + _raw_public(recipient),
        info=_HKDF_INFO,
    )
    return hkdf.derive(shared)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _public_pem(key: X25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _as_bytes(value: bytes | str | None) -> bytes | None:
    if value is None:
        return None
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _tampered() -> SealedTampered:
    return SealedTampered(
        "Det förseglade paketet är skadat eller har ändrats.",
        "The sealed package is damaged or has been tampered with.",
        hint_sv="Be avsändaren skicka paketet igen.",
        hint_en="Ask the sender to send the package again.",
    )


def _not_a_key(kind_sv: str, kind_en: str) -> NotAKeyFile:
    return NotAKeyFile(
        f"Filen är inte en {kind_sv} X25519-nyckel (PEM) från isu keygen.",
        f"The file is not a {kind_en} X25519 key (PEM) made by isu keygen.",
    )
