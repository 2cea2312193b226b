"""A provisioned unit database with one user of each role, for the server security tests.

Role names are cluster-wide, so every database gets names of its own (``anna_3`` …).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

PASSWORD = "server-pass-1"


@dataclass
class Unit:
    cluster: object
    dbname: str
    url: str
    names: dict[str, str] = field(default_factory=dict)  # label → login role
    ids: dict[str, int] = field(default_factory=dict)

    def login(self, label: str, password: str = PASSWORD):
        return self.cluster.connect(self.dbname, user=self.names[label], password=password)

    def owner(self):
        return self.cluster.connect(self.dbname)


def provision(cluster, dbname: str, monkeypatch) -> Unit:
    from isu.server.provision import init_server

    suffix = dbname.rsplit("_", 1)[-1] + "_" + str(os.getpid())
    unit = Unit(cluster, dbname, cluster.url(dbname))
    for key, value in cluster.superuser_env().items():
        monkeypatch.setenv(key, value)
    admin = init_server(unit.url, cluster.superuser, f"admin_{suffix}", PASSWORD, unit="Enhet")
    unit.names["admin"] = admin
    with unit.login("admin") as conn:
        for label, role in (("anna", "coordinator"), ("bo", "coordinator"), ("chef", "unit_head")):
            name = f"{label}_{suffix}"
            unit.names[label] = name
            add_login(conn, name, role)
        for label, name in unit.names.items():
            unit.ids[label] = conn.execute(
                "SELECT id FROM users WHERE username = %s", (name,)
            ).fetchone()[0]
    return unit


def add_login(conn, name: str, role: str, password: str = PASSWORD) -> int:
    from isu.services.server_users import scram_verifier

    verifier = scram_verifier(conn, name, password)
    return conn.execute(
        "SELECT isu_add_user(%s, %s, %s, %s)", (name, role, "", verifier)
    ).fetchone()[0]


CASE_COLUMNS = (
    "case_number, form_id, form_version, coordinator_id, status, unit, municipality,"
    " phases_complete, warnings, created_at, updated_at, revision"
)


def insert_case(conn, number: str, coordinator_id: int) -> int:
    case_id = conn.execute(
        f"INSERT INTO cases ({CASE_COLUMNS}) VALUES"
        " (%s, 'sig', 1, %s, 'ongoing', '', '', '', 0, '2026-01-01', '2026-01-01', 1)"
        " RETURNING id",
        (number, coordinator_id),
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO answers (case_id, code, instance, value_text, form_version)"
        " VALUES (%s, 'q1', 0, 'secret', 1)",
        (case_id,),
    )
    return case_id
