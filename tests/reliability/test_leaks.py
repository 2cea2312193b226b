"""No leaks: after a whole workflow in a separate program (create, register cases with canary
answers, back up, erase, restore, verify), no canary is readable anywhere the program wrote:
the data folder, the backups, the logs, or its own temporary folder."""

from __future__ import annotations

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import run_python

CANARIES = ("Kanariefågel-Läcka-Q7ZK", "Hemlig-Anteckning-ÅÄÖ-3141", "Raderad-Uppgift-X9W2")
ERASED_NUMBER = "LÄCK-2"

WORKFLOW = """
from pathlib import Path
from isu.domain.answers import Answer
from isu.services import cases
from isu.services.sign_in import login
from tests.reliability.support import cli
data, pw, user, password = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
canaries = sys.argv[5:]
db = data / "isu.db"
login_args = ["--db", str(db), "--user", user, "--password-file", pw]
assert cli(["init", "--db", str(db), "--admin", user, "--password-file", pw]) == 0
ws = login(db, user, password)
for number, text in (("LÄCK-1", canaries[0]), ("LÄCK-2", canaries[2])):
    result = cases.register_case(ws, number, answers={
        "referred_by": Answer("annan"), "referred_by_other": Answer(text),
        "sig_reason": Answer(("annan",)), "sig_reason_other": Answer(canaries[1])})
    assert cases.get_case(ws, result.case_id).answers["referred_by_other"].value == text
ws.close()
assert cli(["backup", *login_args, "--out", str(data / "backups" / "b.isubackup")]) == 0
assert cli(["erase", *login_args, "LÄCK-2", "--yes"]) == 0
assert cli(["restore", "--db", str(data / "restored" / "isu.db"), "--user", user,
            "--password-file", pw, str(data / "backups" / "b.isubackup")]) == 0
assert cli(["verify", *login_args]) == 0
print("audit follows", flush=True)
assert cli(["audit", *login_args]) == 0
print("done", flush=True)
"""


def _encodings(text: str) -> list[bytes]:
    return [text.encode(e, "ignore") for e in ("utf-8", "utf-16-le", "utf-16-be", "latin-1")]


def test_no_canary_in_any_file_the_program_wrote(tmp_path):
    data, temp, appdata = tmp_path / "data", tmp_path / "tmp", tmp_path / "appdata"
    for folder in (data, temp):
        folder.mkdir()
    pw = tmp_path / "pw.txt"
    pw.write_text(ADMIN_PASSWORD)
    done = run_python(
        WORKFLOW,
        str(data),
        str(pw),
        ADMIN,
        ADMIN_PASSWORD,
        *CANARIES,
        env={"TMPDIR": str(temp), "ISU_DATA_DIR": str(appdata)},
    )
    assert done.returncode == 0, done.stderr
    assert "done" in done.stdout
    written = [p for root in (data, temp, appdata) for p in root.rglob("*") if p.is_file()]
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert "data/backups/b.isubackup" in names and "appdata/logs/isu.log" in names
    leaks = [
        (p.name, canary)
        for p in written
        for canary in CANARIES
        for pattern in _encodings(canary)
        if pattern in p.read_bytes()
    ]
    assert leaks == []
    # The erased case's number is in no log either (the audit log inside the database is
    # encrypted, and keeps no number for an erasure anyway).
    assert not [
        p
        for p in written
        if ERASED_NUMBER.encode() in p.read_bytes() and p.suffix in (".log", ".txt")
    ]
    audit_listing = done.stdout.split("audit follows", 1)[1]
    assert "case_erased" in audit_listing and ERASED_NUMBER not in audit_listing


# -- the log: whole tracebacks are scrubbed ----------------------------------------------------
def test_tracebacks_in_the_log_show_no_key_password_or_recovery_key(tmp_path):
    """The attack: read isu.log after a failure. Before, the message was scrubbed but the
    traceback after it was not, and it held a raw key pragma, a password and a recovery key."""
    import argparse
    import logging

    from isu.cli.common import read_password
    from isu.db.connect import raw_key_pragma
    from isu.log import setup_logging, write_crash_report
    from isu.security import keyslots

    password = "Min-Hemliga-Fras-2718"  # from a file: no pattern and no variable would catch it
    pw_file = tmp_path / "pw.txt"
    pw_file.write_text(password)
    assert read_password(argparse.Namespace(password_file=str(pw_file))) == password
    key, recovery = keyslots.new_data_key(), keyslots.new_recovery_key()
    log_path = setup_logging(tmp_path / "logs")

    def open_with(secret_sql: str) -> None:
        raise RuntimeError(f"could not run {secret_sql}")

    try:
        try:
            open_with(raw_key_pragma(key))
        except RuntimeError as inner:
            raise ValueError(f"login {password!r} failed; recovery {recovery}") from inner
    except ValueError as exc:
        logging.getLogger("isu.test").exception("unlock failed")
        logging.getLogger("isu.test").error("again", exc_info=exc, stack_info=True)
        crash = write_crash_report(tmp_path / "logs", exc)
    for handler in logging.getLogger("isu").handlers:
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert "Traceback" in text and "open_with" in text  # the traceback is kept, scrubbed
    for secret in (key.hex(), password, recovery, recovery.replace("-", "")[:24]):
        assert secret not in text, secret
        assert secret not in crash.read_text(encoding="utf-8"), secret
