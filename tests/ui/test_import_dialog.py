"""Nhập từ Excel walked as a user: preview, refusals shown, import written."""

from __future__ import annotations

from openpyxl import Workbook

from danvan_desktop.services.exchange.columns import INITIATIVE_COLUMNS
from danvan_desktop.ui.exchange import import_dialog
from danvan_desktop.ui.exchange.import_dialog import ImportDialog


def _file(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐĂNG KÝ MÔ HÌNH NĂM 2023"])
    sheet.append([c.header for c in INITIATIVE_COLUMNS])
    for name, field in rows:
        sheet.append([name, "Tập thể", field, "Chi bộ thôn Đầm", "", "Đông Cường", "", 2023,
                      "07/03/2023", "", "", "", "", ""])
    book.save(path)
    return path


def test_preview_then_import(qtbot, store, commune, tmp_path, monkeypatch):
    monkeypatch.setattr(import_dialog.dialogs, "inform", lambda *a, **k: None)
    dialog = ImportDialog(store, _file(tmp_path / "xa.xlsx", [("Tuyến phố văn minh", "VH-XH"),
                                                             ("Cánh đồng mẫu lớn", "KT")]))
    qtbot.addWidget(dialog)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.summary.text().startswith("2 dòng: 2 hợp lệ, 0 bị từ chối")
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as signal:
        dialog.import_button.click()
    assert signal.args == [2]
    assert store.scalar("SELECT count(*) FROM initiatives") == 2
    assert list((store.path.parent / "backups").glob("*.sqlite3"))  # backed up first


def test_refused_rows_are_shown_and_nothing_can_be_imported(qtbot, store, commune, tmp_path):
    dialog = ImportDialog(store, _file(tmp_path / "xa.xlsx", [("Tốt", "KT"), ("Hỏng", "Thể thao")]))
    qtbot.addWidget(dialog)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert "1 bị từ chối" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    model = dialog.table.model()
    assert model.index(1, 0).data() == "4" and model.index(1, 1).data() == "Bị từ chối"
    assert "Thể thao" in model.index(1, 6).data()
    assert store.scalar("SELECT count(*) FROM initiatives") == 0
