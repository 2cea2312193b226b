"""What every table of one summary reads: the request, the data, the split into groups and
who is counted where.

Who is counted where (the "population" of a question, which its ``missing`` is counted
against): admin and before questions over all selected cases; during questions over started
cases; after and experience questions, and closure facts, over closed cases; and of those,
only the cases the form's skip logic asked the question in (``isu.summary.relevance``), so a
question that did not apply is neither an answer nor a missing one.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import and_, itemgetter
from typing import Any

from isu.domain.form import FormSpec, Question
from isu.domain.text import Text
from isu.summary.data import CaseCells, SplitBy, SummaryData, SummaryRequest
from isu.summary.model import COUNT_LABEL, Split
from isu.summary.relevance import asked_cases
from isu.summary.tables.common import UNKNOWN, block_label, text_of

# Questions whose facts other tables already show, or that identify a person.
SHOWN_ELSEWHERE = frozenset({"gender", "age_band", "birth_year", "case_number"})
CLOSED_ROLES = frozenset({"closure_date", "closure_reason"})
PHASES = ("admin", "before", "during", "after", "experience")

_first = itemgetter(0)  # the value of a (value, missing) cell


@dataclass(frozen=True)
class Groups:
    """The columns (or statistics rows) of a split summary, and each case's column."""

    split: Split
    labels: tuple[Text, ...]
    of_case: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.labels)

    @property
    def is_split(self) -> bool:
        return self.split is not Split.NONE

    def blocks(self) -> list[tuple[int, Text | None]]:
        """Row blocks of a split two-dimensional table: (column index, group label); one
        unnamed block when not split."""
        return list(enumerate(self.labels)) if self.is_split else [(0, None)]

    def block_rows(self, rows: Sequence[Text]) -> tuple[list[Text], list[tuple[Text, Text]]]:
        """Row labels ("group – row" when split) and their (group, row) parts."""
        parts = [(group, row) for _, group in self.blocks() for row in rows]
        if not self.is_split:
            return list(rows), []
        return [block_label(g, r) for g, r in parts], parts  # type: ignore[arg-type]


def make_groups(data: SummaryData, split: SplitBy) -> Groups:
    if split is SplitBy.NONE:
        return Groups(Split.NONE, (COUNT_LABEL,), (0,) * len(data.cases))
    spec = data.spec
    if split is SplitBy.GENDER:
        question = spec.by_role("gender")
        known = (
            [(c.code, text_of(c.label)) for c in question.choices.choices]
            if (question and question.choices)
            else []
        )
        values = [case.gender for case in data.cases]
        model_split = Split.GENDER
    else:
        known = [(band.code, text_of(band.label)) for band in spec.age_bands]
        values = [case.age_band for case in data.cases]
        model_split = Split.AGE_BAND
    present = set(values)
    order = [(code, label) for code, label in known if code in present]
    extra = sorted(v for v in present if v is not None and v not in dict(known))
    order += [(code, Text.same(code)) for code in extra]
    if None in present:
        order.append((None, UNKNOWN))
    if not order:
        order = [(None, UNKNOWN)]
    column = {code: j for j, (code, _) in enumerate(order)}
    return Groups(model_split, tuple(label for _, label in order), tuple(column[v] for v in values))


@dataclass(frozen=True)
class Population:
    """Which cases a table counts: membership by case index, and its size per group."""

    member: bytes  # one byte per case (a tuple of bools took eight)
    size: int
    by_group: tuple[int, ...]


def make_population(member: Sequence[bool], groups: Groups) -> Population:
    member = bytes(member)
    tally = Counter(compress(groups.of_case, member))  # counted at C speed
    by_group = tuple(tally[j] for j in range(groups.count))
    return Population(member, sum(by_group), by_group)


@dataclass(frozen=True)
class Answered:
    """A question's answers in its population, as parallel lists (counted at C speed)."""

    indexes: Sequence[int]  # case indexes of the cases that gave a value (an array)
    values: list  # their values
    reasons: int  # cases that gave a missing reason instead
    expected: int  # cases in the question's population

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def no_answer(self) -> int:
        return self.expected - self.count - self.reasons

    def pairs(self) -> Iterator[tuple[int, object]]:
        return zip(self.indexes, self.values, strict=True)


class SummaryContext:
    """One summary's shared state: every table module reads it, none keeps its own."""

    def __init__(self, data: SummaryData, request: SummaryRequest, today: dt.date):
        self.data = data
        self.spec: FormSpec = data.spec
        self.request = request
        self.today = today
        self.end = min(today, request.date_to) if request.date_to else today
        self.groups = make_groups(data, request.split)
        cases = data.cases
        self.everyone = make_population([True] * len(cases), self.groups)
        self.started = make_population([c.started for c in cases], self.groups)
        self.closed = make_population([c.closed for c in cases], self.groups)
        self.covered: set[str] = set()  # questions with a table of their own already
        self._answered: dict[str, Answered] = {}
        self._narrowed: dict[tuple[int, frozenset[int]], Population] = {}
        self._populations: dict[str, Population] = {}
        self._memo: dict[str, Any] = {}
        self.versions = frozenset(case.form_version for case in cases)
        # One byte per case and question (the tuples of bools took eight).
        self.asked = {code: bytes(asked) for code, asked in asked_cases(data, today).items()}

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """A value computed once per summary (shared by the tables that need it)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    def population_of(self, question: Question) -> Population:
        """The cases expected to answer: by phase, and only form versions that asked it."""
        base = base_population(self, question, question.phase)
        versions = self.data.asked_in.get(question.code)
        if versions is not None and not self.versions <= versions:
            key = (id(base), versions)
            if key not in self._narrowed:
                member = [
                    inside and case.form_version in versions
                    for inside, case in zip(base.member, self.data.cases, strict=True)
                ]
                self._narrowed[key] = make_population(member, self.groups)
            base = self._narrowed[key]
        asked = self.asked.get(question.code)
        if asked is None:
            return base
        key = f"{question.code}@{id(base)}"
        if key not in self._populations:
            member = list(map(and_, base.member, asked))
            self._populations[key] = make_population(member, self.groups)
        return self._populations[key]

    def cells(self, code: str) -> dict:
        return self.data.answers.get(code, {})  # type: ignore[return-value]

    def answered(self, question: Question) -> Answered:
        """The question's values in its population, and how many gave a missing reason
        (computed once: question tables, response rates and data quality share it)."""
        found = self._answered.get(question.code)
        if found is not None:
            return found
        population = self.population_of(question)
        cells = self.cells(question.code)
        # The scan's own lists are shared, not copied (nothing here changes them).
        indexes = cells.indexes if isinstance(cells, CaseCells) else list(cells)
        found_cells = cells.cells if isinstance(cells, CaseCells) else list(cells.values())
        if population is not self.everyone:
            inside = list(map(population.member.__getitem__, indexes))
            indexes = array("I", compress(indexes, inside))
            found_cells = list(compress(found_cells, inside))
        values = list(map(_first, found_cells))
        reasons = 0
        if None in values:  # missing reasons only: rare, so the slow path is fine
            reasons = sum(1 for value, why in found_cells if value is None and why)
            has_value = [value is not None for value in values]
            indexes = array("I", compress(indexes, has_value))
            values = list(compress(values, has_value))
        found = self._answered[question.code] = Answered(indexes, values, reasons, population.size)
        return found

    def summarised_questions(self) -> list[Question]:
        current = [q for q in self.spec.questions() if q.group is None]
        retired = [q for q in self.data.retired.values() if q.group is None]
        return [
            q for q in [*current, *retired] if q.role not in SHOWN_ELSEWHERE and q.phase in PHASES
        ]

    def has_starts(self) -> bool:
        return self.spec.by_role("start_date") is not None


def base_population(builder: SummaryContext, question: Question | None, phase: str) -> Population:
    """The cases a phase's questions count over, by what the phase requires."""
    if question is not None and question.role in CLOSED_ROLES:
        return builder.closed
    needs = builder.spec.phase_requires(phase)
    if "closure_date" in needs:
        return builder.closed
    if "start_date" in needs:
        return builder.started
    return builder.everyone
