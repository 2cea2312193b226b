"""The canonical YAML layout of a form file, as the form editor writes it.

Block style, with labels, choices, anchors and code lists on one line each, keys in the order
given, blank lines between the big blocks, and a header comment. Writing data read from
canonical text gives byte-identical text (see `isu.formdefs.document`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_HEADER_COMMENT = "# Form written by the ISU form editor. Format: docs/forms.md.\n"


class _Flow(dict):
    """A mapping written on one line: labels, choices, anchors, compute."""


class _FlowList(list):
    """A list written on one line: codes, age bands."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as in forms/sig.yaml.
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True)
)
_Dumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)

_FLOW_KEYS = {"title", "label", "help", "constraint_message", "description", "compute"}


def _styled(value: Any, key: str = "") -> Any:
    """Mark which parts are written on one line; everything else is block style."""
    if isinstance(value, dict):
        inner = {k: _styled(v, k) for k, v in value.items()}
        return _Flow(inner) if key in _FLOW_KEYS or _is_leaf_map(value) else inner
    if isinstance(value, list):
        items = [_styled(item) for item in value]
        return _FlowList(items) if all(not isinstance(v, dict) for v in value) else items
    return value


def _is_leaf_map(value: dict) -> bool:
    """A choice, missing code or anchor: short keys with a label (``{code, label}``)."""
    keys = set(value)
    return keys <= {"code", "label", "value"} and "label" in keys


def dump_canonical(data: dict[str, Any]) -> str:
    text = yaml.dump(
        _styled(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # never fold a label over two lines
        indent=2,
    )
    lines = text.splitlines()
    spaced: list[str] = []
    in_phases = False
    for line in lines:
        top_level = bool(line) and not line.startswith((" ", "-"))
        phase_key = in_phases and re.fullmatch(r"  [a-z]+:", line) is not None
        after_key = bool(spaced) and spaced[-1] == "phases:"
        big_block = top_level and line.split(":")[0] in ("choice_lists", "phases")
        if spaced and not after_key and (big_block or phase_key):
            spaced.append("")  # blank lines between the big blocks, for reading
        if top_level:
            in_phases = line.startswith("phases:")
        spaced.append(line)
    return _HEADER_COMMENT + "\n".join(spaced) + "\n"
