"""``isu rekey``: a new data key for the database and every remaining key slot.

``--drop-legacy`` first removes the key slots still in format 1 (users who have not logged in
since the update; they then need a new password from an administrator) and, if the recovery
slot is one of them, issues a new recovery key, shown once."""

from __future__ import annotations

import argparse
import time

from isu.cli.common import flag, open_workspace, with_db
from isu.cli.i18n import say, tr


def cmd_rekey(args: argparse.Namespace) -> int:
    from isu.services import keys

    with open_workspace(args) as ws:
        started = time.perf_counter()
        recovery = keys.rekey(ws, drop_legacy=args.drop_legacy)
        seconds = time.perf_counter() - started
    say(
        f"Databasen är krypterad med en ny nyckel ({seconds:.1f} s). Äldre kopior av"
        " nyckelfilen öppnar den inte längre; säkerhetskopior gjorda före detta har kvar sin"
        " gamla nyckel.",
        f"The database is encrypted with a new key ({seconds:.1f} s). Older copies of the key"
        " file no longer open it; backups made before this keep their old key.",
    )
    if recovery:
        say(
            "NY ÅTERSTÄLLNINGSNYCKEL — den gamla gäller inte längre. Visas bara nu; skriv ut"
            " den och förvara den inlåst:",
            "NEW RECOVERY KEY — the old one no longer works. Shown only now; print it and keep"
            " it locked away:",
        )
        print(f"  {recovery}")
    return 0


def add_key_parsers(sub) -> None:
    p = sub.add_parser(
        "rekey",
        help=tr(
            "byt databasens nyckel (administratör)", "give the database a new key (administrator)"
        ),
    )
    with_db(p)
    flag(
        p,
        "--drop-legacy",
        "ta bort nyckelplatser i äldre format (de användarna får nya lösenord; en ny"
        " återställningsnyckel visas om den gamla var i äldre format)",
        "drop key slots in the older format (those users get new passwords; a new recovery"
        " key is shown if the old one was in the older format)",
    )
    p.set_defaults(func=cmd_rekey)
