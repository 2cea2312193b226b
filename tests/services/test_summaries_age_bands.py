"""Summaries in the database's age-band setting, on a real encrypted database (SIG form).

Eight cases start on 2026-02-01; their ages at start put them in the form's bands and in
the setting's bands below as the comments say.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt

import pytest

from isu.cli.summary import add_summary_parser
from isu.domain.answers import Answer
from isu.domain.form import DEFAULT_AGE_BANDS
from isu.services import cases, forms, settings, summaries
from isu.summary.data import SplitBy, SummaryRequest
from isu.summary.engine import build_summary
from tests.conftest import ADMIN, ADMIN_PASSWORD

TODAY = dt.date(2026, 6, 1)
START = dt.date(2026, 2, 1)
SETTING = [[12, 15], [16, 20], [21, 29]]
SETTING_LABELS = ["12–15 år", "16–20 år", "21–29 år", "Uppgift saknas"]

# (birth year, gender): age at start → form band → setting band
CASES = [
    (2013, "pojke_man"),  # 13 → 12-14 → 12-15
    (2011, "flicka_kvinna"),  # 15 → 15-17 → 12-15
    (2011, "pojke_man"),  # 15 → 15-17 → 12-15
    (2010, "pojke_man"),  # 16 → 15-17 → 16-20
    (2006, "flicka_kvinna"),  # 20 → 18-20 → 16-20
    (2004, "pojke_man"),  # 22 → 21-25 → 21-29
    (None, "flicka_kvinna"),  # no age at start → none
    (2015, "pojke_man"),  # 11 → outside every band → none
]
FORM_BANDS_OF_CASES = ["12-14", "15-17", "15-17", "15-17", "18-20", "21-25", None, None]
SETTING_BANDS_OF_CASES = ["12-15", "12-15", "12-15", "16-20", "16-20", "21-29", None, None]


@pytest.fixture
def ws(admin_ws):
    for number, (birth_year, gender) in enumerate(CASES):
        answers = {
            "referral_date": Answer(dt.date(2026, 1, 10)),
            "start_date": Answer(START),
            "consent_youth": Answer(True),
            "gender": Answer(gender),
        }
        if birth_year is not None:
            answers["birth_year"] = Answer(birth_year)
        cases.register_case(admin_ws, f"B-{number}", answers=answers, today=TODAY)
    return admin_ws


def _tables(report) -> dict:
    return {table.key: table for section in report.sections for table in section.tables}


def _labels(texts) -> list[str]:
    return [text.get("sv") for text in texts]


def test_the_stored_bands_are_the_forms(ws):
    data = summaries.load_summary_data(ws)
    assert [c.age_band for c in data.cases] == FORM_BANDS_OF_CASES


def test_summaries_place_cases_in_the_setting_bands(ws):
    settings.save(ws, age_bands=SETTING)
    data = summaries.load_summary_data(ws, setting_age_bands=True)
    assert [c.age_band for c in data.cases] == SETTING_BANDS_OF_CASES
    assert [b.code for b in data.spec.age_bands] == ["12-15", "16-20", "21-29"]
    # the copy of the form has its own indexes; the published form keeps its bands
    assert data.spec.by_role("age_at_start").code == "age_at_start"
    assert data.spec.question("gender").role == "gender"
    assert forms.get_form(ws, "sig").age_bands == DEFAULT_AGE_BANDS


def test_gender_by_age_band_and_the_split_show_the_setting_bands(ws):
    settings.save(ws, age_bands=SETTING)
    report = summaries.build(ws, SummaryRequest(split=SplitBy.AGE_BAND), today=TODAY)
    tables = _tables(report)
    profile = tables["profile.gender_age"]
    assert _labels(profile.col_labels) == SETTING_LABELS
    assert _labels(profile.row_labels) == ["Pojke/man", "Flicka/kvinna"]
    assert profile.values == ((2, 1, 1, 1), (1, 1, 0, 1))
    volume = tables["volume"]
    assert _labels(volume.col_blocks) == ["Alla", *SETTING_LABELS]
    assert volume.values[0][::2] == (8, 3, 2, 1, 2)  # referred: all, then per band


def test_a_filter_by_a_setting_band_selects_by_age_at_start(ws):
    settings.save(ws, age_bands=SETTING)
    # No case has "16-20" or "21-29" stored: a filter on the stored column would find none.
    request = SummaryRequest(age_bands=("16-20", "21-29"), split=SplitBy.AGE_BAND)
    data = summaries.load_summary_data(ws, request, setting_age_bands=True)
    assert [c.age_band for c in data.cases] == ["16-20", "16-20", "21-29"]
    assert all(set(cells) <= {0, 1, 2} for cells in data.answers.values())
    assert data.answers["birth_year"] == {0: (2010, None), 1: (2006, None), 2: (2004, None)}
    report = summaries.build(ws, request, today=TODAY)
    assert report.meta.n_cases == 3
    profile = _tables(report)["profile.gender_age"]
    assert _labels(profile.col_labels) == ["16–20 år", "21–29 år"]
    assert profile.values == ((1, 1), (1, 0))
    stale = SummaryRequest(age_bands=("15-17",))  # a form band the setting no longer has
    assert summaries.build(ws, stale, today=TODAY).meta.n_cases == 0


@pytest.mark.parametrize(
    "request_",
    [
        SummaryRequest(age_bands=("12-15",)),  # 13 and both 15s: the band's top year counts
        SummaryRequest(age_bands=("16-20", "21-29"), genders=("pojke_man",)),
        SummaryRequest(age_bands=("15-17",)),  # a form band only: nobody
    ],
    ids=lambda r: ",".join(r.age_bands),
)
def test_the_sql_age_filter_selects_what_the_python_filter_selects(ws, request_):
    settings.save(ws, age_bands=SETTING)
    everyone = summaries.load_summary_data(ws, setting_age_bands=True)
    loaded = summaries.load_summary_data(ws, request_, setting_age_bands=True)
    expected = everyone.filtered(request_)
    assert [c.key for c in loaded.cases] == [c.key for c in expected.cases]
    assert loaded.cases == expected.cases and loaded.answers == expected.answers


def test_cases_without_an_age_at_start_are_unknown(ws):
    settings.save(ws, age_bands=SETTING)
    data = summaries.load_summary_data(ws, setting_age_bands=True)
    unknown = [case.key for case in data.cases if case.age_band is None]
    assert len(unknown) == 2
    everyone = SummaryRequest(age_bands=("12-15", "16-20", "21-29"))
    assert summaries.build(ws, everyone, today=TODAY).meta.n_cases == 6


@pytest.mark.parametrize(
    "bands",
    [None, [[26, 29], [21, 25], [18, 20], [15, 17], [12, 14]]],
    ids=["default", "same-bands-other-order"],
)
@pytest.mark.parametrize(
    "request_",
    [SummaryRequest(split=SplitBy.AGE_BAND), SummaryRequest(age_bands=("15-17", "21-25"))],
    ids=["split", "filter"],
)
def test_a_setting_equal_to_the_forms_bands_changes_nothing(ws, bands, request_):
    if bands is not None:
        settings.save(ws, age_bands=bands)
    stored = summaries.load_summary_data(ws, request_)
    used = summaries.load_summary_data(ws, request_, setting_age_bands=True)
    assert used.spec is stored.spec  # the published form itself: nothing copied
    assert used.cases == stored.cases and used.answers == stored.answers
    report = summaries.build(ws, request_, today=TODAY)
    before = build_summary(stored, dataclasses.replace(request_, k=5), today=TODAY)
    assert report.sections == before.sections


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="isu")
    add_summary_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_the_cli_filters_and_splits_by_setting_bands(ws, tmp_path, monkeypatch):
    settings.save(ws, age_bands=SETTING)
    request = SummaryRequest(age_bands=("12-15", "16-20"), split=SplitBy.AGE_BAND)
    summaries.save_definition(ws, "unga", request)
    monkeypatch.setenv("ISU_USER", ADMIN)
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    folder = tmp_path / "csv"
    settings.save(ws, k=3)  # the lowest floor there is: five cases are enough to show
    argv = ["summary", "--db", str(ws.path), "--saved", "unga", "--k", "3", "--csv", str(folder)]
    assert _run_cli(argv) == 0
    index = (folder / "00_index.csv").read_text(encoding="utf-8-sig")
    assert "Åldersgrupp;12-15, 16-20" in index
    profile = (folder / "006_profile_gender_age.csv").read_text(encoding="utf-8-sig")
    lines = profile.splitlines()
    assert "Kön;12–15 år;16–20 år;Totalt" in lines  # no unknown column: filtered away
    assert "Totalt;x;x;5" in lines  # a band of 2 is hidden (k = 3), and so is the other
