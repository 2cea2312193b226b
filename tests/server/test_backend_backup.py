"""``isu backup`` / ``isu restore`` against a server database: pg_dump and pg_restore as the
libpq role, the dump sealed so no plain personal data reaches the disk."""

from __future__ import annotations

import os
import stat
import zipfile

import pytest

from isu.cli import main
from isu.services import cases
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD

pytestmark = pytest.mark.server
NAME = "Kanariefågel Testsson"


def test_a_server_backup_is_sealed_and_restores_what_was_there(
    pg_cluster, server_db, tmp_path, monkeypatch, capsys
):
    from isu.services import forms

    url = pg_cluster.url(server_db)
    for key, value in pg_cluster.superuser_env().items():  # the owner role, as IT runs it
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    ws = login(url, ADMIN, ADMIN_PASSWORD)
    try:
        forms.publish_default_form(ws)
        from isu.domain.answers import Answer

        kept = cases.register_case(ws, "B-1", answers={"referred_by_other": Answer(NAME)})
    finally:
        ws.close()
    private, public = tmp_path / "it.key", tmp_path / "it.pub"
    assert main(["keygen", "--out-private", str(private), "--out-public", str(public)]) == 0
    out = tmp_path / "server.isubackup"
    base = ["--db", url, "--user", ADMIN]
    assert main(["backup", *base, "--out", str(out)]) == 2  # no recipient key: refused
    assert "--recipient-key" in capsys.readouterr().err
    assert main(["backup", *base, "--out", str(out), "--recipient-key", str(public)]) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    raw = out.read_bytes()
    assert NAME.encode() not in raw and b"B-1" not in raw  # sealed, not a plain dump
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == {"manifest.json", "isu.pgdump.sealed"}

    ws = login(url, ADMIN, ADMIN_PASSWORD)
    try:
        cases.register_case(ws, "B-2")  # made after the backup: gone after the restore
    finally:
        ws.close()
    assert main(["restore", str(out), *base]) == 2  # no private key: refused, nothing changed
    assert main(["restore", str(out), *base, "--key", str(private)]) == 0
    assert "granskningsloggen är hel" in capsys.readouterr().out
    ws = login(url, ADMIN, ADMIN_PASSWORD)
    try:
        from isu.domain.model import CaseQuery
        from isu.services import audit

        numbers = [c.case_number for c in cases.list_cases(ws, CaseQuery()).rows]
        assert numbers == ["B-1"] and cases.get_case(ws, kept.case_id).case_number == "B-1"
        with ws.db.reading() as session:
            assert audit.first_broken_entry(session) is None
            assert "backup_restored" in [e.action for e in audit.entries(session)]
    finally:
        ws.close()


def test_pg_dump_without_the_owner_role_fails_with_a_hint(
    pg_cluster, server_db, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("PGUSER", "ingen_sadan_roll")
    monkeypatch.setenv("PGPASSWORD", "fel")
    public = tmp_path / "it.pub"
    assert main(["keygen", "--out-private", str(tmp_path / "k"), "--out-public", str(public)]) == 0
    out = tmp_path / "x.isubackup"
    argv = ["backup", "--db", pg_cluster.url(server_db), "--user", ADMIN, "--out", str(out)]
    assert main([*argv, "--recipient-key", str(public)]) == 1
    err = capsys.readouterr().err
    assert "pg_dump misslyckades" in err and "PGUSER" in err and not out.exists()


def test_the_file_backup_and_restore_refuse_a_server_with_directions(
    pg_cluster, server_db, tmp_path
):
    from isu.errors import UserError
    from isu.services import backup

    ws = login(pg_cluster.url(server_db), ADMIN, ADMIN_PASSWORD)
    try:
        with pytest.raises(UserError) as caught:
            backup.backup(ws, tmp_path / "x.isubackup")  # as the app's menu would
        assert "--recipient-key" in caught.value.message("sv")
        with pytest.raises(UserError):
            backup.restore(tmp_path / "x.isubackup", ws.path, username=ADMIN, password="x")
    finally:
        ws.close()
    assert not (tmp_path / "x.isubackup").exists()
