"""Shared fixtures: every test gets its own data folder; Qt runs offscreen; Argon2 is cheap.

The Argon2id cost is a per-slot parameter stored in the key file, so lowering it for tests
exercises the same code paths with smaller numbers.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ISU_LANG", "sv")

import pytest

from isu.security import keyslots

FAST_KDF = keyslots.KdfParams(memory_kib=8192, iterations=1, lanes=1)
ADMIN = "admin"
ADMIN_PASSWORD = "admin-lösenord-1"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", FAST_KDF)
    monkeypatch.setenv("ISU_DATA_DIR", str(tmp_path / "appdata"))
    for var in ("ISU_PASSWORD", "ISU_USER", "ISU_NEW_PASSWORD", "ISU_RECOVERY_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ISU_LANG", "sv")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "isu.db"


@pytest.fixture
def backend():
    """Which backend ``new_db`` builds on: the file here; the services, summary and export test
    folders override this with both ("file", "server") through their conftest."""
    return "file"


@pytest.fixture
def db_location(backend, db_path, request):
    """Where ``new_db``'s database lives: the file's path, or the server URL (``--db`` form)."""
    if backend == "server":
        cluster = request.getfixturevalue("pg_cluster")
        return cluster.url(request.getfixturevalue("server_db"))
    return db_path


@pytest.fixture
def new_db(backend, db_location):
    """A fresh database with an administrator and the default SIG form published.
    Yields (workspace, recovery_key); on the server there is no recovery key (None)."""
    from isu.services import forms
    from isu.services.sign_in import login
    from isu.services.workspace import init_database

    if backend == "server":
        ws, recovery = login(db_location, ADMIN, ADMIN_PASSWORD), None
    else:
        ws, recovery = init_database(db_location, ADMIN, ADMIN_PASSWORD)
    forms.publish_default_form(ws)
    yield ws, recovery
    ws.close()


@pytest.fixture
def admin_ws(new_db):
    return new_db[0]


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the whole run (see tests/pg_cluster.py)."""
    from tests.pg_cluster import find_pg_bin, start_cluster

    bindir = find_pg_bin()
    if bindir is None:
        if os.environ.get("ISU_REQUIRE_PG") == "1":
            pytest.fail("ISU_REQUIRE_PG=1 but no PostgreSQL binaries (initdb, pg_ctl) were found")
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl): apt-get install postgresql")
    cluster = start_cluster(bindir)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def server_templates(pg_cluster):
    """One provisioned, migrated server database (the administrator, no form), copied per test."""
    from tests.server.provision_for_tests import TemplateDatabases

    return TemplateDatabases(pg_cluster, ADMIN, ADMIN_PASSWORD)


@pytest.fixture
def server_db(server_templates):
    """A fresh provisioned server database (a copy of the template); dropped afterwards."""
    name = server_templates.copy()
    yield name
    server_templates.drop(name)


@pytest.fixture
def pg_database(pg_cluster):
    """A fresh, empty database on the throwaway cluster; its name."""
    return pg_cluster.create_database()
