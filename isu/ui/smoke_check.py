"""``isu --smoke-test``: proof that a build can do real work, run the same from source and frozen.

In a fresh folder it creates a small encrypted demo database, signs in, writes a group summary
PDF, then opens the main window on Qt's offscreen platform and grabs it to a PNG. Each step
touches something a frozen build can lose: SQLCipher's and cryptography's native libraries,
the Alembic scripts (loaded by path), the bundled form, ReportLab's fonts, Qt's platform and
image-format plugins, the translations and the icons.

The demo database is built through the services (as ``isu demo`` does) rather than through
``isu.cli.demo``, which is part of ``isu.cli``: the UI layer may not depend on the command line.
"""

from __future__ import annotations

import contextlib
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QLocale, QThread
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QApplication

from isu.errors import IsuError
from isu.paths import AppPaths, resource_dir
from isu.services import demo, forms, summaries
from isu.services.sign_in import login
from isu.services.workspace import Workspace, init_database

SMOKE_CASES = 40
SMOKE_SEED = 1
SMOKE_USER = "rokprov"
# Non-ASCII on purpose: the frozen build must encode passwords exactly as the source does.
SMOKE_PASSWORD = "röktest-lösenord"
WINDOW_LOAD_SECONDS = 20.0
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


class SmokeCheckError(Exception):
    """A step ran but its result was wrong."""


class SmokeStepFailed(Exception):
    def __init__(self, step: str, cause: BaseException):
        super().__init__(f"{step}: {describe(cause)}")
        self.step = step
        self.cause = cause


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    size: int


@dataclass(frozen=True)
class WindowFacts:
    width: int
    height: int
    rows: int
    platform: str


def describe(exc: BaseException) -> str:
    if isinstance(exc, IsuError):
        return f"{type(exc).__name__}: {exc.message('en')}"
    return f"{type(exc).__name__}: {exc}"


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    try:
        yield
    except SmokeStepFailed:
        raise
    except Exception as exc:
        raise SmokeStepFailed(name, exc) from exc


# -- database and PDF ------------------------------------------------------------------------
def create_smoke_database(db: Path) -> None:
    ws, _recovery = init_database(db, SMOKE_USER, SMOKE_PASSWORD, display_name="Röktest")
    try:
        forms.publish_default_form(ws)
        demo.populate(ws, demo.DemoOptions(cases=SMOKE_CASES, seed=SMOKE_SEED))
    finally:
        ws.close()


def sign_in(db: Path, paths: AppPaths) -> Workspace:
    return login(db, SMOKE_USER, SMOKE_PASSWORD, backup_dir=paths.backup_dir)


def check_pdf(path: Path) -> PdfFacts:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise SmokeCheckError(f"{path.name} does not start with %PDF-")
    if b"%%EOF" not in data[-1024:]:
        raise SmokeCheckError(f"{path.name} has no %%EOF trailer (truncated?)")
    pages = len(_PAGE_OBJECT.findall(data))
    if pages < 1:
        raise SmokeCheckError(f"{path.name} has no pages")
    return PdfFacts(pages, len(data))


def write_summary(db: Path, paths: AppPaths, out: Path) -> PdfFacts:
    ws = sign_in(db, paths)
    try:
        summaries.write_report(ws, summaries.SummaryRequest(), out, fmt="pdf")
    finally:
        ws.close()
    return check_pdf(out)


# -- Qt ----------------------------------------------------------------------------------------
def offscreen_application() -> QApplication:
    existing = QCoreApplication.instance()
    if existing is None:
        return QApplication(["isu", "-platform", "offscreen"])
    if not isinstance(existing, QApplication):
        raise SmokeCheckError("a non-widget Qt application is already running")
    return existing


def check_fonts() -> int:
    families = QFontDatabase.families()
    if not families:
        raise SmokeCheckError("Qt found no fonts")
    return len(families)


def check_icon() -> None:
    """Rendering the SVG needs the bundled icon and Qt's svg image-format plugin."""
    icon = resource_dir("icons") / "isu.svg"
    if not icon.is_file():
        raise SmokeCheckError(f"icon missing: {icon}")
    image = QImage(str(icon))
    if image.isNull():
        raise SmokeCheckError(f"Qt cannot read {icon.name} (svg image-format plugin missing?)")


def wait_until(app: QApplication, done: Callable[[], bool], seconds: float) -> bool:
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not done():
        if deadline.hasExpired():
            return False
        app.processEvents()
        QThread.msleep(10)
    return True


def distinct_colours(image: QImage, samples_per_side: int = 64) -> int:
    x_step = max(1, image.width() // samples_per_side)
    y_step = max(1, image.height() // samples_per_side)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), x_step)
            for y in range(0, image.height(), y_step)
        }
    )


@contextlib.contextmanager
def swedish_translation(app: QApplication, cache_dir: Path) -> Iterator[None]:
    """The shipped Swedish translation, installed for the duration; the locale is restored."""
    from isu.ui.i18n import install_translator

    previous_locale = QLocale()  # installing a translation changes the default locale
    translator = install_translator(app, "sv", cache_dir)
    try:
        if translator is None:
            raise SmokeCheckError("the Swedish translation could not be loaded")
        yield
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        QLocale.setDefault(previous_locale)


def grab_main_window(app: QApplication, db: Path, paths: AppPaths, out: Path) -> WindowFacts:
    from isu.ui.context import UiContext
    from isu.ui.errors import ErrorReporter
    from isu.ui.main_window import MainWindow
    from isu.ui.workers import DbExecutor

    executor = DbExecutor()
    failures: list[BaseException] = []
    executor.failed.connect(failures.append)
    ctx = UiContext("sv", paths, executor, ErrorReporter("sv", paths.log_dir))
    window = MainWindow(ctx, sign_in(db, paths))
    try:
        window.show()
        loaded = wait_until(
            app,
            lambda: window.case_list.model.rowCount() > 0 or bool(failures),
            WINDOW_LOAD_SECONDS,
        )
        if failures:
            raise failures[0]
        if not loaded:
            raise SmokeCheckError(f"the case list stayed empty for {WINDOW_LOAD_SECONDS:.0f} s")
        image = window.grab().toImage()
        if image.isNull() or distinct_colours(image) < 3:
            raise SmokeCheckError("the grabbed window is blank")
        if not image.save(str(out), "PNG"):
            raise SmokeCheckError(f"could not save {out.name} (png support missing?)")
        return WindowFacts(
            image.width(), image.height(), window.case_list.model.rowCount(), app.platformName()
        )
    finally:
        window.close()  # also closes the workspace
        executor.wait_idle()


# -- the whole check ---------------------------------------------------------------------------
def run_smoke_test(data_dir: Path) -> int:
    """Run every check in a new folder under ``data_dir``; 0 when all pass, else 1."""
    started = time.perf_counter()
    try:
        with step("data folder"):
            Path(data_dir).mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix="isu-smoke-", dir=data_dir))
            paths = AppPaths.create(work / "appdata").ensure()
            db = work / "smoke.db"
        with step("demo database"):
            create_smoke_database(db)
        with step("summary PDF"):
            pdf = write_summary(db, paths, work / "summary.pdf")
        with step("Qt offscreen application"):
            app = offscreen_application()
            fonts = check_fonts()
            check_icon()
        with step("main window"), swedish_translation(app, paths.data_dir / "cache"):
            window = grab_main_window(app, db, paths, work / "window.png")
    except SmokeStepFailed as failure:
        print(
            f"isu smoke test FAILED at {failure.step}: {describe(failure.cause)}", file=sys.stderr
        )
        traceback.print_exception(failure.cause, file=sys.stderr)
        return 1
    print(
        f"isu smoke test OK: {SMOKE_CASES} demo cases; summary PDF {pdf.pages} pages"
        f" ({pdf.size // 1024} kB); main window {window.width}x{window.height} on"
        f" '{window.platform}' with {window.rows} cases; {fonts} font families;"
        f" {time.perf_counter() - started:.1f} s; files in {work}"
    )
    return 0
