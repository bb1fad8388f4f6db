"""Layout and words a clerk checks: every screen fits 1280×720 at 125 % (1024×576
logical), no list needs a horizontal scroll bar at 1280×720, the rounds list keeps its
columns whatever the status line says, empty lists say how to start, and the wording
fixes (issuing body from Cài đặt, certificate file names, no PDF viewer)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.services.demo import make_demo
from danvan_desktop.store.db import open_store
from danvan_desktop.store.initiatives import save_initiative
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.main_window import MainWindow
from danvan_desktop.ui.rounds import document_actions as actions_module
from danvan_desktop.ui.rounds import output as output_module
from danvan_desktop.ui.rounds.page import RoundsPage


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    make_demo(path, size=300)
    return path


@pytest.fixture
def window(qtbot, demo_file):
    store = open_store(demo_file, user="Người kiểm thử")
    main = MainWindow(store)
    qtbot.addWidget(main)
    yield main
    main.close()
    store.close()


def _lists(widget) -> list[QAbstractItemView]:
    return [v for v in widget.findChildren(QAbstractItemView)
            if v.isVisible() and v.objectName() != "navigation" and v.model() is not None
            and v.model().columnCount() > 1]


def test_every_screen_fits_1280x720_at_125_percent(window):
    # QT_SCALE_FACTOR=1.25 on a 1280×720 screen leaves 1024×576 logical pixels.
    window.show()
    for index in range(window.nav.count()):
        window.nav.setCurrentRow(index)
        QApplication.processEvents()  # screens are built when first shown
        page = window.pages.widget(index)
        assert 0 < page.minimumSizeHint().width() <= 1024 - window.nav.width(), window.nav.item(index).text()
        assert window.minimumSizeHint().width() <= 1024, window.nav.item(index).text()


def test_no_list_needs_a_horizontal_scroll_bar_at_1280x720(qtbot, window):
    window.resize(1280, 720)
    window.show()
    for index in range(window.nav.count()):
        window.nav.setCurrentRow(index)
        page = window.pages.widget(index)
        QApplication.processEvents()
        for view in _lists(page):
            bar = view.horizontalScrollBar()
            assert bar.maximum() == 0, (window.nav.item(index).text(), view.objectName(), bar.maximum())


def test_nothing_scrolls_sideways_at_125_percent(qtbot, window):
    """1280×720 at 125 %: 1024×576 logical pixels. Lists, the dashboard and Cài đặt scroll
    down if they must, never sideways."""
    from PySide6.QtWidgets import QAbstractScrollArea

    window.resize(1024, 576)
    window.show()
    for index in range(window.nav.count()):
        window.nav.setCurrentRow(index)
        page = window.pages.widget(index)
        for _ in range(3):
            QApplication.processEvents()
        areas = [a for a in page.findChildren(QAbstractScrollArea) if a.isVisible()
                 and a.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff]
        assert areas, window.nav.item(index).text()
        for area in areas:
            assert area.horizontalScrollBar().maximum() == 0, (
                window.nav.item(index).text(), type(area).__name__, area.objectName())


def test_the_dashboards_figures_keep_their_headings_at_125_percent(qtbot, window):
    """Tổng quan at 1024×576 logical: the field table shows its three headings whole and
    every column on screen; the field chart names its fields (Qt elides them into “…”
    when the chart is squeezed)."""
    window.resize(1024, 576)
    window.show()
    page = window.show_page("Tổng quan")
    qtbot.waitUntil(lambda: page.figures is not None and not page.is_busy(), timeout=20000)
    table = page.table
    header = table.horizontalHeader()
    for column in range(3):
        text = table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= table.fontMetrics().horizontalAdvance(text), text
    right = table.verticalHeader().width() + header.length()
    assert right <= table.viewport().width() + table.verticalHeader().width()
    assert page.field_chart.height() >= 190  # 168 when squeezed: its fields were “…”


def test_a_long_status_line_never_squeezes_the_rounds_list(qtbot, store, commune):
    page = RoundsPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.resize(1010, 600)
    page.show()
    page.status.setText("Đã lưu: " + "/home/can-bo/Tài liệu/giấy khen/" * 12 + "giay-khen-914.pdf")
    QApplication.processEvents()
    assert page.width() <= 1010
    header = page.rounds_table.horizontalHeader()
    metrics = page.rounds_table.fontMetrics()
    for column, widest in ((0, "Số quyết định"), (3, "Được khen")):
        assert header.sectionSize(column) > metrics.horizontalAdvance(widest), widest


def test_empty_lists_say_how_to_start(qtbot, store):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    expected = {"Mô hình – điển hình": "Chưa có mô hình nào. Bấm Thêm (Ctrl+N)",
                "Cuộc vận động": "Chưa có cuộc vận động nào. Bấm Thêm (Ctrl+N)",
                "Khen thưởng": "Chưa có đợt khen thưởng nào. Bấm “Đợt mới”",
                "Danh mục": "Chưa có địa bàn nào. Bấm “Thêm tỉnh, thành phố…”"}
    for title, start in expected.items():
        page = window.show_page(title)
        QApplication.processEvents()
        hints = [h.text() for h in page.findChildren(QLabel, "empty_hint") if h.isVisible()]
        assert any(h.startswith(start) for h in hints), (title, hints)
    window.close()


def test_the_audit_log_lists_can_be_copied_and_hint_when_empty(qtbot, store):
    from danvan_desktop.ui.audit.dialog import AuditDialog

    dialog = AuditDialog(None, store)
    qtbot.addWidget(dialog)
    dialog.show()
    hint = dialog.table.viewport().findChild(QLabel, "empty_hint")
    assert hint.isVisible() and hint.text().startswith("Chưa có thay đổi nào được ghi.")


# --- the rounds' words --------------------------------------------------------------------------


@pytest.fixture
def rounds_page(qtbot, store, commune, monkeypatch):
    from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE
    from danvan_desktop.store.profile import save_profile

    save_profile(store, DONG_HUNG_PROFILE)
    save_initiative(store, Initiative(
        name="Tủ sách cộng đồng", kind="tap_the", field="van_hoa_xa_hoi", owner_name="Chi bộ thôn",
        commune_id=commune, year=2023, status="cong_nhan", level="huyen", recognized_on="2023-10-20"))
    page = RoundsPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_new_round_takes_its_issuing_body_from_the_settings(qtbot, rounds_page):
    rounds_page.new_round_button.click()
    form = rounds_page.dialog
    # Cài đặt holds the letterhead's capitals; a decision's sentence writes the name.
    assert form.issuer.text() == "Ban Thường vụ Huyện ủy Đông Hưng"
    form.reject()


def test_full_and_blank_form_certificates_get_different_file_names(qtbot, rounds_page, store,
                                                                   monkeypatch):
    from danvan_desktop.domain.entities import CommendationRound
    from danvan_desktop.store.rounds import add_awards_from_initiatives, save_round

    rnd = save_round(store, CommendationRound(number="914-QĐ/HU", decided_on="2023-12-15",
                                              issuer="Ban Thường vụ Huyện ủy Đông Hưng",
                                              form="giay_khen", level="huyen", year=2023))
    add_awards_from_initiatives(store, rnd.id, [store.scalar("SELECT id FROM initiatives")])
    rounds_page.reload_rounds(select=rnd.id)
    suggested = []
    monkeypatch.setattr(output_module, "ask_save_path",
                        lambda _parent, _title, name, _filter: suggested.append(name))
    ids = [r["id"] for r in rounds_page.awards_model.rows]
    monkeypatch.setattr(actions_module, "confirm", lambda *a, **k: True)
    rounds_page.make_certificates("save", ids)
    qtbot.waitUntil(lambda: len(suggested) == 1)  # checked off the UI thread, then asked
    rounds_page.make_certificates("save", ids, blank_form=True)
    qtbot.waitUntil(lambda: len(suggested) == 2)
    assert suggested == ["giay-khen-914-qd-hu.pdf", "giay-khen-in-tren-phoi-914-qd-hu.pdf"]


def test_preview_without_a_pdf_viewer_says_what_to_do(qtbot, rounds_page, tmp_path, monkeypatch):
    path = tmp_path / "xem-truoc.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(output_module, "open_in_viewer", lambda _path: False)  # no PDF program
    rounds_page._deliver("preview", path, "Giấy khen")
    text = rounds_page.status.text()
    assert "máy chưa có chương trình xem PDF" in text and "xem-truoc.pdf" in text
