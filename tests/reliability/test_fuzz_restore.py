"""Hostile input to restore: random bytes, truncated and bit-flipped real backups, and
well-formed archives with wrong contents. Every one ends in a clear error (or, for a harmless
flip, a correct restore), never a crash or a hang, and the target is never half replaced.

Set ISU_FUZZ_EXAMPLES to run more (or fewer) examples per test.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isu.domain.answers import Answer
from isu.errors import EnvironmentProblem, IsuError, UserError
from isu.security import keyslots
from isu.services import backup, cases, forms
from isu.services.workspace import init_database
from tests.conftest import ADMIN, ADMIN_PASSWORD, FAST_KDF

EXAMPLES = int(os.environ.get("ISU_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MAX_SECONDS = 10  # per restore attempt: anything slower counts as a hang
RUN_COUNT = {"examples": 0}


@pytest.fixture(scope="module")
def original(request):
    """One real database and a real backup of it, shared by every example (read only)."""
    folder = Path(tempfile.mkdtemp(prefix="isu-fuzz-"))
    saved_kdf = keyslots.DEFAULT_KDF
    keyslots.DEFAULT_KDF = FAST_KDF
    try:
        ws, _ = init_database(folder / "isu.db", ADMIN, ADMIN_PASSWORD)
        forms.publish_default_form(ws)
        for i in range(3):
            cases.register_case(ws, f"Z-{i}", answers={"birth_year": Answer(2009)})
        blob = backup.backup(ws, folder / "real.isubackup").read_bytes()
        ws.close()
        yield folder, blob
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"restore fuzz: {RUN_COUNT['examples']} examples run")
    finally:
        keyslots.DEFAULT_KDF = saved_kdf
        shutil.rmtree(folder)


def _attempt(original, blob: bytes) -> None:
    """Restore ``blob`` over a fresh copy of the database; check the outcome either way."""
    folder, _ = original
    RUN_COUNT["examples"] += 1
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        work = Path(tmp)
        target = work / "isu.db"
        for name in ("isu.db", "isu.db.keys"):
            shutil.copyfile(folder / name, work / name)
        before = {p.name: p.read_bytes() for p in work.iterdir()}
        source = work.parent / f"{work.name}.candidate"
        source.write_bytes(blob)
        started = time.monotonic()
        try:
            backup.restore(source, target, username=ADMIN, password=ADMIN_PASSWORD)
        except IsuError as problem:
            assert isinstance(problem, UserError | EnvironmentProblem)
            assert problem.message("sv") and problem.message("en")
            after = {p.name: p.read_bytes() for p in work.iterdir()}
            assert after == before  # nothing replaced, nothing left behind
        else:
            # Only a flip in bytes nobody reads (a zip timestamp, say) may pass: the result
            # must then be the real database.
            assert target.is_file() and list(work.glob("isu.db.before-restore-*"))
        finally:
            source.unlink()
        assert time.monotonic() - started < MAX_SECONDS


@FUZZ
@given(blob=st.binary(max_size=4096))
def test_random_bytes(original, blob):
    _attempt(original, blob)


@FUZZ
@given(data=st.data())
def test_truncated_backups(original, data):
    _, real = original
    cut = data.draw(st.integers(0, len(real) - 1))
    _attempt(original, real[:cut])


@FUZZ
@given(data=st.data())
def test_bit_flipped_backups(original, data):
    _, real = original
    out = bytearray(real)
    # Aim most flips at the archive's structure (both ends), some anywhere.
    regions = [(0, 200), (len(real) - 400, len(real)), (0, len(real))]
    for _ in range(data.draw(st.integers(1, 6))):
        lo, hi = data.draw(st.sampled_from(regions))
        at = data.draw(st.integers(lo, hi - 1))
        out[at] ^= 1 << data.draw(st.integers(0, 7))
    _attempt(original, bytes(out))


def _archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@FUZZ
@given(data=st.data())
def test_well_formed_archives_with_wrong_contents(original, data):
    _, real = original
    with zipfile.ZipFile(io.BytesIO(real)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    choice = data.draw(st.sampled_from(["manifest", "keys", "names", "sizes", "compressed"]))
    if choice == "manifest":
        members["manifest.json"] = data.draw(
            st.one_of(
                st.binary(max_size=300),
                st.recursive(
                    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda kids: (
                        st.lists(kids, max_size=4)
                        | st.dictionaries(st.text(max_size=10), kids, max_size=4)
                    ),
                    max_leaves=20,
                ).map(lambda v: json.dumps(v).encode()),
            )
        )
    elif choice == "keys":
        # A key file with hostile content whose hashes match: the KDF bounds must hold.
        keys = json.loads(members["isu.db.keys"])
        slot = keys["slots"][0]
        slot["kdf"] = {
            "name": "argon2id",
            "memory_kib": data.draw(st.integers(-5, 2**40)),
            "iterations": data.draw(st.integers(-5, 2**20)),
            "lanes": data.draw(st.integers(-5, 2**10)),
        }
        members["isu.db.keys"] = json.dumps(keys).encode()
        manifest["files"]["isu.db.keys"]["size"] = len(members["isu.db.keys"])
        manifest["files"]["isu.db.keys"]["sha256"] = hashlib.sha256(
            members["isu.db.keys"]
        ).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    elif choice == "names":
        extra = data.draw(st.sampled_from(["../evil", "/etc/passwd", "isu.db-wal", "x"]))
        members[extra] = b"surprise"
    elif choice == "sizes":
        manifest["files"]["isu.db"]["size"] = data.draw(st.integers(-1, 2**62))
        members["manifest.json"] = json.dumps(manifest).encode()
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in members.items():
                archive.writestr(name, content)
        _attempt(original, buffer.getvalue())
        return
    _attempt(original, _archive(members))
