"""Saved server profiles: the unit databases on servers this computer's user can open.

A profile is a name and a server address (host, port, database, ``sslmode``, ``sslrootcert``:
an ``isu.db.target.ServerTarget``), kept in the program's settings file (``AppPaths.
settings_file``, owner-only) beside the UI language. Never a user name or a password: a
``ServerTarget`` cannot hold one, and the file is read back through the same parser as ``--db``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from isu.db.target import ServerTarget, parse_server_url
from isu.errors import IsuError, UserError, from_os_error
from isu.fileio import atomic_write, private_dir

log = logging.getLogger("isu")
KEY = "server_profiles"


@dataclass(frozen=True)
class ServerProfile:
    name: str
    target: ServerTarget


def _read(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def list_profiles(settings_file: Path) -> list[ServerProfile]:
    """The saved profiles; one that no longer parses is skipped (and logged), not fatal."""
    out = []
    raw = _read(settings_file).get(KEY)
    for item in raw if isinstance(raw, list) else []:
        try:
            out.append(ServerProfile(str(item["name"]), parse_server_url(str(item["url"]))))
        except (KeyError, TypeError, IsuError):
            log.warning("a saved server profile could not be read and is skipped")
    return out


def save_profile(settings_file: Path, name: str, target: ServerTarget) -> ServerProfile:
    """Add or replace the profile ``name``."""
    name = name.strip()
    if not name or len(name) > 80:
        raise UserError(
            "Profilens namn ska vara 1–80 tecken.", "The profile's name must be 1–80 characters."
        )
    kept = [p for p in list_profiles(settings_file) if p.name != name]
    _write(settings_file, [*kept, ServerProfile(name, target)])
    return ServerProfile(name, target)


def remove_profile(settings_file: Path, name: str) -> None:
    kept = [p for p in list_profiles(settings_file) if p.name != name]
    if len(kept) == len(list_profiles(settings_file)):
        raise UserError(f"Det finns ingen profil {name}.", f"There is no profile {name}.")
    _write(settings_file, kept)


def _write(settings_file: Path, profiles: list[ServerProfile]) -> None:
    data = _read(settings_file)
    data[KEY] = [{"name": p.name, "url": p.target.url} for p in profiles]
    try:
        private_dir(Path(settings_file).parent)
        atomic_write(settings_file, json.dumps(data, indent=2).encode("utf-8"))
    except OSError as exc:
        raise from_os_error(exc, settings_file) from exc
