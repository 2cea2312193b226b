"""Sample export contents shared by the export tests."""

from __future__ import annotations

import datetime as dt

from isu.export.contents import (
    CodedValue,
    DataFile,
    ExportCounts,
    ExportPlan,
    PackageContents,
    Variable,
)

GENDER_CHOICES = (
    CodedValue("pojke_man", "Pojke/man", "Boy/man"),
    CodedValue("flicka_kvinna", "Flicka/kvinna", "Girl/woman"),
)
MISSING = (CodedValue("uppgift_saknas", "Uppgift saknas", "Unknown"),)


def sample_variables() -> tuple[Variable, ...]:
    return (
        Variable("export_id", "Export-id", "Export id", "id", privacy_class="pseudonym"),
        Variable(
            "gender",
            "Kön",
            "Gender",
            "single",
            GENDER_CHOICES,
            MISSING,
            privacy_class="quasi_identifier",
            form_version=2,
        ),
        Variable("age_band", "Åldersgrupp", "Age band", "single", privacy_class="quasi_identifier"),
        Variable("meetings", "Antal SIG-möten", "SIG meetings", "integer", (), MISSING, "none", 2),
    )


def sample_plan(kind: str = "records") -> ExportPlan:
    return ExportPlan(
        form_id="sig_isu",
        form_versions=(1, 2),
        municipality_code="0180",
        unit="Södermalm",
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 12, 31),
        kind=kind,
        k=5,
        rules=("k-anonymity k=5", "no free text"),
    )


def sample_contents(**changes: object) -> PackageContents:
    records = [
        {"export_id": f"XABCDEFGHIJK{i}", "gender": g, "age_band": "15-17", "meetings": i}
        for i, g in enumerate(["pojke_man", "flicka_kvinna", "pojke_man", "uppgift_saknas"])
    ]
    wide = DataFile.from_records(
        "data/wide.csv", records, ["export_id", "gender", "age_band", "meetings"]
    )
    odd = DataFile(
        "data/long.csv",
        ("export_id", "meetings"),
        (("XA;B", 'quote " and ; semi'), ("XC", "line\nbreak"), ("XD", "")),
    )
    fields: dict[str, object] = {
        "plan": sample_plan(),
        "variables": sample_variables(),
        "files": (wide, odd),
        "counts": ExportCounts(rows=4, generalised=1, suppressed=0),
        "export_id": "3f2c9c1e-8f0a-4c55-9d1e-0b8f5b1f2a77",
        "created": dt.date(2025, 1, 15),
    }
    fields.update(changes)
    return PackageContents(**fields)  # type: ignore[arg-type]


def rezip(blob: bytes, changes: dict[str, bytes | None]) -> bytes:
    """A copy of a zip with members replaced, added (bytes) or removed (None)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(blob))
    members = {info.filename: source.read(info) for info in source.infolist()}
    for name, data in changes.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return out.getvalue()


def members_of(blob: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(blob))
    return {info.filename: archive.read(info) for info in archive.infolist()}


def reseal_manifest(blob: bytes, edit, changes: dict[str, bytes | None] | None = None) -> bytes:
    """Apply member changes, then rewrite the manifest consistently (hashes and checksum),
    the way a careful forger would, with ``edit(manifest)`` applied first.

    Written from the format description in docs/export-format.md, not from the package code.
    """
    import hashlib
    import json

    members = members_of(rezip(blob, changes or {}))
    manifest = json.loads(members.pop("manifest.json"))
    edit(manifest)
    manifest["files"] = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in members.items()
    }
    body = {key: value for key, value in manifest.items() if key != "manifest_sha256"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    manifest["manifest_sha256"] = hashlib.sha256(canonical.encode()).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    return rezip(blob, {name: None for name in members_of(blob)} | members)
