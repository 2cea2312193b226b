"""``isu server migrate``: a local file moved to the server, checked, and held to the rules."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from isu.domain.roles import Role
from isu.errors import UserError
from isu.services import audit, cases, demo, forms, users
from isu.services.sign_in import login
from isu.services.workspace import init_database

FILE_PW = "file-pass-123"


@pytest.fixture
def source(tmp_path):
    """A file with an admin, two coordinators (one disabled later), a unit head and cases."""
    tag = f"{os.getpid()}_{tmp_path.name[-6:]}".replace("-", "_").lower()
    names = {label: f"{label}_m{tag}" for label in ("fadmin", "kim", "lo", "chef")}
    path = tmp_path / "unit.db"
    ws, _ = init_database(path, names["fadmin"], FILE_PW)
    forms.publish_default_form(ws)
    demo.populate(ws, demo.DemoOptions(cases=12, seed=3))
    kim = users.add_user(ws, names["kim"], FILE_PW, Role.COORDINATOR)
    users.add_user(ws, names["lo"], FILE_PW, Role.COORDINATOR)
    users.add_user(ws, names["chef"], FILE_PW, Role.UNIT_HEAD)
    cases.register_case(ws, "K-1", coordinator_id=kim.id)
    cases.register_case(ws, "K-2", coordinator_id=kim.id)
    users.set_disabled(ws, names["lo"])
    ws.close()
    return path, names


def _passwords(tmp_path, names, skip=()):
    path = tmp_path / "new-passwords.txt"
    lines = [f"{names[k]} new-{k}-pass-1" for k in ("fadmin", "kim", "chef") if k not in skip]
    path.write_text("# new server passwords\n" + "\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def _migrate(source_path, names, url, env, passwords):
    args = [
        sys.executable,
        "-m",
        "isu",
        "server",
        "migrate",
        "--from",
        str(source_path),
        "--db",
        url,
        "--owner",
        env["PGUSER"],
        "--user",
        names["fadmin"],
        "--passwords",
        str(passwords),
    ]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)


def test_migrate_moves_everything_checks_it_and_the_server_holds_the_rules(
    source, tmp_path, pg_cluster, pg_database
):
    path, names = source
    env = {
        **os.environ,
        **pg_cluster.superuser_env(),
        "ISU_PASSWORD": FILE_PW,
        "PYTHONPATH": os.getcwd(),
        "ISU_LANG": "en",
    }
    done = _migrate(path, names, pg_cluster.url(pg_database), env, _passwords(tmp_path, names))
    assert done.returncode == 0, done.stderr
    assert "14 cases have the same checksum" in done.stdout
    assert "new-kim-pass-1" not in done.stdout + done.stderr

    url = pg_cluster.url(pg_database)
    admin = login(url, names["fadmin"], "new-fadmin-pass-1")
    try:
        assert cases.list_cases(admin).total == 14
        with admin.db.reading() as session:
            assert audit.first_broken_entry(session) is None
            actions = [e.action for e in audit.entries(session)]
        assert actions[0] == "database_created" and actions[-2:] == ["database_migrated", "login"]
        new_id = cases.register_case(admin, "S-1").case_id  # ids go on after the copied ones
        assert new_id == 15
    finally:
        admin.close()
    kim = login(url, names["kim"], "new-kim-pass-1")
    try:
        assert {r.case_number for r in cases.list_cases(kim).rows} == {"K-1", "K-2"}
    finally:
        kim.close()
    with pytest.raises(UserError):  # disabled in the file: disabled on the server
        login(url, names["lo"], FILE_PW)
    file_ws = login(path, names["fadmin"], FILE_PW)
    try:
        with file_ws.db.reading() as session:
            assert [e.action for e in audit.entries(session)][-2:] == ["server_migrated", "login"]
    finally:
        file_ws.close()


def test_migrate_refuses_a_missing_password_or_an_open_passwords_file_and_writes_nothing(
    source, tmp_path, pg_cluster, pg_database
):
    path, names = source
    env = {
        **os.environ,
        **pg_cluster.superuser_env(),
        "ISU_PASSWORD": FILE_PW,
        "PYTHONPATH": os.getcwd(),
        "ISU_LANG": "en",
    }
    url = pg_cluster.url(pg_database)
    done = _migrate(path, names, url, env, _passwords(tmp_path, names, skip=("kim",)))
    assert done.returncode != 0 and names["kim"] in done.stderr
    assert "Traceback" not in done.stderr
    loose = _passwords(tmp_path, names)
    loose.chmod(0o644)
    done = _migrate(path, names, url, env, loose)
    assert done.returncode != 0 and "chmod 600" in done.stderr
    with pg_cluster.connect(pg_database) as conn:
        assert conn.execute("SELECT to_regclass('public.users')").fetchone()[0] is None
        assert not conn.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (names["kim"],)
        ).fetchone()


def test_a_mismatch_found_by_the_check_rolls_everything_back(
    source, tmp_path, pg_cluster, pg_database, monkeypatch
):
    from isu.server import migrate

    path, names = source
    for key, value in pg_cluster.superuser_env().items():
        monkeypatch.setenv(key, value)
    real = migrate.case_digests
    calls = []

    def tampered(session):  # the second call reads the server: one case differs there
        digests = real(session)
        calls.append(1)
        if len(calls) == 2:
            digests[min(digests)] = "0" * 64
        return digests

    monkeypatch.setattr(migrate, "case_digests", tampered)
    ws = login(path, names["fadmin"], FILE_PW)
    passwords = migrate.read_passwords(_passwords(tmp_path, names))
    try:
        with pytest.raises(UserError, match="did not check out"):
            migrate.migrate_file(ws, pg_cluster.url(pg_database), pg_cluster.superuser, passwords)
    finally:
        ws.close()
    with pg_cluster.connect(pg_database) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
        assert not conn.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (names["kim"],)
        ).fetchone()
