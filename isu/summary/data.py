"""Record-level input of the group-summary engine, and what a summary asks for.

The engine never reads the database: the service (``isu.services.summaries``) loads
``SummaryData`` from it, and a national merge can build the same from export packages.
Codes are always *current* codes: whoever builds ``SummaryData`` maps older versions' codes
with ``FormSpec.current_code``; answers to questions later removed stay under their old code
and their question (from the last version that had it) is kept in ``retired``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from itertools import repeat
from typing import Any

from isu.domain.answers import Value
from isu.domain.form import FormSpec, Question
from isu.errors import UserError

Cell = tuple[Value, str | None]  # (value, missing reason); value None when missing/unanswered
ItemRow = tuple[int, Mapping[str, Cell]]  # (case index, answers of one repeat-group item)


class PeriodKind(StrEnum):
    """Which date puts a case inside the period."""

    REFERRED = "referred"
    STARTED = "started"
    CLOSED = "closed"
    ACTIVE = "active"  # started (or referred) on or before the end, not closed before the start


class SplitBy(StrEnum):
    NONE = "none"
    GENDER = "gender"
    AGE_BAND = "age_band"


class InvalidRequest(UserError):
    pass


@dataclass(frozen=True)
class SummaryRequest:
    """The filters and layout of one summary. Empty tuples and None mean "all"."""

    period: PeriodKind = PeriodKind.ACTIVE
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = None  # "ongoing" | "closed"
    unit: str | None = None
    coordinator_id: int | None = None
    genders: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    form_versions: tuple[int, ...] = ()
    split: SplitBy = SplitBy.NONE
    k: int | None = None  # None: the database's threshold
    form_id: str | None = None  # None: the form most cases use

    def __post_init__(self) -> None:
        object.__setattr__(self, "period", _enum(PeriodKind, self.period, "period"))
        object.__setattr__(self, "split", _enum(SplitBy, self.split, "split"))
        for name in ("genders", "age_bands", "form_versions"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.status not in (None, "ongoing", "closed"):
            raise InvalidRequest(
                f"Okänd status: {self.status}. Välj ongoing eller closed.",
                f"Unknown status: {self.status}. Choose ongoing or closed.",
            )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidRequest(
                "Periodens början ligger efter dess slut.",
                "The start of the period is after its end.",
            )

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, StrEnum):
                value = value.value
            out[f.name] = value
        return out

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> SummaryRequest:
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        try:
            for name, value in data.items():
                if name not in known:
                    continue  # written by a newer program: ignore, do not fail
                if name in ("date_from", "date_to") and value is not None:
                    value = dt.date.fromisoformat(value)
                elif name in ("genders", "age_bands", "form_versions"):
                    value = tuple(value)
                values[name] = value
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise InvalidRequest(
                "Den sparade sammanställningen går inte att läsa.",
                "The saved summary definition cannot be read.",
            ) from exc


def _enum(kind: type[StrEnum], value: object, what: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidRequest(
            f"Ogiltigt värde för {what}: {value!r} (tillåtet: {allowed}).",
            f"Invalid value for {what}: {value!r} (allowed: {allowed}).",
        ) from None


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """The case-level facts every summary filters and splits on."""

    key: str
    status: str  # "ongoing" | "closed"
    referral_date: dt.date | None = None
    start_date: dt.date | None = None
    closure_date: dt.date | None = None
    closure_reason: str | None = None
    gender: str | None = None
    age_band: str | None = None
    unit: str = ""
    municipality: str = ""
    coordinator: str = ""  # internal id as text; never printed in reports
    form_version: int = 0
    registered: dt.date | None = None  # the day the case was registered (created)

    @property
    def closed(self) -> bool:
        return self.status == "closed"

    @property
    def started(self) -> bool:
        return self.start_date is not None or self.closed


@dataclass(frozen=True)
class SummaryData:
    spec: FormSpec
    cases: tuple[CaseFacts, ...]
    answers: Mapping[str, Mapping[int, Cell]] = field(default_factory=dict)
    items: Mapping[str, Sequence[ItemRow]] = field(default_factory=dict)
    retired: Mapping[str, Question] = field(default_factory=dict)
    # code → the form versions that asked it; a code not listed was asked in every version
    asked_in: Mapping[str, frozenset[int]] = field(default_factory=dict)
    # The codes the data set carries at all (a national merge lacks some: records exports
    # leave them out); None: every code, as from a local database.
    carried: frozenset[str] | None = None

    def question(self, code: str) -> Question | None:
        if self.spec.has_question(code):
            return self.spec.question(code)
        return self.retired.get(code)

    def form_versions(self) -> tuple[int, ...]:
        return tuple(sorted({c.form_version for c in self.cases if c.form_version}))

    def filtered(self, request: SummaryRequest) -> SummaryData:
        """Only the cases the request selects (the same rules the service applies in SQL)."""
        by_registration = registration_basis(self.spec, request.period)
        keep = [
            i for i, case in enumerate(self.cases) if case_selected(case, request, by_registration)
        ]
        if len(keep) == len(self.cases):
            return self
        new_index = {old: new for new, old in enumerate(keep)}
        answers = {
            code: {new_index[i]: cell for i, cell in cells.items() if i in new_index}
            for code, cells in self.answers.items()
        }
        items = {
            group: [(new_index[i], item) for i, item in rows if i in new_index]
            for group, rows in self.items.items()
        }
        items = {group: rows for group, rows in items.items() if rows}
        return SummaryData(
            self.spec,
            tuple(self.cases[i] for i in keep),
            {code: cells for code, cells in answers.items() if cells},
            items,
            self.retired,
            self.asked_in,
            self.carried,
        )


# The date role each period kind filters on; a form without it filters on the registration.
PERIOD_ROLES: dict[PeriodKind, tuple[str, ...]] = {
    PeriodKind.REFERRED: ("referral_date",),
    PeriodKind.STARTED: ("start_date",),
    PeriodKind.CLOSED: ("closure_date",),
    PeriodKind.ACTIVE: ("start_date", "referral_date"),
}


def registration_basis(spec: FormSpec, period: PeriodKind) -> bool:
    """Whether a period of this kind uses the registration date: the form asks none of
    the dates it would otherwise use, so those would drop every case."""
    return all(spec.by_role(role) is None for role in PERIOD_ROLES[PeriodKind(period)])


def case_selected(case: CaseFacts, request: SummaryRequest, by_registration: bool = False) -> bool:
    if request.status is not None and case.status != request.status:
        return False
    if request.unit is not None and case.unit != request.unit:
        return False
    if request.coordinator_id is not None and case.coordinator != str(request.coordinator_id):
        return False
    if request.genders and case.gender not in request.genders:
        return False
    if request.age_bands and case.age_band not in request.age_bands:
        return False
    if request.form_versions and case.form_version not in request.form_versions:
        return False
    return in_period(case, request, by_registration)


def in_period(case: CaseFacts, request: SummaryRequest, by_registration: bool = False) -> bool:
    low, high = request.date_from, request.date_to
    if low is None and high is None:
        return True
    if by_registration:
        return within(case.registered, low, high)
    if request.period is PeriodKind.ACTIVE:
        began = case.start_date or case.referral_date
        if began is None or (high is not None and began > high):
            return False
        return case.closure_date is None or low is None or case.closure_date >= low
    day = {
        PeriodKind.REFERRED: case.referral_date,
        PeriodKind.STARTED: case.start_date,
        PeriodKind.CLOSED: case.closure_date,
    }[request.period]
    return within(day, low, high)


def within(day: dt.date | None, low: dt.date | None, high: dt.date | None) -> bool:
    if day is None:
        return False
    return (low is None or day >= low) and (high is None or day <= high)


class CaseCells(Mapping[int, Cell]):
    """One question's cells by case index, stored as two parallel sequences (case indexes in
    ascending order, from the scan an array of 4 bytes each, and their cells): a plain dict
    of a million answers would cost about ten times the memory. Reads like the dict it
    replaces; ``values()`` and ``items()`` iterate at C speed. The cells themselves are
    shared between cases with the same value."""

    __slots__ = ("cells", "indexes")

    def __init__(self, indexes: Sequence[int], cells: list[Cell]):
        self.indexes = indexes  # a list, or an array of 4-byte indexes
        self.cells = cells

    def __len__(self) -> int:
        return len(self.indexes)

    def __iter__(self) -> Iterator[int]:
        return iter(self.indexes)

    def __getitem__(self, index: int) -> Cell:
        position = bisect_left(self.indexes, index)
        if position < len(self.indexes) and self.indexes[position] == index:
            return self.cells[position]
        raise KeyError(index)

    def __contains__(self, index: object) -> bool:
        try:
            self[index]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def keys(self) -> _ListView:  # type: ignore[override]
        return _ListView(self.indexes, self.indexes.__iter__)

    def values(self) -> _ListView:  # type: ignore[override]
        return _ListView(self.cells, self.cells.__iter__)

    def items(self) -> _ListView:  # type: ignore[override]
        return _ListView(self.indexes, lambda: zip(self.indexes, self.cells, strict=True))

    def __repr__(self) -> str:
        return f"CaseCells({dict(self.items())!r})"


class _ListView:
    """A read-only view of ``CaseCells``: its length, and a fresh iterator each time."""

    __slots__ = ("_iterate", "_sized")

    def __init__(self, sized: list, iterate: Callable[[], Iterator]):
        self._sized, self._iterate = sized, iterate

    def __len__(self) -> int:
        return len(self._sized)

    def __iter__(self) -> Iterator:
        return self._iterate()


class ItemRows(Sequence[ItemRow]):
    """One repeat group's items, column by column: each item's case index and, per code, one
    cell per item (None where the item has none). Reads as the list of ``(case index,
    item)`` pairs it replaces (each item an ``ItemView``); a tuple, a mapping and a tuple of
    cells per item took two fifths of a large summary's memory."""

    __slots__ = ("cases", "columns")

    def __init__(self, cases: list[int], columns: dict[str, list[Cell | None]]):
        self.cases = cases
        self.columns = columns

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self) -> Iterator[ItemRow]:
        views = map(ItemView, repeat(self.columns), range(len(self.cases)))
        return zip(self.cases, views, strict=True)

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return list(self)[position]
        return self.cases[position], ItemView(self.columns, range(len(self.cases))[position])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ItemRows | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ItemRows({list(self)!r})"


class ItemView(Mapping[str, Cell]):
    """One item of ``ItemRows``: its cells by code, read from the group's columns."""

    __slots__ = ("columns", "position")

    def __init__(self, columns: dict[str, list[Cell | None]], position: int):
        self.columns = columns
        self.position = position

    def get(self, code: str, default: Any = None) -> Any:
        column = self.columns.get(code)
        cell = None if column is None else column[self.position]
        return default if cell is None else cell

    def __getitem__(self, code: str) -> Cell:
        cell = self.get(code)
        if cell is None:
            raise KeyError(code)
        return cell

    def __iter__(self) -> Iterator[str]:
        position = self.position
        return (code for code, column in self.columns.items() if column[position] is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"ItemView({dict(self.items())!r})"
