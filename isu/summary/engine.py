"""The group-summary engine: ``SummaryData`` (record level) in, ``SummaryReport`` (tables) out.

Pure Python on plain data, so a local database and a national merge of export packages give
the same tables. Every table is driven by the form: question types decide the table kind,
roles find the case-level facts and the interventions, ``pair`` links before/after
questions. A form without some role simply lacks the tables that need it.

Who is counted where (the "population" of a question, which its ``missing`` is counted
against): admin and before questions over all selected cases; during questions over started
cases; after and experience questions, and closure facts, over closed cases; and of those,
only the cases the form's skip logic asked the question in (``isu.summary.relevance``), so a
question that did not apply is neither an answer nor a missing one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from operator import itemgetter

from isu.domain.form import FormSpec, QType, Question, RepeatGroup
from isu.domain.text import Text
from isu.summary import form_layout, scales
from isu.summary.builders import (
    Flows,
    cross_table,
    flows_table,
    frequency_table,
    multiple_choice_table,
    statistics_table,
    transition_table,
)
from isu.summary.data import (
    CaseFacts,
    PeriodKind,
    SplitBy,
    SummaryData,
    SummaryRequest,
    within,
)
from isu.summary.model import (
    COUNT_LABEL,
    PercentBase,
    ReportMeta,
    Section,
    Split,
    SummaryReport,
    SummaryTable,
)
from isu.summary.relevance import asked_cases
from isu.summary.shared_figures import tag_shared_figures

DEFAULT_K = 5
LONG_OPEN_DAYS = 365
BATTERY_MIN_ITEMS = 3
UNKNOWN = Text("Uppgift saknas", "Unknown")
YES_NO = ((True, Text("Ja", "Yes")), (False, Text("Nej", "No")))
NUMERIC_TYPES = frozenset({QType.INTEGER, QType.DECIMAL, QType.SCALE})
# Questions whose facts other tables already show, or that identify a person.
SHOWN_ELSEWHERE = frozenset({"gender", "age_band", "birth_year", "case_number"})
CLOSED_ROLES = frozenset({"closure_date", "closure_reason"})

SECTION_TITLES = {
    "volume": Text("Ärenden och flöden", "Cases and flows"),
    "profile": Text("Målgrupp", "Target group"),
    "process": Text("Process och insatser", "Process and interventions"),
    "results": Text("Resultat", "Results"),
    "experience": Text("Den unges upplevelse", "Client experience"),
    "quality": Text("Datakvalitet", "Data quality"),
}
PHASE_SECTION = {
    "admin": "volume",
    "before": "profile",
    "during": "process",
    "after": "results",
    "experience": "experience",
}
PERIOD_LABELS = {
    PeriodKind.REFERRED: Text("Aktualiserade under perioden", "Referred in the period"),
    PeriodKind.STARTED: Text("Påbörjade under perioden", "Started in the period"),
    PeriodKind.CLOSED: Text("Avslutade under perioden", "Closed in the period"),
    PeriodKind.ACTIVE: Text("Aktiva under perioden", "Active in the period"),
}
QUALITY_COLUMNS = (
    Text("Besvarad", "Answered"),
    Text("Orsak till saknat svar", "Missing reason"),
    Text("Ej besvarad", "No answer"),
)
QUALITY_NOTE = Text(
    "Räknat på de ärenden där frågan ställdes: frågor som bara ställs i vissa fall räknas "
    "inte där de inte ställdes. Frågor om avslut, resultat och upplevelse räknas på avslutade "
    "ärenden, frågor under insatsen på påbörjade ärenden.",
    "Counted on the cases the question was asked in: questions asked only in some cases do "
    "not count where they were not asked. Closure, result and experience questions are "
    "counted on closed cases, questions during the intervention on started cases.",
)


_first = itemgetter(0)  # the value of a (value, missing) cell


def text_of(label: Text | None, fallback: str = "") -> Text:
    return Text.same(fallback) if label is None else label


# --- the split and the populations ----------------------------------------------------------


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

    member: tuple[bool, ...]
    size: int
    by_group: tuple[int, ...]


def make_population(member: Sequence[bool], groups: Groups) -> Population:
    member = tuple(member)
    tally = Counter(compress(groups.of_case, member))  # counted at C speed
    by_group = tuple(tally[j] for j in range(groups.count))
    return Population(member, sum(by_group), by_group)


@dataclass(frozen=True)
class Answered:
    """A question's answers in its population, as parallel lists (counted at C speed)."""

    indexes: list[int]  # case indexes of the cases that gave a value
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


@dataclass(frozen=True)
class NeedRatings:
    areas: list[tuple[str, Text]]  # (area code, label) in the focus list's order
    rated: dict[str, set[int]]  # area → cases whose need there was rated
    answered: dict[str, set[int]]  # area → cases whose need there was assessed at all

    def kind_of(self, index: int, areas: tuple) -> str:
        """How an intervention aimed at ``areas`` in case ``index`` meets the rated needs."""
        known = [a for a in areas if a in self.rated]
        if any(index in self.rated[a] for a in known):
            return "rated"
        if any(index in self.answered[a] for a in known):
            return "unrated"
        return "unknown"


# --- the engine -------------------------------------------------------------------------------


class _Builder:
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
        self.versions = frozenset(case.form_version for case in cases)
        self.asked = asked_cases(data, today)

    # -- populations
    def population_of(self, question: Question) -> Population:
        """The cases expected to answer: by phase, and only form versions that asked it."""
        base = form_layout.base_population(self, question, question.phase)
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
            member = list(map(bool.__and__, base.member, asked))
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
        indexes = list(cells)
        found_cells = list(cells.values())
        if population is not self.everyone:
            inside = list(map(population.member.__getitem__, indexes))
            indexes = list(compress(indexes, inside))
            found_cells = list(compress(found_cells, inside))
        values = list(map(_first, found_cells))
        reasons = 0
        if None in values:  # missing reasons only: rare, so the slow path is fine
            reasons = sum(1 for value, why in found_cells if value is None and why)
            has_value = [value is not None for value in values]
            indexes = list(compress(indexes, has_value))
            values = list(compress(values, has_value))
        found = self._answered[question.code] = Answered(indexes, values, reasons, population.size)
        return found

    # -- generic tables per question
    def question_table(self, question: Question) -> SummaryTable | None:
        if question.type is QType.SINGLE or question.type is QType.YESNO:
            return self.frequency(question)
        if question.type is QType.MULTIPLE:
            return self.multiple(question)
        if is_numeric(question):
            return self.statistics(question)
        return None

    def frequency(self, question: Question) -> SummaryTable:
        answered = self.answered(question)
        rows, counts = self.count_matrix(question, answered.indexes, answered.values)
        return self.frequency_from(
            f"q.{question.code}", text_of(question.label), rows, counts, answered.expected
        )

    def frequency_from(
        self,
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
            col_labels=self.groups.labels,
            split=self.groups.split,
            missing=max(0, expected - n),
            note=note,
        )

    def count_matrix(
        self, question: Question, indexes: Sequence[int], values: Sequence[Hashable]
    ) -> tuple[list[tuple[Hashable, Text]], list[list[int]]]:
        """Rows (the question's categories) × groups of counted values."""
        if not self.groups.is_split:
            single = Counter(values)
            rows = categories_of(question, single.keys())
            return rows, [[single[code]] for code, _ in rows]
        tally = Counter(zip(values, map(self.groups.of_case.__getitem__, indexes), strict=True))
        rows = categories_of(question, {value for value, _ in tally})
        columns = range(self.groups.count)
        return rows, [[tally[(code, j)] for j in columns] for code, _ in rows]

    def multiple(self, question: Question) -> SummaryTable:
        answered = self.answered(question)
        chosen = [(index, tuple(value)) for index, value in answered.pairs() if value]
        return self.multiple_from(f"q.{question.code}", question, chosen, answered.expected)

    def multiple_from(
        self,
        key: str,
        question: Question,
        chosen: list[tuple[int, tuple]],
        expected: int,
        note: Text | None = None,
    ) -> SummaryTable:
        rows = categories_of(question, {code for _, codes in chosen for code in codes})
        row_of = {code: i for i, (code, _) in enumerate(rows)}
        of_case = self.groups.of_case
        counts = [[0] * self.groups.count for _ in rows]
        respondents = [0] * self.groups.count
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
            col_labels=self.groups.labels,
            split=self.groups.split,
            missing=max(0, expected - sum(respondents)),
            note=note,
        )

    def statistics(self, question: Question) -> SummaryTable:
        answered = self.answered(question)
        values = [(index, value) for index, value in answered.pairs() if is_number(value)]
        return self.statistics_from(
            f"q.{question.code}", text_of(question.label), values, answered.expected
        )

    def statistics_from(
        self,
        key: str,
        title: Text,
        values: Sequence[tuple[int, float]],
        expected: int,
        note: Text | None = None,
    ) -> SummaryTable:
        if self.groups.is_split:
            per_group: list[list[float]] = [[] for _ in range(self.groups.count)]
            for index, value in values:
                per_group[self.groups.of_case[index]].append(value)
            groups = list(zip(self.groups.labels, per_group, strict=True))
        else:
            groups = [(Text("Alla", "All"), [value for _, value in values])]
        return statistics_table(
            key,
            title,
            groups,
            split=self.groups.split,
            missing=max(0, expected - len(values)),
            note=note,
        )

    # -- sections
    def build(self) -> tuple[Section, ...]:
        first_results = self.results_first()  # before phase_tables: it marks what it covers
        by_phase = self.phase_tables()
        dated = form_layout.is_dated(self.spec)
        sections = [
            ("volume", [self.volume() if dated else None, *by_phase["admin"]]),
            ("profile", [self.gender_by_age(), *by_phase["before"], self.rated_needs()]),
            (
                "process",
                [*by_phase["during"], *self.repeat_group_tables(), *self.needs_addressed()],
            ),
            ("results", [*first_results, *self.transitions(), *by_phase["after"]]),
            ("experience", [*self.response_rates(), *by_phase["experience"]]),
            ("quality", [*self.quality_tables(), self.open_long() if self.has_starts() else None]),
        ]
        built = tuple(
            Section(
                key,
                form_layout.section_title(self.spec, key, SECTION_TITLES[key]),
                tuple(t for t in tables if t is not None),
            )
            for key, tables in sections
            if any(t is not None for t in tables)
        )
        return form_layout.explain_uncounted(self, built)

    def has_starts(self) -> bool:
        return self.spec.by_role("start_date") is not None

    def phase_tables(self) -> dict[str, list[SummaryTable]]:
        """Question tables in form order, each battery's overview before its first item."""
        tables: dict[str, list[SummaryTable]] = {phase: [] for phase in PHASE_SECTION}
        batteries = {items[0].code: items for items in find_batteries(self.spec)}
        for question in self.summarised_questions():
            if question.code in batteries:
                tables[question.phase].append(self.battery(batteries[question.code]))
            tables[question.phase] += scales.tables_before(self, question)
            if question.code in self.covered:
                continue
            table = self.question_table(question)
            if table is not None:
                tables.setdefault(question.phase, []).append(table)
            tables[question.phase] += scales.tables_after(self, question)
        return tables

    def summarised_questions(self) -> list[Question]:
        current = [q for q in self.spec.questions() if q.group is None]
        retired = [q for q in self.data.retired.values() if q.group is None]
        return [
            q
            for q in [*current, *retired]
            if q.role not in SHOWN_ELSEWHERE and q.phase in PHASE_SECTION
        ]

    # -- volume and profile
    def volume(self) -> SummaryTable:
        cases = self.data.cases
        everyone = self.flows(cases)
        groups: list[tuple[Text, Flows]] = []
        if self.groups.is_split:
            members: list[list[CaseFacts]] = [[] for _ in range(self.groups.count)]
            for case, column in zip(cases, self.groups.of_case, strict=True):
                members[column].append(case)
            groups = [
                (label, self.flows(group))
                for label, group in zip(self.groups.labels, members, strict=True)
            ]
        return flows_table(
            "volume",
            Text("Ärenden", "Cases"),
            everyone,
            groups=groups,
            split=self.groups.split,
            n=len(cases),
        )

    def flows(self, cases: Sequence[CaseFacts]) -> Flows:
        low, high = self.request.date_from, self.request.date_to
        started = [c for c in cases if within(c.start_date, low, high)]
        closed = [
            c
            for c in cases
            if c.closed
            and (
                within(c.closure_date, low, high) or (c.closure_date is None and not (low or high))
            )
        ]
        return Flows(
            referred=sum(within(c.referral_date, low, high) for c in cases),
            started=len(started),
            ongoing=sum(ongoing_at(c, self.end) for c in cases),
            closed=len(closed),
            days_referral_to_start=days_between(started, "referral_date", "start_date"),
            days_start_to_closure=days_between(closed, "start_date", "closure_date"),
        )

    def gender_by_age(self) -> SummaryTable | None:
        if self.spec.by_role("gender") is None and self.spec.by_role("age_band") is None:
            return None
        genders = make_groups(self.data, SplitBy.GENDER)
        bands = make_groups(self.data, SplitBy.AGE_BAND)
        counts = [[0] * bands.count for _ in range(genders.count)]
        for row, column in zip(genders.of_case, bands.of_case, strict=True):
            counts[row][column] += 1
        return cross_table(
            "profile.gender_age",
            Text("Kön och åldersgrupp vid start", "Gender and age band at start"),
            genders.labels,
            bands.labels,
            counts,
            row_header=Text("Kön", "Gender"),
            col_header=Text("Åldersgrupp", "Age band"),
        )

    def battery(self, items: Sequence[Question]) -> SummaryTable:
        """Questions sharing one choice list in one section (need areas, change per area);
        split, one block of question rows per group."""
        first = items[0]
        section = self.spec.section_of(first)
        choices = categories_of(first, ())
        column_of = {code: j for j, (code, _) in enumerate(choices)}
        of_case = self.groups.of_case
        tallies, missing = [], 0
        for question in items:
            answered = self.answered(question)
            groups = map(of_case.__getitem__, answered.indexes)
            every = Counter(zip(groups, answered.values, strict=True))
            tally = Counter({key: n for key, n in every.items() if key[1] in column_of})
            missing += answered.expected - sum(tally.values())
            tallies.append(tally)
        row_labels, parts = self.groups.block_rows([text_of(q.label) for q in items])
        counts = [
            [tally[(j, code)] for code, _ in choices]
            for j, _ in self.groups.blocks()
            for tally in tallies
        ]
        return cross_table(
            f"battery.{first.code}",
            text_of(section.title if section else first.label),
            row_labels,
            [label for _, label in choices],
            counts,
            missing=max(0, missing),
            percent=PercentBase.ROW,
            row_parts=parts,
            split=self.groups.split,
            note=Text(
                "Varje rad är en fråga; andelar av radens svar.",
                "Each row is a question; shares of the row's answers.",
            ),
        )

    # -- process
    def repeat_group_tables(self) -> list[SummaryTable]:
        tables: list[SummaryTable] = []
        for group in self.spec.repeat_groups():
            if group.role == "interventions":
                tables += self.interventions(group)
            tables.append(self.items_per_case(group))
        return tables

    def items_per_case(self, group: RepeatGroup) -> SummaryTable:
        population = self.population_of_group(group)
        per_case = Counter(index for index, _ in self.data.items.get(group.code, ()))
        values = [(i, float(per_case[i])) for i, inside in enumerate(population.member) if inside]
        return self.statistics_from(
            f"group.{group.code}.per_case",
            Text(
                f"Antal per ärende: {group.label.sv}",
                f"Number per case: {group.label.en or group.label.sv}",
            ),
            values,
            population.size,
        )

    def population_of_group(self, group: RepeatGroup) -> Population:
        return form_layout.base_population(self, None, group.phase)

    def interventions(self, group: RepeatGroup) -> list[SummaryTable]:
        items = self.data.items.get(group.code, ())
        by_role = {q.role: q for q in group.questions if q.role}
        note = Text("Räknat i insatser, inte ärenden.", "Counted in interventions, not cases.")
        tables = []
        for role in (
            "intervention_type",
            "intervention_focus",
            "intervention_actor",
            "intervention_status",
        ):
            question = by_role.get(role)
            if question is not None:
                tables.append(self.item_table(question, items, note))
        kind, status = by_role.get("intervention_type"), by_role.get("intervention_status")
        if kind is not None and status is not None and kind.type is not QType.MULTIPLE:
            tables.append(self.type_by_status(kind, status, items))
        return tables

    def item_table(self, question: Question, items: Sequence, note: Text) -> SummaryTable:
        key = f"interventions.{question.role.removeprefix('intervention_')}"  # type: ignore[union-attr]
        values = [(index, item.get(question.code, (None, None))[0]) for index, item in items]
        if question.type is QType.MULTIPLE:
            chosen = [(index, tuple(value)) for index, value in values if value]
            return self.multiple_from(key, question, chosen, len(items), note)
        answered = [(index, value) for index, value in values if value is not None]
        rows, counts = self.count_matrix(
            question, [index for index, _ in answered], [value for _, value in answered]
        )
        title = text_of(question.label)
        return self.frequency_from(key, title, rows, counts, len(items), note)

    def type_by_status(self, kind: Question, status: Question, items: Sequence) -> SummaryTable:
        of_case = self.groups.of_case
        triples = [
            (
                of_case[index],
                item.get(kind.code, (None, None))[0],
                item.get(status.code, (None, None))[0],
            )
            for index, item in items
        ]
        complete = [(j, k, s) for j, k, s in triples if k is not None and s is not None]
        rows = categories_of(kind, (k for _, k, _ in complete))
        columns = categories_of(status, (s for _, _, s in complete))
        tally = Counter(complete)
        row_labels, parts = self.groups.block_rows([label for _, label in rows])
        return cross_table(
            "interventions.type_status",
            Text("Insatser efter typ och status", "Interventions by type and status"),
            row_labels,
            [label for _, label in columns],
            [
                [tally[(j, r, c)] for c, _ in columns]
                for j, _ in self.groups.blocks()
                for r, _ in rows
            ],
            row_header=text_of(kind.label),
            col_header=text_of(status.label),
            missing=len(triples) - len(complete),
            percent=PercentBase.ROW,
            row_parts=parts,
            split=self.groups.split,
            note=Text(
                "Räknat i insatser; andelar av radens insatser.",
                "Counted in interventions; shares of the row's interventions.",
            ),
        )

    # -- needs and whether interventions address them
    @cached_property
    def need_ratings(self) -> NeedRatings | None:
        """The form's need areas in focus-list order with, per area, the cases that answered
        and the cases whose need was rated (None when the form links no needs)."""
        focus = self.focus_question()
        levels = set(self.spec.rated_need_levels)
        found = None
        if focus is not None and levels:
            questions = dict(self.spec.need_questions())
            areas = [(code, label) for code, label in categories_of(focus, ()) if code in questions]
            answered = {area: self.answered(questions[area]) for area, _ in areas}
            found = NeedRatings(
                areas,
                {
                    area: set(compress(a.indexes, map(levels.__contains__, a.values)))
                    for area, a in answered.items()
                },
                {area: set(a.indexes) for area, a in answered.items()},
            )
        return found if found and found.areas else None

    def focus_question(self) -> Question | None:
        group = self.spec.group_by_role("interventions")
        if group is None:
            return None
        return next((q for q in group.questions if q.role == "intervention_focus"), None)

    def rated_needs(self) -> SummaryTable | None:
        needs = self.need_ratings
        if needs is None:
            return None
        areas, rated = needs.areas, needs.rated
        assessed = set().union(*needs.answered.values())
        of_case = self.groups.of_case
        counts = [[0] * self.groups.count for _ in areas]
        respondents = [0] * self.groups.count
        for index in assessed:
            respondents[of_case[index]] += 1
        for row, (area, _) in enumerate(areas):
            for index in rated[area]:
                counts[row][of_case[index]] += 1
        return multiple_choice_table(
            "needs.rated",
            Text("Bedömda behov per område", "Rated needs per area"),
            [label for _, label in areas],
            counts,
            respondents,
            col_labels=self.groups.labels,
            split=self.groups.split,
            missing=max(0, self.asked_any_need() - sum(respondents)),
            note=Text(
                f"Behov bedömt som {self.level_names('sv')}; andel av ärenden med "
                "behovsbedömning. Ett ärende kan ha flera behov.",
                f"Need rated as {self.level_names('en')}; share of cases with a need "
                "assessment. A case can have several needs.",
            ),
        )

    def asked_any_need(self) -> int:
        """Cases asked at least one need question (phase, version and skip logic)."""
        questions = [q for _, q in self.spec.need_questions()]
        members = [self.population_of(q).member for q in questions]
        return sum(map(any, zip(*members, strict=True))) if members else 0

    def level_names(self, lang: str) -> str:
        question = next((q for _, q in self.spec.need_questions()), None)
        names = [
            _choice_label(question, code).get(lang).lower() for code in self.spec.rated_need_levels
        ]
        joiner = " eller " if lang == "sv" else " or "
        return joiner.join(names)

    def focus_by_case(self) -> dict[int, list[tuple]]:
        """Each case's interventions as the areas each one is aimed at."""
        focus = self.focus_question()
        group = self.spec.group_by_role("interventions")
        found: dict[int, list[tuple]] = {}
        if focus is None or group is None:
            return found
        code, empty = focus.code, (None, None)
        for index, item in self.data.items.get(group.code, ()):
            value = item.get(code, empty)[0]
            areas = () if value is None else value if isinstance(value, tuple) else (value,)
            found.setdefault(index, []).append(areas)
        return found

    def needs_addressed(self) -> list[SummaryTable]:
        needs = self.need_ratings
        if needs is None:
            return []
        focus = self.focus_by_case()
        return [self.needs_with_intervention(needs, focus), self.aimed_at(needs, focus)]

    def needs_with_intervention(self, needs: NeedRatings, focus: dict) -> SummaryTable:
        started, of_case = self.started.member, self.groups.of_case
        covered = {index: set().union(*foci) for index, foci in focus.items()}
        areas = needs.areas
        counts = [[0, 0] for _ in range(self.groups.count * len(areas))]
        for row, (area, _) in enumerate(areas):
            for index in needs.rated[area]:
                if started[index]:
                    cell = counts[of_case[index] * len(areas) + row]
                    cell[0 if area in covered.get(index, ()) else 1] += 1
        row_labels, parts = self.groups.block_rows([label for _, label in areas])
        return cross_table(
            "needs.addressed",
            Text("Insatser mot bedömda behov", "Interventions aimed at rated needs"),
            row_labels,
            [
                Text("Minst en insats mot behovet", "At least one intervention"),
                Text("Ingen insats mot behovet", "No intervention"),
            ],
            counts,
            row_header=Text("Behovsområde", "Need area"),
            percent=PercentBase.ROW,
            row_parts=parts,
            split=self.groups.split,
            note=Text(
                f"Påbörjade ärenden med behov bedömt som {self.level_names('sv')}, en gång per "
                "behovsområde; andelar av radens ärenden.",
                f"Started cases with a need rated as {self.level_names('en')}, once per need "
                "area; shares of the row's cases.",
            ),
        )

    def aimed_at(self, needs: NeedRatings, focus: dict) -> SummaryTable:
        rows = [
            ("rated", Text("Mot ett bedömt behov", "At a rated need")),
            ("unrated", Text("Mot ett område utan bedömt behov", "At an area with no rated need")),
            ("unknown", Text("Mot ett område som inte bedömts", "At an area not assessed")),
        ]
        row_of = {code: r for r, (code, _) in enumerate(rows)}
        counts = [[0] * self.groups.count for _ in rows]
        total = 0
        for index, interventions in focus.items():
            for areas in interventions:
                total += 1
                if areas:
                    kind = needs.kind_of(index, areas)
                    counts[row_of[kind]][self.groups.of_case[index]] += 1
        return self.frequency_from(
            "needs.aimed_at",
            Text("Insatsernas inriktning mot bedömda behov", "Interventions and rated needs"),
            rows,
            counts,
            total,
            Text(
                "Räknat i insatser: riktad mot ett område där ärendets behov bedömts som "
                f"{self.level_names('sv')}, mot ett område där behovet bedömts lägre, eller "
                "mot ett område utan bedömning i ärendet.",
                "Counted in interventions: aimed at an area where the case's need was rated as "
                f"{self.level_names('en')}, at an area rated lower, or at an area the case "
                "has no assessment of.",
            ),
        )

    # -- results
    def results_first(self) -> list[SummaryTable]:
        goal = self.spec.by_role("goal_attainment")
        if goal is None or goal.type is not QType.SINGLE:
            return []
        self.covered.add(goal.code)
        return [self.frequency(goal)]

    def transitions(self) -> list[SummaryTable]:
        tables = []
        for before, after in self.spec.pairs():
            if before.type in (QType.SINGLE, QType.YESNO) and after.type == before.type:
                tables.append(self.transition(before, after))
            elif is_numeric(before) and is_numeric(after):
                tables.append(self.numeric_change(before, after))
        return tables

    def pair_population(self, before: Question, after: Question) -> list[bool]:
        """Closed cases asked both questions (phase, form version and skip logic)."""
        return list(
            map(
                all,
                zip(
                    self.closed.member,
                    self.population_of(before).member,
                    self.population_of(after).member,
                    strict=True,
                ),
            )
        )

    def transition(self, before: Question, after: Question) -> SummaryTable:
        """Before × after on closed cases with both answers. Split, the rows come in one
        block per group ("group – before"), so the table stays two-dimensional and its own
        margins are all it publishes (no group-less table whose cells would be sums)."""
        firsts, seconds = self.cells(before.code), self.cells(after.code)
        pairs = []
        asked = self.pair_population(before, after)
        for index, inside in enumerate(asked):
            if inside:
                first = firsts.get(index, (None, None))[0]
                second = seconds.get(index, (None, None))[0]
                if first is not None and second is not None:
                    pairs.append((self.groups.of_case[index], first, second))
        befores = categories_of(before, (a for _, a, _ in pairs))
        columns = categories_of(after, (b for _, _, b in pairs))
        tally = Counter(pairs)
        blocks = list(enumerate(self.groups.labels)) if self.groups.is_split else [(0, None)]
        parts = [(group, row) for group in blocks for row in befores]
        label = text_of(after.label)
        return transition_table(
            f"pair.{before.code}.{after.code}",
            Text(f"Före och efter: {label.sv}", f"Before and after: {label.get('en')}"),
            [
                row_label if g is None else block_label(g, row_label)
                for (_, g), (_, row_label) in parts
            ],
            [label for _, label in columns],
            [[tally[(j, r, c)] for c, _ in columns] for (j, _), (r, _) in parts],
            missing=sum(asked) - len(pairs),
            row_parts=[(g, row) for (_, g), (_, row) in parts] if self.groups.is_split else (),
            split=self.groups.split,
        )

    def numeric_change(self, before: Question, after: Question) -> SummaryTable:
        firsts, seconds = self.cells(before.code), self.cells(after.code)
        changes = []
        asked = self.pair_population(before, after)
        for index, inside in enumerate(asked):
            first = firsts.get(index, (None, None))[0]
            second = seconds.get(index, (None, None))[0]
            if inside and is_number(first) and is_number(second):
                changes.append((index, float(second) - float(first)))  # type: ignore[arg-type]
        label = text_of(after.label)
        return self.statistics_from(
            f"pair.{before.code}.{after.code}",
            Text(
                f"Förändring från start till avslut: {label.sv}",
                f"Change from start to closure: {label.en or label.sv}",
            ),
            changes,
            sum(asked),
        )

    # -- experience
    def response_rates(self) -> list[SummaryTable]:
        items = [
            q
            for q in self.spec.phase_questions("experience")
            if q.group is None and (q.type is QType.SCALE or q.type is QType.SINGLE)
        ]
        if not items:
            return []
        of_case = self.groups.of_case
        per_group = []
        for question in items:
            answered = self.answered(question)
            got = Counter(of_case[i] for i in answered.indexes)
            asked = self.population_of(question).by_group
            per_group.append([(got[j], asked[j] - got[j]) for j in range(self.groups.count)])
        row_labels, parts = self.groups.block_rows([text_of(q.label) for q in items])
        counts = [list(row[j]) for j, _ in self.groups.blocks() for row in per_group]
        return [
            cross_table(
                "experience.response",
                Text("Svarsfrekvens per fråga", "Response rate per item"),
                row_labels,
                [Text("Besvarad", "Answered"), Text("Ej besvarad", "Not answered")],
                counts,
                percent=PercentBase.ROW,
                row_parts=parts,
                split=self.groups.split,
                row_totals_known=True,
                note=form_layout.response_note(self.spec),
            )
        ]

    # -- data quality
    def quality_tables(self) -> list[SummaryTable]:
        tables = []
        questions = [
            q
            for q in [*self.spec.questions(), *self.data.retired.values()]
            if q.group is None and q.type is not QType.COMPUTED
        ]
        for phase in PHASE_SECTION:
            in_phase = [q for q in questions if q.phase == phase]
            if in_phase:
                tables.append(self.quality(phase, in_phase))
        return tables

    def quality(self, phase: str, questions: Sequence[Question]) -> SummaryTable:
        counts = []
        for question in questions:
            answered = self.answered(question)
            counts.append([answered.count, answered.reasons, answered.no_answer])
        title = form_layout.phase_title(self.spec, phase)
        return cross_table(
            f"quality.{phase}",
            Text(f"Besvarade frågor: {title.sv}", f"Answered questions: {title.get('en')}"),
            [text_of(q.label) for q in questions],
            QUALITY_COLUMNS,
            counts,
            percent=PercentBase.ROW,
            row_totals_known=True,
            note=form_layout.quality_note(self.spec, QUALITY_NOTE),
        )

    def open_long(self) -> SummaryTable:
        limit = self.end - dt.timedelta(days=LONG_OPEN_DAYS)
        counts = [[0] * self.groups.count for _ in range(2)]
        for case, column in zip(self.data.cases, self.groups.of_case, strict=True):
            if not case.closed and case.start_date is not None:
                counts[0 if case.start_date < limit else 1][column] += 1
        rows = [
            (
                "long",
                Text(
                    f"Startade för mer än {LONG_OPEN_DAYS} dagar sedan",
                    f"Started more than {LONG_OPEN_DAYS} days ago",
                ),
            ),
            (
                "recent",
                Text(
                    f"Startade för högst {LONG_OPEN_DAYS} dagar sedan",
                    f"Started at most {LONG_OPEN_DAYS} days ago",
                ),
            ),
        ]
        return self.frequency_from(
            "quality.open_long",
            Text("Pågående ärenden utan avslut", "Ongoing cases without closure"),
            rows,
            counts,
            sum(map(sum, counts)),
            Text(f"Räknat till {self.end.isoformat()}.", f"Counted up to {self.end.isoformat()}."),
        )


# --- helpers ----------------------------------------------------------------------------------


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_numeric(question: Question) -> bool:
    if question.type in NUMERIC_TYPES:
        return True
    return (
        question.type is QType.COMPUTED
        and question.computed is not None
        and (question.computed.kind.value != "age_band")
    )


def block_label(group: Text, row: Text) -> Text:
    """A row label inside a split's block: "group – category"."""
    return Text(f"{group.sv} – {row.sv}", f"{group.get('en')} – {row.get('en')}")


def categories_of(question: Question, seen: Iterable[Hashable]) -> list[tuple[Hashable, Text]]:
    """The question's answer categories in form order, then any other value found (a choice
    removed in a later version), so every answer has a row."""
    if question.type is QType.YESNO:
        rows: list[tuple[Hashable, Text]] = list(YES_NO)
    elif question.choices is not None:
        rows = [(c.code, text_of(c.label)) for c in question.choices.choices]
    else:
        rows = []
    known = {code for code, _ in rows}
    extra = sorted({value for value in seen if value not in known}, key=str)
    rows += [(value, Text.same(str(value))) for value in extra]
    return rows or [(None, UNKNOWN)]


def find_batteries(spec: FormSpec) -> list[list[Question]]:
    """Runs of ≥3 single-choice questions in one section sharing one choice list."""
    batteries: list[list[Question]] = []
    run: list[Question] = []

    def close_run() -> None:
        if len(run) >= BATTERY_MIN_ITEMS:
            batteries.append(list(run))
        run.clear()

    for question in spec.questions():
        fits = (
            question.group is None
            and question.type is QType.SINGLE
            and question.choices is not None
            and question.role is None
        )
        same = (
            fits
            and run
            and (
                run[-1].section == question.section and run[-1].choices.id == question.choices.id  # type: ignore[union-attr]
            )
        )
        if not same:
            close_run()
        if fits:
            run.append(question)
    close_run()
    return batteries


def ongoing_at(case: CaseFacts, end: dt.date) -> bool:
    if case.start_date is None or case.start_date > end:
        return False
    if case.closure_date is not None:
        return case.closure_date > end
    return not case.closed


def days_between(cases: Iterable[CaseFacts], start: str, end: str) -> list[float]:
    days = []
    for case in cases:
        first, last = getattr(case, start), getattr(case, end)
        if first is not None and last is not None and last >= first:
            days.append(float((last - first).days))
    return days


def _filters(request: SummaryRequest, spec: FormSpec) -> tuple[tuple[Text, Text], ...]:
    rows = [(Text("Period avser", "Period means"), form_layout.period_label(spec, request))]
    if request.status:
        rows.append(
            (
                Text("Status", "Status"),
                Text(
                    {"ongoing": "Pågående", "closed": "Avslutade"}[request.status],
                    {"ongoing": "Ongoing", "closed": "Closed"}[request.status],
                ),
            )
        )
    if request.unit:
        rows.append((Text("Enhet", "Unit"), Text.same(request.unit)))
    if request.coordinator_id is not None:
        rows.append(
            (
                Text("Samordnare", "Coordinator"),
                Text(
                    "En samordnares ärenden (endast internt)",
                    "One coordinator's cases (internal use only)",
                ),
            )
        )
    gender = spec.by_role("gender")
    if request.genders:
        labels = [_choice_label(gender, code) for code in request.genders]
        rows.append((Text("Kön", "Gender"), _join(labels)))
    if request.age_bands:
        rows.append((Text("Åldersgrupp", "Age band"), Text.same(", ".join(request.age_bands))))
    if request.form_versions:
        rows.append(
            (
                Text("Formulärversioner", "Form versions"),
                Text.same(", ".join(map(str, request.form_versions))),
            )
        )
    if request.split is not SplitBy.NONE:
        by = {
            SplitBy.GENDER: Text("Kön", "Gender"),
            SplitBy.AGE_BAND: Text("Åldersgrupp", "Age band"),
        }[request.split]
        rows.append((Text("Uppdelat på", "Split by"), by))
    return tuple(rows)


def _choice_label(question: Question | None, code: str) -> Text:
    if question is not None and question.choices is not None:
        label = question.choices.label_of(code)
        if label is not None:
            return text_of(label)
    return Text.same(code)


def _join(labels: Sequence[Text]) -> Text:
    return Text(", ".join(t.sv for t in labels), ", ".join(t.get("en") for t in labels))


def _common(values: Iterable[str]) -> str:
    distinct = {v for v in values if v}
    return distinct.pop() if len(distinct) == 1 else ""


def build_summary(
    data: SummaryData,
    request: SummaryRequest | None = None,
    *,
    today: dt.date | None = None,
    unit: str | None = None,
    municipality: str | None = None,
) -> SummaryReport:
    """All tables of a group summary for the cases ``request`` selects from ``data``."""
    request = request or SummaryRequest()
    today = today or dt.date.today()
    data = data.filtered(request)
    builder = _Builder(data, request, today)
    sections = tag_shared_figures(builder, builder.build())  # protected together later
    return SummaryReport(_meta(data, request, today, unit, municipality), sections)


def _meta(
    data: SummaryData,
    request: SummaryRequest,
    today: dt.date,
    unit: str | None,
    municipality: str | None,
) -> ReportMeta:
    spec = data.spec
    earliest = min(
        form_layout.period_days(spec, request, data.cases),
        default=today,
    )
    return ReportMeta(
        title=Text(
            f"Gruppsammanställning – {spec.title.sv}",
            f"Group summary – {spec.title.en or spec.title.sv}",
        ),
        unit=unit if unit is not None else (request.unit or _common(c.unit for c in data.cases)),
        municipality=municipality
        if municipality is not None
        else _common(c.municipality for c in data.cases),
        period_from=request.date_from or min(earliest, request.date_to or today),
        period_to=request.date_to or today,
        n_cases=len(data.cases),
        created=today,
        form_id=spec.id,
        form_versions=tuple(str(v) for v in data.form_versions()),
        filters=_filters(request, spec),
        k=request.k if request.k is not None else DEFAULT_K,
        noun=form_layout.noun(spec),
        before_after=bool(spec.pairs()),
    )


__all__ = ["Groups", "build_summary", "find_batteries", "make_groups"]
