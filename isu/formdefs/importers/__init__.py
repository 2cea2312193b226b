"""Import forms from other tools into an editable ``FormDocument``.

``import_redcap_csv(text)`` reads a REDCap data dictionary; ``import_xlsform(path_or_bytes)``
an XLSForm workbook. Each returns ``(document, ImportReport)``; the report lists every field
that could not be mapped, or was mapped only approximately, and why.

Phase rule (both importers): questions go to the ``before`` phase, unless the REDCap form
(instrument) name, the XLSForm top-level group name or its label contains a word that names
a phase (see ``PHASE_WORDS``: e.g. "baseline", "intake" → before; "followup", "during" →
during; "closure", "exit", "discharge" → after; "satisfaction", "experience" → experience;
"admin", "registration", "enrolment" → admin). The first matching phase in the order
admin, before, during, after, experience wins.
"""

from isu.formdefs.importers.common import PHASE_WORDS, ImportNote, ImportReport, phase_for
from isu.formdefs.importers.redcap import import_redcap_csv
from isu.formdefs.importers.xlsform import import_xlsform

__all__ = [
    "PHASE_WORDS",
    "ImportNote",
    "ImportReport",
    "import_redcap_csv",
    "import_xlsform",
    "phase_for",
]
