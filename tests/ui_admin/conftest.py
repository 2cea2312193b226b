"""The UI suite's fixtures (a Qt warning fails the test; a Swedish UI on a fresh database)."""

from __future__ import annotations

from tests.ui import conftest as ui_fixtures

fail_on_qt_warnings = ui_fixtures.fail_on_qt_warnings
ui_ctx = ui_fixtures.ui_ctx
window = ui_fixtures.window
