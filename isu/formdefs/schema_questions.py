"""Reading one question of a form: its type, allowed missing codes, privacy class, choices,
scale and anchors, and computed values. The part of `isu.formdefs.schema`'s reader below items.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from isu.domain.form import (
    ChoiceList,
    Computed,
    ComputedKind,
    PrivacyClass,
    QType,
    Question,
    ScaleAnchor,
)
from isu.domain.text import Text
from isu.formdefs import schema_generic as generic
from isu.formdefs.schema_reader import CHOICE_CODE_RE, ValueReader, describe
from isu.formdefs.yamltree import YMap

MAX_SCALE_SPAN = 100
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


class QuestionReader(ValueReader):
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
        what, allowed = ("frågetyp", "question type"), ("Tillåtna typer", "Allowed types")
        return self.enum_value(data, "type", QType, what, ", repeat, descriptive", allowed)

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
        what = ("integritetsklass", "privacy class")
        found = self.enum_value(data, "privacy", PrivacyClass, what)
        return default if found is None else found

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
        for entry in self.maps_in(items, ("Ankaret", "The anchor")):
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
            shown = describe(spec.get("kind"))
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
