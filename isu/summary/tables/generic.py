"""The tables every family is built from: a frequency, a multiple-choice and a statistics
table per question (and the same from values a family has counted itself)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

from isu.domain.form import QType, Question
from isu.domain.text import Text
from isu.summary.builders import (
    cross_table,
    frequency_table,
    multiple_choice_table,
    statistics_table,
)
from isu.summary.model import PercentBase, SummaryTable
from isu.summary.tables.common import categories_of, is_number, is_numeric, text_of
from isu.summary.tables.context import SummaryContext


def question_table(ctx: SummaryContext, question: Question) -> SummaryTable | None:
    if question.type is QType.SINGLE or question.type is QType.YESNO:
        return frequency(ctx, question)
    if question.type is QType.MULTIPLE:
        return multiple(ctx, question)
    if is_numeric(question):
        return statistics(ctx, question)
    return None


def frequency(ctx: SummaryContext, question: Question) -> SummaryTable:
    answered = ctx.answered(question)
    rows, counts = count_matrix(ctx, question, answered.indexes, answered.values)
    return frequency_from(
        ctx, f"q.{question.code}", text_of(question.label), rows, counts, answered.expected
    )


def frequency_from(
    ctx: SummaryContext,
    key: str,
    title: Text,
    rows: Sequence[tuple[Hashable, Text]],
    counts: list[list[int]],
    expected: int,
    note: Text | None = None,
) -> SummaryTable:
    n = sum(map(sum, counts))
    return frequency_table(
        key,
        title,
        [label for _, label in rows],
        counts,
        col_labels=ctx.groups.labels,
        split=ctx.groups.split,
        missing=max(0, expected - n),
        note=note,
    )


def count_matrix(
    ctx: SummaryContext, question: Question, indexes: Sequence[int], values: Sequence[Hashable]
) -> tuple[list[tuple[Hashable, Text]], list[list[int]]]:
    """Rows (the question's categories) × groups of counted values."""
    groups = ctx.groups
    if not groups.is_split:
        single = Counter(values)
        rows = categories_of(question, single.keys())
        return rows, [[single[code]] for code, _ in rows]
    tally = Counter(zip(values, map(groups.of_case.__getitem__, indexes), strict=True))
    rows = categories_of(question, {value for value, _ in tally})
    columns = range(groups.count)
    return rows, [[tally[(code, j)] for j in columns] for code, _ in rows]


def multiple(ctx: SummaryContext, question: Question) -> SummaryTable:
    answered = ctx.answered(question)
    chosen = [(index, tuple(value)) for index, value in answered.pairs() if value]
    return multiple_from(ctx, f"q.{question.code}", question, chosen, answered.expected)


def multiple_from(
    ctx: SummaryContext,
    key: str,
    question: Question,
    chosen: list[tuple[int, tuple]],
    expected: int,
    note: Text | None = None,
) -> SummaryTable:
    groups = ctx.groups
    rows = categories_of(question, {code for _, codes in chosen for code in codes})
    row_of = {code: i for i, (code, _) in enumerate(rows)}
    of_case = groups.of_case
    counts = [[0] * groups.count for _ in rows]
    respondents = [0] * groups.count
    for index, codes in chosen:
        column = of_case[index]
        respondents[column] += 1
        for code in set(codes):
            counts[row_of[code]][column] += 1
    return multiple_choice_table(
        key,
        text_of(question.label),
        [label for _, label in rows],
        counts,
        respondents,
        col_labels=groups.labels,
        split=groups.split,
        missing=max(0, expected - sum(respondents)),
        note=note,
    )


def statistics(ctx: SummaryContext, question: Question) -> SummaryTable:
    answered = ctx.answered(question)
    values = [(index, value) for index, value in answered.pairs() if is_number(value)]
    return statistics_from(
        ctx, f"q.{question.code}", text_of(question.label), values, answered.expected
    )


def statistics_from(
    ctx: SummaryContext,
    key: str,
    title: Text,
    values: Sequence[tuple[int, float]],
    expected: int,
    note: Text | None = None,
) -> SummaryTable:
    groups = ctx.groups
    if groups.is_split:
        per_group: list[list[float]] = [[] for _ in range(groups.count)]
        for index, value in values:
            per_group[groups.of_case[index]].append(value)
        by_group = list(zip(groups.labels, per_group, strict=True))
    else:
        by_group = [(Text("Alla", "All"), [value for _, value in values])]
    return statistics_table(
        key,
        title,
        by_group,
        split=groups.split,
        missing=max(0, expected - len(values)),
        note=note,
    )


def block_table(
    ctx: SummaryContext,
    key: str,
    title: Text,
    rows: Sequence[Text],
    columns: Sequence[Text],
    counts: list[list[int]],
    **options,
) -> SummaryTable:
    """A two-dimensional table with shares of each row; split, one block of ``rows`` per
    group ("group – row"), so the table stays two-dimensional (``counts`` block by block)."""
    row_labels, parts = ctx.groups.block_rows(rows)
    return cross_table(
        key,
        title,
        row_labels,
        columns,
        counts,
        percent=PercentBase.ROW,
        row_parts=parts,
        split=ctx.groups.split,
        **options,
    )
