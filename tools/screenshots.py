"""Render the screens of the window at 1366×768 into docs/screenshots/ (offscreen), on a
fresh demo file. Run: .venv/bin/python tools/screenshots.py [file-name …]
(names like tong-quan; without names, every screen and the initiative form)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from danvan_desktop.domain.text import fold  # noqa: E402
from danvan_desktop.services.demo import make_demo  # noqa: E402
from danvan_desktop.store.db import open_store  # noqa: E402
from danvan_desktop.ui.main_window import MainWindow  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def slug(title: str) -> str:
    return "-".join(fold(title).replace("–", " ").replace(",", " ").split())


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName("danvan-screenshots")
    folder = Path(tempfile.mkdtemp())
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    make_demo(folder / "demo.sqlite3", size=2000)
    store = open_store(folder / "demo.sqlite3", user="Nguyễn Văn Thành")
    window = MainWindow(store)
    window.resize(1366, 768)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = set(sys.argv[1:])
    for index in range(window.nav.count()):
        name = OUT / f"{slug(window.nav.item(index).text())}.png"
        if wanted and name.stem not in wanted:
            continue
        window.nav.setCurrentRow(index)
        page = window.pages.widget(index)
        # The dashboard computes off the UI thread: wait for its figures.
        while getattr(page, "is_busy", lambda: False)() or getattr(page, "figures", True) is None:
            app.processEvents()
        app.processEvents()
        window.grab().save(str(name))
        print(name)
    if wanted and "mo-hinh-dien-hinh-form" not in wanted:
        store.close()
        return 0
    page = window.show_page("Mô hình – điển hình")
    form = page.open_form(page.model.id_at(0))
    form.resize(1000, 640)
    app.processEvents()
    form.grab().save(str(OUT / "mo-hinh-dien-hinh-form.png"))
    form.tabs.setCurrentIndex(1)
    app.processEvents()
    form.grab().save(str(OUT / "mo-hinh-dien-hinh-form-hieu-qua.png"))
    form.done(0)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
