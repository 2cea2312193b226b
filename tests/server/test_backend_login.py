"""Logging in to a server database: as the user's own login role, with the password only as a
connect argument, and every refusal a clear message."""

from __future__ import annotations

import threading

import pytest
from psycopg import sql

from isu.cli import main
from isu.errors import DatabaseNewer, EnvironmentProblem, UserError, WrongPassword
from isu.services import audit, keys
from isu.services.maintenance import verify
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD

pytestmark = pytest.mark.server


@pytest.fixture
def url(pg_cluster, server_db):
    return pg_cluster.url(server_db)


def test_the_session_runs_as_the_users_own_login_role(url):
    ws = login(url, ADMIN, ADMIN_PASSWORD)
    try:
        assert ws.is_server and ws.slot_path is None and ws.user.username == ADMIN
        with ws.db.reading() as session:
            from sqlalchemy import text

            assert session.execute(text("SELECT current_user")).scalar_one() == ADMIN
            assert not session.execute(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ).scalar_one()
        with ws.db.reading() as session:
            actions = [e.action for e in audit.entries(session)]
        assert actions[-1] == "login"
    finally:
        ws.close()


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(url):
    with pytest.raises(WrongPassword) as wrong:
        login(url, ADMIN, "inte-lösenordet")
    with pytest.raises(WrongPassword) as unknown:
        login(url, "ingen-sådan", "inte-lösenordet")
    assert (
        wrong.value.message("sv")
        == unknown.value.message("sv")
        == ("Fel användarnamn eller lösenord. Kontrollera stora och små bokstäver.")
    )


def test_a_role_that_may_not_log_in_is_told_the_account_is_disabled(pg_cluster, url):
    with pg_cluster.connect() as conn:
        conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(ADMIN)))
    try:
        with pytest.raises(UserError, match="disabled") as caught:
            login(url, ADMIN, ADMIN_PASSWORD)
        assert "avstängt" in caught.value.message("sv")
    finally:
        with pg_cluster.connect() as conn:
            conn.execute(sql.SQL("ALTER ROLE {} LOGIN").format(sql.Identifier(ADMIN)))


def test_a_disabled_users_row_is_refused_even_if_the_role_may_log_in(pg_cluster, server_db, url):
    with pg_cluster.connect(server_db) as conn:
        conn.execute("UPDATE users SET disabled = true WHERE username = %s", (ADMIN,))
    with pytest.raises(UserError) as caught:
        login(url, ADMIN, ADMIN_PASSWORD)
    assert "avstängt" in caught.value.message("sv")


def test_a_newer_schema_on_the_server_is_refused(pg_cluster, server_db, url):
    with pg_cluster.connect(server_db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    with pytest.raises(DatabaseNewer):
        login(url, ADMIN, ADMIN_PASSWORD)


def test_tls_settings_reach_libpq(url):
    # The test cluster has no TLS: requiring it must fail, and say it is about TLS.
    with pytest.raises(EnvironmentProblem) as caught:
        login(url + "?sslmode=require", ADMIN, ADMIN_PASSWORD)
    assert "TLS" in caught.value.message("sv")


def test_key_file_features_are_refused_clearly_on_a_server(url):
    ws = login(url, ADMIN, ADMIN_PASSWORD)
    try:
        with pytest.raises(UserError) as caught:
            keys.rekey(ws)
        assert "nyckelfil" in caught.value.message("sv")
    finally:
        ws.close()


def test_two_workstations_appending_at_once_keep_one_chain(url):
    """Without the advisory lock both read the same last entry and fork (or collide on the
    id); with it, every entry links to the one before."""
    per_worker, errors = 25, []

    def work(n: int) -> None:
        ws = login(url, ADMIN, ADMIN_PASSWORD)
        try:
            for i in range(per_worker):
                with ws.db.unit_of_work() as session:
                    audit.append(session, ADMIN, "load_test", f"w{n}", {"i": i})
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            ws.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ws = login(url, ADMIN, ADMIN_PASSWORD)
    try:
        with ws.db.reading() as session:
            assert audit.first_broken_entry(session) is None
            assert sum(e.action == "load_test" for e in audit.entries(session)) == 4 * per_worker
    finally:
        ws.close()


def test_verify_checks_the_chain_on_the_server(pg_cluster, server_db, url):
    ws = login(url, ADMIN, ADMIN_PASSWORD)
    try:
        assert verify(ws).ok
        with pg_cluster.connect(server_db) as conn:  # the owner rewrites history, triggers off
            conn.execute("SET session_replication_role = replica")
            conn.execute("UPDATE audit_log SET actor = 'någon annan' WHERE id = 2")
        report = verify(ws)
        assert not report.ok and report.first_broken_audit_entry == 2
        assert any("bruten vid post 2" in line for line in report.lines("sv"))
    finally:
        ws.close()


def test_the_cli_works_with_a_url_and_keeps_the_password_out_of_the_log(
    url, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "verify", "--db", url, "--user", ADMIN]) == 0
    out = capsys.readouterr().out
    assert "Granskningsloggen: OK" in out
    logged = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    assert ADMIN_PASSWORD.encode() not in logged
    assert main(["--data-dir", str(data), "verify", "--db", url, "--user", "nobody"]) == 2
    assert "Fel användarnamn eller lösenord" in capsys.readouterr().err
