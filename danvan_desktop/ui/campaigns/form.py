"""The campaign form (a dialog): the campaign's fields on the left, its contributions
ledger with live totals on the right. Saving validates everything first; a problem is
shown beside its field (or under the ledger, naming the row) and nothing is written."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.entities import Campaign
from ...domain.text import format_money_short, parse_money
from ...domain.validation import ValidationError
from ...domain.vocab import CAMPAIGN_STATUSES, CAMPAIGN_TYPES
from ...store import catalog
from ...store.campaigns import contributions_of, get_campaign, initiative_choices, save_campaign
from ...store.db import Store, StoreError
from ..changes import CAMPAIGNS, ChangeBus
from ..widgets.dialogs import ask_save_discard_cancel, error
from ..widgets.form_errors import ErrorLabels
from ..widgets.inputs import DateEdit, MoneyEdit, NumberEdit, VocabCombo
from .ledger import LedgerPanel
from .logic import (
    agreement_text,
    campaign_from_values,
    row_from_contribution,
    row_to_contribution,
    split_errors,
)

NO_VILLAGE = "— Không chọn thôn —"
NO_COMMUNE = "— Chọn xã, phường —"
NO_INITIATIVE = "— Không gắn mô hình —"
NUMBER_FIELDS = {
    "length_m": "m", "width_before_m": "m", "width_after_m": "m",
    "households_benefited": "hộ", "households_poor": "hộ", "households_near_poor": "hộ",
    "households_asked": "hộ", "households_agreed": "hộ",
}


def _set_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class CampaignForm(QDialog):
    """Add (``campaign_id=None``) or edit one campaign and its ledger."""

    def __init__(self, store: Store, bus: ChangeBus, campaign_id: int | None = None,
                 parent: QWidget | None = None, commune_id: int | None = None):
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.campaign_id = campaign_id
        self.saved_id: int | None = None
        self.setWindowTitle("Cuộc vận động")
        self.setObjectName("campaign_form")
        self.errors = ErrorLabels()
        self._build()
        campaign = get_campaign(store, campaign_id) if campaign_id else Campaign(commune_id=commune_id)
        self._load(campaign)
        self._snapshot = self.state()
        available = self.screen().availableGeometry()  # the taskbar stays clear of Lưu/Hủy
        self.resize(min(1280, available.width() - 20), min(720, available.height() - 40))
        self.title.setFocus()

    # --- building ------------------------------------------------------------------------

    def _cell(self, grid: QGridLayout, row: int, column: int, caption: str, widget: QWidget,
              field: str | None = None, span: int = 1) -> None:
        """A caption above its input and the input's error line below."""
        box = QVBoxLayout()
        box.setSpacing(2)
        label = QLabel(caption)
        label.setBuddy(widget)
        box.addWidget(label)
        box.addWidget(widget)
        if field:
            box.addWidget(self.errors.label_for(field))
        box.addStretch()  # captions stay level when a neighbour shows an error
        grid.addLayout(box, row, column, 1, span)

    def _build(self) -> None:
        self._fields()
        left_widget = self._left_column()
        self.ledger = LedgerPanel()
        ledger_box = QGroupBox("Sổ đóng góp (tiền, ngày công, đất hiến, vật tư)")
        QVBoxLayout(ledger_box).addWidget(self.ledger)

        body = QHBoxLayout()
        body.addWidget(left_widget)
        body.addWidget(ledger_box, 1)
        buttons = self._button_bar()
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.commune.currentIndexChanged.connect(self._commune_changed)
        self.estimate.textChanged.connect(self._estimate_changed)
        self.numbers["households_asked"].textChanged.connect(self._update_agreement)
        self.numbers["households_agreed"].textChanged.connect(self._update_agreement)

    def _fields(self) -> None:
        """The campaign's inputs (laid out by the group boxes below)."""
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText("Ví dụ: Mở rộng đường vào thôn Hoành Từ")
        self.commune = QComboBox()
        self.commune.setObjectName("commune")
        self.village = QComboBox()
        self.village.setObjectName("village")
        self.type = VocabCombo(CAMPAIGN_TYPES)
        self.type.setObjectName("type")
        self.status = VocabCombo(CAMPAIGN_STATUSES)
        self.status.setObjectName("status")
        self.started_edit = DateEdit()
        self.finished_edit = DateEdit()
        self.estimate = MoneyEdit()
        self.estimate.setObjectName("estimate")
        self.estimate_words = QLabel()
        self.estimate_words.setStyleSheet("color: #555;")
        self.initiative = QComboBox()
        self.initiative.setObjectName("initiative")
        self.initiative.currentTextChanged.connect(self.initiative.setToolTip)
        self.numbers: dict[str, NumberEdit] = {}
        for name, unit in NUMBER_FIELDS.items():
            edit = NumberEdit(placeholder=unit)
            edit.setObjectName(name)
            self.numbers[name] = edit
        self.agreement = QLabel()
        self.agreement.setObjectName("agreement")
        self.agreement.setStyleSheet("font-weight: bold;")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setMinimumHeight(48)
        self.notes.setTabChangesFocus(True)

    def _left_column(self) -> QWidget:
        """Công trình, Số đo, Hộ dân and Ghi chú, one above the other, at a fixed width."""
        general = self._general_box()
        measures = self._measures_box()
        people = self._people_box()
        left = QVBoxLayout()
        left.addWidget(general)
        left.addWidget(measures)
        left.addWidget(people)
        notes_box = QGridLayout()
        self._cell(notes_box, 0, 0, "Ghi chú", self.notes, "notes")
        left.addLayout(notes_box, 1)  # the notes take the height left over
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setFixedWidth(500)
        left.setContentsMargins(0, 0, 0, 0)
        return left_widget

    def _general_box(self) -> QGroupBox:
        general = QGroupBox("Công trình")
        grid = QGridLayout(general)
        grid.setVerticalSpacing(4)
        self._cell(grid, 0, 0, "Tên cuộc vận động, công trình *", self.title, "title", span=2)
        self._cell(grid, 1, 0, "Xã, phường, thị trấn *", self.commune, "commune_id")
        self._cell(grid, 1, 1, "Thôn, xóm, tổ dân phố", self.village, "village_id")
        self._cell(grid, 2, 0, "Loại công trình", self.type, "type")
        self._cell(grid, 2, 1, "Tình trạng", self.status, "status")
        self._cell(grid, 3, 0, "Ngày bắt đầu", self.started_edit, "started_on")
        self._cell(grid, 3, 1, "Ngày hoàn thành", self.finished_edit, "finished_on")
        money = QHBoxLayout()
        money.addWidget(self.estimate, 1)
        money.addWidget(self.estimate_words)
        money_box = QWidget()
        money_box.setLayout(money)
        money.setContentsMargins(0, 0, 0, 0)
        self._cell(grid, 4, 0, "Dự toán (đồng)", money_box, "estimate_vnd", span=2)
        self._cell(grid, 5, 0, "Mô hình “Dân vận khéo” liên quan", self.initiative,
                   "initiative_id", span=2)
        return general

    def _measures_box(self) -> QGroupBox:
        measures = QGroupBox("Số đo tuyến đường (m)")
        grid_m = QGridLayout(measures)
        self._cell(grid_m, 0, 0, "Chiều dài", self.numbers["length_m"], "length_m")
        self._cell(grid_m, 0, 1, "Chiều rộng cũ", self.numbers["width_before_m"], "width_before_m")
        self._cell(grid_m, 0, 2, "Chiều rộng mới", self.numbers["width_after_m"], "width_after_m")
        return measures

    def _people_box(self) -> QGroupBox:
        people = QGroupBox("Hộ dân")
        grid_p = QGridLayout(people)
        grid_p.setVerticalSpacing(4)
        self._cell(grid_p, 0, 0, "Hộ hưởng lợi", self.numbers["households_benefited"],
                   "households_benefited")
        self._cell(grid_p, 0, 1, "trong đó hộ nghèo", self.numbers["households_poor"],
                   "households_poor")
        self._cell(grid_p, 0, 2, "hộ cận nghèo", self.numbers["households_near_poor"],
                   "households_near_poor")
        self._cell(grid_p, 1, 0, "Hộ được lấy ý kiến", self.numbers["households_asked"],
                   "households_asked")
        self._cell(grid_p, 1, 1, "Hộ đồng ý", self.numbers["households_agreed"],
                   "households_agreed")
        grid_p.addWidget(self.agreement, 1, 2)
        return people

    def _button_bar(self) -> QHBoxLayout:
        """What stops saving (in red) on the left; Lưu và thêm tiếp, Lưu, Hủy on the right."""
        self.general_errors = QLabel()
        self.general_errors.setObjectName("general_errors")
        self.general_errors.setStyleSheet("color: #b00020;")
        self.general_errors.setWordWrap(True)
        self.general_errors.hide()
        self.save_button = QPushButton("Lưu")
        self.save_button.setToolTip("Lưu (Ctrl+S)")
        self.save_next_button = QPushButton("Lưu và thêm tiếp")
        self.save_next_button.setObjectName("save_next")
        self.save_next_button.setToolTip("Lưu rồi mở mẫu trống, giữ xã, thôn và loại công trình")
        self.save_next_button.clicked.connect(self.save_and_next)
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.setToolTip("Đóng, không lưu (Esc)")
        for button in (self.save_button, self.save_next_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setMinimumWidth(96)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.general_errors, 1)
        buttons.addStretch()
        buttons.addWidget(self.save_next_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        return buttons

    # --- loading -------------------------------------------------------------------------

    def _fill_communes(self, keep_id: int | None) -> None:
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem(NO_COMMUNE, None)
        rows = catalog.communes(self.store, include_retired=True)
        for row in rows:
            if row["retired_on"] is None or row["id"] == keep_id:
                self.commune.addItem(row["name"], row["id"])
        _set_data(self.commune, keep_id)
        self.commune.blockSignals(False)

    def _fill_villages(self, keep_id: int | None) -> None:
        self.village.clear()
        self.village.addItem(NO_VILLAGE, None)
        commune_id = self.commune.currentData()
        if commune_id is not None:
            for row in catalog.children(self.store, commune_id):
                if row["level"] == "thon" and (row["retired_on"] is None or row["id"] == keep_id):
                    self.village.addItem(row["name"], row["id"])
        _set_data(self.village, keep_id)

    def _fill_initiatives(self, keep_id: int | None) -> None:
        self.initiative.clear()
        self.initiative.addItem(NO_INITIATIVE, None)
        for row in initiative_choices(self.store, self.commune.currentData(), keep_id):
            year = f" ({row['year']})" if row["year"] else ""
            self.initiative.addItem(f"{row['name']}{year}", row["id"])
        _set_data(self.initiative, keep_id)

    def _commune_changed(self) -> None:
        self._fill_villages(self.village.currentData())
        self._fill_initiatives(self.initiative.currentData())

    def _load(self, item: Campaign) -> None:
        self._fill_communes(item.commune_id)
        self._fill_villages(item.village_id)
        self._fill_initiatives(item.initiative_id)
        self.title.setText(item.title)
        self.type.set_code(item.type)
        self.status.set_code(item.status)
        self.started_edit.set_value(item.started_on)
        self.finished_edit.set_value(item.finished_on)
        self.estimate.set_value(item.estimate_vnd)
        for name, edit in self.numbers.items():
            edit.set_value(getattr(item, name))
        self.notes.setPlainText(item.notes)
        rows = contributions_of(self.store, item.id) if item.id else []
        self.ledger.set_rows([row_from_contribution(c) for c in rows])
        self._estimate_changed()
        self._update_agreement()

    # --- values --------------------------------------------------------------------------

    def values(self) -> dict:
        """What the form holds: codes and ids, and text as typed."""
        data = {
            "title": self.title.text(),
            "commune_id": self.commune.currentData(),
            "village_id": self.village.currentData(),
            "type": self.type.code(),
            "status": self.status.code(),
            "started_on": self.started_edit.value(),
            "finished_on": self.finished_edit.value(),
            "estimate_vnd": self.estimate.value(),
            "initiative_id": self.initiative.currentData(),
            "notes": self.notes.toPlainText(),
        }
        data.update({name: edit.text().strip() for name, edit in self.numbers.items()})
        return data

    def state(self) -> tuple:
        """Everything the user can change, to tell whether there is anything unsaved."""
        return (self.values(), [asdict(row) for row in self.ledger.rows()])

    def is_dirty(self) -> bool:
        self.ledger.commit_edits()
        return self.state() != self._snapshot

    def _estimate_changed(self) -> None:
        try:
            amount = parse_money(self.estimate.text())
        except ValueError:
            amount = None
        self.estimate_words.setText(format_money_short(amount) if amount else "")
        self.ledger.set_estimate(amount)

    def _update_agreement(self) -> None:
        self.agreement.setText(agreement_text(self.numbers["households_asked"].text(),
                                              self.numbers["households_agreed"].text()))

    # --- saving and closing --------------------------------------------------------------

    def save(self) -> bool:
        """Validate and write; on success tell every screen and close."""
        if not self._write():
            return False
        self.accept()
        return True

    def save_and_next(self) -> bool:
        """Lưu và thêm tiếp: save, then an empty form keeping commune, village and type."""
        values = self.values()
        if not self._write():
            return False
        self.campaign_id = None
        self._load(Campaign(commune_id=values["commune_id"], village_id=values["village_id"],
                            type=values["type"]))
        self.ledger.undo_stack.clear()
        self._snapshot = self.state()
        self.general_errors.setStyleSheet("color: #1b5e20;")
        self.general_errors.setText(f"Đã lưu “{values['title'].strip()}”. Nhập cuộc vận động tiếp "
                                    "theo (giữ xã, thôn, loại).")
        self.general_errors.show()
        self.title.setFocus()
        return True

    def _write(self) -> bool:
        self.ledger.commit_edits()
        item = campaign_from_values(self.values(), self.campaign_id)
        ledger = [row_to_contribution(row, self.campaign_id) for row in self.ledger.rows()]
        try:
            saved = save_campaign(self.store, item, ledger)
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        except (StoreError, sqlite3.Error) as exc:
            error(self, "Không lưu được", str(exc))
            return False
        self.errors.clear()
        self.ledger.show_errors({})
        self.general_errors.hide()
        self.saved_id = self.campaign_id = saved.id
        self._snapshot = self.state()
        self.bus.notify(CAMPAIGNS)
        return True

    def _show_errors(self, exc: ValidationError) -> None:
        self.general_errors.setStyleSheet("color: #b00020;")
        own, rows = split_errors(exc)
        orphans = self.errors.show(own)
        self.ledger.show_errors(rows)
        count = len(exc.errors)
        lines = [f"Chưa lưu: có {count} lỗi, xem các dòng chữ đỏ."] + orphans
        self.general_errors.setText("\n".join(lines))
        self.general_errors.show()
        first = next((e.field for e in own.errors if e.field in self._focusable()), None)
        if first:
            self._focusable()[first].setFocus()

    def _focusable(self) -> dict[str, QWidget]:
        return {"title": self.title, "commune_id": self.commune, "started_on": self.started_edit,
                "finished_on": self.finished_edit, "estimate_vnd": self.estimate, **self.numbers}

    def reject(self) -> None:
        """Esc, Hủy or the window's close button: ask before losing unsaved changes."""
        if self.is_dirty():
            answer = ask_save_discard_cancel(
                self, "Cuộc vận động", "Cuộc vận động có thay đổi chưa lưu. Lưu trước khi đóng?")
            if answer == "save":
                self.save()
                return
            if answer == "cancel":
                return
        super().reject()
