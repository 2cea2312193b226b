"""Pseudonymous export ids: ``X`` followed by base32 characters (A–Z, 2–7).

Two kinds:

* ``random_ids``: drawn with ``secrets`` for each export, so two exports cannot be linked.
* ``hmac_ids``: HMAC-SHA256 of the case key under a secret kept only in the source database,
  so the same case gets the same id in every export while that secret is unchanged, and
  nobody without the secret can go back from an id to the case.

Ids are 12 characters after the ``X`` (60 bits). If two cases would get the same id (about
one chance in 10^12 for a thousand cases), the colliding ids are re-drawn (random) or made
longer (HMAC), so the result never contains duplicates.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import Hashable, Iterable

PREFIX = "X"
ID_LENGTH = 12
MIN_SECRET_BYTES = 16
_MAX_REDRAWS = 8
# 32 bytes of HMAC output give 52 base32 characters: the longest an id can be extended.
_FULL_LENGTH = 52

CaseKey = Hashable


def new_id_secret() -> bytes:
    """A fresh secret for ``hmac_ids``; store it in the source database only."""
    return secrets.token_bytes(32)


def random_ids(case_keys: Iterable[CaseKey], *, length: int = ID_LENGTH) -> dict[CaseKey, str]:
    """One unlinkable random id per distinct case key."""
    _check_length(length)
    ids: dict[CaseKey, str] = {}
    used: set[str] = set()
    for key in case_keys:
        if key in ids:
            continue
        ids[key] = _draw_unique(used, length)
        used.add(ids[key])
    return ids


def hmac_ids(
    case_keys: Iterable[CaseKey], secret: bytes, *, length: int = ID_LENGTH
) -> dict[CaseKey, str]:
    """One stable id per distinct case key, derived with HMAC-SHA256 under ``secret``."""
    _check_length(length)
    if not isinstance(secret, bytes | bytearray) or len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the export-id secret must be at least {MIN_SECRET_BYTES} bytes")
    digests = {key: _hmac_base32(secret, key) for key in dict.fromkeys(case_keys)}
    return _shortest_unique_prefixes(digests, length)


def _draw_unique(used: set[str], length: int) -> str:
    # Re-draw on collision; if the id space is nearly full (only with tiny test lengths),
    # grow the id instead of looping forever.
    while True:
        for _ in range(_MAX_REDRAWS):
            candidate = PREFIX + _random_base32(length)
            if candidate not in used:
                return candidate
        length += 1


def _random_base32(length: int) -> str:
    raw = secrets.token_bytes((length * 5 + 7) // 8)
    return base64.b32encode(raw).decode("ascii")[:length]


def _hmac_base32(secret: bytes, key: CaseKey) -> str:
    digest = hmac.new(bytes(secret), _key_bytes(key), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:_FULL_LENGTH]


def _key_bytes(key: CaseKey) -> bytes:
    # The type is part of the message, so the int 1 and the string "1" never share an id.
    return f"{type(key).__name__}:{key!r}".encode()


def _shortest_unique_prefixes(digests: dict[CaseKey, str], length: int) -> dict[CaseKey, str]:
    """Cut each digest to ``length``; extend only the groups that collide, deterministically."""
    result: dict[CaseKey, str] = {}
    pending = dict(digests)
    while pending:
        groups: dict[str, list[CaseKey]] = defaultdict(list)
        for key, digest in pending.items():
            groups[digest[:length]].append(key)
        pending = {}
        for keys in groups.values():
            if len(keys) == 1 or length >= _FULL_LENGTH:
                result.update({key: PREFIX + digests[key][:length] for key in keys})
            else:
                pending.update({key: digests[key] for key in keys})
        length += 1
    return result


def _check_length(length: int) -> None:
    if not 1 <= length <= _FULL_LENGTH:
        raise ValueError(f"id length must be between 1 and {_FULL_LENGTH}")
