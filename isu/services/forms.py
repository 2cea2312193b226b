"""Published form versions, kept inside the database so old answers always have their form."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from isu.db.models import FormRecord
from isu.domain.form import FormSpec
from isu.domain.roles import Permission
from isu.errors import NotFound, UserError
from isu.formdefs import load_form_text
from isu.paths import forms_dir
from isu.services import audit
from isu.services.changes import FORMS, NOTHING, carrying
from isu.services.workspace import Workspace

DEFAULT_FORM_FILE = "sig.yaml"


@dataclass(frozen=True)
class PublishedForm:
    form_id: str
    version: int
    title_sv: str
    title_en: str
    published_at: str
    sha256: str


def _to_published(record: FormRecord) -> PublishedForm:
    return PublishedForm(
        record.form_id,
        record.version,
        record.title_sv,
        record.title_en,
        record.published_at,
        record.sha256,
    )


@functools.lru_cache(maxsize=64)
def _parse(source: str, sha256: str) -> FormSpec:
    return load_form_text(source, source=f"form:{sha256[:8]}")


def publish_text(ws: Workspace, source: str, origin: str = "<form>") -> PublishedForm:
    """Store a new form version. Its version must be above the latest published one, and
    no change may lose data that older answers hold. Carries ``changes`` (FORMS, or NOTHING
    when the very same form was published already)."""
    ws.require(Permission.MANAGE_FORMS)
    spec = load_form_text(source, source=origin)
    sha = hashlib.sha256(source.encode("utf-8")).hexdigest()
    with ws.db.unit_of_work() as session:
        latest = _latest_record(session, spec.id)
        if latest is not None:
            if latest.sha256 == sha:
                return carrying(_to_published(latest), NOTHING)
            _check_successor(_parse(latest.source, latest.sha256), spec)
        record = FormRecord(
            form_id=spec.id,
            version=spec.version,
            title_sv=spec.title.sv,
            title_en=spec.title.en or spec.title.sv,
            source=source,
            sha256=sha,
            published_by=ws.user.id,
        )
        session.add(record)
        session.flush()
        audit.append(
            session,
            ws.user.username,
            "form_published",
            f"form:{spec.id}",
            {"version": spec.version, "sha256": sha},
        )
        return carrying(_to_published(record), FORMS)


def _check_successor(old: FormSpec, new: FormSpec) -> None:
    from isu.formdefs import check_upgrade

    if new.version <= old.version:
        raise UserError(
            f"Formuläret {new.id} version {new.version} finns redan eller är äldre än publicerad"
            f" version {old.version}. Höj versionsnumret.",
            f"Form {new.id} version {new.version} already exists or is older than the published"
            f" version {old.version}. Raise the version number.",
        )
    problems = check_upgrade(old, new)
    if problems:
        lines_sv = "; ".join(str(getattr(p, "message_sv", p)) for p in problems)
        lines_en = "; ".join(str(getattr(p, "message_en", p)) for p in problems)
        raise UserError(
            f"Den nya versionen skulle förlora data: {lines_sv}",
            f"The new version would lose data: {lines_en}",
        )


def publish_file(ws: Workspace, path: str | Path) -> PublishedForm:
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            f"Formulärfilen kan inte läsas: {path}", f"The form file cannot be read: {path}"
        ) from exc
    return publish_text(ws, source, origin=str(path))


def publish_default_form(ws: Workspace) -> PublishedForm | None:
    path = forms_dir() / DEFAULT_FORM_FILE
    return publish_file(ws, path) if path.is_file() else None


def _latest_record(session, form_id: str) -> FormRecord | None:
    return session.execute(
        select(FormRecord)
        .where(FormRecord.form_id == form_id)
        .order_by(FormRecord.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def list_forms(ws: Workspace) -> list[PublishedForm]:
    with ws.db.reading() as session:
        rows = session.execute(
            select(FormRecord).order_by(FormRecord.form_id, FormRecord.version)
        ).scalars()
        return [_to_published(r) for r in rows]


def form_spec(session, form_id: str, version: int | None = None) -> FormSpec:
    query = select(FormRecord).where(FormRecord.form_id == form_id)
    if version is None:
        query = query.order_by(FormRecord.version.desc()).limit(1)
    else:
        query = query.where(FormRecord.version == version)
    record = session.execute(query).scalar_one_or_none()
    if record is None:
        suffix = f" version {version}" if version is not None else ""
        raise NotFound(
            f"Formuläret {form_id}{suffix} är inte publicerat.",
            f"Form {form_id}{suffix} is not published.",
        )
    return _parse(record.source, record.sha256)


def get_form(ws: Workspace, form_id: str, version: int | None = None) -> FormSpec:
    with ws.db.reading() as session:
        return form_spec(session, form_id, version)


def form_source(ws: Workspace, form_id: str, version: int | None = None) -> str:
    with ws.db.reading() as session:
        spec = form_spec(session, form_id, version)
        record = session.execute(
            select(FormRecord.source).where(
                FormRecord.form_id == form_id, FormRecord.version == spec.version
            )
        ).scalar_one()
        return record


def all_versions(session, form_id: str) -> list[FormSpec]:
    rows = session.execute(
        select(FormRecord).where(FormRecord.form_id == form_id).order_by(FormRecord.version)
    ).scalars()
    return [_parse(r.source, r.sha256) for r in rows]
