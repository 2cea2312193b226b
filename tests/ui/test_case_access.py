"""The GUI open path answers a case one may not open exactly like a case that does not exist,
and the refusal is audited."""

from __future__ import annotations

from isu.domain.roles import Role
from isu.services import audit, cases, users
from isu.services.sign_in import login
from isu.ui.main_window import MainWindow
from tests.ui.conftest import visible_message_boxes

TIMEOUT = 10_000


def test_opening_a_forbidden_case_looks_like_opening_a_missing_one(qtbot, ui_ctx, new_db):
    admin, _recovery = new_db
    for name in ("sara", "johan"):
        users.add_user(admin, name, f"{name}s-lösenord", Role.COORDINATOR)
    sara = login(admin.path, "sara", "saras-lösenord")
    own = cases.register_case(sara, "S-1")
    sara.close()
    window = MainWindow(ui_ctx, login(admin.path, "johan", "johans-lösenord"))
    qtbot.addWidget(window)
    window.show()
    texts = []
    try:
        for case_id in (own.case_id, own.case_id + 1000):
            window.open_case(case_id)
            qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=TIMEOUT)
            (box,) = visible_message_boxes()
            texts.append(box.text())
            box.close()
            qtbot.waitUntil(lambda: not visible_message_boxes(), timeout=TIMEOUT)
        assert window.case_view is None
    finally:
        window._closing = True
        window.close()
    assert texts[0] == texts[1] and "finns inte, eller så har du inte behörighet" in texts[0]
    with admin.db.reading() as session:
        refused = [
            (e.actor, e.target) for e in audit.entries(session) if e.action == "case_read_refused"
        ]
    assert refused == [("johan", f"case:{own.case_id}"), ("johan", f"case:{own.case_id + 1000}")]
