"""The package's ``manifest.json``: built from the contents, checked field by field when
read, and turned back into ``PackageContents``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from isu.domain.expr import parse_date
from isu.export.contents import (
    CODEBOOK_CSV,
    CODEBOOK_JSON,
    FORMAT_NAME,
    KINDS,
    MANIFEST_NAME,
    RESERVED_NAMES,
    SUPPORTED_FORMAT_VERSIONS,
    DataFile,
    ExportCounts,
    ExportPlan,
    FileMissing,
    HashMismatch,
    ManifestInvalid,
    PackageContents,
    UnlistedFile,
    UnsupportedFormat,
    Variable,
    check_member_name,
    is_int,
)


def manifest_dict(contents: PackageContents, members: Mapping[str, bytes]) -> dict[str, Any]:
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
        is_int(k)
        and k >= 1
        and is_int(l_div)
        and l_div >= 1
        and all(
            isinstance(block.get(key), list) and all(isinstance(x, str) for x in block[key])
            for key in lists
        )
    )


def validate_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict):
        raise _manifest_error(
            "manifestet är inget JSON-objekt", "the manifest is not a JSON object"
        )
    version = manifest.get("format_version")
    if is_int(version) and version not in SUPPORTED_FORMAT_VERSIONS:
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


_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_MUNICIPALITY = re.compile(r"\d{2}(\d{2})?")


def _validate_manifest_values(manifest: dict[str, Any]) -> None:
    versions = manifest["form_versions"]
    checks = {
        "format": manifest["format"] == FORMAT_NAME,
        "export_id (uuid4)": _is_uuid4(manifest["export_id"]),
        "form_id": bool(manifest["form_id"]),
        "form_versions": bool(versions) and all(is_int(v) and v >= 1 for v in versions),
        "municipality_code": bool(_MUNICIPALITY.fullmatch(manifest["municipality_code"])),
        "kind": manifest["kind"] in KINDS,
        "k": manifest["k"] >= 1,
        "rules": all(isinstance(rule, str) for rule in manifest["rules"]),
        "counts": _is_counts(manifest["counts"]),
    }
    for name, ok in checks.items():
        if not ok:
            raise _manifest_error(f"fältet {name} är ogiltigt", f"the field {name} is invalid")
    dates = {key: parse_date(manifest[key]) for key in ("period_from", "period_to", "created")}
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
        check_member_name(name)
        if name == MANIFEST_NAME:
            raise _manifest_error("manifestet listar sig självt", "the manifest lists itself")
        if (
            not isinstance(entry, dict)
            or set(entry) != {"sha256", "size"}
            or not isinstance(entry["sha256"], str)
            or not _SHA256_HEX.fullmatch(entry["sha256"])
            or not is_int(entry["size"])
            or entry["size"] < 0
        ):
            raise _manifest_error(
                f"posten för {name} är ogiltig", f"the entry for {name} is invalid"
            )
        if name not in RESERVED_NAMES and not name.endswith(".csv"):
            raise _manifest_error(f"{name} är ingen CSV-fil", f"{name} is not a CSV file")


def check_listed_files(listed: dict[str, Any], members: dict[str, bytes]) -> dict[str, str]:
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


def contents_from(
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


def _has_type(value: Any, expected: type | tuple[type, ...]) -> bool:
    if expected is int:
        return is_int(value)
    return isinstance(value, expected)


def _is_counts(counts: dict[str, Any]) -> bool:
    keys = {"rows", "generalised", "suppressed"}
    return set(counts) == keys and all(is_int(counts[key]) and counts[key] >= 0 for key in keys)


def _is_uuid4(text: str) -> bool:
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == text


def _iso(value: Any) -> Any:
    # Validation reports a non-date later; keep whatever was given so the message names it.
    return value.isoformat() if isinstance(value, dt.date) else value
