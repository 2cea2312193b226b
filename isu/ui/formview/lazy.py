"""The case view builds each phase tab when it is first shown. ``LazyWidgets`` is the view's
``rows`` / ``groups``: asking for a question of a tab not built yet builds that tab first, so
callers see every question as before."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from isu.domain.form import Descriptive, FormSpec, Phase, RepeatGroup

W = TypeVar("W")


def phase_codes(phase: Phase) -> tuple[list[str], list[str]]:
    """The phase's question codes and repeat-group codes, in the order on screen."""
    questions: list[str] = []
    groups: list[str] = []
    for section in phase.sections:
        for item in section.items:
            if isinstance(item, Descriptive):
                continue  # a text block: no widget anyone looks up
            (groups if isinstance(item, RepeatGroup) else questions).append(item.code)
    return questions, groups


def codes_by_phase(spec: FormSpec, phases: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """``code -> phase`` for the questions and for the repeat groups of ``phases``."""
    rows: dict[str, str] = {}
    groups: dict[str, str] = {}
    for name in phases:
        phase = spec.phase(name)
        if phase is None:
            continue
        questions, repeat_groups = phase_codes(phase)
        rows.update(dict.fromkeys(questions, name))
        groups.update(dict.fromkeys(repeat_groups, name))
    return rows, groups


class LazyWidgets(Mapping[str, W]):
    """Every code of the form; a widget is built (its whole tab) when it is looked up."""

    def __init__(self, phase_of: dict[str, str], built: dict[str, W], build: Callable[[str], None]):
        self._phase_of = phase_of
        self._built = built
        self._build = build

    def __getitem__(self, code: str) -> W:
        if code not in self._built and code in self._phase_of:
            self._build(self._phase_of[code])
        return self._built[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._phase_of)

    def __len__(self) -> int:
        return len(self._phase_of)

    def __contains__(self, code: object) -> bool:
        return code in self._phase_of
