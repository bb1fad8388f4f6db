"""Qt tests: offscreen, with the window's settings kept in a temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _temporary_settings(tmp_path, qapp):
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("danvan-tests")
    QCoreApplication.setApplicationName("danvan-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))
    yield
    # Qt objects left in reference cycles are collected here, on the main thread: left for
    # later, the collector may run in a job's worker thread and free a widget there (crash).
    import gc

    gc.collect()


def type_text(widget, text: str) -> None:
    """Type text key by key as a Vietnamese keyboard (Unikey) delivers it: QTest's
    keyClicks only knows ASCII, so each character is sent as a key event with its text."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))
