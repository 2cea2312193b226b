"""Translate REDCap branching logic and XLSForm ``relevant``/``constraint`` into our
expression language (docs/forms.md), or say why it cannot be done.

Only the common, safe subset is translated: references, comparisons with literals,
``and``/``or``/``not``, parentheses, arithmetic, ``selected()``, ``count-selected()``,
``string-length()``, ``today()`` and ``date()``. Literals are converted to the referenced
question's type (``[smoker] = '1'`` on a yes/no question becomes ``smoker = true``); an empty
string means "unanswered". Anything else (other functions, events, repeats, regular
expressions) is reported as untranslatable: the importer then drops the rule and says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from isu.domain import expr, expr_types
from isu.formdefs.importers.common import choice_code


@dataclass(frozen=True)
class FieldInfo:
    """An imported question as the translator sees it."""

    code: str  # our code
    qtype: str  # our type
    choices: dict[str, str] = field(default_factory=dict)  # their choice code → ours


Lookup = Callable[[str], FieldInfo | None]


class Untranslatable(Exception):
    def __init__(self, sv: str, en: str):
        super().__init__(en)
        self.sv = sv
        self.en = en


_TOKEN_RE = re.compile(
    r"""(?P<space>\s+)
    |\[(?P<rc>[A-Za-z][A-Za-z0-9_]*)(?:\((?P<rc_choice>[^)\]]*)\))?\]
    |\$\{(?P<xls>[A-Za-z_][A-Za-z0-9_.-]*)\}
    |'(?P<sq>[^']*)'|"(?P<dq>[^"]*)"
    |(?P<num>\d+(?:\.\d+)?)
    |(?P<op><>|!=|<=|>=|=|<|>|\+|-|\*|/)
    |(?P<punct>[(),])
    |(?P<self>\.(?![0-9]))
    |(?P<word>[A-Za-z_][A-Za-z0-9_:-]*)
    """,
    re.VERBOSE,
)
_COMPARE = {"=": "=", "<>": "!=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_SWAPPED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_FUNCTIONS = {
    "count-selected": "count_selected",
    "string-length": "length",
    "today": "today",
    "date": "date",
    "not": "not",
}
_NUMERIC = ("integer", "decimal", "scale", "computed")


@dataclass
class _Tok:
    kind: str  # ref, self, str, num, op, punct, word
    text: str
    info: FieldInfo | None = None
    choice: str | None = None  # REDCap checkbox reference [var(code)]


def _fail(sv: str, en: str) -> Untranslatable:
    return Untranslatable(sv, en)


def tokenize(text: str, lookup: Lookup, own: FieldInfo | None) -> list[_Tok]:
    if re.search(r"\]\s*\[", text):
        raise _fail(
            "händelse- eller instansreferenser ([händelse][fält]) stöds inte",
            "event or instance references ([event][field]) are not supported",
        )
    tokens: list[_Tok] = []
    position = 0
    while position < len(text):
        match = _TOKEN_RE.match(text, position)
        if match is None:
            bad = text[position : position + 10]
            raise _fail(f"okänt tecken vid {bad!r}", f"unknown character at {bad!r}")
        position = match.end()
        kind = match.lastgroup or ""
        if kind == "space":
            continue
        if kind == "rc_choice":
            kind = "rc"
        tokens.append(_token(kind, match, lookup, own))
    return tokens


def _token(kind: str, match: re.Match[str], lookup: Lookup, own: FieldInfo | None) -> _Tok:
    if kind in ("rc", "xls"):
        name = match.group(kind)
        info = lookup(name)
        if info is None:
            raise _fail(f"okänt fält {name}", f"unknown field {name}")
        return _Tok("ref", info.code, info, match.group("rc_choice") if kind == "rc" else None)
    if kind in ("sq", "dq"):
        return _Tok("str", match.group(kind))
    if kind == "self":
        if own is None:
            raise _fail("'.' kan bara användas i en constraint", "'.' only works in a constraint")
        return _Tok("self", ".", own)
    return _Tok(kind, match.group(kind))


def translate(text: str, lookup: Lookup, own: FieldInfo | None = None) -> str:
    """Our expression for ``text``; raises ``Untranslatable``."""
    tokens = tokenize(text, lookup, own)
    out: list[str] = []
    index = 0
    while index < len(tokens):
        index = _step(tokens, index, out)
    return _join(out)


def _step(tokens: list[_Tok], index: int, out: list[str]) -> int:
    token = tokens[index]
    nxt = tokens[index + 1] if index + 1 < len(tokens) else None
    after = tokens[index + 2] if index + 2 < len(tokens) else None
    operands = ("ref", "self", "str", "num")
    if (
        nxt is not None
        and nxt.kind == "op"
        and nxt.text in _COMPARE
        and after is not None
        and token.kind in operands
        and after.kind in operands
    ):
        out.append(_comparison(token, _COMPARE[nxt.text], after))
        return index + 3
    if token.kind == "word":
        return _word(tokens, index, out)
    if token.kind == "ref":
        if token.choice is not None:
            raise _fail(
                "kryssrutefält måste jämföras med '1' eller '0'",
                "checkbox fields must be compared with '1' or '0'",
            )
        out.append(token.text)
    elif token.kind == "str":
        out.append(_quote(token.text))
    elif token.kind == "op":
        out.append(_COMPARE.get(token.text, token.text))
    else:
        out.append(token.text)
    return index + 1


def _word(tokens: list[_Tok], index: int, out: list[str]) -> int:
    word = tokens[index].text.lower()
    called = index + 1 < len(tokens) and tokens[index + 1].text == "("
    if word in ("and", "or") and not called:
        out.append(word)
    elif word == "not" and not called:
        out.append("not")
    elif word == "div" and not called:
        out.append("/")
    elif word in ("true", "false") and not called:
        out.append(word)
    elif called and word in ("true", "false") and _text(tokens, index + 2) == ")":
        out.append(word)
        return index + 3
    elif called and word == "selected":
        return _selected(tokens, index, out)
    elif called and word in _FUNCTIONS:
        out.append(_FUNCTIONS[word])
    else:
        shown = tokens[index].text
        raise _fail(
            f"{shown} finns inte i vårt uttrycksspråk",
            f"{shown} does not exist in our expression language",
        )
    return index + 1


def _text(tokens: list[_Tok], index: int) -> str | None:
    return tokens[index].text if index < len(tokens) else None


def _selected(tokens: list[_Tok], index: int, out: list[str]) -> int:
    parts = tokens[index + 2 : index + 6]
    shape = [t.kind for t in parts]
    if shape != ["ref", "punct", "str", "punct"] or parts[3].text != ")":
        raise _fail(
            "selected() med annat än (fält, 'val')",
            "selected() with something other than (field, 'choice')",
        )
    ref, choice = parts[0], parts[2].text
    out.append(f"selected({ref.text}, {_quote(_our_choice(ref.info, choice))})")
    return index + 6


def _our_choice(info: FieldInfo | None, choice: str) -> str:
    if info is None or info.qtype not in ("single", "multiple"):
        raise _fail(
            "selected() på ett fält som inte är ett val",
            "selected() on a field that is not a choice",
        )
    ours = info.choices.get(choice, info.choices.get(choice.strip()))
    if ours is None:
        raise _fail(
            f"valet {choice!r} finns inte i {info.code}",
            f"the choice {choice!r} is not in {info.code}",
        )
    return ours


def _comparison(left: _Tok, op: str, right: _Tok) -> str:
    if left.kind in ("str", "num") and right.kind in ("ref", "self"):
        left, right, op = right, left, _SWAPPED[op]
    if left.kind not in ("ref", "self"):
        raise _fail("jämförelse utan fält", "comparison without a field")
    if right.kind in ("ref", "self"):
        return f"{_operand(left)} {op} {_operand(right)}"
    info = left.info
    assert info is not None
    literal = right.text
    if left.choice is not None:
        return _checkbox(left, op, literal)
    if literal == "" and right.kind == "str":
        if op not in ("=", "!="):
            raise _fail("jämförelse med tom text", "comparison with empty text")
        return f"answered({left.text})" if op == "!=" else f"not answered({left.text})"
    return f"{_operand(left)} {op} {_literal(info, op, literal)}"


def _operand(token: _Tok) -> str:
    if token.choice is not None:
        raise _fail(
            "kryssrutefält i jämförelse mellan fält",
            "checkbox field in a comparison between fields",
        )
    return token.text


def _checkbox(left: _Tok, op: str, literal: str) -> str:
    assert left.info is not None and left.choice is not None
    if op not in ("=", "!=") or literal not in ("0", "1"):
        raise _fail(
            "kryssrutefält måste jämföras med '1' eller '0'",
            "checkbox fields must be compared with '1' or '0'",
        )
    call = f"selected({left.text}, {_quote(_our_choice(left.info, left.choice))})"
    chosen = (literal == "1") == (op == "=")
    return call if chosen else f"not {call}"


def _literal(info: FieldInfo, op: str, literal: str) -> str:
    if info.qtype == "single":
        if op not in ("=", "!="):
            raise _fail(
                "ett val kan bara jämföras med = eller !=",
                "a choice can only be compared with = or !=",
            )
        return _quote(_our_choice(info, literal))
    if info.qtype == "multiple":
        raise _fail(
            f"flervalsfrågan {info.code} jämförs med ett värde",
            f"the multiple-choice field {info.code} is compared with a value",
        )
    if info.qtype == "yesno":
        value = {
            "1": "true",
            "yes": "true",
            "true": "true",
            "0": "false",
            "no": "false",
            "false": "false",
        }.get(literal.lower())
        if value is None or op not in ("=", "!="):
            raise _fail(
                f"ja/nej-fältet {info.code} jämförs med {literal!r}",
                f"the yes/no field {info.code} is compared with {literal!r}",
            )
        return value
    if info.qtype in _NUMERIC:
        if not re.fullmatch(r"-?\d+(\.\d+)?", literal):
            raise _fail(
                f"talfältet {info.code} jämförs med {literal!r}",
                f"the number field {info.code} is compared with {literal!r}",
            )
        return literal
    if info.qtype == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", literal):
        raise _fail(
            f"datumet {literal!r} är inte ÅÅÅÅ-MM-DD", f"the date {literal!r} is not YYYY-MM-DD"
        )
    return _quote(literal)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _join(parts: list[str]) -> str:
    text = " ".join(parts)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+([),])", r"\1", text)
    text = re.sub(r"\b(length|today|date|count_selected|answered|selected) \(", r"\1(", text)
    return text


def mapped_choices(codes: list[str]) -> dict[str, str]:
    """Their choice codes → ours (cleaned), for the translator."""
    return {code: choice_code(code) for code in codes}


# --- calculations -----------------------------------------------------------------------------

_ROUND_RE = re.compile(r"\s*round\s*\((?P<body>.*),\s*(?P<n>\d)\s*\)\s*", re.IGNORECASE | re.DOTALL)
_ARITHMETIC_ONLY = re.compile(r"[\s\d.+\-*/()]*")
_SCOPE_TYPES = {
    "yesno": expr_types.ExprType.BOOL,
    "date": expr_types.ExprType.DATE,
    "text": expr_types.ExprType.TEXT,
    "longtext": expr_types.ExprType.TEXT,
}


def split_round(text: str) -> tuple[str, int | None]:
    """``round(X, n)`` → (X, n); anything else → (text, None). Our computations round with
    ``decimals: n``, since the expression language has no round()."""
    match = _ROUND_RE.fullmatch(text)
    if match is None or match.group("body").count("(") != match.group("body").count(")"):
        return text, None
    return match.group("body"), int(match.group("n"))


def is_plain_arithmetic(text: str, ref: re.Pattern[str]) -> bool:
    """Only field references, numbers, + - * / and parentheses (a sum or a score)."""
    body, _ = split_round(text)
    return bool(_ARITHMETIC_ONLY.fullmatch(ref.sub("0", body)))


def scope_from_fields(fields: dict[str, FieldInfo]) -> Callable[[str], expr_types.TypeInfo | None]:
    """How imported fields look from inside an expression, by our code."""
    found: dict[str, expr_types.TypeInfo] = {}
    for info in fields.values():
        if not info.qtype or info.qtype == "descriptive":
            continue
        if info.qtype in ("single", "multiple"):
            kind = (
                expr_types.ExprType.CHOICE if info.qtype == "single" else expr_types.ExprType.MULTI
            )
            found[info.code] = expr_types.TypeInfo(
                kind, frozenset(info.choices.values()), code=info.code
            )
        else:
            kind = _SCOPE_TYPES.get(info.qtype, expr_types.ExprType.NUMBER)
            found[info.code] = expr_types.TypeInfo(kind, code=info.code)
    return found.get


def number_expression_problem(
    text: str, scope: Callable[[str], expr_types.TypeInfo | None]
) -> tuple[str, str] | None:
    """Why ``text`` (already translated) is no computation giving a number, or None."""
    try:
        info = expr_types.check(expr.parse(text), scope)
    except expr.ExpressionError as error:
        return error.sv, error.en
    if info.kind is not expr_types.ExprType.NUMBER:
        return "den ger inget tal", "it does not give a number"
    return None
