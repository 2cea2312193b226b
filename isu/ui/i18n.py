"""The UI language: Swedish by default, English available, through Qt's translation system.

English source strings live in the code (``self.tr`` / ``QCoreApplication.translate``); the
Swedish translation is ``isu/resources/translations/isu_sv.ts``. At start the ``.ts`` is compiled
to a ``.qm`` when the ``.qm`` is missing or older. The compiler is written here in Python (the
``.qm`` format is small), so the app does not depend on the ``lrelease`` binary; if that fails
the English source strings are shown.
"""

from __future__ import annotations

import logging
import os
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from isu.paths import resource_dir

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

_QM_MAGIC = bytes.fromhex("3CB86418CAEF9C95CD211CBF60A1BDDD")
_TAG_HASHES, _TAG_MESSAGES, _TAG_LANGUAGE = 0x42, 0x69, 0xA7
_TAG_END, _TAG_TRANSLATION, _TAG_SOURCE, _TAG_CONTEXT, _TAG_COMMENT = 1, 3, 6, 7, 8

_QT_TRANSLATOR_NAME = "isu-qt-translator"
_TRANSLATOR_NAME = "isu-translator"
log = logging.getLogger("isu.ui")


@dataclass(frozen=True)
class TsMessage:
    context: str
    source: str
    comment: str
    translation: str


def translations_dir() -> Path:
    """``isu/resources/translations``, shipped inside the package."""
    return resource_dir("translations")


def choose_language(setting: str | None = None) -> str:
    """ISU_LANG wins, then the saved setting, then Swedish."""
    for candidate in (os.environ.get("ISU_LANG"), setting):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def read_ts(path: Path) -> list[TsMessage]:
    root = ET.parse(path).getroot()
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = "" if translation is None else (translation.text or "")
            unfinished = translation is not None and translation.get("type") in (
                "unfinished",
                "obsolete",
                "vanished",
            )
            if text and not unfinished:
                messages.append(
                    TsMessage(
                        name, message.findtext("source", ""), message.findtext("comment", ""), text
                    )
                )
    return messages


def _elf_hash(data: bytes) -> int:
    value = 0
    for byte in data:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
        value &= ~high & 0xFFFFFFFF
    return value or 1


def _utf8_field(tag: int, text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack(">BI", tag, len(data)) + data


def qm_bytes(messages: list[TsMessage], language: str) -> bytes:
    """The binary ``.qm`` that QTranslator reads: a hash table over (source + comment) and
    the messages with their context, so look-ups match exactly as lrelease's output does."""
    body = bytearray()
    hashes: list[tuple[int, int]] = []
    for message in messages:
        hashes.append((_elf_hash((message.source + message.comment).encode("utf-8")), len(body)))
        translation = message.translation.encode("utf-16-be")
        body += struct.pack(">BI", _TAG_TRANSLATION, len(translation)) + translation
        body += _utf8_field(_TAG_SOURCE, message.source)
        body += _utf8_field(_TAG_COMMENT, message.comment)
        body += _utf8_field(_TAG_CONTEXT, message.context)
        body += bytes([_TAG_END])
    table = b"".join(struct.pack(">II", h, offset) for h, offset in sorted(hashes))
    lang = language.encode("utf-8")
    return (
        _QM_MAGIC
        + struct.pack(">BI", _TAG_LANGUAGE, len(lang))
        + lang
        + struct.pack(">BI", _TAG_HASHES, len(table))
        + table
        + struct.pack(">BI", _TAG_MESSAGES, len(body))
        + bytes(body)
    )


def compile_ts(ts_path: Path, qm_path: Path, language: str) -> Path:
    qm_path.write_bytes(qm_bytes(read_ts(ts_path), language))
    return qm_path


def _fresh_qm(language: str, cache_dir: Path) -> Path | None:
    """The ``.qm`` beside the ``.ts`` when it is up to date or can be written there, else a
    compiled copy in ``cache_dir`` (an installed program may not write its own folder)."""
    ts_path = translations_dir() / f"isu_{language}.ts"
    shipped = ts_path.with_suffix(".qm")
    if not ts_path.is_file():
        return shipped if shipped.is_file() else None
    for target in (shipped, cache_dir / shipped.name):
        if target.is_file() and target.stat().st_mtime >= ts_path.stat().st_mtime:
            return target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            return compile_ts(ts_path, target, language)
        except OSError as exc:
            log.info("cannot write %s (%s)", target, exc)
    return None


def install_translator(app: QCoreApplication, language: str, cache_dir: Path) -> QTranslator | None:
    """Install the translation for ``language``; English needs none. Returns the translator
    or None when the UI stays in English. A translation installed earlier is replaced."""
    for name in (_TRANSLATOR_NAME, _QT_TRANSLATOR_NAME):
        for previous in app.findChildren(QTranslator, name):
            app.removeTranslator(previous)
            previous.setObjectName("")  # deleteLater is not immediate; don't find it again
            previous.deleteLater()
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Swedish if language == "sv" else QLocale.Language.English,
            QLocale.Country.Sweden,
        )
    )
    if language == "en":
        return None
    try:
        qm_path = _fresh_qm(language, cache_dir)
    except (OSError, ET.ParseError) as exc:
        log.warning("translation could not be compiled: %s", exc)
        return None
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    if qm_path is None or not translator.load(str(qm_path)):
        log.warning("translation %s could not be loaded; showing English", language)
        return None
    app.installTranslator(translator)
    _install_qt_own_translation(app, language)
    return translator


def _install_qt_own_translation(app: QCoreApplication, language: str) -> None:
    """Qt's own texts (Yes/No/Cancel in standard buttons) come from the qtbase catalogue that
    ships with PySide6; without it those buttons stay in English."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    qt_translator.setObjectName(_QT_TRANSLATOR_NAME)
    if qt_translator.load(f"qtbase_{language}", folder):
        app.installTranslator(qt_translator)
    else:
        log.info("Qt's own %s translation not found in %s", language, folder)
        qt_translator.deleteLater()
