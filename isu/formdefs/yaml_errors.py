"""A YAML syntax error in words, in Swedish or English, with its line and column.

PyYAML (and libyaml under it) describe problems in English only ("did not find expected
key"); the Swedish program says what is wrong in Swedish instead, and where.
"""

from __future__ import annotations

import re

# (pattern on the parser's problem text, Swedish, English); the first match wins.
_PROBLEMS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), sv, en)
    for pattern, sv, en in (
        (
            r"did not find expected key|expected <block end>",
            "indraget stämmer inte: en rad är indragen fel eller en nyckel saknas",
            "the indentation does not fit: a line is indented wrongly or a key is missing",
        ),
        (
            r"expected '-' indicator",
            "en rad i listan saknar sitt '-'",
            "a line in the list is missing its '-'",
        ),
        (
            r"mapping values are not allowed",
            "ett kolon står där inget värde får börja (sätt texten inom citattecken)",
            "a colon where no value may start (put the text in quotes)",
        ),
        (
            r"could not find expected ':'",
            "ett kolon saknas efter nyckeln",
            "a colon is missing after the key",
        ),
        (
            r"expected ',' or '\]'|did not find expected ',' or '\]'",
            "en lista inom [ ] är inte avslutad",
            "a list in [ ] is not closed",
        ),
        (
            r"expected ',' or '\}'|did not find expected ',' or '\}'",
            "en uppsättning inom { } är inte avslutad",
            "a mapping in { } is not closed",
        ),
        (
            r"tab character|'\\t'",
            "ett tabbtecken används för indrag (använd mellanslag)",
            "a tab character is used for indentation (use spaces)",
        ),
        (
            r"cannot start any token",
            "ett tecken som inte får inleda ett värde (sätt texten inom citattecken)",
            "a character that may not start a value (put the text in quotes)",
        ),
        (
            r"unexpected end of stream",
            "filen tar slut mitt i ett värde (ett citattecken eller en parentes saknas)",
            "the file ends in the middle of a value (a quote or a bracket is missing)",
        ),
        (
            r"undefined alias",
            "en hänvisning (*namn) till ett ankare som inte finns",
            "a reference (*name) to an anchor that does not exist",
        ),
        (
            r"duplicate anchor",
            "samma ankare (&namn) finns två gånger",
            "the same anchor (&name) appears twice",
        ),
        (
            r"unknown escape character|invalid Unicode character escape",
            "en ogiltig kod efter \\ inom citattecken",
            "an invalid code after \\ inside quotes",
        ),
        (
            r"control characters|special characters|invalid leading UTF-8|unacceptable character",
            "filen innehåller otillåtna tecken",
            "the file holds characters that are not allowed",
        ),
        (
            r"expected (a comment or )?a line break|found extra tokens|expected '<document start>'"
            r"|did not find expected <document start>",
            "oväntad text efter ett värde",
            "unexpected text after a value",
        ),
        (r"did not find expected node content", "ett värde saknas", "a value is missing"),
    )
)


def yaml_problem_text(error: Exception, lang: str = "sv") -> str:
    """``Syntaxfel på rad 3, kolumn 1: …`` for a YAML error (``lang`` is ``sv`` or ``en``)."""
    problem = " ".join(str(getattr(error, "problem", "") or error).split())
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    sv, en = "okänt syntaxfel", "unknown syntax error"
    for pattern, psv, pen in _PROBLEMS:
        if pattern.search(problem):
            sv, en = psv, pen
            break
    if mark is None:
        return f"Syntaxfel: {sv}" if lang == "sv" else f"Syntax error: {en}"
    line, column = mark.line + 1, mark.column + 1
    if lang == "sv":
        return f"Syntaxfel på rad {line}, kolumn {column}: {sv}"
    return f"Syntax error at line {line}, column {column}: {en}"
