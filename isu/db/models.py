"""The schema, as SQLAlchemy 2 typed models.

Answers are stored one row per question (and per repeat instance), with typed value columns
and the missing reason apart from the value, as REDCap's data table does. A form can change
without a schema change, and a summary reads one narrow, indexed table per question instead
of parsing documents. A few case-level facts (dates, gender, birth year, status) are copied
onto the case row when a case is saved, because the case list and every summary filter on
them; the answers stay the source of truth.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Base(DeclarativeBase):
    pass


class SettingRecord(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class UserRecord(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow)
    updated_at: Mapped[str] = mapped_column(String(32), default=utcnow)


class FormRecord(Base):
    __tablename__ = "forms"
    __table_args__ = (UniqueConstraint("form_id", "version", name="uq_forms_id_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    title_sv: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[str] = mapped_column(String(32), default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class CaseRecord(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status", "status"),
        Index("ix_cases_coordinator", "coordinator_id"),
        Index("ix_cases_start", "start_date"),
        Index("ix_cases_closure", "closure_date"),
        Index("ix_cases_referral", "referral_date"),
        Index("ix_cases_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_number: Mapped[str] = mapped_column(String(64), unique=True)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="ongoing")
    unit: Mapped[str] = mapped_column(String(200), default="")
    municipality: Mapped[str] = mapped_column(String(8), default="")
    referral_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    start_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    closure_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    closure_reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    gender: Mapped[str | None] = mapped_column(String(64), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age_band: Mapped[str | None] = mapped_column(String(32), nullable=True)
    phases_complete: Mapped[str] = mapped_column(String(64), default="")
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow)
    updated_at: Mapped[str] = mapped_column(String(32), default=utcnow)
    # The version counter of the optimistic check (isu.services.cases) and who made it.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)

    answers: Mapped[list[AnswerRecord]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )


class AnswerRecord(Base):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("case_id", "code", "instance", name="uq_answers_case_code_instance"),
        Index("ix_answers_code", "code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    # 0 for an ordinary question; 1, 2, ... for the rows of a repeat group.
    instance: Mapped[int] = mapped_column(Integer, default=0)
    repeat: Mapped[str | None] = mapped_column(String(64), nullable=True)
    value_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    value_num: Mapped[float | None] = mapped_column(Float, nullable=True)
    missing: Mapped[str | None] = mapped_column(String(32), nullable=True)
    form_version: Mapped[int] = mapped_column(Integer)

    case: Mapped[CaseRecord] = relationship(back_populates="answers")


class AuditRecord(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ts: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SavedSummaryRecord(Base):
    __tablename__ = "saved_summaries"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_saved_summaries_owner_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    definition: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow)
    updated_at: Mapped[str] = mapped_column(String(32), default=utcnow)


class KeyChangeRecord(Base):
    """A key-file change committed together with its user row (see ``isu.services.keys``):
    a pending slot whose token is here is live; ``rekey`` means a rotation is owed."""

    __tablename__ = "key_changes"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    rekey: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow)


class ReleaseRecord(Base):
    """One released summary output's case populations (see ``isu.summary.populations``),
    next to the audit entry that logged it: the history protection across outputs checks."""

    __tablename__ = "releases"
    __table_args__ = (Index("ix_releases_digest", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[str] = mapped_column(String(32), default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    audit_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    k: Mapped[int] = mapped_column(Integer)
    cases: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    populations: Mapped[bytes] = mapped_column(LargeBinary)
