"""Work the summary page runs on the database worker: its choices, and the report to show.

Plain functions returning frozen dataclasses, so the GUI thread never touches a session.
"""

from __future__ import annotations

from dataclasses import dataclass

from isu.domain.roles import Role
from isu.services import forms, settings, summaries, users
from isu.services.workspace import Workspace
from isu.summary.data import SummaryRequest
from isu.summary.disclosure import ProtectedReport, exact_view

# Roles that may see exact counts on screen, when the database setting allows it.
EXACT_ROLES = frozenset({Role.ADMIN, Role.UNIT_HEAD})


@dataclass(frozen=True)
class Option:
    value: object
    label: str


@dataclass(frozen=True)
class PageOptions:
    """What the filters offer, and whether this user sees exact counts."""

    genders: tuple[Option, ...] = ()
    age_bands: tuple[Option, ...] = ()
    form_versions: tuple[int, ...] = ()
    coordinators: tuple[Option, ...] = ()
    units: tuple[str, ...] = ()
    exact_on_screen: bool = False
    k: int = 5
    definitions: tuple[str, ...] = ()
    forms: tuple[Option, ...] = ()  # the published forms: (form id, title)
    form_id: str | None = None  # the form the choices above belong to


@dataclass(frozen=True)
class ScreenReport:
    """A report for the screen. ``exact``: no small-number protection (``k`` is still the
    database's threshold, used for every file written)."""

    request: SummaryRequest
    report: ProtectedReport
    exact: bool
    k: int


def may_show_exact(ws: Workspace, current: settings.DatabaseSettings) -> bool:
    return current.exact_counts_on_screen and ws.user.role in EXACT_ROLES


def load_options(ws: Workspace, lang: str, form_id: str | None = None) -> PageOptions:
    """The choices for ``form_id``; None: the form a summary takes by default."""
    current = settings.load(ws)
    published = forms.list_forms(ws)
    genders: tuple[Option, ...] = ()
    bands: tuple[Option, ...] = ()
    versions: tuple[int, ...] = ()
    titles = {
        f.form_id: (f.title_en if lang == "en" and f.title_en else f.title_sv) for f in published
    }
    choices = tuple(Option(fid, f"{title} ({fid})") for fid, title in sorted(titles.items()))
    if form_id not in titles:
        form_id = summaries.default_form_id(ws) if published else None
    if form_id is not None and form_id in titles:
        spec = forms.get_form(ws, form_id)
        gender = next((q for q in spec.questions() if q.role == "gender"), None)
        if gender is not None and gender.choices is not None:
            genders = tuple(Option(c.code, c.label.get(lang)) for c in gender.choices.choices)
        shown = summaries.summary_age_bands(spec, current)  # the bands summaries split by
        bands = tuple(Option(b.code, b.label.get(lang)) for b in shown)
        versions = tuple(range(1, spec.version + 1))
    people = tuple(Option(p.id, p.name) for p in users.coordinators(ws))
    return PageOptions(
        genders=genders,
        age_bands=bands,
        form_versions=versions,
        coordinators=people,
        units=(current.unit,) if current.unit else (),
        exact_on_screen=may_show_exact(ws, current),
        k=current.k,
        definitions=tuple(d.name for d in summaries.list_definitions(ws)),
        forms=choices,
        form_id=form_id if form_id in titles else None,
    )


def build_for_screen(ws: Workspace, request: SummaryRequest) -> ScreenReport:
    """Exact counts only where the database allows them and the role may see them;
    otherwise the protected report, the same as every file gets."""
    current = settings.load(ws)
    if may_show_exact(ws, current):
        raw = summaries.build(ws, request)
        return ScreenReport(request, exact_view(raw), True, raw.meta.k)
    report = summaries.protected(ws, request)
    return ScreenReport(request, report, False, report.meta.k)
