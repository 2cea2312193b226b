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
def new_db(db_path):
    """A fresh database with an administrator and the default SIG form published.
    Yields (workspace, recovery_key)."""
    from isu.services import forms
    from isu.services.workspace import init_database

    ws, recovery = init_database(db_path, ADMIN, ADMIN_PASSWORD)
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


@pytest.fixture
def pg_database(pg_cluster):
    """A fresh, empty database on the throwaway cluster; its name."""
    return pg_cluster.create_database()
