"""Property tests: no input makes the loader, the checker or the evaluator crash or hang.

Every form text either loads or raises ``FormError``; every expression either parses,
checks and evaluates or raises ``ExpressionError``. Set ``ISU_FUZZ_EXAMPLES`` to run more.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isu.domain import expr, expr_eval, expr_types
from isu.domain.answers import Answer
from isu.domain.form import FormSpec, QType
from isu.errors import FormError
from isu.formdefs import evaluate_case, load_form, load_form_text
from isu.formdefs.check import type_info
from isu.formdefs.problems import Problem
from tests.formdefs.support import FORMS, SIG

EXAMPLES = int(os.environ.get("ISU_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=3),  # a hang would blow far past this
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SIG_TEXT = SIG.read_text(encoding="utf-8")
SIG_FORM = load_form(SIG)
SIG_DATA = yaml.safe_load(SIG_TEXT)
MINI_DATA = yaml.safe_load((FORMS / "mini.yaml").read_text(encoding="utf-8"))
TODAY = dt.date(2025, 6, 1)


def load_or_form_error(text: str) -> FormSpec | None:
    """Load ``text``; the only acceptable failure is a FormError with located problems."""
    try:
        return load_form_text(text, "fuzz")
    except FormError as error:
        assert error.problems, "a FormError must list its problems"
        last_line = text.count("\n") + 2
        for problem in error.problems:
            assert isinstance(problem, Problem)
            assert 1 <= problem.line <= last_line
            assert problem.message_sv and problem.message_en
        return None


# --- random and mutated texts ------------------------------------------------------------

YAMLISH = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnop_:-[]{},'\"&*!#|>?\n   0123456789.åä\t")),
    max_size=300,
)


@FUZZ
@given(st.one_of(st.text(max_size=300), YAMLISH))
def test_random_text_loads_or_raises_form_error(text):
    load_or_form_error(text)


def mutate_lines(lines: list[str], data: st.DataObject) -> list[str]:
    lines = list(lines)
    for _ in range(data.draw(st.integers(1, 3))):
        if not lines:
            break
        index = data.draw(st.integers(0, len(lines) - 1))
        operation = data.draw(
            st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "insert", "cut"])
        )
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "indent":
            lines[index] = "  " + lines[index]
        elif operation == "dedent":
            lines[index] = lines[index][2:]
        elif operation == "insert":
            column = data.draw(st.integers(0, len(lines[index])))
            extra = data.draw(YAMLISH.filter(lambda t: "\n" not in t).map(lambda t: t[:5]))
            lines[index] = lines[index][:column] + extra + lines[index][column:]
        else:
            column = data.draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:column]
    return lines


@FUZZ
@given(st.data())
def test_mutated_sig_text_loads_or_raises_form_error(data):
    lines = mutate_lines(SIG_TEXT.splitlines(), data)
    form = load_or_form_error("\n".join(lines) + "\n")
    if form is not None:
        evaluate_case(form, {}, {}, TODAY)


# --- mutated structures ------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2050),
    st.sampled_from(["", "x", "single", "repeat", "computed", "gender", "before", "start_date"]),
    st.sampled_from(["birth_year > 2000", "selected(gender, 'annat')", ". >= 1", "nope("]),
    st.text(max_size=12),
)


def _nested_values(inner: st.SearchStrategy) -> st.SearchStrategy:
    keys = st.sampled_from(["code", "type", "x"])
    return st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner))


VALUES = st.recursive(SCALARS, _nested_values, max_leaves=6)


def containers(node: Any, path: tuple = ()) -> list[tuple]:
    """Paths of every dict and list in the structure."""
    found = [path] if isinstance(node, dict | list) else []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        found.extend(containers(child, (*path, key)))
    return found


def at(node: Any, path: tuple) -> Any:
    for key in path:
        node = node[key]
    return node


KEYS = [
    "code",
    "type",
    "label",
    "relevant",
    "constraint",
    "choices",
    "pair",
    "role",
    "compute",
    "questions",
    "sections",
    "version",
    "missing",
    "renamed_from",
    "min",
    "max",
    "items",
]


def mutate_structure(original: Any, data: st.DataObject) -> Any:
    tree = copy.deepcopy(original)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = containers(tree)
        target = at(tree, data.draw(st.sampled_from(paths)))
        if not target:
            continue
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        key = data.draw(st.sampled_from(keys))
        operation = data.draw(st.sampled_from(["delete", "replace", "rename", "copy", "add"]))
        if operation == "delete":
            del target[key]
        elif operation == "replace":
            target[key] = data.draw(VALUES)
        elif operation == "rename" and isinstance(target, dict):
            target[data.draw(st.sampled_from(KEYS))] = target.pop(key)
        elif operation == "copy":
            donor = at(tree, data.draw(st.sampled_from(containers(tree))))
            if isinstance(target, list):
                target.insert(key, copy.deepcopy(donor))
            else:
                target[key] = copy.deepcopy(donor)
        elif isinstance(target, dict):
            target[data.draw(st.sampled_from(KEYS))] = data.draw(VALUES)
    return tree


def dump(tree: Any) -> str:
    return yaml.dump(tree, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


@FUZZ
@given(st.data(), st.sampled_from(["sig", "mini"]))
def test_mutated_structure_loads_or_raises_form_error(data, which):
    tree = mutate_structure(SIG_DATA if which == "sig" else MINI_DATA, data)
    form = load_or_form_error(dump(tree))
    if form is not None:
        evaluate_case(form, random_answers(form, data), {}, TODAY)


# --- answers and expressions -------------------------------------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.dates(),
    st.lists(st.text(max_size=4), max_size=3).map(tuple),
)


def good_value(question):
    kind = question.type
    if kind is QType.SINGLE:
        return st.sampled_from(question.choice_codes)
    if kind is QType.MULTIPLE:
        return st.sets(st.sampled_from(question.choice_codes)).map(tuple)
    if kind is QType.YESNO:
        return st.booleans()
    if kind is QType.DATE:
        return st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))
    if kind in (QType.INTEGER, QType.SCALE):
        return st.integers(-3, 2030)
    if kind is QType.DECIMAL:
        return st.floats(-1e6, 1e6)
    return st.text(max_size=8)


def random_answers(form: FormSpec, data: st.DataObject) -> dict[str, Answer]:
    questions = [q for q in form.questions() if q.group is None and q.computed is None]
    if not questions:
        return {}
    chosen = data.draw(
        st.lists(st.sampled_from(questions), max_size=25, unique_by=lambda q: q.code)
    )
    answers = {}
    for question in chosen:
        value = data.draw(st.one_of(good_value(question), JUNK))
        missing = data.draw(st.one_of(st.none(), st.sampled_from(["uppgift_saknas", "bogus"])))
        answers[question.code] = Answer(value, missing)
    return answers


@FUZZ
@given(st.data())
def test_sig_evaluates_any_answers_without_crashing(data):
    answers = random_answers(SIG_FORM, data)
    repeats = {
        "interventions": [
            {"intervention_status": Answer(data.draw(st.one_of(JUNK, st.just("avbruten"))))},
            {"intervention_start": Answer(data.draw(JUNK)), "intervention_end": Answer(TODAY)},
        ],
        "meetings": [{"meeting_date": Answer(data.draw(JUNK))}],
    }
    result = evaluate_case(SIG_FORM, answers, repeats, TODAY)
    assert {i.kind for i in result.issues} <= {"required", "constraint"}
    for issue in result.issues:
        assert SIG_FORM.question(issue.code).type is not QType.COMPUTED


CODES = sorted(q.code for q in SIG_FORM.questions() if q.group is None)
TOKENS = st.sampled_from(
    [
        "(",
        ")",
        ",",
        ".",
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "/",
        "and",
        "or",
        "not",
        "true",
        "false",
        "1",
        "2.5",
        "2024",
        "'2024-01-01'",
        "'annat'",
        "'x'",
        "today()",
        "selected(",
        "count_selected(",
        "date(",
        "year(",
        "days(",
        "answered(",
        "length(",
        "is_digits(",
        *CODES[:40],
    ]
)
EXPRESSION_TEXT = st.one_of(
    st.lists(TOKENS, max_size=25).map(" ".join),
    st.text(max_size=80),
)


def sig_scope(code: str):
    if not SIG_FORM.has_question(code):
        return None
    question = SIG_FORM.question(code)
    return None if question.group else type_info(SIG_FORM, question)


def sig_env(data: st.DataObject, self_value=None) -> expr_eval.Env:
    answers = random_answers(SIG_FORM, data)
    values = {code: answer.value for code, answer in answers.items()}
    return expr_eval.Env(values.get, TODAY, self_value)


@FUZZ
@given(EXPRESSION_TEXT, st.data())
def test_random_expression_text_parses_checks_and_evaluates_or_raises(text, data):
    try:
        tree = expr.parse(text)
    except expr.ExpressionError:
        return
    assert expr.parse(expr.to_source(tree)) == tree
    own = type_info(SIG_FORM, SIG_FORM.question("birth_year"))
    with contextlib.suppress(expr.ExpressionError):
        expr_types.check(tree, sig_scope, own)  # unchecked trees are still evaluated below
    with contextlib.suppress(expr.ExpressionError):  # any other exception fails the test
        expr_eval.evaluate(tree, sig_env(data, data.draw(JUNK)))


def well_typed_values(data: st.DataObject) -> expr_eval.Env:
    answers = {}
    for question in SIG_FORM.questions():
        if question.group is None and question.computed is None and data.draw(st.booleans()):
            answers[question.code] = data.draw(good_value(question))
    return expr_eval.Env(answers.get, TODAY, data.draw(st.integers(1900, 2030)))


@FUZZ
@given(EXPRESSION_TEXT, st.data())
def test_checked_expressions_never_fail_on_well_typed_answers(text, data):
    try:
        tree = expr.parse(text)
        expr_types.check(tree, sig_scope, type_info(SIG_FORM, SIG_FORM.question("birth_year")))
    except expr.ExpressionError:
        return
    result = expr_eval.evaluate(tree, well_typed_values(data))
    assert result is None or isinstance(result, bool | int | float | str | dt.date | tuple)


LEAVES = st.one_of(
    st.builds(expr.Num, st.one_of(st.integers(0, 10**6), st.floats(0, 1e6))),
    st.builds(expr.Str, st.text(max_size=6)),
    st.builds(expr.Bool, st.booleans()),
    st.builds(expr.Ref, st.sampled_from(["a", "b", "c", "d"])),
    st.just(expr.SelfRef()),
)


def _bigger_trees(inner: st.SearchStrategy) -> st.SearchStrategy:
    operators = st.sampled_from(["and", "or", *expr.COMPARISONS, *expr.ARITHMETIC])
    return st.one_of(
        st.builds(expr.Unary, st.sampled_from(["-", "not"]), inner),
        st.builds(expr.Binary, operators, inner, inner),
        st.builds(
            expr.Call,
            st.sampled_from(sorted(expr.FUNCTIONS)),
            st.lists(inner, max_size=2).map(tuple),
        ),
    )


TREES = st.recursive(LEAVES, _bigger_trees, max_leaves=30)


@FUZZ
@given(TREES, st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), JUNK), JUNK)
def test_random_trees_evaluate_or_raise_expression_error(tree, values, own):
    env = expr_eval.Env(values.get, TODAY, own)
    with contextlib.suppress(expr.ExpressionError):
        expr_eval.evaluate(tree, env)
    try:
        source = expr.to_source(tree)
    except expr.ExpressionError:
        return
    try:
        reparsed = expr.parse(source)
    except expr.ExpressionError:
        return  # e.g. a call with the wrong number of arguments, or too long
    assert reparsed == tree
