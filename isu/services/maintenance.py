"""Checking the database: SQLite and SQLCipher integrity, and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from isu.domain.roles import Permission
from isu.services import audit
from isu.services.workspace import Workspace


@dataclass(frozen=True)
class VerifyReport:
    integrity: tuple[str, ...]
    cipher: tuple[str, ...]
    first_broken_audit_entry: int | None
    audit_entries: int

    @property
    def ok(self) -> bool:
        return (
            self.integrity == ("ok",) and not self.cipher and self.first_broken_audit_entry is None
        )

    def lines(self, lang: str = "sv") -> list[str]:
        sv = lang == "sv"
        out = [
            ("Databasens struktur: " if sv else "Database structure: ")
            + ("OK" if self.integrity == ("ok",) else "; ".join(self.integrity)),
            ("Krypteringens sidkontroll: " if sv else "Encryption page check: ")
            + ("OK" if not self.cipher else "; ".join(self.cipher)),
        ]
        if self.first_broken_audit_entry is None:
            out.append(
                f"Granskningsloggen: OK ({self.audit_entries} poster)"
                if sv
                else f"Audit log: OK ({self.audit_entries} entries)"
            )
        else:
            n = self.first_broken_audit_entry
            out.append(
                f"Granskningsloggen är bruten vid post {n}"
                if sv
                else f"The audit log is broken at entry {n}"
            )
        return out


def verify(ws: Workspace) -> VerifyReport:
    ws.require(Permission.MAINTAIN)
    with ws.db.reading() as session:
        integrity = tuple(r[0] for r in session.execute(text("PRAGMA integrity_check")))
        cipher = tuple(str(r[0]) for r in session.execute(text("PRAGMA cipher_integrity_check")))
        broken = audit.first_broken_entry(session)
        count = session.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    if not ws.db.read_only:
        with ws.db.unit_of_work() as session:
            audit.append(
                session,
                ws.user.username,
                "verified",
                "",
                {"ok": integrity == ("ok",) and not cipher and broken is None},
            )
    return VerifyReport(integrity, cipher, broken, count)
