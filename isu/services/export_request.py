"""What an export request is and what its preview shows, apart from how an export is made:
``exports`` (the use cases and the aggregate tables) and ``export_records`` (the records
path) both build on it, so neither imports the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from isu.domain.text import Text
from isu.errors import UserError
from isu.export import kanon
from isu.export.contents import ExportPlan, PackageContents
from isu.export.record_variables import RemovedVariable
from isu.summary.data import SummaryData
from isu.summary.disclosure import MAX_K, MIN_K

KINDS = ("aggregate", "records")
Progress = Callable[[int, int], None]
MIN_L, MAX_L = 2, 10


class ExportError(UserError):
    """The export cannot be made as asked (settings, period, too few cases, form codes)."""


# --- request and preview ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    date_from: dt.date
    date_to: dt.date
    k: int | None = None  # None: the database's small-number threshold
    stable_ids: bool = False  # keyed (HMAC) export ids instead of random ones
    l: int = kanon.DEFAULT_L  # noqa: E741 - distinct l-diversity of the sensitive columns

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ExportError(
                f"Okänd exporttyp: {self.kind}. Välj aggregate eller records.",
                f"Unknown export kind: {self.kind}. Choose aggregate or records.",
            )
        if not isinstance(self.date_from, dt.date) or not isinstance(self.date_to, dt.date):
            raise ExportError("Ange periodens start och slut.", "Give the period's start and end.")
        if self.date_from > self.date_to:
            raise ExportError(
                "Periodens början ligger efter dess slut.",
                "The start of the period is after its end.",
            )
        k = self.k
        if k is not None and (
            isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K
        ):
            raise ExportError(
                f"k måste vara ett heltal mellan {MIN_K} och {MAX_K}.",
                f"k must be a whole number from {MIN_K} to {MAX_K}.",
            )
        l_div = self.l
        if isinstance(l_div, bool) or not isinstance(l_div, int) or not MIN_L <= l_div <= MAX_L:
            raise ExportError(
                f"l måste vara ett heltal mellan {MIN_L} och {MAX_L}.",
                f"l must be a whole number from {MIN_L} to {MAX_L}.",
            )


@dataclass(frozen=True)
class LeavingVariable:
    code: str
    label_sv: str
    label_en: str
    type: str
    privacy: str
    file: str


@dataclass(frozen=True)
class Generalisation:
    column: str
    level: int
    height: int
    # What the level means, e.g. rare values grouped into "övrigt".
    what: Text = field(default_factory=lambda: Text("", ""))


@dataclass(frozen=True)
class ExportPreview:
    kind: str
    period_from: dt.date
    period_to: dt.date
    k: int
    form_id: str
    form_versions: tuple[int, ...]
    variables: tuple[LeavingVariable, ...]
    removed: tuple[RemovedVariable, ...]
    rows: tuple[tuple[str, int], ...]  # (data file, rows)
    cases_in: int  # cases selected before anonymisation
    generalisations: tuple[Generalisation, ...]
    generalised: int  # records with a coarsened quasi value (records) / 0 (aggregate)
    suppressed: int  # records left out (records) / hidden cells (aggregate)
    rules: tuple[str, ...]
    rule_texts: tuple[Text, ...] = ()  # the rules in Swedish and English, for people
    l: int = 1  # noqa: E741
    quasi: tuple[str, ...] = ()
    sensitive: tuple[str, ...] = ()
    exact: kanon.ClassStats | None = None  # on the exact values, before banding
    before: kanon.ClassStats | None = None  # after banding, before generalisation
    after: kanon.ClassStats | None = None  # what leaves

    @property
    def exportable(self) -> bool:
        return any(count for _name, count in self.rows)


@dataclass(frozen=True)
class Prepared:
    preview: ExportPreview
    contents: PackageContents


def export_plan(
    data: SummaryData,
    request: ExportRequest,
    k: int,
    rules: tuple[str, ...],
    *,
    municipality: str,
    unit: str,
    **extra: Any,
) -> ExportPlan:
    """The manifest's plan of an export of ``data`` as ``request`` asks (``extra``: more
    plan fields, e.g. the records' ``disclosure`` block)."""
    return ExportPlan(
        form_id=data.spec.id,
        form_versions=data.form_versions() or (data.spec.version,),
        municipality_code=municipality,
        unit=unit,
        period_from=request.date_from,
        period_to=request.date_to,
        kind=request.kind,
        k=k,
        rules=rules,
        **extra,
    )


def _leaving(contents: PackageContents) -> tuple[LeavingVariable, ...]:
    file_of: dict[str, str] = {}
    for data_file in contents.files:
        for column in data_file.columns:
            file_of.setdefault(column, data_file.name)
    return tuple(
        LeavingVariable(v.code, v.label_sv, v.label_en, v.type, v.privacy_class, file_of[v.code])
        for v in contents.variables
    )


def preview_of(contents: PackageContents, request: ExportRequest, **figures: Any) -> ExportPreview:
    """What ``contents`` lets leave, for people; ``figures``: the preview's other fields
    (what was removed, generalised and suppressed, the rules)."""
    plan = contents.plan
    return ExportPreview(
        kind=plan.kind,
        period_from=request.date_from,
        period_to=request.date_to,
        k=plan.k,
        form_id=plan.form_id,
        form_versions=plan.form_versions,
        variables=_leaving(contents),
        rows=tuple((f.name, len(f.rows)) for f in contents.files),
        **figures,
    )
