"""The small dialogs before a document: the list's number, which certificates and how,
and lining up the text with a pre-printed blank form (phôi giấy khen)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
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
    TITLES,
    TOP_MM,
    Offsets,
    build_alignment_page,
    load_offsets,
    save_offsets,
)
from ...store.db import Store, StoreError
from . import output
from .form_preview import LIMIT_MM, FormPreview
from .office_options import office_options

PAPERS = [("A4", "A4 ngang (297 × 210 mm)"), ("A3", "A3 ngang (420 × 297 mm)")]


def paper_box(name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for code, label in PAPERS:
        box.addItem(label, code)
    return box

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
    """In giấy khen: for everyone in the round or the selected lines; full or on a blank
    form; on A4 or A3; the title the round's form gives (or another); the office's image."""

    def __init__(self, total: int, selected: int, printed: int, parent: QWidget | None = None,
                 title: str = "GIẤY KHEN", image_name: str = ""):
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
        self.paper = paper_box("paper")
        self.title = QComboBox()
        self.title.setObjectName("title")
        self.title.addItems(list(TITLES))
        self.title.setCurrentText(title)
        self.image = QLabel(f"Ảnh trang trí: {image_name}" if image_name else "Chưa có ảnh trang trí "
                            "(biểu trưng hoặc nền) — chọn trong “Căn chỉnh phôi…”.")
        self.image.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Khổ giấy", self.paper)
        form.addRow("Tiêu đề (in đầy đủ)", self.title)
        self.body.addWidget(who)
        self.body.addWidget(how)
        self.body.addLayout(form)
        self.body.addWidget(self.image)
        if printed:
            note = QLabel(f"Trong đợt này đã in {printed} giấy khen. Khi in hoặc lưu, chương trình "
                          "sẽ hỏi trước khi in lại; số sổ giữ nguyên và lần in lại được ghi lại.")
            note.setWordWrap(True)
            note.setStyleSheet("color: #8a5a00;")
            self.body.addWidget(note)
        self.resize(580, 380)

    def chosen_paper(self) -> str:
        return self.paper.currentData()


class AlignmentDialog(QDialog):
    """Căn chỉnh phôi: where each line prints on a blank form of either paper size, moved by
    dragging it on the picture or by numbers (mm), saved per paper; a one-page test print
    with rulers and a cross at each line; the serial book and the office's image."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Căn chỉnh vị trí in trên phôi giấy khen")
        self.paper = paper_box("paper")
        self.saved_offsets = load_offsets(store, "A4")
        self.preview = FormPreview([line for line, _ in FORM_LINES], self)
        self.spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        numbers = self._numbers()
        hint = QLabel("Kéo từng dòng trên hình tới chỗ của nó trên phôi, hoặc gõ độ lệch: số dương "
                      "dịch sang phải hoặc xuống dưới. In thử 1 trang (có thước đo và dấu chữ thập ở "
                      "mỗi dòng), đặt lên phôi và soi đèn để so, chỉnh rồi in thử lại; bấm Lưu để "
                      "dùng cho các lần in sau.")
        hint.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setOpenExternalLinks(True)  # the folder link when no PDF viewer opens
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
        paper_row = QHBoxLayout()
        paper_row.addWidget(QLabel("Khổ phôi:"))
        paper_row.addWidget(self.paper)
        paper_row.addStretch()
        middle = QHBoxLayout()
        middle.addWidget(self.preview, 1)
        middle.addLayout(numbers)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(paper_row)
        layout.addLayout(middle, 1)
        layout.addWidget(office_options(store, self))
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.set_offsets(self.saved_offsets)
        self.paper.currentIndexChanged.connect(self._paper_changed)
        self.preview.moved.connect(self._dragged)
        for dx, dy in self.spins.values():
            dx.valueChanged.connect(self._typed)
            dy.valueChanged.connect(self._typed)
        self.reset_button.clicked.connect(lambda: self.set_offsets({}))
        self.shift_button.clicked.connect(self._shift_all)
        self.save_button.clicked.connect(self.save)
        self.preview_button.clicked.connect(lambda: self.test_page(print_it=False))
        self.test_button.clicked.connect(lambda: self.test_page(print_it=True))
        self.close_button.clicked.connect(self.reject)
        self.resize(1040, 620)

    def _numbers(self) -> QVBoxLayout:
        """The offsets as numbers, one row per line, and a shift of the whole page."""
        grid = QGridLayout()
        for column, title in enumerate(("<b>Dòng chữ</b>", "<b>Sang phải</b>", "<b>Xuống dưới</b>")):
            grid.addWidget(QLabel(title), 0, column)
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
        for widget in (QLabel("Dịch cả trang:"), self.all_dx, self.all_dy, self.shift_button):
            shift.addWidget(widget)
        shift.addStretch()
        numbers = QVBoxLayout()
        numbers.addLayout(grid)
        numbers.addLayout(shift)
        numbers.addStretch()
        return numbers

    @staticmethod
    def _spin(name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(-LIMIT_MM, LIMIT_MM)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        spin.setSuffix(" mm")
        spin.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))  # 2,5 mm
        return spin

    def chosen_paper(self) -> str:
        return self.paper.currentData()

    def set_offsets(self, offsets: Offsets) -> None:
        for line, (dx, dy) in self.spins.items():
            x, y = offsets.get(line, (0.0, 0.0))
            for spin, value in ((dx, x), (dy, y)):
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)
        self._typed()

    def offsets(self) -> Offsets:
        """The offsets shown, plus any saved for lines this dialog does not show."""
        kept = {k: v for k, v in self.saved_offsets.items() if k in TOP_MM and k not in self.spins}
        shown = {line: (dx.value(), dy.value()) for line, (dx, dy) in self.spins.items()
                 if dx.value() or dy.value()}
        return {**kept, **shown}

    def _typed(self, *_args) -> None:
        self.preview.set_state(self.chosen_paper(), self.offsets())

    def _dragged(self, line: str, dx: float, dy: float) -> None:
        for spin, value in zip(self.spins[line], (dx, dy), strict=True):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def _paper_changed(self) -> None:
        self.saved_offsets = load_offsets(self.store, self.chosen_paper())
        self.set_offsets(self.saved_offsets)
        self.status.setText("")

    def _shift_all(self) -> None:
        for dx, dy in self.spins.values():
            dx.setValue(dx.value() + self.all_dx.value())
            dy.setValue(dy.value() + self.all_dy.value())
        self.all_dx.setValue(0)
        self.all_dy.setValue(0)

    def save(self) -> None:
        paper = self.chosen_paper()
        try:
            save_offsets(self.store, self.offsets(), paper)
        except (StoreError, sqlite3.Error) as exc:
            self.status.setText(f"Không lưu được: {exc}")
            return
        self.saved_offsets = load_offsets(self.store, paper)
        self.status.setText(f"Đã lưu vị trí in trên phôi {paper}.")

    def test_page(self, print_it: bool) -> None:
        """The alignment page with the offsets as shown (saved or not)."""
        offsets, paper = self.offsets(), self.chosen_paper()
        target = output.preview_path(f"in-thu-phoi-giay-khen-{paper}")

        def build(store, report):
            return build_alignment_page(store, target, offsets, paper=paper)

        def done(path) -> None:
            if print_it:
                output.print_pdf(self, path, "In thử phôi giấy khen", then=lambda: self.status.setText(
                    "Đã gửi trang in thử tới máy in."))
            elif not output.open_in_viewer(path):
                self.status.setText(output.no_viewer_text(path))

        output.generate(self, self.store, "Đang tạo trang in thử…", build, done)
