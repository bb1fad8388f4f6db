"""Start-up of the window: QApplication, the data file, the main window."""

from __future__ import annotations

import contextlib
import sys

from .paths import resolve_db_path


def run_window(db: str | None = None, debug: bool = False) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from . import APP_NAME
    from .store.db import StoreError, open_or_create
    from .ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("danvan")
    path = resolve_db_path(db)
    try:
        store = open_or_create(path)
    except StoreError as exc:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, str(exc))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
        box.exec()
        return exc.exit_code
    ensure_user_name(store)
    window = MainWindow(store)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()


def ensure_user_name(store, parent=None) -> None:
    """Writes are signed in the audit log: the user's name is asked once per data file."""
    from .domain.validation import ValidationError
    from .store.profile import load_user_name, set_user_name
    from .ui.widgets.dialogs import ask_text

    if load_user_name(store):
        return
    name = ask_text(parent, "Người sử dụng",
                    "Họ và tên của anh/chị (ghi vào nhật ký thay đổi dữ liệu):")
    if name:
        # A refused name is asked again at the next start; the settings screen sets it too.
        with contextlib.suppress(ValidationError):
            set_user_name(store, name)
