"""Real encrypted demo databases and a CLI runner for the export tests."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import zipfile
from pathlib import Path

from isu.cli.export import add_export_parsers
from isu.errors import IsuError
from isu.services import demo, forms
from isu.services.workspace import Workspace, init_database
from tests.conftest import FAST_KDF

TODAY = dt.date(2026, 6, 1)
PERIOD = (dt.date(2020, 1, 1), TODAY)

ADMIN, PASSWORD = "admin", "admin-lösenord-1"

CANARY_FORM = """
id: canary_test
version: 1
title: {sv: Kanarieformulär, en: Canary form}
missing_codes:
  - {code: uppgift_saknas, label: {sv: Uppgift saknas, en: Unknown}}
choice_lists:
  gender:
    - {code: pojke_man, label: {sv: Pojke/man, en: Boy/man}}
    - {code: flicka_kvinna, label: {sv: Flicka/kvinna, en: Girl/woman}}
phases:
  admin:
    sections:
      - code: case
        title: {sv: Ärende, en: Case}
        questions:
          - {code: case_number, type: text, role: case_number, privacy: direct_identifier,
             label: {sv: Ärendenummer, en: Case number}}
          - {code: file_reference, type: text, privacy: direct_identifier,
             label: {sv: Personakt, en: Case file reference}}
          - {code: file_number, type: integer, privacy: direct_identifier,
             label: {sv: Aktnummer, en: File number}}
          - {code: municipality, type: text, role: municipality, privacy: quasi_identifier,
             label: {sv: Kommun, en: Municipality}}
          - {code: referral_date, type: date, role: referral_date,
             label: {sv: Aktualisering, en: Referral}}
          - {code: start_date, type: date, role: start_date, label: {sv: Start, en: Start}}
  before:
    sections:
      - code: background
        title: {sv: Bakgrund, en: Background}
        questions:
          - {code: gender, type: single, role: gender, choices: gender, privacy: quasi_identifier,
             label: {sv: Kön, en: Gender}}
          - {code: note, type: longtext, label: {sv: Anteckning, en: Note}}
"""


def demo_db(
    path: Path,
    *,
    cases: int,
    seed: int = 1,
    unit: str = "SIG Centrum",
    municipality: str = "0180",
    ws: Workspace | None = None,
) -> Workspace:
    """Demo cases in a new file at ``path``, or in ``ws`` (a fresh database on either
    backend: tests.backends.fresh_workspace)."""
    if ws is None:
        ws, _recovery = init_database(path, ADMIN, PASSWORD, kdf=FAST_KDF)
        forms.publish_default_form(ws)
    options = demo.DemoOptions(
        cases=cases, seed=seed, unit=unit, municipality=municipality, today=TODAY
    )
    demo.populate(ws, options)
    return ws


def run_cli(argv: list[str]) -> int:
    """What ``isu.cli.main`` does for these commands: the exit code of a run."""
    parser = argparse.ArgumentParser(prog="isu")
    add_export_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except IsuError as exc:
        return exc.exit_code


def members(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def exact_records(ws: Workspace, request, secret: bytes | None = None):
    """A records package's contents at k = 1 (every record, nothing generalised), built
    from the export service's own steps. The service refuses k below the database's
    floor (tests/security/test_k_floor_attacks.py); tests of the layout, the ids and the
    merge need every record, so they build the package here instead."""
    from isu.services import exports, settings, summaries
    from isu.services.export_records import records_contents

    current = settings.load(ws)
    data = summaries.load_summary_data(ws, exports._summary_request(request, current.k))
    return records_contents(data, request, 1, current, secret)


def write_exact_records(
    ws: Workspace, out: Path, recipient_public_key: bytes | None = None, **options
) -> Path:
    """``exact_records`` written as an ``.isux`` package (sealed with a recipient key)."""
    from isu.export.package import write_package
    from isu.services import exports, settings

    request = exports.ExportRequest("records", *PERIOD, **options)
    secret = None
    if request.stable_ids:
        with ws.db.unit_of_work() as session:
            secret = settings.export_secret(session)
    prepared = exact_records(ws, request, secret)
    write_package(Path(out), prepared.contents, recipient_public_key)
    return Path(out)
