"""A throwaway PostgreSQL cluster for the server-backend tests.

The cluster is made with Debian's ``initdb``/``pg_ctl`` on a free loopback port, with its socket
in its own temporary folder and SCRAM authentication everywhere, so the tests log in exactly as a
workstation does. PostgreSQL refuses to run as root; as root the cluster runs as the ``postgres``
system user (Debian's package creates it) or, failing that, as ``nobody``.

Where no PostgreSQL binaries exist the server tests skip and say why, unless ``ISU_REQUIRE_PG=1``
(set by ``.ci/run``), where a missing server is an error.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "isu_test_super"


def find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(os.path.realpath(on_path)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major, reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _major(path: str) -> int:
    try:
        return int(Path(path).parent.parent.name)
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> str | None:
    """The system user to run the cluster as, or None to run as ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no non-root user (postgres, nobody) to run PostgreSQL")


@dataclass
class PgCluster:
    """A running cluster. ``superuser``/``superpassword`` may create roles and databases."""

    bindir: Path
    root: Path
    port: int
    superpassword: str
    host: str = "127.0.0.1"
    superuser: str = SUPERUSER
    _counter: int = field(default=0, repr=False)

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str) -> str:
        """The isu ``--db`` form: no user and no password, as a workstation passes it."""
        return f"postgresql://{self.host}:{self.port}/{dbname}"

    def connect(self, dbname="postgres", user: str | None = None, password: str | None = None):
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            dbname=dbname,
            user=user or self.superuser,
            password=password if user else self.superpassword,
            autocommit=True,
        )

    def create_database(self, prefix: str = "isu") -> str:
        """A new empty database, owned by the superuser; its name is returned."""
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def superuser_env(self) -> dict[str, str]:
        """libpq environment for a child process that acts as the owner role."""
        return {"PGPASSWORD": self.superpassword, "PGUSER": self.superuser}

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-s", *args],
            check=True,
            user=_run_as(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=60,
        )


def start_cluster(bindir: Path) -> PgCluster:
    root = Path(tempfile.mkdtemp(prefix="isu-pg-"))
    run_as = _run_as()
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    password = secrets.token_urlsafe(18)
    pwfile = root / "pw"
    pwfile.write_text(password)
    if run_as:
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    cluster = PgCluster(bindir=bindir, root=root, port=_free_port(), superpassword=password)
    subprocess.run(
        [
            str(bindir / "initdb"),
            "-D",
            str(cluster.datadir),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(pwfile),
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
        ],
        check=True,
        user=run_as,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=120,
    )
    pwfile.unlink()
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={cluster.port} "
        f"-c unix_socket_directories={root} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=60 -c shared_buffers=64MB"
    )
    cluster._pg_ctl("start", "-w", "-t", "60", "-l", str(root / "log"), "-o", options)
    return cluster
