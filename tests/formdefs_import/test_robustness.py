"""Any input gives a document or a UserError with a message, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from isu.errors import UserError
from isu.formdefs.document import FormDocument
from isu.formdefs.importers import import_redcap_csv

HEADER = (
    "Variable / Field Name,Form Name,Section Header,Field Type,Field Label,"
    '"Choices, Calculations, OR Slider Labels",Field Note,Text Validation Type OR Show Slider'
    " Number,Text Validation Min,Text Validation Max,Identifier?,Branching Logic (Show field"
    " only if...),Required Field?\n"
)
CELLS = st.sampled_from(
    ["", "a", "x_1", "radio", "checkbox", "calc", "slider", "text", "integer", "date_ymd",
     "1, Ja | 2, Nej", "[a] = '1'", "[x_1(2)] = '1'", "sum([a],[x_1])", "y", "-3", "0", "and",
     "Ärende", "intake", "closure", '"quoted, cell"', "[a] > today"]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=13, max_size=13), max_size=6))
def test_redcap_import_never_crashes(rows):
    text = HEADER + "\n".join(",".join(row) for row in rows)
    try:
        document, report = import_redcap_csv(text)
    except UserError:
        return
    assert report.imported <= report.fields
    document.problems()  # the loader judges it; it may report problems but not crash
    assert FormDocument.from_yaml(document.to_yaml()).to_yaml() == document.to_yaml()


@settings(max_examples=80, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "phases", "before", "sections", "questions", "code", "type",
                         "label", "choice_lists", "title", "repeat"]), inner, max_size=3),
    max_leaves=12,
))  # fmt: skip
def test_any_yaml_shape_opens_or_is_refused(data):
    import yaml

    text = yaml.safe_dump(data)
    try:
        document = FormDocument.from_yaml(text)
    except UserError:
        return
    written = document.to_yaml()
    assert FormDocument.from_yaml(written).canonical_yaml() == document.canonical_yaml()
    document.problems()
