"""Attacks on small-number protection: k below the database's floor from every role and
every entry point, tiny selections, and N or min/max leaking from the files.

Every attack runs against a real encrypted demo database through the same doors a user
has: the CLI (``isu.cli.main``), the service functions, saved summaries and the settings
service. The summary page (real widgets) is attacked in
``tests/ui/summary/test_summary_k_floor.py``. Editing the settings row in the database
file directly is out of scope: whoever can do that holds the key.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from isu import cli
from isu.db.models import SavedSummaryRecord
from isu.domain.roles import Role
from isu.domain.settings_spec import K_MAX, K_MIN, SETTINGS
from isu.domain.text import SUPPRESSED_MARK, Text
from isu.errors import PermissionDenied, UserError
from isu.services import audit, demo, exports, forms, merge, settings, summaries, users
from isu.services.sign_in import login
from isu.services.workspace import init_database
from isu.summary.builders import frequency_table
from isu.summary.data import PeriodKind, SummaryRequest
from isu.summary.disclosure import (
    BelowFloor,
    InvalidThreshold,
    TooFewCases,
    protect,
    protect_report,
)
from tests.conftest import FAST_KDF

TODAY = dt.date(2026, 6, 1)
PERIOD = (dt.date(2020, 1, 1), TODAY)

ADMIN, PASSWORD = "admin", "admin-lösenord-1"
ACCOUNTS = {
    Role.ADMIN: (ADMIN, PASSWORD),
    Role.UNIT_HEAD: ("enhetschef", "enhetschefens-lösenord"),
    Role.COORDINATOR: ("samordnare", "samordnarens-lösenord"),
}
BELOW = (1, 2, 4)  # the floor is the default k = 5; 1 and 2 are also below the bounds
ROLES = tuple(ACCOUNTS)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("attack") / "demo.db"
    ws, _recovery = init_database(path, ADMIN, PASSWORD, kdf=FAST_KDF)
    try:
        forms.publish_default_form(ws)
        demo.populate(ws, demo.DemoOptions(cases=120, today=TODAY))
        # Shared access: the coordinator summarises the unit's cases, so k matters to them.
        settings.save(ws, municipality="0180", shared_access=True)
        for role, (name, password) in ACCOUNTS.items():
            if role is not Role.ADMIN:
                users.add_user(ws, name, password, role, kdf=FAST_KDF)
    finally:
        ws.close()
    return path


@pytest.fixture
def as_role(db):
    opened = []

    def open_as(role: Role):
        name, password = ACCOUNTS[role]
        ws = login(db, name, password)
        opened.append(ws)
        return ws

    yield open_as
    for ws in opened:
        ws.close()


def run_cli(monkeypatch, role: Role, argv: list[str]) -> int:
    name, password = ACCOUNTS[role]
    monkeypatch.setenv("ISU_USER", name)
    monkeypatch.setenv("ISU_PASSWORD", password)
    return cli.main(argv)


def written_actions(db) -> list[str]:
    ws = login(db, ADMIN, PASSWORD)
    try:
        with ws.db.reading() as session:
            return [e.action for e in audit.entries(session)]
    finally:
        ws.close()


# --- the declaration --------------------------------------------------------------------------


def test_k_is_declared_once_and_everyone_uses_those_bounds():
    declared = SETTINGS["k"]
    assert (declared.low, declared.high, declared.default) == (K_MIN, K_MAX, 5) == (3, 50, 5)
    from isu.services.export_request import MAX_K as export_max
    from isu.summary.disclosure import MAX_K, MIN_K

    assert (MIN_K, MAX_K, export_max) == (K_MIN, K_MAX, K_MAX)
    assert set(SETTINGS) == set(settings.DatabaseSettings.__dataclass_fields__)
    assert settings.DatabaseSettings() == settings.DatabaseSettings(
        **{name: spec.default for name, spec in SETTINGS.items()}
    )


# --- the engine ---------------------------------------------------------------------------


@pytest.mark.parametrize("k", [0, 1, 2, K_MAX + 1, True, "5"])
def test_the_engine_refuses_k_outside_the_declared_bounds(k):
    table = frequency_table("f", Text("F"), [Text("a"), Text("b")], [1, 20])
    with pytest.raises(InvalidThreshold):
        protect(table, k)


# --- the service functions, every role -----------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("k", BELOW)
def test_summary_services_refuse_k_below_the_floor(as_role, role, k, tmp_path):
    ws = as_role(role)
    request = SummaryRequest(k=k)
    for attempt in (
        lambda: summaries.build(ws, request, today=TODAY),
        lambda: summaries.protected(ws, request, today=TODAY),
        lambda: summaries.write_report(ws, request, tmp_path / "s.csv", "csv", today=TODAY),
        lambda: summaries.save_definition(ws, f"lågt-k-{k}", request),
    ):
        with pytest.raises(UserError) as caught:
            attempt()
        assert isinstance(caught.value, BelowFloor | InvalidThreshold)
    assert not (tmp_path / "s.csv").exists()
    assert f"lågt-k-{k}" not in [d.name for d in summaries.list_definitions(ws)]
    # Raising k is allowed for everyone who may summarise.
    assert summaries.protected(ws, SummaryRequest(k=8), today=TODAY).meta.k == 8


def test_the_refusal_says_why_in_both_languages(as_role):
    with pytest.raises(BelowFloor) as caught:
        summaries.protected(as_role(Role.UNIT_HEAD), SummaryRequest(k=4), today=TODAY)
    assert "k = 4" in caught.value.message("sv") and "aldrig sänka" in caught.value.message("sv")
    assert "never lower" in caught.value.message("en")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["aggregate", "records"])
@pytest.mark.parametrize("k", BELOW)
def test_export_services_refuse_k_below_the_floor(as_role, role, kind, k, tmp_path):
    ws = as_role(role)
    out = tmp_path / "x.isux"
    with pytest.raises(UserError):  # bounds (1, 2), the floor (4), or no export right
        request = exports.ExportRequest(kind, *PERIOD, k=k)
        exports.write_export(ws, request, out)
    with pytest.raises(UserError):
        exports.preview_export(ws, exports.ExportRequest(kind, *PERIOD, k=max(k, K_MIN)))
    assert not out.exists()


def test_an_administrator_export_at_the_floor_still_works(as_role, tmp_path):
    ws = as_role(Role.ADMIN)
    with pytest.raises(BelowFloor):
        exports.preview_export(ws, exports.ExportRequest("records", *PERIOD, k=4))
    preview = exports.preview_export(ws, exports.ExportRequest("aggregate", *PERIOD, k=6))
    assert preview.k == 6


# --- the CLI, every role ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("k", BELOW)
def test_cli_summary_refuses_k_below_the_floor(db, monkeypatch, capsys, tmp_path, role, k):
    out = tmp_path / "s.pdf"
    code = run_cli(
        monkeypatch, role, ["summary", "--db", str(db), "--k", str(k), "--pdf", str(out)]
    )
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "små tal" in err


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["aggregate", "records"])
def test_cli_export_refuses_k_below_the_floor(db, monkeypatch, capsys, tmp_path, role, kind):
    for k in BELOW:
        out = tmp_path / f"{kind}-{k}.isux"
        argv = ["export", "--db", str(db), "--kind", kind, "--from", "2020-01-01",
                "--to", "2026-06-01", "--k", str(k), "--out", str(out)]  # fmt: skip
        assert run_cli(monkeypatch, role, argv) == 2 and not out.exists()
        assert "Traceback" not in capsys.readouterr().err
    assert "export_written" not in written_actions(db)


def test_cli_merge_refuses_k_below_the_packages(tmp_path):
    with pytest.raises(UserError):
        merge.merge_packages([tmp_path / "none.isux"], k=1)


# --- saved summaries ----------------------------------------------------------------------


def _store_old_definition(ws, name: str, k: int) -> None:
    """A definition saved before the floor rose (or by an older program): written as the
    service writes it, but with a k the service would now refuse."""
    text = json.dumps(SummaryRequest(k=k).to_json_dict(), sort_keys=True)
    with ws.db.unit_of_work() as session:
        session.add(SavedSummaryRecord(name=name, owner_id=ws.user.id, definition=text))


@pytest.mark.parametrize("role", ROLES)
def test_a_saved_summary_below_the_floor_is_raised_on_load(
    db, as_role, monkeypatch, capsys, tmp_path, role
):
    ws = as_role(role)
    name = f"gammal-{role.value}"
    _store_old_definition(ws, name, 2)
    loaded = summaries.load_definition(ws, name)
    assert loaded.k == 5 and summaries.definition_was_raised(ws, name)
    assert [d.request.k for d in summaries.list_definitions(ws) if d.name == name] == [5]
    assert summaries.protected(ws, loaded, today=TODAY).meta.k == 5
    folder = tmp_path / "csv"
    argv = ["summary", "--db", str(db), "--saved", name, "--csv", str(folder)]
    assert run_cli(monkeypatch, role, argv) == 0
    assert "k = 5" in capsys.readouterr().out  # it says so
    index = (folder / "00_index.csv").read_text(encoding="utf-8-sig")
    assert "(k);5" in index


# --- the settings service -----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.COORDINATOR])
@pytest.mark.parametrize("k", [1, 2, 4, 10])
def test_only_an_administrator_changes_k(as_role, role, k):
    with pytest.raises(PermissionDenied):
        settings.save(as_role(role), k=k)
    assert settings.load(as_role(Role.ADMIN)).k == 5


@pytest.mark.parametrize("k", [0, 1, 2, K_MAX + 1, "3", 2.5, True])
def test_the_administrator_cannot_set_k_outside_the_bounds(as_role, k):
    with pytest.raises(UserError) as caught:
        settings.save(as_role(Role.ADMIN), k=k)
    assert "3" in caught.value.message("en") and "50" in caught.value.message("en")
    assert settings.load(as_role(Role.ADMIN)).k == 5


@pytest.mark.parametrize(
    ("name", "bad"),
    [("retention_years", 0), ("retention_years", 51), ("backups_to_keep", 0),
     ("backups_to_keep", 366), ("idle_lock_minutes", 0), ("backups_to_keep", "7")],
)  # fmt: skip
def test_retention_and_backup_counts_have_bounds_in_the_service(as_role, name, bad):
    with pytest.raises(UserError):
        settings.save(as_role(Role.ADMIN), **{name: bad})


def test_every_settings_change_is_audited_old_to_new(db, as_role):
    admin = as_role(Role.ADMIN)
    settings.save(admin, k=7, backups_to_keep=9)
    settings.save(admin, k=5, backups_to_keep=7)
    with admin.db.reading() as session:
        changes = [
            json.loads(e.detail)["changes"]
            for e in audit.entries(session)
            if e.action == "settings_changed"
        ][-2:]
    assert changes[0] == {"k": {"old": 5, "new": 7}, "backups_to_keep": {"old": 7, "new": 9}}
    assert changes[1] == {"k": {"old": 7, "new": 5}, "backups_to_keep": {"old": 9, "new": 7}}


def test_a_floor_stored_below_the_minimum_rises_to_it(db, as_role):
    admin = as_role(Role.ADMIN)
    from isu.db.models import SettingRecord

    with admin.db.unit_of_work() as session:  # written by an older program (2 was allowed)
        session.merge(SettingRecord(key="k", value="2"))
    try:
        assert settings.load(admin).k == K_MIN
        with pytest.raises(UserError):
            summaries.protected(admin, SummaryRequest(k=2), today=TODAY)
    finally:
        settings.save(admin, k=5)


# --- tiny selections and small tables -----------------------------------------------------

ONE_DAY = SummaryRequest(
    period=PeriodKind.STARTED, date_from=dt.date(2025, 3, 3), date_to=dt.date(2025, 3, 3)
)


def _tiny_request(ws) -> SummaryRequest:
    """A period that selects 1..k-1 cases (one day of starts, widened until some start)."""
    day = dt.date(2025, 1, 1)
    for _ in range(400):
        request = SummaryRequest(period=PeriodKind.STARTED, date_from=day, date_to=day)
        n = summaries.build(ws, request, today=TODAY).meta.n_cases
        if 0 < n < 5:
            return request
        day += dt.timedelta(days=1)
    raise AssertionError("no day with 1..4 starts in the demo")


@pytest.mark.parametrize("role", ROLES)
def test_an_output_over_fewer_than_k_cases_is_refused(db, as_role, monkeypatch, tmp_path, role):
    ws = as_role(role)
    tiny = _tiny_request(as_role(Role.ADMIN))
    with pytest.raises(TooFewCases) as caught:
        summaries.protected(ws, tiny, today=TODAY)
    assert "färre än k = 5" in caught.value.message("sv")
    for fmt in ("pdf", "xlsx", "csv"):
        out = tmp_path / f"tiny.{fmt}"
        with pytest.raises(TooFewCases):
            summaries.write_report(ws, tiny, out, fmt, today=TODAY)
        assert not out.exists()
    day = tiny.date_from.isoformat()
    argv = ["summary", "--db", str(db), "--period", "started", "--from", day, "--to", day,
            "--pdf", str(tmp_path / "cli.pdf")]  # fmt: skip
    assert run_cli(monkeypatch, role, argv) == 2 and not (tmp_path / "cli.pdf").exists()


def test_the_engine_refuses_a_report_over_fewer_than_k_cases(as_role):
    tiny = _tiny_request(as_role(Role.ADMIN))
    raw = summaries.build(as_role(Role.ADMIN), tiny, today=TODAY)
    with pytest.raises(TooFewCases):
        protect_report(raw, 5)


def _small_tables_request(ws) -> tuple[SummaryRequest, dict[str, int]]:
    """Recent starts: at least k cases, but few of them closed, so the closure and result
    tables cover 1..k-1 cases. Returns the request and those tables' true n."""
    for days in range(30, 720, 15):
        request = SummaryRequest(
            period=PeriodKind.STARTED, date_from=TODAY - dt.timedelta(days=days), date_to=TODAY
        )
        raw = summaries.build(ws, request, today=TODAY)
        small = {t.key: t.n for t in raw.tables() if 0 < t.n < 5}
        if raw.meta.n_cases >= 5 and small:
            return request, small
    raise AssertionError("no period with small tables in the demo")


def test_no_file_or_screen_prints_the_n_of_a_table_below_k(as_role, tmp_path):
    ws = as_role(Role.UNIT_HEAD)
    request, small = _small_tables_request(ws)
    report = summaries.protected(ws, request, today=TODAY)
    tables = {t.key: t for t in report.tables()}
    for key in small:
        assert tables[key].n is None and tables[key].missing is None
        if tables[key].grand_total is not None:
            assert tables[key].grand_total.hidden
    folder = summaries.write_report(ws, request, tmp_path / "csv", "csv", today=TODAY)
    index_text = (folder / "00_index.csv").read_text(encoding="utf-8-sig")
    index = list(csv.reader(index_text.splitlines(), delimiter=";"))
    listed = {row[2]: row[3] for row in index if len(row) == 5}
    for key in small:
        title = tables[key].title.get("sv")
        assert listed[title] == SUPPRESSED_MARK
    for path in folder.glob("0*_*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        for key, n in small.items():
            if tables[key].title.get("sv") == text.splitlines()[0]:
                assert f"n = {n}" not in text and "n = x" in text
    xlsx = summaries.write_report(ws, request, tmp_path / "s.xlsx", "xlsx", today=TODAY)
    book = load_workbook(xlsx, read_only=True)
    texts = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    book.close()
    assert any(t.startswith("n = x") for t in texts)
    pdf = summaries.write_report(ws, request, tmp_path / "s.pdf", "pdf", today=TODAY)
    words = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "n = x" in words


def test_min_and_max_are_never_published_and_the_note_says_why(as_role, tmp_path):
    ws = as_role(Role.UNIT_HEAD)
    report = summaries.protected(ws, today=TODAY)
    stats = [t for t in report.tables() if t.kind.value == "statistics" and (t.n or 0) >= 20]
    assert stats
    from isu.reports.texts import table_footnotes

    for table in stats:
        for row in table.cells:
            assert row[4].value is None and row[5].value is None  # min, max
        notes = " ".join(table_footnotes(table, "sv"))
        assert "enskild persons exakta värde" in notes
        if not any(c.hidden and c.state.value != "withheld" for c in table.all_cells()):
            assert "färre än" not in notes  # not the wrong reason
