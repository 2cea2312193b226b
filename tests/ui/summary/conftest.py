"""The summary page's fixtures: the UI suite's (a Qt warning fails the test) plus one
encrypted demo database with about 150 cases, shared by the module."""

from __future__ import annotations

import datetime as dt

import pytest

from isu.domain.roles import Role
from isu.services import demo, forms, users
from isu.services.sign_in import login
from isu.services.workspace import init_database
from tests.conftest import ADMIN, ADMIN_PASSWORD, FAST_KDF

DEMO_TODAY = dt.date(2026, 6, 1)
COORDINATOR, COORDINATOR_PASSWORD = "samordnare", "samordnare-lösenord-1"
TIMEOUT = 15_000


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("summary_ui") / "demo.db"
    ws, _recovery = init_database(path, ADMIN, ADMIN_PASSWORD, kdf=FAST_KDF)
    try:
        forms.publish_default_form(ws)
        demo.populate(ws, demo.DemoOptions(cases=150, today=DEMO_TODAY))
        users.add_user(ws, COORDINATOR, COORDINATOR_PASSWORD, Role.COORDINATOR, kdf=FAST_KDF)
    finally:
        ws.close()
    return path


@pytest.fixture
def admin(demo_db):
    ws = login(demo_db, ADMIN, ADMIN_PASSWORD)
    yield ws
    ws.close()


@pytest.fixture
def coordinator(demo_db):
    ws = login(demo_db, COORDINATOR, COORDINATOR_PASSWORD)
    yield ws
    ws.close()


@pytest.fixture
def page(qtbot, ui_ctx, admin):
    """The summary page signed in as the administrator, its choices loaded."""
    from isu.ui.summary.page import SummaryPage

    widget = SummaryPage(ui_ctx)
    widget.changes_made.connect(widget.follow_changes)  # the main window's broadcast, alone
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    open_page(qtbot, widget, admin)
    yield widget
    widget.set_workspace(None)
    ui_ctx.executor.wait_idle()


def open_page(qtbot, widget, ws) -> None:
    widget.set_workspace(ws)
    qtbot.waitUntil(lambda: widget.filters.gender_combo.count() > 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: widget.ctx.executor.pending == 0, timeout=TIMEOUT)
