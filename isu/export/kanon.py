"""k-anonymity for record-level exports: global generalisation, then suppression.

Each quasi-identifier column has a *ladder*: level 0 keeps the value, each higher level
maps the original value to something coarser, and the top level usually maps everything
to one value ("alla" / "*"). The search picks one level per column for the whole data set
(full-domain generalisation): the lattice of level combinations is searched by total level,
lowest first, and the first level at which at most ``max_suppressed`` of the records fall
in combinations seen fewer than ``k`` times wins (ties: fewer suppressed records, then less
relative generalisation). Large lattices fall back to a weighted greedy climb (the step
that removes the most violating records per unit of weighted information lost), followed by
a pass that lowers again every level that is no longer needed. Finally every record whose
combination still occurs fewer than ``k`` times, or whose class fails l-diversity, is
suppressed (removed) — whole classes go, so the classes that remain keep both properties.

l-diversity is *distinct* l-diversity: each equivalence class must show at least ``l``
different values of every sensitive column (a missing answer counts as a value). A class in
which nobody has a value of a column (for example the after-phase answers of ongoing cases)
discloses nothing about it and is exempt for that column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from isu.domain.form import DEFAULT_AGE_BANDS
from isu.errors import UserError
from isu.export.kanon_search import (
    Ladder,
    LevelTable,
    Record,
    Step,
    hashable,
    search_greedy,
    search_lattice,
)

ALL = "alla"
STAR = "*"
OTHER = "ovrigt"  # the code rare values are grouped into ("Övrigt" / "Other")
DEFAULT_RARE_SHARE = 0.05
DEFAULT_L = 2
DEFAULT_WIDER_AGE_BANDS: tuple[tuple[int, int], ...] = ((12, 17), (18, 29))
DEFAULT_MAX_SUPPRESSED = 0.05
DEFAULT_MAX_LATTICE = 5000

_BAND = re.compile(r"^\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*(?:år)?\s*$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class KAnonymityError(UserError):
    """The k-anonymity settings or the records cannot be used."""


@dataclass(frozen=True)
class ClassStats:
    """How identifiable a table is on its quasi-identifiers."""

    records: int
    classes: int  # distinct quasi-identifier combinations
    unique: int  # records alone in their combination
    smallest: int  # size of the smallest class (0 without records)
    l: dict[str, int] = field(hash=False, default_factory=dict)  # noqa: E741 - smallest distinct


@dataclass(frozen=True)
class KAnonReport:
    k: int
    quasi: tuple[str, ...]
    levels: dict[str, int] = field(hash=False)
    rows_in: int
    rows_out: int
    generalised: int  # output records with at least one quasi value coarsened
    suppressed: int
    method: str  # "lattice" (exhaustive) or "greedy"
    l: int = 1  # noqa: E741
    sensitive: tuple[str, ...] = ()
    before: ClassStats | None = None  # on the values as given (level 0)
    after: ClassStats | None = None  # on the records that leave

    def rules(self) -> tuple[str, ...]:
        """Plain descriptions for the export manifest's ``rules`` list."""
        lines = [f"k-anonymity k={self.k} over {', '.join(self.quasi) or '(none)'}"]
        if self.sensitive:
            lines.append(f"l-diversity l={self.l} for {', '.join(self.sensitive)}")
        lines += [f"generalise {col} to level {lvl}" for col, lvl in self.levels.items() if lvl]
        lines.append(f"suppress records in combinations below k ({self.suppressed})")
        return tuple(lines)


# --- ladders -----------------------------------------------------------------------------


def age_band_ladder(
    wider: Sequence[tuple[int, int]] = DEFAULT_WIDER_AGE_BANDS, top: str = ALL
) -> Ladder:
    """Band code (``"15-17"``) or age → the wider band that contains it → ``top``."""
    wide = tuple((low, high) for low, high in wider)

    def widen(value: Any) -> Any:
        span = _age_span(value)
        if span is None:
            return value  # a missing code stays what it is until the top level
        inside = [b for b in wide if b[0] <= span[0] and span[1] <= b[1]]
        return f"{inside[0][0]}-{inside[0][1]}" if inside else top

    return Ladder("age_band", (widen, lambda _value: top))


def period_ladder(top: str = ALL) -> Ladder:
    """Year-month (``"2024-03"`` or a date) → half-year (``"2024-H1"``) → year → ``top``."""

    def half_year(value: Any) -> Any:
        ym = _year_month(value)
        return value if ym is None else f"{ym[0]:04d}-H{1 if ym[1] <= 6 else 2}"

    def year(value: Any) -> Any:
        ym = _year_month(value)
        return value if ym is None else f"{ym[0]:04d}"

    return Ladder("period", (half_year, year, lambda _value: top))


def municipality_ladder(top: str = STAR) -> Ladder:
    """SCB municipality code (``"0180"``) → county (first two digits, ``"01"``) → ``top``."""

    def county(value: Any) -> Any:
        text = str(value) if value is not None else ""
        return text[:2] if len(text) == 4 and text.isdigit() else value

    return Ladder("municipality", (county, lambda _value: top))


def gender_ladder(top: str = STAR) -> Ladder:
    """Gender is kept, or hidden entirely."""
    return Ladder("gender", (lambda _value: top,))


def mapping_ladder(name: str, *maps: Mapping[Any, Any], top: str = STAR) -> Ladder:
    """A ladder from explicit tables; values missing from a table go straight to ``top``."""
    steps: list[Step] = [lambda value, table=table: table.get(value, top) for table in maps]
    steps.append(lambda _value: top)
    return Ladder(name, tuple(steps))


def rare_ladder(
    name: str,
    values: Sequence[Any],
    k: int,
    *,
    share: float = DEFAULT_RARE_SHARE,
    other: str = OTHER,
    top: str = STAR,
) -> Ladder:
    """Level 1 groups the rare values of ``values`` into ``other``; level 2 is ``top``.

    A value is rare when it occurs fewer than ``k`` times or in less than ``share`` of the
    records. Missing (None) stays missing until the top level.
    """
    counts = Counter(hashable(value) for value in values)
    floor = max(k, math.ceil(share * len(values) - 1e-9))
    common = frozenset(value for value, count in counts.items() if count >= floor)

    def group(value: Any) -> Any:
        if value is None or hashable(value) in common:
            return value
        return other

    return Ladder(name, (group, lambda _value: top))


def band_ladder(name: str, bounds: Sequence[int], top: str = STAR) -> Ladder:
    """A band code of ``bounds`` (see ``band_code``) → the band of every second bound → top."""
    coarse = tuple(bounds[1::2]) or tuple(bounds[-1:])

    def widen(value: Any) -> Any:
        low = band_low(value)
        return value if low is None else band_code(low, coarse)

    return Ladder(name, (widen, lambda _value: top))


def band_code(value: int, bounds: Sequence[int]) -> str:
    """``"<0"``, ``"0-30"``, ``"31-90"`` … ``">365"`` for upper bounds (30, 90, …, 365)."""
    if value < 0:
        return "<0"
    low = 0
    for bound in bounds:
        if value <= bound:
            return str(bound) if low == bound else f"{low}-{bound}"
        low = bound + 1
    return f">{bounds[-1]}"


def band_low(code: Any) -> int | None:
    """The smallest value a band code stands for (``"<0"`` → -1); None if it is no band."""
    if not isinstance(code, str):
        return None
    if code == "<0":
        return -1
    if code.startswith(">") and code[1:].isdigit():
        return int(code[1:]) + 1
    low, _sep, high = code.partition("-")
    if low.isdigit() and (not high or high.isdigit()):
        return int(low)
    return None


def band_middle(code: Any) -> int | None:
    """A representative value of a band: the middle, or the lower end of an open band."""
    if not isinstance(code, str):
        return None
    low, _sep, high = code.partition("-")
    if low.isdigit() and high.isdigit():
        return (int(low) + int(high)) // 2
    return band_low(code)


def default_ladders() -> dict[str, Ladder]:
    """Ladders for the standard quasi-identifier columns of a records export."""
    return {
        "gender": gender_ladder(),
        "age_band": age_band_ladder(),
        "municipality": municipality_ladder(),
        "period": period_ladder(),
    }


def default_age_band_codes() -> tuple[str, ...]:
    return tuple(band.code for band in DEFAULT_AGE_BANDS)


# --- checking ----------------------------------------------------------------------------


def combinations_below_k(
    records: Sequence[Record], quasi: Sequence[str], k: int
) -> list[tuple[tuple[Any, ...], int]]:
    """Each quasi-identifier combination seen fewer than ``k`` times, with its count."""
    counts = Counter(tuple(hashable(record[col]) for col in quasi) for record in records)
    return sorted(
        ((combo, count) for combo, count in counts.items() if count < k),
        key=lambda item: repr(item),
    )


# --- anonymising -------------------------------------------------------------------------


def kanonymize(
    records: Sequence[Record],
    quasi: Sequence[str],
    k: int,
    ladders: Mapping[str, Ladder],
    *,
    sensitive: Sequence[str] = (),
    l: int = 1,  # noqa: E741 - the name the literature uses
    weights: Mapping[str, float] | None = None,
    max_suppressed: float = DEFAULT_MAX_SUPPRESSED,
    max_lattice: int = DEFAULT_MAX_LATTICE,
) -> tuple[list[dict[str, Any]], KAnonReport]:
    """Generalise then suppress so every quasi combination occurs at least ``k`` times and
    shows at least ``l`` distinct values of each ``sensitive`` column.

    ``max_suppressed`` is the share of records (0–1) that may be suppressed instead of
    generalising further; ``weights`` (default 1) say how much a column's detail is worth, so
    heavier columns are coarsened last. Returns new record dicts (other columns untouched)
    and a report.
    """
    quasi, sensitive = tuple(quasi), tuple(sensitive)
    _check_inputs(records, quasi, k, ladders, max_suppressed)
    _check_l(records, sensitive, l)
    weight = tuple(float((weights or {}).get(col, 1.0)) for col in quasi)
    table = LevelTable(records, quasi, ladders, sensitive, weight)
    allowed = math.floor(max_suppressed * len(records) + 1e-9)
    lattice_size = math.prod(ladders[col].height + 1 for col in quasi)
    if lattice_size <= max_lattice:
        levels, method = search_lattice(table, k, l, allowed), "lattice"
    else:
        levels, method = search_greedy(table, k, l, allowed), "greedy"
    return _apply(records, table, levels, k, l, method)


def class_stats(
    records: Sequence[Record], quasi: Sequence[str], sensitive: Sequence[str] = ()
) -> ClassStats:
    """Uniqueness, smallest class and distinct l per sensitive column of ``records``."""
    keys = [tuple(hashable(record[col]) for col in quasi) for record in records]
    counts = Counter(keys)
    diversity = {
        col: _smallest_diversity(keys, [hashable(r.get(col)) for r in records]) for col in sensitive
    }
    return ClassStats(
        records=len(records),
        classes=len(counts),
        unique=sum(1 for count in counts.values() if count == 1),
        smallest=min(counts.values(), default=0),
        l=diversity,
    )


def _smallest_diversity(keys: Sequence[Hashable], values: Sequence[Hashable]) -> int:
    """The fewest distinct values in a class, over classes where someone has a value."""
    pairs = set(zip(keys, values, strict=True))
    distinct = Counter(key for key, _value in pairs)
    known = {key for key, value in pairs if value is not None}
    return min((distinct[key] for key in known), default=0)


def _apply(
    records: Sequence[Record],
    table: LevelTable,
    levels: tuple[int, ...],
    k: int,
    l: int,  # noqa: E741
    method: str,
) -> tuple[list[dict[str, Any]], KAnonReport]:
    keys = table.keys(levels)
    bad = table.bad_keys(keys, k, l)
    originals = table.keys((0,) * len(levels))
    out: list[dict[str, Any]] = []
    generalised = 0
    kept_keys = []
    for record, key, original in zip(records, keys, originals, strict=True):
        if key in bad:
            continue
        new = dict(record)
        for col, level in zip(table.quasi, levels, strict=True):
            new[col] = table.ladders[col].apply(record[col], level)
        out.append(new)
        kept_keys.append(key)
        generalised += key != original
    sensitive = table.sensitive_names
    return out, KAnonReport(
        k=k,
        quasi=table.quasi,
        levels=dict(zip(table.quasi, levels, strict=True)),
        rows_in=len(records),
        rows_out=len(out),
        generalised=generalised,
        suppressed=len(records) - len(out),
        method=method,
        l=l,
        sensitive=sensitive,
        before=class_stats(records, table.quasi, sensitive),
        after=class_stats(out, table.quasi, sensitive),
    )


def _check_l(records: Sequence[Record], sensitive: tuple[str, ...], l: int) -> None:  # noqa: E741
    if isinstance(l, bool) or not isinstance(l, int) or l < 1:
        raise KAnonymityError(
            f"l måste vara ett heltal ≥ 1 (fick {l!r}).", f"l must be an integer ≥ 1 (got {l!r})."
        )
    _check_columns(records, sensitive)


def _check_inputs(
    records: Sequence[Record],
    quasi: tuple[str, ...],
    k: int,
    ladders: Mapping[str, Ladder],
    max_suppressed: float,
) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise KAnonymityError(
            f"k måste vara ett heltal ≥ 1 (fick {k!r}).", f"k must be an integer ≥ 1 (got {k!r})."
        )
    if not 0 <= max_suppressed <= 1:
        raise KAnonymityError(
            "Andelen som får undertryckas måste ligga mellan 0 och 1.",
            "The share of records that may be suppressed must be between 0 and 1.",
        )
    if len(set(quasi)) != len(quasi):
        raise KAnonymityError(
            "En kolumn förekommer två gånger bland indirekta identifierare.",
            "A column is listed twice among the quasi-identifiers.",
        )
    for col in quasi:
        if col not in ladders:
            raise KAnonymityError(
                f"Generaliseringsstege saknas för kolumnen {col}.",
                f"No generalisation ladder for the column {col}.",
            )
    _check_columns(records, quasi)


def _check_columns(records: Sequence[Record], columns: Sequence[str]) -> None:
    for number, record in enumerate(records, start=1):
        missing = [col for col in columns if col not in record]
        if missing:
            raise KAnonymityError(
                f"Post {number} saknar kolumnen {missing[0]}.",
                f"Record {number} lacks the column {missing[0]}.",
            )


def _age_span(value: Any) -> tuple[int, int] | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value, value
    match = _BAND.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    low, high = int(match.group(1)), int(match.group(2))
    return (low, high) if low <= high else None


def _year_month(value: Any) -> tuple[int, int] | None:
    if isinstance(value, dt.date):
        return value.year, value.month
    match = _MONTH.match(value) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2))
