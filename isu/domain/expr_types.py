"""Static type checking of form expressions (`isu.domain.expr`), run when a form is checked.

Given a scope that says what type each referenced question has, `check` gives an expression's
type and `check_condition` insists on true/false; both raise ``ExpressionError`` naming the place.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from isu.domain.expr import (
    ARITHMETIC,
    COMPARISONS,
    FUNCTIONS,
    MAX_DEPTH,
    Binary,
    Bool,
    Call,
    Expr,
    ExpressionError,
    Num,
    Ref,
    SelfRef,
    Str,
    Unary,
    depth,
    parse_date,
    too_deep,
)

# --- Type checker ------------------------------------------------------------------------


class ExprType(enum.StrEnum):
    NUMBER = "number"
    STRING = "string"  # a string literal
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"  # a single-choice answer (a choice code)
    MULTI = "multi"  # a multiple-choice answer (a set of choice codes)
    TEXT = "text"  # a free-text answer


_TYPE_NAMES = {
    ExprType.NUMBER: ("tal", "number"),
    ExprType.STRING: ("text", "string"),
    ExprType.DATE: ("datum", "date"),
    ExprType.BOOL: ("sant/falskt", "true/false"),
    ExprType.CHOICE: ("ett val", "a choice"),
    ExprType.MULTI: ("flerval", "a multiple choice"),
    ExprType.TEXT: ("fritext", "free text"),
}


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """The static type of an expression or of a referenced question."""

    kind: ExprType
    choices: frozenset[str] | None = None  # for CHOICE / MULTI questions
    literal: str | None = None  # the text of a string literal
    code: str | None = None  # the referenced question, for messages


Scope = Callable[[str], TypeInfo | None]


def _mismatch(sv: str, en: str, pos: int) -> ExpressionError:
    return ExpressionError(sv, en, pos)


def _names(kind: ExprType) -> tuple[str, str]:
    return _TYPE_NAMES[kind]


def check(node: Expr, scope: Scope, self_info: TypeInfo | None = None) -> TypeInfo:
    """The type of ``node``; raises ``ExpressionError`` on unknown codes or type mismatches."""
    if depth(node) > MAX_DEPTH:
        raise too_deep(None)
    return _Checker(scope, self_info).visit(node)


def check_condition(node: Expr, scope: Scope, self_info: TypeInfo | None = None) -> None:
    """Check that ``node`` is a well-typed true/false condition."""
    result = check(node, scope, self_info)
    if result.kind is not ExprType.BOOL:
        sv, en = _names(result.kind)
        raise ExpressionError(
            f"Villkoret måste bli sant eller falskt, inte {sv}.",
            f"The condition must give true or false, not {en}.",
            getattr(node, "pos", None),
        )


class _Checker:
    def __init__(self, scope: Scope, self_info: TypeInfo | None):
        self.scope = scope
        self.self_info = self_info

    def visit(self, node: Expr) -> TypeInfo:
        match node:
            case Num():
                return TypeInfo(ExprType.NUMBER)
            case Str(value=value):
                return TypeInfo(ExprType.STRING, literal=value)
            case Bool():
                return TypeInfo(ExprType.BOOL)
            case Ref():
                return self.ref(node)
            case SelfRef(pos=pos):
                if self.self_info is None:
                    raise ExpressionError(
                        "'.' (frågans eget svar) får bara användas i constraint.",
                        "'.' (the question's own answer) is only allowed in a constraint.",
                        pos,
                    )
                return self.self_info
            case Unary():
                return self.unary(node)
            case Binary():
                return self.binary(node)
            case Call():
                return self.call(node)
        raise ExpressionError("Okänd nod i uttrycket.", "Unknown node in the expression.")

    def ref(self, node: Ref) -> TypeInfo:
        info = self.scope(node.code)
        if info is None:
            raise ExpressionError(
                f"Okänd frågekod {node.code!r}.", f"Unknown question code {node.code!r}.", node.pos
            )
        return info

    def expect(self, node: Expr, kinds: tuple[ExprType, ...], what: tuple[str, str]) -> TypeInfo:
        info = self.visit(node)
        if info.kind not in kinds:
            sv, en = _names(info.kind)
            raise _mismatch(
                f"{what[0]} kräver {_names(kinds[0])[0]}, men fick {sv}.",
                f"{what[1]} needs {_names(kinds[0])[1]}, but got {en}.",
                node.pos,
            )
        return info

    def unary(self, node: Unary) -> TypeInfo:
        if node.op == "not":
            self.expect(node.operand, (ExprType.BOOL,), ("'not'", "'not'"))
            return TypeInfo(ExprType.BOOL)
        self.expect(node.operand, (ExprType.NUMBER,), ("Minustecken", "Unary minus"))
        return TypeInfo(ExprType.NUMBER)

    def binary(self, node: Binary) -> TypeInfo:
        if node.op in ("and", "or"):
            what = (f"'{node.op}'", f"'{node.op}'")
            self.expect(node.left, (ExprType.BOOL,), what)
            self.expect(node.right, (ExprType.BOOL,), what)
            return TypeInfo(ExprType.BOOL)
        if node.op in ARITHMETIC:
            what = (f"'{node.op}'", f"'{node.op}'")
            self.expect(node.left, (ExprType.NUMBER,), what)
            self.expect(node.right, (ExprType.NUMBER,), what)
            return TypeInfo(ExprType.NUMBER)
        if node.op in COMPARISONS:
            self.comparison(node, self.visit(node.left), self.visit(node.right))
            return TypeInfo(ExprType.BOOL)
        raise ExpressionError(
            f"Okänd operator {node.op!r}.", f"Unknown operator {node.op!r}.", node.pos
        )

    def comparison(self, node: Binary, left: TypeInfo, right: TypeInfo) -> None:
        kinds = {left.kind, right.kind}
        ordered = node.op not in ("=", "!=")
        if ExprType.MULTI in kinds:
            raise _mismatch(
                "Ett flervalssvar kan inte jämföras; använd selected() eller count_selected().",
                "A multiple-choice answer cannot be compared; use selected() or count_selected().",
                node.pos,
            )
        if kinds <= {ExprType.NUMBER} or kinds <= {ExprType.DATE}:
            return
        if kinds == {ExprType.DATE, ExprType.STRING}:
            _check_date_literal(left if left.kind is ExprType.STRING else right, node.pos)
            return
        if not ordered and (kinds <= {ExprType.BOOL} or _textual(kinds)):
            self.check_choice_literal(left, right, node.pos)
            return
        self.report_mismatch(node, left, right, ordered)

    def report_mismatch(self, node: Binary, left: TypeInfo, right: TypeInfo, ordered: bool) -> None:
        (lsv, len_), (rsv, ren) = _names(left.kind), _names(right.kind)
        kinds = {left.kind, right.kind}
        if ordered and (kinds <= {ExprType.BOOL} or _textual(kinds)):
            raise _mismatch(
                f"'{node.op}' kan inte användas på {lsv}; bara på tal och datum.",
                f"'{node.op}' cannot be used on {len_}; only on numbers and dates.",
                node.pos,
            )
        raise _mismatch(
            f"Kan inte jämföra {lsv} med {rsv}.", f"Cannot compare {len_} with {ren}.", node.pos
        )

    def check_choice_literal(self, left: TypeInfo, right: TypeInfo, pos: int) -> None:
        for choice_side, other in ((left, right), (right, left)):
            if choice_side.kind is ExprType.CHOICE and other.literal is not None:
                _check_choice(choice_side, other.literal, pos)

    def call(self, node: Call) -> TypeInfo:
        handler = getattr(self, f"call_{node.name}", None)
        if node.name not in FUNCTIONS or handler is None:
            raise ExpressionError(
                f"Okänd funktion {node.name!r}.", f"Unknown function {node.name!r}.", node.pos
            )
        if len(node.args) != FUNCTIONS[node.name]:
            raise ExpressionError(
                f"{node.name}() tar {FUNCTIONS[node.name]} argument.",
                f"{node.name}() takes {FUNCTIONS[node.name]} argument(s).",
                node.pos,
            )
        return handler(node)

    def call_today(self, node: Call) -> TypeInfo:
        return TypeInfo(ExprType.DATE)

    def call_date(self, node: Call) -> TypeInfo:
        info = self.expect(node.args[0], (ExprType.STRING,), ("date()", "date()"))
        _check_date_literal(info, node.pos)
        return TypeInfo(ExprType.DATE)

    def date_arg(self, arg: Expr, name: str) -> None:
        info = self.expect(arg, (ExprType.DATE, ExprType.STRING), (name, name))
        if info.kind is ExprType.STRING:
            _check_date_literal(info, arg.pos)

    def call_year(self, node: Call) -> TypeInfo:
        self.date_arg(node.args[0], "year()")
        return TypeInfo(ExprType.NUMBER)

    def call_days(self, node: Call) -> TypeInfo:
        for arg in node.args:
            self.date_arg(arg, "days()")
        return TypeInfo(ExprType.NUMBER)

    def code_arg(self, node: Call) -> TypeInfo:
        arg = node.args[0]
        if not isinstance(arg, Ref):
            raise ExpressionError(
                f"{node.name}() vill ha en frågekod som första argument.",
                f"{node.name}() needs a question code as its first argument.",
                arg.pos,
            )
        return self.ref(arg)

    def call_answered(self, node: Call) -> TypeInfo:
        self.code_arg(node)
        return TypeInfo(ExprType.BOOL)

    def choice_arg(self, node: Call) -> TypeInfo:
        info = self.code_arg(node)
        if info.kind not in (ExprType.CHOICE, ExprType.MULTI):
            sv, en = _names(info.kind)
            raise _mismatch(
                f"{node.name}() kräver en valfråga, men {info.code} är {sv}.",
                f"{node.name}() needs a choice question, but {info.code} is {en}.",
                node.pos,
            )
        return info

    def call_selected(self, node: Call) -> TypeInfo:
        info = self.choice_arg(node)
        choice = node.args[1]
        if not isinstance(choice, Str):
            raise ExpressionError(
                "selected() vill ha en valkod inom '' som andra argument.",
                "selected() needs a choice code in '' as its second argument.",
                choice.pos,
            )
        _check_choice(info, choice.value, choice.pos)
        return TypeInfo(ExprType.BOOL)

    def call_count_selected(self, node: Call) -> TypeInfo:
        self.choice_arg(node)
        return TypeInfo(ExprType.NUMBER)

    def call_length(self, node: Call) -> TypeInfo:
        self.expect(node.args[0], (ExprType.TEXT, ExprType.STRING), ("length()", "length()"))
        return TypeInfo(ExprType.NUMBER)

    def call_is_digits(self, node: Call) -> TypeInfo:
        self.expect(node.args[0], (ExprType.TEXT, ExprType.STRING), ("is_digits()", "is_digits()"))
        return TypeInfo(ExprType.BOOL)


def _textual(kinds: set[ExprType]) -> bool:
    return kinds <= {ExprType.STRING, ExprType.CHOICE, ExprType.TEXT} and kinds != {
        ExprType.CHOICE,
        ExprType.TEXT,
    }


def _check_choice(info: TypeInfo, code: str, pos: int) -> None:
    if info.choices is not None and code not in info.choices:
        raise ExpressionError(
            f"{code!r} är inte ett val i {info.code}.",
            f"{code!r} is not a choice of {info.code}.",
            pos,
        )


def _check_date_literal(info: TypeInfo, pos: int) -> None:
    if info.literal is None or parse_date(info.literal) is None:
        raise ExpressionError(
            f"{info.literal!r} är inget datum på formen 'ÅÅÅÅ-MM-DD'.",
            f"{info.literal!r} is not a date of the form 'YYYY-MM-DD'.",
            pos,
        )
