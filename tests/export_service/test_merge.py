"""Sealing, verifying and the national merge, on packages from three demo databases."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter

import pypdf
import pytest

from isu.export import kanon
from isu.export.package import read_package
from isu.export.record_variables import WIDE_FILE
from isu.export.records import period_start
from isu.export.seal import NotForThisRecipient
from isu.services import exports, merge, summaries
from isu.summary.data import SummaryRequest
from isu.summary.engine import build_summary
from tests.export_service.support import (
    PERIOD,
    TODAY,
    demo_db,
    members,
    run_cli,
    write_exact_records,
)

UNITS = ((11, "Norr", "0180"), (12, "Hisingen", "1480"), (13, "Rosengård", "1280"))


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    paths = {}
    for who in ("national", "other"):
        private, public = folder / f"{who}.key", folder / f"{who}.pub"
        assert run_cli(["keygen", "--out-private", str(private), "--out-public", str(public)]) == 0
        paths[who] = (private, public)
    return paths


@pytest.fixture(scope="module")
def units(tmp_path_factory, keys):
    """Three units' sealed records packages (k=1, exact) and their own summary data."""
    folder = tmp_path_factory.mktemp("units")
    public = keys["national"][1].read_bytes()
    packages, datas = [], []
    for seed, unit, municipality in UNITS:
        ws = demo_db(
            folder / f"{seed}.db", cases=50, seed=seed, unit=unit, municipality=municipality
        )
        try:
            out = folder / f"{seed}.isux"
            write_exact_records(ws, out, public)
            packages.append(out)
            selected = SummaryRequest(date_from=PERIOD[0], date_to=PERIOD[1])
            datas.append(summaries.load_summary_data(ws, selected))
            aggregate = folder / f"{seed}-aggregate.isux"
            exports.write_export(ws, exports.ExportRequest("aggregate", *PERIOD, k=5), aggregate)
        finally:
            ws.close()
    return packages, datas


def wide_rows(packages, key: bytes) -> list[dict[str, str]]:
    rows = []
    for path in packages:
        data_file = read_package(path, key).file(WIDE_FILE)
        rows += [dict(zip(data_file.columns, row, strict=True)) for row in data_file.rows]
    return rows


def test_merge_reads_every_record_with_its_bands_and_generalised_values(units, keys):
    """The packages' own CSV decides what the national figures must be: every record is a
    case, the values of ordinary questions count as they stand, generalised quasi-identifier
    values (* and övrigt) count as unknown, and day bands come back as their middle."""
    packages, _datas = units
    key = keys["national"][0].read_bytes()
    result = merge.merge_packages(packages, key, today=TODAY)
    rows = wide_rows(packages, key)
    assert [u.n for u in result.units] == [
        len(read_package(p, key).file(WIDE_FILE).rows) for p in packages
    ]
    assert all(u.merged for u in result.units)
    assert not result.excluded and not result.ignored_columns
    data = result.data
    assert len(data.cases) == len(rows) and 120 <= len(rows) <= 150
    # an ordinary (sensitive, not generalised) question: exactly as in the files
    risk = Counter(r["risk_level"] for r in rows if r["risk_level"])
    merged_risk = Counter(v for v, _m in data.answers["risk_level"].values() if v is not None)
    assert merged_risk == risk
    # gender: generalised values are unknown, the others count as they stand
    genders = Counter(r["gender"] for r in rows if r["gender"] in ("pojke_man", "flicka_kvinna"))
    assert Counter(c.gender for c in data.cases if c.gender) == genders
    # day bands: a case's closure lies inside its band (from the start of its period)
    for case, row in zip(data.cases, rows, strict=True):
        band = row["start_to_closure_days"]
        if case.closure_date is not None and case.start_date is not None:
            assert (case.closure_date - case.start_date).days == kanon.band_middle(band)
    # the summary engine runs on the national data
    tables = {t.key for t in build_summary(data, SummaryRequest(), today=TODAY).tables()}
    assert "volume" in tables and "profile.gender_age" in tables


def test_merge_writes_the_national_pdf_with_contributing_units(units, keys, tmp_path):
    packages, _datas = units
    pdf = tmp_path / "national.pdf"
    argv = ["merge", *map(str, packages), "--key", str(keys["national"][0]), "--pdf", str(pdf)]
    assert run_cli([*argv, "--xlsx", str(tmp_path / "national.xlsx")]) == 0
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Bidragande enheter" in text and "Hisingen" in text
    assert (tmp_path / "national.xlsx").stat().st_size > 0


def test_aggregate_packages_are_listed_not_summed(units):
    packages, _datas = units
    aggregates = [p.with_name(p.stem + "-aggregate.isux") for p in packages]
    result = merge.merge_packages(aggregates, today=TODAY)
    assert result.data is None and [u.merged for u in result.units] == [False] * 3
    assert [s.key for s in result.report.sections] == ["units"]
    assert any("aggregate" in note.en for note in result.notes)


def test_another_form_is_reported_not_merged(units, keys, tmp_path):
    packages, _datas = units
    contents = read_package(packages[0], keys["national"][0].read_bytes())
    from dataclasses import replace

    from isu.export.package import write_package

    other = replace(contents, plan=replace(contents.plan, form_id="annat_formular"))
    odd = write_package(tmp_path / "odd.isux", other).path
    result = merge.merge_packages([*packages, odd], keys["national"][0].read_bytes(), today=TODAY)
    assert [e.file for e in result.excluded] == ["odd.isux"]
    assert [u.merged for u in result.units] == [True, True, True, False]
    assert len(result.data.cases) == len(wide_rows(packages, keys["national"][0].read_bytes()))


def test_tampered_package_fails_verification(units, tmp_path):
    packages, _datas = units
    plain = packages[0].with_name(packages[0].stem + "-aggregate.isux")
    assert run_cli(["verify-export", str(plain)]) == 0
    files = members(plain.read_bytes())
    name = next(n for n in files if n.startswith("tables/"))
    files[name] = files[name].replace(b";count;", b";count;1", 1)  # one count changed
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    changed = buffer.getvalue()
    bad = tmp_path / "tampered.isux"
    bad.write_bytes(changed)
    assert run_cli(["verify-export", str(bad)]) == 2
    sealed = bytearray(packages[1].read_bytes())
    sealed[-5] ^= 0x01
    (tmp_path / "sealed.isux").write_bytes(bytes(sealed))
    assert run_cli(["verify-export", str(tmp_path / "sealed.isux")]) == 2


def test_package_for_another_recipient_cannot_be_opened(units, keys):
    packages, _datas = units
    assert run_cli(["verify-export", str(packages[0]), "--key", str(keys["national"][0])]) == 0
    assert run_cli(["verify-export", str(packages[0]), "--key", str(keys["other"][0])]) == 2
    with pytest.raises(merge.PackageUnreadable) as caught:
        merge.merge_packages(packages, keys["other"][0].read_bytes(), today=TODAY)
    assert isinstance(caught.value.cause, NotForThisRecipient)
    assert packages[0].name in caught.value.en


def test_period_starts():
    assert period_start("2024-03") == dt.date(2024, 3, 1)
    assert period_start("2024-H2") == dt.date(2024, 7, 1)
    assert period_start("2024") == dt.date(2024, 1, 1)
    assert period_start("alla") is None
