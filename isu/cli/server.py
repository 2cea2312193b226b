"""``isu server init`` and ``isu server migrate``: IT's commands for a unit's PostgreSQL server.

Both connect as the owner role given with ``--owner``; its password comes from libpq
(``PGPASSWORD`` or ``~/.pgpass``), never from argv. See ``isu.server``.
"""

from __future__ import annotations

import argparse

from isu.cli.common import (
    ADMIN_PASSWORD,
    add_command,
    commands_of,
    file_option,
    name_option,
    new_database_options,
    open_workspace,
    option,
    password_file_option,
    read_password,
)
from isu.cli.i18n import say, tr


def cmd_server_init(args: argparse.Namespace) -> int:
    from isu.server.connect import server_target
    from isu.server.provision import init_server

    server_target(args.db)  # a bad address is refused before any password is asked for
    password = read_password(args, ADMIN_PASSWORD)
    admin = init_server(
        args.db,
        args.owner,
        args.admin,
        password,
        unit=args.unit or "",
        municipality=args.municipality or "",
        display_name=args.display_name or "",
        default_form=not args.no_default_form,
    )
    say(
        f"Serverdatabasen är klar. Administratören {admin} loggar in med --db {args.db}"
        f" --user {admin}.",
        f"The server database is ready. The administrator {admin} logs in with --db {args.db}"
        f" --user {admin}.",
    )
    return 0


def cmd_server_upgrade(args: argparse.Namespace) -> int:
    from isu.server.provision import upgrade_server

    revision = upgrade_server(args.db, args.owner)
    say(
        f"Serverdatabasen har programmets schema ({revision}) och reglerna är lagda på nytt.",
        f"The server database has the program's schema ({revision}) and the rules are applied"
        " again.",
    )
    return 0


def cmd_server_migrate(args: argparse.Namespace) -> int:
    from isu.log import register_secret
    from isu.server.connect import server_target
    from isu.server.migrate import migrate_file, read_passwords

    server_target(args.db)
    passwords = read_passwords(args.passwords)
    for secret in passwords.values():
        register_secret(secret)
    source = argparse.Namespace(**{**vars(args), "db": getattr(args, "from")})
    with open_workspace(source) as ws:
        report = migrate_file(ws, args.db, args.owner, passwords)
    counts = ", ".join(f"{name} {n}" for name, n in report.counts.items())
    say(f"Flyttat och kontrollerat: {counts}.", f"Moved and checked: {counts}.")
    say(
        f"{report.cases_checked} ärenden har samma kontrollsumma på servern; granskningsloggens"
        f" kedja är hel (sista hash {report.audit_head[:16]}…).",
        f"{report.cases_checked} cases have the same checksum on the server; the audit log's"
        f" chain is intact (last hash {report.audit_head[:16]}…).",
    )
    if report.disabled:
        names = ", ".join(report.disabled)
        say(f"Avstängda på servern: {names}.", f"Disabled on the server: {names}.")
    return 0


def add_server_parsers(sub) -> None:
    p = add_command(
        sub, "server", "förbered och fyll en serverdatabas (IT)", "set up a server database (IT)"
    )
    server_sub = commands_of(p, "server_command")
    init = add_command(
        server_sub,
        "init",
        "skapa schema, roller och första administratör",
        "create schema, roles and the first administrator",
    )
    _server_options(init)
    new_database_options(init)
    init.set_defaults(func=cmd_server_init)

    up = add_command(
        server_sub,
        "upgrade",
        "uppgradera schemat och lägg reglerna på nytt",
        "upgrade the schema and apply the rules again",
    )
    _server_options(up)
    up.set_defaults(func=cmd_server_upgrade)

    move = add_command(
        server_sub,
        "migrate",
        "flytta en lokal databasfil till servern",
        "move a local database file to the server",
    )
    _server_options(move)
    file_option(move, "--from", "den lokala databasfilen", "the local database file", required=True)
    name_option(
        move,
        "--user",
        "filens administratör (eller ISU_USER)",
        "the file's administrator (or ISU_USER)",
    )
    password_file_option(move)
    file_option(
        move,
        "--passwords",
        "fil (chmod 600) med ett nytt lösenord per användare: NAMN LÖSENORD",
        "file (chmod 600) with a new password per user: NAME PASSWORD",
        required=True,
    )
    move.set_defaults(func=cmd_server_migrate)


def _server_options(parser) -> None:
    option(
        parser,
        "--db",
        "serverdatabasen (sslmode=verify-full rekommenderas)",
        "the server database (sslmode=verify-full recommended)",
        required=True,
        metavar="postgresql://HOST[:PORT]/DB",
    )
    option(
        parser,
        "--owner",
        "ägarrollen (lösenordet från PGPASSWORD eller .pgpass)",
        "the owner role (password from PGPASSWORD or .pgpass)",
        required=True,
        metavar=tr("PGROLL", "PGROLE"),
    )
