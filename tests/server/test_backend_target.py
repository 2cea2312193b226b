"""``--db`` as a server URL: what passes through to libpq, and what is refused (no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from isu.cli import main
from isu.db.target import ServerTarget, parse_db
from isu.errors import UserError


def test_a_path_stays_a_path_and_a_url_becomes_a_target():
    assert parse_db("enhet.db") == Path("enhet.db")
    target = parse_db("postgresql://db.kommun.se/sig_norr")
    assert target == ServerTarget("db.kommun.se", "sig_norr", 5432)
    assert target.connect_kwargs() == {"host": "db.kommun.se", "port": 5432, "dbname": "sig_norr"}


def test_tls_settings_pass_through_to_libpq():
    url = "postgresql://db.kommun.se:6432/sig?sslmode=verify-full&sslrootcert=/etc/isu/ca.pem"
    target = parse_db(url)
    assert target.connect_kwargs() == {
        "host": "db.kommun.se",
        "port": 6432,
        "dbname": "sig",
        "sslmode": "verify-full",
        "sslrootcert": "/etc/isu/ca.pem",
    }
    assert target.libpq_env()["PGSSLMODE"] == "verify-full"
    assert parse_db(target.url) == target  # the shown form parses back to the same


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://sara:hemligt-lösen@db.kommun.se/sig",
        "postgresql://sara@db.kommun.se/sig",
        "postgres://:hemligt-lösen@db.kommun.se/sig",
    ],
)
def test_a_url_with_credentials_is_refused_without_repeating_them(url):
    with pytest.raises(UserError) as caught:
        parse_db(url)
    for lang in ("sv", "en"):
        text = caught.value.message(lang)
        assert "hemligt" not in text and "sara" not in text
    assert "--user" in caught.value.message("sv")


@pytest.mark.parametrize(
    ("url", "word"),
    [
        ("postgresql://db.kommun.se/", "ogiltig"),
        ("postgresql:///sig", "ogiltig"),
        ("postgresql://db.kommun.se:notaport/sig", "ogiltig"),
        ("postgresql://db.kommun.se/sig?password=x", "Okänd parameter"),
        ("postgresql://db.kommun.se/sig?sslmode=sometimes", "Okänt sslmode"),
    ],
)
def test_bad_urls_are_clear_swedish_errors(url, word):
    with pytest.raises(UserError) as caught:
        parse_db(url)
    assert word in caught.value.message("sv")


def test_the_cli_refuses_credentials_in_the_url_with_exit_2(capsys, monkeypatch):
    monkeypatch.setenv("ISU_PASSWORD", "whatever-1")
    url = "postgresql://sara:hemligt-lösen@127.0.0.1:1/sig"
    assert main(["case", "list", "--db", url, "--user", "sara"]) == 2
    err = capsys.readouterr().err
    assert "användarnamn eller lösenord" in err and "hemligt" not in err
    assert "Traceback" not in err


def test_an_unreachable_server_is_a_clear_message(capsys, monkeypatch):
    monkeypatch.setenv("ISU_PASSWORD", "whatever-1")
    # Port 1 on loopback: nothing listens there.
    assert main(["case", "list", "--db", "postgresql://127.0.0.1:1/sig", "--user", "sara"]) == 1
    err = capsys.readouterr().err
    assert "svarar inte" in err and "Traceback" not in err and "whatever" not in err


def test_init_and_the_recovery_key_point_a_server_url_elsewhere(capsys, monkeypatch):
    monkeypatch.setenv("ISU_PASSWORD", "whatever-1")
    url = "postgresql://127.0.0.1:1/sig"
    assert main(["init", "--db", url, "--admin", "admin"]) == 2
    assert "isu server init" in capsys.readouterr().err
    monkeypatch.setenv("ISU_RECOVERY_KEY", "AAAA-BBBB")
    monkeypatch.setenv("ISU_NEW_PASSWORD", "nytt-lösen-1")
    assert main(["user", "passwd", "--db", url, "--user", "admin", "sara", "--recovery"]) == 2
    assert "nyckelfil" in capsys.readouterr().err
