"""Connections for provisioning: the owner role through libpq's own conventions.

The owner's name is given on the command line; its password comes only from libpq
(``PGPASSWORD`` or ``~/.pgpass``), never from argv, the URL or a log. The ``--db`` URL is read
by ``isu.db.target`` (a URL carrying a user or a password is refused there; ``sslmode`` and
``sslrootcert`` pass through).
"""

from __future__ import annotations

from isu.db.target import ServerTarget, parse_db
from isu.errors import UserError


def server_target(url) -> ServerTarget:
    target = parse_db(url)
    if not isinstance(target, ServerTarget):
        raise UserError(
            f"Ange servern som postgresql://VÄRD[:PORT]/DATABAS, inte {url}.",
            f"Give the server as postgresql://HOST[:PORT]/DBNAME, not {url}.",
        )
    return target


def connect(url, user: str, password: str | None = None, **extra):
    """A psycopg connection as ``user``; without ``password`` libpq finds it (PGPASSWORD,
    .pgpass). A failure becomes the backend's clear message, which holds no secret."""
    import psycopg

    from isu.db.server import translate_server_error

    target = server_target(url)
    params = dict(target.connect_kwargs(), user=user, connect_timeout=15)
    if password is not None:
        params["password"] = password
    try:
        return psycopg.connect(**params, **extra)
    except psycopg.OperationalError as exc:
        raise translate_server_error(exc, target) from None
