"""The command line's own words: the UI language (``ui_language``, ``tr``, ``say``), argparse
in Swedish, no abbreviated options and no password on the command line. The parser pieces the
commands share (Swedish metavars and help texts) are in ``isu.cli.common``.

argparse looks its texts up through ``gettext`` at the moment it uses them (its module-level
``_`` and ``ngettext``); ``argparse_language("sv")`` installs a translation for exactly those
strings while the ``isu`` parser is built and run, the same way a gettext catalogue for the
argparse domain would, without a compiled ``.mo`` file to ship.
"""

from __future__ import annotations

import argparse
import contextlib
import locale
import os
from collections.abc import Iterator, Sequence


# -- language and output -----------------------------------------------------------------------
def ui_language() -> str:
    chosen = os.environ.get("ISU_LANG")
    if chosen in ("sv", "en"):
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.startswith("en") else "sv"
    loc = locale.getlocale()[0] or "sv"
    return "en" if loc.startswith("en") else "sv"


def say(sv: str, en: str) -> None:
    print(sv if ui_language() == "sv" else en)


def tr(sv: str, en: str) -> str:
    return sv if ui_language() == "sv" else en


# argparse's message ids (Python 3.11–3.13) → Swedish.
ARGPARSE_SV: dict[str, str] = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "optional arguments": "flaggor",
    "show this help message and exit": "visa den här hjälptexten och avsluta",
    "show program's version number and exit": "visa programmets version och avsluta",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "följande argument krävs: %s",
    "one of the arguments %s is required": "ett av argumenten %s krävs",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ogiltigt val: %(value)r (välj bland %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "expected one argument": "ett värde krävs",
    "expected at most one argument": "högst ett värde tillåts",
    "expected at least one argument": "minst ett värde krävs",
    "not allowed with argument %s": "kan inte kombineras med %s",
    "ignored explicit argument %r": "värdet %r kan inte ges här",
    "ambiguous option: %(option)s could match %(matches)s": (
        "flaggan %(option)s är tvetydig; den kan betyda %(matches)s"
    ),
    "unexpected option string: %s": "oväntad flagga: %s",
    "can't open '%(filename)s': %(error)s": "kan inte öppna '%(filename)s': %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "okänt kommando %(parser_name)r (välj bland %(choices)s)"
    ),
    "cannot have multiple subparser arguments": "bara ett kommando åt gången",
    "argument required": "argument krävs",
}
ARGPARSE_SV_PLURAL: dict[str, tuple[str, str]] = {
    "expected %s argument": ("%s värde krävs", "%s värden krävs"),
}


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """Let argparse speak ``lang`` ("sv" or "en") inside the block."""
    if lang != "sv":
        yield
        return
    original, original_n = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def translate(message: str) -> str:
        # Not .get(message, original(message)): that searched gettext's catalogues on
        # every call, over a hundred times while the parser is built.
        return ARGPARSE_SV[message] if message in ARGPARSE_SV else original(message)

    def translate_n(singular: str, plural: str, n: int) -> str:
        if singular in ARGPARSE_SV_PLURAL:
            one, many = ARGPARSE_SV_PLURAL[singular]
            return one if n == 1 else many
        return original_n(singular, plural, n)

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
        argparse.ngettext = original_n  # type: ignore[attr-defined]


class IsuArgumentParser(argparse.ArgumentParser):
    """Every ``isu`` parser and sub-parser: options are never abbreviated, so ``--pass`` can
    never be taken for ``--password-file`` (sub-parsers inherit the class)."""

    def __init__(self, *args, **kwargs):
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)


# -- secrets on the command line --------------------------------------------------------------
# Options that would carry a secret as their value. They do not exist, and a prefix of one of
# them (--pass, --passw, --password=x …) is refused before argparse can echo the value back.
SECRET_OPTIONS = ("--password", "--new-password", "--passphrase", "--recovery-key")


def secret_option(argv: Sequence[str], known: set[str]) -> str | None:
    """The first argument that tries to give a secret as an option, or None. ``known`` holds
    the real option names (``--password-file``, ``--recovery`` …), which are allowed."""
    for token in argv:
        if token == "--":
            break
        if not token.startswith("--"):
            continue
        name = token.split("=", 1)[0]
        if name in known or len(name) < 3:  # "--" alone ends the options, see above
            continue
        if any(secret.startswith(name) for secret in SECRET_OPTIONS):
            return name
    return None


def option_names(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of ``parser`` and of all its sub-parsers."""
    names: set[str] = set()
    stack = [parser]
    while stack:
        current = stack.pop()
        for action in current._actions:
            names.update(action.option_strings)
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
    return names
