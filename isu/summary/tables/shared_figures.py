"""Which figures of one summary count the same cases, so disclosure control can hide them
together (``SummaryTable.figures``, used by ``isu.summary.disclosure``).

Several tables publish the same figure: closed cases per gender in the volume table and as
the row totals of the response-rate table; cases per gender and per age band as the
margins of the profile table and (without a period) as the volume table's referred row; a
question's answers as its table's n and as the "answered" cell of the data-quality table,
for multiple-choice questions (respondents per group, ``(rows, j)``, and all of them,
``(rows, groups)``) and numeric ones (values per row of the statistics, ``(row, columns)``)
too, when every answer counts there.
Each such figure is tagged with a key of the *set of cases* it counts: the set's size and
the sum of a random 64-bit weight per case, so two figures share a key exactly when they
count the same cases (a chance collision is about 2^-64), whatever the tables call them.
Empty sets are not tagged: a zero is never hidden, so it needs no partner.

The weights never leave the process and depend only on the case's position, so they
need no secret; they only group figures within one output.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable, Sequence
from itertools import compress
from operator import and_

from isu.domain.form import QType
from isu.summary.data import SplitBy, within
from isu.summary.model import Section, SummaryTable, TableKind
from isu.summary.tables.common import ongoing_at
from isu.summary.tables.context import SummaryContext, make_groups

Key = tuple[int, int]
Position = tuple[int, int]
_SEED = 0x15_0F_1005  # fixed: keys only group figures inside one output


class Fingerprints:
    """Keys of sets of case indexes."""

    def __init__(self, size: int):
        rng = random.Random(_SEED)
        self.weights = [rng.getrandbits(64) for _ in range(size)]

    def of_indexes(self, indexes: Sequence[int]) -> Key | None:
        if not indexes:
            return None
        return (len(indexes), sum(map(self.weights.__getitem__, indexes)))

    def of_members(self, member: Iterable[bool]) -> Key | None:
        flags = list(member)
        count = sum(flags)
        return (count, sum(compress(self.weights, flags))) if count else None


def tag_shared_figures(
    builder: SummaryContext, sections: tuple[Section, ...]
) -> tuple[Section, ...]:
    """``sections`` with the shared figures of their tables tagged."""
    tagger = _Tagger(builder)
    return tuple(
        dataclasses.replace(section, tables=tuple(map(tagger.tag, section.tables)))
        for section in sections
    )


class _Tagger:
    def __init__(self, builder: SummaryContext):
        self.builder = builder
        self.cases = builder.data.cases
        self.keys = Fingerprints(len(self.cases))
        groups = builder.groups
        self.blocks = list(range(groups.count)) if groups.is_split else [None]
        self.in_group = {
            j: [column == j for column in groups.of_case] for j in self.blocks if j is not None
        }
        self.questions = {q.code: q for q in builder.spec.questions()}
        self.questions.update(builder.data.retired)

    def tag(self, table: SummaryTable) -> SummaryTable:
        figures = self.figures_of(table)
        found = tuple((position, key) for position, key in figures if key is not None)
        return dataclasses.replace(table, figures=found) if found else table

    def figures_of(self, table: SummaryTable) -> list[tuple[Position, Key | None]]:
        key = table.key
        if key == "volume":
            return self.volume()
        if key == "profile.gender_age":
            return self.gender_by_age(table)
        if key == "experience.response":
            return self.response_rates()
        if key.startswith("quality.") and key != "quality.open_long":
            return self.quality(table)
        if key.startswith("q."):
            question = self.questions.get(key[2:])
            if question is not None and question.type in (QType.SINGLE, QType.YESNO):
                return self.frequency(question, table)
            if question is not None and table.kind in (
                TableKind.MULTIPLE_CHOICE,
                TableKind.STATISTICS,
            ):
                return self.respondents(question, table)
        return []

    # -- sets
    def within_block(self, member: Sequence[bool], block: int | None) -> Key | None:
        if block is None:
            return self.keys.of_members(member)
        return self.keys.of_members(map(and_, member, self.in_group[block]))

    def answered_in(self, indexes: Sequence[int], block: int | None) -> Key | None:
        if block is None:
            return self.keys.of_indexes(indexes)
        of_case = self.builder.groups.of_case
        return self.keys.of_indexes([i for i in indexes if of_case[i] == block])

    # -- tables
    def volume(self) -> list[tuple[Position, Key | None]]:
        request, end = self.builder.request, self.builder.end
        low, high = request.date_from, request.date_to
        rows = (
            [within(c.referral_date, low, high) for c in self.cases],
            [within(c.start_date, low, high) for c in self.cases],
            [ongoing_at(c, end) for c in self.cases],
            [
                c.closed
                and (
                    within(c.closure_date, low, high)
                    or (c.closure_date is None and not (low or high))
                )
                for c in self.cases
            ],
        )
        columns = [None, *(j for j in self.blocks if j is not None)]
        return [
            ((r, b), self.within_block(member, block))
            for r, member in enumerate(rows)
            for b, block in enumerate(columns)
        ]

    def gender_by_age(self, table: SummaryTable) -> list[tuple[Position, Key | None]]:
        genders = make_groups(self.builder.data, SplitBy.GENDER).of_case
        bands = make_groups(self.builder.data, SplitBy.AGE_BAND).of_case
        rows, cols = table.shape
        figures: list[tuple[Position, Key | None]] = []
        for g in range(rows):
            in_row = [value == g for value in genders]
            for b in range(cols):
                figures.append(((g, b), self.keys.of_members(
                    map(bool.__and__, in_row, (value == b for value in bands))
                )))  # fmt: skip
            figures.append(((g, cols), self.keys.of_members(in_row)))
        for b in range(cols):
            figures.append(((rows, b), self.keys.of_members(value == b for value in bands)))
        figures.append(((rows, cols), self.keys.of_members([True] * len(self.cases))))
        return figures

    def response_rates(self) -> list[tuple[Position, Key | None]]:
        items = [
            q
            for q in self.builder.spec.phase_questions("experience")
            if q.group is None and (q.type is QType.SCALE or q.type is QType.SINGLE)
        ]
        figures: list[tuple[Position, Key | None]] = []
        for b, block in enumerate(self.blocks):
            for i, question in enumerate(items):
                row = b * len(items) + i
                population = self.builder.population_of(question).member
                answered = self.builder.answered(question).indexes
                figures.append(((row, 0), self.answered_in(answered, block)))
                figures.append(((row, 2), self.within_block(population, block)))
        return figures

    def quality(self, table: SummaryTable) -> list[tuple[Position, Key | None]]:
        phase = table.key.removeprefix("quality.")
        questions = [
            q
            for q in [*self.builder.spec.questions(), *self.builder.data.retired.values()]
            if q.group is None and q.type is not QType.COMPUTED and q.phase == phase
        ]
        figures: list[tuple[Position, Key | None]] = []
        for row, question in enumerate(questions):
            answered = self.builder.answered(question).indexes
            figures.append(((row, 0), self.keys.of_indexes(answered)))
            figures.append(
                ((row, 3), self.keys.of_members(self.builder.population_of(question).member))
            )
        return figures

    def frequency(self, question, table: SummaryTable) -> list[tuple[Position, Key | None]]:
        rows, cols = table.shape
        answered = self.builder.answered(question)
        if answered.count != table.n:  # e.g. a table over items, not answers
            return []
        figures: list[tuple[Position, Key | None]] = [
            ((rows, cols), self.keys.of_indexes(answered.indexes))
        ]
        if question.phase == "experience" and cols > 1 and self.blocks != [None]:
            figures += [((rows, j), self.answered_in(answered.indexes, j)) for j in range(cols)]
        return figures

    def respondents(self, question, table: SummaryTable) -> list[tuple[Position, Key | None]]:
        """A multiple-choice or statistics table's respondents, where they are the
        question's answers: the n the data-quality table shows as answered."""
        answered = self.builder.answered(question)
        if answered.count != table.n:  # e.g. answers that are not numbers
            return []
        rows, cols = table.shape
        blocks = [j for j in self.blocks if j is not None]
        if table.kind is TableKind.STATISTICS:  # a row per group after "All" when split
            figures = [((0, cols), self.keys.of_indexes(answered.indexes))]
            if rows != len(blocks) + 1:
                return figures
            return figures + [
                ((b + 1, cols), self.answered_in(answered.indexes, b)) for b in blocks
            ]
        if cols != max(1, len(blocks)):
            return []
        if not blocks:  # one column: its base is n
            return [((rows, 0), self.keys.of_indexes(answered.indexes))]
        figures = [((rows, b), self.answered_in(answered.indexes, b)) for b in blocks]
        return [*figures, ((rows, len(blocks)), self.keys.of_indexes(answered.indexes))]
