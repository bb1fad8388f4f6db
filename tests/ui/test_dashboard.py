"""Tổng quan walked as a user: choose a period, read the table and the tiles, click a
bar, a cell or a tile and land on the list of exactly those records."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from danvan_desktop.domain.entities import Campaign, Contribution, Initiative
from danvan_desktop.store import catalog
from danvan_desktop.store.campaigns import save_campaign
from danvan_desktop.store.initiatives import save_initiative
from danvan_desktop.ui import changes
from danvan_desktop.ui.main_window import MainWindow

THANH_BA_2022 = [("kinh_te", 10, 3), ("van_hoa_xa_hoi", 10, 2),
                 ("quoc_phong_an_ninh", 3, 1), ("xay_dung_dang", 2, 1)]


def add(store, commune, field, kind, day, **extra) -> int:
    owner = "Chi bộ thôn Đầm" if kind == "tap_the" else "Nguyễn Thị Huệ"
    item = Initiative(name=f"Mô hình {field} {day}", kind=kind, field=field, owner_name=owner,
                      commune_id=commune, year=int(day[:4]), registered_on=day, **extra)
    return save_initiative(store, item).id


@pytest.fixture
def data(store, commune):
    """The 32 initiatives of Thanh Ba 2022 (some recognised), a few in 2021 and 2023,
    two campaigns."""
    other = catalog.add_area(store, "Xã Mê Linh", "xa")
    for field, collective, individual in THANH_BA_2022:
        for kind, count in (("tap_the", collective), ("ca_nhan", individual)):
            for n in range(count):
                extra = ({"status": "cong_nhan", "level": "xa", "recognized_on": "2022-11-20"}
                         if n % 2 else {})
                add(store, other if n == 0 else commune, field, kind,
                    f"2022-{1 + (3 * n) % 12:02d}-{1 + n:02d}", **extra)
    for day in ("2021-03-31", "2021-04-01", "2023-01-01", "2023-03-31", "2023-04-01"):
        add(store, commune, "kinh_te", "ca_nhan", day)
    save_campaign(store, Campaign(title="Mở rộng đường vào thôn Hoành Từ", type="duong",
                                  commune_id=commune, status="dang_thuc_hien",
                                  started_on="2022-02-01"),
                  [Contribution(on_date="2022-03-01", source="con_em_xa_que", kind="tien",
                                amount_vnd=350_000_000)])
    save_campaign(store, Campaign(title="Sửa nhà cho bà Nguyễn Thị Huệ", type="nha",
                                  commune_id=other, status="hoan_thanh", started_on="2022-05-01",
                                  finished_on="2022-06-01", households_benefited=1),
                  [Contribution(on_date="2022-05-10", source="nhan_dan", kind="tien",
                                amount_vnd=30_000_000)])
    return {"commune": commune, "other": other}


@pytest.fixture
def window(qtbot, store, data):
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.show_page("Tổng quan")
    return win


@pytest.fixture
def dashboard(window):
    return window.show_page("Tổng quan")


def wait_for(qtbot, page, start: str, end: str | None = None) -> dict:
    def ready() -> bool:
        figures = page.figures
        return (not page.is_busy() and figures is not None
                and figures["period"]["from"] == start
                and (end is None or figures["period"]["to"] == end))

    qtbot.waitUntil(ready, timeout=10_000)
    return page.figures


def choose_year(qtbot, page, year: int) -> dict:
    """Type the year into the box and press Enter, as a user does."""
    box = page.period_bar.year
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), str(year))
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    return wait_for(qtbot, page, f"{year}-01-01", f"{year}-12-31")


def choose_kind(qtbot, page, kind: str, year: int) -> dict:
    combo = page.period_bar.kind
    combo.setCurrentIndex(combo.findData(kind))
    period = page.period_bar.period()
    assert period.start.year == year
    return wait_for(qtbot, page, period.start.isoformat(), period.end.isoformat())


def table_text(page) -> list[list[str]]:
    table = page.table
    return [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]


def shown_initiatives(window) -> list[int]:
    page = window.pages.currentWidget()
    assert window.nav.currentItem().text() == "Mô hình – điển hình"
    return sorted(page.model.id_at(r) for r in range(page.model.rowCount()))


def ids(store, where: str, params=()) -> list[int]:
    return [r[0] for r in store.execute(
        f"SELECT id FROM initiatives WHERE deleted_at IS NULL AND {where} ORDER BY id", params)]


def test_year_2022_reads_13_12_4_3(qtbot, dashboard):
    figures = choose_year(qtbot, dashboard, 2022)
    assert table_text(dashboard) == [["10", "3", "13"], ["10", "2", "12"], ["3", "1", "4"],
                                     ["2", "1", "3"], ["25", "7", "32"]]
    assert figures["current"]["initiatives"]["total"] == 32
    assert dashboard.tiles["registered"].value.text() == "32"
    assert dashboard.tiles["registered"].delta.text() == "▲ 30 (+1500%)"  # 2 in 2021
    assert dashboard.tiles["money"].value.text() == "380 triệu đồng"
    assert dashboard.field_chart.values == [[10, 10, 3, 2], [3, 2, 1, 1]]
    assert "2022" in dashboard.table_title.text()


def test_clicking_a_bar_opens_exactly_its_initiatives(qtbot, window, dashboard, store):
    choose_year(qtbot, dashboard, 2022)
    chart = dashboard.field_chart
    point = chart.bar_center(1, 0)  # Kinh tế, cá nhân
    with qtbot.waitSignal(window.bus.navigate, timeout=3000):
        qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    expected = ids(store, "field = 'kinh_te' AND kind = 'ca_nhan'"
                   " AND registered_on BETWEEN '2022-01-01' AND '2022-12-31'")
    assert len(expected) == 3
    assert shown_initiatives(window) == expected
    page = window.pages.currentWidget()
    assert (page.year.currentData(), page.field.code(), page.kind.code()) == (2022, "kinh_te", "ca_nhan")
    assert not page.banner.isVisible()  # the combos say it all


def test_clicking_a_table_cell_and_a_year_bar(qtbot, window, dashboard, store):
    choose_year(qtbot, dashboard, 2022)
    table = dashboard.table
    rect = table.visualRect(table.model().index(1, 0))  # Văn hóa – xã hội, tập thể
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown_initiatives(window) == ids(
        store, "field = 'van_hoa_xa_hoi' AND kind = 'tap_the' AND year = 2022")
    assert len(shown_initiatives(window)) == 10

    window.show_page("Tổng quan")
    chart = dashboard.year_chart
    assert chart.categories[-1] == "2022"
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_center(0, 9))
    assert shown_initiatives(window) == ids(store, "year = 2022")


def test_quarters_keep_31_march_in_q1_and_1_april_in_q2(qtbot, window, dashboard, store):
    choose_year(qtbot, dashboard, 2023)
    figures = choose_kind(qtbot, dashboard, "quy_1", 2023)
    assert figures["period"] == {"from": "2023-01-01", "to": "2023-03-31",
                                 "label": "quý I năm 2023"}
    assert figures["current"]["initiatives"]["total"] == 2  # 01/01 and 31/03
    assert table_text(dashboard)[-1] == ["0", "2", "2"]
    assert dashboard.tiles["registered"].delta.text() == "▼ 10 (−83%)"  # 12 in quý I/2022
    figures = choose_kind(qtbot, dashboard, "quy_2", 2023)
    assert figures["current"]["initiatives"]["total"] == 1  # 01/04
    qtbot.mouseClick(dashboard.tiles["ca_nhan"], Qt.MouseButton.LeftButton)
    assert shown_initiatives(window) == ids(store, "registered_on = '2023-04-01'")
    figures = choose_kind(qtbot, dashboard, "6_thang_dau", 2023)
    assert figures["current"]["initiatives"]["total"] == 3


def test_a_tile_opens_the_list_with_a_banner_until_cleared(qtbot, window, dashboard, store):
    choose_year(qtbot, dashboard, 2022)
    assert dashboard.tiles["recognized"].value.text() == "14"
    qtbot.mouseClick(dashboard.tiles["recognized"], Qt.MouseButton.LeftButton)
    expected = ids(store, "recognized_on BETWEEN '2022-01-01' AND '2022-12-31'")
    assert len(expected) == 14 and shown_initiatives(window) == expected
    page = window.pages.currentWidget()
    assert page.banner.isVisible()
    assert page.banner.text.text() == (
        "Đang lọc: mô hình được công nhận từ 01/01/2022 đến 31/12/2022")
    qtbot.mouseClick(page.banner.clear_button, Qt.MouseButton.LeftButton)
    assert not page.banner.isVisible()
    assert shown_initiatives(window) == ids(store, "1")

    # A figure for one commune and a custom range; changing a filter drops the banner.
    window.show_page("Tổng quan")
    bar = dashboard.period_bar
    bar.area.setCurrentIndex(bar.area.findText("Xã Đông Cường"))
    bar.set_period("tuy_chon", start=dt.date(2022, 1, 1), end=dt.date(2022, 3, 31))
    wait_for(qtbot, dashboard, "2022-01-01", "2022-03-31")
    assert bar.area_name() == "Xã Đông Cường"
    qtbot.mouseClick(dashboard.tiles["registered"], Qt.MouseButton.LeftButton)
    expected = ids(store, "registered_on BETWEEN '2022-01-01' AND '2022-03-31' AND commune_id = ?",
                   (dashboard.period_bar.commune_id(),))
    assert shown_initiatives(window) == expected  # a quarter: said by the combos
    bar.set_period("tuy_chon", start=dt.date(2022, 2, 1), end=dt.date(2022, 4, 30))
    wait_for(qtbot, dashboard, "2022-02-01", "2022-04-30")
    qtbot.mouseClick(dashboard.tiles["tap_the"], Qt.MouseButton.LeftButton)
    expected = ids(store, "registered_on BETWEEN '2022-02-01' AND '2022-04-30' AND commune_id = ?"
                   " AND kind = 'tap_the'", (dashboard.period_bar.commune_id(),))
    assert shown_initiatives(window) == expected
    assert page.banner.text.text() == "Đang lọc: mô hình đăng ký từ 01/02/2022 đến 30/04/2022"
    page.kind.set_code("ca_nhan")
    assert not page.banner.isVisible()
    assert shown_initiatives(window) == ids(store, "kind = 'ca_nhan' AND commune_id = ?",
                                            (dashboard.period_bar.commune_id(),))


def test_campaign_tiles_and_source_bars_open_the_campaigns(qtbot, window, dashboard, store):
    choose_year(qtbot, dashboard, 2022)
    assert dashboard.tiles["running"].value.text() == "1"
    qtbot.mouseClick(dashboard.tiles["running"], Qt.MouseButton.LeftButton)
    assert window.nav.currentItem().text() == "Cuộc vận động"
    page = window.pages.currentWidget()
    road = store.scalar("SELECT id FROM campaigns WHERE type = 'duong'")
    assert page.model.ids() == [road]
    assert page.banner.text.text() == ("Đang lọc: cuộc vận động diễn ra trong kỳ từ 01/01/2022 "
                                       "đến 31/12/2022; chưa hoàn thành đến 31/12/2022")
    window.show_page("Tổng quan")
    chart = dashboard.source_chart
    assert chart.categories[0] == "Nhân dân"
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_center(0, 0))
    house = store.scalar("SELECT id FROM campaigns WHERE type = 'nha'")
    assert page.model.ids() == [house]
    assert "có đóng góp tiền của nhân dân" in page.banner.text.text()
    qtbot.mouseClick(page.banner.clear_button, Qt.MouseButton.LeftButton)
    assert sorted(page.model.ids()) == sorted([road, house])


def test_refreshes_by_itself_after_an_edit(qtbot, window, dashboard, store, data):
    choose_year(qtbot, dashboard, 2022)
    add(store, data["commune"], "xay_dung_dang", "ca_nhan", "2022-12-31")
    with qtbot.waitSignal(dashboard.refreshed, timeout=10_000):
        window.bus.notify(changes.INITIATIVES)
    assert table_text(dashboard)[3] == ["2", "2", "4"]
    assert table_text(dashboard)[4] == ["25", "8", "33"]
    # Only what an edit can change is computed again.
    assert dashboard.figures["computed"] == ["initiatives", "by_year"]
    save_campaign(store, Campaign(title="Camera an ninh thôn Đầm", type="camera",
                                  commune_id=data["commune"], started_on="2022-08-01"),
                  [Contribution(on_date="2022-08-02", source="nhan_dan", kind="tien",
                                amount_vnd=20_000_000)])
    with qtbot.waitSignal(dashboard.refreshed, timeout=10_000):
        window.bus.notify(changes.CAMPAIGNS)
    assert dashboard.figures["computed"] == ["campaigns"]
    assert dashboard.tiles["running"].value.text() == "2"
    assert dashboard.tiles["money"].value.text() == "400 triệu đồng"
    # A commendation round changes initiatives too; a place changes everything.
    with qtbot.waitSignal(dashboard.refreshed, timeout=10_000):
        window.bus.notify(changes.ROUNDS)
    assert dashboard.figures["computed"] == ["initiatives", "by_year"]
    with qtbot.waitSignal(dashboard.refreshed, timeout=10_000):
        window.bus.notify(changes.AREAS)
    assert dashboard.figures["computed"] == ["initiatives", "campaigns", "by_year"]
    # Back to a period seen before: nothing to compute.
    choose_year(qtbot, dashboard, 2023)
    assert dashboard.figures["computed"] == ["initiatives", "campaigns", "by_year"]
    choose_year(qtbot, dashboard, 2022)
    assert dashboard.figures["computed"] == []
    assert table_text(dashboard)[4] == ["25", "8", "33"]


def test_figures_wait_while_the_page_is_hidden(qtbot, window, dashboard, store, data):
    choose_year(qtbot, dashboard, 2022)
    window.show_page("Cuộc vận động")
    add(store, data["commune"], "kinh_te", "tap_the", "2022-06-01")
    window.bus.notify(changes.INITIATIVES)
    assert not dashboard.is_busy()
    with qtbot.waitSignal(dashboard.refreshed, timeout=10_000):
        window.show_page("Tổng quan")
    assert table_text(dashboard)[0] == ["11", "3", "14"]


def test_only_the_newest_request_is_shown(qtbot, dashboard):
    shown = []
    dashboard.refreshed.connect(lambda: shown.append(dashboard.figures["period"]["from"]))
    for year in (2019, 2020, 2021, 2022):
        dashboard.period_bar.year.setValue(year)
    wait_for(qtbot, dashboard, "2022-01-01")
    qtbot.wait(100)
    assert shown == ["2022-01-01"]


def test_each_chart_saves_a_png(qtbot, dashboard, tmp_path):
    choose_year(qtbot, dashboard, 2022)
    for chart in (dashboard.field_chart, dashboard.commune_chart, dashboard.year_chart,
                  dashboard.source_chart):
        target = tmp_path / chart.default_file_name()
        assert chart.save_png(target)
        image = QImage(str(target))
        assert image.width() > 200 and image.height() > 150
    assert dashboard.commune_chart.default_file_name() == "mo-hinh-dang-ky-theo-xa-phuong.png"


def test_commune_bars_and_the_other_communes(qtbot, window, dashboard, store, data):
    district = store.scalar("SELECT parent_id FROM areas WHERE id = ?", (data["commune"],))
    for n in range(11):
        place = catalog.add_area(store, f"Xã Số {n + 1:02d}", "xa", district)
        for _ in range(1 + n % 2):
            add(store, place, "kinh_te", "tap_the", "2022-09-09")
    window.bus.notify(changes.AREAS)
    figures = choose_year(qtbot, dashboard, 2022)
    chart = dashboard.commune_chart
    assert chart.categories[:2] == ["Xã Đông Cường", "Xã Mê Linh"]
    assert chart.footer.isVisible() and "3 xã, phường khác" in chart.footer.text()
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_center(0, 1))
    assert shown_initiatives(window) == ids(store, "commune_id = ? AND year = 2022", (data["other"],))
    window.show_page("Tổng quan")
    chart.footer.linkActivated.emit("#")  # the link under the chart
    top = [line["ids"][0] for line in figures["current"]["initiatives"]["communes"]
           if line["name"] in chart.categories]
    marks = ",".join("?" * len(top))
    expected = ids(store, f"year = 2022 AND commune_id NOT IN ({marks})", top)
    assert len(expected) == 3 and shown_initiatives(window) == expected
    assert window.pages.currentWidget().banner.text.text().startswith("Đang lọc: mô hình ngoài ")


def test_a_failure_is_said_in_vietnamese(qtbot, dashboard, monkeypatch):
    from danvan_desktop.store.db import DatabaseDamaged
    from danvan_desktop.ui.dashboard import worker

    def broken(*_args):
        raise DatabaseDamaged("Tệp dữ liệu bị hỏng, không đọc được.")

    qtbot.waitUntil(lambda: not dashboard.is_busy(), timeout=10_000)
    monkeypatch.setattr(worker, "dashboard_from_file", broken)
    with qtbot.waitSignal(dashboard.worker.failed, timeout=10_000):
        dashboard.refresh()
    assert dashboard.status.text() == "Không tính được số liệu: Tệp dữ liệu bị hỏng, không đọc được."
    monkeypatch.undo()
    with qtbot.waitSignal(dashboard.refreshed, timeout=10_000):
        dashboard.refresh()
    assert dashboard.status.text() == ""
