"""The form editor: units adapt their own follow-up form inside the app.

``open_form_editor(ws, parent)`` opens it for the main window's menu; ``FormEditorWindow``
is the window itself. The editable document and the importers are Qt-free and live in
``isu.formdefs.document`` and ``isu.formdefs.importers``.
"""

from isu.ui.editor.window import FormEditorWindow, open_form_editor

__all__ = ["FormEditorWindow", "open_form_editor"]
