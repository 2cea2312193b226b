"""``isu demo``: an encrypted demo database with synthetic cases, opened in the app (or, with
no display, summarised to a PDF)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from isu.cli.common import add_command, file_option, flag, option
from isu.cli.i18n import say
from isu.errors import UserError
from isu.fileio import private_dir

DEMO_PASSWORD = "demo-lösenord"
DEMO_USER = "demo"


def default_demo_path() -> Path:
    return Path.cwd() / "demo" / "isu-demo.db"


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _database_files(db: Path) -> tuple[Path, ...]:
    from isu.security.keyslots import slot_path_for

    return (db, slot_path_for(db), Path(f"{db}-wal"), Path(f"{db}-shm"))


def create_demo(db: Path, cases: int, seed: int, *, force: bool = False) -> None:
    """Build the demo in a temporary file beside ``db`` and move it into place only when it
    is complete: a failure (or Ctrl+C) leaves nothing behind, and an existing demo stays as
    it was until the new one is ready. ``force`` replaces an existing *demo* database only."""
    import secrets

    from isu.security.keyslots import slot_path_for
    from isu.services import demo, forms
    from isu.services.workspace import init_database

    if cases < 1 or cases > 200_000:
        raise UserError(
            "Antalet ärenden ska vara 1–200 000.", "The number of cases must be 1–200,000."
        )
    if db.exists() or slot_path_for(db).exists():
        if not force:
            raise UserError(
                f"Det finns redan en databas här: {db} (använd --force för att ersätta en"
                " demodatabas).",
                f"A database already exists here: {db} (use --force to replace a demo database).",
            )
        refuse_unless_demo(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in db.parent.glob(f".{db.name}.*.partial*"):  # left by a killed earlier run
        stale.unlink(missing_ok=True)
    partial = db.with_name(f".{db.name}.{secrets.token_hex(4)}.partial")
    started = time.perf_counter()
    try:
        ws, _recovery = init_database(
            partial, DEMO_USER, DEMO_PASSWORD, display_name="Demo Administratör"
        )
        with ws:
            forms.publish_default_form(ws)
            last = [0.0]

            def progress(done: int, total: int) -> None:
                if time.perf_counter() - last[0] > 2 or done == total:
                    last[0] = time.perf_counter()
                    say(f"  {done} av {total} ärenden …", f"  {done} of {total} cases …")

            demo.populate(
                ws,
                demo.DemoOptions(cases=cases, seed=seed, staff_password=DEMO_PASSWORD),
                progress=progress if cases >= 2000 else None,
            )
            demo.mark_as_demo(ws)
        # The key file first, the database last: a database at the final name is complete.
        for leftover in _database_files(db):
            leftover.unlink(missing_ok=True)
        os.replace(slot_path_for(partial), slot_path_for(db))
        os.replace(partial, db)
    except BaseException:
        for leftover in _database_files(partial):
            leftover.unlink(missing_ok=True)
        raise
    say(
        f"Demodatabasen skapades på {time.perf_counter() - started:.1f} s.",
        f"The demo database was created in {time.perf_counter() - started:.1f} s.",
    )


def refuse_unless_demo(db: Path) -> None:
    """``isu demo`` only ever opens, prints the password of, or replaces a database that it
    made itself (marked as a demo inside the encrypted file)."""
    from isu.services import demo

    if not demo.is_demo_database(db, DEMO_USER, DEMO_PASSWORD):
        raise UserError(
            f"{db} är inte en demodatabas. isu demo använder eller ersätter bara databaser som"
            " det har skapat självt, inte ens med --force. Välj en annan sökväg med --db (en"
            " demodatabas från en äldre version tar du bort själv, med sin .keys-fil).",
            f"{db} is not a demo database. isu demo only uses or replaces databases it created"
            " itself, not even with --force. Choose another path with --db (delete a demo"
            " database from an older version yourself, with its .keys file).",
        )


def run_demo(args: argparse.Namespace) -> int:
    db = Path(args.db) if args.db else default_demo_path()
    if db.exists() and not args.force:
        refuse_unless_demo(db)
        say(
            f"Demodatabasen finns redan: {db} (använd --force för att skapa en ny).",
            f"The demo database already exists: {db} (use --force to create a new one).",
        )
    else:
        private_dir(db.parent)  # the demo folder is owner-only like every folder of ours
        create_demo(db, args.cases, args.seed, force=args.force)
    say(
        f"Databas: {db}\nAnvändare: {DEMO_USER}   Lösenord: {DEMO_PASSWORD}\n"
        "(Samordnare: samordnare1–3, enhetschef: enhetschef – samma lösenord.)",
        f"Database: {db}\nUser: {DEMO_USER}   Password: {DEMO_PASSWORD}\n"
        "(Coordinators: samordnare1–3, unit head: enhetschef – same password.)",
    )
    if args.pdf:
        return _write_pdf(db, Path(args.pdf))
    if args.no_gui:
        return 0
    if has_display():
        from isu.app import run_app

        args.prefill_user = DEMO_USER
        args.db = str(db)
        return run_app(args)
    say(
        "Ingen skärm hittades; skriver en gruppsammanställning som PDF i stället.",
        "No display found; writing a group summary PDF instead.",
    )
    return _write_pdf(db, db.with_suffix(".pdf"))


def _write_pdf(db: Path, out: Path) -> int:
    from isu.services import summaries
    from isu.services.sign_in import login

    with login(db, DEMO_USER, DEMO_PASSWORD) as ws:
        summaries.write_report(ws, summaries.SummaryRequest(), out, fmt="pdf")
    say(f"Sammanställningen skrevs till {out}", f"The summary was written to {out}")
    return 0


def add_demo_parser(sub) -> None:
    p = add_command(
        sub, "demo", "skapa en demodatabas och öppna den", "create a demo database and open it"
    )
    file_option(p, "--db", "demodatabasens fil (annars demo/isu-demo.db)", "the demo database file")
    number = {"type": int, "metavar": "N"}
    option(
        p, "--cases", "antal påhittade ärenden", "number of synthetic cases", default=200, **number
    )
    option(
        p,
        "--seed",
        "slumpfrö (samma frö ger samma data)",
        "random seed (same seed, same data)",
        default=1,
        **number,
    )
    flag(p, "--no-gui", "öppna inte programfönstret", "do not open the program window")
    file_option(p, "--pdf", "skriv en sammanställning som PDF", "write a summary PDF")
    flag(p, "--force", "ersätt en befintlig demodatabas", "replace an existing demo database")
    p.set_defaults(func=run_demo)
