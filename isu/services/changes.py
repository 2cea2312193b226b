"""What a service changed, so every view can decide alone whether to refresh (Anki's OpChanges).

The flow, one way only:

1. A mutating service returns a ``Changes`` or carries one back with its result
   (``SaveResult.changes``, ``ImportResult.changes``, ``ErasureResult.changes``; ``carrying``
   attaches one to a plain value such as the ``DatabaseSettings`` ``settings.save`` returns or
   the ``User`` of ``users.add_user``; a ``Count`` for numbers). ``changes_of(result)``
   reads it from any of them.
2. The GUI runs the service on the database worker and hands the result to
   ``MainWindow.report`` (views that run operations report to the window, never to each other).
3. The main window emits ``changed(Changes)`` once per operation.
4. Each view connected to ``changed`` looks at the flags it shows (``cases``, ``settings``, …)
   and reloads itself; a view that does not show what changed does nothing.

Nothing here touches Qt or the database: the value is plain and frozen, and ``|`` combines two.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    """``case_ids``: the cases touched, when known (empty with ``cases`` set: any case may have
    changed, e.g. after an import or a retention run)."""

    cases: bool = False
    case_ids: frozenset[int] = frozenset()
    forms: bool = False
    users: bool = False
    settings: bool = False
    summaries_saved: bool = False
    audit: bool = False

    def __or__(self, other: Changes) -> Changes:
        if not isinstance(other, Changes):
            return NotImplemented
        values = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            values[f.name] = mine | theirs
        return Changes(**values)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches_case(self, case_id: int) -> bool:
        """True if the case may have changed (every case, when no ids are named)."""
        return self.cases and (not self.case_ids or case_id in self.case_ids)


NOTHING = Changes()
CASES = Changes(cases=True, audit=True)
FORMS = Changes(forms=True, audit=True)
USERS = Changes(users=True, audit=True)
SETTINGS = Changes(settings=True, audit=True)
SUMMARIES_SAVED = Changes(summaries_saved=True)
AUDIT = Changes(audit=True)  # only the audit log grew (e.g. a retention run that found nothing)


def for_cases(*case_ids: int) -> Changes:
    return Changes(cases=True, case_ids=frozenset(case_ids), audit=True)


class Count(int):
    """A number a service returns (cases imported, cases deleted) that also says what it
    changed (Anki's OpChangesWithCount): it still compares, prints and adds as the number."""

    changes: Changes

    def __new__(cls, value: int, changes: Changes) -> Count:
        count = super().__new__(cls, value)
        count.changes = changes
        return count


def carrying(result, changes: Changes):
    """``result`` (a frozen value such as ``DatabaseSettings`` or ``User``) with ``changes``
    attached as a plain attribute: not a dataclass field, so it never reaches ``asdict``,
    equality or the database, and a value read (not changed) carries none."""
    object.__setattr__(result, "changes", changes)
    return result


def changes_of(result: object) -> Changes:
    """The ``Changes`` a service returned or carried back with its result (NOTHING if none)."""
    if isinstance(result, Changes):
        return result
    carried = getattr(result, "changes", None)
    return carried if isinstance(carried, Changes) else NOTHING
