"""Attacks on a provisioned unit database, each by a role logging in with psycopg and the
password the app set: the server itself must refuse them, whatever the client does."""

from __future__ import annotations

import psycopg
import psycopg.errors as pg
import pytest

from tests.server.security_helpers import add_login, insert_case, provision

DENIED = (pg.InsufficientPrivilege,)


@pytest.fixture(scope="module")
def unit(pg_cluster):
    with pytest.MonkeyPatch.context() as mp:
        unit = provision(pg_cluster, pg_cluster.create_database(), mp)
    with unit.login("anna") as conn:
        unit.ids["anna_case"] = insert_case(conn, "A-1", unit.ids["anna"])
    with unit.login("bo") as conn:
        unit.ids["bo_case"] = insert_case(conn, "B-1", unit.ids["bo"])
    return unit


def _one(conn, query, params=()):
    return conn.execute(query, params).fetchone()


# -- coordinators: their own cases only -----------------------------------------------------
def test_a_coordinator_sees_neither_another_coordinators_case_nor_its_answers(unit):
    anna_case = unit.ids["anna_case"]
    with unit.login("bo") as conn:
        assert _one(conn, "SELECT count(*) FROM cases WHERE id = %s", (anna_case,))[0] == 0
        assert _one(conn, "SELECT count(*) FROM answers WHERE case_id = %s", (anna_case,))[0] == 0
        assert [r[0] for r in conn.execute("SELECT case_number FROM cases")] == ["B-1"]


def test_a_coordinator_cannot_change_or_delete_another_coordinators_case(unit):
    anna_case = unit.ids["anna_case"]
    with unit.login("bo") as conn:
        cur = conn.execute("UPDATE cases SET status = 'closed' WHERE id = %s", (anna_case,))
        assert cur.rowcount == 0
        cur = conn.execute("UPDATE answers SET value_text = 'x' WHERE case_id = %s", (anna_case,))
        assert cur.rowcount == 0
        assert conn.execute("DELETE FROM answers WHERE case_id = %s", (anna_case,)).rowcount == 0
        with pytest.raises(DENIED):
            conn.execute("DELETE FROM cases WHERE id = %s", (anna_case,))
        with pytest.raises(DENIED):  # an answer smuggled into her case
            conn.execute(
                "INSERT INTO answers (case_id, code, instance, value_text, form_version)"
                " VALUES (%s, 'q2', 0, 'x', 1)",
                (anna_case,),
            )
    with unit.owner() as conn:
        assert _one(conn, "SELECT status FROM cases WHERE id = %s", (anna_case,))[0] == "ongoing"
        assert _one(conn, "SELECT count(*) FROM answers WHERE case_id = %s", (anna_case,))[0] == 1


def test_a_coordinator_cannot_register_or_hand_a_case_to_someone_else(unit):
    with unit.login("bo") as conn:
        with pytest.raises(DENIED):
            insert_case(conn, "B-forged", unit.ids["anna"])
        with pytest.raises(DENIED):
            conn.execute(
                "UPDATE cases SET coordinator_id = %s WHERE id = %s",
                (unit.ids["anna"], unit.ids["bo_case"]),
            )


def test_a_coordinator_reads_and_writes_their_own_case(unit):
    with unit.login("bo") as conn:
        case = unit.ids["bo_case"]
        assert conn.execute("UPDATE cases SET warnings = 2 WHERE id = %s", (case,)).rowcount == 1
        assert conn.execute("DELETE FROM answers WHERE case_id = %s", (case,)).rowcount == 1
        conn.execute(
            "INSERT INTO answers (case_id, code, instance, value_text, form_version)"
            " VALUES (%s, 'q1', 0, 'again', 1)",
            (case,),
        )
        assert (
            _one(conn, "SELECT value_text FROM answers WHERE case_id = %s", (case,))[0] == "again"
        )


# -- the unit head reads, never writes -------------------------------------------------------
def test_the_unit_head_reads_the_units_cases_and_changes_none(unit):
    with unit.login("chef") as conn:
        assert _one(conn, "SELECT count(*) FROM cases")[0] == 2
        for statement in (
            "UPDATE cases SET status = 'closed'",
            "DELETE FROM cases",
            "UPDATE answers SET value_text = 'x'",
            "DELETE FROM answers",
        ):
            with pytest.raises(DENIED):
                conn.execute(statement)
        with pytest.raises(DENIED):
            insert_case(conn, "C-1", unit.ids["chef"])


# -- the audit log: inserts only, continuing the chain ---------------------------------------
@pytest.mark.parametrize("label", ["admin", "anna", "chef"])
def test_no_isu_role_updates_deletes_or_truncates_the_audit_log(unit, label):
    with unit.login(label) as conn:
        for statement in (
            "UPDATE audit_log SET detail = '{}'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(DENIED):
                conn.execute(statement)


def test_even_the_owner_meets_the_trigger_that_refuses_changes_to_the_audit_log(unit):
    with unit.owner() as conn:
        for statement in ("UPDATE audit_log SET detail = '{}'", "DELETE FROM audit_log"):
            with pytest.raises(DENIED, match="inserts only"):
                conn.execute(statement)
        with pytest.raises(DENIED, match="inserts only"):
            conn.execute("TRUNCATE audit_log")
        assert _one(conn, "SELECT count(*) FROM audit_log")[0] >= 2


def _head(conn):
    return conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()


def test_an_audit_entry_must_name_its_writer_and_continue_the_chain(unit):
    insert = (
        "INSERT INTO audit_log (id, ts, actor, action, target, detail, prev_hash, hash)"
        " VALUES (%s, 'now', %s, 'probe', '', '{}', %s, %s)"
    )
    name = unit.names["anna"]
    with unit.login("anna") as conn:
        last_id, last_hash = _head(conn)
        with pytest.raises(DENIED):  # written in the administrator's name
            conn.execute(insert, (last_id + 1, unit.names["admin"], last_hash, "f" * 64))
        with pytest.raises(pg.IntegrityConstraintViolation):  # a fork of the chain
            conn.execute(insert, (last_id + 1, name, "0" * 64, "f" * 64))
        with pytest.raises(pg.IntegrityConstraintViolation):  # a gap
            conn.execute(insert, (last_id + 5, name, last_hash, "f" * 64))
        conn.execute(insert, (last_id + 1, name, last_hash, "e" * 64))
        assert _head(conn)[0] == last_id + 1


def test_only_the_chains_head_is_visible_to_other_roles_than_admin(unit):
    with unit.login("anna") as conn:
        assert _one(conn, "SELECT count(*) FROM audit_log")[0] == 1
    with unit.login("admin") as conn:
        assert _one(conn, "SELECT count(*) FROM audit_log")[0] >= 2


# -- the schema, the roles and the functions are out of reach ---------------------------------
@pytest.mark.parametrize("label", ["admin", "anna", "chef"])
@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE cases DISABLE ROW LEVEL SECURITY",
        "DROP POLICY isu_coordinator_read ON cases",
        "ALTER TABLE audit_log DISABLE TRIGGER isu_audit_no_change",
        "DROP TRIGGER isu_audit_no_change ON audit_log",
        "SET ROLE isu_admin",
        "CREATE ROLE intruder LOGIN PASSWORD 'x'",
        "CREATE TABLE loot (x text)",
        "CREATE TEMP TABLE loot (x text)",
        "CREATE OR REPLACE FUNCTION isu_current_role() RETURNS text"
        " LANGUAGE sql AS $$SELECT 'admin'$$",
    ],
)
def test_no_isu_role_alters_the_schema_or_takes_another_role(unit, label, statement):
    if label == "admin" and statement == "SET ROLE isu_admin":
        statement = "SET ROLE " + unit.cluster.superuser
    with unit.login(label) as conn, pytest.raises((pg.InsufficientPrivilege, pg.UndefinedObject)):
        conn.execute(statement)


def test_set_role_to_ones_own_group_gains_nothing(unit, pg_cluster):
    with unit.login("bo") as conn:
        try:
            conn.execute("SET ROLE isu_coordinator")
        except pg.InsufficientPrivilege:
            return  # PostgreSQL 16+: the membership carries no SET
        assert [r[0] for r in conn.execute("SELECT case_number FROM cases")] == ["B-1"]
        with pytest.raises(DENIED):
            insert_case(conn, "B-as-group", unit.ids["anna"])


def test_nobody_changes_their_own_role_in_users(unit):
    with unit.login("bo") as conn, pytest.raises(DENIED):
        conn.execute("UPDATE users SET role = 'admin' WHERE username = current_user")
    with unit.login("bo") as conn, pytest.raises(DENIED):
        conn.execute("INSERT INTO users (username, role, disabled) VALUES ('x', 'admin', false)")
    with unit.login("admin") as conn:
        with pytest.raises(DENIED):  # the role column goes only through isu_set_role
            conn.execute(
                "UPDATE users SET role = 'coordinator' WHERE username = %s", (unit.names["bo"],)
            )
        with pytest.raises(pg.InvalidParameterValue):
            conn.execute("SELECT isu_set_role(%s, 'coordinator')", (unit.names["admin"],))


def test_users_are_managed_by_administrators_only(unit):
    with unit.login("bo") as conn:
        for query in (
            "SELECT isu_add_user('mallory', 'admin', '', 'SCRAM-SHA-256$x')",
            "SELECT isu_set_disabled('x', true)",
            "SELECT isu_set_role('x', 'admin')",
            "SELECT isu_create_login('mallory', 'admin', 'SCRAM-SHA-256$x')",
        ):
            with pytest.raises(DENIED):
                conn.execute(query)
        with pytest.raises(DENIED):  # another user's password
            conn.execute("SELECT isu_set_password(%s, 'SCRAM-SHA-256$x')", (unit.names["anna"],))


def test_an_administrator_manages_isu_users_only_and_with_verifiers_only(unit):
    owner = unit.cluster.superuser
    with unit.login("admin") as conn:
        for query, args in (
            ("SELECT isu_set_disabled(%s, true)", (owner,)),
            ("SELECT isu_set_password(%s, 'SCRAM-SHA-256$x')", (owner,)),
            ("SELECT isu_set_role(%s, 'coordinator')", (owner,)),
        ):
            with pytest.raises(pg.UndefinedObject):
                conn.execute(query, args)
        with pytest.raises(pg.InvalidParameterValue):  # a plaintext password for the log
            conn.execute("SELECT isu_set_password(%s, 'plain-text-pw')", (unit.names["bo"],))
        with pytest.raises(pg.InvalidParameterValue):
            conn.execute("SELECT isu_add_user('newbie', 'superuser', '', 'SCRAM-SHA-256$x')")
        with pytest.raises(pg.InvalidName):
            conn.execute(
                "SELECT isu_add_user('x\"; DROP TABLE cases; --', 'admin', '', 'SCRAM-SHA-256$x')"
            )


# -- settings -----------------------------------------------------------------------------------
@pytest.mark.parametrize("label", ["anna", "chef"])
def test_only_an_administrator_changes_settings(unit, label):
    with unit.login(label) as conn:
        for statement in (
            "UPDATE settings SET value = 'true'",
            "INSERT INTO settings (key, value) VALUES ('shared_access', 'true')",
            "DELETE FROM settings",
        ):
            with pytest.raises(DENIED):
                conn.execute(statement)
        assert _one(conn, "SELECT value FROM settings WHERE key = 'unit'")[0] == '"Enhet"'


def test_the_export_secret_is_the_administrators_only(unit):
    with unit.login("admin") as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('export_secret', '\"ab\"')"
            " ON CONFLICT (key) DO NOTHING"
        )
    with unit.login("anna") as conn:
        assert _one(conn, "SELECT count(*) FROM settings WHERE key = 'export_secret'")[0] == 0


# -- what the sharing setting opens, and a fresh unit per changed setting ----------------------
def test_shared_access_opens_the_units_cases_to_every_coordinator(
    pg_cluster, pg_database, monkeypatch
):
    unit = provision(pg_cluster, pg_database, monkeypatch)
    with unit.login("anna") as conn:
        anna_case = insert_case(conn, "A-1", unit.ids["anna"])
    with unit.login("bo") as conn:
        assert _one(conn, "SELECT count(*) FROM cases")[0] == 0
    with unit.login("admin") as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('shared_access', 'true')")
    with unit.login("bo") as conn:
        assert _one(conn, "SELECT count(*) FROM answers WHERE case_id = %s", (anna_case,))[0] == 1
        assert (
            conn.execute("UPDATE cases SET warnings = 1 WHERE id = %s", (anna_case,)).rowcount == 1
        )
        with pytest.raises(DENIED):  # still registers cases only as themselves
            insert_case(conn, "B-2", unit.ids["anna"])
        with pytest.raises(DENIED):  # edits her case, but cannot take it over
            conn.execute(
                "UPDATE cases SET coordinator_id = %s WHERE id = %s", (unit.ids["bo"], anna_case)
            )
    with unit.login("chef") as conn, pytest.raises(DENIED):
        conn.execute("UPDATE cases SET warnings = 3")


def test_a_disabled_user_can_no_longer_log_in_nor_read_in_an_open_session(
    pg_cluster, pg_database, monkeypatch
):
    unit = provision(pg_cluster, pg_database, monkeypatch)
    with unit.login("bo") as conn:
        insert_case(conn, "B-1", unit.ids["bo"])
    open_session = unit.login("bo")
    try:
        with unit.login("admin") as conn:
            conn.execute("SELECT isu_set_disabled(%s, true)", (unit.names["bo"],))
        with pytest.raises(psycopg.OperationalError):
            unit.login("bo")
        assert _one(open_session, "SELECT count(*) FROM cases")[0] == 0
        users_seen = open_session.execute("SELECT username, disabled FROM users").fetchall()
        assert users_seen == [(unit.names["bo"], True)]  # their own row, to be told why
        with pytest.raises(DENIED):
            insert_case(open_session, "B-2", unit.ids["bo"])
    finally:
        open_session.close()
    with unit.login("admin") as conn:
        conn.execute("SELECT isu_set_disabled(%s, false)", (unit.names["bo"],))
    with unit.login("bo") as conn:
        assert _one(conn, "SELECT count(*) FROM cases")[0] == 1


def test_a_user_of_one_unit_cannot_connect_to_another_units_database(
    unit, pg_cluster, pg_database, monkeypatch
):
    other = provision(pg_cluster, pg_database, monkeypatch)
    with pytest.raises(psycopg.OperationalError, match=r"permission denied|CONNECT"):
        pg_cluster.connect(other.dbname, user=unit.names["admin"], password="server-pass-1")
    # and a name taken on the cluster is refused, not reused
    with other.login("admin") as conn, pytest.raises(pg.DuplicateObject):
        add_login(conn, unit.names["anna"], "coordinator")
