"""Builders of summary tables: the engine (and merged releases) call these rather than
filling ``SummaryTable`` by hand, so n, the count matrix and the bases always agree."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

from isu.domain.text import Text
from isu.summary.model import (
    AFTER_LABEL,
    ALL_LABEL,
    BEFORE_LABEL,
    COUNT_LABEL,
    STAT_COLUMNS,
    VOLUME_COLUMNS,
    VOLUME_ROWS,
    InvalidTable,
    PercentBase,
    Split,
    SummaryTable,
    TableKind,
    describe,
    require_statistic,
)


class TableOptions(TypedDict, total=False):
    """What an additive table may say besides its counts (``TableFrame``, ``SummaryTable``)."""

    missing: int
    note: Text | None
    percent: PercentBase
    row_header: Text | None
    col_header: Text | None
    split: Split
    row_parts: Sequence[tuple[Text, Text]]
    row_totals_known: bool


def cross_table(
    key: str,
    title: Text,
    row_labels: Sequence[Text],
    col_labels: Sequence[Text],
    counts: Sequence[Sequence[int]],
    *,
    kind: TableKind = TableKind.CROSS,
    **options: Unpack[TableOptions],
) -> SummaryTable:
    """An additive table (cross by default; frequency and before/after tables are built
    here too); its n is the sum of its cells."""
    matrix = tuple(tuple(row) for row in counts)
    row_parts = tuple(options.pop("row_parts", ()))
    n = sum(map(sum, matrix))
    return SummaryTable(
        key,
        kind,
        title,
        tuple(row_labels),
        tuple(col_labels),
        matrix,
        n,
        row_parts=row_parts,
        **options,
    )


def frequency_table(
    key: str,
    title: Text,
    row_labels: Sequence[Text],
    counts: Sequence[int] | Sequence[Sequence[int]],
    *,
    col_labels: Sequence[Text] = (),
    percent: PercentBase = PercentBase.COLUMN,
    **options: Unpack[TableOptions],
) -> SummaryTable:
    """One count column (``counts`` flat), or one column per split group (``counts`` rows)."""
    if counts and all(isinstance(c, int) for c in counts):
        matrix = [(c,) for c in counts]  # type: ignore[union-attr]
        col_labels = col_labels or (COUNT_LABEL,)
    else:
        matrix = counts  # type: ignore[assignment]
    kind = TableKind.FREQUENCY
    return cross_table(
        key, title, row_labels, col_labels, matrix, kind=kind, percent=percent, **options
    )


def transition_table(
    key: str,
    title: Text,
    before_labels: Sequence[Text],
    after_labels: Sequence[Text],
    counts: Sequence[Sequence[int]],
    **options: Unpack[TableOptions],
) -> SummaryTable:
    """Pairs of (before, after) values; ``missing`` = closed cases lacking one of the two.
    Split, ``before_labels`` are the "group – before" rows that ``row_parts`` describes."""
    headers: TableOptions = {"row_header": BEFORE_LABEL, "col_header": AFTER_LABEL}
    kind = TableKind.TRANSITION
    return cross_table(
        key, title, before_labels, after_labels, counts, kind=kind, **headers, **options
    )


def multiple_choice_table(
    key: str,
    title: Text,
    row_labels: Sequence[Text],
    counts: Sequence[int] | Sequence[Sequence[int]],
    respondents: int | Sequence[int],
    *,
    col_labels: Sequence[Text] = (),
    split: Split = Split.NONE,
    missing: int = 0,
    note: Text | None = None,
) -> SummaryTable:
    """Each option counted over the respondents; ``missing`` = cases that did not answer."""
    if isinstance(respondents, int):
        matrix = tuple((c,) for c in counts)  # type: ignore[union-attr]
        bases: tuple[int, ...] = (respondents,)
        col_labels = col_labels or (COUNT_LABEL,)
    else:
        matrix = tuple(tuple(row) for row in counts)  # type: ignore[arg-type]
        bases = tuple(respondents)
    return SummaryTable(
        key=key,
        kind=TableKind.MULTIPLE_CHOICE,
        title=title,
        row_labels=tuple(row_labels),
        col_labels=tuple(col_labels),
        values=matrix,
        n=sum(bases),
        missing=missing,
        note=note,
        split=split,
        percent=PercentBase.COLUMN,
        bases=bases,
    )


def statistics_table(
    key: str,
    title: Text,
    groups: Sequence[tuple[Text, Sequence[float]]],
    *,
    split: Split = Split.NONE,
    missing: int = 0,
    note: Text | None = None,
    row_header: Text | None = None,
) -> SummaryTable:
    """Statistics per group; with several groups an "All" row over every value comes first."""
    if not groups:
        raise InvalidTable(f"{key}: statistics need at least one group")
    rows = list(groups)
    if len(rows) > 1:
        everything = [v for _, group_values in rows for v in group_values]
        rows.insert(0, (ALL_LABEL, everything))
    for _, group_values in rows:
        for value in group_values:
            require_statistic(value, f"{key}: value")
    bases = tuple(len(group_values) for _, group_values in rows)
    return SummaryTable(
        key=key,
        kind=TableKind.STATISTICS,
        title=title,
        row_labels=tuple(label for label, _ in rows),
        col_labels=STAT_COLUMNS,
        values=tuple(describe(group_values) for _, group_values in rows),
        n=bases[0],
        missing=missing,
        note=note,
        row_header=row_header,
        split=split,
        bases=bases,
    )


@dataclass(frozen=True)
class Flows:
    """One group's flows in the period, and the day counts behind the two medians."""

    referred: int
    started: int
    ongoing: int
    closed: int
    days_referral_to_start: Sequence[float] = ()
    days_start_to_closure: Sequence[float] = ()

    def cells(self) -> tuple[tuple[int, float | None], ...]:
        to_start = [float(d) for d in self.days_referral_to_start]
        to_close = [float(d) for d in self.days_start_to_closure]
        return (
            (self.referred, None),
            (self.started, statistics.median(to_start) if to_start else None),
            (self.ongoing, None),
            (self.closed, statistics.median(to_close) if to_close else None),
        )

    def bases(self) -> tuple[int, ...]:
        return (0, len(self.days_referral_to_start), 0, len(self.days_start_to_closure))


def volume_table(
    key: str,
    title: Text,
    *,
    referred: int,
    started: int,
    ongoing: int,
    closed: int,
    days_referral_to_start: Sequence[float],
    days_start_to_closure: Sequence[float],
    n: int | None = None,
    note: Text | None = None,
) -> SummaryTable:
    """Flows in the period (no split); see ``flows_table``."""
    everyone = Flows(
        referred, started, ongoing, closed, days_referral_to_start, days_start_to_closure
    )
    return flows_table(key, title, everyone, n=n, note=note)


def flows_table(
    key: str,
    title: Text,
    everyone: Flows,
    *,
    groups: Sequence[tuple[Text, Flows]] = (),
    split: Split = Split.NONE,
    n: int | None = None,
    note: Text | None = None,
) -> SummaryTable:
    """Flows in the period; the medians sit on the "started" and "closed" rows. With
    ``groups`` (a split) the count and median columns repeat per group after "All"."""
    blocks = [(ALL_LABEL, everyone), *groups]
    per_block = [flows.cells() for _, flows in blocks]
    values = tuple(
        tuple(value for cells in per_block for value in cells[row])
        for row in range(len(VOLUME_ROWS))
    )
    block_bases = [flows.bases() for _, flows in blocks]
    counts = (everyone.referred, everyone.started, everyone.ongoing, everyone.closed)
    return SummaryTable(
        key=key,
        kind=TableKind.VOLUME,
        title=title,
        row_labels=VOLUME_ROWS,
        col_labels=VOLUME_COLUMNS * len(blocks),
        values=values,
        n=max(counts) if n is None else n,
        note=note,
        bases=tuple(b[row] for row in range(len(VOLUME_ROWS)) for b in block_bases),
        col_blocks=tuple(label for label, _ in blocks) if groups else (),
        split=split if groups else Split.NONE,
    )
