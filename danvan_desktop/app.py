"""Start-up of the window: QApplication, the data file, the main window."""

from __future__ import annotations

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
    window = MainWindow(store)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()
