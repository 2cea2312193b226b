"""The unit database on a PostgreSQL server, behind the same small interface as the file.

``ServerDatabase`` has the file ``Database``'s ``unit_of_work()``/``reading()``/``close()``, so
services do not know which backend they run on. A session connects as the signed-in user's own
login role (``current_user`` is the isu user; the server's row-level security and grants decide
what it may do). The password is a connect argument held by the engine's ``creator`` for
reconnects, never part of a URL, argv or a log. The schema comes from the same Alembic history
as the file (``upgrade_schema``), run by the owner role, never by a user's role.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import sqlalchemy.exc
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from isu.db import schema_version
from isu.db.target import ServerTarget
from isu.errors import DatabaseNewer, EnvironmentProblem, PermissionDenied, UserError, WrongPassword

log = logging.getLogger("isu.db")

# pg_advisory_xact_lock key that serialises appends to the audit chain (see services.audit).
AUDIT_CHAIN_LOCK = 0x15A0_A0D1
CONNECT_TIMEOUT_S = 10


def make_server_engine(
    target: ServerTarget, user: str | None = None, password: str | None = None, *, pool: int = 2
) -> Engine:
    """An engine whose connections log in as ``user`` with ``password``. Without them, libpq's
    own conventions apply (PGUSER, PGPASSWORD, ~/.pgpass): the owner role's route."""
    import psycopg

    params = dict(target.connect_kwargs(), connect_timeout=CONNECT_TIMEOUT_S)
    params["application_name"] = "isu"
    if user is not None:
        params["user"] = user
    if password is not None:
        params["password"] = password

    def creator():
        return psycopg.connect(**params)

    return create_engine(
        "postgresql+psycopg://",
        creator=creator,
        poolclass=QueuePool,
        pool_size=pool,
        max_overflow=8,
        pool_pre_ping=True,
        hide_parameters=True,
    )


class ServerDatabase:
    """An open server database: the same unit-of-work API as ``isu.db.database.Database``."""

    is_server = True
    read_only = False

    def __init__(self, target: ServerTarget, engine: Engine):
        self.target = target
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def path(self) -> ServerTarget:
        return self.target

    @contextlib.contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[Session]:
        """One session, one transaction (READ COMMITTED), committed on success."""
        try:
            with self._sessions.begin() as session:
                yield session
        except sqlalchemy.exc.DBAPIError as exc:
            raise translate_server_error(exc.orig or exc, self.target) from exc

    def reading(self):
        return self.unit_of_work(write=False)

    def integrity_checks(self, session: Session) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(structure, encryption) as ``isu verify`` reports them. The server keeps its own
        pages; what we can check is that the schema is the one this program knows."""
        revision = schema_version.stored_revision(session.connection())
        if revision != schema_version.HEAD and not _known(revision):
            return (f"okänd schemaversion {revision}",), ()
        return ("ok",), ()

    def close(self) -> None:
        self.engine.dispose()


def _known(revision: str | None) -> bool:
    from isu.db.database import known_revisions

    return revision in known_revisions()


def open_server(target: ServerTarget, user: str, password: str) -> ServerDatabase:
    """Log in to the server as ``user``; refuse a schema newer than this program, and one that
    is older (only the owner role may upgrade it: ``isu server init`` / IT's upgrade)."""
    engine = make_server_engine(target, user, password)
    try:
        with engine.connect() as conn:
            revision = schema_version.stored_revision(conn)
    except sqlalchemy.exc.DBAPIError as exc:
        engine.dispose()
        raise translate_server_error(exc.orig or exc, target) from exc
    except BaseException:
        engine.dispose()
        raise
    if revision != schema_version.HEAD:
        engine.dispose()
        _refuse_revision(revision, target)
    return ServerDatabase(target, engine)


def _refuse_revision(revision: str | None, target: ServerTarget) -> None:
    if revision is None:
        raise UserError(
            f"Databasen {target.dbname} på servern är ingen isu-databas (inget schema). IT skapar"
            " den med isu server init.",
            f"The database {target.dbname} on the server is not an isu database (no schema). IT"
            " creates it with isu server init.",
        )
    if not _known(revision):
        raise DatabaseNewer(
            f"Databasen {target.dbname} på servern har en nyare version än programmet.",
            f"The database {target.dbname} on the server has a newer version than the program.",
            hint_sv="Uppdatera programmet.",
            hint_en="Update the program.",
        )
    raise EnvironmentProblem(
        f"Databasen {target.dbname} på servern behöver uppgraderas till programmets version.",
        f"The database {target.dbname} on the server needs an upgrade to the program's version.",
        hint_sv="Be IT köra isu server upgrade (som ägarrollen).",
        hint_en="Ask IT to run isu server upgrade (as the owner role).",
    )


# The case list sorts in SQL with a tiebreak (``ORDER BY col DESC NULLS LAST, id DESC`` or
# ``col ASC NULLS LAST, id ASC``: isu.services.cases.list_cases). PostgreSQL uses an index for
# such a page only when the index has exactly that order, and row-level security hides from
# the planner how many rows pass, so without these it sorts every case for each page (100 ms
# and more at 100,000 cases; a few ms with them). SQLite needs none of them (benchmarks/
# bench_caselist.py), so they are the server's, made here after the Alembic history.
LIST_SORT_COLUMNS = (
    "updated_at",
    "start_date",
    "closure_date",
    "case_number",
    "status",
    "phases_complete",
    "warnings",
)


def server_index_statements() -> list[str]:
    # By coordinator: each coordinator's cases by id (isu.services.case_list_server).
    out = ["CREATE INDEX IF NOT EXISTS ix_cases_list_coordinator ON cases (coordinator_id, id)"]
    for column in LIST_SORT_COLUMNS:
        out.append(f"CREATE INDEX IF NOT EXISTS ix_cases_list_{column}_asc ON cases ({column}, id)")
        out.append(
            f"CREATE INDEX IF NOT EXISTS ix_cases_list_{column}_desc"
            f" ON cases ({column} DESC NULLS LAST, id DESC)"
        )
    return out


def upgrade_schema(target: ServerTarget, user: str | None = None, password: str | None = None):
    """Bring the server's schema to the newest revision through the same Alembic history as
    the file, then the server's own list indexes. Run as the owner role (libpq env when
    ``user`` is None). Returns the revision."""
    from isu.db.database import _upgrade

    engine = make_server_engine(target, user, password, pool=1)
    try:
        _upgrade(engine)
        with engine.begin() as conn:
            for statement in server_index_statements():
                conn.exec_driver_sql(statement)
        with engine.connect() as conn:
            return schema_version.stored_revision(conn)
    except sqlalchemy.exc.DBAPIError as exc:
        raise translate_server_error(exc.orig or exc, target) from exc
    finally:
        engine.dispose()


# SQLSTATE classes and codes from the PostgreSQL manual, appendix A.
_AUTH_FAILED = {"28P01", "28000"}
_NO_PRIVILEGE = {"42501"}


def translate_server_error(exc: BaseException, target: ServerTarget) -> Exception:
    """A driver error as a message the user can act on (the server's text goes to the log)."""
    sqlstate = getattr(exc, "sqlstate", None) or ""
    text_ = str(exc).lower()
    if "not permitted to log in" in text_:
        # The server says so only after the password was right.
        return UserError(
            "Kontot är avstängt. Kontakta en administratör.",
            "The account is disabled. Contact an administrator.",
        )
    if sqlstate in _AUTH_FAILED or "authentication failed" in text_:
        return WrongPassword(
            "Fel användarnamn eller lösenord.",
            "Wrong user name or password.",
            hint_sv="Kontrollera stora och små bokstäver.",
            hint_en="Check upper and lower case.",
        )
    if sqlstate in _NO_PRIVILEGE or "row-level security" in text_:
        log.warning("server refused: %s", sqlstate or type(exc).__name__)
        return PermissionDenied(
            "Servern tillåter inte det här för din roll.",
            "The server does not allow this for your role.",
        )
    if "ssl" in text_ or "certificate" in text_:
        log.warning("TLS problem with %s: %s", target.label, exc)
        return EnvironmentProblem(
            f"Den krypterade anslutningen till {target.host} kunde inte upprättas (TLS).",
            f"The encrypted connection to {target.host} could not be set up (TLS).",
            hint_sv="Kontrollera sslmode och rotcertifikatet (sslrootcert) med IT.",
            hint_en="Check sslmode and the root certificate (sslrootcert) with IT.",
        )
    if sqlstate == "3D000" or ("does not exist" in text_ and "database" in text_):
        return UserError(
            f"Databasen {target.dbname} finns inte på servern {target.host}.",
            f"The database {target.dbname} does not exist on the server {target.host}.",
        )
    if not sqlstate or sqlstate.startswith("08") or "connect" in text_:
        log.warning("cannot reach %s: %s", target.label, type(exc).__name__)
        return EnvironmentProblem(
            f"Servern {target.host}:{target.port} svarar inte.",
            f"The server {target.host}:{target.port} does not answer.",
            hint_sv="Kontrollera nätverket, eller fråga IT om servern är igång.",
            hint_en="Check the network, or ask IT whether the server is running.",
        )
    log.warning("server error %s on %s: %s", sqlstate, target.label, exc)
    return EnvironmentProblem(
        f"Ett databasfel på servern ({sqlstate}); detaljer finns i loggen.",
        f"A database error on the server ({sqlstate}); details are in the log.",
    )


def check_connection(session: Session) -> str:
    """The role the session runs as (used by tests and ``isu verify``)."""
    return session.execute(text("SELECT current_user")).scalar_one()
