"""Retention and erasure: cases leave completely, the log keeps only that it happened, and no
page of the file (even decrypted with the key) still holds what was erased."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlcipher3
from sqlalchemy import text

from isu.db.connect import raw_key_pragma
from isu.domain.answers import Answer
from isu.domain.roles import Role
from isu.errors import PermissionDenied
from isu.services import cases, retention, settings, users
from isu.services.maintenance import verify
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import cli, decrypt_database_file, decrypt_wal_file

TODAY = dt.date(2026, 6, 1)
CANARY = "Kanariefågel-Raderas-9XQ4"
KEEPER = "Kanariefågel-Stannar-7ZP2"


def _closed_case(ws, number: str, closed: dt.date, note: str = "") -> int:
    answers = {
        "referral_date": Answer(dt.date(2015, 1, 1)),
        "start_date": Answer(dt.date(2015, 2, 1)),
        "birth_year": Answer(2000),
    }
    if note:
        answers |= {"referred_by": Answer("annan"), "referred_by_other": Answer(note)}
    result = cases.register_case(
        ws,
        number,
        answers=answers,
        today=TODAY,
        repeats={"interventions": [{"intervention_type": Answer("mentor")}]},
    )
    cases.close_case(ws, result.case_id, closed, "plan_genomford", today=TODAY)
    return result.case_id


def _audit(ws) -> list[tuple[str, str, str]]:
    with ws.db.reading() as session:
        return [
            tuple(r)
            for r in session.execute(
                text("SELECT action, target, detail FROM audit_log ORDER BY id")
            )
        ]


def _plaintext_export(db_path, key: bytes, out) -> bytes:
    """The brief's check: export everything the key can read into a plaintext database."""
    conn = sqlcipher3.connect(str(db_path))
    try:
        conn.execute(raw_key_pragma(key))
        conn.execute(f"ATTACH DATABASE '{out}' AS plaintext KEY ''")
        conn.execute("SELECT sqlcipher_export('plaintext')")
        conn.execute("DETACH DATABASE plaintext")
    finally:
        conn.close()
    return out.read_bytes()


def test_retention_preview_and_apply_by_closure_date(admin_ws):
    old = _closed_case(admin_ws, "G-1", dt.date(2021, 5, 31))
    _closed_case(admin_ws, "G-2", dt.date(2021, 6, 2))
    _closed_case(admin_ws, "G-3", dt.date(2020, 2, 29))  # due on 2025-02-28
    cases.register_case(admin_ws, "G-4", today=TODAY)  # ongoing: never due
    assert retention.preview_retention(admin_ws, TODAY) == []  # no rule yet
    settings.save(admin_ws, retention_years=5)
    due = retention.preview_retention(admin_ws, TODAY)
    assert [(c.case_number, c.due_date) for c in due] == [
        ("G-3", dt.date(2025, 2, 28)),
        ("G-1", dt.date(2026, 5, 31)),
    ]
    assert due[1].case_id == old
    assert retention.apply_retention(admin_ws, TODAY) == 2
    assert {r.case_number for r in cases.list_cases(admin_ws).rows} == {"G-2", "G-4"}
    with admin_ws.db.reading() as session:
        orphans = session.execute(
            text("SELECT count(*) FROM answers WHERE case_id NOT IN (SELECT id FROM cases)")
        ).scalar()
    assert orphans == 0
    action, target, detail = _audit(admin_ws)[-1]
    assert (action, target, json.loads(detail)) == (
        "retention_applied",
        "",
        {"count": 2, "years": 5},
    )
    assert retention.preview_retention(admin_ws, TODAY) == []
    assert verify(admin_ws).ok


def test_only_administrators_delete(db_path, admin_ws):
    users.add_user(admin_ws, "sara", "saras-lösenord", Role.COORDINATOR)
    sara = login(db_path, "sara", "saras-lösenord")
    try:
        own = cases.register_case(sara, "S-1", today=TODAY)
        for attempt in (
            lambda: retention.preview_retention(sara, TODAY),
            lambda: retention.apply_retention(sara, TODAY),
            lambda: retention.erase_case(sara, own.case_id),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
    finally:
        sara.close()


def test_erased_case_leaves_no_decryptable_trace(db_path, admin_ws, tmp_path):
    keep = _closed_case(admin_ws, "E-1", dt.date(2025, 1, 1), KEEPER)
    doomed = _closed_case(admin_ws, "E-2", dt.date(2025, 1, 1), CANARY)
    cases.get_case(admin_ws, doomed)  # leaves a 'case_read' entry naming the internal id
    key, canary = admin_ws._data_key, CANARY.encode()
    assert canary in _plaintext_export(db_path, key, tmp_path / "before.db")
    assert canary in decrypt_database_file(db_path, key) + decrypt_wal_file(
        db_path.with_name("isu.db-wal"), key
    )

    result = retention.erase_case(admin_ws, doomed)

    assert result.wal_emptied
    assert canary not in _plaintext_export(db_path, key, tmp_path / "after.db")
    pages = decrypt_database_file(db_path, key) + decrypt_wal_file(
        db_path.with_name("isu.db-wal"), key
    )
    assert canary not in pages and b"E-2" not in pages
    assert KEEPER.encode() in pages  # the check can see text that is there
    with admin_ws.db.reading() as session:
        assert session.execute(text("PRAGMA freelist_count")).scalar() == 0
    log = _audit(admin_ws)
    assert log[-1] == ("case_erased", "", "{}")
    assert ("case_read", f"case:{doomed}", "{}") in log  # earlier entries stay, chain holds
    assert not any("E-2" in field for entry in log for field in entry)
    assert verify(admin_ws).ok
    assert cases.get_case(admin_ws, keep).answers["referred_by_other"].value == KEEPER


def test_cli_erase_asks_for_confirmation_and_retention_dry_run(
    db_path, admin_ws, tmp_path, capsys, monkeypatch
):
    _closed_case(admin_ws, "X-1", dt.date(2019, 1, 1))
    _closed_case(admin_ws, "X-2", dt.date(2019, 1, 1))
    settings.save(admin_ws, retention_years=3)
    admin_ws.close()
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    base = ["--db", str(db_path), "--user", ADMIN]
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli(["erase", *base, "X-1"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert cli(["erase", *base, "NO-SUCH"]) == 2
    assert "finns inte" in capsys.readouterr().err
    assert cli(["erase", *base, "X-1", "--yes"]) == 0
    assert "raderat helt" in capsys.readouterr().out
    assert cli(["retention", *base, "--dry-run", "--today", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "X-2\t2019-01-01\t2022-01-01" in out and "1 avslutade" in out
    assert cli(["retention", *base, "--apply", "--today", "2026-06-01"]) == 0
    assert "1 ärenden gallrades" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:  # one of --dry-run / --apply is required
        cli(["retention", *base])
    assert usage.value.code == 2
