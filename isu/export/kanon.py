"""k-anonymity for record-level exports: global generalisation, then suppression.

Each quasi-identifier column has a *ladder*: level 0 keeps the value, each higher level
maps the original value to something coarser, and the top level usually maps everything
to one value ("alla" / "*"). The search picks one level per column for the whole data set
(full-domain generalisation): the lattice of level combinations is searched by total level,
lowest first, and the first level at which at most ``max_suppressed`` of the records fall
in combinations seen fewer than ``k`` times wins (ties: fewer suppressed records, then less
relative generalisation). Large lattices fall back to a greedy climb. Finally every record
whose combination still occurs fewer than ``k`` times is suppressed (removed).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from isu.domain.form import DEFAULT_AGE_BANDS
from isu.errors import UserError

ALL = "alla"
STAR = "*"
DEFAULT_WIDER_AGE_BANDS: tuple[tuple[int, int], ...] = ((12, 17), (18, 29))
DEFAULT_MAX_SUPPRESSED = 0.05
DEFAULT_MAX_LATTICE = 5000

Record = Mapping[str, Any]
Step = Callable[[Any], Any]

_BAND = re.compile(r"^\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*(?:år)?\s*$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class KAnonymityError(UserError):
    """The k-anonymity settings or the records cannot be used."""


@dataclass(frozen=True)
class Ladder:
    """Generalisation steps for one column; ``steps[i]`` maps an original value to level i+1."""

    name: str
    steps: tuple[Step, ...]

    @property
    def height(self) -> int:
        return len(self.steps)

    def apply(self, value: Any, level: int) -> Any:
        return value if level == 0 else self.steps[level - 1](value)


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

    def rules(self) -> tuple[str, ...]:
        """Plain descriptions for the export manifest's ``rules`` list."""
        lines = [f"k-anonymity k={self.k} over {', '.join(self.quasi) or '(none)'}"]
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
    counts = Counter(tuple(_hashable(record[col]) for col in quasi) for record in records)
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
    max_suppressed: float = DEFAULT_MAX_SUPPRESSED,
    max_lattice: int = DEFAULT_MAX_LATTICE,
) -> tuple[list[dict[str, Any]], KAnonReport]:
    """Generalise then suppress so every quasi combination occurs at least ``k`` times.

    ``max_suppressed`` is the share of records (0–1) that may be suppressed instead of
    generalising further. Returns new record dicts (other columns untouched) and a report.
    """
    quasi = tuple(quasi)
    _check_inputs(records, quasi, k, ladders, max_suppressed)
    table = _LevelTable(records, quasi, ladders)
    allowed = math.floor(max_suppressed * len(records) + 1e-9)
    lattice_size = math.prod(ladders[col].height + 1 for col in quasi)
    if lattice_size <= max_lattice:
        levels, method = _search_lattice(table, k, allowed), "lattice"
    else:
        levels, method = _search_greedy(table, k, allowed), "greedy"
    return _apply(records, table, levels, k, method)


class _LevelTable:
    """Every record's quasi values precomputed at every level of its column's ladder."""

    def __init__(
        self, records: Sequence[Record], quasi: tuple[str, ...], ladders: Mapping[str, Ladder]
    ):
        self.quasi = quasi
        self.ladders = {col: ladders[col] for col in quasi}
        self.heights = tuple(ladders[col].height for col in quasi)
        self.values: list[list[list[Hashable]]] = [
            [
                [_hashable(ladders[col].apply(record[col], level)) for record in records]
                for level in range(ladders[col].height + 1)
            ]
            for col in quasi
        ]
        self.size = len(records)

    def keys(self, levels: Sequence[int]) -> list[tuple[Hashable, ...]]:
        columns = [self.values[i][level] for i, level in enumerate(levels)]
        return list(zip(*columns, strict=True)) if columns else [()] * self.size

    def suppressed(self, levels: Sequence[int], k: int) -> int:
        counts = Counter(self.keys(levels))
        return sum(count for count in counts.values() if count < k)

    def loss(self, levels: Sequence[int]) -> float:
        return sum(lvl / h for lvl, h in zip(levels, self.heights, strict=True) if h)


def _search_lattice(table: _LevelTable, k: int, allowed: int) -> tuple[int, ...]:
    nodes = sorted(
        itertools.product(*(range(h + 1) for h in table.heights)),
        key=lambda node: (sum(node), node),
    )
    best: tuple[int, ...] | None = None
    best_score: tuple[int, float, tuple[int, ...]] | None = None
    fallback: tuple[int, int, tuple[int, ...]] | None = None
    for height, group in itertools.groupby(nodes, key=sum):
        for node in group:
            suppressed = table.suppressed(node, k)
            if fallback is None or (suppressed, height, node) < fallback:
                fallback = (suppressed, height, node)
            score = (suppressed, table.loss(node), node)
            if suppressed <= allowed and (best_score is None or score < best_score):
                best, best_score = node, score
        if best is not None:
            return best
    # Nothing meets the limit (ladders without a single top value, or fewer than k records):
    # take what suppresses least, generalising as little as possible.
    assert fallback is not None
    return fallback[2]


def _search_greedy(table: _LevelTable, k: int, allowed: int) -> tuple[int, ...]:
    """Raise, one step at a time, the column whose step leaves the fewest violating records."""
    levels = [0] * len(table.quasi)
    current = table.suppressed(levels, k)
    while current > allowed:
        options = []
        for i, height in enumerate(table.heights):
            if levels[i] < height:
                trial = levels.copy()
                trial[i] += 1
                options.append((table.suppressed(trial, k), table.loss(trial), i))
        if not options:
            break
        current, _loss, column = min(options)
        levels[column] += 1
    return tuple(levels)


def _apply(
    records: Sequence[Record], table: _LevelTable, levels: tuple[int, ...], k: int, method: str
) -> tuple[list[dict[str, Any]], KAnonReport]:
    keys = table.keys(levels)
    counts = Counter(keys)
    originals = table.keys((0,) * len(levels))
    out: list[dict[str, Any]] = []
    generalised = 0
    for record, key, original in zip(records, keys, originals, strict=True):
        if counts[key] < k:
            continue
        new = dict(record)
        for col, level in zip(table.quasi, levels, strict=True):
            new[col] = table.ladders[col].apply(record[col], level)
        out.append(new)
        generalised += key != original
    return out, KAnonReport(
        k=k,
        quasi=table.quasi,
        levels=dict(zip(table.quasi, levels, strict=True)),
        rows_in=len(records),
        rows_out=len(out),
        generalised=generalised,
        suppressed=len(records) - len(out),
        method=method,
    )


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
    for number, record in enumerate(records, start=1):
        missing = [col for col in quasi if col not in record]
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


def _hashable(value: Any) -> Hashable:
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(key), _hashable(item)) for key, item in value.items()))
    return value
