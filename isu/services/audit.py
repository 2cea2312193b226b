"""The append-only, hash-chained audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from isu.db.models import AuditRecord
from isu.domain.model import AuditEntry

GENESIS = "0" * 64


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
    """Add one entry. Callers run inside a writing unit of work, so the write lock is held
    and two programs cannot fork the chain."""
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
