"""Qt tests: offscreen, with the window's settings kept in a temporary folder, Qt's own
strings in Vietnamese as the program loads them, and no silent failure: a test fails when
it leaves a traceback on stderr (pytest-qt already fails one whose slot raised)."""

from __future__ import annotations

import pytest

TRACEBACK = "Traceback (most recent call last)"


@pytest.fixture(scope="session", autouse=True)
def _vietnamese_qt(qapp):
    from danvan_desktop.ui.i18n import install_translations

    assert install_translations(qapp), "resources/i18n/qtbase_vi.qm is missing"
    yield


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A traceback printed on stderr (an exception Qt swallowed, a worker's error printed
    instead of shown) fails the test that caused it, in whichever phase it appeared."""
    outcome = yield
    report = outcome.get_result()
    if report.passed and TRACEBACK in (report.capstderr or ""):
        report.outcome = "failed"
        report.longrepr = ("Traceback left on stderr (an error the user would not have seen):\n"
                           + report.capstderr[-3000:])


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
