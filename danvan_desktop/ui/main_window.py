"""The main window: a navigation list on the left, one page per screen on the right."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__
from ..domain import vocab
from ..paths import data_dir
from ..services.stats import stats_for
from ..store.db import Store
from ..store.profile import get_profile

SCREENS = ["Tổng quan", "Mô hình – điển hình", "Cuộc vận động", "Khen thưởng", "Báo cáo",
           "Danh mục", "Cài đặt"]


class PendingPage(QLabel):
    """An honest page for a screen that is not built yet."""

    def __init__(self, title: str):
        super().__init__(f"<h2>{title}</h2><p>Màn hình này chưa có trong phiên bản {__version__}."
                         "</p><p>Dữ liệu đã có thể xem và in bằng dòng lệnh <b>danvan</b>.</p>")
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setMargin(24)
        self.setWordWrap(True)


class OverviewPage(QWidget):
    """This year's figures by field and kind, from the same service as ``danvan stats``."""

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.table = QTableWidget(len(vocab.FIELDS) + 1, 3)
        self.table.setHorizontalHeaderLabels(["Tập thể", "Cá nhân", "Tổng"])
        self.table.setVerticalHeaderLabels([t.label for t in vocab.FIELDS] + ["Tổng"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setMinimumWidth(280)
        layout.addWidget(self.table)
        layout.addStretch()
        self.refresh()

    def refresh(self, year: int | None = None) -> None:
        year = year or dt.date.today().year
        figures = stats_for(self.store, year)["initiatives"]
        self.heading.setText(f"<h2>Mô hình, điển hình đăng ký năm {year}: {figures['total']}</h2>")
        totals = [0, 0]
        for row, term in enumerate(vocab.FIELDS):
            kinds = figures["by_field_kind"][term.code]
            values = [kinds["tap_the"], kinds["ca_nhan"]]
            totals = [totals[0] + values[0], totals[1] + values[1]]
            self._row(row, values)
        self._row(len(vocab.FIELDS), totals)

    def _row(self, row: int, values: list[int]) -> None:
        for col, value in enumerate([*values, sum(values)]):
            item = QTableWidgetItem(f"{value:,}".replace(",", "."))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)


class MainWindow(QMainWindow):
    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        profile = get_profile(store)
        office = f"Ban Dân vận {profile.parent_body_2.title()}".replace("Ủy", "ủy")
        self.setWindowTitle(f"{APP_NAME} – {office} – {store.path}")
        central = QWidget()
        row = QHBoxLayout(central)
        self.nav = QListWidget()
        self.nav.addItems(SCREENS)
        self.nav.setFixedWidth(200)
        self.pages = QStackedWidget()
        self.pages.addWidget(OverviewPage(store))
        for title in SCREENS[1:]:
            self.pages.addWidget(PendingPage(title))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._menus()
        self._restore_state()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        quit_action = QAction("Thoát", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        about = QAction("Giới thiệu", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Giới thiệu")
        box.setText(f"<b>{APP_NAME}</b> phiên bản {__version__}<br>"
                    f"Tệp dữ liệu: {self.store.path}<br>Thư mục dữ liệu: {data_dir()}")
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
        box.exec()

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 720)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        QSettings().setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
