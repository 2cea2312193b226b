"""Per-database settings, stored encrypted inside the database.

Names, types, bounds, defaults and who may change each one are declared once, in
``isu.domain.settings_spec``; this module stores and validates against that table. Only an
administrator (``Permission.MAINTAIN``) may change a setting, and every change is audited
with each field's old and new value.
"""

from __future__ import annotations

import itertools
import json
import secrets
from dataclasses import asdict, dataclass, fields, replace

from sqlalchemy import select

from isu.db.models import SettingRecord
from isu.domain.roles import Permission
from isu.domain.settings_spec import K_MIN, SETTINGS
from isu.errors import UserError
from isu.services import audit
from isu.services.changes import SETTINGS as SETTINGS_CHANGED
from isu.services.changes import carrying
from isu.services.workspace import Workspace


def _default(name: str):
    return SETTINGS[name].default


@dataclass(frozen=True)
class DatabaseSettings:
    """The values; their declarations (bounds, defaults) are ``settings_spec.SETTINGS``."""

    unit: str = _default("unit")
    municipality: str = _default("municipality")
    k: int = _default("k")  # small-number protection threshold: a floor for every output
    idle_lock_minutes: int = _default("idle_lock_minutes")
    age_bands: tuple[tuple[int, int], ...] = _default("age_bands")
    shared_access: bool = _default("shared_access")  # coordinators may open each other's cases
    unit_head_reads_cases: bool = _default("unit_head_reads_cases")
    exact_counts_on_screen: bool = _default("exact_counts_on_screen")
    retention_years: int | None = _default("retention_years")
    daily_backup: bool = _default("daily_backup")
    backups_to_keep: int = _default("backups_to_keep")

    def validate(self) -> DatabaseSettings:
        for name, declared in SETTINGS.items():
            declared.check(getattr(self, name))
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
    if isinstance(values.get("k"), int) and values["k"] < K_MIN:
        values["k"] = K_MIN  # stored under an older, lower minimum: the floor rises with it
    return DatabaseSettings(**values)


def save(ws: Workspace, **changes) -> DatabaseSettings:
    """Change settings (administrators only); all are validated before any is written. The
    result carries ``changes`` (``isu.services.changes``)."""
    for name in changes:
        if name in SETTINGS:
            ws.require(SETTINGS[name].permission)
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
        before, after = asdict(current), asdict(updated)
        for key, value in after.items():
            if key in changes:
                session.merge(SettingRecord(key=key, value=json.dumps(value)))
        audit.append(
            session,
            ws.user.username,
            "settings_changed",
            "",
            {
                **{key: after[key] for key in sorted(changes)},
                "changes": {
                    key: {"old": before[key], "new": after[key]}
                    for key in sorted(changes)
                    if before[key] != after[key]
                },
            },
        )
        return carrying(updated, SETTINGS_CHANGED)


def export_secret(session) -> bytes:
    """The local secret behind stable export ids; never leaves the database."""
    record = session.get(SettingRecord, "export_secret")
    if record is None:
        record = SettingRecord(key="export_secret", value=json.dumps(secrets.token_hex(32)))
        session.add(record)
    return bytes.fromhex(json.loads(record.value))
