"""``isu profile add|list|remove``: the server profiles the unlock window offers.

A profile is a name and a server address (``--db postgresql://…``, as everywhere), kept in
this computer's settings file; never a user name or a password.
"""

from __future__ import annotations

import argparse

from isu.cli.common import add_command, commands_of
from isu.cli.i18n import say, tr


def _settings_file(args: argparse.Namespace):
    from isu.paths import AppPaths

    return AppPaths.create(getattr(args, "data_dir", None)).settings_file


def cmd_profile(args: argparse.Namespace) -> int:
    from isu.db.target import parse_server_url
    from isu.services import profiles

    path = _settings_file(args)
    if args.profile_command == "add":
        saved = profiles.save_profile(path, args.name, parse_server_url(args.db))
        say(
            f"Profilen {saved.name} sparades: {saved.target.url}",
            f"Profile {saved.name} saved: {saved.target.url}",
        )
    elif args.profile_command == "remove":
        profiles.remove_profile(path, args.name)
        say(f"Profilen {args.name} togs bort.", f"Profile {args.name} removed.")
    else:
        for profile in profiles.list_profiles(path):
            print(f"{profile.name}\t{profile.target.url}")
    return 0


def add_profile_parsers(sub) -> None:
    p = add_command(
        sub,
        "profile",
        "serverprofiler i upplåsningsfönstret",
        "server profiles in the unlock window",
    )
    profile_sub = commands_of(p, "profile_command")
    q = add_command(profile_sub, "add", "spara en serverprofil", "save a server profile")
    q.add_argument("name", metavar=tr("NAMN", "NAME"), help=tr("profilens namn", "the name"))
    q.add_argument(
        "--db",
        required=True,
        metavar="postgresql://HOST[:PORT]/DB",
        help=tr(
            "serverns adress (sslmode och sslrootcert går att ange)",
            "the server's address (sslmode and sslrootcert may be given)",
        ),
    )
    q = add_command(profile_sub, "list", "lista serverprofilerna", "list the server profiles")
    q = add_command(profile_sub, "remove", "ta bort en serverprofil", "remove a server profile")
    q.add_argument("name", metavar=tr("NAMN", "NAME"), help=tr("profilens namn", "the name"))
    p.set_defaults(func=cmd_profile)
