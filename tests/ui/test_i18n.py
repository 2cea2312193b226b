"""The Swedish translation is complete, current with the code, and compiles to a .qm that
Qt reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from isu.ui.i18n import choose_language, compile_ts, install_translator, translations_dir

ROOT = Path(__file__).resolve().parents[2]
TS = translations_dir() / "isu_sv.ts"


def _messages(path: Path) -> set[tuple[str, str]]:
    root = ET.parse(path).getroot()
    return {
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_swedish_translation_is_complete():
    root = ET.parse(TS).getroot()
    untranslated = [
        message.findtext("source")
        for message in root.iter("message")
        if not (message.findtext("translation") or "").strip()
        or message.find("translation").get("type")
    ]
    assert untranslated == []


def test_translation_covers_every_string_in_the_code(tmp_path):
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    tool = str(lupdate) if lupdate.exists() else shutil.which("pyside6-lupdate")
    if tool is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "isu" / "ui").rglob("*.py"))
    subprocess.run(
        [tool, *sources, "-no-obsolete", "-ts", str(fresh)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert _messages(fresh) == _messages(TS)


def test_compiled_translation_is_read_by_qt(qapp, tmp_path):
    qm = compile_ts(TS, tmp_path / "isu_sv.qm", "sv")
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("UnlockDialog", "&Unlock") == "Lås &upp"
        assert QCoreApplication.translate("MainWindow", "ISU – Locked") == "ISU – Låst"
        assert QCoreApplication.translate("MainWindow", "not in the file") == "not in the file"
    finally:
        qapp.removeTranslator(translator)


def test_language_choice(qapp, tmp_path, monkeypatch):
    monkeypatch.delenv("ISU_LANG", raising=False)
    assert choose_language(None) == "sv"
    assert choose_language("en") == "en"
    monkeypatch.setenv("ISU_LANG", "en")
    assert choose_language("sv") == "en"
    assert install_translator(qapp, "en", tmp_path) is None  # English needs no translator


def test_qt_standard_buttons_are_swedish_too(qapp, tmp_path):
    install_translator(qapp, "sv", tmp_path)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Avbryt"
    finally:
        install_translator(qapp, "en", tmp_path)
