"""``isu server init`` and user management on the server, through the services and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest

from isu.domain.roles import Role
from isu.errors import IsuError, PermissionDenied, UserError, WrongPassword
from isu.services import audit, users
from isu.services.sign_in import login
from tests.server.security_helpers import PASSWORD, provision


@pytest.fixture
def unit(pg_cluster, pg_database, monkeypatch):
    return provision(pg_cluster, pg_database, monkeypatch)


def _chain_intact(ws) -> bool:
    with ws.db.reading() as session:
        return audit.first_broken_entry(session) is None


def test_init_creates_the_schema_the_rules_and_the_first_administrator(unit):
    ws = login(unit.url, unit.names["admin"], PASSWORD)
    try:
        assert ws.is_server and ws.slot_path is None
        assert ws.user.role is Role.ADMIN
        with ws.db.reading() as session:
            actions = [e.action for e in audit.entries(session)]
        assert actions[:2] == ["database_created", "user_added"]
        assert "form_published" in actions
        assert _chain_intact(ws)
    finally:
        ws.close()
    with unit.owner() as conn:
        owners = conn.execute(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        rls = conn.execute(
            "SELECT relname FROM pg_class WHERE relrowsecurity ORDER BY relname"
        ).fetchall()
    assert owners == [(unit.cluster.superuser,)]
    assert {r[0] for r in rls} >= {"answers", "audit_log", "cases", "settings", "users"}


def test_init_refuses_a_database_already_set_up(unit, monkeypatch):
    from isu.server.provision import init_server

    with pytest.raises(UserError, match="already set up"):
        init_server(unit.url, unit.cluster.superuser, "another_admin", PASSWORD)


def test_init_refuses_an_owner_without_createrole_and_a_url_with_a_password(
    pg_cluster, pg_database, monkeypatch
):
    from isu.server.provision import init_server

    weak = f"weak_{pg_database}"
    with pg_cluster.connect(pg_database) as conn:
        conn.execute(f"CREATE ROLE {weak} LOGIN PASSWORD 'weak-pass-1'")
    monkeypatch.setenv("PGPASSWORD", "weak-pass-1")
    with pytest.raises(UserError, match="CREATEROLE"):
        init_server(pg_cluster.url(pg_database), weak, "adm", PASSWORD)
    url = pg_cluster.url(pg_database).replace("//", f"//{weak}:weak-pass-1@")
    with pytest.raises(UserError) as refused:
        init_server(url, weak, "adm", PASSWORD)
    assert "weak-pass-1" not in str(refused.value)


def test_users_added_through_the_service_log_in_and_are_held_to_their_role(unit):
    admin = login(unit.url, unit.names["admin"], PASSWORD)
    name = f"new_{unit.dbname.rsplit('_', 1)[-1]}_{os.getpid()}"
    try:
        added = users.add_user(admin, name, "first-pass-1", Role.COORDINATOR)
        assert added.role is Role.COORDINATOR
        with pytest.raises(UserError, match="taken"):
            users.add_user(admin, name, "first-pass-1", Role.COORDINATOR)
    finally:
        admin.close()
    ws = login(unit.url, name, "first-pass-1")
    try:
        assert ws.user.role is Role.COORDINATOR
        with pytest.raises(PermissionDenied):
            users.add_user(ws, "sneaky", "sneaky-pass-1", Role.ADMIN)
        users.change_password(ws, name, "second-pass-2")  # their own: allowed
        with pytest.raises(PermissionDenied):
            users.change_password(ws, unit.names["anna"], "taken-over-1")
    finally:
        ws.close()
    with pytest.raises(WrongPassword):
        login(unit.url, name, "first-pass-1")
    login(unit.url, name, "second-pass-2").close()


def test_a_disabled_user_is_refused_at_login_and_enabled_again(unit):
    admin = login(unit.url, unit.names["admin"], PASSWORD)
    try:
        users.set_disabled(admin, unit.names["bo"])
        with pytest.raises(IsuError, match="disabled"):
            login(unit.url, unit.names["bo"], PASSWORD)
        users.set_disabled(admin, unit.names["bo"], False)
        login(unit.url, unit.names["bo"], PASSWORD).close()
        with pytest.raises(UserError):
            users.set_disabled(admin, unit.names["admin"])
        assert _chain_intact(admin)
    finally:
        admin.close()


def test_a_changed_role_changes_what_the_server_allows(unit):
    admin = login(unit.url, unit.names["admin"], PASSWORD)
    try:
        changed = users.change_role(admin, unit.names["chef"], Role.ADMIN)
        assert changed.role is Role.ADMIN
    finally:
        admin.close()
    with unit.login("chef") as conn:  # now an administrator: may change settings
        conn.execute("INSERT INTO settings (key, value) VALUES ('k', '7')")


def test_no_password_reaches_the_servers_log(unit):
    """With every statement logged, the server's log holds verifiers only."""
    with unit.owner() as conn:
        conn.execute(f"ALTER DATABASE \"{unit.dbname}\" SET log_statement = 'all'")
    admin = login(unit.url, unit.names["admin"], PASSWORD)
    try:
        users.add_user(
            admin, f"logged_{os.getpid()}_{unit.dbname[-3:]}", "Hemligt-9x!", Role.UNIT_HEAD
        )
    finally:
        admin.close()
    text = (unit.cluster.root / "log").read_text(errors="replace")
    assert "isu_add_user" in text  # the statement was logged …
    assert "Hemligt-9x!" not in text  # … without the password


def test_cli_server_init_takes_the_owner_password_from_libpq_only(
    pg_cluster, pg_database, tmp_path
):
    pwfile = tmp_path / "pw"
    pwfile.write_text(PASSWORD + "\n")
    pwfile.chmod(0o600)
    admin = f"cli_admin_{os.getpid()}_{pg_database.rsplit('_', 1)[-1]}"
    env = {**os.environ, **pg_cluster.superuser_env(), "PYTHONPATH": os.getcwd()}
    env.pop("PGUSER")
    args = [
        sys.executable,
        "-m",
        "isu",
        "server",
        "init",
        "--db",
        pg_cluster.url(pg_database),
        "--owner",
        pg_cluster.superuser,
        "--admin",
        admin,
        "--password-file",
        str(pwfile),
        "--unit",
        "Enheten",
    ]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert pg_cluster.superpassword not in done.stdout + done.stderr
    with pg_cluster.connect(pg_database, user=admin, password=PASSWORD) as conn:
        assert conn.execute("SELECT isu_current_role()").fetchone()[0] == "admin"
    env.pop("PGPASSWORD")
    other = pg_cluster.create_database()
    done = subprocess.run(
        [*args[:6], pg_cluster.url(other), *args[7:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr


def test_upgrade_applies_the_rules_again_and_a_table_left_open_is_closed(unit):
    """A schema change that left a grant behind is undone by ``isu server upgrade``."""
    from isu.server.provision import upgrade_server
    from tests.server.security_helpers import insert_case

    with unit.login("anna") as conn:
        insert_case(conn, "A-1", unit.ids["anna"])
    with unit.owner() as conn:
        conn.execute("GRANT DELETE ON audit_log TO isu_coordinator")
        conn.execute("ALTER TABLE cases DISABLE ROW LEVEL SECURITY")
    with unit.login("bo") as conn:  # the hole is real …
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
    upgrade_server(unit.url, unit.cluster.superuser)
    with unit.login("bo") as conn:  # … and closed again
        assert (
            conn.execute(
                "SELECT count(*) FROM cases WHERE coordinator_id <> %s", (unit.ids["bo"],)
            ).fetchone()[0]
            == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit_log")


def test_cli_user_commands_on_a_server(unit, tmp_path):
    """``isu user add/passwd/disable --db postgresql://…`` with passwords from files only."""

    def run(*args, password=PASSWORD, new=None):
        env = {**os.environ, "PYTHONPATH": os.getcwd(), "ISU_PASSWORD": password, "ISU_LANG": "en"}
        if new:
            env["ISU_NEW_PASSWORD"] = new
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "isu",
                "user",
                *args,
                "--db",
                unit.url,
                "--user",
                unit.names["admin"],
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    name = f"cli_{unit.dbname.rsplit('_', 1)[-1]}_{os.getpid()}"
    done = run("add", name, "--role", "enhetschef", new="cli-first-pw1")
    assert done.returncode == 0, done.stderr
    login(unit.url, name, "cli-first-pw1").close()
    assert run("passwd", name, new="cli-second-pw2").returncode == 0
    login(unit.url, name, "cli-second-pw2").close()
    assert run("disable", name).returncode == 0
    with pytest.raises(IsuError, match="disabled"):
        login(unit.url, name, "cli-second-pw2")
    done = run("list")
    assert name in done.stdout and "disabled" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "postgresql://isu_owner:Hemligt-77@127.0.0.1/x", "--owner", "o", "--admin", "a"],
        [
            "--db",
            "postgresql://127.0.0.1/x",
            "--owner",
            "o",
            "--admin",
            "a",
            "--password",
            "Hemligt-77",
        ],
    ],
)
def test_cli_server_init_refuses_a_password_in_argv_without_repeating_it(args):
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    done = subprocess.run(
        [sys.executable, "-m", "isu", "server", "init", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "Hemligt-77" not in done.stdout + done.stderr and "Traceback" not in done.stderr
