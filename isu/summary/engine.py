"""The group-summary engine: ``SummaryData`` (record level) in, ``SummaryReport`` (tables) out.

Pure Python on plain data, so a local database and a national merge of export packages give
the same tables. Every table is driven by the form: question types decide the table kind,
roles find the case-level facts and the interventions, ``pair`` links before/after
questions. A form without some role simply lacks the tables that need it. The tables
themselves are ``isu.summary.tables``, one module per family over one ``SummaryContext``;
this module makes the report around them (its sections, shared figures and meta data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from isu.domain.form import FormSpec
from isu.domain.text import Text
from isu.summary import form_layout
from isu.summary.data import SplitBy, SummaryData, SummaryRequest
from isu.summary.model import ReportMeta, SummaryReport
from isu.summary.tables.common import choice_label, join_texts
from isu.summary.tables.context import SummaryContext
from isu.summary.tables.sections import build_sections
from isu.summary.tables.shared_figures import tag_shared_figures

DEFAULT_K = 5


def build_summary(
    data: SummaryData,
    request: SummaryRequest | None = None,
    *,
    today: dt.date | None = None,
    unit: str | None = None,
    municipality: str | None = None,
) -> SummaryReport:
    """All tables of a group summary for the cases ``request`` selects from ``data``."""
    request = request or SummaryRequest()
    today = today or dt.date.today()
    data = data.filtered(request)
    context = SummaryContext(data, request, today)
    sections = tag_shared_figures(context, build_sections(context))  # protected together later
    return SummaryReport(_meta(data, request, today, unit, municipality), sections)


def _filters(request: SummaryRequest, spec: FormSpec) -> tuple[tuple[Text, Text], ...]:
    rows = [(Text("Period avser", "Period means"), form_layout.period_label(spec, request))]
    if request.status:
        rows.append(
            (
                Text("Status", "Status"),
                Text(
                    {"ongoing": "Pågående", "closed": "Avslutade"}[request.status],
                    {"ongoing": "Ongoing", "closed": "Closed"}[request.status],
                ),
            )
        )
    if request.unit:
        rows.append((Text("Enhet", "Unit"), Text.same(request.unit)))
    if request.coordinator_id is not None:
        rows.append(
            (
                Text("Samordnare", "Coordinator"),
                Text(
                    "En samordnares ärenden (endast internt)",
                    "One coordinator's cases (internal use only)",
                ),
            )
        )
    gender = spec.by_role("gender")
    if request.genders:
        labels = [choice_label(gender, code) for code in request.genders]
        rows.append((Text("Kön", "Gender"), join_texts(labels)))
    if request.age_bands:
        rows.append((Text("Åldersgrupp", "Age band"), Text.same(", ".join(request.age_bands))))
    if request.form_versions:
        rows.append(
            (
                Text("Formulärversioner", "Form versions"),
                Text.same(", ".join(map(str, request.form_versions))),
            )
        )
    if request.split is not SplitBy.NONE:
        by = {
            SplitBy.GENDER: Text("Kön", "Gender"),
            SplitBy.AGE_BAND: Text("Åldersgrupp", "Age band"),
        }[request.split]
        rows.append((Text("Uppdelat på", "Split by"), by))
    return tuple(rows)


def _common(values: Iterable[str]) -> str:
    distinct = {v for v in values if v}
    return distinct.pop() if len(distinct) == 1 else ""


def _meta(
    data: SummaryData,
    request: SummaryRequest,
    today: dt.date,
    unit: str | None,
    municipality: str | None,
) -> ReportMeta:
    spec = data.spec
    earliest = min(
        form_layout.period_days(spec, request, data.cases),
        default=today,
    )
    return ReportMeta(
        title=Text(
            f"Gruppsammanställning – {spec.title.sv}",
            f"Group summary – {spec.title.en or spec.title.sv}",
        ),
        unit=unit if unit is not None else (request.unit or _common(c.unit for c in data.cases)),
        municipality=municipality
        if municipality is not None
        else _common(c.municipality for c in data.cases),
        period_from=request.date_from or min(earliest, request.date_to or today),
        period_to=request.date_to or today,
        n_cases=len(data.cases),
        created=today,
        form_id=spec.id,
        form_versions=tuple(str(v) for v in data.form_versions()),
        filters=_filters(request, spec),
        k=request.k if request.k is not None else DEFAULT_K,
        noun=form_layout.noun(spec),
        before_after=bool(spec.pairs()),
    )


__all__ = ["build_summary"]
