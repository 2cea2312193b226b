"""Records and aggregate exports on a real encrypted demo database, checked from the CSV
files themselves (not through the export code's own data structures)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import delete

from isu.db.models import ReleaseRecord
from isu.domain.roles import Role
from isu.errors import PermissionDenied
from isu.services import audit, exports, users
from isu.services.sign_in import login
from tests.backends import BACKENDS, fresh_workspace
from tests.export_service.support import (
    ADMIN,
    PASSWORD,
    PERIOD,
    demo_db,
    members,
    write_exact_records,
)

K = 5


@pytest.fixture(scope="module", params=BACKENDS)
def ws(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    return demo_db(path, cases=150, ws=fresh_workspace(request.param, request, path))


@pytest.fixture(autouse=True)
def fresh_release_history(ws, request):
    """Each test here is about one export, not release control between them: a records
    export leaves out a few cases (k-anonymity), and an aggregate over those few more is
    refused (tests/summary/test_records_release.py). Each starts with no earlier release.
    On the server no isu role may erase the release history, so the cluster's owner does."""
    if ws.is_server:
        with request.getfixturevalue("pg_cluster").connect(ws.db.target.dbname) as conn:
            conn.execute("DELETE FROM releases")
        return
    with ws.db.unit_of_work() as session:
        session.execute(delete(ReleaseRecord))


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";"))


def write(ws, tmp_path: Path, kind: str = "records", **options) -> dict[str, bytes]:
    out = tmp_path / f"{kind}-{len(list(tmp_path.iterdir()))}.isux"
    if options.get("k") == 1:  # every record: below the floor, so not through the service
        options.pop("k")
        write_exact_records(ws, out, **options)
    else:
        exports.write_export(ws, exports.ExportRequest(kind, *PERIOD, **options), out)
    return members(out.read_bytes())


def test_every_quasi_identifier_combination_occurs_at_least_k_times(ws, tmp_path):
    files = write(ws, tmp_path, k=K)
    codebook = json.loads(files["codebook.json"])["variables"]
    quasi = [v["code"] for v in codebook if v["privacy_class"] == "quasi_identifier"]
    assert {"gender", "age_band", "municipality", "period"} <= set(quasi)
    rows = read_csv(files["data/wide.csv"])
    combos = Counter(tuple(row[q] for q in quasi) for row in rows)
    assert rows and min(combos.values()) >= K
    manifest = json.loads(files["manifest.json"])
    assert manifest["counts"]["rows"] == len(rows)
    assert manifest["counts"]["rows"] + manifest["counts"]["suppressed"] == 150


def test_records_layout_follows_the_form(ws, tmp_path):
    files = write(ws, tmp_path, k=1)
    wide = read_csv(files["data/wide.csv"])
    manifest = json.loads(files["manifest.json"])
    assert len(wide) + manifest["counts"]["suppressed"] == 150  # l = 2 holds even at k = 1
    header = set(wide[0])
    assert {"school_status_before", "school_status_after", "victimisation_before"} <= header
    assert {"sig_reason", "sig_reason__brottslighet", "sig_reason__missing"} <= header
    assert {"referral_to_start_days", "start_to_closure_days"} <= header
    assert not header & {"case_number", "birth_year", "age_at_start", "referral_date", "unit"}
    for row in wide:
        assert row["period"] == "*" or len(row["period"]) in (4, 7)  # never a date
        assert re.fullmatch(r"<0|\d+-\d+|>\d+|\*|[a-z_]+|", row["referral_to_start_days"])
        chosen = set(row["sig_reason"].split("|")) - {""}
        flags = {c.split("__")[1] for c in header if c.startswith("sig_reason__")} - {"missing"}
        assert {f for f in flags if row[f"sig_reason__{f}"] == "1"} == chosen
    long = read_csv(files["data/long.csv"])
    assert {r["phase"] for r in long} == {"before", "after"}
    closed = sum(r["status"] == "closed" for r in wide)
    assert len(long) == len(wide) + closed
    ids = {r["export_id"] for r in wide}
    items = read_csv(files["data/interventions.csv"])
    if manifest["disclosure"]["levels"]["interventions__items"] == 0:
        assert items and {r["export_id"] for r in items} <= ids
        assert all(int(r["item"]) >= 1 for r in items)
    else:  # the number of rows per case was hidden: the rows cannot be counted per case
        assert items and {(r["export_id"], r["item"]) for r in items} == {("", "")}


def test_stable_ids_repeat_and_random_ids_do_not(ws, tmp_path):
    def id_set(**options) -> set[str]:
        return {
            r["export_id"] for r in read_csv(write(ws, tmp_path, k=1, **options)["data/wide.csv"])
        }

    stable = id_set(stable_ids=True)
    assert stable == id_set(stable_ids=True)
    assert not stable & id_set() and not id_set() & id_set()
    assert all(i.startswith("X") and len(i) >= 13 for i in stable)


def test_preview_writes_nothing_and_export_is_logged(ws, tmp_path):
    request = exports.ExportRequest("records", *PERIOD, k=K)
    preview = exports.preview_export(ws, request)
    assert list(tmp_path.iterdir()) == []
    assert preview.k == K and preview.cases_in == 150
    assert {g.column for g in preview.generalisations} >= {"gender", "period"}
    assert (
        sum(count for name, count in preview.rows if name == "data/wide.csv") + (preview.suppressed)
        == 150
    )
    written = exports.write_export(ws, request, tmp_path / "x.isux")
    with ws.db.reading() as session:
        entry = [e for e in audit.entries(session) if e.action == "export_written"][-1]
    detail = json.loads(entry.detail)
    assert entry.actor == ADMIN and detail["package_sha256"] == written.sha256
    assert len(detail["manifest_sha256"]) == 64 and detail["kind"] == "records"
    assert detail["rules"] and detail["suppressed"] == preview.suppressed


def test_aggregate_tables_hide_small_cells_as_in_the_pdf(ws, tmp_path):
    files = write(ws, tmp_path, "aggregate", k=K)
    tables = {n: read_csv(d) for n, d in files.items() if n.startswith("tables/")}
    assert "tables/volume.csv" in tables and "tables/profile.gender_age.csv" in tables
    values = [r["value"] for rows in tables.values() for r in rows if r["measure"] == "count"]
    assert "x" in values
    shown = [int(v) for v in values if v not in ("x", "")]
    assert not [v for v in shown if 0 < v < K]


def test_only_administrators_export(ws, tmp_path):
    users.add_user(ws, "samordnare9", "samordnare-lösen-1", Role.COORDINATOR)
    other = login(ws.path, "samordnare9", "samordnare-lösen-1")
    try:
        with pytest.raises(PermissionDenied):
            exports.write_export(other, exports.ExportRequest("records", *PERIOD), tmp_path / "y")
        with pytest.raises(PermissionDenied):
            exports.preview_export(other, exports.ExportRequest("aggregate", *PERIOD))
    finally:
        other.close()
    admin = login(ws.path, ADMIN, PASSWORD)
    assert admin.user.role is Role.ADMIN
    admin.close()


def test_bad_requests_are_user_errors():
    with pytest.raises(exports.ExportError):
        exports.ExportRequest("everything", *PERIOD)
    with pytest.raises(exports.ExportError):
        exports.ExportRequest("records", PERIOD[1], PERIOD[0])
    with pytest.raises(exports.ExportError):
        exports.ExportRequest("records", *PERIOD, k=0)


def test_cli_preview_prints_and_writes_nothing(ws, tmp_path, monkeypatch, capsys):
    from tests.export_service.support import run_cli

    monkeypatch.setenv("ISU_USER", ADMIN)
    monkeypatch.setenv("ISU_PASSWORD", PASSWORD)
    argv = ["export", "--db", str(ws.path), "--kind", "records", "--from", "2020-01-01"]
    argv += ["--to", "2026-06-01", "--preview", "--out", str(tmp_path / "never.isux")]
    assert run_cli(argv) == 0
    printed = capsys.readouterr().out
    assert "exp_comment\tFritext" in printed and "data/wide.csv" in printed
    assert list(tmp_path.iterdir()) == []
    assert run_cli([*argv[:-3], "--out", str(tmp_path / "a.isux")]) == 0
    assert (tmp_path / "a.isux").is_file()
