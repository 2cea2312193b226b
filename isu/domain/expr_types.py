"""Static type checking of form expressions (`isu.domain.expr`), run when a form is checked.

Given a scope that says what type each referenced question has, `check` gives an expression's
type and `check_condition` insists on true/false; both raise ``ExpressionError`` naming the place.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from isu.domain import expr

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


def _mismatch(sv: str, en: str, pos: int) -> expr.ExpressionError:
    return expr.ExpressionError(sv, en, pos)


def _names(kind: ExprType) -> tuple[str, str]:
    return _TYPE_NAMES[kind]


def _wrong_kind(info: TypeInfo, lead: tuple[str, str], pos: int | None) -> expr.ExpressionError:
    """``lead`` (sv, en) followed by the name of the type that was found."""
    sv, en = _names(info.kind)
    return expr.ExpressionError(f"{lead[0]} {sv}.", f"{lead[1]} {en}.", pos)


def check(node: expr.Expr, scope: Scope, self_info: TypeInfo | None = None) -> TypeInfo:
    """The type of ``node``; raises ``ExpressionError`` on unknown codes or type mismatches."""
    if expr.depth(node) > expr.MAX_DEPTH:
        raise expr.too_deep(None)
    return _Checker(scope, self_info).visit(node)


def check_condition(node: expr.Expr, scope: Scope, self_info: TypeInfo | None = None) -> None:
    """Check that ``node`` is a well-typed true/false condition."""
    result = check(node, scope, self_info)
    if result.kind is not ExprType.BOOL:
        lead = (
            "Villkoret måste bli sant eller falskt, inte",
            "The condition must give true or false, not",
        )
        raise _wrong_kind(result, lead, getattr(node, "pos", None))


class _Checker:
    def __init__(self, scope: Scope, self_info: TypeInfo | None):
        self.scope = scope
        self.self_info = self_info

    def visit(self, node: expr.Expr) -> TypeInfo:
        match node:
            case expr.Num():
                return TypeInfo(ExprType.NUMBER)
            case expr.Str(value=value):
                return TypeInfo(ExprType.STRING, literal=value)
            case expr.Bool():
                return TypeInfo(ExprType.BOOL)
            case expr.Ref():
                return self.ref(node)
            case expr.SelfRef(pos=pos):
                if self.self_info is None:
                    raise expr.ExpressionError(
                        "'.' (frågans eget svar) får bara användas i constraint.",
                        "'.' (the question's own answer) is only allowed in a constraint.",
                        pos,
                    )
                return self.self_info
            case expr.Unary():
                return self.unary(node)
            case expr.Binary():
                return self.binary(node)
            case expr.Call():
                return self.call(node)
        raise expr.ExpressionError("Okänd nod i uttrycket.", "Unknown node in the expression.")

    def ref(self, node: expr.Ref) -> TypeInfo:
        info = self.scope(node.code)
        if info is None:
            raise expr.ExpressionError(
                f"Okänd frågekod {node.code!r}.", f"Unknown question code {node.code!r}.", node.pos
            )
        return info

    def expect(
        self, node: expr.Expr, kinds: tuple[ExprType, ...], what: tuple[str, str]
    ) -> TypeInfo:
        info = self.visit(node)
        if info.kind not in kinds:
            need = _names(kinds[0])
            lead = (f"{what[0]} kräver {need[0]}, men fick", f"{what[1]} needs {need[1]}, but got")
            raise _wrong_kind(info, lead, node.pos)
        return info

    def unary(self, node: expr.Unary) -> TypeInfo:
        if node.op == "not":
            self.expect(node.operand, (ExprType.BOOL,), ("'not'", "'not'"))
            return TypeInfo(ExprType.BOOL)
        self.expect(node.operand, (ExprType.NUMBER,), ("Minustecken", "Unary minus"))
        return TypeInfo(ExprType.NUMBER)

    def binary(self, node: expr.Binary) -> TypeInfo:
        if node.op in ("and", "or"):
            what = (f"'{node.op}'", f"'{node.op}'")
            self.expect(node.left, (ExprType.BOOL,), what)
            self.expect(node.right, (ExprType.BOOL,), what)
            return TypeInfo(ExprType.BOOL)
        if node.op in expr.ARITHMETIC:
            what = (f"'{node.op}'", f"'{node.op}'")
            self.expect(node.left, (ExprType.NUMBER,), what)
            self.expect(node.right, (ExprType.NUMBER,), what)
            return TypeInfo(ExprType.NUMBER)
        if node.op in expr.COMPARISONS:
            self.comparison(node, self.visit(node.left), self.visit(node.right))
            return TypeInfo(ExprType.BOOL)
        raise expr.ExpressionError(
            f"Okänd operator {node.op!r}.", f"Unknown operator {node.op!r}.", node.pos
        )

    def comparison(self, node: expr.Binary, left: TypeInfo, right: TypeInfo) -> None:
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

    def report_mismatch(
        self, node: expr.Binary, left: TypeInfo, right: TypeInfo, ordered: bool
    ) -> None:
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

    def call(self, node: expr.Call) -> TypeInfo:
        handler = getattr(self, f"call_{node.name}", None)
        if node.name not in expr.FUNCTIONS or handler is None:
            raise expr.ExpressionError(
                f"Okänd funktion {node.name!r}.", f"Unknown function {node.name!r}.", node.pos
            )
        if len(node.args) != expr.FUNCTIONS[node.name]:
            raise expr.ExpressionError(
                f"{node.name}() tar {expr.FUNCTIONS[node.name]} argument.",
                f"{node.name}() takes {expr.FUNCTIONS[node.name]} argument(s).",
                node.pos,
            )
        return handler(node)

    def call_today(self, node: expr.Call) -> TypeInfo:
        return TypeInfo(ExprType.DATE)

    def call_date(self, node: expr.Call) -> TypeInfo:
        info = self.expect(node.args[0], (ExprType.STRING,), ("date()", "date()"))
        _check_date_literal(info, node.pos)
        return TypeInfo(ExprType.DATE)

    def date_arg(self, arg: expr.Expr, name: str) -> None:
        info = self.expect(arg, (ExprType.DATE, ExprType.STRING), (name, name))
        if info.kind is ExprType.STRING:
            _check_date_literal(info, arg.pos)

    def call_year(self, node: expr.Call) -> TypeInfo:
        self.date_arg(node.args[0], "year()")
        return TypeInfo(ExprType.NUMBER)

    def call_days(self, node: expr.Call) -> TypeInfo:
        for arg in node.args:
            self.date_arg(arg, "days()")
        return TypeInfo(ExprType.NUMBER)

    def code_arg(self, node: expr.Call) -> TypeInfo:
        arg = node.args[0]
        if not isinstance(arg, expr.Ref):
            raise expr.ExpressionError(
                f"{node.name}() vill ha en frågekod som första argument.",
                f"{node.name}() needs a question code as its first argument.",
                arg.pos,
            )
        return self.ref(arg)

    def call_answered(self, node: expr.Call) -> TypeInfo:
        self.code_arg(node)
        return TypeInfo(ExprType.BOOL)

    def choice_arg(self, node: expr.Call) -> TypeInfo:
        info = self.code_arg(node)
        if info.kind not in (ExprType.CHOICE, ExprType.MULTI):
            lead = (
                f"{node.name}() kräver en valfråga, men {info.code} är",
                f"{node.name}() needs a choice question, but {info.code} is",
            )
            raise _wrong_kind(info, lead, node.pos)
        return info

    def call_selected(self, node: expr.Call) -> TypeInfo:
        info = self.choice_arg(node)
        choice = node.args[1]
        if not isinstance(choice, expr.Str):
            raise expr.ExpressionError(
                "selected() vill ha en valkod inom '' som andra argument.",
                "selected() needs a choice code in '' as its second argument.",
                choice.pos,
            )
        _check_choice(info, choice.value, choice.pos)
        return TypeInfo(ExprType.BOOL)

    def call_count_selected(self, node: expr.Call) -> TypeInfo:
        self.choice_arg(node)
        return TypeInfo(ExprType.NUMBER)

    def call_length(self, node: expr.Call) -> TypeInfo:
        self.expect(node.args[0], (ExprType.TEXT, ExprType.STRING), ("length()", "length()"))
        return TypeInfo(ExprType.NUMBER)

    def call_is_digits(self, node: expr.Call) -> TypeInfo:
        self.expect(node.args[0], (ExprType.TEXT, ExprType.STRING), ("is_digits()", "is_digits()"))
        return TypeInfo(ExprType.BOOL)


def _textual(kinds: set[ExprType]) -> bool:
    return kinds <= {ExprType.STRING, ExprType.CHOICE, ExprType.TEXT} and kinds != {
        ExprType.CHOICE,
        ExprType.TEXT,
    }


def _check_choice(info: TypeInfo, code: str, pos: int) -> None:
    if info.choices is not None and code not in info.choices:
        raise expr.ExpressionError(
            f"{code!r} är inte ett val i {info.code}.",
            f"{code!r} is not a choice of {info.code}.",
            pos,
        )


def _check_date_literal(info: TypeInfo, pos: int) -> None:
    if info.literal is None or expr.parse_date(info.literal) is None:
        raise expr.ExpressionError(
            f"{info.literal!r} är inget datum på formen 'ÅÅÅÅ-MM-DD'.",
            f"{info.literal!r} is not a date of the form 'YYYY-MM-DD'.",
            pos,
        )
