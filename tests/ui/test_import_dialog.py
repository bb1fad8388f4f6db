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


def test_cancel_during_the_import_writes_nothing(qtbot, store, commune, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(import_dialog.dialogs, "error", lambda *a, **k: errors.append(a))
    rows = [(f"Mô hình số {n}", "KT") for n in range(1_500)]  # two chunks: a report between
    dialog = ImportDialog(store, _file(tmp_path / "xa.xlsx", rows))
    qtbot.addWidget(dialog)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    before = store.scalar("SELECT max(id) FROM audit_log")
    dialog.import_button.click()
    dialog._running_job.cancelled = True  # what the progress window's Hủy button does
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Đã hủy"), timeout=30_000)
    assert store.scalar("SELECT count(*) FROM initiatives") == 0
    assert store.scalar("SELECT max(id) FROM audit_log") == before and not errors


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


def test_export_the_initiative_list_as_shown(qtbot, store, commune, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from danvan_desktop.domain.entities import Initiative
    from danvan_desktop.store.initiatives import save_initiative
    from danvan_desktop.ui.changes import ChangeBus
    from danvan_desktop.ui.exchange import actions
    from danvan_desktop.ui.initiatives.page import InitiativesPage

    for name, field in (("Bồn rửa tay cho em", "van_hoa_xa_hoi"), ("Cánh đồng mẫu lớn", "kinh_te"),
                        ("Ánh sáng đường quê", "van_hoa_xa_hoi")):
        save_initiative(store, Initiative(name=name, kind="tap_the", field=field, owner_name="Chi bộ",
                                          commune_id=commune, year=2023))
    target = tmp_path / "xuat.xlsx"
    monkeypatch.setattr(actions.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(actions.dialogs, "inform", lambda *a, **k: None)
    page = InitiativesPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.field.set_code("van_hoa_xa_hoi")
    page.table.sortByColumn(0, page.table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    page.export_button.click()
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.wait(200)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][0] == "Tên mô hình, điển hình"
    assert [r[0] for r in rows[1:]] == ["Ánh sáng đường quê", "Bồn rửa tay cho em"]
