"""Logging to a file in the log folder, with secrets filtered out of every record."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

_SECRET_PATTERNS = [
    (re.compile(r"x'[0-9a-fA-F]{16,}'"), "x'***'"),  # raw SQLCipher keys
    (re.compile(r"(?i)\b(password|passwd|lösenord|key|nyckel)(\s*[=:]\s*)\S+"), r"\1\2***"),
    (re.compile(r"\b[A-Z2-7]{6}(?:-[A-Z2-7]{6}){3,}\b"), "***"),  # recovery keys
]


def scrub(text: str) -> str:
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    secret = os.environ.get("ISU_PASSWORD")
    if secret:
        text = text.replace(secret, "***")
    return text


class SecretFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = ()
        return True


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "isu.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretFilter())
    root = logging.getLogger("isu")
    root.setLevel(level)
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    return path


def write_crash_report(log_dir: Path, exc: BaseException) -> Path:
    """A report for a bug: versions and the traceback, secrets scrubbed."""
    import datetime as dt
    import platform
    import sys
    import traceback

    from isu import __version__

    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = log_dir / f"crash-{stamp}.txt"
    body = "\n".join(
        [
            f"isu {__version__}",
            f"Python {sys.version}",
            f"{platform.platform()}",
            "",
            "".join(traceback.format_exception(exc)),
        ]
    )
    path.write_text(scrub(body), encoding="utf-8")
    logging.getLogger("isu").error("crash report written to %s", path)
    return path
