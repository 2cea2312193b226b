"""Plain data the services hand to the UI and the CLI (never ORM objects or sessions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from isu.domain.answers import Answer
from isu.domain.roles import Role


class CaseStatus(StrEnum):
    ONGOING = "ongoing"
    CLOSED = "closed"

    def label(self, lang: str = "sv") -> str:
        if lang == "sv":
            return {"ongoing": "Pågående", "closed": "Avslutat"}[self.value]
        return {"ongoing": "Ongoing", "closed": "Closed"}[self.value]


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: Role
    disabled: bool = False

    @property
    def name(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    case_number: str
    status: CaseStatus
    start_date: str | None
    closure_date: str | None
    coordinator: str
    phases_complete: tuple[str, ...]
    warnings: int
    updated_at: str
    form_id: str
    form_version: int


@dataclass(frozen=True)
class CaseQuery:
    """What the case list asks for; sorting, filtering and paging happen in SQL."""

    search: str = ""
    status: CaseStatus | None = None
    coordinator_id: int | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    sort: str = "updated_at"
    descending: bool = True
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class CasePage:
    rows: tuple[CaseRow, ...]
    total: int


@dataclass(frozen=True)
class CaseDetail:
    id: int
    case_number: str
    status: CaseStatus
    form_id: str
    form_version: int
    coordinator_id: int
    coordinator: str
    answers: dict[str, Answer]
    repeats: dict[str, list[dict[str, Answer]]]
    revision: int
    updated_at: str
    warnings: int = 0
    phases_complete: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: str
    actor: str
    action: str
    target: str
    detail: str
