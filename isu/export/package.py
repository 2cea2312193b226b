"""The anonymised export package (``.isux``): a deterministic zip, optionally sealed.

Contents: ``manifest.json`` (metadata and the SHA-256 of every other file),
``codebook.json`` + ``codebook.csv`` (every exported variable) and the data files named by
the caller (CSV, UTF-8, ``;``). The same checks run when a package is built and when it is
verified, so a package this module writes always verifies, and a package that verifies
never carries a direct identifier or free text. See docs/export-format.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import errno
import hashlib
import io
import json
import os
import re
import struct
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import isu
from isu.domain.form import PrivacyClass
from isu.errors import DiskFull, EnvironmentProblem, NotFound, UserError, os_error_text
from isu.export.seal import KeyRequired, is_sealed, open_sealed, seal
from isu.fileio import atomic_write

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

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_MUNICIPALITY = re.compile(r"\d{2}(\d{2})?")
# Swedish personal / coordination number: [CC]YYMMDD[-+]NNNN, day 01–31 or 61–91.
_PERSONNUMMER = re.compile(
    r"(?<![0-9A-Za-z])(?:19|20)?(\d{2})(0[1-9]|1[0-2])([0-3]\d|[6-9]\d)[-+]?(\d{4})(?![0-9A-Za-z])"
)
_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
    NotImplementedError, ValueError, zlib.error, struct.error, KeyError, IndexError,
    OverflowError,
)  # fmt: skip


# --- errors ------------------------------------------------------------------------------


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


# --- plain data --------------------------------------------------------------------------


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
        return _normal_class(self.privacy_class) in FORBIDDEN_PRIVACY_CLASSES


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


# --- cells -------------------------------------------------------------------------------


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


# --- building ----------------------------------------------------------------------------


def build_package_bytes(contents: PackageContents) -> bytes:
    """The zip bytes of a package; the same contents always give the same bytes."""
    variables = _variables_from_json(_codebook_dict(contents.variables))
    for data_file in contents.files:
        _check_data_file(data_file, variables)
    members = {
        CODEBOOK_JSON: _json_bytes(_codebook_dict(contents.variables)),
        CODEBOOK_CSV: _codebook_csv_bytes(contents.variables),
    }
    for data_file in contents.files:
        if data_file.name in members:
            raise UnsafeName(
                f"Filnamnet {data_file.name} förekommer två gånger eller är reserverat.",
                f"The file name {data_file.name} is used twice or is reserved.",
            )
        members[data_file.name] = _csv_bytes((data_file.columns, *data_file.rows))
    manifest = _manifest_dict(contents, members)
    manifest["manifest_sha256"] = manifest_checksum(manifest)
    _validate_manifest(manifest)
    members[MANIFEST_NAME] = _json_bytes(manifest)
    return _zip_bytes(members)


def write_package(
    path: str | os.PathLike,
    contents: PackageContents,
    recipient_public_key: bytes | None = None,
) -> WrittenPackage:
    """Build, optionally seal for a recipient, and write atomically (all or nothing)."""
    data = build_package_bytes(contents)
    if recipient_public_key is not None:
        data = seal(data, recipient_public_key)
    target = Path(path)
    _write_atomic(target, data)
    return WrittenPackage(
        path=target,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        sealed=recipient_public_key is not None,
        export_id=contents.export_id,
    )


# --- reading and verifying ---------------------------------------------------------------


def read_package(
    path: str | os.PathLike,
    private_key: bytes | None = None,
    *,
    passphrase: bytes | str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> PackageContents:
    return read_package_bytes(_read_file(path, limits), private_key, passphrase, limits)


def verify_package(
    path: str | os.PathLike,
    private_key: bytes | None = None,
    *,
    passphrase: bytes | str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> VerifyReport:
    """Check everything; raise a ``PackageInvalid`` (or seal error) naming the first problem."""
    return verify_package_bytes(_read_file(path, limits), private_key, passphrase, limits)


def read_package_bytes(
    blob: bytes,
    private_key: bytes | None = None,
    passphrase: bytes | str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> PackageContents:
    return _load(blob, private_key, passphrase, limits)[0]


def verify_package_bytes(
    blob: bytes,
    private_key: bytes | None = None,
    passphrase: bytes | str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> VerifyReport:
    contents, sealed, hashes = _load(blob, private_key, passphrase, limits)
    return VerifyReport(
        sealed=sealed,
        export_id=contents.export_id,
        kind=contents.plan.kind,
        format_version=contents.format_version,
        created=contents.created,
        files=tuple(sorted(hashes.items())),
        variables=len(contents.variables),
        data_rows=sum(len(f.rows) for f in contents.files),
    )


def _load(
    blob: bytes, private_key: bytes | None, passphrase: bytes | str | None, limits: ReadLimits
) -> tuple[PackageContents, bool, dict[str, str]]:
    sealed = is_sealed(blob)
    if sealed:
        if private_key is None:
            raise KeyRequired(
                "Paketet är förseglat; ange mottagarens privata nyckel för att öppna det.",
                "The package is sealed; give the recipient's private key to open it.",
            )
        blob = open_sealed(blob, private_key, passphrase)
    members = _read_members(blob, limits)
    if MANIFEST_NAME not in members:
        raise FileMissing("Paketet saknar manifest.json.", "The package has no manifest.json.")
    manifest = _parse_json(MANIFEST_NAME, members.pop(MANIFEST_NAME))
    _validate_manifest(manifest)
    hashes = _check_listed_files(manifest["files"], members)
    variables = _variables_from_json(_parse_json(CODEBOOK_JSON, members[CODEBOOK_JSON]))
    if _codebook_csv_bytes(variables) != members[CODEBOOK_CSV]:
        raise CodebookInvalid(
            "codebook.csv stämmer inte med codebook.json.",
            "codebook.csv does not match codebook.json.",
        )
    files = tuple(
        _parse_data_file(name, data, variables)
        for name, data in sorted(members.items())
        if name not in RESERVED_NAMES
    )
    return _contents_from(manifest, variables, files), sealed, hashes


def _contents_from(
    manifest: dict[str, Any], variables: tuple[Variable, ...], files: tuple[DataFile, ...]
) -> PackageContents:
    counts = manifest["counts"]
    plan = ExportPlan(
        form_id=manifest["form_id"],
        form_versions=tuple(manifest["form_versions"]),
        municipality_code=manifest["municipality_code"],
        unit=manifest["unit"],
        period_from=dt.date.fromisoformat(manifest["period_from"]),
        period_to=dt.date.fromisoformat(manifest["period_to"]),
        kind=manifest["kind"],
        k=manifest["k"],
        rules=tuple(manifest["rules"]),
        disclosure=manifest.get("disclosure"),
    )
    return PackageContents(
        plan=plan,
        variables=variables,
        files=files,
        counts=ExportCounts(counts["rows"], counts["generalised"], counts["suppressed"]),
        export_id=manifest["export_id"],
        created=dt.date.fromisoformat(manifest["created"]),
        software_version=manifest["software_version"],
        format_version=manifest["format_version"],
        audit_anchor=manifest.get("audit_anchor"),
    )


# --- zip ---------------------------------------------------------------------------------


def _zip_bytes(members: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # fixed, so the bytes do not depend on the platform
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def _read_members(blob: bytes, limits: ReadLimits) -> dict[str, bytes]:
    if not blob.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise NotAPackage(
            "Filen är varken ett isux-paket (zip) eller ett förseglat paket.",
            "The file is neither an isux package (zip) nor a sealed package.",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            return _extract(archive, limits)
    except _ZIP_ERRORS as exc:
        raise NotAPackage(
            f"Paketet är skadat och kan inte packas upp ({type(exc).__name__}).",
            f"The package is damaged and cannot be unpacked ({type(exc).__name__}).",
        ) from exc


def _extract(archive: zipfile.ZipFile, limits: ReadLimits) -> dict[str, bytes]:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise _too_large(f"{len(infos)} filer", f"{len(infos)} files")
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        _check_member_name(info.filename)
        if info.filename in members:
            raise UnsafeName(
                f"Filen {info.filename} förekommer två gånger i paketet.",
                f"The file {info.filename} occurs twice in the package.",
            )
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise NotAPackage(
                f"Filen {info.filename} är krypterad eller komprimerad på ett sätt som inte stöds.",
                f"The file {info.filename} is encrypted or uses an unsupported compression.",
            )
        room = limits.max_total_bytes - total
        if info.file_size > room:
            raise _too_large("uppackad storlek", "unpacked size")
        with archive.open(info) as handle:
            data = handle.read(room + 1)
        total += len(data)
        if total > limits.max_total_bytes:
            raise _too_large("uppackad storlek", "unpacked size")
        members[info.filename] = data
    return members


def _check_member_name(name: str) -> None:
    segments = name.split("/")
    if not name or len(name) > 200 or not all(_SAFE_SEGMENT.fullmatch(s) for s in segments):
        raise UnsafeName(
            f"Otillåtet filnamn i paketet: {name[:80]!r}.",
            f"Unsafe file name in the package: {name[:80]!r}.",
            hint_sv="Tillåtet: bokstäver a–z, siffror, . _ - och / mellan mappar.",
            hint_en="Allowed: letters a–z, digits, . _ - and / between folders.",
        )


def _too_large(what_sv: str, what_en: str) -> PackageTooLarge:
    return PackageTooLarge(
        f"Paketet är för stort ({what_sv}) och öppnas inte.",
        f"The package is too large ({what_en}) and is not opened.",
    )


# --- manifest ----------------------------------------------------------------------------


def _manifest_dict(contents: PackageContents, members: Mapping[str, bytes]) -> dict[str, Any]:
    plan, counts = contents.plan, contents.counts
    extra = {} if plan.disclosure is None else {"disclosure": _plain_json(plan.disclosure)}
    return extra | {
        "format": FORMAT_NAME,
        "format_version": contents.format_version,
        "export_id": contents.export_id,
        "software_version": contents.software_version,
        "form_id": plan.form_id,
        "form_versions": list(plan.form_versions),
        "municipality_code": plan.municipality_code,
        "unit": plan.unit,
        "period_from": _iso(plan.period_from),
        "period_to": _iso(plan.period_to),
        "kind": plan.kind,
        "k": plan.k,
        "rules": list(plan.rules),
        "counts": {
            "rows": counts.rows,
            "generalised": counts.generalised,
            "suppressed": counts.suppressed,
        },
        "created": _iso(contents.created),
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(members.items())
        },
        **({"audit_anchor": contents.audit_anchor} if contents.audit_anchor is not None else {}),
    }


_MANIFEST_TYPES: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "format_version": int,
    "export_id": str,
    "software_version": str,
    "form_id": str,
    "form_versions": list,
    "municipality_code": str,
    "unit": str,
    "period_from": str,
    "period_to": str,
    "kind": str,
    "k": int,
    "rules": list,
    "counts": dict,
    "created": str,
    "files": dict,
    "manifest_sha256": str,
}


# Fields a manifest may carry; readers that do not know them still find every required one.
_OPTIONAL_MANIFEST_TYPES: dict[str, type | tuple[type, ...]] = {"disclosure": dict}


def _plain_json(value: Any) -> Any:
    """A JSON round trip: the manifest compares equal after it is read back."""
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _validate_disclosure(block: dict[str, Any]) -> bool:
    k, l_div = block.get("k"), block.get("l")
    lists = ("quasi_identifiers", "sensitive")
    return (
        _is_int(k)
        and k >= 1
        and _is_int(l_div)
        and l_div >= 1
        and all(
            isinstance(block.get(key), list) and all(isinstance(x, str) for x in block[key])
            for key in lists
        )
    )


def _validate_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict):
        raise _manifest_error(
            "manifestet är inget JSON-objekt", "the manifest is not a JSON object"
        )
    version = manifest.get("format_version")
    if _is_int(version) and version not in SUPPORTED_FORMAT_VERSIONS:
        raise UnsupportedFormat(
            f"Paketformat version {version} stöds inte av denna programversion.",
            f"Package format version {version} is not supported by this program version.",
            hint_sv="Uppdatera programmet.",
            hint_en="Update the program.",
        )
    for key, expected in _MANIFEST_TYPES.items():
        if key not in manifest:
            raise _manifest_error(f"fältet {key} saknas", f"the field {key} is missing")
        if not _has_type(manifest[key], expected):
            raise _manifest_error(
                f"fältet {key} har fel typ", f"the field {key} has the wrong type"
            )
    for key, expected in _OPTIONAL_MANIFEST_TYPES.items():
        if key in manifest and not _has_type(manifest[key], expected):
            raise _manifest_error(
                f"fältet {key} har fel typ", f"the field {key} has the wrong type"
            )
    if "disclosure" in manifest and not _validate_disclosure(manifest["disclosure"]):
        raise _manifest_error("fältet disclosure är ogiltigt", "the field disclosure is invalid")
    if "audit_anchor" in manifest and not isinstance(manifest["audit_anchor"], dict):
        raise _manifest_error(
            "fältet audit_anchor har fel typ", "the field audit_anchor has the wrong type"
        )
    extra = sorted(
        set(manifest) - set(_MANIFEST_TYPES) - set(_OPTIONAL_MANIFEST_TYPES) - {"audit_anchor"}
    )
    if extra:
        raise _manifest_error(f"okänt fält {extra[0]}", f"unknown field {extra[0]}")
    _validate_manifest_values(manifest)
    if manifest["manifest_sha256"] != manifest_checksum(manifest):
        raise ManifestInvalid(
            "Manifestet har ändrats efter att paketet skapades (dess kontrollsumma stämmer inte).",
            "The manifest was edited after the package was made (its checksum does not match).",
        )


def manifest_checksum(manifest: Mapping[str, Any]) -> str:
    """SHA-256 of the manifest's canonical JSON without its own ``manifest_sha256`` field.

    It catches accidental or careless edits; it is no signature (anyone can recompute it).
    """
    body = {key: value for key, value in manifest.items() if key != "manifest_sha256"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _validate_manifest_values(manifest: dict[str, Any]) -> None:
    versions = manifest["form_versions"]
    checks = {
        "format": manifest["format"] == FORMAT_NAME,
        "export_id (uuid4)": _is_uuid4(manifest["export_id"]),
        "form_id": bool(manifest["form_id"]),
        "form_versions": bool(versions) and all(_is_int(v) and v >= 1 for v in versions),
        "municipality_code": bool(_MUNICIPALITY.fullmatch(manifest["municipality_code"])),
        "kind": manifest["kind"] in KINDS,
        "k": manifest["k"] >= 1,
        "rules": all(isinstance(rule, str) for rule in manifest["rules"]),
        "counts": _is_counts(manifest["counts"]),
    }
    for name, ok in checks.items():
        if not ok:
            raise _manifest_error(f"fältet {name} är ogiltigt", f"the field {name} is invalid")
    dates = {key: _parse_date(manifest[key]) for key in ("period_from", "period_to", "created")}
    for key, value in dates.items():
        if value is None:
            raise _manifest_error(f"fältet {key} är inget datum", f"the field {key} is not a date")
    if dates["period_from"] > dates["period_to"]:
        raise _manifest_error("perioden slutar före start", "the period ends before it starts")
    _validate_file_list(manifest["files"])


def _validate_file_list(files: dict[str, Any]) -> None:
    for required in (CODEBOOK_JSON, CODEBOOK_CSV):
        if required not in files:
            raise _manifest_error(f"{required} är inte listad", f"{required} is not listed")
    for name, entry in files.items():
        _check_member_name(name)
        if name == MANIFEST_NAME:
            raise _manifest_error("manifestet listar sig självt", "the manifest lists itself")
        if (
            not isinstance(entry, dict)
            or set(entry) != {"sha256", "size"}
            or not isinstance(entry["sha256"], str)
            or not _SHA256_HEX.fullmatch(entry["sha256"])
            or not _is_int(entry["size"])
            or entry["size"] < 0
        ):
            raise _manifest_error(
                f"posten för {name} är ogiltig", f"the entry for {name} is invalid"
            )
        if name not in RESERVED_NAMES and not name.endswith(".csv"):
            raise _manifest_error(f"{name} är ingen CSV-fil", f"{name} is not a CSV file")


def _check_listed_files(listed: dict[str, Any], members: dict[str, bytes]) -> dict[str, str]:
    for name in sorted(listed):
        if name not in members:
            raise FileMissing(
                f"Filen {name} finns i manifestet men saknas i paketet.",
                f"The file {name} is listed in the manifest but missing from the package.",
            )
    for name in sorted(members):
        if name not in listed:
            raise UnlistedFile(
                f"Filen {name} finns i paketet men inte i manifestet.",
                f"The file {name} is in the package but not listed in the manifest.",
            )
    hashes = {}
    for name, data in sorted(members.items()):
        actual = hashlib.sha256(data).hexdigest()
        if actual != listed[name]["sha256"] or len(data) != listed[name]["size"]:
            raise HashMismatch(
                f"Filen {name} har ändrats eller skadats (kontrollsumman stämmer inte).",
                f"The file {name} has been changed or damaged (its checksum does not match).",
            )
        hashes[name] = actual
    return hashes


def _manifest_error(what_sv: str, what_en: str) -> ManifestInvalid:
    return ManifestInvalid(
        f"Manifestet är ogiltigt: {what_sv}.", f"The manifest is invalid: {what_en}."
    )


# --- codebook ----------------------------------------------------------------------------


def _codebook_dict(variables: Sequence[Variable]) -> dict[str, Any]:
    return {
        "variables": [
            {
                "code": v.code,
                "label_sv": v.label_sv,
                "label_en": v.label_en,
                "type": v.type,
                "privacy_class": v.privacy_class,
                "form_version": v.form_version,
                "choices": [_coded_dict(c) for c in v.choices],
                "missing_codes": [_coded_dict(c) for c in v.missing_codes],
            }
            for v in variables
        ]
    }


def _coded_dict(value: CodedValue) -> dict[str, str]:
    return {"code": value.code, "label_sv": value.label_sv, "label_en": value.label_en}


_VARIABLE_KEYS = frozenset(
    {
        "code",
        "label_sv",
        "label_en",
        "type",
        "privacy_class",
        "form_version",
        "choices",
        "missing_codes",
    }
)


def _variables_from_json(codebook: Any) -> tuple[Variable, ...]:
    """Parse and check a codebook; refuses forbidden privacy classes and duplicate codes."""
    if not isinstance(codebook, dict) or set(codebook) != {"variables"}:
        raise _codebook_error(
            'codebook.json måste vara {"variables": [...]}',
            'codebook.json must be {"variables": [...]}',
        )
    entries = codebook["variables"]
    if not isinstance(entries, list):
        raise _codebook_error("variables är ingen lista", "variables is not a list")
    variables = tuple(_variable_from_json(entry, number) for number, entry in enumerate(entries, 1))
    seen: set[str] = set()
    for variable in variables:
        if variable.code in seen:
            raise _codebook_error(
                f"variabeln {variable.code} finns två gånger",
                f"the variable {variable.code} occurs twice",
            )
        seen.add(variable.code)
        _check_privacy(variable)
    return variables


def _variable_from_json(entry: Any, number: int) -> Variable:
    if not isinstance(entry, dict) or set(entry) != _VARIABLE_KEYS:
        raise _codebook_error(
            f"variabel nr {number} har fel fält", f"variable no. {number} has the wrong fields"
        )
    texts = ("code", "label_sv", "label_en", "type", "privacy_class")
    version = entry["form_version"]
    if (
        not all(isinstance(entry[key], str) for key in texts)
        or not entry["code"]
        or not entry["type"]
        or not (version is None or (_is_int(version) and version >= 1))
    ):
        raise _codebook_error(
            f"variabel nr {number} har ogiltiga värden", f"variable no. {number} has invalid values"
        )
    return Variable(
        code=entry["code"],
        label_sv=entry["label_sv"],
        label_en=entry["label_en"],
        type=entry["type"],
        choices=_coded_values(entry["choices"], entry["code"]),
        missing_codes=_coded_values(entry["missing_codes"], entry["code"]),
        privacy_class=entry["privacy_class"],
        form_version=version,
    )


def _coded_values(items: Any, code: str) -> tuple[CodedValue, ...]:
    keys = {"code", "label_sv", "label_en"}
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and set(item) == keys and all(isinstance(item[k], str) for k in keys)
        for item in items
    ):
        raise _codebook_error(
            f"svarsalternativen för {code} är ogiltiga", f"the choices of {code} are invalid"
        )
    return tuple(CodedValue(item["code"], item["label_sv"], item["label_en"]) for item in items)


def _check_privacy(variable: Variable) -> None:
    privacy = _normal_class(variable.privacy_class)
    if privacy in FORBIDDEN_PRIVACY_CLASSES:
        raise ForbiddenVariable(
            f"Variabeln {variable.code} har integritetsklassen {privacy} "
            "och får aldrig exporteras.",
            f"The variable {variable.code} has privacy class {privacy} and must never be exported.",
            hint_sv="Ta bort direkta identifierare och fritext före export.",
            hint_en="Remove direct identifiers and free text before exporting.",
        )
    if privacy not in PRIVACY_CLASSES:
        raise _codebook_error(
            f"variabeln {variable.code} har okänd integritetsklass {variable.privacy_class!r}",
            f"the variable {variable.code} has an unknown privacy class {variable.privacy_class!r}",
        )


def _codebook_csv_bytes(variables: Sequence[Variable]) -> bytes:
    rows: list[Sequence[str]] = [CODEBOOK_CSV_COLUMNS]
    for v in variables:
        base = [
            v.code,
            v.label_sv,
            v.label_en,
            v.type,
            v.privacy_class,
            format_cell(v.form_version),
        ]
        rows.append([*base, "", "", "", ""])
        rows += [[*base, "choice", c.code, c.label_sv, c.label_en] for c in v.choices]
        rows += [[*base, "missing", m.code, m.label_sv, m.label_en] for m in v.missing_codes]
    return _csv_bytes(rows)


def _codebook_error(what_sv: str, what_en: str) -> CodebookInvalid:
    return CodebookInvalid(
        f"Kodboken är ogiltig: {what_sv}.", f"The codebook is invalid: {what_en}."
    )


# --- data files --------------------------------------------------------------------------


def _check_data_file(data_file: DataFile, variables: Sequence[Variable]) -> None:
    _check_member_name(data_file.name)
    if data_file.name in RESERVED_NAMES or not data_file.name.endswith(".csv"):
        raise UnsafeName(
            f"Datafilen {data_file.name} måste heta något.csv och inte vara reserverad.",
            f"The data file {data_file.name} must be named *.csv and not be a reserved name.",
        )
    _check_columns(data_file.name, data_file.columns, variables)
    width = len(data_file.columns)
    for number, row in enumerate(data_file.rows, start=2):
        if len(row) != width or not all(isinstance(cell, str) for cell in row):
            raise _data_error(
                data_file.name,
                f"rad {number} har fel antal eller typ av celler",
                f"row {number} has the wrong number or type of cells",
            )
        _check_cells(data_file.name, number, row)


def _check_columns(name: str, columns: Sequence[str], variables: Sequence[Variable]) -> None:
    if not columns:
        raise _data_error(name, "rubrikraden saknas", "the header row is missing")
    if len(set(columns)) != len(columns):
        raise _data_error(name, "en kolumn förekommer två gånger", "a column occurs twice")
    documented = {v.code for v in variables}
    for column in columns:
        if not isinstance(column, str):
            raise _data_error(name, "en kolumnrubrik är inte text", "a column header is not text")
        if column.strip().casefold() in FORBIDDEN_COLUMN_NAMES:
            raise ForbiddenVariable(
                f"Kolumnen {column} i {name} ser ut att vara en direkt identifierare.",
                f"The column {column} in {name} looks like a direct identifier.",
            )
        if column not in documented:
            raise _data_error(
                name,
                f"kolumnen {column} saknas i kodboken",
                f"the column {column} is not in the codebook",
            )


def _check_cells(name: str, number: int, row: Sequence[str]) -> None:
    for cell in row:
        if looks_like_personnummer(cell):
            raise ForbiddenVariable(
                f"Rad {number} i {name} innehåller något som liknar ett personnummer.",
                f"Row {number} of {name} contains something that looks like a "
                "personal identity number.",
            )


def looks_like_personnummer(text: str) -> bool:
    """True if the text holds a Swedish personal or coordination number with a valid check digit."""
    for match in _PERSONNUMMER.finditer(text):
        digits = "".join(match.groups())
        if _luhn_ok(digits):
            return True
    return False


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _parse_data_file(name: str, data: bytes, variables: Sequence[Variable]) -> DataFile:
    try:
        text = data.decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=CSV_DELIMITER, strict=True))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _data_error(
            name, "filen är inte giltig CSV i UTF-8", "the file is not valid UTF-8 CSV"
        ) from exc
    if not rows:
        raise _data_error(name, "rubrikraden saknas", "the header row is missing")
    data_file = DataFile(name, tuple(rows[0]), tuple(tuple(row) for row in rows[1:]))
    _check_data_file(data_file, variables)
    return data_file


def _data_error(name: str, what_sv: str, what_en: str) -> DataFileInvalid:
    return DataFileInvalid(
        f"Datafilen {name} är ogiltig: {what_sv}.", f"The data file {name} is invalid: {what_en}."
    )


# --- helpers -----------------------------------------------------------------------------


def _csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _parse_json(name: str, data: bytes) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            raise ValueError("duplicate key")
        return result

    def no_constants(token: str) -> Any:
        raise ValueError(f"{token} is not allowed")

    try:
        return json.loads(
            data.decode("utf-8"), object_pairs_hook=no_duplicates, parse_constant=no_constants
        )
    except (ValueError, RecursionError) as exc:
        raise PackageInvalid(
            f"{name} är inte giltig JSON i UTF-8.", f"{name} is not valid UTF-8 JSON."
        ) from exc


def _read_file(path: str | os.PathLike, limits: ReadLimits) -> bytes:
    target = Path(path)
    try:
        with target.open("rb") as handle:
            blob = handle.read(limits.max_package_bytes + 1)
    except FileNotFoundError as exc:
        raise NotFound(f"Filen {target} finns inte.", f"The file {target} does not exist.") from exc
    except OSError as exc:
        raise NotAPackage(
            f"Filen {target} kan inte läsas ({os_error_text(exc, 'sv')}).",
            f"The file {target} cannot be read ({os_error_text(exc, 'en')}).",
        ) from exc
    if len(blob) > limits.max_package_bytes:
        raise _too_large("filstorlek", "file size")
    return blob


def _write_atomic(target: Path, data: bytes) -> None:
    try:
        atomic_write(target, data)  # owner-only (0600), fsynced, renamed into place
    except OSError as exc:
        raise _write_error(exc, target) from exc


def _write_error(exc: OSError, target: Path) -> EnvironmentProblem:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(
            f"Disken är full; exportpaketet {target.name} skrevs inte.",
            f"The disk is full; the export package {target.name} was not written.",
            hint_sv="Frigör utrymme eller välj en annan plats och försök igen.",
            hint_en="Free some space or choose another location and try again.",
        )
    return PackageWriteError(
        f"Exportpaketet kunde inte skrivas till {target} ({os_error_text(exc, 'sv')}).",
        f"The export package could not be written to {target} ({os_error_text(exc, 'en')}).",
        hint_sv="Kontrollera att mappen finns och att du får skriva där.",
        hint_en="Check that the folder exists and that you may write there.",
    )


def _normal_class(privacy_class: str) -> str:
    return privacy_class.strip().lower().replace("-", "_").replace(" ", "_")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _has_type(value: Any, expected: type | tuple[type, ...]) -> bool:
    if expected is int:
        return _is_int(value)
    return isinstance(value, expected)


def _is_counts(counts: dict[str, Any]) -> bool:
    keys = {"rows", "generalised", "suppressed"}
    return set(counts) == keys and all(_is_int(counts[key]) and counts[key] >= 0 for key in keys)


def _is_uuid4(text: str) -> bool:
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == text


def _parse_date(text: str) -> dt.date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _iso(value: Any) -> Any:
    # Validation reports a non-date later; keep whatever was given so the message names it.
    return value.isoformat() if isinstance(value, dt.date) else value
