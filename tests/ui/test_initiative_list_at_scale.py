"""The initiative list of a large file: ids read off the UI thread, typing debounced, the
first page shown before the count, an older search overtaken by a newer one."""

from __future__ import annotations

import pytest

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.store.initiatives import save_initiative
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.initiatives import list_model
from danvan_desktop.ui.initiatives.list_model import InitiativeTableModel
from danvan_desktop.ui.initiatives.page import InitiativesPage

from .conftest import type_text

NAMES = ["Đường hoa nông thôn mới", "Camera an ninh thôn xóm", "Thắp sáng đường quê"]


@pytest.fixture
def filled(store, commune):
    for n in range(450):  # more than two pages of rows
        save_initiative(store, Initiative(
            name=f"{NAMES[n % 3]} {n}", kind="tap_the", field="kinh_te",
            owner_name=f"Chi bộ thôn {n}", commune_id=commune, year=2016 + n % 10))
    return store


@pytest.fixture
def page(qtbot, filled, monkeypatch):
    monkeypatch.setattr(list_model, "BACKGROUND_FROM", 1)  # this small file as if large
    widget = InitiativesPage(filled, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.model.wait()
    return widget


def test_the_list_of_a_large_file_is_read_in_the_background_and_counted(qtbot, page):
    assert page.model.in_background
    assert page.model.total == 450 and page.count.text() == "450 mô hình đang hiện"
    assert page.model.index(0, 0).data() == "Thắp sáng đường quê 449"  # newest first
    assert page.model.rowCount() == list_model.PAGE  # the view holds the first page …
    page.table.scrollToBottom()  # … and grows as the user scrolls down
    qtbot.waitUntil(lambda: page.model.rowCount() == 450, timeout=5_000)
    assert page.model.index(449, 0).data() == "Đường hoa nông thôn mới 0"


def test_typing_waits_for_a_pause_then_the_newest_search_wins(qtbot, page):
    type_text(page.search, "camera")
    assert page.model.total == 450, "a search started on a keystroke, not after the pause"
    qtbot.waitUntil(lambda: page.model.total == 150, timeout=10_000)
    assert page.count.text() == "150 mô hình đang hiện"
    assert {page.model.index(r, 0).data().rsplit(" ", 1)[0] for r in range(150)} == {NAMES[1]}
    type_text(page.search, " 4")  # camera 4, 40–49, 400–449 …
    qtbot.waitUntil(lambda: page.model.total is not None and page.model.total < 150,
                    timeout=10_000)
    shown = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert shown and all(s.startswith("Camera an ninh thôn xóm 4") for s in shown)


def test_emptying_the_box_brings_the_whole_list_back_at_once(qtbot, page):
    type_text(page.search, "camera")
    qtbot.waitUntil(lambda: page.model.total == 150, timeout=10_000)
    page.search.clear()  # the clear button, Esc: not typing, no pause to wait for
    assert page.model.total is None and not page._typing.isActive()
    qtbot.waitUntil(lambda: page.model.total == 450, timeout=10_000)


def test_a_sort_in_the_background_orders_every_row(qtbot, page):
    page.table.sortByColumn(0, list_model.Qt.SortOrder.AscendingOrder)
    page.model.wait()
    while page.model.canFetchMore():
        page.model.fetchMore()
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    groups = [n.rsplit(" ", 1)[0] for n in names]
    assert len(names) == 450  # Vietnamese order: C, Đ (after D), T
    assert groups == [NAMES[1]] * 150 + [NAMES[0]] * 150 + [NAMES[2]] * 150


def test_the_background_model_passes_qt_model_checks(qtmodeltester, filled):
    model = InitiativeTableModel(filled, background_from=1)
    model.reload()
    model.wait()
    qtmodeltester.check(model)
    assert model.total == 450  # (the tester fetches more rows as a view would)
