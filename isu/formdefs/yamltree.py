"""Read YAML into plain Python data that remembers the line of every node.

PyYAML's ``safe_load`` forgets where things were; we compose the node tree (which keeps
start marks) and convert it ourselves. Mappings become ``YMap`` (a dict with ``line`` and
``lines[key]`` = line of the value), sequences become ``YList`` (with ``lines[i]``).
Nesting depth, size and aliases are bounded first so hostile input cannot crash the
C parser (it recurses without a limit) or expand exponentially.
"""

from __future__ import annotations

from typing import Any

import yaml

from isu.formdefs.problems import ProblemList

MAX_TEXT_CHARS = 2_000_000
MAX_NESTING = 40
MAX_NODES = 200_000

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
)
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YMap(dict):
    """A mapping with the line of the mapping and of each value."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class YList(list):
    """A sequence with the line of the sequence and of each item."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def _error_line(error: Exception, text: str) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(error, "position", None)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return 1


def _yaml_problem(problems: ProblemList, error: Exception, text: str) -> None:
    from isu.formdefs.yaml_errors import yaml_problem_text

    problems.add(
        _error_line(error, text),
        f"Filen är inte giltig YAML. {yaml_problem_text(error, 'sv')}",
        f"The file is not valid YAML. {yaml_problem_text(error, 'en')}",
    )


def _nesting_ok(text: str, problems: ProblemList) -> bool:
    """Walk the event stream (iterative in libyaml) to reject absurd nesting before composing."""
    level = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            level += 1
            if level > MAX_NESTING:
                problems.add(
                    event.start_mark.line + 1,
                    f"För djup nästling (högst {MAX_NESTING} nivåer).",
                    f"Nested too deeply (at most {MAX_NESTING} levels).",
                )
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            level -= 1
    return True


def read_yaml(text: str, problems: ProblemList) -> Any:
    """The document as located data, or None after adding a problem."""
    if len(text) > MAX_TEXT_CHARS:
        problems.add(1, "Filen är för stor.", "The file is too large.")
        return None
    try:
        if not _nesting_ok(text, problems):
            return None
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        _yaml_problem(problems, error, text)
        return None
    if node is None:
        problems.add(1, "Filen är tom.", "The file is empty.")
        return None
    return _Converter(problems).convert(node)


class _Converter:
    def __init__(self, problems: ProblemList):
        self.problems = problems
        self.constructor = yaml.SafeLoader("")
        self.seen: set[int] = set()

    def convert(self, node: yaml.Node) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.seen or len(self.seen) > MAX_NODES:
            self.problems.add(
                line,
                "Ankare och alias (&, *) stöds inte i formulär; skriv ut innehållet.",
                "Anchors and aliases (&, *) are not supported in forms; write the content out.",
            )
            return None
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            self.problems.add(
                line,
                f"Ogiltigt värde: YAML-taggen {node.tag!r} stöds inte.",
                f"Invalid value: the YAML tag {node.tag!r} is not supported.",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, line)
        if isinstance(node, yaml.SequenceNode):
            result = YList(line)
            for item in node.value:
                result.append(self.convert(item))
                result.lines.append(item.start_mark.line + 1)
            return result
        return self.scalar(node, line)

    def scalar(self, node: yaml.Node, line: int) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            detail = " ".join(str(error).split())[:120]
            self.problems.add(line, f"Ogiltigt värde: {detail}", f"Invalid value: {detail}")
            return None

    def mapping(self, node: yaml.MappingNode, line: int) -> YMap:
        result = YMap(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            key = self.convert(key_node)
            if not isinstance(key, str):
                self.problems.add(
                    key_line,
                    f"Nyckeln {key!r} måste vara text.",
                    f"The key {key!r} must be text.",
                )
                continue
            if key in result:
                self.problems.add(
                    key_line,
                    f"Nyckeln {key!r} förekommer två gånger.",
                    f"The key {key!r} occurs twice.",
                )
                continue
            result[key] = self.convert(value_node)
            result.lines[key] = value_node.start_mark.line + 1
        return result
