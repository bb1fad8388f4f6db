"""The document choices a clerk makes in the window: dragging a line on the blank-form
picture, A3 forms, being warned before printing a certificate whose text does not fit,
a report of a multi-year stage, the margins setting."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt

from danvan_desktop.domain.entities import Award, CommendationRound
from danvan_desktop.services.demo_seed import DONG_HUNG_PROFILE
from danvan_desktop.services.documents.certificates import load_offsets
from danvan_desktop.services.documents.layout import Margins, margins_of
from danvan_desktop.store.profile import save_profile
from danvan_desktop.store.rounds import add_award, save_round
from danvan_desktop.ui.changes import ChangeBus
from danvan_desktop.ui.rounds import document_actions as actions_module
from danvan_desktop.ui.rounds import output as output_module
from danvan_desktop.ui.rounds.documents import AlignmentDialog
from danvan_desktop.ui.rounds.page import RoundsPage


@pytest.fixture
def round_id(store):
    save_profile(store, replace(DONG_HUNG_PROFILE, cert_signer_name="Trần Văn Bí"))
    rnd = save_round(store, CommendationRound(
        number="125-QĐ/HU", decided_on="2023-12-15", issuer="Ban Thường vụ Huyện ủy Đông Hưng",
        form="giay_khen", year=2023, achievement_template="Gương mẫu"))
    add_award(store, Award(round_id=rnd.id, kind="ca_nhan", recipient_name="Nguyễn Thị Huệ",
                           achievement="Gương mẫu"))
    add_award(store, Award(round_id=rnd.id, kind="ca_nhan", recipient_name="Ngô Văn Dài",
                           achievement="Đã có thành tích xuất sắc trong phong trào " * 15))
    return rnd.id


def test_dragging_a_line_on_the_picture_moves_it_and_is_saved_per_paper(qtbot, store, round_id):
    dialog = AlignmentDialog(store)
    qtbot.addWidget(dialog)
    dialog.resize(1040, 620)
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.preview
    start = preview._label_rect("name").center()
    scale = preview._scale()  # pixels per millimetre
    end = start + QPointF(20 * scale, 10 * scale)
    qtbot.mousePress(preview, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(preview, pos=QPoint(round(end.x()), round(end.y())))
    qtbot.mouseRelease(preview, Qt.MouseButton.LeftButton, pos=QPoint(round(end.x()), round(end.y())))
    dx, dy = (spin.value() for spin in dialog.spins["name"])
    assert dx == pytest.approx(20, abs=0.6) and dy == pytest.approx(10, abs=0.6)
    dialog.save_button.click()
    assert load_offsets(store)["name"] == pytest.approx((dx, dy))
    dialog.paper.setCurrentIndex(1)  # A3: its own positions, none saved yet
    assert dialog.chosen_paper() == "A3"
    assert all(spin.value() == 0 for pair in dialog.spins.values() for spin in pair)
    dialog.spins["signer_name"][1].setValue(-4.0)
    assert preview.offsets["signer_name"] == (0.0, -4.0)  # the picture follows the numbers
    dialog.save_button.click()
    assert load_offsets(store, "A3") == {"signer_name": (0.0, -4.0)}
    assert "name" in load_offsets(store, "A4")
    dialog.grab().save("/tmp/i11-alignment-dialog.png")


def test_the_user_is_warned_before_printing_text_that_does_not_fit(qtbot, store, round_id, tmp_path,
                                                                    monkeypatch):
    page = RoundsPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    asked = []
    monkeypatch.setattr(actions_module, "confirm",
                        lambda parent, title, text, **kw: asked.append(text) or False)
    target = tmp_path / "gk.pdf"
    monkeypatch.setattr(output_module, "ask_save_path", lambda *a: target)
    ids = [r["id"] for r in page.awards_model.rows]
    assert len(ids) == 2
    page.make_certificates("save", ids, paper="A3")
    qtbot.waitUntil(lambda: bool(asked))  # checked off the UI thread, then asked
    assert len(asked) == 1 and "Ngô Văn Dài: thành tích quá dài" in asked[0]
    assert not target.exists() and store.scalar("SELECT count(*) FROM certificate_prints") == 0

    monkeypatch.setattr(actions_module, "confirm", lambda *a, **kw: True)
    page.make_certificates("save", ids, paper="A3")
    qtbot.waitUntil(lambda: target.exists() and not getattr(page, "_document_busy", False),
                    timeout=20000)
    box = PdfReader(str(target)).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 420
    assert store.scalar("SELECT count(*) FROM certificate_serials") == 2


def test_a_report_of_a_stage_of_several_years(qtbot, store):
    from danvan_desktop.ui.reports.page import STAGE, ReportsPage

    page = ReportsPage(store, ChangeBus())
    qtbot.addWidget(page)
    page.show()
    assert not page.to_year.isVisible()
    page.choose_period(2021, STAGE)
    page.to_year.setValue(2025)
    assert page.to_year.isVisible()
    assert page.period.label == "giai đoạn 2021–2025"
    assert page.dates.text() == "(từ 01/01/2021 đến 31/12/2025)"


def test_margins_are_a_setting(qtbot, store):
    from danvan_desktop.ui.settings.margins import MarginsBox

    box = MarginsBox(store)
    qtbot.addWidget(box)
    assert box.margins() == Margins()
    for side, value in (("top", 25), ("bottom", 25), ("left", 35), ("right", 15)):
        box.spins[side].setValue(value)
    assert box.save()
    assert margins_of(store) == Margins(25, 25, 35, 15)
