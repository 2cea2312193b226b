"""An editable form document: the YAML form as a plain mutable tree, for the form editor.

The typed ``FormSpec`` is frozen and only exists for valid forms; an editor needs something
it can change one step at a time, that may be invalid in between. ``FormDocument`` mirrors
the YAML file: a header (id, version, title, …), reusable choice lists, and a tree of
nodes — the five phases, their sections, the sections' questions and repeat groups, and
the groups' questions. Every node keeps its YAML keys in ``props`` (plain dicts, lists and
strings, exactly as YAML reads them), so any property can be set without this module
knowing its meaning; the real loader judges the result (``problems()``).

Nodes are addressed by *paths*: ``(phase,)``, ``(phase, section)``,
``(phase, section, item)`` and ``(phase, section, item, child)`` (indexes). Each edit
returns what is needed to undo it, so the UI can wrap edits in undo commands.

Round trip: ``to_yaml()`` writes a canonical, readable layout (block style, labels and
choices on one line each, keys in a fixed order). Writing a document loaded from canonical
text gives byte-identical text. For a hand-written file (comments, other key order or
quoting) the original text is returned unchanged as long as nothing was edited; after an
edit the whole file is written in the canonical layout (its comments are not kept).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from isu.domain import expr, expr_types
from isu.domain.expr_types import ExprType, TypeInfo
from isu.domain.form import DEFAULT_AGE_BANDS, DEFAULT_MISSING_CODES, PHASE_TITLES, PHASES
from isu.errors import UserError
from isu.formdefs.canonical_yaml import dump_canonical
from isu.formdefs.loader import check_form_text
from isu.formdefs.problems import Problem

Path = tuple[int, ...]

HEADER_KEYS = ("id", "version", "title", "description", "missing_codes", "age_bands")
SECTION_KEYS = ("code", "title", "relevant")
GROUP_KEYS = ("code", "type", "role", "label", "help", "relevant")
QUESTION_KEYS = (
    "code",
    "type",
    "role",
    "choices",
    "privacy",
    "pair",
    "renamed_from",
    "required",
    "missing",
    "label",
    "help",
    "relevant",
    "constraint",
    "constraint_message",
    "min",
    "max",
    "anchors",
    "compute",
)
QUESTION_TYPES = (
    "single",
    "multiple",
    "yesno",
    "integer",
    "decimal",
    "date",
    "text",
    "longtext",
    "scale",
    "computed",
    "descriptive",  # a text block without an answer
)
_CODE_RE = re.compile(r"[a-z][a-z0-9_]{0,59}")


class DocumentError(UserError):
    """The text cannot be opened as a form document (not YAML, or not shaped like a form)."""


@dataclass(eq=False)
class Node:
    """A phase, section, question or repeat group. ``children``: a phase's sections, a
    section's items, a repeat group's questions; a question has none."""

    kind: str  # "phase", "section", "question" or "group"
    props: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    name: str = ""  # a phase's name
    # The code this node had when the document was opened (None if added since); the
    # editor offers ``renamed_from`` when a published code was edited.
    origin_code: str | None = None

    @property
    def code(self) -> str:
        return self.name if self.kind == "phase" else str(self.props.get("code", ""))

    def label(self, lang: str = "sv") -> str:
        key = "title" if self.kind in ("phase", "section") else "label"
        value = self.props.get(key)
        if value is None and self.kind == "phase":
            return PHASE_TITLES[self.name][0 if lang == "sv" else 1]
        return label_text(value, lang)

    def copy(self) -> Node:
        return Node(
            self.kind,
            copy.deepcopy(self.props),
            [child.copy() for child in self.children],
            self.name,
            self.origin_code,
        )


def label_text(value: Any, lang: str = "sv") -> str:
    """The text of a ``{sv, en}`` label (or a plain string) in one language."""
    if isinstance(value, dict):
        text = value.get(lang) or value.get("sv") or value.get("en") or ""
        return str(text)
    return "" if value is None else str(value)


def make_label(sv: str, en: str = "") -> dict[str, str]:
    return {"sv": sv, "en": en} if en else {"sv": sv}


def new_question(code: str, qtype: str = "text", label: str = "") -> Node:
    return Node("question", {"code": code, "type": qtype, "label": make_label(label or code)})


def new_group(code: str, label: str = "") -> Node:
    return Node("group", {"code": code, "type": "repeat", "label": make_label(label or code)})


def new_section(code: str, title: str = "") -> Node:
    return Node("section", {"code": code, "title": make_label(title or code)})


# --- the document ---------------------------------------------------------------------------


@dataclass(eq=False)
class FormDocument:
    header: dict[str, Any]
    choice_lists: dict[str, list[dict[str, Any]]]
    phases: list[Node]  # always the five phases, in PHASES order
    source_text: str | None = None  # the text it was opened from
    _opened_as: str | None = field(default=None, repr=False)  # canonical text at opening

    # -- creating ------------------------------------------------------------------------------
    @classmethod
    def empty(cls, form_id: str = "new_form", title: str = "Nytt formulär") -> FormDocument:
        header = {"id": form_id, "version": 1, "title": make_label(title, "New form")}
        phases = [Node("phase", name=name) for name in PHASES]
        phases[PHASES.index("before")].children.append(new_section("section_1", "Avsnitt 1"))
        return cls(header, {}, phases)

    @classmethod
    def from_yaml(cls, text: str) -> FormDocument:
        """Open form text; raises ``DocumentError`` if it is not YAML shaped like a form."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            from isu.formdefs.yaml_errors import yaml_problem_text

            raise DocumentError(
                f"Filen är inte giltig YAML. {yaml_problem_text(error, 'sv')}",
                f"The file is not valid YAML. {yaml_problem_text(error, 'en')}",
            ) from None
        if not isinstance(data, dict):
            raise _shape_error("formuläret", "the form")
        document = cls._from_data(data)
        document.source_text = text
        document._opened_as = document.canonical_yaml()
        return document

    @classmethod
    def _from_data(cls, data: dict[str, Any]) -> FormDocument:
        header = {key: data[key] for key in HEADER_KEYS if key in data}
        lists = data.get("choice_lists") or {}
        if not isinstance(lists, dict):
            raise _shape_error("choice_lists", "choice_lists")
        phases_data = data.get("phases") or {}
        if not isinstance(phases_data, dict):
            raise _shape_error("phases", "phases")
        phases = [_phase_from(name, phases_data.get(name)) for name in PHASES]
        extra = {k: v for k, v in data.items() if k not in (*HEADER_KEYS, "choice_lists", "phases")}
        header.update(extra)  # unknown keys stay, so the loader can report them
        return cls(header, {str(k): v for k, v in lists.items()}, phases)

    # -- writing -------------------------------------------------------------------------------
    def to_yaml(self) -> str:
        """The form as YAML; the original text if nothing changed since it was opened."""
        canonical = self.canonical_yaml()
        if self.source_text is not None and canonical == self._opened_as:
            return self.source_text
        return canonical

    def canonical_yaml(self) -> str:
        return dump_canonical(self.to_data())

    def mark_saved(self, text: str | None = None) -> None:
        """After saving or publishing: what is written now counts as unchanged."""
        self.source_text = text if text is not None else self.canonical_yaml()
        self._opened_as = self.canonical_yaml()

    @property
    def is_modified(self) -> bool:
        return self._opened_as is None or self.canonical_yaml() != self._opened_as

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: self.header[key] for key in HEADER_KEYS if key in self.header}
        data.update({k: v for k, v in self.header.items() if k not in HEADER_KEYS})
        if self.choice_lists:
            data["choice_lists"] = self.choice_lists
        data["phases"] = {phase.name: _phase_data(phase) for phase in self.phases if phase.children}
        return data

    # -- validation ------------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        """What the real loader finds wrong with ``to_yaml()`` (empty when the form is fine)."""
        return check_form_text(self.canonical_yaml(), "<editor>")

    def node_lines(self) -> list[tuple[int, Path]]:
        """(first line in ``canonical_yaml()``, path) of every node, to place problems."""
        lines = self.canonical_yaml().splitlines()
        found: list[tuple[int, Path]] = []
        position = 0
        for path, node in self.walk():
            if node.kind == "phase":
                if not node.children:
                    continue
                pattern = re.compile(rf"^  {node.name}:$")
            else:
                pattern = re.compile(rf"^\s*- code: {re.escape(node.code)}$")
            for number in range(position, len(lines)):
                if pattern.match(lines[number]):
                    found.append((number + 1, path))
                    position = number + 1
                    break
        return found

    def path_for_line(self, line: int) -> Path | None:
        best = None
        for start, path in self.node_lines():
            if start <= line:
                best = path
        return best

    # -- navigation ----------------------------------------------------------------------------
    def node(self, path: Path) -> Node:
        node = self.phases[path[0]]
        for index in path[1:]:
            node = node.children[index]
        return node

    def siblings(self, path: Path) -> list[Node]:
        return self.phases if len(path) == 1 else self.node(path[:-1]).children

    def walk(self) -> Iterator[tuple[Path, Node]]:
        def visit(node: Node, path: Path) -> Iterator[tuple[Path, Node]]:
            yield path, node
            for index, child in enumerate(node.children):
                yield from visit(child, (*path, index))

        for index, phase in enumerate(self.phases):
            yield from visit(phase, (index,))

    def questions(self) -> list[tuple[Path, Node]]:
        """Question nodes, descriptive texts (``type: descriptive``) included."""
        return [(p, n) for p, n in self.walk() if n.kind == "question"]

    def answered_questions(self) -> list[tuple[Path, Node]]:
        """Question nodes that take an answer (not descriptive texts)."""
        return [(p, n) for p, n in self.questions() if n.props.get("type") != "descriptive"]

    def find(self, code: str, kinds: tuple[str, ...] = ("question", "group")) -> Path | None:
        """The path of the question or group (or, with ``kinds``, section) with this code."""
        return next((p for p, n in self.walk() if n.kind in kinds and n.code == code), None)

    def codes(self) -> set[str]:
        return {n.code for _, n in self.walk() if n.kind in ("question", "group")}

    def group_of(self, path: Path) -> str | None:
        """The repeat group a question at ``path`` is in, if any."""
        return self.node(path[:3]).code if len(path) == 4 else None

    # -- edits (each returns what undoes it) -----------------------------------------------------
    def can_hold(self, parent: Path, node: Node) -> bool:
        """Whether ``node`` may be a child of the node at ``parent``."""
        holder = self.node(parent)
        wanted = {"phase": "section", "section": "question|group", "group": "question"}
        return node.kind in wanted.get(holder.kind, "").split("|")

    def insert(self, path: Path, node: Node) -> None:
        if not self.can_hold(path[:-1], node):
            raise ValueError(f"a {node.kind} cannot go at {path}")
        self.siblings(path).insert(path[-1], node)

    def remove(self, path: Path) -> Node:
        if len(path) == 1:
            raise ValueError("phases cannot be removed")
        return self.siblings(path).pop(path[-1])

    def move(self, source: Path, target: Path) -> None:
        """Move a node; ``target`` is its path after the move."""
        node = self.remove(source)
        try:
            self.insert(target, node)
        except ValueError:
            self.insert(source, node)
            raise

    def duplicate(self, path: Path) -> tuple[Path, Node]:
        """A copy right after the original, with fresh codes; returns (path, copy)."""
        original = self.node(path)
        twin = original.copy()
        taken = self.codes() | self.section_codes()
        renamed: dict[str, str] = {}
        for node in _tree(twin):
            if node.kind != "phase":
                new = unique_code(f"{node.code}_copy", taken)
                renamed[node.code] = new
                node.props["code"] = new
                taken.add(new)
                node.origin_code = None
                node.props.pop("renamed_from", None)
                if node.kind == "question":
                    node.props.pop("role", None)  # a role may be used only once
            if node.kind == "group":
                node.props.pop("role", None)
        # Logic inside the copy refers to the copy (e.g. within a duplicated repeat group).
        for node in _tree(twin):
            for key in ("relevant", "constraint"):
                if isinstance(node.props.get(key), str):
                    node.props[key] = rename_references(node.props[key], renamed)
        target = (*path[:-1], path[-1] + 1)
        self.insert(target, twin)
        return target, twin

    def section_codes(self) -> set[str]:
        return {n.code for _, n in self.walk() if n.kind == "section"}

    def set_property(self, path: Path, key: str, value: Any) -> Any:
        """Set (or with ``None`` remove) a property; returns the old value."""
        props = self.node(path).props
        old = props.get(key)
        if value is None or value == "":
            props.pop(key, None)
        else:
            props[key] = value
        return old

    def set_header(self, key: str, value: Any) -> Any:
        old = self.header.get(key)
        if value is None or value == "":
            self.header.pop(key, None)
        else:
            self.header[key] = value
        return old

    def set_choice_list(self, list_id: str, choices: list[dict[str, Any]] | None) -> Any:
        """Create, replace or (with ``None``) delete a choice list; returns the old choices."""
        old = self.choice_lists.get(list_id)
        if choices is None:
            self.choice_lists.pop(list_id, None)
        else:
            self.choice_lists[list_id] = choices
        return old

    def rename_choice_list(self, old: str, new: str) -> list[Path]:
        """Rename a list and every question that uses it; returns those questions' paths."""
        if new in self.choice_lists:
            raise ValueError(f"the choice list {new} exists")
        self.choice_lists = {
            (new if key == old else key): value for key, value in self.choice_lists.items()
        }
        users = [p for p, n in self.questions() if n.props.get("choices") == old]
        for path in users:
            self.node(path).props["choices"] = new
        return users

    def choice_list_users(self, list_id: str) -> list[str]:
        return [n.code for _, n in self.questions() if n.props.get("choices") == list_id]

    def new_code(self, stem: str = "question") -> str:
        return unique_code(stem, self.codes() | self.section_codes())

    # -- expressions -----------------------------------------------------------------------------
    def choice_codes(self, node: Node) -> list[str]:
        choices = node.props.get("choices")
        if isinstance(choices, str):
            choices = self.choice_lists.get(choices) or []
        if not isinstance(choices, list):
            return []
        return [str(c.get("code")) for c in choices if isinstance(c, dict)]

    def type_info(self, node: Node) -> TypeInfo:
        """How a question looks from inside an expression (the twin of check.type_info)."""
        qtype = node.props.get("type")
        code = node.code
        kinds = {
            "single": ExprType.CHOICE,
            "multiple": ExprType.MULTI,
            "yesno": ExprType.BOOL,
            "date": ExprType.DATE,
            "text": ExprType.TEXT,
            "longtext": ExprType.TEXT,
        }
        if qtype in ("single", "multiple"):
            return TypeInfo(kinds[qtype], frozenset(self.choice_codes(node)), code=code)
        compute = node.props.get("compute")
        if qtype == "computed" and isinstance(compute, dict) and compute.get("kind") == "age_band":
            bands = compute.get("bands") or self.header.get("age_bands")
            codes = (
                [f"{b[0]}-{b[1]}" for b in bands if isinstance(b, list) and len(b) == 2]
                if bands
                else [band.code for band in DEFAULT_AGE_BANDS]
            )
            return TypeInfo(ExprType.CHOICE, frozenset(codes), code=code)
        return TypeInfo(kinds.get(str(qtype), ExprType.NUMBER), code=code)

    def scope(self, group: str | None) -> Callable[[str], TypeInfo | None]:
        """The questions an expression in ``group`` (None: case level) may refer to."""
        visible: dict[str, TypeInfo] = {}
        for path, node in self.questions():
            if node.props.get("type") == "descriptive":
                continue  # no answer to refer to
            inside = self.group_of(path)
            if inside is None or inside == group:
                visible.setdefault(node.code, self.type_info(node))
        return visible.get

    def visible_codes(self, path: Path) -> list[str]:
        """Codes an expression on the node at ``path`` may use, in form order (completion)."""
        group = self.group_of(path) if len(path) == 4 else None
        if len(path) == 3 and self.node(path).kind == "group":
            group = None
        lookup = self.scope(group)
        return [n.code for p, n in self.questions() if lookup(n.code) is not None]

    def check_expression(self, path: Path, key: str, text: str) -> expr.ExpressionError | None:
        """Parse and type-check ``relevant``/``constraint`` text for the node at ``path``."""
        node = self.node(path)
        group = self.group_of(path) if node.kind == "question" else None
        try:
            tree = expr.parse(text)
            own = self.type_info(node) if key == "constraint" else None
            expr_types.check_condition(tree, self.scope(group), own)
        except expr.ExpressionError as error:
            return error
        return None


def rename_references(text: str, renamed: dict[str, str]) -> str:
    """``text`` with question codes replaced (names only, never inside quoted strings)."""
    try:
        tokens = expr.tokenize(text)
    except expr.ExpressionError:
        return text
    pieces, last = [], 0
    for token in tokens:
        if token.kind == "name" and token.text in renamed:
            pieces += [text[last : token.pos], renamed[token.text]]
            last = token.pos + len(token.text)
    return "".join(pieces) + text[last:]


def unique_code(stem: str, taken: set[str]) -> str:
    base = slug(stem) or "question"
    if base not in taken and base not in expr.KEYWORDS:
        return base
    number = 2
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"


_TRANSLIT = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "ae", "ø": "o"})


def slug(text: str, limit: int = 50) -> str:
    """A snake_case code from any text (lower-case a–z, digits, _; starts with a letter)."""
    lowered = str(text).lower().translate(_TRANSLIT)
    cleaned = re.sub(r"[^a-z0-9]+", "_", lowered).strip("_")[:limit].strip("_")
    if cleaned and not cleaned[0].isalpha():
        cleaned = f"q_{cleaned}"
    return cleaned


def is_code(text: str) -> bool:
    return bool(_CODE_RE.fullmatch(text)) and text not in expr.KEYWORDS


def _tree(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _tree(child)


def _shape_error(sv: str, en: str) -> DocumentError:
    return DocumentError(
        f"Texten är inte ett formulär: {sv} har fel form.",
        f"The text is not a form: {en} has the wrong shape.",
    )


def _phase_from(name: str, data: Any) -> Node:
    phase = Node("phase", name=name)
    if data is None:
        return phase
    if not isinstance(data, dict):
        raise _shape_error(f"fasen {name}", f"the phase {name}")
    phase.props = {k: v for k, v in data.items() if k != "sections"}
    sections = data.get("sections") or []
    if not isinstance(sections, list):
        raise _shape_error(f"avsnitten i {name}", f"the sections of {name}")
    phase.children = [_section_from(s) for s in sections]
    return phase


def _section_from(data: Any) -> Node:
    if not isinstance(data, dict):
        raise _shape_error("ett avsnitt", "a section")
    section = Node("section", {k: v for k, v in data.items() if k != "questions"})
    section.origin_code = section.code
    section.children = [_item_from(item) for item in _list(data.get("questions"))]
    return section


def _item_from(data: Any) -> Node:
    if not isinstance(data, dict):
        raise _shape_error("en fråga", "a question")
    kind = "group" if data.get("type") == "repeat" else "question"
    node = Node(kind, {k: v for k, v in data.items() if k != "questions"})
    node.origin_code = node.code
    if kind == "group":
        node.children = [_item_from(item) for item in _list(data.get("questions"))]
    return node


def _list(value: Any) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _shape_error("'questions'", "'questions'")
    return value


def _phase_data(phase: Node) -> dict[str, Any]:
    data = dict(phase.props)
    data["sections"] = [_section_data(s) for s in phase.children]
    return data


def _section_data(section: Node) -> dict[str, Any]:
    data = _ordered(section.props, SECTION_KEYS)
    data["questions"] = [_item_data(item) for item in section.children]
    return data


def _item_data(item: Node) -> dict[str, Any]:
    if item.kind == "group":
        data = _ordered(item.props, GROUP_KEYS)
        data["questions"] = [_item_data(child) for child in item.children]
        return data
    return _ordered(item.props, QUESTION_KEYS)


def _ordered(props: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    data = {key: props[key] for key in order if key in props}
    data.update({k: v for k, v in props.items() if k not in data and k != "questions"})
    return data


def default_missing_codes() -> list[dict[str, Any]]:
    return [
        {"code": m.code, "label": make_label(m.label.sv, m.label.en)} for m in DEFAULT_MISSING_CODES
    ]
