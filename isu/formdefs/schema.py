"""Turn located YAML data into a FormSpec, reporting every structural problem with its line.

This is the hand-written twin of forms/schema.json: it knows every key, its type and its
default. Cross-references (codes, roles, pairs, expression types, cycles) are checked
afterwards in ``check.py``, which needs the whole form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from isu.domain import expr
from isu.domain.form import (
    DEFAULT_AGE_BANDS,
    DEFAULT_DAY_BANDS,
    DEFAULT_MISSING_CODES,
    PHASE_TITLES,
    PHASES,
    AgeBand,
    Choice,
    ChoiceList,
    Computed,
    ComputedKind,
    Descriptive,
    FormSpec,
    MissingCode,
    Phase,
    PrivacyClass,
    QType,
    Question,
    RepeatGroup,
    ScaleAnchor,
    Section,
)
from isu.domain.text import Text
from isu.formdefs import schema_generic as generic
from isu.formdefs.problems import ProblemList
from isu.formdefs.yamltree import YList, YMap

CODE_RE = re.compile(r"[a-z][a-z0-9_]{0,59}")
CHOICE_CODE_RE = re.compile(r"[a-z0-9][a-z0-9_]{0,59}")
MAX_SCALE_SPAN = 100

FORM_KEYS = {
    "id", "version", "title", "description", "missing_codes", "age_bands", "choice_lists",
    "rated_need_levels", "phases", "day_bands", "unit_noun",
}  # fmt: skip
PHASE_KEYS = {"title", "sections", "requires"}
SECTION_KEYS = {"code", "title", "relevant", "questions", "top_box"}
GROUP_KEYS = {"code", "type", "label", "help", "role", "relevant", "questions"}
DESCRIPTIVE_KEYS = {"code", "type", "label"}
QUESTION_KEYS = {
    "code", "type", "label", "help", "required", "relevant", "constraint",
    "constraint_message", "missing", "privacy", "pair", "renamed_from", "role", "choices",
    "min", "max", "anchors", "compute", "need_area", "top_box",
}  # fmt: skip
COMPUTE_KEYS: dict[ComputedKind, set[str]] = {
    ComputedKind.AGE_AT: {"kind", "birth_year", "date"},
    ComputedKind.AGE_BAND: {"kind", "age", "bands"},
    ComputedKind.DAYS_BETWEEN: {"kind", "from", "to"},
    ComputedKind.SUM: {"kind", "items", "min_answered"},
    ComputedKind.MEAN: {"kind", "items", "min_answered"},
    ComputedKind.EXPRESSION: {"kind", "expression", "decimals"},
}


@dataclass
class Built:
    """The form as far as it could be read, plus the line of each field for later checks."""

    form: FormSpec | None
    lines: dict[int, dict[str, int]] = field(default_factory=dict)

    def line(self, owner: object, key: str) -> int:
        fields = self.lines.get(id(owner), {})
        return fields.get(key, fields.get("", 1))

    def has(self, owner: object, key: str) -> bool:
        """Whether ``key`` was written for ``owner``, even with a value that was refused."""
        return key in self.lines.get(id(owner), {})


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class FormReader:
    def __init__(self, problems: ProblemList, source: str):
        self.problems = problems
        self.source = source
        self.lines: dict[int, dict[str, int]] = {}
        self.missing_codes: tuple[MissingCode, ...] = DEFAULT_MISSING_CODES
        self.choice_lists: dict[str, ChoiceList] = {}

    # --- generic readers ----------------------------------------------------------------

    def add(self, line: int, sv: str, en: str) -> None:
        self.problems.add(line, sv, en)

    def remember(self, owner: object, data: YMap) -> None:
        self.lines[id(owner)] = {"": data.line, **data.lines}

    def as_map(self, value: Any, line: int, what: tuple[str, str]) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.add(
            line,
            f"{what[0]} ska vara en mappning (nyckel: värde), inte {_describe(value)}.",
            f"{what[1]} must be a mapping (key: value), not {_describe(value)}.",
        )
        return None

    def as_list(self, value: Any, line: int, what: tuple[str, str]) -> YList | None:
        if isinstance(value, YList):
            return value
        self.add(
            line,
            f"{what[0]} ska vara en lista, inte {_describe(value)}.",
            f"{what[1]} must be a list, not {_describe(value)}.",
        )
        return None

    def keys(
        self, data: YMap, allowed: set[str], required: tuple[str, ...], what: str | tuple[str, str]
    ) -> None:
        sv, en = (what, what) if isinstance(what, str) else what
        names = ", ".join(sorted(allowed))
        for key in data:
            if key not in allowed:
                self.add(
                    data.line_of(key),
                    f"Okänd nyckel {key!r} i {sv}. Tillåtna: {names}.",
                    f"Unknown key {key!r} in {en}. Allowed: {names}.",
                )
        for key in required:
            if data.get(key) is None:
                self.add(data.line, f"{key!r} saknas i {sv}.", f"{key!r} is missing in {en}.")

    def text(self, data: YMap, key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(
                data.line_of(key),
                f"{key!r} ska vara text, inte {_describe(value)}.",
                f"{key!r} must be text, not {_describe(value)}.",
            )
            return None
        text = str(value).strip()
        if not text:
            self.add(data.line_of(key), f"{key!r} är tom.", f"{key!r} is empty.")
            return None
        return text

    def code(self, data: YMap, key: str, pattern: re.Pattern[str] = CODE_RE) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.add(
                data.line_of(key),
                f"{_describe(value)} är ingen giltig kod: använd små bokstäver a–z, siffror och"
                " _ (snake_case), högst 60 tecken.",
                f"{_describe(value)} is not a valid code: use lower-case a–z, digits and _"
                " (snake_case), at most 60 characters.",
            )
            return None
        return value

    def integer(self, data: YMap, key: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                data.line_of(key),
                f"{key!r} ska vara ett heltal, inte {_describe(value)}.",
                f"{key!r} must be a whole number, not {_describe(value)}.",
            )
            return None
        return value

    def boolean(self, data: YMap, key: str) -> bool:
        value = data.get(key, False)
        if value is None or isinstance(value, bool):
            return bool(value)
        self.add(
            data.line_of(key),
            f"{key!r} ska vara true eller false, inte {_describe(value)}.",
            f"{key!r} must be true or false, not {_describe(value)}.",
        )
        return False

    def label(self, data: YMap, key: str) -> Text | None:
        """A ``{sv, en}`` label; absence is reported by ``keys()`` where the key is required."""
        value = data.get(key)
        line = data.line_of(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return Text(value.strip(), value.strip())
        labels = self.as_map(value, line, (f"{key!r}", f"{key!r}"))
        if labels is None:
            return None
        self.keys(labels, {"sv", "en"}, ("sv",), key)
        sv, en = self.text(labels, "sv"), self.text(labels, "en")
        return Text(sv, en or "") if sv else None

    def code_list(
        self, data: YMap, key: str, pattern: re.Pattern[str] = CODE_RE
    ) -> tuple[str, ...] | None:
        value = data.get(key)
        if value is None:
            return None
        items = self.as_list(value, data.line_of(key), (f"{key!r}", f"{key!r}"))
        if items is None:
            return None
        codes = []
        for index, item in enumerate(items):
            holder = YMap(items.line_of(index))
            holder["item"] = item
            holder.lines["item"] = items.line_of(index)
            code = self.code(holder, "item", pattern)
            if code:
                codes.append(code)
        return tuple(codes)

    def expression(self, data: YMap, key: str) -> tuple[str | None, Any]:
        text = self.text(data, key)
        if text is None:
            return None, None
        try:
            return text, expr.parse(text)
        except expr.ExpressionError as error:
            self.add(
                data.line_of(key),
                f"Fel i {key!r}-uttrycket {text!r}: {error.sv}",
                f"Error in the {key!r} expression {text!r}: {error.en}",
            )
            return text, None

    # --- the form -----------------------------------------------------------------------

    def form(self, data: Any) -> FormSpec | None:
        root = self.as_map(data, getattr(data, "line", 1), ("Formuläret", "The form"))
        if root is None:
            return None
        self.keys(root, FORM_KEYS, ("id", "version", "title", "phases"), ("formuläret", "the form"))
        form_id = self.code(root, "id")
        version = self.version(root)
        title = self.label(root, "title")
        if "missing_codes" in root:
            self.missing_codes = self.read_missing_codes(root)
        age_bands = self.age_bands(root, "age_bands") if "age_bands" in root else None
        self.read_choice_lists(root)
        phases = self.phases(root)
        form = FormSpec(
            id=form_id or "form",
            version=version or 1,
            title=title or Text("?"),
            missing_codes=self.missing_codes,
            choice_lists=tuple(self.choice_lists.values()),
            phases=phases,
            age_bands=age_bands or DEFAULT_AGE_BANDS,
            description=self.label(root, "description"),
            source=self.source,
            rated_need_levels=self.rated_need_levels(root),
            day_bands=self.day_bands(root),
            unit_noun=generic.unit_noun(self, root),
        )
        self.remember(form, root)  # form-level keys' lines, for the need-area checks
        return form

    def rated_need_levels(self, root: YMap) -> tuple[str, ...]:
        value = root.get("rated_need_levels")
        written_empty = value is None or (isinstance(value, YList) and not value)
        if "rated_need_levels" in root and written_empty:
            self.add(root.line_of("rated_need_levels"),
                     "'rated_need_levels' är tom: ange de nivåer som räknas som bedömt behov.",
                     "'rated_need_levels' is empty: give the levels that count as a rated"
                     " need.")  # fmt: skip
        return self.code_list(root, "rated_need_levels", CHOICE_CODE_RE) or ()

    def day_bands(self, root: YMap) -> tuple[int, ...]:
        """Upper bounds of the day-count bands of records exports, e.g. [30, 90, 180, 365]."""
        if "day_bands" not in root:
            return DEFAULT_DAY_BANDS
        line = root.line_of("day_bands")
        items = self.as_list(root["day_bands"], line, ("'day_bands'", "'day_bands'"))
        values = list(items or [])
        ok = (
            1 <= len(values) <= 12
            and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
            and all(0 <= v <= 36500 for v in values)
            and all(a < b for a, b in zip(values, values[1:], strict=False))  # noqa: RUF007
        )
        if not ok:
            self.add(line,
                     "'day_bands' ska vara 1–12 heltal i stigande ordning (dagar, 0–36500),"
                     " t.ex. [30, 90, 180, 365].",
                     "'day_bands' must be 1–12 whole numbers in ascending order (days,"
                     " 0–36500), e.g. [30, 90, 180, 365].")  # fmt: skip
            return DEFAULT_DAY_BANDS
        return tuple(values)

    def version(self, root: YMap) -> int | None:
        if "version" not in root:
            return None
        value = root["version"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add(
                root.line_of("version"),
                f"'version' ska vara ett heltal från 1 och uppåt, inte {_describe(value)}.",
                f"'version' must be a whole number from 1 up, not {_describe(value)}.",
            )
            return None
        return value

    def read_missing_codes(self, root: YMap) -> tuple[MissingCode, ...]:
        items = self.as_list(root["missing_codes"], root.line_of("missing_codes"),
                             ("'missing_codes'", "'missing_codes'"))  # fmt: skip
        result: dict[str, MissingCode] = {}
        for index, item in enumerate(items or []):
            data = self.as_map(item, items.line_of(index), ("Bortfallskoden", "The missing code"))
            if data is None:
                continue
            self.keys(data, {"code", "label"}, ("code", "label"), "missing_codes")
            code, label = self.code(data, "code"), self.label(data, "label")
            if code in result:
                self.add(data.line, f"Bortfallskoden {code!r} finns två gånger.",
                         f"The missing code {code!r} occurs twice.")  # fmt: skip
            elif code and label:
                result[code] = MissingCode(code, label)
        return tuple(result.values())

    def age_bands(self, data: YMap, key: str) -> tuple[AgeBand, ...] | None:
        items = self.as_list(data[key], data.line_of(key), (f"{key!r}", f"{key!r}"))
        if items is None:
            return None
        bands: list[AgeBand] = []
        for index, item in enumerate(items):
            line = items.line_of(index)
            band = self.age_band(item, line)
            if band is None:
                continue
            if bands and band.low <= bands[-1].high:
                self.add(line, "Åldersgrupperna ska komma i stigande ordning utan överlapp.",
                         "Age bands must be in ascending order without overlap.")  # fmt: skip
                continue
            bands.append(band)
        if not bands:
            self.add(items.line, "Minst en åldersgrupp behövs.", "At least one age band is needed.")
            return None
        return tuple(bands)

    def age_band(self, item: Any, line: int) -> AgeBand | None:
        ok = (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in item)
            and 0 <= item[0] <= item[1] <= 130
        )
        if not ok:
            self.add(
                line,
                f"En åldersgrupp skrivs [från, till] med heltal 0–130, inte {_describe(item)}.",
                f"An age band is written [from, to] with whole numbers 0–130,"
                f" not {_describe(item)}.",
            )
            return None
        return AgeBand(item[0], item[1])

    def read_choice_lists(self, root: YMap) -> None:
        value = root.get("choice_lists")
        if value is None:
            return
        lists = self.as_map(
            value, root.line_of("choice_lists"), ("'choice_lists'", "'choice_lists'")
        )
        for list_id in lists or {}:
            holder = YMap(lists.line_of(list_id))
            holder["id"] = list_id
            holder.lines["id"] = lists.line_of(list_id)
            if self.code(holder, "id") is None:
                continue
            choices = self.choices(lists[list_id], lists.line_of(list_id), list_id)
            if choices is not None:
                self.choice_lists[list_id] = choices

    def choices(self, value: Any, line: int, list_id: str) -> ChoiceList | None:
        items = self.as_list(value, line, (f"Vallistan {list_id!r}", f"Choice list {list_id!r}"))
        if items is None:
            return None
        result: dict[str, Choice] = {}
        for index, item in enumerate(items):
            data = self.as_map(item, items.line_of(index), ("Ett val", "A choice"))
            if data is None:
                continue
            self.keys(data, {"code", "label"}, ("code", "label"), ("ett val", "a choice"))
            code = self.code(data, "code", CHOICE_CODE_RE)
            label = self.label(data, "label")
            if code in result:
                self.add(data.line_of("code"), f"Valkoden {code!r} finns två gånger i listan.",
                         f"The choice code {code!r} occurs twice in the list.")  # fmt: skip
            elif code and label:
                result[code] = Choice(code, label)
        if not items:
            self.add(items.line, "Vallistan är tom.", "The choice list is empty.")
        return ChoiceList(list_id, tuple(result.values()))

    # --- phases, sections, items ----------------------------------------------------------

    def phases(self, root: YMap) -> tuple[Phase, ...]:
        value = root.get("phases")
        if value is None:
            return ()
        data = self.as_map(value, root.line_of("phases"), ("'phases'", "'phases'"))
        if data is None:
            return ()
        for name in data:
            if name not in PHASES:
                self.add(
                    data.line_of(name),
                    f"Okänd fas {name!r}. Faserna är: {', '.join(PHASES)}.",
                    f"Unknown phase {name!r}. The phases are: {', '.join(PHASES)}.",
                )
        return tuple(
            self.phase(name, data[name], data.line_of(name)) for name in PHASES if name in data
        )

    def phase(self, name: str, value: Any, line: int) -> Phase:
        default_title = Text(*PHASE_TITLES[name])
        data = self.as_map(value, line, (f"Fasen {name!r}", f"Phase {name!r}"))
        if data is None:
            return Phase(name, default_title, ())
        self.keys(data, PHASE_KEYS, ("sections",), (f"fasen {name}", f"the phase {name}"))
        title = self.label(data, "title") or default_title
        sections = self.as_list(data.get("sections", YList(line)), data.line_of("sections"),
                                ("'sections'", "'sections'"))  # fmt: skip
        built = []
        for index, item in enumerate(sections or []):
            section = self.section(name, item, sections.line_of(index))
            if section is not None:
                built.append(section)
        requires = generic.phase_requires(self, data, name)
        return Phase(name, title, tuple(built), requires, named="title" in data)

    def section(self, phase: str, value: Any, line: int) -> Section | None:
        data = self.as_map(value, line, ("Avsnittet", "The section"))
        if data is None:
            return None
        self.keys(data, SECTION_KEYS, ("code", "title", "questions"), ("ett avsnitt", "a section"))
        code = self.code(data, "code") or f"section_{line}"
        title = self.label(data, "title") or Text(code)
        relevant, relevant_ast = self.expression(data, "relevant")
        items = self.items(data, phase, code, group=None)
        top_box = generic.section_top_box(self, data, items)
        section = Section(code, title, tuple(items), line, relevant, relevant_ast, top_box)
        self.remember(section, data)
        return section

    def items(self, data: YMap, phase: str, section: str, group: str | None) -> list[Any]:
        listed = self.as_list(data.get("questions", YList(data.line)), data.line_of("questions"),
                              ("'questions'", "'questions'"))  # fmt: skip
        built: list[Any] = []
        for index, item in enumerate(listed or []):
            line = listed.line_of(index)
            entry = self.as_map(item, line, ("Frågan", "The question"))
            if entry is None:
                continue
            if entry.get("type") == "repeat":
                made = self.repeat_group(entry, phase, section, group)
            elif entry.get("type") == "descriptive":
                made = self.descriptive(entry, phase, section, group)
            else:
                made = self.question(entry, phase, section, group)
            if made is not None:
                built.append(made)
        return built

    def repeat_group(
        self, data: YMap, phase: str, section: str, parent: str | None
    ) -> RepeatGroup | None:
        self.keys(
            data,
            GROUP_KEYS,
            ("code", "label", "questions"),
            ("en upprepad grupp", "a repeat group"),
        )
        if parent is not None:
            self.add(data.line, "Upprepade grupper kan inte ligga i varandra.",
                     "Repeat groups cannot be nested.")  # fmt: skip
            return None
        code = self.code(data, "code")
        if code is None:
            return None
        label = self.label(data, "label") or Text(code)
        relevant, relevant_ast = self.expression(data, "relevant")
        questions = self.items(data, phase, section, group=code)
        group = RepeatGroup(
            code=code,
            label=label,
            phase=phase,
            section=section,
            questions=tuple(questions),
            line=data.line,
            role=self.text(data, "role"),
            relevant=relevant,
            help=self.label(data, "help"),
            relevant_ast=relevant_ast,
        )
        self.remember(group, data)
        return group

    def descriptive(
        self, data: YMap, phase: str, section: str, group: str | None
    ) -> Descriptive | None:
        """A text block: code and label only; it lives in sections, not in repeat groups."""
        self.keys(data, DESCRIPTIVE_KEYS, ("code", "label"),
                  ("en beskrivande text", "a descriptive text"))  # fmt: skip
        if group is not None:
            self.add(data.line, "En beskrivande text kan inte ligga i en upprepad grupp.",
                     "A descriptive text cannot be inside a repeat group.")  # fmt: skip
            return None
        code = self.code(data, "code")
        label = self.label(data, "label")
        if code is None or label is None:
            return None
        item = Descriptive(code, label, phase, section, data.line)
        self.remember(item, data)
        return item

    def question(self, data: YMap, phase: str, section: str, group: str | None) -> Question | None:
        self.keys(data, QUESTION_KEYS, ("code", "type", "label"), ("en fråga", "a question"))
        code = self.code(data, "code")
        qtype = self.qtype(data)
        if code is None or qtype is None:
            return None
        relevant, relevant_ast = self.expression(data, "relevant")
        constraint, constraint_ast = self.expression(data, "constraint")
        scale_min, scale_max, anchors = self.scale(data, qtype)
        question = Question(
            code=code,
            type=qtype,
            label=self.label(data, "label") or Text(code),
            phase=phase,
            section=section,
            line=data.line,
            group=group,
            help=self.label(data, "help"),
            required=self.boolean(data, "required"),
            relevant=relevant,
            constraint=constraint,
            constraint_message=self.label(data, "constraint_message"),
            missing=self.allowed_missing(data, qtype),
            privacy=self.privacy(data, qtype),
            pair=self.code(data, "pair"),
            renamed_from=self.code_list(data, "renamed_from") or (),
            role=self.text(data, "role"),
            choices=self.question_choices(data, qtype, code),
            scale_min=scale_min,
            scale_max=scale_max,
            anchors=anchors,
            computed=self.computed(data, qtype),
            need_area=self.code(data, "need_area", CHOICE_CODE_RE),
            top_box=generic.question_top_box(self, data, qtype, scale_min, scale_max),
            relevant_ast=relevant_ast,
            constraint_ast=constraint_ast,
        )
        self.remember(question, data)
        return question

    def qtype(self, data: YMap) -> QType | None:
        value = data.get("type")
        if value is None:
            return None
        try:
            return QType(value)
        except ValueError:
            names = ", ".join(t.value for t in QType) + ", repeat, descriptive"
            self.add(
                data.line_of("type"),
                f"Okänd frågetyp {_describe(value)}. Tillåtna typer: {names}.",
                f"Unknown question type {_describe(value)}. Allowed types: {names}.",
            )
            return None

    def allowed_missing(self, data: YMap, qtype: QType) -> tuple[str, ...]:
        form_codes = tuple(m.code for m in self.missing_codes)
        if qtype is QType.COMPUTED:
            self.forbid(data, ("missing", "required"), "computed")
            return ()
        if "missing" not in data:
            return form_codes
        codes = self.code_list(data, "missing")
        for code in codes or ():
            if code not in form_codes:
                self.add(
                    data.line_of("missing"),
                    f"{code!r} är ingen av formulärets bortfallskoder ({', '.join(form_codes)}).",
                    f"{code!r} is not one of the form's missing codes ({', '.join(form_codes)}).",
                )
        return tuple(c for c in codes or () if c in form_codes)

    def forbid(self, data: YMap, keys: tuple[str, ...], qtype: str) -> None:
        for key in keys:
            if key in data:
                self.add(
                    data.line_of(key),
                    f"{key!r} kan inte användas på frågor av typen {qtype}.",
                    f"{key!r} cannot be used on questions of type {qtype}.",
                )

    def privacy(self, data: YMap, qtype: QType) -> PrivacyClass:
        default = (
            PrivacyClass.FREE_TEXT if qtype in (QType.TEXT, QType.LONGTEXT) else PrivacyClass.NONE
        )
        value = data.get("privacy")
        if value is None:
            return default
        try:
            return PrivacyClass(value)
        except ValueError:
            names = ", ".join(p.value for p in PrivacyClass)
            self.add(
                data.line_of("privacy"),
                f"Okänd integritetsklass {_describe(value)}. Tillåtna: {names}.",
                f"Unknown privacy class {_describe(value)}. Allowed: {names}.",
            )
            return default

    def question_choices(self, data: YMap, qtype: QType, code: str) -> ChoiceList | None:
        value = data.get("choices")
        if not qtype.has_choices:
            self.forbid(data, ("choices",), qtype.value)
            return None
        line = data.line_of("choices")
        if value is None:
            self.add(line, f"Frågan {code!r} behöver 'choices'.",
                     f"Question {code!r} needs 'choices'.")  # fmt: skip
            return None
        if isinstance(value, str):
            found = self.choice_lists.get(value)
            if found is None:
                known = ", ".join(self.choice_lists) or "-"
                self.add(
                    line,
                    f"Vallistan {value!r} finns inte under choice_lists (finns: {known}).",
                    f"The choice list {value!r} is not defined under choice_lists (have: {known}).",
                )
            return found
        return self.choices(value, line, code)

    def scale(self, data: YMap, qtype: QType) -> tuple[int | None, int | None, tuple]:
        if qtype is not QType.SCALE:
            self.forbid(data, ("min", "max", "anchors"), qtype.value)
            return None, None, ()
        low, high = self.integer(data, "min"), self.integer(data, "max")
        if low is None or high is None or not 0 < high - low <= MAX_SCALE_SPAN:
            self.add(
                data.line,
                f"En skala behöver heltalen 'min' och 'max' (min < max, högst"
                f" {MAX_SCALE_SPAN} steg).",
                f"A scale needs whole numbers 'min' and 'max' (min < max, at most"
                f" {MAX_SCALE_SPAN} steps).",
            )
            return None, None, ()
        return low, high, self.anchors(data, low, high)

    def anchors(self, data: YMap, low: int, high: int) -> tuple[ScaleAnchor, ...]:
        if "anchors" not in data:
            return ()
        items = self.as_list(data["anchors"], data.line_of("anchors"), ("'anchors'", "'anchors'"))
        anchors: dict[int, ScaleAnchor] = {}
        for index, item in enumerate(items or []):
            entry = self.as_map(item, items.line_of(index), ("Ankaret", "The anchor"))
            if entry is None:
                continue
            self.keys(entry, {"value", "label"}, ("value", "label"), "anchor")
            value, label = self.integer(entry, "value"), self.label(entry, "label")
            if value is not None and not low <= value <= high:
                self.add(entry.line, f"Ankaret {value} ligger utanför skalan {low}–{high}.",
                         f"The anchor {value} is outside the scale {low}–{high}.")  # fmt: skip
            elif value is not None and label is not None:
                anchors[value] = ScaleAnchor(value, label)
        return tuple(sorted(anchors.values(), key=lambda a: a.value))

    def computed(self, data: YMap, qtype: QType) -> Computed | None:
        if qtype is not QType.COMPUTED:
            self.forbid(data, ("compute",), qtype.value)
            return None
        spec = self.as_map(data.get("compute"), data.line_of("compute"),
                           ("'compute'", "'compute'"))  # fmt: skip
        if spec is None:
            return None
        try:
            kind = ComputedKind(spec.get("kind"))
        except ValueError:
            names = ", ".join(k.value for k in ComputedKind)
            shown = _describe(spec.get("kind"))
            self.add(spec.line_of("kind"),
                     f"Okänd beräkning {shown}. Tillåtna: {names}.",
                     f"Unknown computation {shown}. Allowed: {names}.")  # fmt: skip
            return None
        return self.computed_kind(spec, kind)

    def computed_kind(self, spec: YMap, kind: ComputedKind) -> Computed | None:
        readers: dict[ComputedKind, Callable[[YMap], dict[str, Any]]] = {
            ComputedKind.AGE_AT: lambda s: {
                "birth_year": self.code(s, "birth_year"), "date": self.code(s, "date")},
            ComputedKind.AGE_BAND: lambda s: {
                "age": self.code(s, "age"),
                "bands": self.age_bands(s, "bands") or () if "bands" in s else ()},
            ComputedKind.DAYS_BETWEEN: lambda s: {
                "start": self.code(s, "from"), "end": self.code(s, "to")},
            ComputedKind.EXPRESSION: self.computed_expression,
        }  # fmt: skip
        optional = {"bands", "min_answered", "kind", "decimals"}
        required = tuple(sorted(COMPUTE_KEYS[kind] - optional))
        self.keys(spec, COMPUTE_KEYS[kind], required, f"compute ({kind.value})")
        if kind in readers:
            values = readers[kind](spec)
        else:
            items = self.code_list(spec, "items") or ()
            least = self.integer(spec, "min_answered")
            if least is not None and not 1 <= least <= max(1, len(items)):
                self.add(spec.line_of("min_answered"),
                         f"'min_answered' ska vara mellan 1 och {len(items)}.",
                         f"'min_answered' must be between 1 and {len(items)}.")  # fmt: skip
            values = {"items": items, "min_answered": least or len(items)}
        if any(spec.get(key) is None for key in required):
            return None
        return Computed(kind=kind, **values)

    def computed_expression(self, spec: YMap) -> dict[str, Any]:
        """``{kind: expression, expression: "a / b", decimals: 1}``; the type (a number) is
        checked with the whole form in check.py."""
        text, ast = self.expression(spec, "expression")
        decimals = self.integer(spec, "decimals")
        if decimals is not None and not 0 <= decimals <= 6:
            self.add(spec.line_of("decimals"), "'decimals' ska vara ett heltal 0–6.",
                     "'decimals' must be a whole number 0–6.")  # fmt: skip
            decimals = None
        return {"expression": text, "expression_ast": ast, "decimals": decimals}


def build_form(data: Any, problems: ProblemList, source: str) -> Built:
    reader = FormReader(problems, source)
    form = reader.form(data)
    return Built(form, reader.lines)
