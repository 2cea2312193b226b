"""Shared parts of the importers: the report, the phase rule and code clean-up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from isu.domain.text import Text
from isu.formdefs.document import slug

PHASE_WORDS: dict[str, frozenset[str]] = {
    "admin": frozenset(
        {
            "admin",
            "administration",
            "arende",
            "case",
            "registration",
            "enrolment",
            "enrollment",
            "screening",
            "consent",
            "samtycke",
        }
    ),
    "before": frozenset(
        {
            "before",
            "fore",
            "baseline",
            "intake",
            "start",
            "inskrivning",
            "kartlaggning",
            "initial",
            "pre",
        }
    ),
    "during": frozenset(
        {
            "during",
            "under",
            "followup",
            "follow",
            "uppfoljning",
            "process",
            "intervention",
            "interventions",
            "insatser",
            "insats",
            "visit",
            "visits",
            "monitoring",
        }
    ),
    "after": frozenset(
        {
            "after",
            "efter",
            "closure",
            "avslut",
            "exit",
            "discharge",
            "outcome",
            "outcomes",
            "final",
            "post",
            "end",
        }
    ),
    "experience": frozenset(
        {
            "experience",
            "upplevelse",
            "satisfaction",
            "survey",
            "enkat",
            "feedback",
            "client",
        }
    ),
}


def phase_for(*names: str) -> str:
    """The phase a form or group name points to (see isu.formdefs.importers); else before."""
    words: set[str] = set()
    for name in names:
        words |= set(slug(name).split("_"))
    for phase, known in PHASE_WORDS.items():
        if words & known:
            return phase
    return "before"


@dataclass(frozen=True, slots=True)
class ImportNote:
    """One field that was not imported (``skipped``) or imported approximately (``changed``).

    ``reason`` is a stable key for programs (e.g. ``unsupported_type``); ``message`` says it
    in Swedish and English for people."""

    field: str
    kind: str  # "skipped" or "changed"
    reason: str
    message: Text

    def text(self, lang: str = "sv") -> str:
        return f"{self.field}: {self.message.get(lang)}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    source: str
    fields: int  # rows read from the source
    imported: int  # questions in the document
    notes: tuple[ImportNote, ...]
    texts: int = 0  # descriptive texts in the document (REDCap descriptive, XLSForm note)
    added: int = 0  # questions the import added (the text question of an XLSForm or_other)

    @property
    def skipped(self) -> tuple[ImportNote, ...]:
        return tuple(n for n in self.notes if n.kind == "skipped")

    @property
    def changed(self) -> tuple[ImportNote, ...]:
        return tuple(n for n in self.notes if n.kind == "changed")

    @property
    def all_mapped(self) -> bool:
        return not self.notes

    def summary(self) -> list[tuple[str, str, str]]:
        """(field, kind, reason) of every note, for tests and logs."""
        return [(n.field, n.kind, n.reason) for n in self.notes]


class NoteList:
    """Collects notes while importing."""

    def __init__(self) -> None:
        self.items: list[ImportNote] = []

    def skip(self, name: str, reason: str, sv: str, en: str) -> None:
        self.items.append(ImportNote(name, "skipped", reason, Text(sv, en)))

    def change(self, name: str, reason: str, sv: str, en: str) -> None:
        self.items.append(ImportNote(name, "changed", reason, Text(sv, en)))


_TAG_RE = re.compile(r"<[^>]+>")


def plain_text(text: str) -> str:
    """Label text without HTML tags or surrounding space (REDCap and XLSForm allow markup)."""
    return " ".join(_TAG_RE.sub(" ", str(text)).split())


def choice_code(raw: str) -> str:
    """A choice code our format accepts ([a-z0-9][a-z0-9_]*) from another tool's code."""
    text = str(raw).strip().lower()
    if re.fullmatch(r"[a-z0-9][a-z0-9_]{0,59}", text):
        return text
    if re.fullmatch(r"-\d+", text):
        return f"m{text[1:]}"  # e.g. REDCap's -1 "don't know"
    cleaned = slug(text) or "x"
    return cleaned


def yes_no(value: object) -> bool:
    text = str(value or "").strip().lower()
    return text in ("y", "yes", "1", "true", "true()", "ja")


def share_choice_lists(document, names: dict[str, str] | None = None) -> None:
    """Turn identical inline choice lists used by two or more questions into one reusable
    list (named after ``names[code]`` when given, else the first question's code)."""
    names = names or {}
    by_choices: dict[str, list] = {}
    for _, node in document.questions():
        choices = node.props.get("choices")
        if isinstance(choices, list):
            key = repr(choices)
            by_choices.setdefault(key, []).append(node)
    for users in by_choices.values():
        if len(users) < 2:
            continue
        stem = names.get(users[0].code) or users[0].code
        list_id = stem
        number = 2
        while list_id in document.choice_lists:
            list_id = f"{stem}_{number}"
            number += 1
        document.choice_lists[list_id] = users[0].props["choices"]
        for node in users:
            node.props["choices"] = list_id


def free_dateless_phases(document, notes: NoteList) -> None:
    """Another tool's form rarely records a start or a closure date, so its questions in the
    during, after or experience phase would never count in a summary
    (isu.formdefs.phase_check). Such a phase is set to require nothing, and the report says so."""
    from isu.errors import FormError
    from isu.formdefs.document import PHASES
    from isu.formdefs.loader import load_form_text
    from isu.formdefs.phase_check import unmet_requirement

    try:
        spec = load_form_text(document.canonical_yaml())
    except FormError:  # the import's own problems are reported; nothing to free yet
        return
    for phase in spec.phases:
        if unmet_requirement(spec, phase) is None:
            continue
        document.phases[PHASES.index(phase.name)].props["requires"] = []
        notes.change(
            phase.name,
            "phase_requires_nothing",
            f"fasen {phase.name} kräver inget datum (formuläret har inget start- eller "
            "avslutsdatum), så dess svar räknas i sammanställningen",
            f"the phase {phase.name} requires no date (the form has no start or closure date), "
            "so its answers count in a summary",
        )
