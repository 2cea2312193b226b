"""Qt warnings fail these tests too (the fixture of tests/ui)."""

from tests.ui.conftest import fail_on_qt_warnings  # noqa: F401
