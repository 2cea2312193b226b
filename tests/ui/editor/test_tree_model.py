"""The form tree model passes Qt's model tester, also while it is edited."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from isu.formdefs.document import new_question, new_section
from isu.ui.editor.tree_model import FormTreeModel


def test_model_passes_the_model_tester(qtmodeltester, sig_document):
    model = FormTreeModel(sig_document, "en")
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 5
    during = model.index(2, 0)
    assert model.data(during) == "During"
    group = model.index_for(sig_document.find("interventions"))
    assert model.data(group.siblingAtColumn(1)) == "Repeat group"
    assert model.rowCount(group) == 7
    assert model.path_of(model.index(3, 0, group)) == (*sig_document.find("interventions"), 3)


def test_model_stays_consistent_through_edits(qtmodeltester, sig_document):
    model = FormTreeModel(sig_document, "en")
    qtmodeltester.check(model, force_py=True)
    model.insert_node((1, 0, 0), new_question("extra", "integer"))
    model.insert_node((4, 1), new_section("extra_section"))
    model.move_node(sig_document.find("extra"), (4, 1, 0))
    model.set_property((4, 1, 0), "label", {"sv": "Extra", "en": "Extra"})
    removed = model.remove_node(sig_document.find("unit"))
    assert removed.code == "unit"
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index_for((4, 1, 0))) == "extra – Extra"


def test_drops_are_asked_for_not_done(qtbot, sig_document):
    model = FormTreeModel(sig_document, "en")
    source = sig_document.find("referred_by")
    data = model.mimeData([model.index_for(source)])
    target_parent = model.index_for(sig_document.find("background", ("section",)))
    with qtbot.waitSignal(model.move_requested) as signal:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, target_parent)
    assert signal.args == [source, (1, 0, 1)]
    assert sig_document.find("referred_by") == source  # the window moves it, undoably
    # Dropping a question onto a question puts it right after that question.
    onto = model.index_for(sig_document.find("gender"))
    assert model.drop_target(data, -1, onto) == (source, (1, 0, 1))
    # A section cannot go into a repeat group, nor anything onto the root.
    section = model.mimeData([model.index_for((0, 1))])
    assert (
        model.drop_target(section, 0, model.index_for(sig_document.find("interventions"))) is None
    )
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
