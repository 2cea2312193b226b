"""The schema version known without Alembic, and start-up paths that do not import it."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from isu.db import connect, database, schema_version
from isu.errors import DatabaseCorrupt, WrongPassword

ROOT = Path(__file__).resolve().parents[2]


def test_head_constant_is_the_newest_migration():
    # Opening a database at HEAD skips Alembic; a stale constant would skip an upgrade.
    assert database.head_revision() == schema_version.HEAD


def test_the_shipped_head_is_known_without_alembic():
    assert schema_version.is_head(schema_version.HEAD, database.MIGRATIONS / "versions")


def test_a_stale_head_constant_falls_back_to_alembic(tmp_path):
    # A migration merged without moving HEAD: the database at HEAD must still be upgraded.
    for name in (f"{schema_version.HEAD}_old.py", "9999_newer.py", "__init__.py"):
        (tmp_path / name).write_text("")
    assert not schema_version.is_head(schema_version.HEAD, tmp_path)
    assert not schema_version.is_head(schema_version.HEAD, tmp_path / "missing")
    assert not schema_version.is_head("0001", database.MIGRATIONS / "versions")


def test_stored_revision_reads_what_alembic_wrote(tmp_path):
    key = secrets.token_bytes(32)
    db = database.create_database(tmp_path / "a.db", key, revision="0001")
    try:
        with db.engine.connect() as conn:
            assert schema_version.stored_revision(conn) == "0001"
            conn.execute(text("DROP TABLE alembic_version"))
            conn.commit()
            assert schema_version.stored_revision(conn) is None
    finally:
        db.close()


def test_the_plain_connection_reads_the_same_revision(tmp_path):
    # open_database checks the version on a keyed DB-API connection, not an engine.
    key = secrets.token_bytes(32)
    path = tmp_path / "a.db"
    database.create_database(path, key, revision="0001").close()
    conn = connect.connect(path, key, read_only=True)
    try:
        assert schema_version.stored_revision(conn) == "0001"
    finally:
        conn.close()
    conn = connect.connect(path, key)
    try:
        conn.execute("INSERT INTO alembic_version VALUES ('0002')")
        assert schema_version.stored_revision(conn) == "0001,0002"  # several heads: unknown
        conn.execute("DROP TABLE alembic_version")
        assert schema_version.stored_revision(conn) is None
    finally:
        conn.close()


def test_a_database_whose_version_record_is_gone_is_refused_unchanged(tmp_path):
    key = secrets.token_bytes(32)
    path = tmp_path / "a.db"
    database.create_database(path, key).close()
    conn = connect.connect(path, key)
    conn.execute("DROP TABLE alembic_version")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseCorrupt):
        database.open_database(path, key)
    assert path.read_bytes() == before


def test_a_wrong_key_at_the_version_check_says_so(tmp_path):
    path = tmp_path / "a.db"
    database.create_database(path, secrets.token_bytes(32)).close()
    with pytest.raises(WrongPassword):
        database.open_database(path, secrets.token_bytes(32))


def test_keyed_connections_and_the_version_check_need_no_sqlalchemy():
    modules = _modules_after("from isu.db import connect, schema_version")
    assert "isu.db.connect" in modules
    assert not {m for m in modules if m.split(".")[0] == "sqlalchemy"}


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in ("alembic", "mako", "pygments")}


def test_cli_help_does_not_import_alembic_or_the_orm():
    modules = _modules_after(
        "import contextlib\nimport isu.cli\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(None):\n"
        "    isu.cli.main(['--help'])"
    )
    assert "isu.cli" in modules
    assert not _heavy(modules)
    assert "sqlalchemy.orm" not in modules


def test_unlock_path_does_not_import_alembic(tmp_path):
    # The unlock dialog on screen, as the app shows it, before any password is typed.
    db = tmp_path / "x.db"
    db.write_bytes(b"\0" * 1024)
    modules = _modules_after(
        "from PySide6.QtWidgets import QApplication\n"
        "from isu.app import prepare_application\n"
        "from isu.paths import AppPaths\n"
        "from isu.ui.shell import AppShell\n"
        f"paths = AppPaths.create({str(tmp_path / 'data')!r}).ensure()\n"
        "app, ctx = prepare_application(paths)\n"
        "shell = AppShell(ctx)\n"
        f"shell.start({str(db)!r})\n"
        "app.processEvents()\n"
        "assert shell.unlock_dialog.isVisible()\n"
    )
    assert "isu.ui.dialogs.unlock" in modules
    assert not _heavy(modules)
    assert "sqlalchemy.orm" not in modules
