"""Reading the parts of a form that let any follow-up, not only SIG, be summarised: what
each phase needs (``requires``), the scale values that count as high (``top_box``) and the
form's unit of analysis (``unit_noun``). Called by ``isu.formdefs.schema``'s reader.
"""

from __future__ import annotations

from typing import Any, Protocol

from isu.domain.form import PHASE_REQUIREMENTS, QType, UnitNoun
from isu.domain.text import Text
from isu.formdefs.yamltree import YList, YMap


class Reader(Protocol):
    """What these readers need of the schema's reader (``isu.formdefs.schema.FormReader``)."""

    def add(self, line: int, sv: str, en: str) -> None: ...
    def as_list(self, value: Any, line: int, what: tuple[str, str]) -> YList | None: ...
    def as_map(self, value: Any, line: int, what: tuple[str, str]) -> YMap | None: ...
    def forbid(self, data: YMap, keys: tuple[str, ...], qtype: str) -> None: ...
    def label(self, data: YMap, key: str) -> Text | None: ...
    def keys(
        self, data: YMap, allowed: set[str], required: tuple[str, ...], what: str | tuple[str, str]
    ) -> None: ...


def phase_requires(reader: Reader, data: YMap, phase: str) -> tuple[str, ...] | None:
    """``requires: [start_date]`` under a phase; None when the phase does not say."""
    if "requires" not in data:
        return None
    items = reader.as_list(data["requires"], data.line_of("requires"), ("'requires'", "'requires'"))
    found: list[str] = []
    for index, item in enumerate(items or []):
        if item not in PHASE_REQUIREMENTS:
            allowed = ", ".join(PHASE_REQUIREMENTS)
            reader.add(
                items.line_of(index),  # type: ignore[union-attr]
                f"Fasen {phase} kan bara kräva {allowed}, inte {item!r}.",
                f"The phase {phase} can only require {allowed}, not {item!r}.",
            )
        elif item not in found:
            found.append(item)
    return tuple(found)


def top_box(reader: Reader, data: YMap, low: int | None, high: int | None) -> tuple[int, ...]:
    """``top_box: [4, 5]``: whole numbers inside the scale (``low``–``high`` when known)."""
    if "top_box" not in data:
        return ()
    line = data.line_of("top_box")
    items = reader.as_list(data["top_box"], line, ("'top_box'", "'top_box'"))
    values: list[int] = []
    wrong = False
    for index, item in enumerate(items or []):
        where = items.line_of(index)  # type: ignore[union-attr]
        if isinstance(item, bool) or not isinstance(item, int):
            wrong = True
            reader.add(
                where,
                f"'top_box' ska vara en lista med heltal, inte {item!r}.",
                f"'top_box' must be a list of whole numbers, not {item!r}.",
            )
        elif low is not None and high is not None and not low <= item <= high:
            wrong = True
            reader.add(
                where,
                f"Värdet {item} i 'top_box' ligger utanför skalan {low}–{high}.",
                f"The value {item} in 'top_box' is outside the scale {low}–{high}.",
            )
        elif item not in values:
            values.append(item)
    if items is not None and not values and not wrong:
        reader.add(line, "'top_box' är tom.", "'top_box' is empty.")
    return tuple(sorted(values))


def section_top_box(reader: Reader, data: YMap, items: list) -> tuple[int, ...]:
    """A section's ``top_box``, checked against each of its scale questions."""
    values = top_box(reader, data, None, None)
    for item in items:
        if getattr(item, "type", None) is QType.SCALE and not item.top_box:
            outside = [v for v in values if not item.scale_min <= v <= item.scale_max]
            if outside:
                reader.add(
                    data.line_of("top_box"),
                    f"Värdet {outside[0]} i avsnittets 'top_box' ligger utanför skalan "
                    f"{item.scale_min}–{item.scale_max} i frågan {item.code}.",
                    f"The value {outside[0]} in the section's 'top_box' is outside the scale "
                    f"{item.scale_min}–{item.scale_max} of the question {item.code}.",
                )
                break
    return values


def question_top_box(reader: Reader, data: YMap, qtype: QType, low, high) -> tuple[int, ...]:
    if qtype is not QType.SCALE:
        reader.forbid(data, ("top_box",), qtype.value)
        return ()
    return top_box(reader, data, low, high)


def unit_noun(reader: Reader, root: YMap) -> UnitNoun | None:
    """``unit_noun: {singular: {sv: kommun, en: municipality}, plural: {sv: kommuner, en:
    municipalities}}``, or one label for both (``{sv: deltagare, en: participant}``)."""
    value: Any = root.get("unit_noun")
    if value is None:
        return None
    data = reader.as_map(value, root.line_of("unit_noun"), ("'unit_noun'", "'unit_noun'"))
    if data is None:
        return None
    if "singular" not in data and "plural" not in data:
        label = reader.label(root, "unit_noun")
        return UnitNoun(label, label) if label else None
    reader.keys(data, {"singular", "plural"}, ("singular", "plural"), "unit_noun")
    singular, plural = reader.label(data, "singular"), reader.label(data, "plural")
    if singular is None or plural is None:
        return None
    return UnitNoun(_lower(singular), _lower(plural))


def _lower(label: Text) -> Text:
    return Text(label.sv.strip(), label.en.strip())
