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
    if not wanted or "mo-hinh-dien-hinh-form" in wanted:
        initiative_form(app, window)
    if not wanted or wanted & set(EXTRAS):
        excel_habits(app, window, store, folder)
    store.close()
    return 0


def initiative_form(app, window) -> None:
    page = window.show_page("Mô hình – điển hình")
    form = page.open_form(page.model.id_at(0))
    form.resize(1000, 640)
    app.processEvents()
    form.grab().save(str(OUT / "mo-hinh-dien-hinh-form.png"))
    form.tabs.setCurrentIndex(1)
    app.processEvents()
    form.grab().save(str(OUT / "mo-hinh-dien-hinh-form-hieu-qua.png"))
    form.done(0)


EXTRAS = ["dan-tu-excel", "menu-chuot-phai", "doi-trang-thai-hang-loat", "them-nhieu-thon",
          "cuoc-van-dong-dan-excel", "danh-sach-trong", "nhat-ky"]
PASTED = ("Tên mô hình\tLoại\tLĩnh vực\tChủ thể\tXã/phường\tThôn/xóm\tNăm đăng ký\r\n"
          "Tổ liên kết nuôi cá lồng\tTập thể\tKinh tế\tChi hội Nông dân thôn Đông\tXã Đông Cường\t"
          "\t2026\r\n"
          "Tủ sách pháp luật thôn\tTập thể\tVH-XH\tChi đoàn thôn Hoành Từ\tXã Đông Cường\t\t2026\r\n"
          "Gương hòa giải viên giỏi\tCá nhân\tQP-AN\tNguyễn Văn Sơn\tXã Đông Cường\t\t2026\r\n")
LEDGER = ("Ngày\tNguồn\tHọ và tên\tHình thức\tSố tiền\r\n"
          "05/03/2026\tNhân dân\tHộ ông Nguyễn Văn Hòa\tTiền\t500.000\r\n"
          "05/03/2026\tNhân dân\tHộ bà Trần Thị Lan\tNgày công\t3\r\n"
          "06/03/2026\tCon em xa quê\tAnh Phạm Văn Tư\tTiền\t2.000.000\r\n"
          "31/02/2026\tNhân dân\tHộ ông Lê Văn Khải\tTiền\t200.000\r\n")


def excel_habits(app, window, store, folder: Path) -> None:
    """The Excel habits (paste, right-click menu, bulk status, villages, empty lists)."""
    from PySide6.QtGui import QGuiApplication

    from danvan_desktop.store import catalog
    from danvan_desktop.store.db import create_store
    from danvan_desktop.ui.catalog.villages import AddVillagesDialog
    from danvan_desktop.ui.widgets.tables import context_menu

    page = window.show_page("Mô hình – điển hình")
    QGuiApplication.clipboard().setText(PASTED)
    page.habits.paste()
    for _ in range(3):  # the status bar saying what was added is laid out first
        app.processEvents()
    window.grab().save(str(OUT / "dan-tu-excel.png"))
    menu = context_menu(page.table)
    menu.popup(page.table.viewport().mapToGlobal(page.table.visualRect(page.model.index(1, 0)).center()))
    app.processEvents()
    menu.grab().save(str(OUT / "menu-chuot-phai.png"))
    menu.close()
    dialog = page.habits.change_status()
    dialog.status.set_code("cong_nhan")
    dialog.level.set_code("xa")
    dialog.note.setText("Quyết định số 45-QĐ/ĐU ngày 20/11/2026")
    dialog.check()
    app.processEvents()
    dialog.grab().save(str(OUT / "doi-trang-thai-hang-loat.png"))
    dialog.apply()  # the audit log below shows the change in words
    commune = catalog.get_area(store, catalog.find_area(store, "Xã Đông Cường", "xa"))
    villages = AddVillagesDialog(store, commune, window)
    villages.names.setPlainText("Thôn Đông\nThôn Hoành Từ\nXóm Trại\nThôn Tây Sơn\nthôn đông\n")
    villages.show()
    app.processEvents()
    villages.grab().save(str(OUT / "them-nhieu-thon.png"))
    villages.reject()
    campaigns = window.show_page("Cuộc vận động")
    campaigns.open_form(None)
    form = campaigns.form
    form.title.setText("Bê tông hóa đường xóm Trại")
    QGuiApplication.clipboard().setText(LEDGER)
    form.ledger.paste()
    app.processEvents()
    form.grab().save(str(OUT / "cuoc-van-dong-dan-excel.png"))
    form.done(0)
    empty = create_store(folder / "trong.sqlite3", user="Nguyễn Văn Thành")
    blank = MainWindow(empty)
    blank.resize(1366, 768)
    blank.show()
    blank.show_page("Mô hình – điển hình")
    app.processEvents()
    blank.grab().save(str(OUT / "danh-sach-trong.png"))
    blank.close()
    empty.close()
    from danvan_desktop.ui.audit.dialog import AuditDialog

    log = AuditDialog(window, store)
    log.resize(1280, 700)
    log.show()
    log.table.selectRow(0)
    app.processEvents()
    log.grab().save(str(OUT / "nhat-ky.png"))
    log.close()
    for name in EXTRAS:
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    sys.exit(main())
