"""An export that fails (not one that is refused) is audited as ``export_failed``, with the
kind of error, and the user gets the clear message, not a traceback."""

from __future__ import annotations

import json

import pytest

from isu.errors import EnvironmentProblem
from isu.services import audit, exports
from tests.export_service.support import PERIOD, demo_db


def _failed(ws) -> list[dict]:
    with ws.db.reading() as session:
        return [
            {"target": e.target, **json.loads(e.detail or "{}")}
            for e in audit.entries(session)
            if e.action == "export_failed"
        ]


def test_an_export_to_a_folder_that_cannot_be_written_is_audited_as_failed(tmp_path):
    ws = demo_db(tmp_path / "demo.db", cases=12)
    try:
        not_a_folder = tmp_path / "a-file"
        not_a_folder.write_bytes(b"")
        with pytest.raises(EnvironmentProblem) as failed:
            exports.write_export(
                ws, exports.ExportRequest("aggregate", *PERIOD), not_a_folder / "x.isux"
            )
        assert "kunde inte skrivas" in failed.value.sv
        (entry,) = _failed(ws)
        assert entry["target"] == "export:aggregate"
        assert entry["error"] == type(failed.value).__name__
        written = exports.write_export(
            ws, exports.ExportRequest("aggregate", *PERIOD), tmp_path / "ok.isux"
        )
        assert written.path.is_file() and len(_failed(ws)) == 1
    finally:
        ws.close()
