"""Preparing server databases for the tests and benchmarks.

``TemplateDatabases`` provisions one template database with the product's own ``isu server
init`` (``isu.server.provision.init_server``: schema, group roles, grants, row-level security,
the insert-only audit log, the first administrator) once per run; each test gets a copy
(``CREATE DATABASE … TEMPLATE``), which takes milliseconds instead of a provisioning's second.
Login roles are cluster-wide, so the roles a test adds are dropped with its copy.

``ensure_login_role`` and ``grant_tables`` serve ``copy_for_tests``, which copies a file's
rows onto a server database for the benchmarks.
"""

from __future__ import annotations

import json
import secrets

from psycopg import sql

GROUPS = {"admin": "isu_admin", "coordinator": "isu_coordinator", "unit_head": "isu_unit_head"}


def ensure_login_role(conn, name: str, password: str, role: str) -> None:
    """A login role ``name`` (SCRAM, the cluster's default) in the group for ``role``."""
    for group in GROUPS.values():
        conn.execute(
            sql.SQL(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {}) THEN"
                " CREATE ROLE {} NOLOGIN; END IF; END $$"
            ).format(sql.Literal(group), sql.Identifier(group))
        )
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    verb = "ALTER" if exists else "CREATE"
    conn.execute(
        sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(name), sql.Literal(password)
        )
    )
    grant = sql.SQL("GRANT {} TO {}")
    conn.execute(grant.format(sql.Identifier(GROUPS[role]), sql.Identifier(name)))


def grant_tables(conn) -> None:
    groups = sql.SQL(", ").join(sql.Identifier(g) for g in GROUPS.values())
    conn.execute(
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            groups
        )
    )
    conn.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(groups))


def fresh_identity(conn) -> None:
    """A database id and an anchor key of its own (a copied template shares its template's)."""
    for key in ("database_id", "audit_anchor_key"):
        conn.execute("DELETE FROM settings WHERE key = %s", (key,))
        value = secrets.token_hex(16 if key == "database_id" else 32)
        conn.execute("INSERT INTO settings (key, value) VALUES (%s, %s)", (key, json.dumps(value)))


def init_as_owner(cluster, dbname: str, admin: str, password: str) -> None:
    """``isu server init`` on ``dbname`` as the cluster's superuser (the owner role), its
    password through the libpq environment as IT passes it."""
    import os

    from isu.server.provision import init_server

    saved = {k: os.environ.get(k) for k in ("PGUSER", "PGPASSWORD")}
    os.environ.update(cluster.superuser_env())
    try:
        # No form, as the file's init_database: each test publishes what it needs.
        init_server(
            cluster.url(dbname),
            cluster.superuser,
            admin,
            password,
            unit="SIG Centrum",
            default_form=False,
        )
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class TemplateDatabases:
    """Copies of one provisioned template: ``copy()`` gives a fresh database's name."""

    def __init__(self, cluster, admin: str, password: str):
        self.cluster = cluster
        self.admin = admin
        self.template = cluster.create_database("isu_template")
        init_as_owner(cluster, self.template, admin, password)
        self._n = 0

    def copy(self) -> str:
        self._n += 1
        name = f"{self.template}_c{self._n}"
        with self.cluster.connect() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(self.template)
                )
            )
            # A database's own privileges are not copied from its template: as init left them.
            conn.execute(
                sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name))
            )
            conn.execute(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                    sql.Identifier(name), sql.Identifier(self.admin)
                )
            )
        with self.cluster.connect(name) as conn:
            fresh_identity(conn)
        return name

    def drop(self, name: str) -> None:
        """Drop the copy and the login roles its tests added (role names are cluster-wide)."""
        with self.cluster.connect(name) as conn:
            added = [
                r[0]
                for r in conn.execute(
                    "SELECT username FROM users WHERE username <> %s", (self.admin,)
                )
            ]
        with self.cluster.connect() as conn:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))
            for role in added:
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
