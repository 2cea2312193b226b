"""Logging to a file in the log folder, with secrets filtered out of every record.

``scrub`` is the one scrubber: log records, whole tracebacks in the log, crash reports and
the crash dialog all go through it. Besides the patterns below it removes every secret the
program was handed at run time (``register_secret``: passwords and recovery keys read by the
command line), so a password that ends up in an exception message is not written either.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from isu.fileio import make_private, private_dir, private_opener

_SECRET_PATTERNS = [
    (re.compile(r"x'[0-9a-fA-F]{16,}'"), "x'***'"),  # raw SQLCipher keys
    (re.compile(r"(?i)\b(pragma\s+(?:re)?key\s*=?\s*)(\"[^\"]*\"|'[^']*'|\S+)"), r"\1***"),
    (
        re.compile(r"(?i)\b(password|passwd|passphrase|lösenord|key|nyckel)(\s*[=:]\s*)\S+"),
        r"\1\2***",
    ),
    (re.compile(r"\b[A-Z2-7]{6}(?:-[A-Z2-7]{2,6}){3,}\b"), "***"),  # recovery keys
]
_SECRET_ENV = ("ISU_PASSWORD", "ISU_NEW_PASSWORD", "ISU_RECOVERY_KEY")
_secrets: set[str] = set()


def register_secret(text: str | None) -> None:
    """Remember a secret the program was given, so that ``scrub`` removes it wherever it
    turns up. Very short strings are not registered (they would blank out ordinary words)."""
    if text and len(text.strip()) >= 4:
        _secrets.add(text)
        _secrets.add(text.strip())


def scrub(text: str) -> str:
    for secret in sorted(
        _secrets | {os.environ.get(var, "") for var in _SECRET_ENV} - {""}, key=len, reverse=True
    ):
        if len(secret) >= 4:
            text = text.replace(secret, "***")
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class SecretFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = ()
        return True


class ScrubbingFormatter(logging.Formatter):
    """Scrubs the whole formatted record: the message and any traceback or stack with it
    (a filter sees only the message; the traceback is added by the formatter)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are created owner-only (0600), the rotated ones included."""

    def _open(self):
        # logging keeps its own reference to open(), usable even at interpreter shutdown
        open_file = getattr(self, "_builtin_open", open)
        stream = open_file(
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=private_opener,
        )
        make_private(self.baseFilename)  # a log file from before logs were private
        return stream


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    private_dir(log_dir, own=True)
    path = log_dir / "isu.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
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

    private_dir(log_dir, own=True)
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
    with open(path, "w", encoding="utf-8", opener=private_opener) as handle:
        handle.write(scrub(body))
    make_private(path)
    logging.getLogger("isu").error("crash report written to %s", path)
    return path


__all__ = [
    "ScrubbingFormatter",
    "SecretFilter",
    "register_secret",
    "scrub",
    "setup_logging",
    "write_crash_report",
]
