"""Apply a form's logic to one case: relevance (skip logic), computed values and issues.

Issues are warnings, never blocks: ``required`` when a relevant question has neither a
value nor a missing reason, ``constraint`` when a value breaks the question's constraint,
does not fit the question (e.g. a choice code not in its list) or carries a missing
reason the question does not allow. Questions that are not relevant give no issues, and
their answers count as null for other questions' logic.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from isu.domain import expr, expr_eval
from isu.domain.answers import EMPTY, Answer, Value
from isu.domain.form import ComputedKind, FormSpec, QType, Question
from isu.domain.text import Text
from isu.formdefs.graph import dependency_graph, evaluation_order

REQUIRED_MESSAGE = Text(
    "Frågan ska besvaras (eller ange varför svaret saknas).",
    "This question should be answered (or say why the answer is missing).",
)


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    kind: str  # "required" | "constraint"
    message: Text
    repeat: str | None = None
    index: int | None = None


@dataclass(frozen=True)
class Evaluation:
    """Results keyed by question code; inside repeat groups by ``"code[index]"``."""

    relevant: dict[str, bool] = field(default_factory=dict)
    computed: dict[str, Value] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def is_relevant(self, code: str, index: int | None = None) -> bool:
        return self.relevant.get(instance_key(code, index), False)

    def value(self, code: str, index: int | None = None) -> Value:
        return self.computed.get(instance_key(code, index))


def instance_key(code: str, index: int | None) -> str:
    return code if index is None else f"{code}[{index}]"


def valid_value(question: Question, value: Value) -> bool:
    """Whether ``value`` has the right Python type and range for ``question``."""
    qtype = question.type
    if qtype is QType.SINGLE:
        return isinstance(value, str) and value in question.choice_codes
    if qtype is QType.MULTIPLE:
        return (
            isinstance(value, tuple)
            and all(isinstance(v, str) and v in question.choice_codes for v in value)
            and len(set(value)) == len(value)
        )
    if qtype is QType.YESNO:
        return isinstance(value, bool)
    if qtype in (QType.INTEGER, QType.SCALE):
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        low, high = question.scale_min, question.scale_max
        return qtype is QType.INTEGER or (
            low is not None and high is not None and low <= value <= high
        )
    if qtype is QType.DECIMAL:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return isinstance(value, int) or math.isfinite(value)
    if qtype is QType.DATE:
        return type(value) is dt.date
    return isinstance(value, str)


class _CaseEvaluator:
    def __init__(self, form: FormSpec, today: dt.date):
        self.form = form
        self.today = today
        if "dependency_graph" not in form.derived:
            form.derived["dependency_graph"] = dependency_graph(form)
        self.graph = form.derived["dependency_graph"]
        self.result = Evaluation()

    def run(
        self, answers: Mapping[str, Answer], repeats: Mapping[str, Sequence[Mapping[str, Answer]]]
    ) -> Evaluation:
        case_questions = [q for q in self.form.questions() if q.group is None]
        values = self.evaluate_scope(case_questions, answers, {}, None)
        self.issues_for(case_questions, answers, values, None)
        for group in self.form.repeat_groups():
            relevant = self.condition(group.relevant_ast, values)
            self.result.relevant[group.code] = relevant
            for index, item in enumerate(repeats.get(group.code, ())):
                item_values = self.evaluate_scope(
                    list(group.questions), item, values, index, group_relevant=relevant
                )
                self.issues_for(list(group.questions), item, item_values, index)
        return self.result

    def condition(self, ast: expr.Expr | None, values: Mapping[str, Value]) -> bool:
        if ast is None:
            return True
        env = expr_eval.Env(lambda code: values.get(code), self.today)
        return expr_eval.evaluate_condition(ast, env)

    def evaluate_scope(
        self,
        questions: list[Question],
        answers: Mapping[str, Answer],
        outer: Mapping[str, Value],
        index: int | None,
        group_relevant: bool = True,
    ) -> dict[str, Value]:
        values: dict[str, Value] = dict(outer)
        by_code = {q.code: q for q in questions}
        for code in self.order(by_code):
            question = by_code[code]
            relevant = group_relevant and self.relevant(question, values)
            value = self.value_of(question, answers, values) if relevant else None
            values[code] = value
            key = instance_key(code, index)
            self.result.relevant[key] = relevant
            if question.computed is not None:
                self.result.computed[key] = value
        return values

    def order(self, by_code: dict[str, Question]) -> list[str]:
        """Evaluation order for one scope, computed once per form and scope."""
        key = ("evaluation_order", tuple(by_code))
        if key not in self.form.derived:
            self.form.derived[key] = evaluation_order(self.graph, list(by_code))
        return self.form.derived[key]

    def relevant(self, question: Question, values: Mapping[str, Value]) -> bool:
        section = self.form.section_of(question)
        if section is not None and not self.condition(section.relevant_ast, values):
            return False
        return self.condition(question.relevant_ast, values)

    def value_of(
        self, question: Question, answers: Mapping[str, Answer], values: Mapping[str, Value]
    ) -> Value:
        if question.computed is not None:
            return compute(question, values, self.form, self.today)
        answer = answers.get(question.code, EMPTY)
        if not answer.has_value or not valid_value(question, answer.value):
            return None  # invalid values are reported as issues and read as null
        return answer.value

    def issues_for(
        self,
        questions: list[Question],
        answers: Mapping[str, Answer],
        values: Mapping[str, Value],
        index: int | None,
    ) -> None:
        for question in questions:
            if question.computed is not None:
                continue
            if not self.result.relevant.get(instance_key(question.code, index)):
                continue
            answer = answers.get(question.code, EMPTY)
            kind, message = self.check_answer(question, answer, values)
            if kind:
                issue = Issue(question.code, kind, message, question.group, index)
                self.result.issues.append(issue)

    def check_answer(
        self, question: Question, answer: Answer, values: Mapping[str, Value]
    ) -> tuple[str, Text]:
        if answer.has_value:
            if not valid_value(question, answer.value):
                return "constraint", _invalid_value_message(question)
            if not self.constraint_holds(question, answer.value, values):
                return "constraint", question.constraint_message or _constraint_message(question)
            return "", REQUIRED_MESSAGE
        if answer.missing is not None and answer.missing not in question.missing:
            return "constraint", Text(
                f"Orsaken {answer.missing!r} till bortfall är inte tillåten för frågan.",
                f"The missing reason {answer.missing!r} is not allowed for this question.",
            )
        if answer.missing is None and question.required:
            return "required", REQUIRED_MESSAGE
        return "", REQUIRED_MESSAGE

    def constraint_holds(
        self, question: Question, value: Value, values: Mapping[str, Value]
    ) -> bool:
        ast = question.constraint_ast
        if ast is None:
            return True
        # Nothing to compare with yet: a constraint only judges complete information.
        if any(values.get(code) is None for code in expr.references(ast)):
            return True
        env = expr_eval.Env(lambda code: values.get(code), self.today, value)
        return expr_eval.evaluate_condition(ast, env)


def _invalid_value_message(question: Question) -> Text:
    if question.type is QType.SCALE:
        low, high = question.scale_min, question.scale_max
        return Text(f"Svaret ska vara ett heltal {low}–{high}.",
                     f"The answer must be a whole number {low}–{high}.")  # fmt: skip
    if question.type.has_choices:
        return Text("Svaret är inget av frågans svarsalternativ.",
                     "The answer is not one of the question's choices.")  # fmt: skip
    return Text(f"Svaret passar inte frågetypen ({question.type.value}).",
                 f"The answer does not fit the question type ({question.type.value}).")  # fmt: skip


def _constraint_message(question: Question) -> Text:
    return Text(
        f"Svaret uppfyller inte villkoret {question.constraint}.",
        f"The answer does not meet the condition {question.constraint}.",
    )


def compute(
    question: Question,
    values: Mapping[str, Value],
    form: FormSpec,
    today: dt.date | None = None,
) -> Value:
    """The value of a computed question from the values it depends on (null if any lacks)."""
    spec = question.computed
    if spec is None:
        return None
    if spec.kind is ComputedKind.AGE_AT:
        birth_year, date = values.get(spec.birth_year or ""), values.get(spec.date or "")
        if isinstance(birth_year, int) and type(date) is dt.date:
            return date.year - birth_year
        return None
    if spec.kind is ComputedKind.AGE_BAND:
        age = values.get(spec.age or "")
        if not _is_number(age):
            return None
        whole = math.floor(age)  # type: ignore[arg-type]
        band = next((b for b in spec.bands or form.age_bands if b.contains(whole)), None)
        return band.code if band else None
    if spec.kind is ComputedKind.DAYS_BETWEEN:
        start, end = values.get(spec.start or ""), values.get(spec.end or "")
        if type(start) is dt.date and type(end) is dt.date:
            return (end - start).days
        return None
    if spec.kind is ComputedKind.EXPRESSION:
        return _expression_value(spec, values, today or dt.date.today())
    numbers = [values.get(code) for code in spec.items]
    answered = [n for n in numbers if _is_number(n)]
    if not answered or len(answered) < spec.min_answered:
        return None
    total = sum(answered)  # type: ignore[arg-type]
    return total if spec.kind is ComputedKind.SUM else total / len(answered)


def _expression_value(spec, values: Mapping[str, Value], today: dt.date) -> Value:
    """Arithmetic over other answers; null when an input is null or the result is no finite
    number (e.g. a division by zero)."""
    if spec.expression_ast is None:
        return None
    env = expr_eval.Env(lambda code: values.get(code), today)
    try:
        value = expr_eval.evaluate(spec.expression_ast, env)
    except expr.ExpressionError:
        return None
    if not _is_number(value) or not math.isfinite(value):  # type: ignore[arg-type]
        return None
    return round(value, spec.decimals) if spec.decimals is not None else value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def evaluate_case(
    form: FormSpec,
    answers: Mapping[str, Answer],
    repeats: Mapping[str, Sequence[Mapping[str, Answer]]] | None = None,
    today: dt.date | None = None,
) -> Evaluation:
    """Relevance, computed values and issues for one case's answers."""
    return _CaseEvaluator(form, today or dt.date.today()).run(answers, repeats or {})
