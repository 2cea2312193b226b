"""#15.4(d): a records export of a 2,000-case demo is k-anonymous and l-diverse over its
*whole* quasi-identifier set, checked by an independent library (pycanon) from the package's
own files: the codebook says which columns are quasi-identifiers and which are sensitive."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from pycanon import anonymity

from isu.services import exports
from tests.export_service.support import PERIOD, demo_db, members

K, L = 5, 2
CASES = 2000


@pytest.fixture(scope="session")
def big_export(tmp_path_factory):
    """One 2,000-case demo (cheap key derivation) and its records export, per session."""
    folder = tmp_path_factory.mktemp("demo2000")
    ws = demo_db(folder / "demo.db", cases=CASES, seed=7)
    try:
        out = folder / "records.isux"
        exports.write_export(ws, exports.ExportRequest("records", *PERIOD, k=K, l=L), out)
    finally:
        ws.close()
    return members(out.read_bytes())


def frame(data: bytes) -> pd.DataFrame:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";"))
    return pd.DataFrame(rows)


def classes_of(files: dict[str, bytes]) -> tuple[list[str], list[str]]:
    codebook = json.loads(files["codebook.json"])["variables"]
    wide = set(frame(files["data/wide.csv"]).columns)
    quasi = [v["code"] for v in codebook if v["privacy_class"] == "quasi_identifier"]
    # The sensitive answers themselves (a multiple choice's yes/no flags repeat its value).
    sensitive = [
        v["code"]
        for v in codebook
        if v["privacy_class"] == "sensitive" and "__" not in v["code"] and v["code"] in wide
    ]
    return [q for q in quasi if q in wide], sensitive


def test_k_anonymity_over_every_quasi_identifier(big_export):
    files = big_export
    data = frame(files["data/wide.csv"])
    quasi, _sensitive = classes_of(files)
    # everything an outsider could know or link is in the set, not only the four of old
    assert {"gender", "age_band", "municipality", "period"} <= set(quasi)
    assert {"referral_to_start_days", "start_to_closure_days", "referred_by"} <= set(quasi)
    assert {"closure_reason", "living_situation", "sig_meetings", "status"} <= set(quasi)
    assert {"interventions__items", "meetings__items"} <= set(quasi)
    assert len(data) >= 0.9 * CASES
    assert anonymity.k_anonymity(data, quasi) >= K


def test_l_diversity_for_every_sensitive_column(big_export):
    files = big_export
    data = frame(files["data/wide.csv"])
    quasi, sensitive = classes_of(files)
    assert {"risk_level", "need_crime", "sanctions", "police_reports_before"} <= set(sensitive)
    for column in sensitive:
        # A class where nobody has the answer (e.g. after-phase answers of ongoing cases)
        # discloses nothing about it; the rule exempts it, so the check leaves it out.
        known = data.groupby(quasi)[column].transform(lambda s: (s != "").any())
        subset = data[known].reset_index(drop=True)
        assert anonymity.l_diversity(subset, quasi, [column]) >= L, column
    manifest = json.loads(files["manifest.json"])
    block = manifest["disclosure"]
    assert block["k"] == K and block["l"] == L
    assert set(block["quasi_identifiers"]) == set(quasi)
    assert set(block["sensitive"]) == set(sensitive)
    assert min(block["after"]["l"].values()) >= L
    assert block["after"]["unique"] == 0 and block["after"]["smallest_class"] >= K


def test_gender_survives_and_uniqueness_is_reported(big_export):
    files = big_export
    data = frame(files["data/wide.csv"])
    shown = set(data["gender"])
    assert {"pojke_man", "flicka_kvinna"} <= shown  # generalised rare values, kept the column
    block = json.loads(files["manifest.json"])["disclosure"]
    before, after = block["before"], block["after"]
    # Before: almost every record is unique on the exact values (day counts above all).
    assert before["records"] == CASES and before["unique"] > 0.9 * CASES
    assert before["smallest_class"] == 1 and min(before["l"].values()) == 1
    assert after["records"] == len(data) and after["classes"] < len(data) / K
    # No exact day count leaves: every value of a day column is a band, a missing code or *.
    for value in data["referral_to_start_days"]:
        assert not value.isdigit(), value
