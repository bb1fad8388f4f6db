"""Khen thưởng, walked as a user: create a round in its form, add two recognised
initiatives (they become commended, with history), add a recipient by hand, print the
certificates (recorded, serials kept), be warned before printing again, line up the blank
form, print the list; remove a recipient added by mistake."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.services.documents.certificates import load_offsets
from danvan_desktop.store.initiatives import get_initiative, save_initiative, status_history
from danvan_desktop.store.profile import get_setting
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.rounds import document_actions as actions_module
from danvan_desktop.ui.rounds import documents as documents_module
from danvan_desktop.ui.rounds import forms as forms_module
from danvan_desktop.ui.rounds import output as output_module
from danvan_desktop.ui.rounds import page as page_module
from danvan_desktop.ui.rounds.page import RoundsPage

from .conftest import type_text

HANG = "Sản xuất hương truyền thống và xuất khẩu"
PHONG_TAN = "Nuôi ong lấy mật, nuôi dê thương phẩm"


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch):
    """A message box would block: fail loudly if one is shown unexpectedly."""
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")

    for module in (page_module, actions_module):
        for name in ("error", "confirm"):
            monkeypatch.setattr(module, name, unexpected)
    monkeypatch.setattr(output_module, "error", unexpected)
    monkeypatch.setattr(output_module, "inform", unexpected)
    monkeypatch.setattr(output_module, "open_in_viewer", lambda path: True)


@pytest.fixture
def initiatives(store, commune):
    ids = []
    for name, kind, owner, position, field in (
            (HANG, "ca_nhan", "Nguyễn Thị Thu Hằng", "Chủ cơ sở sản xuất hương, xã Nghĩa Mỹ", "kinh_te"),
            (PHONG_TAN, "tap_the", "Chi hội Nông dân Phú Tân", "", "kinh_te"),
            ("Tuyến phố văn minh", "tap_the", "Tổ Dân vận khối Kim Tân", "", "van_hoa_xa_hoi")):
        ids.append(save_initiative(store, Initiative(
            name=name, kind=kind, field=field, owner_name=owner, position=position, commune_id=commune,
            year=2023, registered_on="2023-02-10", status="cong_nhan", level="huyen",
            recognized_on="2023-10-20")).id)
    return ids


@pytest.fixture
def page(qtbot, store, initiatives):
    from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE
    from danvan_desktop.store.profile import save_profile

    save_profile(store, DONG_HUNG_PROFILE)
    widget = RoundsPage(store, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1176, 700)
    widget.show()
    return widget


def _new_round(qtbot, page) -> int:
    page.new_round_button.click()
    form = page.dialog
    type_text(form.number, "125-QĐ/HU")
    type_text(form.decided_on, "15/12/2023")
    form.decided_on.editingFinished.emit()
    form.issuer.clear()
    type_text(form.issuer, "Ban Thường vụ Huyện ủy Đông Hưng")
    form.form_kind.set_code("giay_khen")
    assert form.year.value() == 2023
    assert form.template.toPlainText().endswith("“Dân vận khéo” năm 2023")
    form.save_button.click()
    assert page.dialog is None
    return page.current_round_id()


def _add_from_initiatives(page, names: list[str]) -> None:
    page.add_from_button.click()
    dialog = page.dialog
    assert dialog.model.rowCount() == 3
    type_text(dialog.search, "huong truyen thong")  # without diacritics
    dialog.reload()
    assert [r["name"] for r in dialog.model.rows] == [HANG]
    dialog.search.clear()
    dialog.reload()
    for row, record in enumerate(dialog.model.rows):
        if record["name"] in names:
            dialog.model.set_checked(row, True)
    assert dialog.count.text().startswith(f"Đã chọn {len(names)} / 3")
    dialog.add_button.click()
    assert page.dialog is None


def test_round_by_hand_then_recognised_initiatives_become_commended(qtbot, page, store, initiatives):
    assert "Chưa có đợt" in page.round_info.text()
    round_id = _new_round(qtbot, page)
    assert page.rounds_model.rowCount() == 1
    assert page.rounds_model.index(0, 0).data() == "125-QĐ/HU"
    assert page.rounds_model.index(0, 2).data() == "Giấy khen"

    _add_from_initiatives(page, [HANG, PHONG_TAN])
    assert page.awards_model.rowCount() == 2
    names = {page.awards_model.index(r, 1).data() for r in range(2)}
    assert names == {"Nguyễn Thị Thu Hằng", "Chi hội Nông dân Phú Tân"}
    hang_row = [r for r in page.awards_model.rows if r["kind"] == "ca_nhan"][0]
    assert hang_row["position_unit"] == "Chủ cơ sở sản xuất hương, xã Nghĩa Mỹ"
    assert hang_row["achievement"].endswith("năm 2023")
    assert page.rounds_model.index(0, 3).data() == "2"
    for initiative_id in initiatives[:2]:
        item = get_initiative(store, initiative_id)
        assert (item.status, item.commended_on) == ("khen_thuong", "2023-12-15")
        last = status_history(store, initiative_id)[-1]
        assert (last["to_status"], last["note"]) == ("khen_thuong", "Theo Quyết định số 125-QĐ/HU")
    assert get_initiative(store, initiatives[2]).status == "cong_nhan"

    # By hand: an individual without an initiative in the program.
    page.add_manual_button.click()
    form = page.dialog
    type_text(form.name, "Vũ Thị Huyền")
    type_text(form.position, "Bí thư chi bộ xóm 3, xã Nghĩa Thuận")
    form.field.set_code("xay_dung_dang")
    form.save_button.click()
    assert page.awards_model.rowCount() == 3

    # The achievement of one recipient, edited alone.
    page.awards_table.selectRow(2)
    page.edit_award_button.click()
    form = page.dialog
    form.achievement.setPlainText("Có nhiều đóng góp trong xây dựng chi bộ trong sạch, vững mạnh")
    form.save_button.click()
    assert page.awards_model.rows[2]["achievement"].startswith("Có nhiều đóng góp")
    assert page.awards_model.rows[0]["achievement"].endswith("năm 2023")
    assert round_id == page.current_round_id()


def test_invalid_round_shows_messages_and_writes_nothing(qtbot, page, store, monkeypatch):
    page.new_round_button.click()
    form = page.dialog
    form.issuer.clear()
    assert form.save() is False
    messages = form.errors.visible()
    assert messages["number"] == "Chưa nhập số quyết định."
    assert messages["decided_on"] == "Chưa nhập ngày quyết định."
    assert store.scalar("SELECT count(*) FROM commendation_rounds") == 0
    asked = []
    monkeypatch.setattr(forms_module, "ask_save_discard_cancel",
                        lambda *args: asked.append(args[2]) or "discard")
    form.reject()  # Hủy: typing is not thrown away without asking
    assert asked and "chưa lưu" in asked[0] and not form.isVisible()
    assert store.scalar("SELECT count(*) FROM commendation_rounds") == 0


def _certificates(qtbot, page, tmp_path, name: str, monkeypatch) -> PdfReader:
    target = tmp_path / name
    monkeypatch.setattr(output_module, "ask_save_path", lambda *a: target)
    page.certificates_button.click()
    dialog = page.dialog
    assert dialog.all.isChecked()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: target.exists() and not getattr(page, "_document_busy", False), timeout=20000)
    return PdfReader(str(target))


def test_certificates_are_recorded_and_a_second_print_warns(qtbot, page, store, tmp_path, monkeypatch):
    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG, PHONG_TAN])
    reader = _certificates(qtbot, page, tmp_path, "gk.pdf", monkeypatch)
    assert len(reader.pages) == 2
    text = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "GIẤY KHEN" in text and "Số sổ: 001/125-QĐ/HU" in text
    assert store.scalar("SELECT count(*) FROM certificate_prints") == 2
    qtbot.waitUntil(lambda: page.awards_model.index(0, 6).data() == "1 lần")
    assert page.awards_model.index(0, 5).data() == "001/125-QĐ/HU"
    assert "Đã lưu" in page.status.text()

    asked = []
    monkeypatch.setattr(actions_module, "confirm",
                        lambda parent, title, text, **kw: asked.append(text) or False)
    target = tmp_path / "again.pdf"
    monkeypatch.setattr(output_module, "ask_save_path", lambda *a: target)
    page.certificates_button.click()
    page.dialog.save_button.click()
    qtbot.waitUntil(lambda: not page._document_busy)  # checked off the UI thread, then asked
    assert len(asked) == 1
    assert "Nguyễn Thị Thu Hằng (1 lần)" in asked[0] and "đã được in giấy khen trước đây" in asked[0]
    assert "In lại?" in asked[0]
    assert not target.exists()
    assert store.scalar("SELECT count(*) FROM certificate_prints") == 2

    monkeypatch.setattr(actions_module, "confirm", lambda *a, **kw: True)
    _certificates(qtbot, page, tmp_path, "again.pdf", monkeypatch)
    assert store.scalar("SELECT count(*) FROM certificate_prints WHERE reprint = 1") == 2
    serials = {r["serial"] for r in store.query("SELECT serial FROM certificate_prints")}
    assert serials == {"001/125-QĐ/HU", "002/125-QĐ/HU"}


def test_printing_goes_through_the_print_dialog_and_is_recorded(qtbot, page, store, tmp_path, monkeypatch):
    if not output_module.qtpdf_available():
        pytest.skip("Qt PDF (PySide6-Pdf) is not installed")
    from PySide6.QtPrintSupport import QPrinter

    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG])
    printed = tmp_path / "printer.pdf"

    def to_file(parent, printer, pages):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(output_module, "ask_printer", to_file)
    page.make_certificates("print", [r["id"] for r in page.awards_model.rows], blank_form=True)
    qtbot.waitUntil(lambda: "đã ghi số sổ" in page.status.text(), timeout=20000)
    assert store.scalar("SELECT count(*) FROM certificate_prints") == 1
    # The list shows the serial and the print at once (in place: no reading again).
    serial = store.scalar("SELECT serial FROM certificate_prints")
    shown = page.awards_model.rows[0]
    assert shown["serial"] == serial and shown["prints"] == 1
    assert "đã in giấy khen cho 1" in page.round_info.text()
    page_one = PdfReader(str(printed)).pages[0]
    assert page_one.mediabox.width > page_one.mediabox.height  # landscape, as drawn


def test_printing_stopped_with_huy_records_nothing(qtbot, page, store, tmp_path, monkeypatch):
    """The pages go to the printer off the window's thread; Hủy there stops the printer's
    job and no serial is written (the certificates were not printed)."""
    if not output_module.qtpdf_available():
        pytest.skip("Qt PDF (PySide6-Pdf) is not installed")
    from PySide6.QtPrintSupport import QPrinter

    from danvan_desktop.ui.tasks import Cancelled

    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG])

    def to_file(parent, printer, pages):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printer.pdf"))
        return True

    def cancel_at_once(done, total, text):
        raise Cancelled()

    sent: list[bool] = []
    real = output_module.paint_pages

    def paint(path, printer, report):
        try:
            return real(path, printer, cancel_at_once)
        finally:
            sent.append(True)

    monkeypatch.setattr(output_module, "ask_printer", to_file)
    monkeypatch.setattr(output_module, "paint_pages", paint)
    page.make_certificates("print", [r["id"] for r in page.awards_model.rows], blank_form=True)
    qtbot.waitUntil(lambda: bool(sent), timeout=20000)
    qtbot.wait(200)
    assert store.scalar("SELECT count(*) FROM certificate_prints") == 0
    assert "máy in" not in page.status.text()


def test_preview_records_nothing(qtbot, page, store, monkeypatch):
    opened = []
    monkeypatch.setattr(output_module, "open_in_viewer", lambda path: opened.append(path) or True)
    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG])
    page.make_certificates("preview", [r["id"] for r in page.awards_model.rows])
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    assert opened[0].exists() and opened[0].suffix == ".pdf"
    assert store.scalar("SELECT count(*) FROM certificate_prints") == 0


def test_alignment_offsets_are_saved(qtbot, page, store, monkeypatch):
    opened = []
    monkeypatch.setattr(output_module, "open_in_viewer", lambda path: opened.append(path) or True)
    page.align_button.click()
    dialog = page.dialog
    assert isinstance(dialog, documents_module.AlignmentDialog)
    dx, dy = dialog.spins["name"]
    dx.setValue(4.5)
    dy.setValue(-2.0)
    dialog.spins["decision"][1].setValue(1.5)
    dialog.save_button.click()
    assert load_offsets(store) == {"name": (4.5, -2.0), "decision": (0.0, 1.5)}
    assert dialog.status.text() == "Đã lưu vị trí in trên phôi A4."
    dialog.all_dx.setValue(1.0)
    dialog.shift_button.click()
    assert dialog.offsets()["name"] == (5.5, -2.0)
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    assert len(PdfReader(str(opened[0])).pages) == 1
    dialog.close_button.click()
    assert load_offsets(store)["name"] == (4.5, -2.0)  # shown but not saved


def test_list_remembers_its_number(qtbot, page, store, tmp_path, monkeypatch):
    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG, PHONG_TAN])
    target = tmp_path / "ds.pdf"
    monkeypatch.setattr(output_module, "ask_save_path", lambda *a: target)
    page.list_button.click()
    dialog = page.dialog
    assert dialog.number.text() == ""
    dialog.number.setText("17")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: target.exists() and not getattr(page, "_document_busy", False), timeout=20000)
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(str(target)).pages))
    assert "Số 17-DS/BDVHU" in text and "Nguyễn Thị Thu Hằng" in text
    assert get_setting(store, "last_number_DS") == "17"
    page.list_button.click()
    assert page.dialog.number.text() == "17"
    page.dialog.reject()


def test_removing_a_recipient_returns_its_initiative(qtbot, page, store, initiatives, monkeypatch):
    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG, PHONG_TAN])
    monkeypatch.setattr(page_module, "confirm", lambda *a, **kw: True)
    row = next(n for n, r in enumerate(page.awards_model.rows)
               if r["recipient_name"] == "Nguyễn Thị Thu Hằng")
    page.awards_table.selectRow(row)
    page.remove_award_button.click()
    assert page.awards_model.rowCount() == 1
    item = get_initiative(store, initiatives[0])
    assert (item.status, item.commended_on) == ("cong_nhan", None)
    assert status_history(store, initiatives[0])[-1]["note"] == "Bỏ khỏi đợt khen thưởng số 125-QĐ/HU"

    page.delete_round_button.click()
    assert page.rounds_model.rowCount() == 0
    assert get_initiative(store, initiatives[1]).status == "cong_nhan"


def test_a_new_template_reaches_the_lines_that_still_had_the_old_one(qtbot, page, store):
    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG, PHONG_TAN])
    page.awards_table.selectRow(0)
    page.edit_award_button.click()
    page.dialog.achievement.setPlainText("Thành tích riêng")
    page.dialog.save_button.click()
    page.edit_round_button.click()
    form = page.dialog
    form.template.setPlainText("Đã có thành tích tiêu biểu trong phong trào thi đua “Dân vận khéo” năm 2023")
    form.save_button.click()
    achievements = [r["achievement"] for r in page.awards_model.rows]
    assert achievements == ["Thành tích riêng",
                            "Đã có thành tích tiêu biểu trong phong trào thi đua “Dân vận khéo” năm 2023"]
    assert page.status.text() == "Đã đổi thành tích của 1 dòng theo mẫu mới."


def test_without_qt_pdf_printing_opens_the_viewer_and_records_on_the_users_word(
        qtbot, page, store, monkeypatch):
    told, asked, opened = [], [], []
    monkeypatch.setattr(output_module, "qtpdf_available", lambda: False)
    monkeypatch.setattr(output_module, "inform", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(output_module, "open_in_viewer", lambda path: opened.append(path) or True)
    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG])
    monkeypatch.setattr(actions_module, "confirm",
                        lambda parent, title, text, **kw: asked.append(title) or True)
    page.make_certificates("print", [r["id"] for r in page.awards_model.rows])
    qtbot.waitUntil(lambda: store.scalar("SELECT count(*) FROM certificate_prints") == 1, timeout=20000)
    assert opened and "in từ đó (Ctrl+P)" in told[0]
    assert asked == ["Ghi nhận đã in"]


def test_a_read_only_file_refuses_to_issue_certificates(qtbot, page, store, monkeypatch):
    _new_round(qtbot, page)
    _add_from_initiatives(page, [HANG])
    said = []
    monkeypatch.setattr(actions_module, "error", lambda parent, title, text: said.append(text))
    store.read_only = True
    page.make_certificates("save", [r["id"] for r in page.awards_model.rows])
    assert "chỉ đọc" in said[0]
    page.new_round_button.click()
    form = page.dialog
    type_text(form.number, "1-QĐ/HU")
    type_text(form.decided_on, "01/02/2024")
    assert form.save() is False and form.summary.text().startswith("Không ghi được")
    asked = []
    monkeypatch.setattr(forms_module, "ask_save_discard_cancel",
                        lambda *a: asked.append(a[2]) or "discard")
    form.reject()  # the typing is not lost without a question
    assert asked and page.dialog is None
    store.read_only = False


def test_names_show_as_typed_in_tooltips(qtbot, page):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument

    _new_round(qtbot, page)
    page.add_manual_button.click()
    form = page.dialog
    form.kind.set_code("tap_the")
    form.name.setText('Hội <Phụ nữ> & "Cựu chiến binh"')
    form.save_button.click()
    tip = page.awards_model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    shown = QTextDocument()
    shown.setHtml(tip)
    assert 'Hội <Phụ nữ> & "Cựu chiến binh"' in shown.toPlainText()


@pytest.mark.parametrize(("office_level", "expected"), [("xa", "Xã"), ("tinh", "Tỉnh")])
def test_a_new_round_starts_at_the_offices_own_level_not_a_district(qtbot, page, store,
                                                                     office_level, expected):
    from danvan_desktop.domain import office
    from danvan_desktop.store.profile import save_profile

    unit = "" if office_level == "tinh" else "Xã Đông Hưng"
    save_profile(store, office.defaults(office_level, "Tỉnh Hưng Yên", unit))
    page.new_round_button.click()
    assert page.dialog.level.currentText() == expected
    page.dialog.reject()
