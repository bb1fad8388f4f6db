"""No English on screen: every screen of the window, the program's dialogs, and the
dialogs Qt itself draws (file dialogs and their overwrite question, message-box buttons,
the right-click menu of text fields, the print dialog), walked with the program's own
translation loaded, must show none of the English words Qt would otherwise show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

from danvan_desktop.ui import main_window as main_module

ENGLISH = ["File name", "Look in", "Files of type", "Cancel", "Save", "Open", "Yes", "No",
           "Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select All", "already exists",
           "replace", "Directory", "Detail View", "List View", "Date Modified", "Size", "Type",
           "Name", "Back", "Forward", "Parent", "New Folder", "Print", "Printer", "Properties",
           "Options", "Copies", "Close", "OK", "Apply", "Help", "Portrait", "Landscape",
           "Show Details", "Scroll", "Step up", "Enter a value", "Choose"]
PATTERN = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
# Keys are named as printed on the keyboard: "Xóa (Delete)", "Lưu (Ctrl+S)".
KEY_HINT = re.compile(r"\((?:Ctrl|Alt|Shift|Delete|Del|Esc|Enter|Tab|F\d+)\b[^)]*\)")


def _texts(root: QWidget) -> list[str]:
    """Every text a user can see in ``root`` (and its visible children)."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel):
            found.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            found += [widget.text(), widget.toolTip()]
        elif isinstance(widget, QGroupBox):
            found.append(widget.title())
        elif isinstance(widget, QLineEdit):
            found.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            found += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            found += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                      for c in range(model.columnCount())]
        found.append(widget.toolTip())
    return [t.replace("&", "") for t in found if t]


def _english(texts: list[str]) -> list[str]:
    plain = [KEY_HINT.sub("", t) for t in texts]
    return sorted({m.group(0) + " ← " + t[:80] for t in plain for m in [PATTERN.search(t)] if m})


def _menu_texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]


@pytest.fixture
def window(qtbot, store, monkeypatch):
    from danvan_desktop.store import catalog

    district = catalog.add_area(store, "Huyện Đông Hưng", "huyen")
    catalog.add_area(store, "Xã Đông Xá", "xa", district)
    monkeypatch.setattr(main_module.MainWindow, "_backup_on_leave", lambda self, store: True)
    win = main_module.MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def test_every_screen_and_the_menus_are_in_vietnamese(window):
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
        page = window.pages.currentWidget()
        assert _english(_texts(page)) == [], window.nav.item(row).text()
    for action in window.menuBar().actions():
        assert _english(_menu_texts(action.menu())) == []


def _modal_texts(trigger, answer=None) -> list[str]:
    """Run ``trigger`` (which opens a modal dialog), read the dialog's texts, close it."""
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        seen.extend(_texts(dialog))
        if answer is not None:
            answer(dialog)
        else:
            dialog.reject()

    QTimer.singleShot(50, look)
    trigger()
    return seen


def test_the_file_dialogs_the_program_opens_are_in_vietnamese(window, tmp_path):
    window.store.path = Path(tmp_path / "du-lieu.sqlite3")  # the dialogs start beside it
    opened = _modal_texts(window.open_file)
    assert any("Tên tệp" in t for t in opened) and any("Tìm trong" in t for t in opened)
    assert _english(opened) == []
    saved = _modal_texts(window.new_file)
    assert _english(saved) == [] and any(t == "Lưu" for t in saved)


def test_the_overwrite_question_is_in_vietnamese(qtbot, tmp_path):
    existing = tmp_path / "bao-cao.docx"
    existing.write_bytes(b"x")
    dialog = QFileDialog(None, "Lưu báo cáo", str(tmp_path), "Văn bản (*.docx)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.selectFile(str(existing))
    question: list[str] = []
    tries = [0]

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] += 1
            if tries[0] < 100:
                QTimer.singleShot(20, answer)
            return
        question.extend(_texts(box))
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(50, answer)
    dialog.accept()  # the file exists: Qt asks whether to replace it
    assert any("bao-cao.docx" in t and "đã có" in t for t in question), question
    assert {"Có", "Không"} <= set(question)
    assert _english(question) == []
    assert dialog.isVisible()  # "Không": the file dialog stays for another name


def test_message_box_buttons_and_text_menus_are_in_vietnamese(qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "Câu hỏi", "Tiếp tục?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Save)
    qtbot.addWidget(box)
    box.show()
    assert _english(_texts(box)) == []
    line, text = QLineEdit("Đông Hưng"), QPlainTextEdit("Đông Hưng")
    for widget in (line, text):
        qtbot.addWidget(widget)
        menu = widget.createStandardContextMenu()
        shown = _menu_texts(menu)
        assert "Sao chép" in shown and "Dán" in shown and "Chọn tất cả" in shown
        assert _english(shown) == []


def test_the_print_dialog_is_in_vietnamese(qtbot):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()  # kept alive as long as its dialog
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert _english(_texts(dialog)) == []


def test_the_programs_dialogs_are_in_vietnamese(qtbot, store, commune, monkeypatch):
    from danvan_desktop.domain.entities import CommendationRound
    from danvan_desktop.store.rounds import save_round
    from danvan_desktop.ui.audit.dialog import AuditDialog
    from danvan_desktop.ui.help import GuideDialog
    from danvan_desktop.ui.initiatives.form import InitiativeForm
    from danvan_desktop.ui.rounds.candidates import CandidateDialog
    from danvan_desktop.ui.rounds.forms import AwardForm, RoundForm
    from danvan_desktop.ui.widgets import dialogs

    monkeypatch.setattr(dialogs, "ask_save_discard_cancel", lambda *a: "discard")
    rnd = save_round(store, CommendationRound(number="1-QĐ/HU", decided_on="2024-03-15",
                                              issuer="Ban Thường vụ", form="giay_khen", level="huyen"))
    made: list[QDialog] = [InitiativeForm(store), RoundForm(store), AwardForm(store, rnd.id),
                           CandidateDialog(store, rnd.id), AuditDialog(None, store), GuideDialog(None)]
    for dialog in made:
        qtbot.addWidget(dialog)
        dialog.show()
        assert _english(_texts(dialog)) == [], type(dialog).__name__


def test_every_translation_is_finished_and_compiled():
    """The .ts kept in the repo has no unfinished line, and the .qm loaded answers it."""
    from danvan_desktop.paths import resources_dir

    ts = (resources_dir() / "i18n" / "qtbase_vi.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert QCoreApplication.translate("QFileDialog", "%1 already exists.\nDo you want to replace it?") \
        .startswith("Tệp %1 đã có")
