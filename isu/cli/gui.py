"""``isu gui`` (also ``isu`` alone) opens the desktop app; ``isu --smoke-test`` checks an
installation."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from isu.cli.common import add_command, file_option
from isu.errors import UserError


def cmd_smoke_test(args: argparse.Namespace) -> int:
    import tempfile

    from isu.ui.smoke_check import run_smoke_test

    folder = args.data_dir or tempfile.mkdtemp(prefix="isu-smoke-")
    return run_smoke_test(Path(folder))


def cmd_gui(args: argparse.Namespace) -> int:
    if not display_available():
        raise UserError(
            "Ingen skärm hittades (varken DISPLAY eller WAYLAND_DISPLAY är satt), så"
            " programfönstret kan inte öppnas.",
            "No display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the"
            " program window cannot open.",
            hint_sv="Använd kommandoraden (isu --help, t.ex. isu case list), kontrollera"
            " installationen med isu --smoke-test, eller sätt QT_QPA_PLATFORM=offscreen.",
            hint_en="Use the command line (isu --help, e.g. isu case list), check the"
            " installation with isu --smoke-test, or set QT_QPA_PLATFORM=offscreen.",
        )
    from isu.app import run_app

    return run_app(args)


def display_available() -> bool:
    """Whether Qt can open a window here. On Linux and other X11/Wayland systems that needs
    DISPLAY or WAYLAND_DISPLAY, unless a Qt platform is chosen with QT_QPA_PLATFORM."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def add_gui_parser(sub) -> None:
    p = add_command(sub, "gui", "öppna programfönstret", "open the desktop app")
    file_option(p, "--db", "databasen att öppna", "the database to open")
    p.set_defaults(func=cmd_gui)
