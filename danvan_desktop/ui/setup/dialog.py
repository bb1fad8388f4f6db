"""Who the office is: the level (province Ban Tuyên giáo và Dân vận, commune Đảng ủy or
MTTQ, special zone, or a district Ban Dân vận for old records) and its unit from the official
list. The dialog only chooses; the caller applies the choice (office_setup.apply_choice)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import office
from ...domain.validation import ValidationError
from ...services import office_setup
from ...store import places
from ..tasks import run_job
from .picker import UnitPicker


class OfficeSetupDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, level: str = "", unit_code: str = "",
                 units: places.OfficialList | None = None):
        super().__init__(parent)
        self.setWindowTitle("Cơ quan sử dụng chương trình")
        self.units: places.OfficialList | None = units
        self.choice: office_setup.Choice | None = None
        intro = QLabel("Chọn cơ quan đang dùng chương trình và địa bàn của mình. Chương trình nạp sẵn "
                       "các xã, phường theo danh sách đơn vị hành chính chính thức và điền sẵn tiêu đề "
                       "văn bản; mọi thông tin vẫn sửa được trong Cài đặt.")
        intro.setWordWrap(True)
        level_box = self._level_box()
        self.province = UnitPicker("Gõ tên tỉnh, thành phố để tìm…")
        self.commune = UnitPicker("Gõ tên xã, phường, đặc khu để tìm (ví dụ: thai binh)…")
        self.district = QLineEdit()
        self.district.setPlaceholderText("Tên huyện cũ, ví dụ: Đông Hưng")
        self.province_box = self._boxed("Tỉnh, thành phố", self.province)
        self.commune_box = self._boxed("Xã, phường, đặc khu", self.commune)
        self.district_box = self._boxed("Huyện (trước 01/7/2025)", self.district)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Chọn")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Để sau")
        places_column = QVBoxLayout()
        places_column.addWidget(self.province_box, 1)
        places_column.addWidget(self.commune_box, 2)
        places_column.addWidget(self.district_box)
        columns = QHBoxLayout()
        columns.addWidget(level_box, 1)
        columns.addLayout(places_column, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(900, 600)

        self.levels.idClicked.connect(lambda _id: self._update())
        self.province.chosen.connect(self._province_chosen)
        self.commune.chosen.connect(lambda _unit: self._update())
        self.district.textChanged.connect(lambda _text: self._update())
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self._wanted = (level or "tinh", unit_code)
        self._filled: tuple[str | None, str] | None = None
        self.levels.button(office.LEVEL_CODES.index(level or "tinh")).setChecked(True)
        if self.units is None:
            self.summary.setText("Đang đọc danh sách đơn vị hành chính…")
            run_job(self, "Đang đọc danh sách đơn vị hành chính", lambda _report: places.read_list(),
                    self._loaded, lambda exc: self.summary.setText(f"Không đọc được danh sách: {exc}"))
        else:
            self._loaded(self.units)

    def _level_box(self) -> QGroupBox:
        """One radio button per office level, each with a line saying what it is for."""
        self.levels = QButtonGroup(self)
        level_box = QGroupBox("Cấp cơ quan")
        level_layout = QVBoxLayout(level_box)
        for index, item in enumerate(office.LEVELS):
            button = QRadioButton(item.label)
            button.setObjectName(f"level_{item.code}")
            button.setToolTip(item.hint)
            self.levels.addButton(button, index)
            level_layout.addWidget(button)
            hint = QLabel(f"<small>{escape(item.hint)}</small>")
            hint.setWordWrap(True)
            hint.setContentsMargins(22, 0, 0, 4)
            level_layout.addWidget(hint)
        level_layout.addStretch(1)
        return level_box

    @staticmethod
    def _boxed(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    def _loaded(self, units: places.OfficialList) -> None:
        self.units = units
        self.province.set_units(units.sorted_provinces())
        level, code = self._wanted
        unit = units.unit(code) if code else None
        if unit is not None:
            self.province.select_code(unit.province_code or unit.code)
            if unit.province_code:
                self._update()
                self.commune.select_code(unit.code)
        self._update()

    def level(self) -> str:
        return office.LEVELS[max(self.levels.checkedId(), 0)].code

    def _province_chosen(self, _unit: places.Unit | None) -> None:
        self._update()

    def _fill_communes(self) -> None:
        """The communes of the chosen province (only its special zones for a special zone)."""
        unit, kind = self.province.unit(), office.level(self.level()).unit_kind
        self._filled = (unit.code if unit else None, kind)
        communes = self.units.sorted_communes(unit.code) if self.units and unit else []
        if kind == "dac_khu":
            communes = [c for c in communes if c.unit_type == "dac_khu"]
        self.commune.set_units(communes)

    def _update(self) -> None:
        kind = office.level(self.level()).unit_kind
        self.commune_box.setVisible(kind in ("xa", "dac_khu"))
        self.district_box.setVisible(self.level() == "huyen")
        province = self.province.unit()
        if (province.code if province else None, kind) != self._filled:
            self._fill_communes()
        self.choice = self._current_choice()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.choice is not None)
        if self.choice is None:
            self.summary.setText("Hãy chọn " + ("tỉnh, thành phố." if kind in ("tinh",) else
                                                "tỉnh, rồi xã, phường hoặc đặc khu."))
            return
        p = office_setup.default_profile(self.choice, self.district.text())
        letterhead = "Nhà nước (Nghị định 30/2020)" if p.letterhead == office.STATE else "Đảng (Hướng dẫn 36)"
        self.summary.setText(
            f"<b>{escape(p.issuing_body)}</b> — {escape(p.parent_body_1)}"
            f"{' / ' + escape(p.parent_body_2) if p.parent_body_2 else ''}; mã văn bản "
            f"<b>{escape(p.doc_code)}</b>; thể thức {letterhead}; ký: {escape(p.signer_authority)}.")

    def _current_choice(self) -> office_setup.Choice | None:
        if self.units is None:
            return None
        kind = office.level(self.level()).unit_kind
        unit = self.province.unit() if kind == "tinh" else self.commune.unit()
        if unit is None:
            return None
        try:
            return office_setup.resolve(self.units, self.level(), unit.code)
        except ValidationError:
            return None

    def _accept(self) -> None:
        if self.choice is not None:
            self.accept()
