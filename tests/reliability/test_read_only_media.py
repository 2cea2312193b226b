"""A database on a write-protected medium or a full disk: reading commands work read-only and
say their audit entry could not be written; the entry waits, encrypted, in the user's data
folder and is recorded at the next writable open. Writes are refused with a clear message.

Real mounts: a read-only bind mount and a small tmpfs filled to the last byte (root only;
skipped with the reason otherwise)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from isu.domain.answers import Answer
from isu.security import keyslots
from isu.services import audit, cases, pending_audit
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import cli

QUEUED = "ligger i kö"


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mount is not available here: {done.stderr.strip() or done.returncode}")


@contextlib.contextmanager
def _mounted(*args: str, target: Path):
    if os.geteuid() != 0:
        pytest.skip("mounting needs root")
    target.mkdir(parents=True, exist_ok=True)
    _mount(*args, str(target))
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


def _make_db(folder: Path) -> Path:
    from isu.services import forms
    from isu.services.workspace import init_database

    db = folder / "isu.db"
    ws, _recovery = init_database(db, ADMIN, ADMIN_PASSWORD)
    forms.publish_default_form(ws)
    for i in range(6):  # at least k cases: a smaller summary is refused outright
        cases.register_case(ws, f"R-{i}", answers={"birth_year": Answer(2009)})
    ws.close()
    # Release control records every summary that leaves. A read-only database cannot record
    # a new one, so the summary read there later repeats this one (the same cases).
    password = folder.parent / f"{folder.name}-pw.txt"
    password.write_text(ADMIN_PASSWORD, encoding="utf-8")
    pdf = folder.parent / f"{folder.name}-first.pdf"
    argv = ["summary", "--db", str(db), "--user", ADMIN, "--password-file", str(password)]
    assert cli([*argv, "--pdf", str(pdf)]) == 0
    return db


def _late_entries(db: Path) -> list[tuple[str, str]]:
    ws = login(db, ADMIN, ADMIN_PASSWORD, backup_dir=_appdata() / "backups")
    try:
        with ws.db.reading() as session:
            rows = audit.entries(session)
        assert audit_chain_holds(ws)
    finally:
        ws.close()
    return [(e.action, e.target) for e in rows if json.loads(e.detail).get("recorded_late")]


def audit_chain_holds(ws) -> bool:
    with ws.db.reading() as session:
        return audit.first_broken_entry(session) is None


def _appdata() -> Path:
    return Path(os.environ["ISU_DATA_DIR"])


def _reading_commands(db: Path, out: Path, capsys) -> None:
    out.parent.mkdir(exist_ok=True)
    base = ["--db", str(db), "--user", ADMIN]
    for argv in (
        ["case", "list", *base],
        ["case", "show", *base, "R-1"],
        ["verify", *base],
        ["audit", *base],
        ["summary", *base, "--pdf", str(out)],
    ):
        code = cli(argv)
        captured = capsys.readouterr()
        assert code == 0, (argv, captured.err)
        assert QUEUED in captured.err, (argv, captured.err)
        assert "Traceback" not in captured.err
    assert out.is_file()


def _writes_are_refused(db: Path, capsys) -> None:
    base = ["--db", str(db), "--user", ADMIN]
    for argv in (
        ["case", "set", *base, "R-1", "birth_year=2010"],
        ["case", "new", *base, "--number", "R-9"],
    ):
        code = cli(argv)
        err = capsys.readouterr().err
        assert code == 1 and "ändringar kan inte sparas" in err, (argv, err)
        assert "Traceback" not in err and "oväntat fel" not in err


def test_a_read_only_mount_reads_queues_the_audit_and_refuses_writes(tmp_path, capsys, monkeypatch):
    source = tmp_path / "medium"
    source.mkdir()
    db_source = _make_db(source)
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    with _mounted("-o", "bind,ro", str(source), target=tmp_path / "ro") as ro:
        before = {p.name: p.read_bytes() for p in source.iterdir()}
        db = ro / "isu.db"
        _reading_commands(db, tmp_path / "out" / "summary.pdf", capsys)
        _writes_are_refused(db, capsys)
        assert {p.name: p.read_bytes() for p in source.iterdir()} == before
    queue = list((_appdata() / pending_audit.FOLDER).iterdir())
    assert len(queue) == 1 and queue[0].stat().st_mode & 0o777 == 0o600
    assert b"R-1" not in queue[0].read_bytes() and b"login" not in queue[0].read_bytes()
    # Back on a writable medium: the queued entries enter the chain, marked as late.
    late = _late_entries(db_source)
    actions = [a for a, _t in late]
    for expected in ("login", "case_read", "verified", "summary_built"):
        assert expected in actions, actions
    assert "case_save_failed" in actions
    assert not any((_appdata() / pending_audit.FOLDER).iterdir())
    assert _late_entries(db_source) == late  # recorded once, not again


def test_a_full_disk_reads_queues_the_audit_and_refuses_writes(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ISU_PASSWORD", ADMIN_PASSWORD)
    with _mounted("-t", "tmpfs", "-o", "size=4m", "tmpfs", target=tmp_path / "small") as disk:
        db = _make_db(disk)
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * 65536)
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0")
        finally:
            os.close(fd)
        keys_before = keyslots.slot_path_for(db).read_bytes()
        _reading_commands(db, tmp_path / "out" / "summary.pdf", capsys)
        _writes_are_refused(db, capsys)
        assert keyslots.slot_path_for(db).read_bytes() == keys_before
        filler.unlink()  # space again
        late = _late_entries(db)
    actions = [a for a, _t in late]
    for expected in ("login", "case_read", "verified", "summary_built"):
        assert expected in actions, actions
