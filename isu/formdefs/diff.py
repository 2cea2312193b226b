"""Compare two versions of a form, and find upgrades that would lose or orphan data.

Stored answers are never deleted when a form changes: a removed question's answers stay
in the database. What can go wrong is meaning: a type change the old values cannot be
converted to, a choice removed while answers still use it, or a code that was renamed
without ``renamed_from`` (its old answers would look like a removed question's).
"""

from __future__ import annotations

from dataclasses import dataclass

from isu.domain.form import FormSpec, QType, Question
from isu.domain.text import Text

# Old type → new types its stored values convert to without loss.
_SAFE_CONVERSIONS: dict[QType, frozenset[QType]] = {
    QType.INTEGER: frozenset({QType.DECIMAL, QType.TEXT, QType.LONGTEXT}),
    QType.SCALE: frozenset({QType.INTEGER, QType.DECIMAL, QType.TEXT, QType.LONGTEXT}),
    QType.SINGLE: frozenset({QType.MULTIPLE}),
    QType.TEXT: frozenset({QType.LONGTEXT}),
    QType.LONGTEXT: frozenset({QType.TEXT}),
    QType.DATE: frozenset({QType.TEXT, QType.LONGTEXT}),
    QType.DECIMAL: frozenset({QType.TEXT, QType.LONGTEXT}),
}


@dataclass(frozen=True, slots=True)
class ChoiceChange:
    code: str  # the question's current code
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TypeChange:
    code: str
    old: str  # type_key, e.g. "single" or "computed:age_at"
    new: str


@dataclass(frozen=True, slots=True)
class FormDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]  # old codes no longer in the form; their data is kept
    renamed: tuple[tuple[str, str], ...]  # (old code, new code)
    choices_changed: tuple[ChoiceChange, ...]
    type_changed: tuple[TypeChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (
            self.added or self.removed or self.renamed or self.choices_changed or self.type_changed
        )


@dataclass(frozen=True, slots=True)
class UpgradeIssue:
    """A change from ``old`` to ``new`` that loses or orphans stored data."""

    code: str
    kind: str  # "form_id", "version", "type", "choice_removed", "unmarked_rename", "scale"
    message: Text

    @property
    def message_sv(self) -> str:
        return self.message.sv

    @property
    def message_en(self) -> str:
        return self.message.get("en")

    def __str__(self) -> str:
        return self.message_en


def diff_forms(old: FormSpec, new: FormSpec) -> FormDiff:
    matched: dict[str, Question] = {}  # old code → question in the new form
    renamed: list[tuple[str, str]] = []
    for question in old.questions():
        current = new.current_code(question.code)
        if current is not None:
            matched[question.code] = new.question(current)
            if current != question.code:
                renamed.append((question.code, current))
    old_questions = {q.code: q for q in old.questions()}
    reached = {q.code for q in matched.values()}
    return FormDiff(
        added=tuple(q.code for q in new.questions() if q.code not in reached),
        removed=tuple(code for code in old_questions if code not in matched),
        renamed=tuple(renamed),
        choices_changed=tuple(
            change
            for code, target in matched.items()
            if (change := _choice_change(old_questions[code], target)) is not None
        ),
        type_changed=tuple(
            TypeChange(target.code, old_questions[code].type_key, target.type_key)
            for code, target in matched.items()
            if old_questions[code].type_key != target.type_key
        ),
    )


def _choice_change(old: Question, new: Question) -> ChoiceChange | None:
    if not (old.type.has_choices and new.type.has_choices):
        return None
    before, after = old.choice_codes, new.choice_codes
    added = tuple(c for c in after if c not in before)
    removed = tuple(c for c in before if c not in after)
    return ChoiceChange(new.code, added, removed) if added or removed else None


def check_upgrade(old: FormSpec, new: FormSpec) -> list[UpgradeIssue]:
    """Changes from ``old`` to ``new`` that would lose or orphan data (empty = safe)."""
    issues = _identity_issues(old, new)
    diff = diff_forms(old, new)
    old_questions = {q.code: q for q in old.questions()}
    for change in diff.type_changed:
        source = _find_old(old_questions, new, change.code)
        if source is not None and not _converts(source, new.question(change.code)):
            issues.append(UpgradeIssue(change.code, "type", Text(
                f"{change.code}: typen ändras från {change.old} till {change.new}; befintliga"
                " svar kan inte överföras.",
                f"{change.code}: the type changes from {change.old} to {change.new}; existing"
                " answers cannot be converted.")))  # fmt: skip
    for change in diff.choices_changed:
        if change.removed:
            removed = ", ".join(change.removed)
            issues.append(UpgradeIssue(change.code, "choice_removed", Text(
                f"{change.code}: svarsalternativen {removed} tas bort men kan finnas i sparade"
                " svar.",
                f"{change.code}: the choices {removed} are removed but may be in stored"
                " answers.")))  # fmt: skip
    issues.extend(_scale_issues(old_questions, new, diff))
    issues.extend(_unmarked_renames(old_questions, new, diff))
    return issues


def _identity_issues(old: FormSpec, new: FormSpec) -> list[UpgradeIssue]:
    issues = []
    if old.id != new.id:
        issues.append(UpgradeIssue("", "form_id", Text(
            f"Formulären har olika id ({old.id} / {new.id}).",
            f"The forms have different ids ({old.id} / {new.id}).")))  # fmt: skip
    if new.version <= old.version:
        issues.append(UpgradeIssue("", "version", Text(
            f"Den nya versionen ({new.version}) måste vara högre än {old.version}.",
            f"The new version ({new.version}) must be higher than {old.version}.")))  # fmt: skip
    return issues


def _find_old(old_questions: dict[str, Question], new: FormSpec, code: str) -> Question | None:
    return next((q for q in old_questions.values() if new.current_code(q.code) == code), None)


def _converts(old: Question, new: Question) -> bool:
    if old.type is QType.COMPUTED or new.type is QType.COMPUTED:
        return True  # computed values are derived again, never stored as answers
    return new.type in _SAFE_CONVERSIONS.get(old.type, frozenset())


def _scale_issues(
    old_questions: dict[str, Question], new: FormSpec, diff: FormDiff
) -> list[UpgradeIssue]:
    issues = []
    changed_types = {c.code for c in diff.type_changed}
    for code, source in old_questions.items():
        current = new.current_code(code)
        if current is None or current in changed_types or source.type is not QType.SCALE:
            continue
        target = new.question(current)
        if (target.scale_min or 0) > (source.scale_min or 0) or (target.scale_max or 0) < (
            source.scale_max or 0
        ):
            issues.append(UpgradeIssue(current, "scale", Text(
                f"{current}: skalan blir smalare ({source.scale_min}–{source.scale_max} →"
                f" {target.scale_min}–{target.scale_max}); sparade svar kan hamna utanför.",
                f"{current}: the scale gets narrower ({source.scale_min}–{source.scale_max} →"
                f" {target.scale_min}–{target.scale_max}); stored answers may fall"
                " outside.")))  # fmt: skip
    return issues


def _unmarked_renames(
    old_questions: dict[str, Question], new: FormSpec, diff: FormDiff
) -> list[UpgradeIssue]:
    """A removed and an added question that look alike: probably a rename without mapping."""
    issues = []
    for removed in diff.removed:
        source = old_questions[removed]
        for added in diff.added:
            target = new.question(added)
            if _looks_like(source, target):
                issues.append(UpgradeIssue(added, "unmarked_rename", Text(
                    f"{added} ser ut att vara {removed} med ny kod; lägg till"
                    f" renamed_from: [{removed}] så att gamla svar följer med.",
                    f"{added} looks like {removed} with a new code; add"
                    f" renamed_from: [{removed}] so old answers follow.")))  # fmt: skip
    return issues


def _looks_like(old: Question, new: Question) -> bool:
    if old.type_key != new.type_key or old.group != new.group or old.phase != new.phase:
        return False
    same_label = old.label.sv.casefold() == new.label.sv.casefold() or (
        bool(old.label.en) and old.label.en.casefold() == new.label.en.casefold()
    )
    return same_label and old.choice_codes == new.choice_codes
