"""Error types shared by every layer.

Two families: ``UserError`` is something the user can fix (bad input, wrong password, a
form with mistakes) and maps to exit code 2; ``EnvironmentProblem`` is the machine's
fault (disk full, locked file, corrupt database) and maps to exit code 1. Anything else
is a bug and becomes a crash report. Every message exists in Swedish and English.
"""

from __future__ import annotations


class IsuError(Exception):
    """Base of every error the program expects and can explain."""

    exit_code = 1

    def __init__(self, sv: str, en: str | None = None, *, hint_sv: str = "", hint_en: str = ""):
        super().__init__(en or sv)
        self.sv = sv
        self.en = en or sv
        self.hint_sv = hint_sv
        self.hint_en = hint_en or hint_sv

    def message(self, lang: str = "sv") -> str:
        text, hint = (self.sv, self.hint_sv) if lang == "sv" else (self.en, self.hint_en)
        return f"{text} {hint}".strip()


class UserError(IsuError):
    """Bad input or usage: the user can correct it."""

    exit_code = 2


class EnvironmentProblem(IsuError):
    """The machine, the disk or the file is at fault, not the input."""

    exit_code = 1


class WrongPassword(UserError):
    pass


class KeySlotError(UserError):
    """The key-slot file is missing, damaged or tampered with."""


class PermissionDenied(UserError):
    """The signed-in user's role does not allow the operation."""


class NotFound(UserError):
    pass


class FormError(UserError):
    """A form definition has problems; ``problems`` lists them all."""

    def __init__(self, problems: list, sv: str | None = None, en: str | None = None):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else ""
        super().__init__(
            sv or f"Formuläret har {len(self.problems)} fel. Första: {first}",
            en or f"The form has {len(self.problems)} problem(s). First: {first}",
        )


class DatabaseNewer(EnvironmentProblem):
    pass


class DatabaseCorrupt(EnvironmentProblem):
    pass


class DatabaseLocked(EnvironmentProblem):
    pass


class DiskFull(EnvironmentProblem):
    pass
