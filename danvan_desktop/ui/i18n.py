"""Qt's own words in Vietnamese: Qt ships no Vietnamese translation, so the program brings
its own (resources/i18n/qtbase_vi.ts, compiled to .qm; see resources/i18n/README.md) for the
file dialogs, message-box buttons, text-field context menus and the print dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from ..paths import resources_dir

QM_FILE = "qtbase_vi.qm"


def translation_file():
    return resources_dir() / "i18n" / QM_FILE


def install_translations(app: QApplication) -> bool:
    """Load the Vietnamese Qt strings; True when loaded. Native file dialogs are turned
    off: Qt's own dialog speaks the translation whatever language Windows is set to."""
    if getattr(app, "_danvan_translator", None) is not None:
        return True
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = QTranslator(app)
    if not translator.load(str(translation_file())):
        return False
    app.installTranslator(translator)
    app._danvan_translator = translator  # kept alive as long as the application
    return True
