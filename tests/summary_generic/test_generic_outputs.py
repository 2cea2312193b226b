"""The generic form end to end on a real encrypted database: 26 municipalities registered,
the summary written as PDF, XLSX and CSV through the service and read back."""

from __future__ import annotations

import csv
import datetime as dt
import stat

import openpyxl
import pypdf
import pytest

from isu.services import summaries
from isu.summary.data import SummaryRequest
from tests.summary_generic.support import FORM_ID, N, expected_top_box, register_all

SIG_LEFTOVERS = (
    "Målgrupp",
    "Före (vid start)",
    "jämförelsegrupp",
    "Före/efter",
    "Ärenden och flöden",
    "Pågående ärenden utan avslut",
    "ärenden",
)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """One database with SIG and the generic form published, and the three outputs."""
    from isu.security import keyslots
    from isu.services import forms
    from isu.services.workspace import init_database
    from tests.conftest import ADMIN, ADMIN_PASSWORD, FAST_KDF

    folder = tmp_path_factory.mktemp("generic")
    ws, _ = init_database(folder / "isu.db", ADMIN, ADMIN_PASSWORD, kdf=FAST_KDF)
    try:
        old, keyslots.DEFAULT_KDF = keyslots.DEFAULT_KDF, FAST_KDF
        forms.publish_default_form(ws)
        register_all(ws)
        request = SummaryRequest(form_id=FORM_ID)
        out = {
            "pdf": summaries.write_report(ws, request, folder / "r.pdf", "pdf"),
            "pdf_en": summaries.write_report(ws, request, folder / "r_en.pdf", "pdf", lang="en"),
            "xlsx": summaries.write_report(ws, request, folder / "r.xlsx", "xlsx"),
            "csv": summaries.write_report(ws, request, folder / "csv", "csv"),
        }
        yesterday = dt.date.today() - dt.timedelta(days=1)
        out["before"] = summaries.build(ws, SummaryRequest(form_id=FORM_ID, date_to=yesterday))
        out["today"] = summaries.build(
            ws, SummaryRequest(form_id=FORM_ID, date_from=dt.date.today())
        )
        out["default"] = summaries.build(ws)  # no --form: the form most cases use
    finally:
        keyslots.DEFAULT_KDF = old
        ws.close()
    return out


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_the_pdf_follows_the_form(written):
    text = pdf_text(written["pdf"])
    for leftover in SIG_LEFTOVERS:
        assert leftover not in text, leftover
    for wanted in (
        "Enkätsvar",
        "Uppföljning",
        "Antal kommuner (N)",
        "Fördelning: Samverkan med polisen",
        "Nöjdhet med samverkan",
        "Svar 4–5",
        "Besvarade frågor: Enkätsvar",
        "Registreringsdatum",
    ):
        assert wanted in text, wanted
    assert "\n, " not in text and ", \n" not in text  # no ", 0180" leftovers
    footer = pypdf.PdfReader(written["pdf"]).pages[1].extract_text().splitlines()
    assert not any(line.rstrip().endswith("·") for line in footer)
    today = dt.date.today().isoformat()
    assert f"{today} – {today}" in text  # every respondent registered today: a true period
    assert stat.S_IMODE(written["pdf"].stat().st_mode) == 0o600


def test_the_english_pdf_speaks_of_municipalities(written):
    text = " ".join(pdf_text(written["pdf_en"]).split())  # lines wrap in the cover table
    assert "Number of municipalities (N)" in text
    assert "Distribution: Cooperation with the police" in text
    assert "comparison group" not in text and "Target group" not in text


def test_xlsx_has_the_battery_with_its_top_box_counts(written):
    book = openpyxl.load_workbook(written["xlsx"], read_only=True)
    found = None
    for sheet in book.worksheets:
        rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        if rows and rows[0][0] == "Nöjdhet med samverkan":
            found = rows
    assert found is not None
    police = next(row for row in found if row[0] == "Samverkan med polisen")
    top, answered = expected_top_box("sat_police")
    assert police[1] == top and police[5] == answered
    about = [row for row in book["Om rapporten"].iter_rows(values_only=True)]
    flat = " ".join(str(c) for row in about for c in row if c)
    assert "jämförelsegrupp" not in flat and "Antal kommuner (N)" in flat


def test_csv_has_distributions_and_the_top_box_table(written):
    folder = written["csv"]
    names = sorted(p.name for p in folder.iterdir())
    assert any(n.endswith("_scale_sat_police.csv") for n in names)
    battery = next(folder / n for n in names if n.endswith("_topbox_sat_police.csv"))
    rows = list(csv.reader(battery.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    school = next(row for row in rows if row and row[0] == "Samverkan med skolan")
    top, answered = expected_top_box("sat_school")
    assert school[1] == str(top) and school[5] == str(answered)
    index = (folder / "00_index.csv").read_text(encoding="utf-8-sig")
    assert "Före/efter" not in index and "Antal kommuner (N)" in index


def test_periods_filter_on_the_registration_date(written):
    assert written["before"].meta.n_cases == 0  # registered today, not yesterday
    assert written["today"].meta.n_cases == N  # a date filter no longer drops every case


def test_without_form_the_summary_takes_the_form_most_cases_use(written):
    assert written["default"].meta.form_id == FORM_ID
