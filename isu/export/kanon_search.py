"""The search behind ``isu.export.kanon.kanonymize``: every record's quasi values at every
ladder level, and the choice of one level per column (the full lattice when it is small, a
weighted greedy climb otherwise)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Record = Mapping[str, Any]
Step = Callable[[Any], Any]


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


class LevelTable:
    """Every record's quasi values precomputed at every level of its column's ladder."""

    def __init__(
        self,
        records: Sequence[Record],
        quasi: tuple[str, ...],
        ladders: Mapping[str, Ladder],
        sensitive: tuple[str, ...] = (),
        weights: tuple[float, ...] | None = None,
    ):
        self.quasi = quasi
        self.ladders = {col: ladders[col] for col in quasi}
        self.heights = tuple(ladders[col].height for col in quasi)
        self.weights = weights or (1.0,) * len(quasi)
        self.values: list[list[list[Hashable]]] = [
            [
                [hashable(ladders[col].apply(record[col], level)) for record in records]
                for level in range(ladders[col].height + 1)
            ]
            for col in quasi
        ]
        # The same values as small integers (None: -1), which hash and compare fastest.
        self.codes = [[_codes(level) for level in column] for column in self.values]
        self.sensitive_names = sensitive
        self.sensitive_codes = [
            _codes([hashable(record.get(col)) for record in records]) for col in sensitive
        ]
        self.size = len(records)
        self._cache: dict[tuple[tuple[int, ...], int, int], int] = {}

    def keys(self, levels: Sequence[int]) -> list[tuple[Hashable, ...]]:
        columns = [self.values[i][level] for i, level in enumerate(levels)]
        return list(zip(*columns, strict=True)) if columns else [()] * self.size

    def bad_keys(self, keys: Sequence[Hashable], k: int, l: int) -> set[Hashable]:  # noqa: E741
        """Classes smaller than k, or with fewer than l values of a sensitive column."""
        index: dict[Hashable, int] = {}
        ids = [index.setdefault(key, len(index)) for key in keys]
        bad = self._bad_ids(ids, k, l)
        return {key for key, number in index.items() if number in bad}

    def _bad_ids(self, ids: list[int], k: int, l: int) -> set[int]:  # noqa: E741
        counts = Counter(ids)
        bad = {number for number, count in counts.items() if count < k}
        if l > 1 and len(bad) < len(counts):
            for codes in self.sensitive_codes:
                pairs = set(zip(ids, codes, strict=True))
                distinct = Counter(number for number, _code in pairs)
                known = {number for number, code in pairs if code >= 0}
                bad.update(number for number in known if distinct[number] < l)
        self._counts = counts
        return bad

    def suppressed(self, levels: Sequence[int], k: int, l: int = 1) -> int:  # noqa: E741
        memo = (tuple(levels), k, l)
        if memo not in self._cache:
            columns = [self.codes[i][level] for i, level in enumerate(levels)]
            keys = zip(*columns, strict=True) if columns else [()] * self.size
            index: dict[tuple[int, ...], int] = {}
            ids = [index.setdefault(key, len(index)) for key in keys]
            bad = self._bad_ids(ids, k, l)
            self._cache[memo] = sum(self._counts[number] for number in bad)
        return self._cache[memo]

    def loss(self, levels: Sequence[int]) -> float:
        return sum(
            w * lvl / h for lvl, h, w in zip(levels, self.heights, self.weights, strict=True) if h
        )


def _codes(values: Sequence[Hashable]) -> list[int]:
    numbers: dict[Hashable, int] = {None: -1}
    return [numbers.setdefault(value, len(numbers)) for value in values]


def search_lattice(table: LevelTable, k: int, l: int, allowed: int) -> tuple[int, ...]:  # noqa: E741
    nodes = sorted(
        itertools.product(*(range(h + 1) for h in table.heights)),
        key=lambda node: (sum(node), node),
    )
    best: tuple[int, ...] | None = None
    best_score: tuple[int, float, tuple[int, ...]] | None = None
    fallback: tuple[int, int, tuple[int, ...]] | None = None
    for height, group in itertools.groupby(nodes, key=sum):
        for node in group:
            suppressed = table.suppressed(node, k, l)
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


def search_greedy(table: LevelTable, k: int, l: int, allowed: int) -> tuple[int, ...]:  # noqa: E741
    """Raise, one step at a time, the column whose step removes the most violating records
    per unit of weighted loss; then lower every level the result no longer needs.

    The climb is made for k alone first (cheap), then continued with l-diversity.
    """
    levels = [0] * len(table.quasi)
    for check_l in (1, l) if l > 1 else (1,):
        levels = _climb(table, levels, k, check_l, allowed)
    levels = _trade(table, levels, k, l, allowed)
    best = table.suppressed(levels, k, l)
    # Heaviest columns first: give back detail wherever the limit still holds.
    order = sorted(range(len(levels)), key=lambda i: -table.weights[i])
    changed = True
    while changed:
        changed = False
        for i in order:
            if levels[i] == 0:
                continue
            trial = levels.copy()
            trial[i] -= 1
            after = table.suppressed(trial, k, l)
            if after <= max(allowed, best):
                levels, best, changed = trial, after, True
    return tuple(levels)


def _trade(
    table: LevelTable,
    levels: list[int],
    k: int,
    l: int,  # noqa: E741
    allowed: int,
) -> list[int]:
    """Give a heavy column back one level and pay with lighter ones, when that costs less."""
    order = sorted(range(len(levels)), key=lambda i: -table.weights[i])
    for i in order:
        while levels[i] > 0:
            trial = levels.copy()
            trial[i] -= 1
            frozen = {i} | {j for j in order if table.weights[j] >= table.weights[i]}
            trial = _climb(table, trial, k, l, allowed, frozen)
            feasible = table.suppressed(trial, k, l) <= allowed
            if not feasible or table.loss(trial) >= table.loss(levels):
                break
            levels = trial
    return levels


def _climb(
    table: LevelTable,
    levels: list[int],
    k: int,
    l: int,  # noqa: E741
    allowed: int,
    frozen: frozenset[int] | set[int] = frozenset(),
) -> list[int]:
    levels = levels.copy()
    current = table.suppressed(levels, k, l)
    while current > allowed:
        options = []
        for i, height in enumerate(table.heights):
            if levels[i] < height and i not in frozen:
                trial = levels.copy()
                trial[i] += 1
                after = table.suppressed(trial, k, l)
                cost = table.weights[i] / height
                options.append((-(current - after) / cost, after, cost, i))
        if not options:
            break
        _gain, current, _cost, column = min(options)
        levels[column] += 1
    return levels


def hashable(value: Any) -> Hashable:
    if isinstance(value, list | tuple):
        return tuple(hashable(item) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(key), hashable(item)) for key, item in value.items()))
    return value
