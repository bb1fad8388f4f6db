"""List the strings Qt itself draws in this program's windows (file dialogs, message-box
buttons, context menus, print and input dialogs), as (context, source, comment), by opening
each of them offscreen with a translator that records what Qt asks it for.

    QT_QPA_PLATFORM=offscreen python tools/qt_strings.py > /tmp/qt-strings.txt

The list is what resources/i18n/qtbase_vi.ts must translate (see resources/i18n/README.md).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, QTranslator  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QDateEdit,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QScrollBar,
    QSpinBox,
    QTextBrowser,
    QTextEdit,
)

import danvan_desktop.ui  # noqa: E402,F401 - its guard keeps None alive through many Qt calls

SEEN: set[tuple[str, str, str]] = set()


class Recorder(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802 - Qt's name
        SEEN.add((context or "", source or "", disambiguation or ""))
        return None

    def isEmpty(self):  # noqa: N802 - Qt's name
        return False


def _menus(widget) -> None:
    # The standard context menu of a text widget, a spin box or a scroll bar.
    make = getattr(widget, "createStandardContextMenu", None)
    if make is not None:
        try:
            menu = make()
        except TypeError:
            menu = make(QPoint(0, 0))
        menu.deleteLater()


def walk(app: QApplication) -> None:
    for widget in (QLineEdit(), QPlainTextEdit(), QTextEdit(), QTextBrowser()):
        widget.setPlainText("x") if hasattr(widget, "setPlainText") else widget.setText("x")
        _menus(widget)
    for spin in (QSpinBox(), QDoubleSpinBox(), QDateEdit()):
        spin.show()
        event_menu = spin.findChild(QLineEdit)
        _menus(event_menu)
        # QAbstractSpinBox builds its menu in contextMenuEvent: send one, close at once.
        QTimer.singleShot(50, lambda: [w.close() for w in app.topLevelWidgets() if w.inherits("QMenu")])
        from PySide6.QtGui import QContextMenuEvent

        QApplication.sendEvent(spin, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2)))
    bar = QScrollBar(Qt.Orientation.Vertical)
    bar.show()
    QTimer.singleShot(50, lambda: [w.close() for w in app.topLevelWidgets() if w.inherits("QMenu")])
    from PySide6.QtGui import QContextMenuEvent

    QApplication.sendEvent(bar, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2)))
    buttons = QDialogButtonBox()
    for button in QDialogButtonBox.StandardButton:
        if button not in (QDialogButtonBox.StandardButton.NoButton,):
            buttons.addButton(button)
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDetailedText("d")
    box.show()
    box.close()
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        for file_mode in (QFileDialog.FileMode.ExistingFile, QFileDialog.FileMode.Directory,
                          QFileDialog.FileMode.ExistingFiles, QFileDialog.FileMode.AnyFile):
            dialog = QFileDialog()
            dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
            dialog.setAcceptMode(mode)
            dialog.setFileMode(file_mode)
            dialog.show()
            dialog.close()
    dialog = QInputDialog()
    dialog.show()
    dialog.close()
    progress = QProgressDialog()
    progress.show()
    progress.close()
    try:
        from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter

        printer = QPrinter()
        for make in (QPrintDialog, QPageSetupDialog):
            dialog = make(printer)
            dialog.show()
            dialog.close()
    except ImportError:
        pass
    QMessageBox.aboutQt  # noqa: B018 - not shown by the program


def main() -> int:
    app = QApplication(sys.argv)
    QCoreApplication.installTranslator(Recorder(app))
    walk(app)
    app.processEvents()
    for context, source, comment in sorted(SEEN):
        print(f"{context}\t{source!r}\t{comment!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
