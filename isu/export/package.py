"""The anonymised export package (``.isux``): a deterministic zip, optionally sealed.

Contents: ``manifest.json`` (metadata and the SHA-256 of every other file),
``codebook.json`` + ``codebook.csv`` (every exported variable) and the data files named by
the caller (CSV, UTF-8, ``;``). The same checks run when a package is built and when it is
verified, so a package this module writes always verifies, and a package that verifies
never carries a direct identifier or free text. See docs/export-format.md.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from isu.errors import DiskFull, EnvironmentProblem, NotFound, os_error_text
from isu.export.codebook import (
    check_data_file,
    codebook_csv_bytes,
    codebook_dict,
    csv_bytes,
    parse_data_file,
    variables_from_json,
)
from isu.export.contents import (
    CODEBOOK_CSV,
    CODEBOOK_JSON,
    DEFAULT_LIMITS,
    MANIFEST_NAME,
    RESERVED_NAMES,
    CodebookInvalid,
    FileMissing,
    NotAPackage,
    PackageContents,
    PackageInvalid,
    PackageTooLarge,
    PackageWriteError,
    ReadLimits,
    UnsafeName,
    VerifyReport,
    WrittenPackage,
    check_member_name,
)
from isu.export.manifest import (
    check_listed_files,
    contents_from,
    manifest_checksum,
    manifest_dict,
    validate_manifest,
)
from isu.export.seal import KeyRequired, is_sealed, open_sealed, seal
from isu.fileio import atomic_write

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
    NotImplementedError, ValueError, zlib.error, struct.error, KeyError, IndexError,
    OverflowError,
)  # fmt: skip


# --- building ------------------------------------------------------------------------------


def build_package_bytes(contents: PackageContents) -> bytes:
    """The zip bytes of a package; the same contents always give the same bytes."""
    variables = variables_from_json(codebook_dict(contents.variables))
    for data_file in contents.files:
        check_data_file(data_file, variables)
    members = {
        CODEBOOK_JSON: _json_bytes(codebook_dict(contents.variables)),
        CODEBOOK_CSV: codebook_csv_bytes(contents.variables),
    }
    for data_file in contents.files:
        if data_file.name in members:
            raise UnsafeName(
                f"Filnamnet {data_file.name} förekommer två gånger eller är reserverat.",
                f"The file name {data_file.name} is used twice or is reserved.",
            )
        members[data_file.name] = csv_bytes((data_file.columns, *data_file.rows))
    manifest = manifest_dict(contents, members)
    manifest["manifest_sha256"] = manifest_checksum(manifest)
    validate_manifest(manifest)
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


# --- reading and verifying -----------------------------------------------------------------


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
    validate_manifest(manifest)
    hashes = check_listed_files(manifest["files"], members)
    variables = variables_from_json(_parse_json(CODEBOOK_JSON, members[CODEBOOK_JSON]))
    if codebook_csv_bytes(variables) != members[CODEBOOK_CSV]:
        raise CodebookInvalid(
            "codebook.csv stämmer inte med codebook.json.",
            "codebook.csv does not match codebook.json.",
        )
    files = tuple(
        parse_data_file(name, data, variables)
        for name, data in sorted(members.items())
        if name not in RESERVED_NAMES
    )
    return contents_from(manifest, variables, files), sealed, hashes


# --- zip -----------------------------------------------------------------------------------


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
        check_member_name(info.filename)
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


def _too_large(what_sv: str, what_en: str) -> PackageTooLarge:
    return PackageTooLarge(
        f"Paketet är för stort ({what_sv}) och öppnas inte.",
        f"The package is too large ({what_en}) and is not opened.",
    )


# --- files ---------------------------------------------------------------------------------


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
