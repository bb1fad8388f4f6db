"""Gói dữ liệu walked as a user: the province previews a commune's package, settles a
conflict, merges off the UI thread, and sees on the board who has sent and who has not;
the commune sends its package from the send dialog."""

from __future__ import annotations

from danvan_desktop.services import packages as P
from danvan_desktop.store.initiatives import get_initiative, save_initiative
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.packages import receive_dialog, send_dialog
from danvan_desktop.ui.packages.page import PackagesPage
from tests.services.package_offices import add_initiative, commune, province


def test_receive_preview_conflict_merge_and_board(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(receive_dialog.dialogs, "inform", lambda *a, **k: None)
    errors = []
    monkeypatch.setattr(receive_dialog.dialogs, "error", lambda _p, title, text: errors.append(title))
    prov, a = province(tmp_path), commune(tmp_path, "dong_cuong")
    first = add_initiative(a, "Tuyến phố văn minh")
    add_initiative(a, "Bồn rửa tay cho em")
    P.receive(prov, P.preview_file(prov, P.export_package(a, tmp_path / "1.dvk").path))
    for store, note in ((a, "xã sửa"), (prov, "tỉnh sửa")):
        item = get_initiative(store, store.scalar("SELECT id FROM initiatives WHERE name = ?",
                                                  ("Tuyến phố văn minh",)))
        item.notes = note
        save_initiative(store, item)
    add_initiative(a, "Nâng bước em đến trường")
    second = P.export_package(a, tmp_path / "2.dvk").path
    page = PackagesPage(prov, ChangeBus())
    qtbot.addWidget(page)
    page.period.set_period(2026, "nam")
    dialog = page.open_receive(second)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert "Gói của Đảng ủy Xã Đông Cường" in dialog.summary.text()
    assert dialog.tabs.tabText(0) == "Xung đột (1)"
    assert dialog.tabs.tabText(1) == "Mô hình (2/3)"  # one new, one in conflict, one unchanged
    dialog.merge_button.click()  # no choice yet: refused, nothing written
    assert errors == ["Còn xung đột"]
    assert prov.scalar("SELECT count(*) FROM initiatives") == 2
    dialog.all_ours.click()
    with qtbot.waitSignal(dialog.merged, timeout=10_000):
        dialog.merge_button.click()
    assert prov.scalar("SELECT count(*) FROM initiatives") == 3
    assert prov.scalar("SELECT notes FROM initiatives WHERE uuid = ?",
                       (get_initiative(a, first).uuid,)) == "tỉnh sửa"
    qtbot.waitUntil(lambda: page.board.rowCount() == 2)
    rows = {r[0]: r for r in page.board.rows}
    assert rows["Xã Đông Cường"][2] == "Đã gửi (2 gói)"
    assert rows["Xã Mê Linh"][2] == "Chưa gửi"
    assert page.tally.text() == "1/2 đã gửi gói năm 2026"
    prov.close()
    a.close()


def test_send_dialog_writes_a_package(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(send_dialog.dialogs, "inform", lambda *a, **k: None)
    a = commune(tmp_path, "me_linh")
    add_initiative(a, "Công tác hòa giải ở cơ sở")
    dialog = send_dialog.SendDialog(a)
    qtbot.addWidget(dialog)
    dialog.period.set_period(2026, "q1")
    dialog.code.setText("34")
    assert dialog.last.text() == "Chưa gửi gói nào cho nơi nhận này."
    target = tmp_path / "goi.dvk"
    with qtbot.waitSignal(dialog.sent, timeout=10_000):
        dialog.send(target)
    manifest = P.read_manifest(target)
    assert manifest.counts["initiatives"] == 1
    assert manifest.recipient["unit_code"] == "34"
    assert manifest.period["from"] == "2026-01-01"
    a.close()
