"""``isu rekey``: a new data key for the database and every remaining key slot."""

from __future__ import annotations

import argparse
import time

from isu.cli import open_workspace, say


def cmd_rekey(args: argparse.Namespace) -> int:
    from isu.services import keys

    ws = open_workspace(args)
    try:
        started = time.perf_counter()
        keys.rekey(ws)
        seconds = time.perf_counter() - started
    finally:
        ws.close()
    say(
        f"Databasen är krypterad med en ny nyckel ({seconds:.1f} s). Äldre kopior av"
        " nyckelfilen öppnar den inte längre; säkerhetskopior gjorda före detta har kvar sin"
        " gamla nyckel.",
        f"The database is encrypted with a new key ({seconds:.1f} s). Older copies of the key"
        " file no longer open it; backups made before this keep their old key.",
    )
    return 0


def add_key_parsers(sub, with_db) -> None:
    from isu.cli import tr

    p = sub.add_parser(
        "rekey",
        help=tr(
            "byt databasens nyckel (administratör)", "give the database a new key (administrator)"
        ),
    )
    with_db(p)
    p.set_defaults(func=cmd_rekey)
