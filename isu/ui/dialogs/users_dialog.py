"""Administration → Users: the accounts of this database, and what an administrator does with
them: add a user, change a role, disable, enable, reset a password with the recovery key.

Every change calls ``isu.services.users``, the same functions (so the same rules and audit
entries) as the ``isu user`` commands. They run on the database worker: a password is turned
into a key with Argon2id (a fraction of a second) and disabling a user may re-encrypt, so the
window never waits on the GUI thread. The window shows no password and keeps none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isu.domain.model import User
from isu.domain.roles import Role
from isu.errors import IsuError
from isu.services import users
from isu.services.workspace import Workspace
from isu.ui.context import UiContext
from isu.ui.dialog_parts import ok_cancel, wrapped_label

Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
USERNAME_ROLE = Qt.ItemDataRole.UserRole + 2
ROLES = (Role.ADMIN, Role.COORDINATOR, Role.UNIT_HEAD)


class UserTableModel(QAbstractTableModel):
    USERNAME, NAME, ROLE, STATUS = range(4)
    COLUMN_COUNT = 4

    def __init__(self, lang: str = "sv", parent: QWidget | None = None):
        super().__init__(parent)
        self._lang = lang
        self._users: list[User] = []
        self._headers = (self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Status"))

    def set_users(self, accounts: list[User]) -> None:
        self.beginResetModel()
        self._users = list(accounts)
        self.endResetModel()

    def user_at(self, row: int) -> User:
        return self._users[row]

    def row_of(self, username: str) -> int | None:
        for row, user in enumerate(self._users):
            if user.username == username:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._users):
            return None
        user = self._users[index.row()]
        column = index.column()
        if role == USERNAME_ROLE:
            return user.username
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == self.USERNAME:
                return user.username
            if column == self.NAME:
                return user.display_name
            if column == self.ROLE:
                return user.role.label(self._lang)
            if column == self.STATUS:
                if role == SORT_ROLE:
                    return int(user.disabled)
                return self.tr("Disabled") if user.disabled else self.tr("Active")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < self.COLUMN_COUNT
        ):
            return self._headers[section]
        return None


# -- the small dialogs behind the buttons -----------------------------------------------------
class AccountDialog(QDialog):
    """A form whose OK hands its values to ``submit``; it stays open (showing the service's
    message) until the change has been made, so nothing typed is lost on a mistake."""

    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit: Callable[[AccountDialog], None] | None = None
        self.intro = wrapped_label(intro)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons, self.ok_button = ok_cancel(self, ok_text, self._check_and_submit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def password_pair(self) -> tuple[QLineEdit, QLineEdit]:
        first, second = QLineEdit(), QLineEdit()
        for edit, name in ((first, self.tr("Password")), (second, self.tr("Repeat password"))):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        self.form.addRow(self.tr("&Password:"), first)
        self.form.addRow(self.tr("Repea&t password:"), second)
        self._passwords = (first, second)
        return first, second

    def password(self) -> str:
        return self._passwords[0].text()

    def problem(self) -> str | None:
        """What is wrong before anything is sent to the services (None: nothing)."""
        if hasattr(self, "_passwords"):
            first, second = (edit.text() for edit in self._passwords)
            if not first:
                return self.tr("Enter the password.")
            if first != second:
                return self.tr("The two passwords are not the same.")
        return None

    def _check_and_submit(self) -> None:
        if (problem := self.problem()) is not None:
            self.show_error(problem)
        elif self.submit is not None:
            self.set_busy(True)
            self.submit(self)

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        if busy:
            self.message.hide()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.message.setText(text)
        self.message.show()

    def forget_passwords(self) -> None:
        for edit in getattr(self, "_passwords", ()):
            edit.clear()


class AddUserDialog(AccountDialog):
    def __init__(self, parent: QWidget | None = None, lang: str = "sv"):
        super().__init__(
            self.tr("Add user"),
            self.tr(
                "The new user signs in with this password. Give it to them in person; they"
                " can change it afterwards."
            ),
            self.tr("&Add user"),
            parent,
        )
        self.username_edit = QLineEdit()
        self.username_edit.setAccessibleName(self.tr("User name"))
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setAccessibleName(self.tr("Name"))
        self.role_combo = role_combo(lang, Role.COORDINATOR)
        self.form.addRow(self.tr("&User name:"), self.username_edit)
        self.form.addRow(self.tr("&Name:"), self.display_name_edit)
        self.form.addRow(self.tr("&Role:"), self.role_combo)
        self.password_pair()

    def problem(self) -> str | None:
        if not self.username_edit.text().strip():
            return self.tr("Enter a user name.")
        return super().problem()


class RoleDialog(AccountDialog):
    def __init__(self, user: User, parent: QWidget | None = None, lang: str = "sv"):
        super().__init__(
            self.tr("Change role of %1").replace("%1", user.username),
            self.tr("The role decides what the user may see and do."),
            self.tr("&Change role"),
            parent,
        )
        self.role_combo = role_combo(lang, user.role)
        self.form.addRow(self.tr("&Role:"), self.role_combo)


class EnableDialog(AccountDialog):
    def __init__(self, user: User, parent: QWidget | None = None):
        super().__init__(
            self.tr("Enable %1").replace("%1", user.username),
            self.tr(
                "A disabled account has no key any more, so it needs a new password to"
                " sign in again."
            ),
            self.tr("&Enable"),
            parent,
        )
        self.password_pair()


class RecoveryResetDialog(AccountDialog):
    def __init__(self, user: User, parent: QWidget | None = None):
        super().__init__(
            self.tr("Reset password of %1").replace("%1", user.username),
            self.tr(
                "The recovery key (shown once when the database was created) gives the user a"
                " new password and enables the account. The reset is written to the audit log."
            ),
            self.tr("&Reset password"),
            parent,
        )
        self.recovery_edit = QLineEdit()
        self.recovery_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery_edit.setAccessibleName(self.tr("Recovery key"))
        self.form.addRow(self.tr("Recovery &key:"), self.recovery_edit)
        self.password_pair()

    def problem(self) -> str | None:
        if not self.recovery_edit.text().strip():
            return self.tr("Enter the recovery key.")
        return super().problem()

    def forget_passwords(self) -> None:
        super().forget_passwords()
        self.recovery_edit.clear()


def role_combo(lang: str, current: Role) -> QComboBox:
    combo = QComboBox()
    for role in ROLES:
        combo.addItem(role.label(lang), role.value)
    combo.setCurrentIndex(ROLES.index(current))
    return combo


def chosen_role(combo: QComboBox) -> Role:
    return Role(combo.currentData())


# -- the window -------------------------------------------------------------------------------
class UsersDialog(QDialog):
    """The users of the open database. ``changed`` is emitted once the list is loaded again
    after a change (with the message shown to the user)."""

    changed = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: UiContext, ws: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.ws = ctx, ws
        self.setWindowTitle(self.tr("ISU – Users"))
        self.model = UserTableModel(ctx.lang, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(UserTableModel.USERNAME, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        intro = wrapped_label(
            self.tr(
                "Each user has a password and a role. Disabling a user removes their key at"
                " once; everything is written to the audit log."
            )
        )
        self.add_button = QPushButton(self.tr("&Add user…"))
        self.role_button = QPushButton(self.tr("Change &role…"))
        self.disable_button = QPushButton(self.tr("&Disable"))
        self.enable_button = QPushButton(self.tr("&Enable…"))
        self.reset_button = QPushButton(self.tr("Reset &password…"))
        self.close_button = QPushButton(self.tr("&Close"))
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.disable_button.clicked.connect(self.disable_user)
        self.enable_button.clicked.connect(self.enable_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.close_button.clicked.connect(self.close)
        self.status = wrapped_label()
        self.status.setAccessibleName(self.tr("Result"))
        buttons = QVBoxLayout()
        for button in (
            self.add_button,
            self.role_button,
            self.disable_button,
            self.enable_button,
            self.reset_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        self.resize(760, 420)
        self._busy = False
        self._sub: AccountDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._update_buttons()
        self.reload()

    # -- list -----------------------------------------------------------------------------------
    def reload(self, then_select: str | None = None, message: str | None = None) -> None:
        ws = self.ws
        self._set_busy(True)
        self.ctx.executor.submit(
            lambda: users.list_users(ws),
            on_done=lambda accounts: self._show_users(accounts, then_select, message),
            on_error=self._failed,
        )

    def _show_users(self, accounts: list[User], select: str | None, message: str | None) -> None:
        keep = select or (self.selected_user().username if self.selected_user() else None)
        self.model.set_users(accounts)
        row = self.model.row_of(keep) if keep else None
        if row is not None:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.setCurrentIndex(index)
        self._set_busy(False)
        self.loaded.emit()
        if message is not None:
            self.status.setText(message)
            self.changed.emit(message)

    def selected_user(self) -> User | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.user_at(self.proxy.mapToSource(rows[0]).row())

    def select_user(self, username: str) -> None:
        row = self.model.row_of(username)
        if row is not None:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        user = self.selected_user()
        yourself = user is not None and user.username.lower() == self.ws.user.username.lower()
        idle = not self._busy
        self.add_button.setEnabled(idle)
        self.role_button.setEnabled(idle and user is not None and not yourself)
        self.disable_button.setEnabled(
            idle and user is not None and not user.disabled and not yourself
        )
        self.enable_button.setEnabled(idle and user is not None and user.disabled)
        self.reset_button.setEnabled(idle and user is not None)

    # -- changes --------------------------------------------------------------------------------
    def _open(self, dialog: AccountDialog, work: Callable[[AccountDialog], Callable], done: str):
        """Show ``dialog``; its OK runs ``work(dialog)`` (a callable for the worker)."""

        def submit(sub: AccountDialog) -> None:
            job = work(sub)
            select = getattr(sub, "username", None)
            self._set_busy(True)
            self.ctx.executor.submit(
                job,
                on_done=lambda _result: self._sub_done(sub, done, select),
                on_error=lambda exc: self._sub_failed(sub, exc),
            )

        dialog.submit = submit
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self._sub = dialog
        dialog.open()

    def _sub_done(self, sub: AccountDialog, message: str, select: str | None) -> None:
        sub.forget_passwords()
        sub.accept()
        self.reload(then_select=select, message=message)

    def _sub_failed(self, sub: AccountDialog, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, IsuError):
            sub.show_error(exc.message(self.ctx.lang))
        else:
            sub.show_error(self.tr("The change could not be made."))
            self.ctx.errors.show(exc, self)

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self, self.ctx.lang)
        ws = self.ws

        def work(sub: AccountDialog) -> Callable:
            assert isinstance(sub, AddUserDialog)
            name = sub.username_edit.text().strip()
            display = sub.display_name_edit.text().strip()
            role, password = chosen_role(sub.role_combo), sub.password()
            sub.username = name
            return lambda: users.add_user(ws, name, password, role, display_name=display)

        self._open(dialog, work, self.tr("The user was added."))
        return dialog

    def change_role(self) -> RoleDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = RoleDialog(user, self, self.ctx.lang)
        ws = self.ws

        def work(sub: AccountDialog) -> Callable:
            assert isinstance(sub, RoleDialog)
            role = chosen_role(sub.role_combo)
            sub.username = user.username
            return lambda: users.change_role(ws, user.username, role)

        self._open(dialog, work, self.tr("The role was changed."))
        return dialog

    def enable_user(self) -> EnableDialog | None:
        user = self.selected_user()
        if user is None or not user.disabled:
            return None
        dialog = EnableDialog(user, self)
        ws = self.ws

        def work(sub: AccountDialog) -> Callable:
            password = sub.password()
            sub.username = user.username

            def job() -> None:
                # The new key slot first: an account is never enabled without a way in.
                users.change_password(ws, user.username, password)
                users.set_disabled(ws, user.username, False)

            return job

        self._open(dialog, work, self.tr("The account was enabled with the new password."))
        return dialog

    def reset_password(self) -> RecoveryResetDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        dialog = RecoveryResetDialog(user, self)
        path = self.ws.path

        def work(sub: AccountDialog) -> Callable:
            assert isinstance(sub, RecoveryResetDialog)
            recovery, password = sub.recovery_edit.text(), sub.password()
            sub.username = user.username
            return lambda: users.reset_password_with_recovery(
                path, recovery, user.username, password, signed_in=self.ws
            )

        self._open(dialog, work, self.tr("The password was reset."))
        return dialog

    def disable_user(self) -> QMessageBox | None:
        user = self.selected_user()
        if user is None or user.disabled:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Disable %1").replace("%1", user.username),
            self.tr(
                "Disable %1? Their password stops opening the database at once. To let them"
                " back in, enable the account with a new password."
            ).replace("%1", user.username),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Disable"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ws = self.ws

        def answered(button) -> None:
            if box.standardButton(button) != QMessageBox.StandardButton.Yes:
                return
            self._set_busy(True)
            self.ctx.executor.submit(
                lambda: users.set_disabled(ws, user.username, True),
                on_done=lambda _r: self.reload(
                    then_select=user.username, message=self.tr("The account was disabled.")
                ),
                on_error=self._failed,
            )

        box.buttonClicked.connect(answered)
        self.confirm_box = box
        box.open()
        return box

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.ctx.errors.show(exc, self)
