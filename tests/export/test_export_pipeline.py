"""The pure parts together: k-anonymise, give export ids, package, seal, verify."""

from __future__ import annotations

import datetime as dt
import random

from export_samples import sample_plan

from isu.export import (
    DataFile,
    ExportCounts,
    PackageContents,
    Variable,
    combinations_below_k,
    default_ladders,
    hmac_ids,
    kanonymize,
    read_package,
    verify_package,
    write_package,
)
from isu.export.seal import generate_keypair

QUASI = ("gender", "age_band", "municipality", "period")
COLUMNS = ("export_id", *QUASI, "meetings")


def _cases(count: int) -> list[dict[str, object]]:
    rng = random.Random(7)
    return [
        {
            "case_key": 1000 + n,
            "gender": rng.choice(["pojke_man", "flicka_kvinna"]),
            "age_band": rng.choice(["12-14", "15-17", "18-20", "21-25"]),
            "municipality": rng.choice(["0180", "0181", "0114"]),
            "period": f"2024-{rng.randint(1, 12):02d}",
            "meetings": rng.randint(0, 20),
        }
        for n in range(count)
    ]


def test_records_export_end_to_end(tmp_path):
    cases = _cases(120)
    anonymous, report = kanonymize(cases, QUASI, 5, default_ladders())
    ids = hmac_ids([case["case_key"] for case in anonymous], b"k" * 32)
    rows = [case | {"export_id": ids[case["case_key"]]} for case in anonymous]
    variables = [Variable("export_id", "Export-id", "Export id", "id", privacy_class="pseudonym")]
    variables += [
        Variable(col, col, col, "single", privacy_class="quasi_identifier") for col in QUASI
    ]
    variables.append(Variable("meetings", "Möten", "Meetings", "integer", form_version=1))
    contents = PackageContents.new(
        plan=sample_plan(),
        variables=variables,
        files=[DataFile.from_records("data/wide.csv", rows, COLUMNS)],
        counts=ExportCounts(report.rows_out, report.generalised, report.suppressed),
        created=dt.date(2025, 2, 1),
    )
    private, public = generate_keypair()
    path = write_package(tmp_path / "export.isux", contents, recipient_public_key=public).path

    assert verify_package(path, private).data_rows == report.rows_out
    back = read_package(path, private)
    table = back.file("data/wide.csv")
    records = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    assert combinations_below_k(records, QUASI, 5) == []
    assert "case_key" not in table.columns
    assert not {str(case["case_key"]) for case in cases} & {r["export_id"] for r in records}
    assert back.counts.suppressed == report.suppressed
