"""An upgrade killed after its pre-upgrade backup and retried at once is not refused."""

from isu.db.database import _migration_backup_path


def test_a_leftover_pre_upgrade_backup_gets_a_numbered_neighbour(tmp_path):
    db = tmp_path / "isu.db"
    first = _migration_backup_path(db, "0002", tmp_path)
    first.write_bytes(b"backup of an attempt that was killed")
    second = _migration_backup_path(db, "0002", tmp_path)
    assert second != first and not second.exists()
    assert second.name.startswith("isu.before-upgrade-0002-") and second.suffix == ".db"
    assert first.read_bytes() == b"backup of an attempt that was killed"
