"""Windows open at sizes that show their content on 1280×800 and 1024×768 screens: no
window needs more than the smaller screen, each opens at least at its content's size where
the screen allows, and the Under tab's tables show every column and their buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from isu.ui.window_size import fitted_size
from tests.ui.test_swedish_walk import WINDOWS, case_view, choice_codes, walk  # noqa: F401

SCREENS = [QSize(1280, 800), QSize(1024, 768)]
TASKBAR = 40  # what a desktop keeps for itself at the bottom
# Fixed on another branch (h6: the export dialog's size); remove once it lands.
PENDING: set[str] = set()  # windows still being sized (none now)


@pytest.mark.parametrize(("name", "factory"), WINDOWS, ids=[name for name, _ in WINDOWS])
def test_every_window_fits_both_screens_and_opens_showing_its_content(walk, name, factory):  # noqa: F811
    window = factory(walk).window()
    walk.qtbot.wait(20)
    minimum, hint = window.minimumSizeHint(), window.sizeHint()
    for screen in SCREENS:
        available = QSize(screen.width(), screen.height() - TASKBAR)
        assert minimum.width() <= available.width(), (name, screen, minimum)
        assert minimum.height() <= available.height(), (name, screen, minimum)
        size = fitted_size(window, window.size(), available)
        assert size.width() <= available.width() and size.height() <= available.height()
        assert size.width() >= min(hint.width(), int(available.width() * 0.95)), (name, size)
    if name not in PENDING:
        opened = window.size()
        screen = window.screen().availableGeometry().size()
        assert opened.width() >= min(hint.width(), screen.width() * 0.95), (name, opened, hint)
        assert opened.height() >= min(hint.height(), screen.height() * 0.95), (name, opened, hint)


@pytest.mark.parametrize("width", [1200, 1000])
def test_the_under_tab_shows_every_column_and_the_buttons(walk, width):  # noqa: F811
    window = case_view(walk)
    window.resize(width, 760)
    view = window.case_view
    view.show_phase("during")
    walk.qtbot.wait(50)
    for group in view.groups.values():
        header = group.table.horizontalHeader()
        shown = sum(header.sectionSize(c) for c in range(header.count()))
        assert shown <= group.table.viewport().width() + 1, (width, shown)
        for button in (group.add_button, group.edit_button, group.remove_button):
            right = button.mapTo(group, button.rect().bottomRight())
            assert 0 <= right.x() <= group.width() and 0 <= right.y() <= group.height()
            assert right.y() < group.table.mapTo(group, group.table.rect().topLeft()).y()
