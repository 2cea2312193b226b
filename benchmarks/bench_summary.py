"""How fast a full SIG group summary is at 1,000, 10,000 (and 100,000) cases (run by hand).

    python benchmarks/bench_summary.py [--large] [--folder DIR] [--repeats 3]

For each size, on the encrypted demo database (built once with ``isu demo`` code and cached
in ``--folder``): the full summary as the program makes it (``summaries.protected``: load in
SQL, build every table, small-number protection, audit entry). The baseline in the same run
is hand-written SQL aggregates for the same tables (GROUP BY per question, self-joins for
the before/after pairs and intervention type × status, the values behind medians and
quartiles) on an unencrypted copy of the same data in plain ``sqlite3``. Also the PDF for
10,000 cases. Each figure is the best of ``--repeats`` runs.

Protection across outputs (release control, ``isu.services.releases``): for 10,000 cases,
the time to take the output's case populations, check them against a history of earlier
releases (a year of monthly outputs, each also split by gender, plus quarters and whole
years: ``HISTORY`` releases) and encode them for storage, as a share of the summary time.

Two more floors in the same run, on the same encrypted file and connection: **scan**, one
sequential pass over every answer inside SQLite (an aggregate over all its columns, no row
reaches Python), and **pandas**, the answers read into a DataFrame and pivoted (value counts
per question × gender, and describe() per numeric question), as an analyst would. The table
prints summary/floor (the scan) and summary/pandas at each size; ``peak MB`` is the peak
resident size of a fresh process that signs in and makes the summary once (``VmHWM``).

Targets: 10,000 cases in under 2 s and within 3× the baseline; the PDF for 10,000 in under 5 s;
release control at most 10 % of the summary time at 10,000 cases; the summary within 3× the
scan at 10,000 cases; with ``--large``, peak memory at 100,000 cases under 400 MB.
pandas is only needed here (``pip install isu[bench]``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import best_of

from isu.cli.demo import DEMO_PASSWORD, DEMO_USER, create_demo
from isu.domain.answers import Answer
from isu.domain.form import FormSpec, QType
from isu.services import case_bulk, demo, forms, settings, summaries
from isu.services.case_bulk import NewCase
from isu.services.sign_in import login
from isu.services.workspace import Workspace, init_database
from isu.summary.data import PeriodKind, SplitBy, SummaryRequest
from isu.summary.model import describe
from isu.summary.populations import find_conflict, populations_of

SIZES = (1_000, 10_000)
LARGE = 100_000
PDF_SIZE = 10_000


def demo_database(folder: Path, cases: int) -> Path:
    db = folder / f"demo-{cases}.db"
    if not db.exists():
        print(f"building {cases} demo cases in {db} (cached for next time) ...", flush=True)
        if cases < 100_000:
            create_demo(db, cases, seed=1)
        else:
            build_large_demo(db, cases)
    return db


def build_large_demo(db: Path, count: int) -> None:
    """The same synthetic cases as ``isu demo``, numbered "D-000001": the demo's own numbers
    ("2025-100000" at 100,000) have ten digits, which registration refuses as a possible
    personal identity number."""
    ws, _recovery = init_database(db, DEMO_USER, DEMO_PASSWORD)
    try:
        forms.publish_default_form(ws)
        settings.save(ws, unit="SIG Centrum", municipality="0180")
        spec = forms.get_form(ws, "sig")
        rng, today = random.Random(1), dt.date.today()

        def new_cases():  # a generator: import_cases holds one batch at a time
            for number in range(1, count + 1):
                answers, repeats, closed = demo.synthetic_case(spec, rng, today, str(number))
                answers |= {"municipality": Answer("0180"), "unit": Answer("SIG Centrum")}
                yield NewCase(f"D-{number:06d}", answers, repeats, closed)

        def progress(done: int, total: int) -> None:
            if done % 10_000 == 0:
                print(f"  {done:,} of {total:,} cases", flush=True)

        case_bulk.import_cases(
            ws, new_cases(), form_id=spec.id, today=today, progress=progress, total=count
        )
    finally:
        ws.close()


def plaintext_copy(ws: Workspace, folder: Path, cases: int) -> Path:
    """The same schema and rows, unencrypted (SQLCipher's own export with an empty key)."""
    out = folder / f"plain-{cases}.db"
    if out.exists():
        return out
    raw = ws.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"ATTACH DATABASE '{out}' AS plain KEY ''")
        cursor.execute("SELECT sqlcipher_export('plain')")
        cursor.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    return out


# --- the baseline: hand-written SQL for the same tables ---------------------------------------

CLOSED = "c.status = 'closed'"
STARTED = "(c.start_date IS NOT NULL OR c.status = 'closed')"


def _codes(questions) -> str:
    return ", ".join(f"'{q.code}'" for q in questions)


def baseline_summary(db: sqlite3.Connection, spec: FormSpec) -> dict:
    """Every figure the summary shows, by SQL aggregates plus the least Python possible."""
    top = [q for q in spec.questions() if q.group is None]
    by_phase = {
        "all": [q for q in top if q.phase in ("admin", "before")],
        "started": [q for q in top if q.phase == "during"],
        "closed": [q for q in top if q.phase in ("after", "experience")],
    }
    where = {"all": "1", "started": STARTED, "closed": CLOSED}
    out: dict = {}
    out["volume"] = db.execute(
        "SELECT count(referral_date), count(start_date),"
        " sum(start_date IS NOT NULL AND closure_date IS NULL), sum(status = 'closed')"
        " FROM cases"
    ).fetchone()
    out["median_to_start"] = statistics.median(
        r[0] for r in db.execute(
            "SELECT julianday(start_date) - julianday(referral_date) FROM cases"
            " WHERE start_date IS NOT NULL AND referral_date IS NOT NULL"
        )
    )  # fmt: skip
    out["median_to_close"] = statistics.median(
        r[0] for r in db.execute(
            "SELECT julianday(closure_date) - julianday(start_date) FROM cases"
            " WHERE closure_date IS NOT NULL AND start_date IS NOT NULL"
        )
    )  # fmt: skip
    out["gender_age"] = db.execute(
        "SELECT gender, age_band, count(*) FROM cases GROUP BY 1, 2"
    ).fetchall()
    for population, questions in by_phase.items():
        choice = [q for q in questions if q.type in (QType.SINGLE, QType.YESNO)]
        multiple = [q for q in questions if q.type is QType.MULTIPLE]
        numeric = [q for q in questions if q.type in (QType.INTEGER, QType.DECIMAL, QType.SCALE)
                   or (q.type is QType.COMPUTED and q.role != "age_band")]  # fmt: skip
        join = f"FROM answers a JOIN cases c ON c.id = a.case_id WHERE {where[population]}"
        out[f"freq_{population}"] = db.execute(
            f"SELECT a.code, coalesce(a.value_text, a.value_num), count(*) {join}"
            f" AND a.instance = 0 AND a.code IN ({_codes(choice)}) GROUP BY 1, 2"
        ).fetchall()
        combos = db.execute(
            f"SELECT a.code, a.value_text, count(*) {join}"
            f" AND a.instance = 0 AND a.code IN ({_codes(multiple)}) GROUP BY 1, 2"
        ).fetchall()
        options: Counter = Counter()
        for code, text, count in combos:
            for option in (text or "").split():
                options[(code, option)] += count
        out[f"multiple_{population}"] = options
        values: dict[str, list[float]] = {}
        for code, value in db.execute(
            f"SELECT a.code, a.value_num {join} AND a.instance = 0"
            f" AND a.value_num IS NOT NULL AND a.code IN ({_codes(numeric)})"
        ):
            values.setdefault(code, []).append(value)
        out[f"stats_{population}"] = {code: describe(v) for code, v in values.items()}
        out[f"quality_{population}"] = db.execute(
            f"SELECT a.code, count(a.value_text) + count(a.value_num), count(a.missing) {join}"
            f" AND a.instance = 0 AND a.code IN ({_codes(questions)}) GROUP BY 1"
        ).fetchall()
    out["items"] = db.execute(
        "SELECT code, value_text, count(*) FROM answers WHERE instance > 0"
        " AND code IN ('intervention_type', 'intervention_focus', 'intervention_actor',"
        " 'intervention_status') GROUP BY 1, 2"
    ).fetchall()
    out["type_status"] = db.execute(
        "SELECT t.value_text, s.value_text, count(*) FROM answers t JOIN answers s"
        " ON s.case_id = t.case_id AND s.instance = t.instance"
        " AND s.code = 'intervention_status' WHERE t.code = 'intervention_type' GROUP BY 1, 2"
    ).fetchall()
    out["items_per_case"] = db.execute(
        "SELECT repeat, case_id, count(DISTINCT instance) FROM answers WHERE instance > 0"
        " GROUP BY 1, 2"
    ).fetchall()
    out["pairs"] = {
        after.code: db.execute(
            "SELECT b.value_text, b.value_num, f.value_text, f.value_num, count(*)"
            " FROM answers b JOIN answers f ON f.case_id = b.case_id AND f.code = ?"
            " JOIN cases c ON c.id = b.case_id"
            " WHERE b.code = ? AND c.status = 'closed' AND f.missing IS NULL"
            " AND b.missing IS NULL GROUP BY 1, 2, 3, 4",
            (after.code, before.code),
        ).fetchall()
        for before, after in spec.pairs()
    }
    out["open_long"] = db.execute(
        "SELECT count(*) FROM cases WHERE status = 'ongoing' AND start_date IS NOT NULL"
        " AND julianday('now') - julianday(start_date) > 365"
    ).fetchone()
    return out


SCAN_SQL = (
    "SELECT count(*), count(case_id), count(code), sum(instance), count(value_text),"
    " count(value_num), count(missing), sum(form_version) FROM answers"
)
PIVOT_SQL = (
    "SELECT a.code, coalesce(a.value_text, a.value_num) AS value, a.value_num, c.gender"
    " FROM answers a JOIN cases c ON c.id = a.case_id WHERE a.instance = 0"
)
PEAK = """
import resource, sys
from isu.cli.demo import DEMO_PASSWORD, DEMO_USER
from isu.services import summaries
from isu.services.sign_in import login
ws = login(sys.argv[1], DEMO_USER, DEMO_PASSWORD)
summaries.protected(ws)
ws.close()
# VmHWM: this process's own peak. ru_maxrss would report at least the parent's size at the
# fork, which Linux carries across exec.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print(int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def scan_floor(ws: Workspace) -> None:
    raw = ws.db.engine.raw_connection()
    try:
        raw.cursor().execute(SCAN_SQL).fetchone()
    finally:
        raw.close()


def pandas_pivot(ws: Workspace) -> None:
    import pandas as pd

    raw = ws.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(PIVOT_SQL)
        frame = pd.DataFrame.from_records(
            cursor.fetchall(), columns=["code", "value", "num", "gender"]
        )
    finally:
        raw.close()
    pd.crosstab([frame["code"], frame["value"]], frame["gender"].fillna("?"))
    frame.dropna(subset=["num"]).groupby(["code", "gender"], dropna=False)["num"].describe()


def peak_mb(db: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(db)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    return int(done.stdout.split()[-1]) / 1024


# --- running it -------------------------------------------------------------------------------


def release_history(ws: Workspace) -> list:
    """Earlier releases as a unit would make them: months (also split by gender), quarters
    and years of starts over the last three years."""
    data = summaries.load_summary_data(ws, setting_age_bands=True)
    today = dt.date.today()
    periods = []
    for year in range(today.year - 2, today.year + 1):
        for month in range(1, 13):
            end = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
            periods.append((dt.date(year, month, 1), end))
        for quarter in range(4):
            end = dt.date(year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1)
            periods.append((dt.date(year, 3 * quarter + 1, 1), end - dt.timedelta(days=1)))
        periods.append((dt.date(year, 1, 1), dt.date(year, 12, 31)))
    history = []
    for low, high in periods:
        for split in (SplitBy.NONE, SplitBy.GENDER):
            request = SummaryRequest(
                period=PeriodKind.STARTED, date_from=low, date_to=high, split=split
            )
            history.append((len(history), populations_of(data.filtered(request), split)))
    return history


def release_cost(ws: Workspace, repeats: int) -> tuple[float, int]:
    """Seconds release control adds to the whole-database summary, and the history size."""
    history = release_history(ws)
    data = summaries.load_summary_data(ws, setting_age_bands=True)
    k = settings.load(ws).k

    def control() -> None:
        new = populations_of(data, SplitBy.NONE)
        find_conflict(new, history, k)
        new.encode()
        new.digest()

    return best_of(control, repeats), len(history)


def measure(folder: Path, cases: int, repeats: int) -> dict:
    db = demo_database(folder, cases)
    ws = login(db, DEMO_USER, DEMO_PASSWORD)
    try:
        plain = sqlite3.connect(plaintext_copy(ws, folder, cases))
        spec = forms.get_form(ws, "sig")
        report = summaries.protected(ws)  # warm up; also checks the size
        assert report.meta.n_cases == cases, report.meta.n_cases
        row = {
            "cases": cases,
            "isu": best_of(lambda: summaries.protected(ws), repeats),
            "baseline": best_of(lambda: baseline_summary(plain, spec), repeats),
            "scan": best_of(lambda: scan_floor(ws), repeats),
            "pandas": best_of(lambda: pandas_pivot(ws), repeats),
            "peak_mb": peak_mb(db),
            "pdf": None,
        }
        if cases == PDF_SIZE:
            out = folder / f"summary-{cases}.pdf"

            def write_pdf() -> None:
                out.unlink(missing_ok=True)
                summaries.write_report(ws, summaries.SummaryRequest(), out, fmt="pdf")

            row["pdf"] = best_of(write_pdf, repeats)
            row["release"], row["history"] = release_cost(ws, repeats)
        plain.close()
        return row
    finally:
        ws.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--large", action="store_true", help=f"also {LARGE:,} cases")
    parser.add_argument("--folder", default=None, help="cache for the demo databases")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = Path(args.folder or Path(tempfile.gettempdir()) / "isu-bench")
    folder.mkdir(parents=True, exist_ok=True)
    sizes = (*SIZES, LARGE) if args.large else SIZES
    rows = [measure(folder, cases, args.repeats) for cases in sizes]
    print(f"{'cases':>8}{'isu s':>9}{'baseline s':>12}{'ratio':>8}{'s/1000':>9}"
          f"{'PDF s':>8}{'floor s':>8}{'/floor':>7}{'pandas s':>10}{'/pandas':>9}"
          f"{'peak MB':>9}")  # fmt: skip
    for row in rows:
        pdf = f"{row['pdf']:.2f}" if row["pdf"] is not None else "–"
        print(f"{row['cases']:>8,}{row['isu']:>9.2f}{row['baseline']:>12.2f}"
              f"{row['isu'] / row['baseline']:>8.1f}{row['isu'] / row['cases'] * 1000:>9.3f}"
              f"{pdf:>8}{row['scan']:>8.2f}{row['isu'] / row['scan']:>7.1f}"
              f"{row['pandas']:>10.2f}{row['isu'] / row['pandas']:>9.2f}"
              f"{row['peak_mb']:>9.0f}")  # fmt: skip
    ten = next(r for r in rows if r["cases"] == PDF_SIZE)
    share = ten["release"] / ten["isu"]
    print(f"release control at {PDF_SIZE:,} cases, {ten['history']} earlier releases: "
          f"{ten['release'] * 1000:.1f} ms = {share:.1%} of the summary time")  # fmt: skip
    checks = [
        ("10,000 cases < 2 s", ten["isu"] < 2.0),
        ("10,000 cases within 3x baseline", ten["isu"] < 3 * ten["baseline"]),
        ("PDF for 10,000 < 5 s", ten["pdf"] < 5.0),
        ("release control <= 10 % of the summary at 10,000", share <= 0.10),
        ("10,000 cases within 3x the sequential scan", ten["isu"] <= 3 * ten["scan"]),
    ]
    large = next((r for r in rows if r["cases"] == LARGE), None)
    if large is not None:
        checks.append(("peak memory at 100,000 cases < 400 MB", large["peak_mb"] < 400))
    for name, ok in checks:
        print(f"{'OK  ' if ok else 'SLOW'} {name}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
