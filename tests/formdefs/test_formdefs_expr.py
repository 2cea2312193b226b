"""The expression language: parsing, type checking, evaluation, limits."""

from __future__ import annotations

import datetime as dt

import pytest

from isu.domain import expr, expr_eval, expr_types
from isu.domain.expr import ExpressionError
from isu.domain.expr_types import ExprType, TypeInfo
from isu.errors import UserError

TODAY = dt.date(2025, 6, 1)
SCOPE = {
    "n": TypeInfo(ExprType.NUMBER, code="n"),
    "m": TypeInfo(ExprType.NUMBER, code="m"),
    "d": TypeInfo(ExprType.DATE, code="d"),
    "ok": TypeInfo(ExprType.BOOL, code="ok"),
    "colour": TypeInfo(ExprType.CHOICE, frozenset({"red", "blue"}), code="colour"),
    "tags": TypeInfo(ExprType.MULTI, frozenset({"a", "b", "c"}), code="tags"),
    "note": TypeInfo(ExprType.TEXT, code="note"),
}


def run(text: str, **values):
    env = expr_eval.Env(lambda code: values.get(code), TODAY, values.get("self"))
    return expr_eval.evaluate(expr.parse(text), env)


def check(text: str, own: TypeInfo | None = None) -> None:
    expr_types.check_condition(expr.parse(text), SCOPE.get, own)


def test_expression_error_is_a_user_error():
    assert issubclass(ExpressionError, UserError)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("-2 - -3", 1),
        ("7 / 2", 3.5),
        ("1 / 0", None),
        ("not 1 = 2 and 2 = 2", True),
        ("1 = 2 or 2 = 2 and 3 = 4", False),
        ("'it''s' = 'it''s'", True),
        ("date('2024-02-29') = '2024-02-29'", True),
        ("year(date('2024-12-31')) + 1", 2025),
        ("days('2024-01-01', '2024-03-01')", 60),
        ("today() > '2025-05-31'", True),
        ("length('fyra') = 4 and is_digits('0180') and not is_digits('01a0')", True),
    ],
)
def test_evaluation(text, value):
    assert run(text) == value


def test_references_and_functions_on_answers():
    values = {"colour": "red", "tags": ("a", "c"), "n": 3, "d": dt.date(2024, 1, 10)}
    assert run("selected(colour, 'red') and not selected(colour, 'blue')", **values)
    assert run("selected(tags, 'c') and count_selected(tags) = 2", **values)
    assert run("colour = 'red' and n * 2 = 6 and d < '2024-02-01'", **values)
    assert run("answered(n) and not answered(m)", **values)
    assert run(". >= 5", self=5) is True


def test_null_rule():
    assert run("n = 1") is False
    assert run("n != 1") is False
    assert run("not (n = 1)") is True
    assert run("n + 1") is None
    assert run("year(d)") is None
    assert run("count_selected(tags)") is None
    assert run("selected(tags, 'a')") is False
    assert (
        expr_eval.evaluate_condition(expr.parse("ok"), expr_eval.Env(lambda c: None, TODAY))
        is False
    )
    assert run("not ok") is True
    assert run("tags = tags", tags=()) is False  # an empty multiple choice is unanswered


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("1 +", "Expected"),
        ("1 < 2 < 3", "chained"),
        ("(1", "')'"),
        ("a == 1", "Expected"),
        ("'open", "closing"),
        ("a # b", "Unexpected character"),
        ("1.2.3", "Invalid number"),
        ("exec('x')", "Unknown function"),
        ("n.__class__", "Expected the end"),
        ("selected(colour)", "2 argument"),
        ("and", "Expected a value"),
        ("x" * 1001, "too long"),
        ("(" * 60 + "1" + ")" * 60, "nested too deeply"),
        ("not " * 60 + "true", "nested too deeply"),
        (" + ".join(["1"] * 60), "nested too deeply"),
    ],
)
def test_parse_errors(text, fragment):
    with pytest.raises(ExpressionError) as caught:
        expr.parse(text)
    assert fragment.lower() in caught.value.en.lower()
    assert caught.value.sv != caught.value.en


def test_parse_error_position_points_at_the_problem():
    with pytest.raises(ExpressionError) as caught:
        expr.parse("n = 1 and and")
    assert caught.value.position == 10


@pytest.mark.parametrize(
    "text",
    [
        "n > 1 and d < today()",
        "d >= '2024-01-01'",
        "colour = 'red' or colour != 'blue'",
        "selected(tags, 'b') or count_selected(tags) >= 2",
        "ok = true and not ok",
        "note = 'x'",
        "days(d, today()) > 30",
        "answered(tags)",
        "length(note) <= 30",
    ],
)
def test_well_typed_conditions(text):
    check(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("d > 2024", "Cannot compare date with number"),
        ("unknown = 1", "Unknown question code 'unknown'"),
        ("colour = 'green'", "'green' is not a choice of colour"),
        ("selected(note, 'x')", "needs a choice question"),
        ("selected(tags, 'z')", "'z' is not a choice of tags"),
        ("selected(1, 'a')", "needs a question code"),
        ("tags = 'a'", "use selected()"),
        ("n + 1", "must give true or false"),
        ("ok and n", "needs true/false"),
        ("d = '2024-13-01'", "not a date"),
        ("date('soon') < today()", "not a date"),
        ("colour < 'red'", "only on numbers and dates"),
        ("-d = 1", "needs number"),
        (". = 1", "only allowed in a constraint"),
        ("year(n) = 1", "needs date"),
    ],
)
def test_type_errors_are_found_when_checking(text, fragment):
    with pytest.raises(ExpressionError) as caught:
        check(text)
    assert fragment.lower() in caught.value.en.lower()


def test_self_reference_has_the_questions_type_in_a_constraint():
    check(". >= d", own=SCOPE["d"])
    with pytest.raises(ExpressionError):
        check(". >= 5", own=SCOPE["d"])


@pytest.mark.parametrize(
    "text",
    ["((n + 1) * 2) / 3", "not (ok or false)", "selected(tags, 'a')", "'a''b' = note", "-(-1)"],
)
def test_to_source_round_trips(text):
    tree = expr.parse(text)
    assert expr.parse(expr.to_source(tree)) == tree


def test_runtime_type_errors_raise_expression_error():
    with pytest.raises(ExpressionError):
        run("n + 1", n="text")
    with pytest.raises(ExpressionError):
        run("n < 1", n=True)
    with pytest.raises(ExpressionError):
        run("year(n)", n=5)


def test_evaluation_depth_is_bounded_for_hand_built_trees():
    tree: expr.Expr = expr.Num(1)
    for _ in range(200):
        tree = expr.Unary("-", tree)
    with pytest.raises(ExpressionError):
        expr_eval.evaluate(tree, expr_eval.Env(lambda c: None, TODAY))
    with pytest.raises(ExpressionError):
        expr_types.check(tree, SCOPE.get)


def test_references_lists_every_code():
    assert expr.references(expr.parse("selected(a, 'x') and b > c + 1")) == {"a", "b", "c"}
