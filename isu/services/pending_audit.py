"""Audit entries that could not be written yet: a read-only medium, or a full disk.

Reading a database must work from a write-protected USB stick or a full disk, yet every read
is audited. The entry cannot go into the database then, and memory alone would lose it, so it
is queued in the signed-in OS account's data folder (never on the read-only medium):
``<data dir>/pending-audit/<db_id>.pending``, one line per entry, each encrypted with
AES-256-GCM (nothing readable without the database). The next writable open of that database
from this account writes the queued entries into the chain, marked ``recorded_late`` with the
time they happened, and removes the file.

The queue's key is derived from the random key stored *inside* the encrypted database (the
audit-anchor key, ``isu.services.anchor``), not from the data key: a rotation done elsewhere
in the meantime (``isu rekey``, disabling a user) re-encrypts the database but keeps its
contents, so entries queued before it stay readable. Such lines start with ``2:``. Lines
without it were queued under a key derived from the data key (by earlier versions, or where
the database had no anchor key yet) and are read with the current data key.

If even the queue cannot be written (the data folder is on the same full disk), the entry is
lost; the command says so (``Workspace.audit_unqueued``) and the log records a warning.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import logging
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select

from isu.db.models import AuditRecord
from isu.services import audit_chain

log = logging.getLogger(__name__)

FOLDER = "pending-audit"
UNREADABLE_ACTION = "pending_audit_unreadable"


def folder_for(backup_dir: Path | None) -> Path | None:
    """The queue folder: beside the backups in the user's data folder (AppPaths)."""
    return None if backup_dir is None else Path(backup_dir).parent / FOLDER


STABLE = b"2:"  # the line's key survives rotations


def _key(secret: bytes, db_id: str, *, stable: bool = False) -> bytes:
    label = b"isu pending audit v2 " if stable else b"isu pending audit "
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=label + db_id.encode("ascii", "replace"),
    ).derive(secret)


def _stable_key(ws, db_id: str, *, create: bool = False) -> bytes | None:
    """The queue key from the database's own random key; None if it has none (yet)."""
    try:
        if create and not ws.db.read_only:
            with ws.db.unit_of_work() as session:
                secret = audit_chain.anchor_key(session)
        else:
            with ws.db.reading() as session:
                secret = audit_chain.anchor_key(session, create=False)
    except Exception as exc:  # the data-key-derived key still works
        log.warning("pending audit key unavailable: %s", type(exc).__name__)
        return None
    return None if secret is None else _key(secret, db_id, stable=True)


def _file(ws) -> Path | None:
    folder = getattr(ws, "pending_dir", None)
    if folder is None:
        return None
    return Path(folder) / f"{ws.db_id}.pending"


def queue(ws, action: str, target: str = "", detail: dict | None = None) -> bool:
    """Append one entry to the queue; returns False (and counts it) if that fails too."""
    entry = {
        "queued_id": secrets.token_hex(8),
        "ts": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "actor": ws.user.username,
        "action": action,
        "target": target,
        "detail": detail or {},
    }
    try:
        path = _file(ws)
        if path is None:
            raise OSError("no data folder")
        nonce = secrets.token_bytes(12)
        stable = _stable_key(ws, path.stem)
        key = stable or _key(ws._data_key, path.stem)
        sealed = AESGCM(key).encrypt(
            nonce, json.dumps(entry, ensure_ascii=False).encode("utf-8"), path.stem.encode()
        )
        line = (STABLE if stable else b"") + base64.b64encode(nonce + sealed) + b"\n"
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    except Exception as exc:  # a lost audit entry is reported, not raised
        ws.audit_unqueued = getattr(ws, "audit_unqueued", 0) + 1
        log.warning("audit entry %s could not be queued: %s", action, type(exc).__name__)
        return False
    ws.audit_queued = getattr(ws, "audit_queued", 0) + 1
    return True


def _read(path: Path, key: bytes, stable: bytes | None) -> tuple[list[dict], int]:
    entries, unreadable = [], 0
    for line in path.read_bytes().splitlines():
        if not line.strip():
            continue
        try:
            line_key = key
            if line.startswith(STABLE):
                line, line_key = line[len(STABLE) :], stable
                if line_key is None:
                    raise ValueError("no database key for this line")
            raw = base64.b64decode(line, validate=True)
            plain = AESGCM(line_key).decrypt(raw[:12], raw[12:], path.stem.encode())
            entry = json.loads(plain)
            entries.append(entry)
        except (ValueError, InvalidTag):
            unreadable += 1  # a torn last line, or queued under an older key
    return entries, unreadable


def flush(ws) -> int:
    """Write the queued entries into the chain (once each, even after a crash half-way)."""
    if ws.db.read_only:
        return 0
    path = _file(ws)
    if path is None or not path.is_file():
        return 0
    stable = _stable_key(ws, path.stem, create=True)
    entries, unreadable = _read(path, _key(ws._data_key, path.stem), stable)
    with ws.db.unit_of_work() as session:
        for entry in entries:
            marker = f'%"queued_id": "{entry.get("queued_id", "")}"%'
            if session.execute(
                select(AuditRecord.id).where(AuditRecord.detail.like(marker)).limit(1)
            ).first():
                continue
            detail = entry.get("detail") if isinstance(entry.get("detail"), dict) else {}
            audit_chain.append(
                session,
                str(entry.get("actor", "")),
                str(entry.get("action", "")),
                str(entry.get("target", "")),
                {
                    **detail,
                    "recorded_late": True,
                    "happened_at": str(entry.get("ts", "")),
                    "queued_id": str(entry.get("queued_id", "")),
                },
            )
        if unreadable:
            audit_chain.append(
                session, ws.user.username, UNREADABLE_ACTION, "", {"count": unreadable}
            )
    with contextlib.suppress(OSError):
        path.unlink()
    return len(entries)


def after_login(ws, earlier_failures: int) -> None:
    """Writable: record what earlier read-only sessions queued. Read-only: the log-in entry
    itself goes to the queue (the writable path wrote it in ``_signed_in_user``)."""
    if ws.db.read_only:
        if earlier_failures:
            queue(ws, "login_failed", f"user:{ws.user.id}", {"count": earlier_failures})
        queue(ws, "login", f"user:{ws.user.id}", {"read_only": True})
        return
    try:
        flush(ws)
    except Exception as exc:  # the queue stays for the next open
        log.warning("queued audit entries not written yet: %s", type(exc).__name__)
