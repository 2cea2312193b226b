"""The database layer on real SQLCipher files."""

import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from isu.db import database
from isu.db.models import Base
from isu.errors import DatabaseNewer, WrongPassword


def test_models_match_the_migrations(tmp_path):
    key = secrets.token_bytes(32)
    db = database.create_database(tmp_path / "m.db", key)
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        db.close()


def test_file_is_encrypted_and_wrong_key_is_refused(tmp_path):
    key = secrets.token_bytes(32)
    path = tmp_path / "e.db"
    database.create_database(path, key).close()
    assert not path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(WrongPassword):
        database.open_database(path, secrets.token_bytes(32))


def test_older_schema_is_backed_up_then_upgraded(tmp_path):
    key = secrets.token_bytes(32)
    path = tmp_path / "old.db"
    database.create_database(path, key, revision="0001").close()
    backups = tmp_path / "backups"
    db = database.open_database(path, key, backup_dir=backups)
    try:
        with db.reading() as session:
            assert (
                session.execute(text("SELECT version_num FROM alembic_version")).scalar()
                == database.head_revision()
            )
            session.execute(text("SELECT count(*) FROM saved_summaries")).scalar()
    finally:
        db.close()
    (backup,) = backups.iterdir()
    assert "before-upgrade-0001" in backup.name
    # The backup is the old schema, still encrypted with the same key.
    from isu.db.engine import make_engine

    engine = make_engine(backup, key)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    engine.dispose()


def test_newer_database_is_refused_untouched(tmp_path):
    key = secrets.token_bytes(32)
    path = tmp_path / "new.db"
    db = database.create_database(path, key)
    with db.unit_of_work() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseNewer, match="newer version"):
        database.open_database(path, key)
    assert path.read_bytes() == before
