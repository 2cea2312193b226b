"""Evaluation of parsed form expressions (`isu.domain.expr`) against a case's answers.

Null rule: an unanswered question (or one answered only with a missing reason, or not
relevant) evaluates to null. Arithmetic and functions on null give null; every comparison
involving null is false (``!=`` too); in ``and``/``or``/``not`` null counts as false.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from isu.domain import expr
from isu.domain.answers import Value

# --- Evaluator ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Env:
    """What an expression can see: answers by code, today's date and its own value."""

    lookup: Callable[[str], Value]
    today: dt.date
    self_value: Value = None


def evaluate(node: expr.Expr, env: Env) -> Value:
    """Evaluate ``node``; ``None`` is null. Raises ``ExpressionError`` on runtime type errors."""
    return _eval(node, env, 1)


def evaluate_condition(node: expr.Expr, env: Env) -> bool:
    """Evaluate a condition; null counts as false."""
    result = evaluate(node, env)
    if result is None:
        return False
    if not isinstance(result, bool):
        raise _runtime("Villkoret gav inte sant/falskt.", "The condition did not give true/false.")
    return result


def _runtime(sv: str, en: str, node: expr.Expr | None = None) -> expr.ExpressionError:
    return expr.ExpressionError(sv, en, getattr(node, "pos", None))


def _eval(node: expr.Expr, env: Env, level: int) -> Value:
    if level > expr.MAX_DEPTH:
        raise expr.too_deep(None)
    match node:
        case expr.Num(value=value) | expr.Bool(value=value) | expr.Str(value=value):
            return value
        case expr.Ref(code=code):
            return _normalise(env.lookup(code))
        case expr.SelfRef():
            return _normalise(env.self_value)
        case expr.Unary():
            return _eval_unary(node, env, level)
        case expr.Binary():
            return _eval_binary(node, env, level)
        case expr.Call():
            return _eval_call(node, env, level)
    raise _runtime("Okänd nod i uttrycket.", "Unknown node in the expression.")


def _normalise(value: Value) -> Value:
    return None if value == () else value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _truth(value: Value, node: expr.Expr) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _runtime("Väntade sant/falskt.", "Expected true/false.", node)
    return value


def _eval_unary(node: expr.Unary, env: Env, level: int) -> Value:
    value = _eval(node.operand, env, level + 1)
    if node.op == "not":
        return not _truth(value, node)
    if node.op != "-":
        raise _runtime("Okänd operator.", "Unknown operator.", node)
    if value is None:
        return None
    if not _is_number(value):
        raise _runtime("Minustecken kräver ett tal.", "Unary minus needs a number.", node)
    return -value  # type: ignore[operator]


def _eval_binary(node: expr.Binary, env: Env, level: int) -> Value:
    if node.op in ("and", "or"):
        left = _truth(_eval(node.left, env, level + 1), node.left)
        if left == (node.op == "or"):
            return left
        return _truth(_eval(node.right, env, level + 1), node.right)
    left = _eval(node.left, env, level + 1)
    right = _eval(node.right, env, level + 1)
    if node.op in expr.ARITHMETIC:
        return _arithmetic(node, left, right)
    if node.op in expr.COMPARISONS:
        return _compare(node, left, right)
    raise _runtime("Okänd operator.", "Unknown operator.", node)


def _arithmetic(node: expr.Binary, left: Value, right: Value) -> Value:
    for value in (left, right):
        if value is not None and not _is_number(value):
            raise _runtime(
                f"'{node.op}' räknar bara med tal.", f"'{node.op}' only works on numbers.", node
            )
    if left is None or right is None:
        return None
    a, b = left, right
    try:
        if node.op == "+":
            result = a + b  # type: ignore[operator]
        elif node.op == "-":
            result = a - b  # type: ignore[operator]
        elif node.op == "*":
            result = a * b  # type: ignore[operator]
        else:
            result = a / b if b != 0 else None  # type: ignore[operator]
    except OverflowError:
        return None
    if isinstance(result, float) and not math.isfinite(result):
        return None
    return result


def _category(value: Value) -> str:
    if isinstance(value, bool):
        return "bool"
    if _is_number(value):
        return "number"
    if type(value) is dt.date:  # a datetime would not compare with a date
        return "date"
    if isinstance(value, str):
        return "str"
    return "other"


def _compare(node: expr.Binary, left: Value, right: Value) -> bool:
    if left is None or right is None:
        return False
    left, right = _dates_from_strings(node, left, right)
    kind = _category(left)
    if kind != _category(right) or kind == "other":
        raise _runtime("Värdena går inte att jämföra.", "The values cannot be compared.", node)
    if node.op == "=":
        return left == right
    if node.op == "!=":
        return left != right
    if kind not in ("number", "date"):
        raise _runtime(
            f"'{node.op}' fungerar bara på tal och datum.",
            f"'{node.op}' only works on numbers and dates.",
            node,
        )
    a, b = left, right
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[node.op]  # type: ignore[operator]


def _dates_from_strings(node: expr.Expr, left: Value, right: Value) -> tuple[Value, Value]:
    if isinstance(left, dt.date) and isinstance(right, str):
        return left, _as_date(right, node)
    if isinstance(right, dt.date) and isinstance(left, str):
        return _as_date(left, node), right
    return left, right


def _as_date(value: Value, node: expr.Expr) -> dt.date:
    if type(value) is dt.date:
        return value
    parsed = expr.parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise _runtime(
            f"{value!r} är inget datum (ÅÅÅÅ-MM-DD).",
            f"{value!r} is not a date (YYYY-MM-DD).",
            node,
        )
    return parsed


def _eval_call(node: expr.Call, env: Env, level: int) -> Value:
    if node.name not in expr.FUNCTIONS or len(node.args) != expr.FUNCTIONS[node.name]:
        raise _runtime(f"Okänd funktion {node.name!r}.", f"Unknown function {node.name!r}.", node)
    if node.name == "today":
        return env.today
    if node.name in ("answered", "selected", "count_selected"):
        return _eval_choice_call(node, env, level)
    args = [_eval(arg, env, level + 1) for arg in node.args]
    if any(arg is None for arg in args):
        return None
    if node.name in ("length", "is_digits"):
        return _text_function(node, args[0])
    dates = [_as_date(arg, node) for arg in args]
    if node.name == "date":
        return dates[0]
    if node.name == "year":
        return dates[0].year
    return (dates[1] - dates[0]).days


def _text_function(node: expr.Call, value: Value) -> Value:
    if not isinstance(value, str):
        raise _runtime(f"{node.name}() vill ha text.", f"{node.name}() needs text.", node)
    if node.name == "length":
        return len(value)
    # Only ASCII digits: str.isdigit() would also accept e.g. superscripts.
    return value != "" and all("0" <= char <= "9" for char in value)


def _eval_choice_call(node: expr.Call, env: Env, level: int) -> Value:
    target = node.args[0]
    if not isinstance(target, expr.Ref):
        raise _runtime(
            f"{node.name}() vill ha en frågekod.", f"{node.name}() needs a question code.", node
        )
    value = _normalise(env.lookup(target.code))
    if node.name == "answered":
        return value is not None
    chosen = _chosen(value, node)
    if node.name == "count_selected":
        return None if chosen is None else len(chosen)
    wanted = _eval(node.args[1], env, level + 1)
    if not isinstance(wanted, str):
        raise _runtime("selected() vill ha en valkod.", "selected() needs a choice code.", node)
    return chosen is not None and wanted in chosen


def _chosen(value: Value, node: expr.Expr) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return value
    raise _runtime("Frågan är ingen valfråga.", "The question is not a choice question.", node)
