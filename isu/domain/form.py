"""The typed form specification: what a loaded and checked form definition looks like.

Everything here is plain frozen data. Loading and checking live in ``isu.formdefs``; this
module only describes the result and offers look-ups the rest of the program needs (find a
question by code or by role, list the before/after pairs, map old codes to current ones).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from isu.domain.text import Text
from isu.errors import NotFound

PHASES: tuple[str, ...] = ("admin", "before", "during", "after", "experience")

PHASE_TITLES: dict[str, tuple[str, str]] = {
    "admin": ("Administration", "Administration"),
    "before": ("Före (vid start)", "Before (at start)"),
    "during": ("Under", "During"),
    "after": ("Efter (vid avslut)", "After (at closure)"),
    "experience": ("Den unges upplevelse", "Client experience"),
}

# What a phase's questions need before a case counts in their summary: a start date (the
# case has started) or a closure (the case is closed). SIG's defaults; a form may say
# otherwise per phase (``phases: {during: {requires: []}}``).
PHASE_REQUIREMENTS: tuple[str, ...] = ("start_date", "closure_date")
DEFAULT_PHASE_REQUIRES: dict[str, tuple[str, ...]] = {
    "admin": (),
    "before": (),
    "during": ("start_date",),
    "after": ("closure_date",),
    "experience": ("closure_date",),
}

# Case-level facts the program looks up in any form, and the question types that fit them.
CASE_ROLES: dict[str, tuple[str, ...]] = {
    "case_number": ("text",),
    "municipality": ("text", "single"),
    "unit": ("text", "single"),
    "referral_date": ("date",),
    "start_date": ("date",),
    "closure_date": ("date",),
    "closure_reason": ("single",),
    "gender": ("single",),
    "birth_year": ("integer",),
    "age_at_start": ("computed:age_at",),
    "age_band": ("computed:age_band",),
    "goal_attainment": ("single",),
}
GROUP_ROLES: tuple[str, ...] = ("interventions", "meetings")
# Roles allowed on questions inside the repeat group that carries ``role: interventions``.
INTERVENTION_ROLES: dict[str, tuple[str, ...]] = {
    "intervention_type": ("single",),
    "intervention_focus": ("single", "multiple"),
    "intervention_actor": ("single", "multiple"),
    "intervention_status": ("single",),
}


class QType(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    YESNO = "yesno"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    TEXT = "text"
    LONGTEXT = "longtext"
    SCALE = "scale"
    COMPUTED = "computed"

    @property
    def has_choices(self) -> bool:
        return self in (QType.SINGLE, QType.MULTIPLE)


class PrivacyClass(enum.StrEnum):
    DIRECT_IDENTIFIER = "direct_identifier"
    QUASI_IDENTIFIER = "quasi_identifier"
    FREE_TEXT = "free_text"
    SENSITIVE = "sensitive"
    NONE = "none"


class ComputedKind(enum.StrEnum):
    AGE_AT = "age_at"
    AGE_BAND = "age_band"
    DAYS_BETWEEN = "days_between"
    SUM = "sum"
    MEAN = "mean"
    EXPRESSION = "expression"  # arithmetic over number questions, e.g. "weight / height"


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label: Text


@dataclass(frozen=True, slots=True)
class ChoiceList:
    id: str
    choices: tuple[Choice, ...]
    # Derived once: validation asks for the codes of every answer it checks.
    _codes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_codes", tuple(choice.code for choice in self.choices))

    @property
    def codes(self) -> tuple[str, ...]:
        return self._codes

    def label_of(self, code: str) -> Text | None:
        return next((c.label for c in self.choices if c.code == code), None)


@dataclass(frozen=True, slots=True)
class MissingCode:
    code: str
    label: Text


DEFAULT_MISSING_CODES: tuple[MissingCode, ...] = (
    MissingCode("uppgift_saknas", Text("Uppgift saknas", "Unknown")),
    MissingCode("ej_aktuellt", Text("Ej aktuellt", "Not applicable")),
    MissingCode("vill_ej_svara", Text("Vill ej svara", "Declined")),
)


@dataclass(frozen=True, slots=True)
class AgeBand:
    """An inclusive age range; its code (e.g. ``"15-17"``) is the computed age-band value."""

    low: int
    high: int

    @property
    def code(self) -> str:
        return f"{self.low}-{self.high}"

    @property
    def label(self) -> Text:
        text = f"{self.low}–{self.high} år"
        return Text(text, f"{self.low}–{self.high} years")

    def contains(self, age: int | float) -> bool:
        return self.low <= age <= self.high


DEFAULT_AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand(12, 14),
    AgeBand(15, 17),
    AgeBand(18, 20),
    AgeBand(21, 25),
    AgeBand(26, 29),
)


# Upper bounds (days, inclusive) of the bands that day counts leave a records export in:
# 0–30, 31–90, 91–180, 181–365 and more than 365 days (negative counts: "<0").
DEFAULT_DAY_BANDS: tuple[int, ...] = (30, 90, 180, 365)


@dataclass(frozen=True, slots=True)
class ScaleAnchor:
    value: int
    label: Text


@dataclass(frozen=True, slots=True)
class Computed:
    """How a computed question gets its value; which fields are used depends on ``kind``."""

    kind: ComputedKind
    birth_year: str | None = None  # age_at
    date: str | None = None  # age_at
    age: str | None = None  # age_band
    start: str | None = None  # days_between (from)
    end: str | None = None  # days_between (to)
    items: tuple[str, ...] = ()  # sum, mean
    min_answered: int = 0  # sum, mean
    bands: tuple[AgeBand, ...] = ()  # age_band; empty = the form's bands
    expression: str | None = None  # expression: the arithmetic, in the expression language
    decimals: int | None = None  # expression: round the result to this many decimals
    expression_ast: Any = field(default=None, compare=False, repr=False)

    def inputs(self) -> tuple[str, ...]:
        named = (self.birth_year, self.date, self.age, self.start, self.end)
        refs: tuple[str, ...] = ()
        if self.expression_ast is not None:
            from isu.domain.expr import references  # expr imports nothing from here

            refs = tuple(sorted(references(self.expression_ast)))
        return tuple(code for code in named if code) + self.items + refs


@dataclass(frozen=True, slots=True)
class Question:
    code: str
    type: QType
    label: Text
    phase: str
    section: str
    line: int = 0
    group: str | None = None  # the repeat group's code when inside one
    help: Text | None = None
    required: bool = False
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Text | None = None
    missing: tuple[str, ...] = ()
    privacy: PrivacyClass = PrivacyClass.NONE
    pair: str | None = None
    renamed_from: tuple[str, ...] = ()
    role: str | None = None
    choices: ChoiceList | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    anchors: tuple[ScaleAnchor, ...] = ()
    computed: Computed | None = None
    # Scale values that count as "high" (e.g. 4 and 5 on a 1–5 scale); empty: none declared.
    top_box: tuple[int, ...] = ()
    # The code (in the intervention-focus choice list) of the need area this question rates.
    need_area: str | None = None
    # Parsed expressions (isu.domain.expr nodes), filled by the loader; not part of equality.
    relevant_ast: Any = field(default=None, compare=False, repr=False)
    constraint_ast: Any = field(default=None, compare=False, repr=False)

    @property
    def choice_codes(self) -> tuple[str, ...]:
        return self.choices.codes if self.choices else ()

    @property
    def type_key(self) -> str:
        """``"single"``, or ``"computed:age_at"`` for computed questions (used for role checks)."""
        if self.type is QType.COMPUTED and self.computed:
            return f"computed:{self.computed.kind.value}"
        return self.type.value


@dataclass(frozen=True, slots=True)
class RepeatGroup:
    """A list of like items, e.g. one row per intervention; its questions repeat per item."""

    code: str
    label: Text
    phase: str
    section: str
    questions: tuple[Question, ...]
    line: int = 0
    role: str | None = None
    relevant: str | None = None
    help: Text | None = None
    relevant_ast: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Descriptive:
    """A block of text in the form (``type: descriptive``): an instruction or an introduction.

    It has no answer, so it is no question: ``FormSpec.questions()`` never lists it and
    summaries, exports and validation never see it; only the form view and the printed form
    show it."""

    code: str
    label: Text
    phase: str
    section: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Section:
    code: str
    title: Text
    items: tuple[Question | RepeatGroup | Descriptive, ...]
    line: int = 0
    relevant: str | None = None
    relevant_ast: Any = field(default=None, compare=False, repr=False)
    # A battery of scale questions: the values counted as "high" for each of its scales.
    top_box: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    title: Text
    sections: tuple[Section, ...]
    # What the phase's questions need (see PHASE_REQUIREMENTS); None: the default.
    requires: tuple[str, ...] | None = None
    # Whether the form names the phase itself (else the title is the default one).
    named: bool = False

    @property
    def requirements(self) -> tuple[str, ...]:
        if self.requires is not None:
            return self.requires
        return DEFAULT_PHASE_REQUIRES.get(self.name, ())


@dataclass(frozen=True, slots=True)
class UnitNoun:
    """What a form counts ("ärende", "deltagare", "kommun"), singular and plural."""

    singular: Text
    plural: Text


DEFAULT_UNIT_NOUN = UnitNoun(Text("ärende", "case"), Text("ärenden", "cases"))


@dataclass(frozen=True)
class FormSpec:
    id: str
    version: int
    title: Text
    missing_codes: tuple[MissingCode, ...]
    choice_lists: tuple[ChoiceList, ...]
    phases: tuple[Phase, ...]
    age_bands: tuple[AgeBand, ...] = DEFAULT_AGE_BANDS
    description: Text | None = None
    source: str = "<form>"
    # Levels of a need question that count as a rated need (e.g. moderate and large).
    rated_need_levels: tuple[str, ...] = ()
    day_bands: tuple[int, ...] = DEFAULT_DAY_BANDS
    unit_noun: UnitNoun | None = None  # None: "ärende"/"case"
    _index: dict[str, Question] = field(init=False, repr=False, compare=False)
    _groups: dict[str, RepeatGroup] = field(init=False, repr=False, compare=False)
    _sections: dict[tuple[str, str], Section] = field(init=False, repr=False, compare=False)
    # Scratch space for derived data others compute once per form (e.g. evaluation order).
    derived: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {q.code: q for q in self._walk_questions()}
        groups = {g.code: g for g in self._walk_groups()}
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_groups", groups)
        sections = {(p.name, s.code): s for p in self.phases for s in p.sections}
        object.__setattr__(self, "_sections", sections)
        object.__setattr__(self, "derived", {})

    def _walk_items(self) -> Iterator[Question | RepeatGroup]:
        for phase in self.phases:
            for section in phase.sections:
                yield from (i for i in section.items if not isinstance(i, Descriptive))

    def _walk_questions(self) -> Iterator[Question]:
        for item in self._walk_items():
            if isinstance(item, RepeatGroup):
                yield from item.questions
            else:
                yield item

    def descriptive_items(self) -> list[Descriptive]:
        """The form's text blocks (``type: descriptive``), in form order."""
        return [
            item
            for phase in self.phases
            for section in phase.sections
            for item in section.items
            if isinstance(item, Descriptive)
        ]

    def _walk_groups(self) -> Iterator[RepeatGroup]:
        return (item for item in self._walk_items() if isinstance(item, RepeatGroup))

    def questions(self) -> list[Question]:
        """Every question in form order, including those inside repeat groups."""
        return list(self._index.values())

    def has_question(self, code: str) -> bool:
        return code in self._index

    def question(self, code: str) -> Question:
        """The question with this current code; raises ``NotFound`` otherwise."""
        try:
            return self._index[code]
        except KeyError:
            raise NotFound(
                f"Formuläret {self.id} har ingen fråga med koden {code!r}.",
                f"Form {self.id} has no question with code {code!r}.",
            ) from None

    def phase(self, name: str) -> Phase | None:
        return next((p for p in self.phases if p.name == name), None)

    def phase_requires(self, name: str) -> tuple[str, ...]:
        """What the questions of phase ``name`` need before a case counts in them."""
        phase = self.phase(name)
        if phase is not None:
            return phase.requirements
        return DEFAULT_PHASE_REQUIRES.get(name, ())

    @property
    def noun(self) -> UnitNoun:
        return self.unit_noun or DEFAULT_UNIT_NOUN

    def phase_questions(self, phase: str) -> list[Question]:
        return [q for q in self._index.values() if q.phase == phase]

    def repeat_groups(self) -> list[RepeatGroup]:
        return list(self._groups.values())

    def group(self, code: str) -> RepeatGroup | None:
        return self._groups.get(code)

    def section_of(self, question: Question) -> Section | None:
        return self._sections.get((question.phase, question.section))

    def by_role(self, role: str) -> Question | None:
        return next((q for q in self._index.values() if q.role == role), None)

    def group_by_role(self, role: str) -> RepeatGroup | None:
        return next((g for g in self._groups.values() if g.role == role), None)

    def pairs(self) -> list[tuple[Question, Question]]:
        """(before, after) question pairs asked at both start and closure."""
        return [
            (self._index[q.pair], q)
            for q in self._index.values()
            if q.pair and q.pair in self._index
        ]

    def need_questions(self) -> list[tuple[str, Question]]:
        """(need area code, question rating that area) in form order."""
        return [(q.need_area, q) for q in self._index.values() if q.need_area]

    def current_code(self, old_code: str) -> str | None:
        """The current code for a code used in this or any older version, or None if removed.

        ``renamed_from`` is cumulative: a question renamed twice lists both earlier codes.
        """
        if old_code in self._index:
            return old_code
        return next(
            (q.code for q in self._index.values() if old_code in q.renamed_from),
            None,
        )

    def missing_label(self, code: str) -> Text | None:
        return next((m.label for m in self.missing_codes if m.code == code), None)

    def choice_list(self, list_id: str) -> ChoiceList | None:
        return next((c for c in self.choice_lists if c.id == list_id), None)
