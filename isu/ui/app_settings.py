"""Settings of this computer's installation (not of a database): the UI language."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from isu.fileio import atomic_write, private_dir

log = logging.getLogger("isu.ui")


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_language(path: Path) -> str | None:
    value = _read(path).get("language")
    return value if isinstance(value, str) else None


def save_language(path: Path, language: str) -> None:
    data = _read(path)
    data["language"] = language
    try:
        private_dir(path.parent)
        atomic_write(path, json.dumps(data, indent=2).encode("utf-8"))
    except OSError as exc:
        log.warning("could not save the language setting: %s", exc)
