"""Where a database lives: a local file, or a unit's PostgreSQL server.

``--db`` takes either a file path or ``postgresql://HOST[:PORT]/DBNAME`` with the optional query
parameters ``sslmode`` and ``sslrootcert`` (passed through to libpq). A URL never carries a user
or a password: the user name comes from ``--user``/``ISU_USER`` and the password from the prompt,
``--password-file`` or ``ISU_PASSWORD``, so neither ends up in argv, a shell history or a log.
A URL holding one is refused before anything connects (and the message does not repeat it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

from isu.errors import UserError

SCHEMES = ("postgresql", "postgres")
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerTarget:
    """A unit database on a PostgreSQL server (no user, no password: those come apart)."""

    host: str
    dbname: str
    port: int = DEFAULT_PORT
    sslmode: str | None = None
    sslrootcert: str | None = None

    @property
    def url(self) -> str:
        """The ``--db`` form, safe to show and log."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = "&".join(
            f"{k}={quote(v, safe='/:.-_~')}"
            for k, v in (("sslmode", self.sslmode), ("sslrootcert", self.sslrootcert))
            if v
        )
        return f"postgresql://{host}:{self.port}/{self.dbname}" + (f"?{query}" if query else "")

    @property
    def label(self) -> str:
        """Short and human: ``DBNAME på HOST`` is built from this by the caller."""
        return f"{self.dbname}@{self.host}:{self.port}"

    # A server target stands where a database file's path stands (``Workspace.path``): these
    # two names are what messages and suggested backup names take from a path.
    @property
    def name(self) -> str:
        return self.dbname

    @property
    def stem(self) -> str:
        return self.dbname

    def __str__(self) -> str:
        return self.url

    def connect_kwargs(self) -> dict[str, object]:
        """libpq connection parameters, without user or password."""
        out: dict[str, object] = {"host": self.host, "port": self.port, "dbname": self.dbname}
        if self.sslmode:
            out["sslmode"] = self.sslmode
        if self.sslrootcert:
            out["sslrootcert"] = self.sslrootcert
        return out

    def libpq_env(self) -> dict[str, str]:
        """The same parameters as libpq environment variables (for pg_dump and pg_restore)."""
        env = {"PGHOST": self.host, "PGPORT": str(self.port), "PGDATABASE": self.dbname}
        if self.sslmode:
            env["PGSSLMODE"] = self.sslmode
        if self.sslrootcert:
            env["PGSSLROOTCERT"] = self.sslrootcert
        return env


def is_server_url(value: object) -> bool:
    return isinstance(value, str) and value.split(":", 1)[0].lower() in SCHEMES and "://" in value


def parse_db(value: str | os.PathLike) -> Path | ServerTarget:
    """A ``--db`` value as a file path or a server target; a bad URL is a clear UserError."""
    if isinstance(value, ServerTarget):
        return value
    if not is_server_url(value):
        return Path(value)
    return parse_server_url(str(value))


def parse_server_url(value: str) -> ServerTarget:
    parts = urlsplit(value)
    if "@" in parts.netloc:
        # Never echo the value: it may hold a password.
        raise UserError(
            "Serveradressen får inte innehålla användarnamn eller lösenord. Ange användaren"
            " med --user eller ISU_USER; lösenordet frågas efter (eller --password-file,"
            " ISU_PASSWORD).",
            "The server address must not contain a user name or password. Give the user"
            " with --user or ISU_USER; the password is asked for (or --password-file,"
            " ISU_PASSWORD).",
        )
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        port = -1
    host, dbname = parts.hostname or "", parts.path.lstrip("/")
    if not host or not dbname or "/" in dbname or port <= 0:
        raise _bad_url(value)
    params: dict[str, str] = {}
    for key, val in parse_qsl(parts.query, keep_blank_values=True):
        if key not in ("sslmode", "sslrootcert") or key in params:
            raise _bad_url(value, key)
        params[key] = val
    sslmode = params.get("sslmode")
    if sslmode is not None and sslmode not in SSL_MODES:
        raise UserError(
            f"Okänt sslmode {sslmode!r}. Tillåtna: {', '.join(SSL_MODES)} (rekommenderat:"
            " verify-full).",
            f"Unknown sslmode {sslmode!r}. Allowed: {', '.join(SSL_MODES)} (recommended:"
            " verify-full).",
        )
    return ServerTarget(host, dbname, port, sslmode, params.get("sslrootcert") or None)


def _bad_url(value: str, key: str | None = None) -> UserError:
    shown = value.split("?", 1)[0]
    if key is not None:
        return UserError(
            f"Okänd parameter {key!r} i serveradressen {shown}. Tillåtna: sslmode, sslrootcert.",
            f"Unknown parameter {key!r} in the server address {shown}. Allowed: sslmode,"
            " sslrootcert.",
        )
    return UserError(
        f"Serveradressen {shown} är ogiltig. Skriv postgresql://VÄRD[:PORT]/DATABAS.",
        f"The server address {shown} is invalid. Write postgresql://HOST[:PORT]/DBNAME.",
    )
