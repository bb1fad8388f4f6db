"""Khen thưởng: commendation rounds on the left, the recipients of the selected round on
the right; rounds and recipients are added and corrected here, and the round's list and
certificates are previewed, saved and printed from here."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.text import format_date
from ...domain.validation import ValidationError
from ...store.db import Store, StoreError
from ...store.rounds import (
    add_awards_from_initiatives,
    award_rows,
    delete_awards,
    delete_round,
    get_round,
    list_rounds,
)
from ..changes import INITIATIVES, PROFILE, ROUNDS, ChangeBus
from ..errors import message
from ..errors import record as log_error
from ..widgets.dialogs import confirm, error
from ..widgets.layouts import button_row
from ..widgets.tables import empty_hint, fit_columns, install_button_menu, list_view
from .candidates import CandidateDialog
from .document_actions import DocumentActions
from .forms import AwardForm, RoundForm
from .models import AwardModel, RoundListModel, select_id, selected_rows


class RoundsPage(DocumentActions, QWidget):
    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store = store
        self.bus = bus
        self.dialog = None  # the form or document dialog open now (one at a time)
        self.rounds_model = RoundListModel(self)
        self.awards_model = AwardModel(self)
        self._build()
        self.reload_rounds()
        bus.changed.connect(self._on_changed)

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        left = self._rounds_side()
        right = self._awards_side()
        self._table_menus()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 780])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._connect()

    def _rounds_side(self) -> QWidget:
        """The rounds, newest first, with Đợt mới, Sửa đợt, Xóa đợt under them."""
        self.rounds_table = list_view(self.rounds_model, "rounds", [100, 80, 76, 80], 0)
        self.rounds_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Wide enough for "Số quyết định" and a four-digit count whatever the right side says.
        fit_columns(self.rounds_table, [34, 26, 24, 22],
                    {0: "Số quyết định", 1: "28/12/2026", 3: "Được khen"})
        self.rounds_table.setMinimumWidth(300)
        self.new_round_button = QPushButton("Đợt mới")
        self.edit_round_button = QPushButton("Sửa đợt")
        self.delete_round_button = QPushButton("Xóa đợt")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Các đợt biểu dương, khen thưởng</b>"))
        column.addWidget(self.rounds_table, 1)
        column.addLayout(button_row((self.new_round_button, self.edit_round_button,
                                     self.delete_round_button)))
        return left

    def _awards_side(self) -> QWidget:
        """The selected round's recipients, the buttons that change them and those that
        print the round's documents, and a status line."""
        self.round_info = QLabel()
        self.round_info.setObjectName("round_info")
        self.round_info.setWordWrap(True)
        self.awards_table = list_view(self.awards_model, "awards")
        fit_columns(self.awards_table, [36, 200, 130, 200, 95, 80, 48],
                    {0: "STT", 4: "XD Đảng", 5: "Số sổ", 6: "Đã in"})
        self._award_buttons()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setOpenExternalLinks(True)
        # A long message wraps on its own line; it never widens the page nor squeezes the rounds.
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        edits = button_row((self.add_from_button, self.add_manual_button, self.edit_award_button,
                            self.remove_award_button))
        documents = button_row((self.list_button, self.certificates_button, self.align_button))
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.round_info)
        column.addWidget(self.awards_table, 1)
        column.addLayout(edits)
        column.addLayout(documents)
        column.addWidget(self.status)
        return right

    def _award_buttons(self) -> None:
        self.add_from_button = QPushButton("Thêm từ mô hình…")
        self.add_from_button.setToolTip("Chọn trong các mô hình đã được công nhận để đưa vào đợt")
        self.add_manual_button = QPushButton("Thêm thủ công…")
        self.edit_award_button = QPushButton("Sửa thành tích…")
        self.remove_award_button = QPushButton("Xóa khỏi đợt")
        self.list_button = QPushButton("In danh sách…")
        self.certificates_button = QPushButton("In giấy khen…")
        self.align_button = QPushButton("Căn chỉnh phôi…")
        self.align_button.setToolTip("Vị trí chữ khi in trên phôi giấy khen có sẵn, in thử 1 trang")

    def _table_menus(self) -> None:
        """Right-click menus repeat the buttons; an empty table says what to do."""
        install_button_menu(self.rounds_table, [self.edit_round_button, self.new_round_button,
                                                self.delete_round_button])
        install_button_menu(self.awards_table, [
            self.edit_award_button, self.add_from_button, self.add_manual_button,
            self.remove_award_button, None, self.list_button, self.certificates_button])
        empty_hint(self.rounds_table, "Chưa có đợt khen thưởng nào. Bấm “Đợt mới” để tạo đợt "
                                      "theo quyết định.")
        empty_hint(self.awards_table, lambda: "Chọn một đợt bên trái." if self.current_round_id()
                   is None else "Đợt này chưa có ai. Bấm “Thêm từ mô hình…” để chọn các mô hình đã "
                   "được công nhận, hoặc “Thêm thủ công…”.")

    def _connect(self) -> None:
        self.rounds_table.selectionModel().currentRowChanged.connect(self._round_chosen)
        self.rounds_table.doubleClicked.connect(lambda _index: self.open_round_form(self.current_round_id()))
        self.awards_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.awards_table.doubleClicked.connect(lambda _index: self.edit_award())
        self.new_round_button.clicked.connect(lambda: self.open_round_form(None))
        self.edit_round_button.clicked.connect(lambda: self.open_round_form(self.current_round_id()))
        self.delete_round_button.clicked.connect(self.delete_current_round)
        self.add_from_button.clicked.connect(self.open_candidates)
        self.add_manual_button.clicked.connect(lambda: self.open_award_form(None))
        self.edit_award_button.clicked.connect(self.edit_award)
        self.remove_award_button.clicked.connect(self.remove_awards)
        self.list_button.clicked.connect(self.open_list_dialog)
        self.certificates_button.clicked.connect(self.open_certificate_dialog)
        self.align_button.clicked.connect(self.open_alignment)

    # --- lists -------------------------------------------------------------------------------

    def current_round_id(self) -> int | None:
        index = self.rounds_table.currentIndex()
        return self.rounds_model.id_at(index.row()) if index.isValid() else None

    def selected_award_ids(self) -> list[int]:
        return selected_rows(self.awards_table, self.awards_model)

    def reload_rounds(self, select: int | None = None) -> None:
        keep = select if select is not None else self.current_round_id()
        self.rounds_model.set_rows(list_rounds(self.store))
        # The awards are read once, below (a round of 5,000: ~20 ms a reading).
        self._choosing_round = True
        try:
            select_id(self.rounds_table, self.rounds_model, keep)
        finally:
            self._choosing_round = False
        self.reload_awards()

    def _round_chosen(self, *_args) -> None:
        if not getattr(self, "_choosing_round", False):
            self.reload_awards()

    def reload_awards(self) -> None:
        round_id = self.current_round_id()
        keep = set(self.selected_award_ids())
        self.awards_model.set_rows(award_rows(self.store, round_id) if round_id else [])
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, record in enumerate(self.awards_model.rows):
            if record["id"] in keep:
                self.awards_table.selectionModel().select(self.awards_model.index(row, 0), flags)
        self.round_info.setText(self._round_text(round_id))
        self._update_buttons()

    def _round_text(self, round_id: int | None) -> str:
        if round_id is None:
            return "Chưa có đợt khen thưởng nào. Bấm “Đợt mới” để tạo đợt theo quyết định."
        rnd = get_round(self.store, round_id)
        rows = self.awards_model.rows
        collectives = sum(1 for r in rows if r["kind"] == "tap_the")
        printed = sum(1 for r in rows if r["prints"])
        done = f"đã in giấy khen cho {printed}." if printed else "chưa in giấy khen."
        return (f"<b>Quyết định số {escape(rnd.number)}</b> ngày {format_date(rnd.decided_on)} của "
                f"{escape(rnd.issuer)} – {vocab.ROUND_FORMS.label(rnd.form)}, cấp "
                f"{vocab.LEVELS.label(rnd.level).lower()}, năm {rnd.year}.<br>"
                f"{collectives} tập thể, {len(rows) - collectives} cá nhân; {done}")

    def _update_buttons(self, *args) -> None:
        has_round = self.current_round_id() is not None
        has_rows = self.awards_model.rowCount() > 0
        chosen = bool(self.selected_award_ids())
        for button in (self.edit_round_button, self.delete_round_button, self.add_from_button,
                       self.add_manual_button):
            button.setEnabled(has_round)
        for button in (self.edit_award_button, self.remove_award_button):
            button.setEnabled(chosen)
        for button in (self.list_button, self.certificates_button):
            button.setEnabled(has_rows)

    def _on_changed(self, kinds: frozenset) -> None:
        if self.bus.shown_by is self:  # a change this screen has just shown in place
            return
        if kinds & {ROUNDS, PROFILE, INITIATIVES}:
            self.reload_rounds()

    def _write(self, action: Callable[[], object], *kinds: str) -> object | None:
        try:
            result = action()
        except (StoreError, sqlite3.Error, KeyError, ValidationError) as exc:
            log_error(exc, "Không ghi được")
            error(self, "Không ghi được", message(exc))
            return None
        self.bus.notify(*kinds)
        return result

    def _show(self, dialog, on_finished: Callable[[int], None]) -> None:
        """Open a dialog without blocking (window-modal); one at a time."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            on_finished(result)

        dialog.finished.connect(finished)
        dialog.open()

    # --- rounds and recipients ---------------------------------------------------------------

    def open_round_form(self, round_id: int | None) -> None:
        form = RoundForm(self.store, round_id, self)

        def finished(_result: int) -> None:
            if form.saved_id is not None:
                self.bus.notify(ROUNDS)
                self.reload_rounds(select=form.saved_id)
                if form.followed:
                    self.status.setText(f"Đã đổi thành tích của {form.followed} dòng theo mẫu mới.")

        self._show(form, finished)

    def delete_current_round(self) -> None:
        round_id = self.current_round_id()
        if round_id is None:
            return
        rnd = get_round(self.store, round_id)
        rows = self.awards_model.rows
        printed = sum(1 for r in rows if r["prints"])
        text = (f"Chuyển đợt khen thưởng theo Quyết định số {rnd.number} và {len(rows)} người, tập thể "
                "của đợt vào thùng rác?")
        if printed:
            text += f"\n\nĐã in giấy khen cho {printed} người, tập thể của đợt này."
        text += "\nCác mô hình chỉ được khen trong đợt này trở lại trạng thái “Được công nhận”."
        if confirm(self, "Xóa đợt khen thưởng", text, yes="Xóa", no="Hủy"):
            self._write(lambda: delete_round(self.store, round_id), ROUNDS, INITIATIVES)

    def open_candidates(self) -> None:
        round_id = self.current_round_id()
        if round_id is None:
            return
        dialog = CandidateDialog(self.store, round_id, self)

        def finished(result: int) -> None:
            ids = dialog.chosen_ids()
            if result and ids:
                added = self._write(lambda: add_awards_from_initiatives(self.store, round_id, ids),
                                    ROUNDS, INITIATIVES)
                if added is not None:
                    self.status.setText(f"Đã thêm {len(added)} mô hình vào đợt; các mô hình chuyển "
                                        "sang “Được biểu dương, khen thưởng”.")

        self._show(dialog, finished)

    def open_award_form(self, award_id: int | None) -> None:
        round_id = self.current_round_id()
        if round_id is None:
            return
        form = AwardForm(self.store, round_id, award_id, self)

        def finished(_result: int) -> None:
            if form.saved_id is not None:
                self.bus.notify(ROUNDS)
                select_id(self.awards_table, self.awards_model, form.saved_id)

        self._show(form, finished)

    def edit_award(self) -> None:
        index = self.awards_table.currentIndex()
        award_id = self.awards_model.id_at(index.row()) if index.isValid() else None
        if award_id is None and self.selected_award_ids():
            award_id = self.selected_award_ids()[0]
        if award_id is not None:
            self.open_award_form(award_id)

    def remove_awards(self) -> None:
        ids = self.selected_award_ids()
        if not ids:
            return
        names = [r["recipient_name"] for r in self.awards_model.rows if r["id"] in ids]
        more = f"\n… và {len(names) - 8} người, tập thể khác" if len(names) > 8 else ""
        text = ("Bỏ khỏi đợt khen thưởng:\n" + "\n".join(f"• {n}" for n in names[:8]) + more
                + "\n\nMô hình chỉ được khen trong đợt này trở lại trạng thái “Được công nhận”.")
        if confirm(self, "Xóa khỏi đợt", text, yes="Xóa", no="Hủy"):
            self._write(lambda: delete_awards(self.store, ids), ROUNDS, INITIATIVES)
