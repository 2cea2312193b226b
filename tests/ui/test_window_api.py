"""The main window offers everything ``WindowApi`` promises the menus and pages built onto
it (Administration, Settings, Import, Help, the summary page), so the Protocol cannot drift
from the window it describes."""

import inspect

from isu.ui.window_api import WindowApi


def promised() -> tuple[set[str], set[str]]:
    """(attributes, methods) that WindowApi names."""
    methods = {
        name
        for name, value in vars(WindowApi).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }
    return set(WindowApi.__annotations__), methods


def test_the_main_window_has_every_member_the_protocol_names(window):
    attributes, methods = promised()
    assert {"ctx", "workspace", "locked", "locked_changed", "case_view"} <= attributes
    assert {"report", "apply_settings", "lock", "close_case_view", "menuBar"} <= methods
    assert [a for a in attributes if not hasattr(window, a)] == []
    assert [m for m in methods if not callable(getattr(window, m, None))] == []
