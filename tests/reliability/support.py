"""Helpers for the reliability tests: the CLI with the maintenance commands, subprocesses
that run real code against real files, and reading an encrypted file page by page."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

REPO = Path(__file__).resolve().parents[2]
# Subprocesses create key slots with the same cheap Argon2 cost as tests/conftest.py.
PREAMBLE = """
import sys
sys.path.insert(0, {repo!r})
from isu.security import keyslots
keyslots.DEFAULT_KDF = keyslots.KdfParams(memory_kib=8192, iterations=1, lanes=1)
"""


def cli(argv: list[str]) -> int:
    """``isu.cli.main``: the exit code of a run."""
    from isu.cli import main

    return main(argv)


def python_script(body: str) -> str:
    return PREAMBLE.format(repo=str(REPO)) + textwrap.dedent(body)


def run_python(
    body: str, *args: str, env: dict | None = None, timeout: float = 60, **kwargs
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "ISU_LANG": "sv", **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", python_script(body), *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def start_python(body: str, *args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    full_env = {**os.environ, "ISU_LANG": "sv", **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-c", python_script(body), *args],
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


CLI_BODY = """
import os
import isu.db.connect
# Tests shorten the wait for a locked database (see test_environment.py).
isu.db.connect.BUSY_TIMEOUT_MS = int(os.environ.get("ISU_TEST_BUSY_TIMEOUT_MS", "5000"))
from tests.reliability.support import cli
raise SystemExit(cli(sys.argv[1:]))
"""


def run_cli(
    *argv: str, env: dict | None = None, timeout: float = 60, **kwargs
) -> subprocess.CompletedProcess:
    """The real ``isu`` command in a fresh process (exit code, stdout, stderr)."""
    return run_python(CLI_BODY, *argv, env=env, timeout=timeout, **kwargs)


# -- SQLCipher 4 page layout: AES-256-CBC; each page ends in a reserve of IV (16) + HMAC (64);
# page 1 starts with the 16-byte salt. With a raw key there is no key derivation.
PAGE_SIZE = 4096
RESERVE = 80
WAL_HEADER = 32
WAL_FRAME_HEADER = 24


def decrypt_page(page: bytes, key: bytes, *, first: bool) -> bytes:
    start = 16 if first else 0
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE_SIZE - RESERVE]) + decryptor.finalize()


def decrypt_database_file(path: Path, key: bytes) -> bytes:
    """Every page of the file decrypted, free pages included: what anyone with the key could
    recover from a copy of it."""
    data = path.read_bytes()
    return b"".join(
        decrypt_page(data[i : i + PAGE_SIZE], key, first=i == 0)
        for i in range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE)
    )


def decrypt_wal_file(path: Path, key: bytes) -> bytes:
    if not path.exists():
        return b""
    data = path.read_bytes()
    frame = WAL_FRAME_HEADER + PAGE_SIZE
    out = []
    for offset in range(WAL_HEADER, len(data) - frame + 1, frame):
        page_number = int.from_bytes(data[offset : offset + 4], "big")
        page = data[offset + WAL_FRAME_HEADER : offset + frame]
        out.append(decrypt_page(page, key, first=page_number == 1))
    return b"".join(out)
