"""The small dialogs before a document: the list's number, which certificates and how,
and lining up the text with a pre-printed blank form (phôi giấy khen)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...services.documents.certificates import (
    TOP_MM,
    Offsets,
    build_alignment_page,
    load_offsets,
    save_offsets,
)
from ...store.db import Store, StoreError
from . import output

# The lines a blank form leaves to the program (the others are printed on it already).
FORM_LINES = [
    ("name", "Tên người, tập thể"),
    ("position", "Chức vụ, đơn vị"),
    ("achievement", "Thành tích"),
    ("decision", "Quyết định, số sổ"),
    ("date", "Địa danh, ngày tháng"),
    ("signer_authority", "Thẩm quyền ký (T/M…)"),
    ("signer_title", "Chức vụ người ký"),
    ("signer_name", "Họ tên người ký"),
]


class _ActionDialog(QDialog):
    """Ends with ``action`` set to 'preview', 'save' or 'print'."""

    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.action: str | None = None
        self.body = QVBoxLayout()
        self.preview_button = QPushButton("Xem trước")
        self.save_button = QPushButton("Lưu PDF…")
        self.print_button = QPushButton("In…")
        self.print_button.setDefault(True)
        self.close_button = QPushButton("Đóng")
        buttons = QHBoxLayout()
        buttons.addStretch()
        for button in (self.preview_button, self.save_button, self.print_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.body)
        layout.addStretch()
        layout.addLayout(buttons)
        self.preview_button.clicked.connect(lambda: self.choose("preview"))
        self.save_button.clicked.connect(lambda: self.choose("save"))
        self.print_button.clicked.connect(lambda: self.choose("print"))
        self.close_button.clicked.connect(self.reject)

    def choose(self, action: str) -> None:
        self.action = action
        self.accept()


class ListDialog(_ActionDialog):
    """In danh sách: the document number (the last one used is offered)."""

    def __init__(self, number: str, code: str, parent: QWidget | None = None):
        super().__init__("In danh sách khen thưởng", parent)
        self.number = QLineEdit(number)
        self.number.setPlaceholderText("ví dụ: 12")
        self.number.selectAll()
        form = QFormLayout()
        form.addRow("Số văn bản", self.number)
        self.with_score = QCheckBox("Thêm cột điểm chấm (điểm trung bình khi lập đề nghị)")
        form.addRow("", self.with_score)
        hint = QLabel(f"Số lấy theo sổ văn bản của Ban; in thành “Số {number or '12'}-DS/{code}”. "
                      "Để trống nếu chưa có số.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.body.addLayout(form)
        self.body.addWidget(hint)
        self.resize(480, 170)


class CertificateDialog(_ActionDialog):
    """In giấy khen: for everyone in the round or the selected lines; full or on a blank form."""

    def __init__(self, total: int, selected: int, printed: int, parent: QWidget | None = None):
        super().__init__("In giấy khen", parent)
        self.all = QRadioButton(f"Tất cả {total} người, tập thể của đợt")
        self.selected = QRadioButton(f"Những dòng đang chọn ({selected})")
        self.selected.setEnabled(selected > 0)
        (self.selected if 0 < selected < total else self.all).setChecked(True)
        who = QGroupBox("In cho")
        column = QVBoxLayout(who)
        column.addWidget(self.all)
        column.addWidget(self.selected)
        self.full = QRadioButton("In đầy đủ trên giấy trắng (khung viền và toàn bộ chữ)")
        self.blank_form = QRadioButton("In trên phôi có sẵn (chỉ in phần chữ thay đổi, theo vị trí "
                                       "đã căn chỉnh)")
        self.full.setChecked(True)
        how = QGroupBox("Cách in")
        column = QVBoxLayout(how)
        column.addWidget(self.full)
        column.addWidget(self.blank_form)
        for group in ((self.all, self.selected), (self.full, self.blank_form)):
            buttons = QButtonGroup(self)
            for button in group:
                buttons.addButton(button)
        self.body.addWidget(who)
        self.body.addWidget(how)
        if printed:
            note = QLabel(f"Trong đợt này đã in {printed} giấy khen. Khi in hoặc lưu, chương trình "
                          "sẽ hỏi trước khi in lại; số sổ giữ nguyên và lần in lại được ghi lại.")
            note.setWordWrap(True)
            note.setStyleSheet("color: #8a5a00;")
            self.body.addWidget(note)
        self.resize(560, 300)


class AlignmentDialog(QDialog):
    """Căn chỉnh phôi: how far each line moves (mm), saved; a one-page test print."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Căn chỉnh vị trí in trên phôi giấy khen")
        self.saved_offsets = load_offsets(store)
        self.spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Dòng chữ</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Sang phải (mm)</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Xuống dưới (mm)</b>"), 0, 2)
        for row, (line, label) in enumerate(FORM_LINES, 1):
            pair = (self._spin(f"dx_{line}"), self._spin(f"dy_{line}"))
            self.spins[line] = pair
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(pair[0], row, 1)
            grid.addWidget(pair[1], row, 2)
        self.all_dx = self._spin("dx_all")
        self.all_dy = self._spin("dy_all")
        self.shift_button = QPushButton("Dịch tất cả")
        shift = QHBoxLayout()
        shift.addWidget(QLabel("Dịch cả trang:"))
        shift.addWidget(self.all_dx)
        shift.addWidget(self.all_dy)
        shift.addWidget(self.shift_button)
        shift.addStretch()
        hint = QLabel("Số dương dịch chữ sang phải hoặc xuống dưới; số âm sang trái hoặc lên trên. "
                      "In thử 1 trang, đặt lên phôi và soi đèn để so, chỉnh rồi in thử lại; "
                      "bấm Lưu để dùng cho các lần in sau.")
        hint.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.reset_button = QPushButton("Đặt lại về 0")
        self.preview_button = QPushButton("Xem trước")
        self.test_button = QPushButton("In thử 1 trang")
        self.save_button = QPushButton("Lưu")
        self.close_button = QPushButton("Đóng")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch()
        for button in (self.preview_button, self.test_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addLayout(shift)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.set_offsets(self.saved_offsets)
        self.reset_button.clicked.connect(lambda: self.set_offsets({}))
        self.shift_button.clicked.connect(self._shift_all)
        self.save_button.clicked.connect(self.save)
        self.preview_button.clicked.connect(lambda: self.test_page(print_it=False))
        self.test_button.clicked.connect(lambda: self.test_page(print_it=True))
        self.close_button.clicked.connect(self.reject)

    @staticmethod
    def _spin(name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(-50.0, 50.0)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        spin.setSuffix(" mm")
        spin.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))  # 2,5 mm
        return spin

    def set_offsets(self, offsets: Offsets) -> None:
        for line, (dx, dy) in self.spins.items():
            x, y = offsets.get(line, (0.0, 0.0))
            dx.setValue(x)
            dy.setValue(y)

    def offsets(self) -> Offsets:
        """The offsets shown, plus any saved for lines this dialog does not show."""
        kept = {k: v for k, v in self.saved_offsets.items() if k in TOP_MM and k not in self.spins}
        shown = {line: (dx.value(), dy.value()) for line, (dx, dy) in self.spins.items()
                 if dx.value() or dy.value()}
        return {**kept, **shown}

    def _shift_all(self) -> None:
        for dx, dy in self.spins.values():
            dx.setValue(dx.value() + self.all_dx.value())
            dy.setValue(dy.value() + self.all_dy.value())
        self.all_dx.setValue(0)
        self.all_dy.setValue(0)

    def save(self) -> None:
        try:
            save_offsets(self.store, self.offsets())
        except (StoreError, sqlite3.Error) as exc:
            self.status.setText(f"Không lưu được: {exc}")
            return
        self.saved_offsets = load_offsets(self.store)
        self.status.setText("Đã lưu vị trí in trên phôi.")

    def test_page(self, print_it: bool) -> None:
        """The alignment page with the offsets as shown (saved or not)."""
        offsets = self.offsets()
        target = output.preview_path("in-thu-phoi-giay-khen")

        def build(store, report):
            return build_alignment_page(store, target, offsets)

        def done(path) -> None:
            if print_it:
                output.print_pdf(self, path, "In thử phôi giấy khen")
            else:
                output.open_in_viewer(path)

        output.generate(self, self.store, "Đang tạo trang in thử…", build, done)
