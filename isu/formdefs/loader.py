"""Load a form definition from YAML text or a file into a checked FormSpec."""

from __future__ import annotations

import os
from pathlib import Path

from isu.domain.form import FormSpec
from isu.errors import FormError
from isu.formdefs.check import check_built
from isu.formdefs.problems import Problem, ProblemList
from isu.formdefs.schema import build_form
from isu.formdefs.yamltree import read_yaml


def _problems_and_form(text: str, source: str) -> tuple[list[Problem], FormSpec | None]:
    problems = ProblemList()
    data = read_yaml(text, problems)
    if data is None and problems:
        return problems.sorted(), None
    built = build_form(data, problems, source)
    check_built(built, problems)
    return problems.sorted(), built.form


def check_form_text(text: str, source: str = "<form>") -> list[Problem]:
    """Every problem in the form text (empty when it is fine)."""
    return _problems_and_form(text, source)[0]


def load_form_text(text: str, source: str = "<form>") -> FormSpec:
    """The checked form; raises ``FormError`` listing every problem."""
    problems, form = _problems_and_form(text, source)
    if problems or form is None:
        raise _form_error(problems, source)
    return form


def _form_error(problems: list[Problem], source: str) -> FormError:
    first = problems[0] if problems else Problem(1, "Okänt fel.", "Unknown problem.")
    return FormError(
        problems,
        sv=f"Formuläret {source} har {len(problems)} fel. Första: {first.format('sv')}",
        en=f"The form {source} has {len(problems)} problem(s). First: {first.format('en')}",
    )


def _read_text(path: str | os.PathLike) -> tuple[str | None, list[Problem]]:
    try:
        return Path(path).read_text(encoding="utf-8"), []
    except UnicodeDecodeError:
        return None, [Problem(1, "Filen är inte UTF-8-kodad.", "The file is not UTF-8 encoded.")]
    except OSError as error:
        from isu.errors import os_error_text

        sv, en = os_error_text(error, "sv"), os_error_text(error, "en")
        problem = Problem(1, f"Kan inte läsa filen {path}: {sv}", f"Cannot read the file: {en}")
        return None, [problem]


def check_form_file(path: str | os.PathLike) -> list[Problem]:
    text, problems = _read_text(path)
    if text is None:
        return problems
    return check_form_text(text, str(path))


def load_form(path: str | os.PathLike) -> FormSpec:
    text, problems = _read_text(path)
    if text is None:
        raise _form_error(problems, str(path))
    return load_form_text(text, str(path))
