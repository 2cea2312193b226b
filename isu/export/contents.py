"""What an export package holds, as plain data, and the errors reading or writing one raises.

The names and limits of the format (``isu.export.package`` builds and reads the zip,
``isu.export.manifest`` and ``isu.export.codebook`` check its parts). See
docs/export-format.md.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import isu
from isu.domain.form import PrivacyClass
from isu.errors import EnvironmentProblem, UserError

FORMAT_NAME = "isux"


FORMAT_VERSION = 1


SUPPORTED_FORMAT_VERSIONS = frozenset({1})


MANIFEST_NAME = "manifest.json"


CODEBOOK_JSON = "codebook.json"


CODEBOOK_CSV = "codebook.csv"


RESERVED_NAMES = frozenset({MANIFEST_NAME, CODEBOOK_JSON, CODEBOOK_CSV})


KINDS = ("aggregate", "records")


CSV_DELIMITER = ";"


FORBIDDEN_PRIVACY_CLASSES = frozenset(
    {PrivacyClass.DIRECT_IDENTIFIER.value, PrivacyClass.FREE_TEXT.value}
)


# "pseudonym" marks the export id column; the rest are the form model's classes.
PRIVACY_CLASSES = frozenset({c.value for c in PrivacyClass} | {"pseudonym"})


# Column names that are refused whatever the codebook says (defence in depth).
FORBIDDEN_COLUMN_NAMES = frozenset(
    {"personnummer", "pnr", "samordningsnummer", "namn", "name", "fornamn", "förnamn",
     "efternamn", "first_name", "last_name", "full_name"}
)  # fmt: skip


CODEBOOK_CSV_COLUMNS = (
    "variable", "label_sv", "label_en", "type", "privacy_class", "form_version",
    "value_kind", "value_code", "value_label_sv", "value_label_en",
)  # fmt: skip


_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


# --- errors --------------------------------------------------------------------------------


class PackageInvalid(UserError):
    """The package (or what would become one) breaks the format or the privacy rules."""


class NotAPackage(PackageInvalid):
    pass


class PackageTooLarge(PackageInvalid):
    pass


class UnsafeName(PackageInvalid):
    pass


class ManifestInvalid(PackageInvalid):
    pass


class UnsupportedFormat(PackageInvalid):
    pass


class FileMissing(PackageInvalid):
    pass


class UnlistedFile(PackageInvalid):
    pass


class HashMismatch(PackageInvalid):
    pass


class CodebookInvalid(PackageInvalid):
    pass


class DataFileInvalid(PackageInvalid):
    pass


class ForbiddenVariable(PackageInvalid):
    """A direct identifier or free text would leave (or has left) the unit."""


class PackageWriteError(EnvironmentProblem):
    pass


# --- plain data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CodedValue:
    """A choice or a missing code with its labels."""

    code: str
    label_sv: str
    label_en: str = ""


@dataclass(frozen=True)
class Variable:
    """One codebook entry: a column that appears in some data file."""

    code: str
    label_sv: str
    label_en: str
    type: str
    choices: tuple[CodedValue, ...] = ()
    missing_codes: tuple[CodedValue, ...] = ()
    privacy_class: str = PrivacyClass.NONE.value
    form_version: int | None = None

    @property
    def is_forbidden(self) -> bool:
        return normal_class(self.privacy_class) in FORBIDDEN_PRIVACY_CLASSES


@dataclass(frozen=True)
class DataFile:
    """A CSV file in the package: its path inside the zip, header and rows of text cells."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_records(
        cls, name: str, records: Iterable[Mapping[str, Any]], columns: Sequence[str]
    ) -> DataFile:
        rows = tuple(tuple(format_cell(record.get(col)) for col in columns) for record in records)
        return cls(name, tuple(columns), rows)


@dataclass(frozen=True)
class ExportPlan:
    """What is exported, as recorded in the manifest."""

    form_id: str
    form_versions: tuple[int, ...]
    municipality_code: str
    unit: str
    period_from: dt.date
    period_to: dt.date
    kind: str  # "aggregate" | "records"
    k: int
    rules: tuple[str, ...] = ()
    # Records exports: k, l, the quasi-identifier and sensitive columns and the measured
    # uniqueness before and after (manifest field ``disclosure``; absent when None).
    disclosure: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ExportCounts:
    rows: int
    generalised: int = 0
    suppressed: int = 0


@dataclass(frozen=True)
class PackageContents:
    plan: ExportPlan
    variables: tuple[Variable, ...]
    files: tuple[DataFile, ...]
    counts: ExportCounts
    export_id: str
    created: dt.date
    software_version: str = isu.__version__
    format_version: int = FORMAT_VERSION
    # The exporting database's audit-chain head (isu.services.anchor); optional.
    audit_anchor: dict | None = None

    def __post_init__(self) -> None:
        # Files are kept in name order so a read-back package compares equal.
        object.__setattr__(self, "files", tuple(sorted(self.files, key=lambda f: f.name)))

    @classmethod
    def new(
        cls,
        plan: ExportPlan,
        variables: Sequence[Variable],
        files: Sequence[DataFile],
        counts: ExportCounts,
        *,
        created: dt.date | None = None,
    ) -> PackageContents:
        """Contents with a fresh export id (uuid4) and today's date."""
        return cls(
            plan=plan,
            variables=tuple(variables),
            files=tuple(files),
            counts=counts,
            export_id=str(uuid.uuid4()),
            created=created or dt.date.today(),
        )

    def file(self, name: str) -> DataFile:
        for data_file in self.files:
            if data_file.name == name:
                return data_file
        raise KeyError(name)


@dataclass(frozen=True)
class ReadLimits:
    """Caps that keep a hostile file from exhausting memory or time."""

    max_package_bytes: int = 256 * 1024 * 1024
    max_members: int = 1000
    max_total_bytes: int = 512 * 1024 * 1024


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True)
class VerifyReport:
    sealed: bool
    export_id: str
    kind: str
    format_version: int
    created: dt.date
    files: tuple[tuple[str, str], ...]  # (name, sha256) of every file but the manifest
    variables: int
    data_rows: int

    def summary(self, lang: str = "sv") -> str:
        if lang == "sv":
            sealed = " (förseglat)" if self.sealed else ""
            return (
                f"Paketet {self.export_id}{sealed} är giltigt: {len(self.files)} filer, "
                f"{self.variables} variabler, {self.data_rows} datarader."
            )
        sealed = " (sealed)" if self.sealed else ""
        return (
            f"Package {self.export_id}{sealed} is valid: {len(self.files)} files, "
            f"{self.variables} variables, {self.data_rows} data rows."
        )


@dataclass(frozen=True)
class WrittenPackage:
    """What was written, for the export log."""

    path: Path
    sha256: str
    size: int
    sealed: bool
    export_id: str


# --- cells and names -----------------------------------------------------------------------


def format_cell(value: Any) -> str:
    """The CSV text for a value: codes as is, numbers with '.', dates ISO, multi-codes '|'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return "|".join(format_cell(item) for item in items)
    if isinstance(value, enum.Enum):
        return format_cell(value.value)  # enums carry their code in .value
    return str(value)


def check_member_name(name: str) -> None:
    segments = name.split("/")
    if not name or len(name) > 200 or not all(_SAFE_SEGMENT.fullmatch(s) for s in segments):
        raise UnsafeName(
            f"Otillåtet filnamn i paketet: {name[:80]!r}.",
            f"Unsafe file name in the package: {name[:80]!r}.",
            hint_sv="Tillåtet: bokstäver a–z, siffror, . _ - och / mellan mappar.",
            hint_en="Allowed: letters a–z, digits, . _ - and / between folders.",
        )


def normal_class(privacy_class: str) -> str:
    return privacy_class.strip().lower().replace("-", "_").replace(" ", "_")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
