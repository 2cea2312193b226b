"""Planted identifiers and free text never leave: not in any file of the package, in any
encoding. The canaries are first shown to be in the database, so the test can fail."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from isu.domain.answers import Answer
from isu.export.codebook import looks_like_personnummer
from isu.services import cases, exports, forms, settings, summaries
from isu.services.workspace import init_database
from tests.backends import fresh_workspace
from tests.export_service.support import (
    ADMIN,
    CANARY_FORM,
    FAST_KDF,
    PASSWORD,
    PERIOD,
    demo_db,
    exact_records,
    members,
    write_exact_records,
)

PNR = "19850212-3378"
NAME = "Zlatana Kanariefågel"
SENTENCE = "Den blå kanariefågeln sjöng vid Slussen klockan tre."
FILE_NUMBER = 987_654_321
CASE_NUMBER = "KANARIE-0042"
CANARIES = (PNR, NAME, SENTENCE, str(FILE_NUMBER), CASE_NUMBER)
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "latin-1")


def needles(text: str) -> list[bytes]:
    found = []
    for encoding in ENCODINGS:
        raw = text.encode(encoding)
        found += [raw, base64.b64encode(raw)]
    return found


@pytest.fixture(scope="module")
def sig_ws(request, tmp_path_factory):
    return _with_canaries(fresh_workspace("file", request, tmp_path_factory.mktemp("sig") / "s.db"))


@pytest.fixture(scope="module")
def sig_server_ws(request, tmp_path_factory):
    """The same on a server database (tests/backends.py)."""
    return _with_canaries(fresh_workspace("server", request, None))


def _with_canaries(ws):
    ws = demo_db(None, cases=40, ws=ws)
    start = dt.date(2024, 3, 4)
    cases.register_case(
        ws,
        CASE_NUMBER,
        answers={
            "referral_date": Answer(start - dt.timedelta(days=10)),
            "start_date": Answer(start),
            "referred_by": Answer("annan"),
            "referred_by_other": Answer(NAME),
            "gender": Answer("flicka_kvinna"),
            "birth_year": Answer(2008),
            "sig_reason": Answer(("annan",)),
            "sig_reason_other": Answer(PNR),
            "exp_comment": Answer(SENTENCE),
        },
        today=dt.date(2026, 6, 1),
    )
    return ws  # closed by fresh_workspace


@pytest.fixture(scope="module")
def small_form_ws(tmp_path_factory):
    ws, _recovery = init_database(
        tmp_path_factory.mktemp("form") / "f.db", ADMIN, PASSWORD, kdf=FAST_KDF
    )
    forms.publish_text(ws, CANARY_FORM)
    settings.save(ws, unit="Testenheten", municipality="0114")
    for number in range(1, 7):
        canary = number == 3
        cases.register_case(
            ws,
            CASE_NUMBER if canary else f"T-{number}",
            form_id="canary_test",
            answers={
                "file_reference": Answer(PNR if canary else f"ref {number}"),
                "file_number": Answer(FILE_NUMBER if canary else number),
                "municipality": Answer("0114"),
                "referral_date": Answer(dt.date(2024, 1, number)),
                "start_date": Answer(dt.date(2024, 2, number)),
                "gender": Answer("pojke_man"),
                "note": Answer(f"{NAME}: {SENTENCE}" if canary else "kort"),
            },
        )
    yield ws
    ws.close()


def stored_texts(ws) -> str:
    data = summaries.load_summary_data(ws)
    return repr(data.answers)


@pytest.mark.parametrize("kind", ["records", "aggregate"])
@pytest.mark.parametrize(
    "which", ["sig_ws", pytest.param("sig_server_ws", marks=pytest.mark.server), "small_form_ws"]
)
def test_no_canary_leaves_in_any_encoding(request, tmp_path, which, kind):
    ws = request.getfixturevalue(which)
    in_db = stored_texts(ws)
    planted = [c for c in CANARIES if c in in_db]
    assert len(planted) >= 3, "the canaries must be in the database for the test to mean much"
    out = tmp_path / f"{which}-{kind}.isux"
    if kind == "records":  # every record, exact: the most a leak could carry
        write_exact_records(ws, out)
    else:
        exports.write_export(ws, exports.ExportRequest(kind, *PERIOD), out)
    files = members(out.read_bytes())
    assert any(name.startswith(("data/", "tables/")) for name in files)
    for name, data in files.items():
        for canary in CANARIES:
            for needle in needles(canary):
                assert needle not in data, f"{canary!r} leaked into {name}"
        assert not looks_like_personnummer(data.decode("utf-8"))


def test_removed_questions_are_named_in_the_preview(small_form_ws):
    preview = exact_records(small_form_ws, exports.ExportRequest("records", *PERIOD)).preview
    removed = {r.code: r.reason for r in preview.removed}
    assert removed["file_reference"] == removed["file_number"] == "direct_identifier"
    assert removed["note"] == "free_text" and removed["case_number"] == "case_number"
    leaving = {v.code for v in preview.variables}
    assert not leaving & {"file_reference", "file_number", "note", "case_number"}
    assert dict(preview.rows)["data/wide.csv"] == 6
