"""Per-database settings, stored encrypted inside the database."""

from __future__ import annotations

import itertools
import json
import secrets
from dataclasses import asdict, dataclass, fields, replace

from sqlalchemy import select

from isu.db.models import SettingRecord
from isu.domain.roles import Permission
from isu.errors import UserError
from isu.services import audit
from isu.services.workspace import Workspace


@dataclass(frozen=True)
class DatabaseSettings:
    unit: str = ""
    municipality: str = ""
    k: int = 5  # small-number protection threshold
    idle_lock_minutes: int = 15
    age_bands: tuple[tuple[int, int], ...] = ((12, 14), (15, 17), (18, 20), (21, 25), (26, 29))
    shared_access: bool = False  # coordinators may open each other's cases
    unit_head_reads_cases: bool = False
    exact_counts_on_screen: bool = False
    retention_years: int | None = None
    daily_backup: bool = False
    backups_to_keep: int = 7

    def validate(self) -> DatabaseSettings:
        if not 2 <= self.k <= 50:
            raise UserError("k måste vara mellan 2 och 50.", "k must be between 2 and 50.")
        if not 1 <= self.idle_lock_minutes <= 240:
            raise UserError(
                "Låstiden ska vara 1–240 minuter.", "The idle lock time must be 1–240 minutes."
            )
        if self.municipality and not (len(self.municipality) == 4 and self.municipality.isdigit()):
            raise UserError(
                "Kommunkoden ska vara fyra siffror (SCB), t.ex. 0180.",
                "The municipality code must be four digits (SCB), e.g. 0180.",
            )
        bands = sorted(self.age_bands)
        if any(lo > hi for lo, hi in bands) or any(
            a[1] >= b[0] for a, b in itertools.pairwise(bands)
        ):
            raise UserError("Åldersbanden får inte överlappa.", "Age bands must not overlap.")
        return self


_FIELDS = {f.name for f in fields(DatabaseSettings)}


def load(ws_or_session) -> DatabaseSettings:
    session_cm = ws_or_session.db.reading() if isinstance(ws_or_session, Workspace) else None
    if session_cm is None:
        return _load(ws_or_session)
    with session_cm as session:
        return _load(session)


def _load(session) -> DatabaseSettings:
    values = {}
    for record in session.execute(select(SettingRecord)).scalars():
        if record.key in _FIELDS:
            values[record.key] = json.loads(record.value)
    if "age_bands" in values:
        values["age_bands"] = tuple(tuple(b) for b in values["age_bands"])
    return DatabaseSettings(**values)


def save(ws: Workspace, **changes) -> DatabaseSettings:
    ws.require(Permission.MAINTAIN)
    unknown = set(changes) - _FIELDS
    if unknown:
        raise UserError(
            f"Okänd inställning: {', '.join(sorted(unknown))}",
            f"Unknown setting: {', '.join(sorted(unknown))}",
        )
    with ws.db.unit_of_work() as session:
        current = _load(session)
        updated = replace(current, **changes).validate()
        for key, value in asdict(updated).items():
            if key in changes:
                session.merge(SettingRecord(key=key, value=json.dumps(value)))
        audit.append(
            session,
            ws.user.username,
            "settings_changed",
            "",
            {k: asdict(updated)[k] for k in sorted(changes)},
        )
        return updated


def export_secret(session) -> bytes:
    """The local secret behind stable export ids; never leaves the database."""
    record = session.get(SettingRecord, "export_secret")
    if record is None:
        record = SettingRecord(key="export_secret", value=json.dumps(secrets.token_hex(32)))
        session.add(record)
    return bytes.fromhex(json.loads(record.value))
