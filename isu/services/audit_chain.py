"""The audit chain itself: each entry hashed with the one before it, appended inside a
unit of work and checked link by link. ``isu.services.audit`` records use cases' entries
(queuing what cannot be written now); the queue (``pending_audit``) and the anchor
(``anchor``) build on this module, so neither imports ``audit`` back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from isu.db.models import AuditRecord, SettingRecord
from isu.domain.model import AuditEntry

GENESIS = "0" * 64
# The random key behind anchor MACs and the hashes of unknown case numbers.
ANCHOR_KEY_SETTING = "audit_anchor_key"


def _entry_hash(
    prev_hash: str, entry_id: int, ts: str, actor: str, action: str, target: str, detail: str
) -> str:
    body = json.dumps(
        [prev_hash, entry_id, ts, actor, action, target, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session, actor: str, action: str, target: str = "", detail: dict | None = None
) -> None:
    """Add one entry. Callers run inside a writing unit of work: on a file the write lock is
    held; on a server, concurrent writers queue on a transaction-scoped advisory lock taken
    before the last hash is read (READ COMMITTED then sees the previous holder's entry), so
    two workstations cannot fork the chain."""
    _lock_chain(session)
    last = session.execute(
        select(AuditRecord.id, AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)
    ).first()
    prev_hash, next_id = (last.hash, last.id + 1) if last else (GENESIS, 1)
    ts = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    digest = _entry_hash(prev_hash, next_id, ts, actor, action, target, detail_text)
    session.add(
        AuditRecord(
            id=next_id,
            ts=ts,
            actor=actor,
            action=action,
            target=target,
            detail=detail_text,
            prev_hash=prev_hash,
            hash=digest,
        )
    )


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        from isu.db.server import AUDIT_CHAIN_LOCK

        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})


def first_broken_entry(session: Session) -> int | None:
    """The id of the first entry whose hash or link does not hold, or None if all hold."""
    prev_hash, expected_id = GENESIS, 1
    rows = session.execute(select(AuditRecord).order_by(AuditRecord.id)).scalars()
    for row in rows:
        if row.id != expected_id or row.prev_hash != prev_hash:
            return row.id
        digest = _entry_hash(
            row.prev_hash, row.id, row.ts, row.actor, row.action, row.target, row.detail
        )
        if digest != row.hash:
            return row.id
        prev_hash, expected_id = row.hash, row.id + 1
    return None


def entries(
    session: Session, since: dt.date | None = None, limit: int | None = None
) -> list[AuditEntry]:
    query = select(AuditRecord).order_by(AuditRecord.id)
    if since:
        query = query.where(AuditRecord.ts >= since.isoformat())
    if limit:
        query = query.limit(limit)
    return [
        AuditEntry(r.id, r.ts, r.actor, r.action, r.target, r.detail)
        for r in session.execute(query).scalars()
    ]


def anchor_key(session: Session, *, create: bool = True) -> bytes | None:
    """The random key behind anchor MACs; it lives in the database, so it survives a rekey."""
    record = session.get(SettingRecord, ANCHOR_KEY_SETTING)
    if record is None:
        if not create:
            return None
        record = SettingRecord(key=ANCHOR_KEY_SETTING, value=json.dumps(secrets.token_hex(32)))
        session.add(record)
        session.flush()
    return bytes.fromhex(json.loads(record.value))


def case_ref(session: Session, case_number: str, fallback_key: bytes) -> str:
    """A case number that names no case, as a keyed hash: the same number gives the same
    reference (so repeated probing shows), but the log never holds the free text."""
    key = anchor_key(session, create=False) or fallback_key
    digest = hmac.new(key, case_number.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return f"casenr:{digest[:16]}"
