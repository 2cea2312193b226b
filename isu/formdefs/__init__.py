"""Form definitions: load and check forms/*.yaml into a typed FormSpec, and apply them.

Public API::

    load_form_text(text, source="<form>") -> FormSpec      # raises FormError(.problems)
    load_form(path) -> FormSpec
    check_form_file(path) -> list[Problem]                  # empty when the form is fine
    evaluate_case(form, answers, repeats, today) -> Evaluation
    parse_value(question, raw) -> Value / format_value(question, value, lang) -> str
    diff_forms(old, new) -> FormDiff / check_upgrade(old, new) -> list[UpgradeIssue]
"""

from isu.formdefs.diff import (
    ChoiceChange,
    FormDiff,
    TypeChange,
    UpgradeIssue,
    check_upgrade,
    diff_forms,
)
from isu.formdefs.evaluate import Evaluation, Issue, evaluate_case, instance_key, valid_value
from isu.formdefs.loader import check_form_file, check_form_text, load_form, load_form_text
from isu.formdefs.problems import Problem
from isu.formdefs.values import AnswerFormatError, format_value, parse_answer, parse_value

__all__ = [
    "AnswerFormatError",
    "ChoiceChange",
    "Evaluation",
    "FormDiff",
    "Issue",
    "Problem",
    "TypeChange",
    "UpgradeIssue",
    "check_form_file",
    "check_form_text",
    "check_upgrade",
    "diff_forms",
    "evaluate_case",
    "format_value",
    "instance_key",
    "load_form",
    "load_form_text",
    "parse_answer",
    "parse_value",
    "valid_value",
]
