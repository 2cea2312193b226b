"""Connections for provisioning: the owner role through libpq's own conventions.

The owner's name is given on the command line; its password comes only from libpq
(``PGPASSWORD`` or ``~/.pgpass``), never from argv, the URL or a log. A ``--db`` URL carrying a
user or a password is refused. ``sslmode`` and ``sslrootcert`` in the URL pass through.
"""

from __future__ import annotations

import re

from isu.errors import UserError

_SERVER_NAME = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,62}$")


def is_server_url(text: str) -> bool:
    return str(text).startswith(("postgresql://", "postgres://"))


def conninfo(url: str) -> dict[str, str]:
    """The URL as libpq keywords; refused if it holds credentials."""
    from psycopg.conninfo import conninfo_to_dict

    if not is_server_url(url):
        raise UserError(
            f"Ange servern som postgresql://VÄRD[:PORT]/DATABAS, inte {url}.",
            f"Give the server as postgresql://HOST[:PORT]/DBNAME, not {url}.",
        )
    try:
        params = conninfo_to_dict(url)
    except Exception:
        raise UserError(
            "Serveradressen går inte att läsa.", "The server address cannot be read."
        ) from None
    if "user" in params or "password" in params:
        raise UserError(
            "Skriv inte användare eller lösenord i serveradressen; ange användaren med --user"
            " (ägarrollen med --owner) och lösenordet på det vanliga sättet.",
            "Do not put a user or password in the server address; give the user with --user"
            " (the owner role with --owner) and the password the usual way.",
        )
    if not params.get("dbname"):
        raise UserError(
            "Serveradressen saknar databasens namn: postgresql://VÄRD/DATABAS.",
            "The server address has no database name: postgresql://HOST/DBNAME.",
        )
    return {key: str(value) for key, value in params.items()}


def server_username(name: str) -> str:
    """An isu user name as a login role name: lower case, letters, digits, _ . -."""
    cleaned = name.strip().lower()
    if not _SERVER_NAME.match(cleaned):
        raise UserError(
            "Användarnamnet på servern ska vara 1–63 tecken: a–z, 0–9, _ . - (inte börja med"
            " . eller -).",
            "A user name on the server must be 1–63 characters: a–z, 0–9, _ . - (not starting"
            " with . or -).",
        )
    return cleaned


def connect(url: str, user: str, password: str | None = None, **extra):
    """A psycopg connection as ``user``; without ``password`` libpq finds it (PGPASSWORD,
    .pgpass). Connection failures become a clear message that holds no secret."""
    import psycopg

    params = conninfo(url)
    if password is not None:
        params["password"] = password
    try:
        return psycopg.connect(**params, user=user, connect_timeout=15, **extra)
    except psycopg.OperationalError as exc:
        raise connect_failed(user, exc) from None


def connect_failed(user: str, exc: Exception) -> UserError:
    text = str(exc).lower()
    if "password" in text or "authentication" in text or "not permitted to log in" in text:
        return UserError(
            f"Servern godtog inte inloggningen som {user}. Kontrollera lösenordet"
            " (för ägarrollen: PGPASSWORD eller .pgpass).",
            f"The server did not accept the login as {user}. Check the password"
            " (for the owner role: PGPASSWORD or .pgpass).",
        )
    return UserError(
        "Det gick inte att nå databasservern. Kontrollera adressen, porten och nätverket.",
        "Could not reach the database server. Check the address, the port and the network.",
    )


def engine_for(url: str, user: str, password: str | None = None):
    """A SQLAlchemy engine whose connections are made by ``connect`` (no URL credentials)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    conninfo(url)  # refuse a bad URL before the first connection
    return create_engine(
        "postgresql+psycopg://",
        creator=lambda: connect(url, user, password),
        poolclass=NullPool,
    )
