"""Báo cáo, walked as a user: choose quý I năm 2023, mark a notable initiative (the flag
is saved and audited), write the limitations, save the report as Word and find the text
inside; the texts are kept with their period; the other formats are made too."""

from __future__ import annotations

import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.domain.periods import quarter_period
from danvan_desktop.store.initiatives import get_initiative, save_initiative
from danvan_desktop.store.profile import get_setting
from danvan_desktop.store.reports import report_texts
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.reports import page as page_module
from danvan_desktop.ui.reports.page import ReportsPage
from danvan_desktop.ui.rounds import output as output_module

from .conftest import type_text

LIMITS = 'Một số chi bộ chưa chủ động; Hội <Phụ nữ> & "CCB" còn lúng túng.'
HANG = "Sản xuất hương truyền thống và xuất khẩu"


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")

    monkeypatch.setattr(page_module, "error", unexpected)
    monkeypatch.setattr(output_module, "error", unexpected)
    monkeypatch.setattr(output_module, "inform", unexpected)
    monkeypatch.setattr(output_module, "open_in_viewer", lambda path: True)


@pytest.fixture
def initiatives(store, commune):
    ids = []
    for name, kind, owner, day in ((HANG, "ca_nhan", "Nguyễn Thị Thu Hằng", "2023-02-10"),
                                   ("Tuyến phố văn minh", "tap_the", "Tổ Dân vận khối Kim Tân", "2023-03-05"),
                                   ("Bồn rửa tay cho em", "tap_the", "Thị đoàn Thái Hòa", "2023-05-05")):
        ids.append(save_initiative(store, Initiative(
            name=name, kind=kind, field="kinh_te", owner_name=owner, commune_id=commune, year=2023,
            registered_on=day, results="Doanh thu 600 triệu đồng/năm, tạo việc làm cho 25 lao động")).id)
    return ids


@pytest.fixture
def page(qtbot, store, initiatives):
    widget = ReportsPage(store, ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1176, 700)
    widget.show()
    return widget


def _wait(qtbot, page, path):
    qtbot.waitUntil(lambda: path.exists() and not getattr(page, "_document_busy", False), timeout=20000)


def test_quarter_report_with_a_notable_initiative_and_limitations_as_word(
        qtbot, page, store, initiatives, tmp_path, monkeypatch):
    page.choose_period(2023, "Quý I")
    assert page.dates.text() == "(từ 01/01/2023 đến 31/03/2023)"
    names = [r["name"] for r in page.model.rows]
    assert names == [HANG, "Tuyến phố văn minh"]  # registered in the quarter; not May's
    assert page.model.index(0, 4).data() == "Đăng ký 10/02/2023"

    type_text(page.search, "huong")  # without diacritics
    page.apply_search()
    assert [r["name"] for r in page.model.rows] == [HANG]
    # A click on the checkbox: the view sets the check state through the model.
    page.model.setData(page.model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert get_initiative(store, initiatives[0]).notable is True
    audit = store.query("SELECT changes FROM audit_log WHERE record_kind = 'initiatives'"
                        " AND action = 'update' ORDER BY id DESC LIMIT 1")
    assert '"notable": [0, 1]' in audit[0]["changes"]
    page.search.clear()
    page.apply_search()
    assert "đã đánh dấu 1 mô hình tiêu biểu" in page.count.text()
    page.only_checked.setChecked(True)
    assert page.model.rowCount() == 1

    type_text(page.limitations, LIMITS)
    type_text(page.directions, "Nhân rộng các mô hình hay trong quý II.")
    type_text(page.number, "12")
    assert page.texts_status.text() == "Chưa lưu"
    target = tmp_path / "bao-cao.docx"
    monkeypatch.setattr(output_module, "ask_save_path", lambda *a: target)
    page.docx_button.click()
    _wait(qtbot, page, target)
    # The texts were saved before the document was made.
    texts = report_texts(store, quarter_period(2023, 1))
    assert (texts["number"], texts["limitations"]) == ("12", LIMITS)
    assert get_setting(store, "last_number_BC") == "12"
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert LIMITS in text and "Nhân rộng các mô hình hay trong quý II." in text
    assert "quý I năm 2023" in text and HANG in text
    assert "Đã lưu" in page.status.text()


def test_texts_are_kept_with_their_period(qtbot, page, store):
    page.choose_period(2023, "Quý I")
    type_text(page.limitations, "Hạn chế quý I")
    page.save_texts_button.click()
    assert page.texts_status.text() == "Đã lưu nội dung báo cáo quý I năm 2023."
    page.choose_period(2023, "Quý II")
    assert page.limitations.toPlainText() == ""
    type_text(page.limitations, "Hạn chế quý II")
    page.choose_period(2023, "Quý I")  # switching saves what was written
    assert page.limitations.toPlainText() == "Hạn chế quý I"
    assert report_texts(store, quarter_period(2023, 2))["limitations"] == "Hạn chế quý II"
    page.choose_period(2023, "9 tháng")
    assert page.dates.text() == "(từ 01/01/2023 đến 30/09/2023)"
    assert page.model.rowCount() == 3


def test_pdf_and_excel_are_made_off_the_ui_thread(qtbot, page, tmp_path, monkeypatch):
    page.choose_period(2023, "6 tháng đầu năm")
    pdf, xlsx = tmp_path / "bc.pdf", tmp_path / "so-lieu.xlsx"
    monkeypatch.setattr(output_module, "ask_save_path", lambda *a: pdf)
    page.pdf_button.click()
    _wait(qtbot, page, pdf)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages))
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2023" in text
    monkeypatch.setattr(output_module, "ask_save_path", lambda *a: xlsx)
    page.xlsx_button.click()
    _wait(qtbot, page, xlsx)
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert next(r for r in rows if r[0] == "Kinh tế")[1:4] == (2, 1, 3)

    opened = []
    monkeypatch.setattr(output_module, "open_in_viewer", lambda path: opened.append(path) or True)
    page.preview_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    assert opened[0].suffix == ".pdf" and opened[0].exists()
