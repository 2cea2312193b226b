"""``isu init`` (a new encrypted database) and ``isu user add|list|passwd|disable|enable``."""

from __future__ import annotations

import argparse
from pathlib import Path

from isu.cli.common import (
    ADMIN_PASSWORD,
    NEW_PASSWORD,
    RECOVERY_KEY,
    add_command,
    commands_of,
    db_command,
    display_name_option,
    flag,
    name_option,
    new_database_options,
    new_password_file_option,
    open_workspace,
    option,
    read_password,
    recovery_options,
    require_folder,
    with_db,
)
from isu.cli.i18n import say, tr, ui_language
from isu.errors import UserError


def add_init_parser(sub) -> None:
    p = add_command(sub, "init", "skapa en ny krypterad databas", "create an encrypted database")
    with_db(p, login=False)
    new_database_options(p)
    p.set_defaults(func=cmd_init)


def add_user_parsers(sub) -> None:
    p = add_command(sub, "user", "hantera användare", "manage users")
    p.set_defaults(func=cmd_user)
    user_sub = commands_of(p, "user_command")
    q = db_command(user_sub, "add", "lägg till en användare", "add a user")
    _user_name(q)
    new_password_file_option(q)
    roles = "admin | samordnare | enhetschef", "admin | coordinator | unit_head"
    option(q, "--role", *roles, required=True, metavar=tr("ROLL", "ROLE"))
    display_name_option(q)
    db_command(user_sub, "list", "lista användarna", "list the users")
    q = db_command(user_sub, "passwd", "byt lösenord", "change a password")
    _user_name(q, " (du själv om inget anges)", " (yourself if left out)", nargs="?")
    new_password_file_option(q)
    recovery_options(q, "använd återställningsnyckeln", "use the recovery key")
    flag(
        q,
        "--drop-legacy",
        "med --recovery: ta bort nyckelplatser i äldre format",
        "with --recovery: drop key slots in the older format",
    )
    _user_name(db_command(user_sub, "disable", "stäng av en användare", "disable a user"))
    _user_name(
        db_command(user_sub, "enable", "aktivera en avstängd användare", "enable a disabled user")
    )


def _user_name(parser, more_sv: str = "", more_en: str = "", **kwargs) -> None:
    name_option(
        parser, "name", "användaren det gäller" + more_sv, "the user concerned" + more_en, **kwargs
    )


def cmd_init(args: argparse.Namespace) -> int:
    from isu.db.target import is_server_url
    from isu.services import forms, settings
    from isu.services.workspace import init_database

    if is_server_url(args.db):
        raise UserError(
            "En serverdatabas skapas av IT med isu server init (se serverhandbok.md).",
            "A server database is created by IT with isu server init (see server-guide.md).",
        )
    require_folder(Path(args.db))
    password = read_password(args, ADMIN_PASSWORD)
    ws, recovery = init_database(
        args.db, args.admin, password, display_name=args.display_name or ""
    )
    with ws:
        changes = {k: v for k, v in (("unit", args.unit), ("municipality", args.municipality)) if v}
        if changes:
            settings.save(ws, **changes)
        if not args.no_default_form:
            forms.publish_default_form(ws)
    say(f"Databasen skapades: {args.db}", f"Database created: {args.db}")
    say(
        "Nyckelfil (säkerhetskopiera alltid tillsammans med databasen): ",
        "Key file (always back up together with the database): ",
    )
    print(f"  {args.db}.keys")
    say(
        "ÅTERSTÄLLNINGSNYCKEL — visas bara nu. Skriv ut den och förvara den inlåst:",
        "RECOVERY KEY — shown only now. Print it and keep it locked away:",
    )
    print(f"  {recovery}")
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from isu.services import users

    if args.user_command == "passwd" and args.recovery:
        recovery = read_password(args, RECOVERY_KEY)
        users.reset_password_with_recovery(
            args.db,
            recovery,
            args.name,
            read_password(args, NEW_PASSWORD),
            drop_legacy=args.drop_legacy,
        )
        say(f"Nytt lösenord satt för {args.name}.", f"New password set for {args.name}.")
        return 0
    with open_workspace(args) as ws:
        _user_command(ws, args)
    return 0


def _user_command(ws, args: argparse.Namespace) -> None:
    from isu.domain.roles import parse_role
    from isu.services import users

    if args.user_command == "add":
        user = users.add_user(
            ws,
            args.name,
            read_password(args, NEW_PASSWORD),
            parse_role(args.role),
            display_name=args.display_name or "",
        )
        say(
            f"Användaren {user.username} ({user.role.label('sv')}) lades till.",
            f"User {user.username} ({user.role.label('en')}) added.",
        )
    elif args.user_command == "list":
        for user in users.list_users(ws):
            state = tr(" (avstängd)", " (disabled)") if user.disabled else ""
            print(f"{user.username}\t{user.role.label(ui_language())}\t{user.display_name}{state}")
    elif args.user_command == "passwd":
        users.change_password(ws, args.name or ws.user.username, read_password(args, NEW_PASSWORD))
        say("Lösenordet är ändrat.", "The password was changed.")
    elif args.user_command in ("disable", "enable"):
        users.set_disabled(ws, args.name, args.user_command == "disable")
        say(f"Klart: {args.name}.", f"Done: {args.name}.")
