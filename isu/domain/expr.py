"""The small expression language used by form skip logic (``relevant``) and ``constraint``.

Pure: a tokenizer, a recursive-descent parser into frozen AST nodes, a type checker run
when a form is checked, and an evaluator that walks the AST. There is no ``eval``, no
attribute access and no way to call anything but the handful of functions listed in
``FUNCTIONS``. Input length and nesting depth are bounded so no input can hang or blow the
stack. The grammar (EBNF) is documented in docs/forms.md and mirrored by the parser::

    expression = or_expr ;
    or_expr    = and_expr , { "or" , and_expr } ;
    and_expr   = not_expr , { "and" , not_expr } ;
    not_expr   = "not" , not_expr | comparison ;
    comparison = sum , [ ( "=" | "!=" | "<" | "<=" | ">" | ">=" ) , sum ] ;
    sum        = product , { ( "+" | "-" ) , product } ;
    product    = unary , { ( "*" | "/" ) , unary } ;
    unary      = "-" , unary | primary ;
    primary    = number | string | "true" | "false" | "." | call | code
               | "(" , expression , ")" ;
    call       = name , "(" , [ expression , { "," , expression } ] , ")" ;

Null rule: an unanswered question (or one answered only with a missing reason, or not
relevant) evaluates to null. Arithmetic and functions on null give null; every comparison
involving null is false (``!=`` too); in ``and``/``or``/``not`` null counts as false.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from isu.domain.answers import Value
from isu.errors import UserError

MAX_LENGTH = 1000
MAX_DEPTH = 50

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
ARITHMETIC = ("+", "-", "*", "/")
FUNCTIONS: dict[str, int] = {
    "selected": 2,
    "count_selected": 1,
    "today": 0,
    "date": 1,
    "year": 1,
    "days": 2,
    "answered": 1,
    "length": 1,
    "is_digits": 1,
}
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ExpressionError(UserError):
    """An expression that cannot be parsed, type-checked or evaluated."""

    def __init__(self, sv: str, en: str, position: int | None = None):
        where_sv = f" (tecken {position + 1})" if position is not None else ""
        where_en = f" (character {position + 1})" if position is not None else ""
        super().__init__(sv + where_sv, en + where_en)
        self.position = position


# --- AST ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Num:
    value: int | float
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Str:
    value: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Ref:
    code: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class SelfRef:
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" or "not"
    operand: Expr
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # "and", "or", a comparison or an arithmetic operator
    left: Expr
    right: Expr
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    pos: int = field(default=0, compare=False)


Expr = Num | Str | Bool | Ref | SelfRef | Unary | Binary | Call


def children(node: Expr) -> tuple[Expr, ...]:
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Expr) -> Iterator[Expr]:
    """Every node, iteratively (safe on hand-built trees of any depth)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(children(current))


def depth(node: Expr) -> int:
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children(current))
    return deepest


def references(node: Expr) -> set[str]:
    """Question codes the expression reads."""
    return {n.code for n in walk(node) if isinstance(n, Ref)}


def to_source(node: Expr) -> str:
    """Expression text that parses back to an equal AST (fully parenthesised)."""
    if depth(node) > MAX_DEPTH:
        raise _too_deep(None)
    return _source(node)


def _source(node: Expr) -> str:
    match node:
        case Bool(value=value):
            return "true" if value else "false"
        case Num(value=value):
            return _number_source(value)
        case Str(value=value):
            return "'" + value.replace("'", "''") + "'"
        case Ref(code=code):
            return code
        case SelfRef():
            return "."
        case Unary(op=op, operand=operand):
            return f"({op} {_source(operand)})" if op == "not" else f"(-{_source(operand)})"
        case Binary(op=op, left=left, right=right):
            return f"({_source(left)} {op} {_source(right)})"
        case Call(name=name, args=args):
            return f"{name}({', '.join(_source(a) for a in args)})"
    raise ExpressionError("Okänd nod i uttrycket.", "Unknown node in the expression.")


def _number_source(value: int | float) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExpressionError("Ogiltigt tal.", "Invalid number.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ExpressionError("Ogiltigt tal.", "Invalid number.")
    # Decimal keeps repr's shortest round-tripping digits but never uses an exponent.
    text = repr(value) if isinstance(value, int) else format(Decimal(repr(value)), "f")
    if text.startswith("-"):
        return f"(-{text[1:]})"
    return text


# --- Tokenizer ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "num", "str", "name", "op", "self", "end"
    text: str
    pos: int
    value: int | float | str | None = None


_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<num>\d+(?:\.\d+)?)(?![A-Za-z_\d.])
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op><=|>=|!=|[=<>+\-*/(),])
  | (?P<self>\.)(?![\d])
    """,
    re.VERBOSE,
)


def tokenize(text: str) -> list[Token]:
    if not isinstance(text, str):
        raise ExpressionError("Uttrycket måste vara text.", "The expression must be text.")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"Uttrycket är för långt (högst {MAX_LENGTH} tecken).",
            f"The expression is too long (at most {MAX_LENGTH} characters).",
        )
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos] == "'":
            token, pos = _string_token(text, pos)
            tokens.append(token)
            continue
        match = _TOKEN_RE.match(text, pos)
        if match is None and text[pos].isdigit():
            raise ExpressionError("Ogiltigt tal.", "Invalid number.", pos)
        if match is None:
            raise ExpressionError(
                f"Oväntat tecken {text[pos]!r}.", f"Unexpected character {text[pos]!r}.", pos
            )
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(_make_token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _make_token(kind: str, text: str, pos: int) -> Token:
    if kind == "num":
        value: int | float = float(text) if "." in text else int(text)
        return Token("num", text, pos, value)
    return Token(kind, text, pos)


def _string_token(text: str, start: int) -> tuple[Token, int]:
    # A quote inside a string is written twice: 'don''t'.
    pieces: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == "'":
            if text.startswith("''", pos):
                pieces.append("'")
                pos += 2
                continue
            value = "".join(pieces)
            return Token("str", text[start : pos + 1], start, value), pos + 1
        pieces.append(char)
        pos += 1
    raise ExpressionError("Texten saknar avslutande '.", "The string has no closing '.", start)


# --- Parser ------------------------------------------------------------------------------


def _too_deep(pos: int | None) -> ExpressionError:
    return ExpressionError(
        f"Uttrycket är för djupt nästlat (högst {MAX_DEPTH} nivåer).",
        f"The expression is nested too deeply (at most {MAX_DEPTH} levels).",
        pos,
    )


_A_VALUE = ("ett värde", "a value")


class _Parser:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.index = 0
        self.nesting = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def at(self, text: str) -> bool:
        token = self.current
        return token.kind in ("op", "name") and token.text == text

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise self.unexpected((f"'{text}'", f"'{text}'"))
        return self.advance()

    def unexpected(self, wanted: tuple[str, str]) -> ExpressionError:
        token = self.current
        found = "slutet" if token.kind == "end" else repr(token.text)
        found_en = "the end" if token.kind == "end" else repr(token.text)
        return ExpressionError(
            f"Väntade {wanted[0]} men fann {found}.",
            f"Expected {wanted[1]} but found {found_en}.",
            token.pos,
        )

    def enter(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise _too_deep(self.current.pos)

    def expression(self) -> Expr:
        self.enter()
        node = self.or_expr()
        self.nesting -= 1
        return node

    def or_expr(self) -> Expr:
        node = self.and_expr()
        while self.at("or"):
            pos = self.advance().pos
            node = Binary("or", node, self.and_expr(), pos)
        return node

    def and_expr(self) -> Expr:
        node = self.not_expr()
        while self.at("and"):
            pos = self.advance().pos
            node = Binary("and", node, self.not_expr(), pos)
        return node

    def not_expr(self) -> Expr:
        if self.at("not"):
            pos = self.advance().pos
            self.enter()
            node = Unary("not", self.not_expr(), pos)
            self.nesting -= 1
            return node
        return self.comparison()

    def comparison(self) -> Expr:
        node = self.sum()
        if self.current.kind == "op" and self.current.text in COMPARISONS:
            token = self.advance()
            node = Binary(token.text, node, self.sum(), token.pos)
            if self.current.kind == "op" and self.current.text in COMPARISONS:
                raise ExpressionError(
                    "Jämförelser kan inte kedjas; använd 'and'.",
                    "Comparisons cannot be chained; use 'and'.",
                    self.current.pos,
                )
        return node

    def sum(self) -> Expr:
        node = self.product()
        while self.current.kind == "op" and self.current.text in ("+", "-"):
            token = self.advance()
            node = Binary(token.text, node, self.product(), token.pos)
        return node

    def product(self) -> Expr:
        node = self.unary()
        while self.current.kind == "op" and self.current.text in ("*", "/"):
            token = self.advance()
            node = Binary(token.text, node, self.unary(), token.pos)
        return node

    def unary(self) -> Expr:
        if self.current.kind == "op" and self.current.text == "-":
            pos = self.advance().pos
            self.enter()
            node = Unary("-", self.unary(), pos)
            self.nesting -= 1
            return node
        return self.primary()

    def primary(self) -> Expr:
        token = self.current
        if token.kind == "num":
            self.advance()
            return Num(token.value, token.pos)  # type: ignore[arg-type]
        if token.kind == "str":
            self.advance()
            return Str(str(token.value), token.pos)
        if token.kind == "self":
            self.advance()
            return SelfRef(token.pos)
        if token.kind == "name":
            return self.name()
        if self.at("("):
            self.advance()
            node = self.expression()
            self.expect(")")
            return node
        raise self.unexpected(_A_VALUE)

    def name(self) -> Expr:
        token = self.advance()
        if token.text in ("true", "false"):
            return Bool(token.text == "true", token.pos)
        if token.text in KEYWORDS:
            self.index -= 1
            raise self.unexpected(_A_VALUE)
        if not self.at("("):
            return Ref(token.text, token.pos)
        return self.call(token)

    def call(self, token: Token) -> Expr:
        if token.text not in FUNCTIONS:
            raise ExpressionError(
                f"Okänd funktion {token.text!r}.", f"Unknown function {token.text!r}.", token.pos
            )
        self.expect("(")
        args: list[Expr] = []
        if not self.at(")"):
            args.append(self.expression())
            while self.at(","):
                self.advance()
                args.append(self.expression())
        self.expect(")")
        wanted = FUNCTIONS[token.text]
        if len(args) != wanted:
            raise ExpressionError(
                f"{token.text}() tar {wanted} argument, fick {len(args)}.",
                f"{token.text}() takes {wanted} argument(s), got {len(args)}.",
                token.pos,
            )
        return Call(token.text, tuple(args), token.pos)


def parse(text: str) -> Expr:
    """Parse expression text into an AST; raises ``ExpressionError``."""
    tokens = tokenize(text)
    if tokens[0].kind == "end":
        raise ExpressionError("Uttrycket är tomt.", "The expression is empty.", 0)
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.current.kind != "end":
        raise parser.unexpected(("slutet", "the end"))
    if depth(node) > MAX_DEPTH:
        raise _too_deep(None)
    return node


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
        raise _too_deep(None)
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


def parse_date(text: str) -> dt.date | None:
    if not _DATE_RE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# --- Evaluator ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Env:
    """What an expression can see: answers by code, today's date and its own value."""

    lookup: Callable[[str], Value]
    today: dt.date
    self_value: Value = None


def evaluate(node: Expr, env: Env) -> Value:
    """Evaluate ``node``; ``None`` is null. Raises ``ExpressionError`` on runtime type errors."""
    return _eval(node, env, 1)


def evaluate_condition(node: Expr, env: Env) -> bool:
    """Evaluate a condition; null counts as false."""
    result = evaluate(node, env)
    if result is None:
        return False
    if not isinstance(result, bool):
        raise _runtime("Villkoret gav inte sant/falskt.", "The condition did not give true/false.")
    return result


def _runtime(sv: str, en: str, node: Expr | None = None) -> ExpressionError:
    return ExpressionError(sv, en, getattr(node, "pos", None))


def _eval(node: Expr, env: Env, level: int) -> Value:
    if level > MAX_DEPTH:
        raise _too_deep(None)
    match node:
        case Num(value=value) | Bool(value=value) | Str(value=value):
            return value
        case Ref(code=code):
            return _normalise(env.lookup(code))
        case SelfRef():
            return _normalise(env.self_value)
        case Unary():
            return _eval_unary(node, env, level)
        case Binary():
            return _eval_binary(node, env, level)
        case Call():
            return _eval_call(node, env, level)
    raise _runtime("Okänd nod i uttrycket.", "Unknown node in the expression.")


def _normalise(value: Value) -> Value:
    return None if value == () else value


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _truth(value: Value, node: Expr) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _runtime("Väntade sant/falskt.", "Expected true/false.", node)
    return value


def _eval_unary(node: Unary, env: Env, level: int) -> Value:
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


def _eval_binary(node: Binary, env: Env, level: int) -> Value:
    if node.op in ("and", "or"):
        left = _truth(_eval(node.left, env, level + 1), node.left)
        if left == (node.op == "or"):
            return left
        return _truth(_eval(node.right, env, level + 1), node.right)
    left = _eval(node.left, env, level + 1)
    right = _eval(node.right, env, level + 1)
    if node.op in ARITHMETIC:
        return _arithmetic(node, left, right)
    if node.op in COMPARISONS:
        return _compare(node, left, right)
    raise _runtime("Okänd operator.", "Unknown operator.", node)


def _arithmetic(node: Binary, left: Value, right: Value) -> Value:
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


def _compare(node: Binary, left: Value, right: Value) -> bool:
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


def _dates_from_strings(node: Expr, left: Value, right: Value) -> tuple[Value, Value]:
    if isinstance(left, dt.date) and isinstance(right, str):
        return left, _as_date(right, node)
    if isinstance(right, dt.date) and isinstance(left, str):
        return _as_date(left, node), right
    return left, right


def _as_date(value: Value, node: Expr) -> dt.date:
    if type(value) is dt.date:
        return value
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise _runtime(
            f"{value!r} är inget datum (ÅÅÅÅ-MM-DD).",
            f"{value!r} is not a date (YYYY-MM-DD).",
            node,
        )
    return parsed


def _eval_call(node: Call, env: Env, level: int) -> Value:
    if node.name not in FUNCTIONS or len(node.args) != FUNCTIONS[node.name]:
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


def _text_function(node: Call, value: Value) -> Value:
    if not isinstance(value, str):
        raise _runtime(f"{node.name}() vill ha text.", f"{node.name}() needs text.", node)
    if node.name == "length":
        return len(value)
    # Only ASCII digits: str.isdigit() would also accept e.g. superscripts.
    return value != "" and all("0" <= char <= "9" for char in value)


def _eval_choice_call(node: Call, env: Env, level: int) -> Value:
    target = node.args[0]
    if not isinstance(target, Ref):
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


def _chosen(value: Value, node: Expr) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return value
    raise _runtime("Frågan är ingen valfråga.", "The question is not a choice question.", node)
