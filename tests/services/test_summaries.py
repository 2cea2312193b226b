"""Group summaries through the services layer on a real encrypted demo database (SIG form)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json

import pypdf
import pytest
from openpyxl import load_workbook

from isu.cli.summary import add_summary_parser
from isu.domain.roles import Role
from isu.errors import NotFound, UserError
from isu.reports.grid import table_grid
from isu.services import audit, demo, settings, summaries, users
from isu.services.sign_in import login
from isu.services.workspace import init_database
from isu.summary.data import PeriodKind, SplitBy, SummaryRequest
from isu.summary.disclosure import BelowFloor, ProtectedReport
from tests.backends import BACKENDS, fresh_workspace
from tests.conftest import FAST_KDF

TODAY = dt.date(2026, 6, 1)

ADMIN, PASSWORD = "admin", "admin-lösenord-1"


@pytest.fixture(scope="module", params=BACKENDS)
def demo_ws(request, tmp_path_factory):
    ws = fresh_workspace(request.param, request, tmp_path_factory.mktemp("demo") / "demo.db")
    demo.populate(ws, demo.DemoOptions(cases=150, today=TODAY))
    return ws


@pytest.fixture(scope="module")
def all_data(demo_ws):
    return summaries.load_summary_data(demo_ws)


REQUESTS = [
    SummaryRequest(status="closed"),
    SummaryRequest(status="ongoing", genders=("flicka_kvinna",)),
    SummaryRequest(age_bands=("15-17", "18-20")),
    SummaryRequest(period=PeriodKind.REFERRED, date_from=dt.date(2024, 6, 1),
                   date_to=dt.date(2025, 5, 31)),
    SummaryRequest(period=PeriodKind.STARTED, date_from=dt.date(2025, 1, 1)),
    SummaryRequest(period=PeriodKind.CLOSED, date_to=dt.date(2025, 12, 31)),
    SummaryRequest(period=PeriodKind.ACTIVE, date_from=dt.date(2025, 1, 1),
                   date_to=dt.date(2025, 3, 31)),
    SummaryRequest(unit="SIG Centrum", form_versions=(1,), coordinator_id=1),
    SummaryRequest(unit="Någon annan enhet"),
]  # fmt: skip


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: json.dumps(r.to_json_dict()))
def test_sql_filters_select_what_the_engine_filter_selects(demo_ws, all_data, request_):
    loaded = summaries.load_summary_data(demo_ws, request_)
    expected = all_data.filtered(request_)
    assert [c.key for c in loaded.cases] == [c.key for c in expected.cases]
    assert loaded.answers == expected.answers
    assert loaded.items == expected.items


def test_filters_actually_narrow(demo_ws, all_data):
    assert len(all_data.cases) == 150
    sizes = {len(all_data.filtered(r).cases) for r in REQUESTS}
    assert 0 in sizes and len(sizes) > 4


def test_loaded_answers_are_decoded_by_type(all_data):
    values = {code: next(iter(cells.values()))[0] for code, cells in all_data.answers.items()
              if any(v is not None for v, _ in cells.values())}  # fmt: skip
    assert isinstance(values["referral_date"], dt.date)
    assert isinstance(values["sig_reason"], tuple)
    assert isinstance(values["consent_youth"], bool)
    assert isinstance(values["birth_year"], int)
    kinds = {type(item.get("intervention_status", (None,))[0])
             for _, item in all_data.items["interventions"]}  # fmt: skip
    assert kinds == {str}


def test_build_is_raw_and_audited(demo_ws):
    report = summaries.build(demo_ws, SummaryRequest(split=SplitBy.GENDER), today=TODAY)
    assert report.meta.n_cases == 150
    assert report.meta.unit == "SIG Centrum" and report.meta.municipality == "0180"
    with demo_ws.db.reading() as session:
        last = audit.entries(session)[-1]
    assert last.action == "summary_built"
    assert json.loads(last.detail)["request"]["split"] == "gender"


def test_protected_uses_the_database_threshold_as_a_floor(demo_ws):
    settings.save(demo_ws, k=7)
    try:
        assert summaries.protected(demo_ws, today=TODAY).meta.k == 7
        assert summaries.protected(demo_ws, SummaryRequest(k=9), today=TODAY).meta.k == 9
        with pytest.raises(BelowFloor):  # a request may raise k, never lower it
            summaries.protected(demo_ws, SummaryRequest(k=6), today=TODAY)
    finally:
        settings.save(demo_ws, k=5)
    with pytest.raises(UserError):
        summaries.protected(demo_ws, SummaryRequest(k=0))


def _flat(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_pdf_shows_the_protected_figures(demo_ws, tmp_path):
    out = summaries.write_report(demo_ws, None, tmp_path / "summary.pdf", "pdf", today=TODAY)
    reader = pypdf.PdfReader(out)
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    report = summaries.protected(demo_ws, today=TODAY)
    assert isinstance(report, ProtectedReport)
    tables = {t.key: t for t in report.tables()}
    checked = 0
    for key in ("volume", "q.closure_reason", "q.risk_level", "pair.drug_use.drug_use_after",
                "interventions.status"):  # fmt: skip
        grid = table_grid(tables[key], "sv")
        for row in grid.body:
            line = "\n".join(_flat(cell.text("sv")) for cell in row if cell.text("sv"))
            assert line in text, f"{key}: {line!r} is not in the PDF"
            checked += 1
    assert checked > 15
    assert "Antal ärenden (N)\n150" in text
    with demo_ws.db.reading() as session:
        last = audit.entries(session)[-2]  # protected() above logged summary_built after it
    assert last.action == "summary_written"
    assert json.loads(last.detail)["format"] == "pdf"


def test_xlsx_and_csv_outputs(demo_ws, tmp_path):
    request = SummaryRequest(split=SplitBy.AGE_BAND)
    xlsx = summaries.write_report(demo_ws, request, tmp_path / "s.xlsx", "xlsx", today=TODAY)
    assert len(load_workbook(xlsx).sheetnames) > 10
    folder = summaries.write_report(demo_ws, request, tmp_path / "csv", "csv", lang="en",
                                    today=TODAY)  # fmt: skip
    index = (folder / "00_index.csv").read_text(encoding="utf-8-sig")
    assert "Split by;Age band" in index
    assert len(list(folder.glob("*.csv"))) > 50
    with pytest.raises(UserError):
        summaries.write_report(demo_ws, request, tmp_path / "s.doc", "doc")


def test_saved_definitions_belong_to_their_owner(demo_ws):
    request = SummaryRequest(period=PeriodKind.CLOSED, date_from=dt.date(2025, 1, 1),
                             split=SplitBy.GENDER, genders=("pojke_man",))  # fmt: skip
    summaries.save_definition(demo_ws, "Avslutade 2025", request)
    summaries.save_definition(demo_ws, "Avslutade 2025", dataclasses.replace(request, k=6))
    assert summaries.load_definition(demo_ws, "Avslutade 2025").k == 6
    assert [d.name for d in summaries.list_definitions(demo_ws)] == ["Avslutade 2025"]
    users.add_user(demo_ws, "chefen", "chefens-lösenord", Role.UNIT_HEAD, kdf=FAST_KDF)
    head = login(demo_ws.path, "chefen", "chefens-lösenord")
    try:
        assert summaries.list_definitions(head) == []
        with pytest.raises(NotFound):
            summaries.load_definition(head, "Avslutade 2025")
        with pytest.raises(NotFound):
            summaries.delete_definition(head, "Avslutade 2025")
        assert summaries.build(head, today=TODAY).meta.n_cases == 150  # unit heads may summarise
    finally:
        head.close()
    summaries.delete_definition(demo_ws, "Avslutade 2025")
    assert summaries.list_definitions(demo_ws) == []
    with pytest.raises(UserError):
        summaries.save_definition(demo_ws, "   ", request)


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="isu")
    add_summary_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_writes_a_summary_and_saves_its_settings(demo_ws, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ISU_USER", ADMIN)
    monkeypatch.setenv("ISU_PASSWORD", PASSWORD)
    db = str(demo_ws.path)
    out = tmp_path / "cli.pdf"
    code = _run_cli(["summary", "--db", db, "--from", "2000-01-01", "--period", "closed",
                     "--by", "gender", "--k", "6", "--save-as", "closed-by-gender",
                     "--pdf", str(out)])  # fmt: skip
    assert code == 0 and out.stat().st_size > 10_000
    assert "closed-by-gender" in capsys.readouterr().out
    saved = summaries.load_definition(demo_ws, "closed-by-gender")
    assert (saved.period, saved.split, saved.k) == (PeriodKind.CLOSED, SplitBy.GENDER, 6)
    assert saved.date_from == dt.date(2000, 1, 1)
    folder = tmp_path / "csv"
    assert _run_cli(["summary", "--db", db, "--saved", "closed-by-gender", "--by", "ageband",
                     "--csv", str(folder)]) == 0  # fmt: skip
    index = (folder / "00_index.csv").read_text(encoding="utf-8-sig")
    assert "Uppdelat på;Åldersgrupp" in index and "(k);6" in index
    with pytest.raises(NotFound):
        _run_cli(["summary", "--db", db, "--saved", "finns-inte", "--xlsx", str(tmp_path / "x")])
    with pytest.raises(SystemExit):
        _run_cli(["summary", "--db", db, "--period", "sometime", "--pdf", str(out)])


def test_an_empty_database_gives_an_empty_but_complete_summary(admin_ws, tmp_path):
    report = summaries.build(admin_ws, today=TODAY)
    assert report.meta.n_cases == 0
    assert {s.key for s in report.sections} >= {"volume", "profile", "quality"}
    out = summaries.write_report(admin_ws, None, tmp_path / "empty.pdf", "pdf", today=TODAY)
    assert out.stat().st_size > 1000


def test_a_database_without_any_form_says_so(tmp_path):
    ws, _ = init_database(tmp_path / "bare.db", ADMIN, PASSWORD, kdf=FAST_KDF)
    try:
        with pytest.raises(NotFound):
            summaries.build(ws)
    finally:
        ws.close()
