"""Whole-form checks: unique codes, roles, pairs, renames, need areas, expression types and
cycles.

Everything that could go wrong when a form is *used* is found here, when it is loaded:
unknown references, type mismatches and cyclic logic are reported with their YAML line.
"""

from __future__ import annotations

from collections.abc import Iterator

from isu.domain import expr, expr_types
from isu.domain.expr_types import ExprType, TypeInfo
from isu.domain.form import (
    CASE_ROLES,
    GROUP_ROLES,
    INTERVENTION_ROLES,
    ComputedKind,
    Descriptive,
    FormSpec,
    QType,
    Question,
    RepeatGroup,
    Section,
)
from isu.formdefs.graph import cycles, dependency_graph
from isu.formdefs.problems import ProblemList
from isu.formdefs.schema_reader import Built

_NUMBER_TYPES = (QType.INTEGER, QType.DECIMAL, QType.SCALE)


def type_info(form: FormSpec, question: Question) -> TypeInfo:
    """How a question looks from inside an expression."""
    kinds = {
        QType.SINGLE: ExprType.CHOICE,
        QType.MULTIPLE: ExprType.MULTI,
        QType.YESNO: ExprType.BOOL,
        QType.DATE: ExprType.DATE,
        QType.TEXT: ExprType.TEXT,
        QType.LONGTEXT: ExprType.TEXT,
    }
    if question.type.has_choices:
        return TypeInfo(kinds[question.type], frozenset(question.choice_codes), code=question.code)
    computed = question.computed
    if computed is not None and computed.kind is ComputedKind.AGE_BAND:
        bands = computed.bands or form.age_bands
        return TypeInfo(ExprType.CHOICE, frozenset(b.code for b in bands), code=question.code)
    return TypeInfo(kinds.get(question.type, ExprType.NUMBER), code=question.code)


def _same_answers(first: Question, second: Question) -> bool:
    return first.choice_codes == second.choice_codes and (first.scale_min, first.scale_max) == (
        second.scale_min,
        second.scale_max,
    )


def _all_questions(form: FormSpec) -> Iterator[tuple[Section, RepeatGroup | None, Question]]:
    """Every question including duplicates (FormSpec's index keeps only one per code)."""
    for phase in form.phases:
        for section in phase.sections:
            for item in section.items:
                if isinstance(item, RepeatGroup):
                    for question in item.questions:
                        yield section, item, question
                elif isinstance(item, Question):
                    yield section, None, item


class FormChecker:
    def __init__(self, built: Built, problems: ProblemList):
        assert built.form is not None
        self.form: FormSpec = built.form
        self.built = built
        self.problems = problems

    def add(self, line: int, sv: str, en: str) -> None:
        self.problems.add(line, sv, en)

    def run(self) -> None:
        self.unique_codes()
        self.roles()
        self.pairs()
        self.renames()
        self.need_areas()
        self.computed_inputs()
        self.expressions()
        self.cycles()

    # --- codes --------------------------------------------------------------------------

    def unique_codes(self) -> None:
        seen: dict[str, int] = {}
        for item, line in self.coded_items():
            if item.code in expr.KEYWORDS:
                self.add(line, f"{item.code!r} är ett reserverat ord och kan inte vara en kod.",
                         f"{item.code!r} is a reserved word and cannot be a code.")  # fmt: skip
            if item.code in seen:
                self.add(
                    line,
                    f"Koden {item.code!r} används redan på rad {seen[item.code]}; koder måste"
                    " vara unika i hela formuläret.",
                    f"The code {item.code!r} is already used on line {seen[item.code]}; codes"
                    " must be unique across the whole form.",
                )
            else:
                seen[item.code] = line
        sections: dict[str, int] = {}
        for phase in self.form.phases:
            for section in phase.sections:
                line = self.built.line(section, "code")
                if section.code in sections:
                    self.add(line, f"Avsnittskoden {section.code!r} används redan på rad"
                             f" {sections[section.code]}.",
                             f"The section code {section.code!r} is already used on line"
                             f" {sections[section.code]}.")  # fmt: skip
                sections.setdefault(section.code, line)

    def coded_items(self) -> Iterator[tuple[Question | RepeatGroup | Descriptive, int]]:
        for phase in self.form.phases:
            for section in phase.sections:
                for item in section.items:
                    yield item, self.built.line(item, "code")
                    if isinstance(item, RepeatGroup):
                        for question in item.questions:
                            yield question, self.built.line(question, "code")

    # --- roles --------------------------------------------------------------------------

    def roles(self) -> None:
        taken: dict[str, int] = {}
        for _section, group, question in _all_questions(self.form):
            if question.role is not None:
                self.question_role(question, group, taken)
        for group in self.form.repeat_groups():
            if group.role is not None:
                self.group_role(group, taken)

    def claim(self, role: str, line: int, taken: dict[str, int]) -> None:
        if role in taken:
            self.add(line, f"Rollen {role!r} finns redan på rad {taken[role]}; en roll får bara"
                     " användas en gång.",
                     f"The role {role!r} is already used on line {taken[role]}; a role may be"
                     " used only once.")  # fmt: skip
        taken.setdefault(role, line)

    def question_role(
        self, question: Question, group: RepeatGroup | None, taken: dict[str, int]
    ) -> None:
        role = question.role or ""
        line = self.built.line(question, "role")
        in_interventions = group is not None and group.role == "interventions"
        if role in CASE_ROLES and group is None:
            allowed = CASE_ROLES[role]
        elif role in INTERVENTION_ROLES and in_interventions:
            allowed = INTERVENTION_ROLES[role]
        else:
            self.unknown_question_role(role, line, group)
            return
        self.claim(role, line, taken)
        if question.type_key not in allowed:
            self.add(line, f"Rollen {role!r} kräver typen {' eller '.join(allowed)}, men frågan"
                     f" är {question.type_key}.",
                     f"The role {role!r} needs type {' or '.join(allowed)}, but the question is"
                     f" {question.type_key}.")  # fmt: skip

    def unknown_question_role(self, role: str, line: int, group: RepeatGroup | None) -> None:
        if role in CASE_ROLES:
            self.add(line, f"Rollen {role!r} kan inte ligga i en upprepad grupp.",
                     f"The role {role!r} cannot be inside a repeat group.")  # fmt: skip
        elif role in INTERVENTION_ROLES:
            self.add(line, f"Rollen {role!r} får bara finnas i gruppen med role: interventions.",
                     f"The role {role!r} is only allowed in the group with role:"
                     " interventions.")  # fmt: skip
        else:
            names = ", ".join([*CASE_ROLES, *INTERVENTION_ROLES])
            self.add(line, f"Okänd roll {role!r}. Tillåtna: {names}.",
                     f"Unknown role {role!r}. Allowed: {names}.")  # fmt: skip

    def group_role(self, group: RepeatGroup, taken: dict[str, int]) -> None:
        line = self.built.line(group, "role")
        if group.role not in GROUP_ROLES:
            self.add(line, f"Okänd roll {group.role!r} för en upprepad grupp. Tillåtna:"
                     f" {', '.join(GROUP_ROLES)}.",
                     f"Unknown role {group.role!r} for a repeat group. Allowed:"
                     f" {', '.join(GROUP_ROLES)}.")  # fmt: skip
            return
        self.claim(group.role, line, taken)

    # --- pairs and renames --------------------------------------------------------------

    def pairs(self) -> None:
        for _, group, question in _all_questions(self.form):
            if question.pair is not None:
                self.pair(question, group)

    def pair(self, question: Question, group: RepeatGroup | None) -> None:
        line = self.built.line(question, "pair")
        code = question.pair
        if question.phase != "after" or group is not None:
            self.add(line, "'pair' får bara användas på frågor i fasen after (utanför upprepade"
                     " grupper).",
                     "'pair' may only be used on questions in the after phase (outside repeat"
                     " groups).")  # fmt: skip
            return
        before = self.form.question(code) if self.form.has_question(code or "") else None
        if before is None or before.phase != "before" or before.group is not None:
            self.add(line, f"'pair: {code}' måste peka på en fråga i fasen before.",
                     f"'pair: {code}' must point to a question in the before phase.")  # fmt: skip
            return
        if before.type_key != question.type_key:
            self.add(line, f"Paret {code} → {question.code} har olika typer ({before.type_key}"
                     f" / {question.type_key}).",
                     f"The pair {code} → {question.code} has different types"
                     f" ({before.type_key} / {question.type_key}).")  # fmt: skip
        elif not _same_answers(before, question):
            self.add(line, f"Paret {code} → {question.code} har olika svarsalternativ.",
                     f"The pair {code} → {question.code} has different choices.")  # fmt: skip

    def renames(self) -> None:
        claimed: dict[str, str] = {}
        for _, _, question in _all_questions(self.form):
            line = self.built.line(question, "renamed_from")
            for old in question.renamed_from:
                if self.form.has_question(old):
                    self.add(line, f"{old!r} i renamed_from är fortfarande en kod i formuläret.",
                             f"{old!r} in renamed_from is still a code in the form.")  # fmt: skip
                elif old in claimed and claimed[old] != question.code:
                    self.add(line, f"{old!r} finns redan i renamed_from för {claimed[old]}.",
                             f"{old!r} is already in renamed_from of {claimed[old]}.")  # fmt: skip
                claimed.setdefault(old, question.code)

    # --- need areas ---------------------------------------------------------------------

    def need_areas(self) -> None:
        """The links the group summary uses to ask whether interventions meet rated needs."""
        claimed = [
            (question, group)
            for _, group, question in _all_questions(self.form)
            if self.built.has(question, "need_area")  # also when its value was refused
        ]
        rated = [q for q, group in claimed if q.need_area and self.need_question_fits(q, group)]
        if rated:
            self.areas_in_focus_list(rated)
            self.areas_rated_once(rated)
            self.rated_levels(rated)
        elif not claimed and self.form.rated_need_levels:
            self.add(self.built.line(self.form, "rated_need_levels"),
                     "'rated_need_levels' används inte: ingen fråga har 'need_area'.",
                     "'rated_need_levels' is unused: no question has 'need_area'.")  # fmt: skip

    def need_question_fits(self, question: Question, group: RepeatGroup | None) -> bool:
        line = self.built.line(question, "need_area")
        if group is not None:
            self.add(line, "'need_area' kan inte användas i en upprepad grupp: ett behov bedöms"
                     " en gång per ärende.",
                     "'need_area' cannot be used inside a repeat group: a need is rated once"
                     " per case.")  # fmt: skip
            return False
        if question.type is not QType.SINGLE:
            self.add(line, f"'need_area' kräver typen single, men frågan är"
                     f" {question.type_key}.",
                     f"'need_area' needs type single, but the question is"
                     f" {question.type_key}.")  # fmt: skip
            return False
        return True

    def areas_in_focus_list(self, rated: list[Question]) -> None:
        focus = self.form.by_role("intervention_focus")
        if focus is None:
            self.add(self.built.line(rated[0], "need_area"),
                     "'need_area' kräver en fråga med rollen intervention_focus (i gruppen med"
                     " role: interventions) vars vallista innehåller behovsområdena.",
                     "'need_area' needs a question with role intervention_focus (in the group"
                     " with role: interventions) whose choice list holds the need"
                     " areas.")  # fmt: skip
            return
        for question in rated:
            if question.need_area not in focus.choice_codes:
                self.add(self.built.line(question, "need_area"),
                         f"Behovsområdet {question.need_area!r} finns inte bland valen för"
                         f" {focus.code} (rollen intervention_focus).",
                         f"The need area {question.need_area!r} is not a choice of"
                         f" {focus.code} (role intervention_focus).")  # fmt: skip

    def areas_rated_once(self, rated: list[Question]) -> None:
        first: dict[str, Question] = {}
        for question in rated:
            area = question.need_area or ""
            if area in first:
                earlier = first[area]
                self.add(self.built.line(question, "need_area"),
                         f"Behovsområdet {area!r} bedöms redan av {earlier.code} (rad"
                         f" {self.built.line(earlier, 'need_area')}); varje område får bara"
                         " bedömas av en fråga.",
                         f"The need area {area!r} is already rated by {earlier.code} (line"
                         f" {self.built.line(earlier, 'need_area')}); each area may be rated by"
                         " one question only.")  # fmt: skip
            first.setdefault(area, question)

    def rated_levels(self, rated: list[Question]) -> None:
        levels = self.form.rated_need_levels
        if not self.built.has(self.form, "rated_need_levels"):
            self.add(self.built.line(rated[0], "need_area"),
                     "Frågor med 'need_area' kräver 'rated_need_levels' överst i formuläret:"
                     " de nivåer som räknas som bedömt behov, t.ex. [mattligt, stort].",
                     "Questions with 'need_area' need 'rated_need_levels' at the top of the"
                     " form: the levels that count as a rated need, e.g. [mattligt,"
                     " stort].")  # fmt: skip
            return
        for level in levels:
            lacking = [q for q in rated if level not in q.choice_codes]
            if len(lacking) == len(rated):
                self.add(self.built.line(self.form, "rated_need_levels"),
                         f"Nivån {level!r} i 'rated_need_levels' är inget val i någon fråga med"
                         " 'need_area'.",
                         f"The level {level!r} in 'rated_need_levels' is not a choice of any"
                         " question with 'need_area'.")  # fmt: skip
                continue
            for question in lacking:
                self.add(self.built.line(question, "need_area"),
                         f"Frågan {question.code} saknar valet {level!r} som"
                         " 'rated_need_levels' räknar som bedömt behov.",
                         f"The question {question.code} lacks the choice {level!r} that"
                         " 'rated_need_levels' counts as a rated need.")  # fmt: skip

    # --- computed and expressions -------------------------------------------------------

    def scope_for(self, group: str | None):
        def lookup(code: str) -> TypeInfo | None:
            if not self.form.has_question(code):
                return None
            target = self.form.question(code)
            if target.group is not None and target.group != group:
                return None
            return type_info(self.form, target)

        return lookup

    def out_of_scope(self, refs: set[str], group: str | None, line: int) -> bool:
        bad = False
        for code in sorted(refs):
            if self.form.has_question(code):
                target = self.form.question(code)
                if target.group is not None and target.group != group:
                    self.add(line, f"{code!r} ligger i den upprepade gruppen {target.group} och"
                             " kan inte användas här.",
                             f"{code!r} is inside the repeat group {target.group} and cannot be"
                             " used here.")  # fmt: skip
                    bad = True
        return bad

    def computed_inputs(self) -> None:
        wanted = {
            "birth_year": (QType.INTEGER,),
            "date": (QType.DATE,),
            "start": (QType.DATE,),
            "end": (QType.DATE,),
        }
        for _, _, question in _all_questions(self.form):
            spec = question.computed
            if spec is None:
                continue
            line = self.built.line(question, "compute")
            scope = self.scope_for(question.group)
            for name in ("birth_year", "date", "start", "end"):
                code = getattr(spec, name)
                if code is not None:
                    self.input_type(code, wanted[name], line, scope)
            if spec.age is not None:
                self.number_input(spec.age, line, scope)
            for code in spec.items:
                self.number_input(code, line, scope)
            if spec.expression_ast is not None:
                self.number_expression(spec.expression, spec.expression_ast, line, question)

    def input_type(self, code: str, types: tuple[QType, ...], line: int, scope) -> None:
        if scope(code) is None:
            self.unknown_input(code, line)
        elif self.form.question(code).type not in types:
            self.add(line, f"{code!r} måste vara av typen {types[0].value}.",
                     f"{code!r} must be of type {types[0].value}.")  # fmt: skip

    def number_input(self, code: str, line: int, scope) -> None:
        info = scope(code)
        if info is None:
            self.unknown_input(code, line)
        elif info.kind is not ExprType.NUMBER:
            self.add(line, f"{code!r} måste ge ett tal.", f"{code!r} must give a number.")

    def number_expression(self, text, ast, line: int, question: Question) -> None:
        """A ``kind: expression`` computation must refer to known questions and give a number."""
        if self.out_of_scope(expr.references(ast), question.group, line):
            return
        try:
            info = expr_types.check(ast, self.scope_for(question.group))
        except expr.ExpressionError as error:
            self.add(line, f"Fel i beräkningen {text!r}: {error.sv}",
                     f"Error in the computation {text!r}: {error.en}")  # fmt: skip
            return
        if info.kind is not ExprType.NUMBER:
            self.add(line, f"Beräkningen {text!r} måste ge ett tal.",
                     f"The computation {text!r} must give a number.")  # fmt: skip

    def unknown_input(self, code: str, line: int) -> None:
        self.add(line, f"Beräkningen använder den okända frågan {code!r}.",
                 f"The computation uses the unknown question {code!r}.")  # fmt: skip

    def expressions(self) -> None:
        for phase in self.form.phases:
            for section in phase.sections:
                self.condition(section, section.relevant_ast, None, None)
                for item in section.items:
                    if isinstance(item, RepeatGroup):
                        self.condition(item, item.relevant_ast, None, None)
                        for question in item.questions:
                            self.question_expressions(question)
                    elif isinstance(item, Question):
                        self.question_expressions(item)

    def question_expressions(self, question: Question) -> None:
        self.condition(question, question.relevant_ast, question.group, None)
        if question.constraint_ast is not None:
            own = type_info(self.form, question)
            self.condition(question, question.constraint_ast, question.group, own, "constraint")

    def condition(
        self, owner, ast, group: str | None, own: TypeInfo | None, key: str = "relevant"
    ) -> None:
        if ast is None:
            return
        line = self.built.line(owner, key)
        if self.out_of_scope(expr.references(ast), group, line):
            return
        try:
            expr_types.check_condition(ast, self.scope_for(group), own)
        except expr.ExpressionError as error:
            text = getattr(owner, key, "")
            self.add(line, f"Fel i {key!r}-uttrycket {text!r}: {error.sv}",
                     f"Error in the {key!r} expression {text!r}: {error.en}")  # fmt: skip

    def cycles(self) -> None:
        graph = dependency_graph(self.form)
        order = {q.code: i for i, q in enumerate(self.form.questions())}
        for component in cycles(graph):
            members = sorted(component, key=order.__getitem__)
            first = self.form.question(members[0])
            key = "relevant" if first.relevant_ast is not None else "compute"
            names = ", ".join(members)
            self.add(self.built.line(first, key),
                     f"Logiken är cirkulär mellan {names}: en fråga kan inte (indirekt) bero på"
                     " sig själv.",
                     f"The logic is cyclic between {names}: a question cannot (indirectly)"
                     " depend on itself.")  # fmt: skip


def check_built(built: Built, problems: ProblemList) -> None:
    if built.form is not None:
        FormChecker(built, problems).run()
