"""Alt+letter opens one menu and picks one item: every mnemonic unique within the menu bar
and within each menu, in Swedish and in English, for the administrator who sees them all."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from isu.paths import AppPaths
from tests.conftest import ADMIN, ADMIN_PASSWORD


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand), lower-cased."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return None


def clashes(texts: list[str]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for text in texts:
        letter = mnemonic(text)
        if letter is not None:
            by_letter.setdefault(letter, []).append(text)
    return {letter: found for letter, found in by_letter.items() if len(found) > 1}


def menus_of(bar: QMenuBar) -> list[QWidget]:
    """The menu bar and every menu reached from it, submenus included."""
    found: list[QWidget] = [bar]
    for widget in found:
        found += [a.menu() for a in widget.actions() if isinstance(a.menu(), QMenu)]
    return found


def menu_problems(bar: QMenuBar, every_item: bool = True) -> list[str]:
    """Every clash in ``bar`` and its menus, and (``every_item``) every item without a
    mnemonic."""
    problems = []
    for container in menus_of(bar):
        texts = [a.text() for a in container.actions() if not a.isSeparator() and a.isVisible()]
        name = container.title() if isinstance(container, QMenu) else "menu bar"
        problems += [f"{name}: {found}" for found in clashes(texts).values()]
        if every_item or container is bar:
            problems += [f"{name}: no mnemonic in {t!r}" for t in texts if t and not mnemonic(t)]
    return problems


def test_the_helpers_find_a_clash():
    assert mnemonic("&Arkiv") == "a" and mnemonic("Spara && stäng") is None
    assert mnemonic("R&&D &Ny") == "n"
    assert clashes(["&Arkiv", "&Administration", "&Visa"]) == {"a": ["&Arkiv", "&Administration"]}


@pytest.fixture(params=["sv", "en"])
def lang(request, qapp, tmp_path):
    from isu.ui.i18n import install_translator

    paths = AppPaths.create(tmp_path / "appdata").ensure()
    install_translator(qapp, request.param, paths.data_dir / "cache")
    yield request.param
    install_translator(qapp, "en", paths.data_dir / "cache")


@pytest.fixture
def lang_window(lang, qtbot, tmp_path, new_db):
    from isu.app import build_context
    from isu.services.sign_in import login
    from isu.ui.main_window import MainWindow

    paths = AppPaths.create(tmp_path / "appdata").ensure()
    ctx = build_context(paths, lang)
    ws, _recovery = new_db
    window = MainWindow(ctx, login(ws.path, ADMIN, ADMIN_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    yield lang, window
    window._closing = True
    window.close()
    ctx.executor.wait_idle()


def test_every_menu_mnemonic_is_unique(lang_window):
    lang, window = lang_window
    bar_texts = [a.text() for a in window.menuBar().actions()]
    assert len(bar_texts) >= 5, bar_texts  # Arkiv, Ärende, Visa, Administration, Hjälp
    assert not menu_problems(window.menuBar()), (lang, menu_problems(window.menuBar()))


def test_the_form_editors_menus_have_no_clashes(lang, qtbot):
    from isu.formdefs.document import FormDocument
    from isu.paths import forms_dir
    from isu.ui.editor import FormEditorWindow

    document = FormDocument.from_yaml((forms_dir() / "sig.yaml").read_text(encoding="utf-8"))
    editor = FormEditorWindow(None, lang, document)
    editor.confirm_unsaved = False
    qtbot.addWidget(editor)
    assert not menu_problems(editor.menuBar(), every_item=False)
