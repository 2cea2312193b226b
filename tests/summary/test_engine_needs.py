"""Rated needs and whether interventions address them, on plain data counted by hand.

The form links each need question to a code of the intervention-focus list
(``need_area``) and says which levels count as a rated need (``rated_need_levels``).
"""

from __future__ import annotations

import datetime as dt

from isu.formdefs import load_form_text
from isu.summary.data import CaseFacts, SplitBy, SummaryData, SummaryRequest
from isu.summary.disclosure import protect_report
from isu.summary.engine import build_summary

TODAY = dt.date(2026, 6, 1)
NEEDS_FORM = """
id: needs
version: 1
title: {sv: Behov, en: Needs}
rated_need_levels: [moderate, large]
choice_lists:
  gender:
    - {code: boy, label: {sv: Pojke, en: Boy}}
    - {code: girl, label: {sv: Flicka, en: Girl}}
  level:
    - {code: none, label: {sv: Inget, en: None}}
    - {code: small, label: {sv: Litet, en: Small}}
    - {code: moderate, label: {sv: Måttligt, en: Moderate}}
    - {code: large, label: {sv: Stort, en: Large}}
  area:
    - {code: school, label: {sv: Skola, en: School}}
    - {code: family, label: {sv: Familj, en: Family}}
    - {code: leisure, label: {sv: Fritid, en: Leisure}}
phases:
  before:
    sections:
      - code: who
        title: {sv: Vem, en: Who}
        questions:
          - {code: gender, type: single, role: gender, choices: gender,
             label: {sv: Kön, en: Gender}}
      - code: needs
        title: {sv: Behov, en: Needs}
        questions:
          - {code: need_school, type: single, choices: level, need_area: school,
             label: {sv: Behov skola, en: School need}}
          - {code: need_family, type: single, choices: level, need_area: family,
             label: {sv: Behov familj, en: Family need}}
  during:
    sections:
      - code: work
        title: {sv: Arbetet, en: Work}
        questions:
          - code: interventions
            type: repeat
            role: interventions
            label: {sv: Insats, en: Intervention}
            questions:
              - {code: focus, type: single, role: intervention_focus, choices: area,
                 label: {sv: Inriktning, en: Focus}}
"""

# case: (gender, school need, family need, started, intervention foci)
CASES = [
    ("boy", "large", "none", True, ["school"]),  # 0: rated school, addressed
    ("boy", "moderate", "large", True, ["leisure"]),  # 1: two rated, none addressed
    ("girl", "large", "moderate", True, ["school", "family", "family"]),  # 2: both addressed
    ("girl", "small", "large", True, ["school"]),  # 3: family unaddressed; school unrated
    ("girl", None, "moderate", True, []),  # 4: school not assessed, family unaddressed
    ("boy", "large", None, False, []),  # 5: not started: rated but outside "addressed"
    ("boy", None, None, True, ["family", None]),  # 6: nothing assessed; one focus missing
]


def needs_data() -> SummaryData:
    spec = load_form_text(NEEDS_FORM)
    facts, answers, items = [], {}, []
    for i, (gender, school, family, started, foci) in enumerate(CASES):
        start = dt.date(2026, 1, 1) if started else None
        facts.append(CaseFacts(key=str(i), status="ongoing", gender=gender, start_date=start))
        for code, value in (("gender", gender), ("need_school", school), ("need_family", family)):
            if value is not None:
                answers.setdefault(code, {})[i] = (value, None)
        items += [(i, {"focus": (focus, None)}) for focus in foci]
    return SummaryData(spec, tuple(facts), answers, {"interventions": items})


def tables(request: SummaryRequest | None = None) -> dict:
    report = build_summary(needs_data(), request, today=TODAY)
    return {t.key: t for t in report.tables()}


def test_rated_needs_per_area_among_assessed_cases():
    rated = tables()["needs.rated"]
    assert [label.sv for label in rated.row_labels] == ["Skola", "Familj"]  # no leisure question
    assert rated.values == ((4,), (4,))  # school: 0, 1, 2, 5; family: 1, 2, 3, 4
    assert rated.bases == (6,) and rated.missing == 1  # case 6 has no assessment
    assert "måttligt eller stort" in rated.note.sv


def test_rated_needs_split_by_gender():
    rated = tables(SummaryRequest(split=SplitBy.GENDER))["needs.rated"]
    assert [label.sv for label in rated.col_labels] == ["Pojke", "Flicka"]
    assert rated.values == ((3, 1), (1, 3))
    assert rated.bases == (3, 3)


def test_whether_started_cases_rated_needs_got_an_intervention():
    addressed = tables()["needs.addressed"]
    assert [label.sv for label in addressed.row_labels] == ["Skola", "Familj"]
    # school: 0 yes, 1 no, 2 yes (5 not started); family: 2 yes, 1, 3, 4 no
    assert addressed.values == ((2, 1), (1, 3))


def test_addressed_split_in_blocks_by_gender():
    addressed = tables(SummaryRequest(split=SplitBy.GENDER))["needs.addressed"]
    assert [label.sv for label in addressed.row_labels] == [
        "Pojke – Skola", "Pojke – Familj", "Flicka – Skola", "Flicka – Familj",
    ]  # fmt: skip
    assert addressed.values == ((1, 1), (0, 1), (1, 0), (1, 2))


def test_interventions_counted_by_whether_they_meet_a_rated_need():
    aimed = tables()["needs.aimed_at"]
    # at a rated need: case 0 (school), case 2 (school, family, family); at a need rated
    # lower: case 3 (school, small); at an area not assessed: case 1 (leisure has no
    # question) and case 6 (family unanswered)
    assert [row[0] for row in aimed.values] == [4, 1, 2]
    assert aimed.n == 7 and aimed.missing == 1  # case 6's intervention without a focus


def test_a_form_without_need_links_has_no_need_tables():
    text = (
        NEEDS_FORM.replace("rated_need_levels: [moderate, large]\n", "")
        .replace(", need_area: school", "")
        .replace(", need_area: family", "")
    )
    spec = load_form_text(text)
    data = needs_data()
    plain = SummaryData(spec, data.cases, data.answers, data.items)
    keys = {t.key for t in build_summary(plain, today=TODAY).tables()}
    assert not keys & {"needs.rated", "needs.addressed", "needs.aimed_at"}


def test_no_hidden_need_figure_can_be_worked_out_from_the_published_ones():
    from .exposure import exposed_cells
    from .test_summary_disclosure import known_grid, truth_grid

    raw = {t.key: t for t in build_summary(needs_data(), today=TODAY).tables()}
    protected = {
        t.key: t for t in protect_report(build_summary(needs_data(), today=TODAY), 3).tables()
    }
    for key in ("needs.addressed", "needs.aimed_at"):
        published = protected[key]
        assert any(c.hidden for row in published.cells for c in row)
        assert exposed_cells(known_grid(published), truth_grid(raw[key])) == []
