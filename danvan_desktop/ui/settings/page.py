"""Cài đặt: the office profile (what letterheads, date lines and signature blocks print)
with a live preview, and the name of the person using the program (recorded in the audit
log with every change). One "Lưu" writes both, in one transaction, after checking both."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain import office
from ...domain.entities import OfficeProfile
from ...domain.text import format_date_long, nfc
from ...domain.validation import ValidationError
from ...store import profile as profile_store
from ...store.db import Store
from .. import changes
from ..changes import ChangeBus
from ..widgets.form_errors import ErrorLabels
from .margins import MarginsBox

# (field, label, example) in the order of the form; grouped below.
HEADING_FIELDS = [
    ("parent_body_1", "Cơ quan cấp trên (dòng 1)", "TỈNH ỦY HƯNG YÊN"),
    ("parent_body_2", "Cơ quan cấp trên (dòng 2)", "ĐẢNG ỦY XÃ ĐÔNG HƯNG"),
    ("issuing_body", "Cơ quan ban hành", "BAN TUYÊN GIÁO VÀ DÂN VẬN"),
    ("doc_code", "Mã văn bản (ví dụ BTGDVTU)", "BTGDVTU"),
    ("place", "Địa danh ghi ngày tháng", "Hưng Yên"),
    ("district_name", "Tên địa phương (trong nội dung)", "Tỉnh Hưng Yên"),
]
SIGNER_FIELDS = [
    ("standing_body", "Cơ quan khen thưởng (trên giấy khen)", "BAN THƯỜNG VỤ TỈNH ỦY HƯNG YÊN"),
    ("signer_authority", "Thẩm quyền ký", "T/M BAN TUYÊN GIÁO VÀ DÂN VẬN"),
    ("signer_title", "Chức vụ người ký", "TRƯỞNG BAN"),
    ("signer_name", "Người ký", "Nguyễn Văn Thành"),
    ("cert_signer_authority", "Thẩm quyền ký giấy khen", "T/M BAN THƯỜNG VỤ"),
    ("cert_signer_title", "Chức vụ người ký giấy khen", "PHÓ BÍ THƯ"),
    ("cert_signer_name", "Người ký giấy khen", "Trần Văn Bí"),
]
PREVIEW_STYLE = "font-family: 'Times New Roman', 'Liberation Serif', 'Tinos', serif;"


def letterhead_html(p: OfficeProfile, day: dt.date | None = None, number: str = "…",
                    doc_type: str = "BC") -> str:
    """The top of page 1 and the signature block as the documents print them (a preview,
    drawn by a QLabel: the layout of DOCUMENTS.md, not the real fonts and sizes)."""
    day = day or dt.date.today()
    left = "<br>".join(escape(x) for x in (p.parent_body_1, p.parent_body_2) if x)
    left += f"<br><b>{escape(p.issuing_body)}</b><br>*<br>Số {escape(number)}-{doc_type}/{escape(p.doc_code)}"
    right = ("<b>ĐẢNG CỘNG SẢN VIỆT NAM</b><br>―――――――<br><br>"
             f"<i>{escape(format_date_long(day, p.place or '…'))}</i>")
    if p.letterhead == office.STATE:  # NĐ 30/2020: Quốc hiệu, Tiêu ngữ, "Số: 12/BC-MTTQ"
        left = "<br>".join(escape(x) for x in (p.parent_body_1, p.parent_body_2) if x)
        left += (f"<br><b>{escape(p.issuing_body)}</b><br>――――<br>"
                 f"Số: {escape(number)}/{doc_type}-{escape(p.doc_code)}")
        right = ("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b>"
                 f"<br>―――――――<br><i>{escape(format_date_long(day, p.place or '…'))}</i>")
    recipients = "<br>".join(f"- {escape(r)}" for r in p.recipients) or "&nbsp;"
    signer = "<br>".join(f"<b>{escape(x)}</b>" for x in (p.signer_authority, p.signer_title) if x)
    signer += "<br><br><i>(ký, đóng dấu)</i><br><br>"
    signer += f"<b>{escape(p.signer_name)}</b>" if p.signer_name else "<i>(chưa ghi người ký)</i>"
    return (f"<div style=\"{PREVIEW_STYLE}\">"
            "<table width='100%' cellspacing='0' cellpadding='2'><tr>"
            f"<td width='48%' align='center' valign='top'>{left}</td>"
            f"<td width='52%' align='center' valign='top'>{right}</td></tr></table>"
            "<p align='center'><b>BÁO CÁO</b><br>kết quả thực hiện phong trào thi đua "
            "“Dân vận khéo”…</p><br>"
            "<table width='100%' cellspacing='0' cellpadding='2'><tr>"
            f"<td width='50%' valign='top'><u><b><i>Nơi nhận:</i></b></u><br>"
            f"<span style='font-size: 9pt'>{recipients}</span></td>"
            f"<td width='50%' align='center' valign='top'>{signer}</td></tr></table></div>")


class SettingsPage(QWidget):
    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store = store
        self.bus = bus
        self.errors = ErrorLabels()
        self.edits: dict[str, QLineEdit] = {}
        self.labels: list[QLabel] = []
        self._dirty = False
        self._loading = False
        profile_store.load_user_name(store)
        self._build()
        bus.changed.connect(self._on_changed)
        self.load()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        heading = QLabel("<h2>Cài đặt</h2>")
        intro = QLabel("Thông tin đơn vị được in trên tiêu đề, dòng ngày tháng, phần ký và nơi nhận "
                       "của mọi văn bản. Khi đơn vị đổi tên hoặc sáp nhập, chỉ cần sửa ở đây.")
        intro.setWordWrap(True)
        columns = self._columns()
        buttons = self._button_bar()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(heading)
        body_layout.addWidget(intro)
        body_layout.addLayout(columns)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 0, 6, 6)
        outer.addWidget(scroll, 1)
        # Lưu stays in sight below the scrolling form, whatever the screen's height.
        outer.addWidget(self.general)
        outer.addLayout(buttons)

    def _columns(self) -> QHBoxLayout:
        """The office's texts on the left; the preview, the user and the margins on the right."""
        office_box = self._office_box()
        heading_box = self._group("Tiêu đề văn bản", HEADING_FIELDS)
        signer_box = self._group("Khen thưởng và người ký", SIGNER_FIELDS)
        recipients_box = self._recipients_box()
        user_box = self._user_box()
        preview_box = self._preview_box()
        # One label width for both forms of the left column, so their fields line up.
        width = max(label.sizeHint().width() for label in self.labels)
        for label in self.labels:
            label.setMinimumWidth(width)
        left = QVBoxLayout()
        left.addWidget(office_box)
        left.addWidget(heading_box)
        left.addWidget(signer_box)
        left.addWidget(recipients_box, 1)
        right = QVBoxLayout()
        right.addWidget(preview_box)
        right.addWidget(user_box)
        right.addWidget(MarginsBox(self.store))
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        return columns

    def _recipients_box(self) -> QGroupBox:
        self.recipients = QPlainTextEdit()
        self.recipients.setObjectName("recipients")
        self.recipients.setPlaceholderText("Ban Tuyên giáo và Dân vận Tỉnh ủy,\nThường trực Đảng ủy,\nLưu.")
        self.recipients.setTabChangesFocus(True)  # Tab goes on to the next field
        self.recipients.setMinimumHeight(90)
        self.recipients.setMaximumHeight(150)
        self.recipients.textChanged.connect(self._edited)
        recipients_box = QGroupBox("Nơi nhận mặc định (mỗi dòng một nơi)")
        recipients_layout = QVBoxLayout(recipients_box)
        recipients_layout.addWidget(self.recipients)
        recipients_layout.addWidget(self.errors.label_for("recipients", recipients_box))
        return recipients_box

    def _user_box(self) -> QGroupBox:
        """The name the audit log records with every change made here."""
        self.user_name = QLineEdit()
        self.user_name.setObjectName("user_name")
        self.user_name.setPlaceholderText("Họ và tên người đang dùng máy")
        self.user_name.textChanged.connect(self._edited)
        self.user_name.returnPressed.connect(self.save)
        user_box = QGroupBox("Người sử dụng")
        user_form = QFormLayout(user_box)
        user_note = QLabel("Tên này được ghi vào nhật ký thay đổi cùng mỗi lần thêm, sửa, xóa.")
        user_note.setWordWrap(True)
        user_form.addRow("Tên người sử dụng:", self._with_error(self.user_name, "user_name"))
        user_form.addRow(user_note)
        return user_box

    def _preview_box(self) -> QGroupBox:
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.preview.setStyleSheet("background: white; color: black; border: 1px solid #c8c8c8;"
                                   " padding: 10px;")
        preview_box = QGroupBox("Xem trước")
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview)
        return preview_box

    def _button_bar(self) -> QHBoxLayout:
        """Lưu, Hoàn tác and the status line; ``self.general`` shows errors with no field."""
        self.save_button = QPushButton("Lưu")
        self.save_button.setToolTip("Lưu (Enter trong một ô, hoặc Ctrl+S)")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("Hoàn tác")
        self.revert_button.setToolTip("Bỏ các thay đổi chưa lưu, hiện lại thông tin đã lưu")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.general = QLabel()
        self.general.setStyleSheet("color: #b00020;")
        self.general.setWordWrap(True)
        self.general.hide()
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.status, 1)
        return buttons

    def _office_box(self) -> QGroupBox:
        """Who the office is (level, unit) and which letterhead its documents carry."""
        self._identity = {"office_level": "", "unit_code": ""}
        self.office_label = QLabel()
        self.office_label.setObjectName("office_label")
        self.office_label.setWordWrap(True)
        change = QPushButton("Chọn cấp cơ quan, địa bàn…")
        change.setObjectName("choose_office")
        change.clicked.connect(self._choose_office)
        self.letterhead = QComboBox()
        self.letterhead.setObjectName("letterhead")
        self.letterhead.addItem("Của Đảng (Hướng dẫn 36-HD/VPTW)", office.PARTY)
        self.letterhead.addItem("Của Nhà nước (Nghị định 30/2020/NĐ-CP), cho MTTQ, đoàn thể", office.STATE)
        self.letterhead.currentIndexChanged.connect(self._edited)
        # Its longest choice would otherwise set the page's least width (sideways scrolling
        # at 1280×720 and 125 %); the open list still shows every choice whole.
        self.letterhead.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.letterhead.setMinimumContentsLength(24)
        box = QGroupBox("Cơ quan")
        form = QFormLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.office_label, 1)
        row.addWidget(change)
        form.addRow(row)
        form.addRow("Thể thức văn bản:", self.letterhead)
        return box

    def _show_office(self) -> None:
        level = self._identity["office_level"]
        text = office.level(level).label if level in office.LEVEL_CODES else "Chưa chọn cấp cơ quan"
        place = self.edits["district_name"].text()
        self.office_label.setText(f"<b>{escape(text)}</b>" + (f" — {escape(place)}" if place else ""))

    def _choose_office(self) -> None:
        from ..setup.flow import choose_office

        choose_office(self, self.store, self._identity["office_level"], self._identity["unit_code"],
                      self._fill_defaults, save_profile=False)

    def _fill_defaults(self, choice, district: str) -> None:
        """The chosen level's defaults in the form (signer names kept), to check and save."""
        from ...services.office_setup import default_profile

        defaults = default_profile(choice, district)
        for name, edit in self.edits.items():
            if name not in ("signer_name", "cert_signer_name"):
                edit.setText(getattr(defaults, name))
        self.recipients.setPlainText("\n".join(defaults.recipients))
        self._identity = {"office_level": defaults.office_level, "unit_code": defaults.unit_code}
        self.letterhead.setCurrentIndex(self.letterhead.findData(defaults.letterhead))
        self._show_office()
        self._edited()
        self.bus.notify(changes.AREAS)

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        return self.errors.wrap(widget, field)

    def _group(self, title: str, specs: list[tuple[str, str, str]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, example in specs:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(f"ví dụ: {example}")
            edit.textChanged.connect(self._edited)
            edit.returnPressed.connect(self.save)  # Enter saves, as in a dialog
            self.edits[name] = edit
            text = QLabel(f"{label}:")
            text.setBuddy(edit)
            self.labels.append(text)
            form.addRow(text, self._with_error(edit, name))
        return box

    # --- state ----------------------------------------------------------------------------

    def form_profile(self) -> OfficeProfile:
        """The profile as typed (not yet checked)."""
        data = {name: edit.text() for name, edit in self.edits.items()}
        data["recipients"] = [line for line in self.recipients.toPlainText().splitlines()
                              if line.strip()]
        data.update(self._identity, letterhead=self.letterhead.currentData() or office.PARTY)
        known = {f.name for f in fields(OfficeProfile)}
        return OfficeProfile(**{k: v for k, v in data.items() if k in known})

    def load(self) -> None:
        """Show what is saved, dropping unsaved edits."""
        saved = profile_store.get_profile(self.store)
        self._loading = True
        try:
            for name, edit in self.edits.items():
                edit.setText(getattr(saved, name))
            self.recipients.setPlainText("\n".join(saved.recipients))
            self._identity = {"office_level": saved.office_level, "unit_code": saved.unit_code}
            self.letterhead.setCurrentIndex(max(self.letterhead.findData(saved.letterhead), 0))
            self.user_name.setText(profile_store.user_name(self.store) or self.store.user)
        finally:
            self._loading = False
        self.errors.clear()
        self.general.hide()
        self._set_dirty(False)
        self._show_office()
        self._update_preview()

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        self._set_dirty(True)
        self._update_preview()

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.status.setText("Có thay đổi chưa lưu.")

    def is_dirty(self) -> bool:
        return self._dirty

    # The window's leave guard (ui/leave_guard.py).
    def unsaved_changes(self) -> str | None:
        return "Thông tin đơn vị trong Cài đặt có thay đổi chưa lưu." if self._dirty else None

    def save_changes(self) -> bool:
        return self.save()

    def discard_changes(self) -> None:
        self.load()

    def _update_preview(self) -> None:
        self.preview.setText(letterhead_html(self.form_profile()))

    def _on_changed(self, kinds: frozenset) -> None:
        # Someone else saved the profile: show it, unless the user is in the middle of editing.
        if changes.PROFILE in kinds and not self._dirty:
            self.load()

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        self.errors.clear()
        self.general.hide()
        try:
            profile_store.save_office_settings(self.store, self.form_profile(), self.user_name.text())
        except ValidationError as exc:
            orphans = self.errors.show(exc)
            if orphans:
                self.general.setText("\n".join(orphans))
                self.general.show()
            self.status.setText("Chưa lưu: hãy sửa các ô báo đỏ.")
            return False
        self.load()
        self.status.setText(f"Đã lưu lúc {dt.datetime.now():%H:%M}. Người sử dụng: {nfc(self.store.user)}.")
        self.bus.notify(changes.PROFILE)
        return True
