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


class KeyChanged(UserError):
    """The database was given a new data key (``isu rekey``, disabling a user, a recovery
    reset) by another window or program after this one logged in: its key no longer fits."""

    def __init__(self) -> None:
        super().__init__(
            "Databasens nyckel har bytts sedan du loggade in (i ett annat fönster eller"
            " program). Logga in igen.",
            "The database's key was changed since you logged in (in another window or"
            " program). Log in again.",
            hint_sv="Det du inte hann spara finns kvar på skärmen; kopiera det innan du"
            " loggar in igen.",
            hint_en="What you had not saved is still on the screen; copy it before you log"
            " in again.",
        )


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


# -- operating-system errors in words ---------------------------------------------------------
# One home for what an OSError means, in both languages, so that no message shows the C
# library's English text ("No such file or directory") in the Swedish program.
_ERRNO_TEXT: dict[str, tuple[str, str]] = {
    "ENOENT": ("filen eller mappen finns inte", "the file or folder does not exist"),
    "ENOTDIR": ("en del av sökvägen är ingen mapp", "part of the path is not a folder"),
    "EISDIR": ("det är en mapp, inte en fil", "it is a folder, not a file"),
    "EACCES": ("behörighet saknas", "permission denied"),
    "EPERM": ("åtgärden är inte tillåten", "the operation is not permitted"),
    "EROFS": ("mediet är skrivskyddat", "the medium is read-only"),
    "ENOSPC": ("disken är full", "the disk is full"),
    "EDQUOT": ("diskkvoten är slut", "the disk quota is used up"),
    "EFBIG": ("filen blir för stor", "the file grows too large"),
    "EEXIST": ("filen finns redan", "the file already exists"),
    "ENAMETOOLONG": ("namnet är för långt", "the name is too long"),
    "EBUSY": ("filen används av ett annat program", "the file is in use by another program"),
    "ETXTBSY": ("filen används av ett annat program", "the file is in use by another program"),
    "EIO": ("läs- eller skrivfel på mediet", "a read or write error on the medium"),
    "EMFILE": ("för många öppna filer", "too many open files"),
    "ENFILE": ("för många öppna filer", "too many open files"),
    "ELOOP": ("för många symboliska länkar", "too many symbolic links"),
    "ENOTEMPTY": ("mappen är inte tom", "the folder is not empty"),
    "EXDEV": ("flytt mellan olika diskar går inte", "cannot move between different disks"),
    "EINVAL": ("ogiltigt namn eller argument", "an invalid name or argument"),
}


def os_error_text(exc: OSError, lang: str = "sv") -> str:
    """What went wrong, in words, without the file name: ``filen eller mappen finns inte``."""
    import errno as errno_module

    name = errno_module.errorcode.get(exc.errno or -1, "")
    sv, en = _ERRNO_TEXT.get(
        name,
        (
            f"systemfel {name or exc.errno or type(exc).__name__}",
            f"system error {name or exc.errno or type(exc).__name__}",
        ),
    )
    return sv if lang == "sv" else en


def from_os_error(exc: OSError, path: object = None) -> IsuError:
    """An OSError as a bilingual error naming the file: ``Filen x: behörighet saknas.``"""
    import errno as errno_module

    where = path if path is not None else (exc.filename or "")
    sv, en = os_error_text(exc, "sv"), os_error_text(exc, "en")
    kind: type[IsuError] = EnvironmentProblem
    if exc.errno in (errno_module.ENOSPC, getattr(errno_module, "EDQUOT", -1)):
        kind = DiskFull
    elif exc.errno in (errno_module.ENOENT, errno_module.ENOTDIR, errno_module.EISDIR):
        kind = UserError
    if where:
        return kind(f"{where}: {sv}.", f"{where}: {en}.")
    return kind(f"{sv[:1].upper()}{sv[1:]}.", f"{en[:1].upper()}{en[1:]}.")
