"""Turn located YAML data into a FormSpec, reporting every structural problem with its line.

This is the hand-written twin of forms/schema.json: it knows every key, its type and its
default. Cross-references (codes, roles, pairs, expression types, cycles) are checked
afterwards in ``check.py``, which needs the whole form.
"""

from __future__ import annotations

from typing import Any

from isu.domain.form import (
    DEFAULT_AGE_BANDS,
    DEFAULT_DAY_BANDS,
    PHASE_TITLES,
    PHASES,
    AgeBand,
    Choice,
    ChoiceList,
    Descriptive,
    FormSpec,
    MissingCode,
    Phase,
    RepeatGroup,
    Section,
)
from isu.domain.text import Text
from isu.formdefs import schema_generic as generic
from isu.formdefs.problems import ProblemList
from isu.formdefs.schema_questions import QuestionReader
from isu.formdefs.schema_reader import CHOICE_CODE_RE, Built, describe
from isu.formdefs.yamltree import YList, YMap

FORM_KEYS = {
    "id", "version", "title", "description", "missing_codes", "age_bands", "choice_lists",
    "rated_need_levels", "phases", "day_bands", "unit_noun",
}  # fmt: skip
PHASE_KEYS = {"title", "sections", "requires"}
SECTION_KEYS = {"code", "title", "relevant", "questions", "top_box"}
GROUP_KEYS = {"code", "type", "label", "help", "role", "relevant", "questions"}
DESCRIPTIVE_KEYS = {"code", "type", "label"}


class FormReader(QuestionReader):
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
                f"'version' ska vara ett heltal från 1 och uppåt, inte {describe(value)}.",
                f"'version' must be a whole number from 1 up, not {describe(value)}.",
            )
            return None
        return value

    def read_missing_codes(self, root: YMap) -> tuple[MissingCode, ...]:
        items = self.as_list(root["missing_codes"], root.line_of("missing_codes"),
                             ("'missing_codes'", "'missing_codes'"))  # fmt: skip
        result: dict[str, MissingCode] = {}
        for data in self.maps_in(items, ("Bortfallskoden", "The missing code")):
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
                f"En åldersgrupp skrivs [från, till] med heltal 0–130, inte {describe(item)}.",
                f"An age band is written [from, to] with whole numbers 0–130,"
                f" not {describe(item)}.",
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
        for data in self.maps_in(items, ("Ett val", "A choice")):
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
        self.unknown_keys(
            data,
            PHASES,
            lambda name: f"Okänd fas {name!r}. Faserna är: {', '.join(PHASES)}.",
            lambda name: f"Unknown phase {name!r}. The phases are: {', '.join(PHASES)}.",
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


def build_form(data: Any, problems: ProblemList, source: str) -> Built:
    reader = FormReader(problems, source)
    form = reader.form(data)
    return Built(form, reader.lines)
