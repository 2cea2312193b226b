"""Composition root of the desktop app: arguments → folders → logging → language →
first run or unlock → main window. Nothing runs at import time."""

from __future__ import annotations

import argparse
import logging
import sys

from isu.fileio import private_umask
from isu.paths import AppPaths, resource_dir


def stylesheet() -> str:
    path = resource_dir("styles") / "isu.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def build_context(paths: AppPaths, lang: str):
    """The language, folders, worker and error display shared by every window."""
    from isu.ui.context import UiContext
    from isu.ui.errors import ErrorReporter
    from isu.ui.workers import DbExecutor

    errors = ErrorReporter(lang, paths.log_dir)
    executor = DbExecutor()
    executor.failed.connect(lambda exc: errors.show(exc))
    return UiContext(lang, paths, executor, errors)


def prepare_application(paths: AppPaths):
    """The QApplication with language, style and crash handling; returns (app, ctx)."""
    from PySide6.QtWidgets import QApplication

    from isu.ui.app_settings import read_language
    from isu.ui.i18n import choose_language, install_translator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ISU")
    app.setOrganizationName("isu")
    lang = choose_language(read_language(paths.settings_file))
    # The translator is a child of the app, so it lives as long as the app does.
    if install_translator(app, lang, paths.data_dir / "cache") is None and lang != "en":
        lang = "en"  # no translation could be loaded: English UI, English messages
    app.setStyleSheet(stylesheet())
    ctx = build_context(paths, lang)
    ctx.errors.install_excepthook()
    return app, ctx


def run_app(args: argparse.Namespace) -> int:
    """Run the desktop app. ``args.db`` may name the database; ``args.prefill_user`` (from
    ``isu demo``) fills in the user name on the unlock dialog."""
    with private_umask():  # the app's own files are owner-only, whoever writes them
        return _run_app(args)


def _run_app(args: argparse.Namespace) -> int:
    from isu.log import setup_logging
    from isu.ui.shell import AppShell

    paths = AppPaths.create(getattr(args, "data_dir", None)).ensure()
    setup_logging(paths.log_dir)
    logging.getLogger("isu").info("desktop app starting")
    app, ctx = prepare_application(paths)
    shell = AppShell(ctx)
    shell.quit_requested.connect(app.quit)
    db = getattr(args, "db", None)
    # A file path or a postgresql:// URL: the shell parses it (isu.db.target).
    shell.start(db or None, getattr(args, "prefill_user", "") or "")
    code = app.exec()
    ctx.executor.wait_idle()
    return int(code)
