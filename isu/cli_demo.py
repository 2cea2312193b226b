"""``isu demo``: an encrypted demo database with synthetic cases, opened in the app (or, with
no display, summarised to a PDF)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from isu.cli import DEMO_PASSWORD, DEMO_USER, say
from isu.errors import UserError
from isu.fileio import private_dir


def default_demo_path() -> Path:
    return Path.cwd() / "demo" / "isu-demo.db"


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def create_demo(db: Path, cases: int, seed: int, *, force: bool = False) -> None:
    from isu.security.keyslots import slot_path_for
    from isu.services import demo, forms
    from isu.services.workspace import init_database

    if cases < 1 or cases > 200_000:
        raise UserError(
            "Antalet ärenden ska vara 1–200 000.", "The number of cases must be 1–200,000."
        )
    if force:
        for leftover in (db, slot_path_for(db), Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    ws, _recovery = init_database(db, DEMO_USER, DEMO_PASSWORD, display_name="Demo Administratör")
    try:
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
    finally:
        ws.close()
    say(
        f"Demodatabasen skapades på {time.perf_counter() - started:.1f} s.",
        f"The demo database was created in {time.perf_counter() - started:.1f} s.",
    )


def run_demo(args: argparse.Namespace) -> int:
    db = Path(args.db) if args.db else default_demo_path()
    if db.exists() and not args.force:
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
    from isu.services.workspace import login

    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    try:
        summaries.write_report(ws, summaries.SummaryRequest(), out, fmt="pdf")
    finally:
        ws.close()
    say(f"Sammanställningen skrevs till {out}", f"The summary was written to {out}")
    return 0
