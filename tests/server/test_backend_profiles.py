"""Saved server profiles: the CLI keeps them without secrets (the unlock window's side is in
tests/ui/test_unlock_server_profile.py)."""

from __future__ import annotations

import json
import os
import stat

from isu.cli import main
from isu.paths import AppPaths
from isu.services import profiles


def test_profiles_are_kept_without_secrets_and_owner_only(tmp_path, capsys):
    data = tmp_path / "data"
    url = "postgresql://db.kommun.se/sig_norr?sslmode=verify-full&sslrootcert=/etc/isu/ca.pem"
    assert main(["--data-dir", str(data), "profile", "add", "Norr", "--db", url]) == 0
    assert main(["--data-dir", str(data), "profile", "list"]) == 0
    assert (
        "Norr\tpostgresql://db.kommun.se:5432/sig_norr?sslmode=verify-full"
        in capsys.readouterr().out
    )
    settings = AppPaths.create(str(data)).settings_file
    assert stat.S_IMODE(os.stat(settings).st_mode) == 0o600
    saved = json.loads(settings.read_text(encoding="utf-8"))["server_profiles"]
    assert saved == [{"name": "Norr", "url": profiles.list_profiles(settings)[0].target.url}]
    bad = "postgresql://sara:hemligt@db.kommun.se/sig"
    assert main(["--data-dir", str(data), "profile", "add", "X", "--db", bad]) == 2
    assert "hemligt" not in settings.read_text(encoding="utf-8")
    assert main(["--data-dir", str(data), "profile", "remove", "Norr"]) == 0
    assert profiles.list_profiles(settings) == []
    assert main(["--data-dir", str(data), "profile", "remove", "Norr"]) == 2
