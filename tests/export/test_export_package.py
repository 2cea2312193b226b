"""Building, writing, reading and verifying .isux packages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import io
import json
import os
import re
import zipfile

import pytest
from export_samples import (
    members_of,
    reseal_manifest,
    rezip,
    sample_contents,
    sample_variables,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from isu.errors import DiskFull, NotFound, UserError
from isu.export import codebook as codebook_module
from isu.export.contents import (
    CodebookInvalid,
    DataFile,
    DataFileInvalid,
    FileMissing,
    ForbiddenVariable,
    HashMismatch,
    ManifestInvalid,
    NotAPackage,
    PackageContents,
    PackageTooLarge,
    PackageWriteError,
    ReadLimits,
    UnlistedFile,
    UnsafeName,
    UnsupportedFormat,
    Variable,
    format_cell,
)
from isu.export.package import (
    build_package_bytes,
    read_package,
    read_package_bytes,
    verify_package,
    verify_package_bytes,
    write_package,
)
from isu.export.seal import KeyRequired, NotForThisRecipient, generate_keypair


@pytest.fixture(scope="module")
def package_bytes() -> bytes:
    return build_package_bytes(sample_contents())


# --- round trips and determinism ---------------------------------------------------------


def test_write_verify_read_round_trip(tmp_path):
    contents = sample_contents()
    written = write_package(tmp_path / "out.isux", contents)
    report = verify_package(written.path)
    assert read_package(written.path) == contents
    assert report.export_id == contents.export_id
    assert not report.sealed
    assert report.data_rows == sum(len(f.rows) for f in contents.files)
    assert dict(report.files).keys() == {
        "codebook.csv",
        "codebook.json",
        "data/long.csv",
        "data/wide.csv",
    }
    assert written.size == (tmp_path / "out.isux").stat().st_size
    assert contents.export_id in report.summary("sv") and "valid" in report.summary("en")


def test_sealed_round_trip_and_recipient_checks(tmp_path):
    private_a, public_a = generate_keypair(b"secret words")
    private_b, _public_b = generate_keypair()
    contents = sample_contents()
    path = tmp_path / "sealed.isux"
    written = write_package(path, contents, recipient_public_key=public_a)
    assert written.sealed
    assert read_package(path, private_a, passphrase="secret words") == contents
    assert verify_package(path, private_a, passphrase=b"secret words").sealed
    with pytest.raises(KeyRequired):
        verify_package(path)
    with pytest.raises(NotForThisRecipient, match="another recipient"):
        read_package(path, private_b)


def test_bytes_are_deterministic(package_bytes):
    shuffled = sample_contents()
    shuffled = dataclasses.replace(shuffled, files=tuple(reversed(shuffled.files)))
    assert build_package_bytes(shuffled) == package_bytes
    archive = zipfile.ZipFile(io.BytesIO(package_bytes))
    names = archive.namelist()
    assert names == sorted(names)
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_manifest_records_plan_counts_and_hashes(package_bytes):
    manifest = json.loads(members_of(package_bytes)["manifest.json"])
    contents = sample_contents()
    assert manifest["kind"] == "records" and manifest["k"] == 5
    assert manifest["counts"] == {"rows": 4, "generalised": 1, "suppressed": 0}
    assert manifest["period_from"] == "2024-01-01" and manifest["created"] == "2025-01-15"
    assert manifest["export_id"] == contents.export_id
    assert set(manifest["files"]) == set(members_of(package_bytes)) - {"manifest.json"}


def test_new_contents_get_uuid4_and_today():
    base = sample_contents()
    first = PackageContents.new(base.plan, base.variables, base.files, base.counts)
    second = PackageContents.new(base.plan, base.variables, base.files, base.counts)
    assert first.export_id != second.export_id
    assert first.created == dt.date.today()
    assert read_package_bytes(build_package_bytes(first)) == first


def test_data_csv_uses_semicolons_and_utf8(package_bytes):
    wide = members_of(package_bytes)["data/wide.csv"].decode("utf-8")
    assert wide.splitlines()[0] == "export_id;gender;age_band;meetings"


# --- tampering ---------------------------------------------------------------------------


def test_changed_byte_in_data_file_is_detected(package_bytes):
    data = bytearray(members_of(package_bytes)["data/wide.csv"])
    data[-3] ^= 0x01
    with pytest.raises(HashMismatch, match=re.escape("data/wide.csv")):
        verify_package_bytes(rezip(package_bytes, {"data/wide.csv": bytes(data)}))


def test_edited_manifest_is_detected(package_bytes):
    manifest = members_of(package_bytes)["manifest.json"].replace(b'"k": 5', b'"k": 2')
    with pytest.raises(ManifestInvalid, match="edited"):
        verify_package_bytes(rezip(package_bytes, {"manifest.json": manifest}))


def test_extra_file_is_detected(package_bytes):
    tampered = rezip(package_bytes, {"data/extra.csv": b"export_id\r\nX1\r\n"})
    with pytest.raises(UnlistedFile, match=re.escape("data/extra.csv")):
        verify_package_bytes(tampered)


def test_removed_file_is_detected(package_bytes):
    with pytest.raises(FileMissing, match=re.escape("data/long.csv")):
        verify_package_bytes(rezip(package_bytes, {"data/long.csv": None}))
    with pytest.raises(FileMissing, match="manifest"):
        verify_package_bytes(rezip(package_bytes, {"manifest.json": None}))


def test_forged_codebook_with_direct_identifier_is_refused(package_bytes):
    codebook = json.loads(members_of(package_bytes)["codebook.json"])
    codebook["variables"][1]["privacy_class"] = "direct_identifier"
    forged = reseal_manifest(
        package_bytes, lambda m: None, {"codebook.json": json.dumps(codebook).encode()}
    )
    with pytest.raises(ForbiddenVariable, match="gender"):
        verify_package_bytes(forged)


def test_forged_free_text_column_is_refused(package_bytes):
    codebook = json.loads(members_of(package_bytes)["codebook.json"])
    codebook["variables"].append(
        {
            "code": "comment",
            "label_sv": "Kommentar",
            "label_en": "Comment",
            "type": "longtext",
            "privacy_class": "free_text",
            "form_version": 1,
            "choices": [],
            "missing_codes": [],
        }
    )
    forged = reseal_manifest(
        package_bytes, lambda m: None, {"codebook.json": json.dumps(codebook).encode()}
    )
    with pytest.raises(ForbiddenVariable, match="free_text"):
        verify_package_bytes(forged)


def test_undocumented_data_column_is_refused(package_bytes):
    forged = reseal_manifest(
        package_bytes, lambda m: None, {"data/extra.csv": b"export_id;remark\r\nX1;hej\r\n"}
    )
    with pytest.raises(DataFileInvalid, match="remark"):
        verify_package_bytes(forged)


def test_codebook_csv_must_match_json(package_bytes):
    forged = reseal_manifest(
        package_bytes, lambda m: None, {"codebook.csv": b"variable\r\nsomething\r\n"}
    )
    with pytest.raises(CodebookInvalid, match=re.escape("codebook.csv")):
        verify_package_bytes(forged)


def test_newer_format_version_is_refused(package_bytes):
    forged = reseal_manifest(package_bytes, lambda m: m.update(format_version=2))
    with pytest.raises(UnsupportedFormat, match="version 2"):
        verify_package_bytes(forged)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda m: m.pop("unit"), "unit"),
        (lambda m: m.update(k="5"), "k"),
        (lambda m: m.update(k=True), "k"),
        (lambda m: m.update(kind="everything"), "kind"),
        (lambda m: m.update(created="2025-01-15T10:00:00"), "created"),
        (lambda m: m.update(export_id="not-a-uuid"), "export_id"),
        (lambda m: m.update(period_from="2025-01-01"), "period"),
        (lambda m: m.update(surprise=1), "surprise"),
        (lambda m: m.update(counts={"rows": -1, "generalised": 0, "suppressed": 0}), "counts"),
    ],
)
def test_manifest_schema_names_the_bad_field(package_bytes, edit, field):
    with pytest.raises(ManifestInvalid, match=field):
        verify_package_bytes(reseal_manifest(package_bytes, edit))


def test_a_consistently_forged_package_still_verifies(package_bytes):
    # Guards the helper above: without an edit, a re-written manifest must pass.
    assert verify_package_bytes(reseal_manifest(package_bytes, lambda m: None)).variables == 4


# --- hostile zips ------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "name", ["../evil.csv", "/etc/passwd", "data/../../x.csv", "C:\\x.csv", "data//x.csv", ".x"]
)
def test_path_traversal_names_are_rejected(name):
    with pytest.raises(UnsafeName):
        verify_package_bytes(_zip({name: b"x"}))


def test_zip_bomb_is_capped():
    bomb = _zip({"manifest.json": b"{}", "data/zeros.csv": b"0" * 5_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(PackageTooLarge):
        verify_package_bytes(bomb, limits=ReadLimits(max_total_bytes=1_000_000))


def test_member_count_is_capped():
    many = _zip({f"data/f{i}.csv": b"x" for i in range(30)})
    with pytest.raises(PackageTooLarge):
        verify_package_bytes(many, limits=ReadLimits(max_members=10))


def test_file_size_is_capped(tmp_path, package_bytes):
    path = tmp_path / "big.isux"
    path.write_bytes(package_bytes)
    with pytest.raises(PackageTooLarge):
        verify_package(path, limits=ReadLimits(max_package_bytes=100))


@pytest.mark.parametrize("blob", [b"", b"hello", b"PK\x03\x04garbage", b"ISUX-SEALED"])
def test_not_a_package(blob):
    with pytest.raises(UserError):
        verify_package_bytes(blob)
    if not blob.startswith(b"ISUX"):
        with pytest.raises(NotAPackage):
            verify_package_bytes(blob)


def test_missing_path_is_not_found(tmp_path):
    with pytest.raises(NotFound):
        read_package(tmp_path / "nope.isux")


# --- refusing to build what must not leave ----------------------------------------------

CANARY_NAME = "Kalle Anka"
CANARY_PNR = "19121212-1212"


def _with_canary(variable: Variable, column: str, value: str):
    base = sample_contents()
    data = DataFile("data/wide.csv", ("export_id", column), (("XAAAAAAAAAAAA", value),))
    return dataclasses.replace(base, variables=(*base.variables, variable), files=(data,))


@pytest.mark.parametrize("privacy", ["direct_identifier", "free_text", "Direct-Identifier"])
def test_canary_identifier_is_refused_and_nothing_is_written(tmp_path, privacy):
    variable = Variable("namn_pnr", "Namn", "Name", "text", privacy_class=privacy)
    contents = _with_canary(variable, "namn_pnr", f"{CANARY_NAME} {CANARY_PNR}")
    with pytest.raises(ForbiddenVariable, match="namn_pnr"):
        build_package_bytes(contents)
    with pytest.raises(ForbiddenVariable):
        write_package(tmp_path / "out.isux", contents)
    assert list(tmp_path.iterdir()) == []


def test_personnummer_in_an_ordinary_column_is_refused():
    variable = Variable("note_code", "Kod", "Code", "single")
    with pytest.raises(ForbiddenVariable, match="personal identity number"):
        build_package_bytes(_with_canary(variable, "note_code", f"x {CANARY_PNR}"))


def test_identifier_like_column_name_is_refused():
    variable = Variable("personnummer", "Pnr", "Pin", "single")
    with pytest.raises(ForbiddenVariable, match="personnummer"):
        build_package_bytes(_with_canary(variable, "personnummer", "1"))


def test_column_missing_from_codebook_is_refused():
    base = sample_contents()
    data = DataFile("data/wide.csv", ("export_id", "namn"), (("X1", CANARY_NAME),))
    with pytest.raises(UserError, match="namn"):
        build_package_bytes(dataclasses.replace(base, files=(data,)))


def test_unknown_privacy_class_is_refused():
    base = sample_contents()
    odd = Variable("odd", "Udda", "Odd", "single", privacy_class="secretish")
    with pytest.raises(CodebookInvalid, match="secretish"):
        build_package_bytes(dataclasses.replace(base, variables=(*base.variables, odd)))


@pytest.mark.parametrize(
    "name", ["manifest.json", "codebook.csv", "../x.csv", "data/x.txt", "data/ü.csv"]
)
def test_bad_data_file_names_are_refused(name):
    data = DataFile(name, ("export_id",), (("X1",),))
    with pytest.raises(UnsafeName):
        build_package_bytes(dataclasses.replace(sample_contents(), files=(data,)))


def test_ragged_rows_are_refused():
    data = DataFile("data/wide.csv", ("export_id", "gender"), (("X1",),))
    with pytest.raises(DataFileInvalid, match="row 2"):
        build_package_bytes(dataclasses.replace(sample_contents(), files=(data,)))


def test_invalid_plan_is_refused():
    contents = sample_contents()
    bad = dataclasses.replace(contents.plan, kind="everything")
    with pytest.raises(ManifestInvalid, match="kind"):
        build_package_bytes(dataclasses.replace(contents, plan=bad))


@pytest.mark.parametrize(
    "text", ["191212121212", "121212-1212", "20121212+1212", "121272-1219", "1212721219"]
)
def test_personnummer_detector_finds_valid_numbers(text):
    # 19121212-1212 is Skatteverket's test number; 121272-1219 a coordination number (day+60).
    assert codebook_module.looks_like_personnummer(f"id {text} end")


@pytest.mark.parametrize(
    "text", ["121212-1213", "121272-1218", "2024-03", "15-17", "0180", "XAB1212121212Q"]
)
def test_personnummer_detector_ignores_other_text(text):
    assert not codebook_module.looks_like_personnummer(text)


# --- writing safely ----------------------------------------------------------------------


def test_disk_full_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.isux"
    target.write_bytes(b"previous export")

    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(DiskFull) as caught:
        write_package(target, sample_contents())
    assert "full" in caught.value.en and "full" in caught.value.sv
    assert [p.name for p in tmp_path.iterdir()] == ["out.isux"]
    assert target.read_bytes() == b"previous export"


def test_missing_folder_is_an_environment_problem(tmp_path):
    with pytest.raises(PackageWriteError):
        write_package(tmp_path / "no" / "such" / "out.isux", sample_contents())


def test_write_replaces_an_existing_package(tmp_path):
    target = tmp_path / "out.isux"
    target.write_bytes(b"old")
    write_package(target, sample_contents())
    assert verify_package(target).export_id == sample_contents().export_id


# --- cells -------------------------------------------------------------------------------


def test_format_cell():
    assert format_cell(None) == ""
    assert format_cell(True) == "1" and format_cell(False) == "0"
    assert format_cell(2.5) == "2.5" and format_cell(3) == "3"
    assert format_cell(dt.date(2024, 3, 1)) == "2024-03-01"
    assert format_cell(("a", "b")) == "a|b" and format_cell({"b", "a"}) == "a|b"


cell_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20).filter(
    lambda text: not codebook_module.looks_like_personnummer(text)
)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(cell_text, cell_text), max_size=6))
def test_any_cell_text_round_trips(rows):
    data = DataFile("data/wide.csv", ("gender", "meetings"), tuple(rows))
    contents = dataclasses.replace(sample_contents(), files=(data,))
    assert read_package_bytes(build_package_bytes(contents)) == contents


def test_sample_variables_cover_every_sample_column():
    codes = {v.code for v in sample_variables()}
    assert all(set(f.columns) <= codes for f in sample_contents().files)
