"""The small expression language used by form skip logic (``relevant``) and ``constraint``.

This module holds the syntax: a tokenizer and a recursive-descent parser into frozen AST
nodes. The type checker run when a form is checked lives in `isu.domain.expr_types`, the
evaluator that walks the AST in `isu.domain.expr_eval`. There is no ``eval``, no attribute
access and no way to call anything but the handful of functions listed in ``FUNCTIONS``.
Input length and nesting depth are bounded so no input can hang or blow the stack. The grammar
(EBNF) is documented in docs/forms.md and mirrored by the parser::

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
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

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
        raise too_deep(None)
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


def too_deep(pos: int | None) -> ExpressionError:
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
            raise too_deep(self.current.pos)

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
        raise too_deep(None)
    return node


def parse_date(text: str) -> dt.date | None:
    if not _DATE_RE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
