"""Import files written the way a user's spreadsheet writes them, on real encrypted databases
with the SIG form and a generic questionnaire published."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import pytest

from isu.domain.roles import Role
from isu.services import forms, users
from isu.services.sign_in import login

FORM_FILE = Path(__file__).with_name("enkat.yaml")
TODAY = dt.date(2026, 6, 1)
COORDINATOR = ("sara", "saras-lösenord-1")
UNIT_HEAD = ("chef", "chefens-lösenord-1")

SIG_HEADER = [
    "case_number", "referral_date", "start_date", "gender", "birth_year", "risk_level",
    "need_school", "consent_youth", "actors", "drug_use", "closure_date", "closure_reason",
]  # fmt: skip
SIG_ROWS = [
    ["S-1", "2026-01-10", "2026-02-01", "flicka_kvinna", "2010", "hog", "stort", "1",
     "polis|skola", "vill_ej_svara", "", ""],
    ["S-2", "2026-01-12", "2026-02-03", "pojke_man", "2009", "lag", "litet", "ja",
     "socialtjanst", "", "2026-05-01", "plan_genomford"],
    ["", "2026-02-01", "", "Flicka/kvinna", "2011", "", "", "0", "", "", "", ""],
]  # fmt: skip

ENKAT_HEADER = ["case_number", "kommun", "besvarad", "har_grupp", "antal", "stod", "stod_annat",
                "nojd", "andel"]  # fmt: skip
ENKAT_ROWS = [
    ["K-1", "Uppsala", "2026-03-01", "1", "12", "samtal|annat", "Mentorer", "4", "12.5"],
    ["K-2", "Örebro", "2026-03-02", "0", "uppgift_saknas", "grupp", "", "5", "3,5"],
    ["K-3", "Luleå", "", "ja", "0", "", "", "", ""],
]  # fmt: skip


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], *, delimiter=";", bom=False
) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + out.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, header: Sequence, rows: Sequence[Sequence]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.fixture
def ws(admin_ws):
    """The administrator, with the generic questionnaire published next to SIG."""
    forms.publish_file(admin_ws, FORM_FILE)
    return admin_ws


@pytest.fixture
def coordinator(ws, db_path):
    users.add_user(ws, COORDINATOR[0], COORDINATOR[1], Role.COORDINATOR)
    signed_in = login(db_path, *COORDINATOR)
    yield signed_in
    signed_in.close()


@pytest.fixture
def unit_head(ws, db_path):
    users.add_user(ws, UNIT_HEAD[0], UNIT_HEAD[1], Role.UNIT_HEAD)
    signed_in = login(db_path, *UNIT_HEAD)
    yield signed_in
    signed_in.close()
