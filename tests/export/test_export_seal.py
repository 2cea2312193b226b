"""Sealing packages for one recipient."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isu.errors import UserError, WrongPassword
from isu.export.seal import (
    HEADER_LEN,
    MAGIC,
    NotAKeyFile,
    NotForThisRecipient,
    NotSealed,
    SealedTampered,
    SealError,
    WrongKeyPassphrase,
    generate_keypair,
    is_sealed,
    open_sealed,
    public_key_fingerprint,
    seal,
)

PAYLOAD = b"PK\x03\x04 pretend this is a package " * 20


@pytest.fixture(scope="module")
def keys_a():
    return generate_keypair()


@pytest.fixture(scope="module")
def keys_b():
    return generate_keypair()


@pytest.fixture(scope="module")
def sealed_for_a(keys_a):
    return seal(PAYLOAD, keys_a[1])


def test_round_trip(keys_a, sealed_for_a):
    assert is_sealed(sealed_for_a) and sealed_for_a.startswith(MAGIC)
    assert not is_sealed(PAYLOAD)
    assert PAYLOAD not in sealed_for_a
    assert open_sealed(sealed_for_a, keys_a[0]) == PAYLOAD


def test_each_seal_is_different(keys_a):
    assert seal(PAYLOAD, keys_a[1]) != seal(PAYLOAD, keys_a[1])


def test_wrong_recipient_is_named(keys_b, sealed_for_a):
    with pytest.raises(NotForThisRecipient) as caught:
        open_sealed(sealed_for_a, keys_b[0])
    assert "another recipient" in caught.value.en and "annan mottagare" in caught.value.sv


def test_header_carries_the_recipient_fingerprint(keys_a, sealed_for_a):
    fingerprint = bytes.fromhex(public_key_fingerprint(keys_a[1]))
    assert sealed_for_a[len(MAGIC) + 1 + 32 : len(MAGIC) + 1 + 64] == fingerprint


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_flipped_bit_fails(keys_a, sealed_for_a, data):
    index = data.draw(st.integers(0, len(sealed_for_a) - 1))
    bit = data.draw(st.integers(0, 7))
    flipped = bytearray(sealed_for_a)
    flipped[index] ^= 1 << bit
    with pytest.raises(SealError):
        open_sealed(bytes(flipped), keys_a[0])


def test_flipped_bit_in_ciphertext_is_called_tampering(keys_a, sealed_for_a):
    flipped = bytearray(sealed_for_a)
    flipped[HEADER_LEN + 3] ^= 0x10
    with pytest.raises(SealedTampered, match="tampered"):
        open_sealed(bytes(flipped), keys_a[0])


@pytest.mark.parametrize("cut", [0, 5, HEADER_LEN, HEADER_LEN + 10])
def test_truncated_blob_fails(keys_a, sealed_for_a, cut):
    with pytest.raises(SealError):
        open_sealed(sealed_for_a[:cut], keys_a[0])


def test_not_sealed(keys_a):
    with pytest.raises(NotSealed):
        open_sealed(PAYLOAD, keys_a[0])


def test_passphrase_protected_key():
    private, public = generate_keypair("rätt lösenfras")
    assert b"ENCRYPTED" in private
    blob = seal(PAYLOAD, public)
    assert open_sealed(blob, private, "rätt lösenfras") == PAYLOAD
    with pytest.raises(WrongKeyPassphrase, match=r"[Ww]rong passphrase"):
        open_sealed(blob, private, "fel")
    with pytest.raises(WrongPassword, match="passphrase"):
        open_sealed(blob, private)


@pytest.mark.parametrize("junk", [b"", b"hello", b"-----BEGIN PRIVATE KEY-----\nAAAA\n"])
def test_not_a_key_file(keys_a, sealed_for_a, junk):
    with pytest.raises(NotAKeyFile):
        open_sealed(sealed_for_a, junk)
    with pytest.raises(NotAKeyFile):
        seal(PAYLOAD, junk)


def test_keys_swapped_are_not_key_files(keys_a, sealed_for_a):
    with pytest.raises(NotAKeyFile, match="private"):
        open_sealed(sealed_for_a, keys_a[1])
    with pytest.raises(NotAKeyFile, match="public"):
        seal(PAYLOAD, keys_a[0])


def test_other_algorithms_are_not_key_files(sealed_for_a):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP256R1())
    pem = other.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(NotAKeyFile, match="X25519"):
        open_sealed(sealed_for_a, pem)


def test_errors_are_user_errors():
    assert issubclass(SealError, UserError)
