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


@pytest.fixture(autouse=True)
def _no_unanswered_message_box(monkeypatch):
    """A message box nobody answers would wait forever (the suite hangs with no word of
    why): one the test did not expect fails it at once, naming the box. Tests expecting a
    question replace the function that asks it (or ``dialogs._box``) themselves."""
    from danvan_desktop.ui.widgets import dialogs

    def unexpected(parent, icon, title, text, *args, **kwargs):
        raise AssertionError(f"hộp thoại không chờ đợi: {title} — {text}")

    monkeypatch.setattr(dialogs, "_box", unexpected)


@pytest.fixture
def window(qtbot, store, monkeypatch):
    """The main window over the test's file, shown at 1366×768 (no backup on leaving)."""
    from danvan_desktop.ui import main_window as main_module

    monkeypatch.setattr(main_module.MainWindow, "_backup_on_leave", lambda self, store: True)
    win = main_module.MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


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
