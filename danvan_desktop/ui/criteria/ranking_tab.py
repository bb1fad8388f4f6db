"""Xếp hạng, đề nghị: the year's registrations ranked by field and kind on their average,
with what is missing; a cut-off (points, or the best N of each field) proposes who is
recognised and who commended, and the proposal becomes a round's candidates in one step."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.criteria import PROPOSALS, Cutoff, Ranked, parse_points, points_text, shortlist
from ...domain.validation import ValidationError
from ...store import criteria as sc
from ...store.db import Store
from ...store.rounds import list_rounds
from ..widgets.dialogs import confirm, error, inform
from ..widgets.tables import empty_hint, install_button_menu, list_view
from .background import read_in_background

COLUMNS = (
    "Hạng",
    "Tên mô hình, điển hình",
    "Chủ thể",
    "Lĩnh vực",
    "Loại",
    "Điểm TB",
    "Số phiếu",
    "Xếp loại",
    "Đề nghị",
    "Còn thiếu",
)
_MISSING = QBrush(QColor("#B00020"))


_NO_PARENT = QModelIndex()


class RankingModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.proposals: dict[int, str] = {}

    def load(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.proposals = {}
        self.endResetModel()

    def propose(self, proposals: dict[int, str]) -> None:
        self.proposals = proposals
        if self.rows:
            self.dataChanged.emit(self.index(0, 8), self.index(len(self.rows) - 1, 8))

    def rowCount(self, parent: QModelIndex = _NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r["rank"] or "",
                r["name"],
                r["owner_name"],
                vocab.FIELDS.short(r["field"]),
                vocab.KINDS.label(r["kind"]),
                points_text(r["average"]),
                r["sheets"] or "",
                r["grade"],
                PROPOSALS.get(self.proposals.get(r["id"], ""), ""),
                r["missing"].replace("\n", "; "),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 9 and r["missing"]:
            return r["missing"]
        if role == Qt.ItemDataRole.ForegroundRole and column == 9:
            return _MISSING
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RankingTab(QWidget):
    changed = Signal()
    print_requested = Signal(str)  # "ranking" or "sheet"
    loaded = Signal()  # the table shows what was read

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.year = 0
        self.field, self.kind = QComboBox(), QComboBox()
        # Long field names must not widen the screen past 1280×720 at 125 %.
        self.field.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.field.setMinimumContentsLength(14)
        self.field.addItem("Tất cả lĩnh vực", None)
        for term in vocab.FIELDS:
            self.field.addItem(term.label, term.code)
        self.kind.addItem("Tập thể và cá nhân", None)
        for term in vocab.KINDS:
            self.kind.addItem(term.label, term.code)
        self.model = RankingModel(self)
        self.table = list_view(self.model, "ranking", [44, 220, 150, 62, 62, 62, 56, 70, 120], 9)
        empty_hint(self.table, lambda: f"Năm {self.year} không có mô hình nào đăng ký (theo lĩnh vực, "
                               "loại đã chọn) để xếp hạng.")
        self.summary = QLabel()
        self.summary.setObjectName("ranking_summary")
        self.cutoffs = {name: (QLineEdit(), QSpinBox()) for name in ("cong_nhan", "khen_thuong")}
        for points, top in self.cutoffs.values():
            points.setPlaceholderText("điểm")
            points.setMaximumWidth(70)
            top.setRange(0, 999)
            top.setSpecialValueText("—")
        self.rounds = QComboBox()
        self.rounds.setMinimumWidth(200)
        self.buttons = {
            name: QPushButton(text)
            for name, text in (
                ("propose", "Lập đề nghị"),
                ("apply", "Thực hiện"),
                ("print_ranking", "In bảng tổng hợp…"),
                ("print_sheet", "In phiếu đánh giá…"),
            )
        }
        self._layout()
        install_button_menu(self.table, [self.buttons["print_sheet"], self.buttons["print_ranking"]])
        self.field.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.buttons["propose"].clicked.connect(self.propose)
        self.buttons["apply"].clicked.connect(self.apply)
        self.buttons["print_ranking"].clicked.connect(lambda: self.print_requested.emit("ranking"))
        self.buttons["print_sheet"].clicked.connect(lambda: self.print_requested.emit("sheet"))

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (("Lĩnh vực", self.field), ("Loại", self.kind)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch()
        filters.addWidget(self.buttons["print_ranking"])
        filters.addWidget(self.buttons["print_sheet"])
        grid = QGridLayout()
        for row, (name, label) in enumerate(
            (("cong_nhan", "Công nhận"), ("khen_thuong", "Biểu dương, khen thưởng"))
        ):
            points, top = self.cutoffs[name]
            grid.addWidget(QLabel(f"<b>{label}</b>: điểm TB từ"), row, 0)
            grid.addWidget(points, row, 1)
            grid.addWidget(QLabel("và/hoặc"), row, 2)
            grid.addWidget(top, row, 3)
            grid.addWidget(QLabel("mô hình đầu mỗi lĩnh vực, loại"), row, 4)
        grid.addWidget(self.buttons["propose"], 0, 5, 2, 1)
        grid.setColumnStretch(6, 1)
        into = QHBoxLayout()
        into.addWidget(QLabel("Công nhận những mô hình được đề nghị,\nđưa đề nghị khen thưởng vào đợt"))
        into.addWidget(self.rounds)
        into.addWidget(self.buttons["apply"])
        into.addStretch()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addLayout(into)

    def set_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def reload(self) -> None:
        year, field, kind = self.year, self.field.currentData(), self.kind.currentData()
        read_in_background(
            self,
            self.store,
            "Đang xếp hạng…",
            lambda store, report: (sc.ranking(store, year, field, kind, report), list_rounds(store)),
            lambda result: self._show(*result),
        )

    def _show(self, rows: list[dict], rounds: list[dict]) -> None:
        self.model.load(rows)
        scored = sum(1 for r in rows if r["average"] is not None)
        self.summary.setText(f"{len(rows)} mô hình, {scored} đã đủ điểm, {len(rows) - scored} còn thiếu.")
        chosen = self.rounds.currentData()
        self.rounds.clear()
        for r in rounds:
            self.rounds.addItem(f"Số {r['number']} ({r['year']})", r["id"])
        same_year = next(
            (i for i in range(self.rounds.count()) if self.rounds.itemText(i).endswith(f"({self.year})")), 0
        )
        index = self.rounds.findData(chosen)
        self.rounds.setCurrentIndex(index if index >= 0 else same_year)
        self.buttons["apply"].setEnabled(False)
        self.loaded.emit()

    def selected_initiative(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()]["id"] if index.isValid() else None

    def _cutoff(self, name: str) -> Cutoff:
        points, top = self.cutoffs[name]
        return Cutoff(parse_points(points.text()), top.value() or None)

    def propose(self) -> None:
        try:
            recognise, commend = self._cutoff("cong_nhan"), self._cutoff("khen_thuong")
        except ValueError:
            error(self, "Chưa lập được đề nghị", "Điểm trung bình phải là một số, ví dụ 75 hoặc 72,5.")
            return
        ranked = [
            Ranked(r["id"], r["field"], r["kind"], r["average"], r["sheets"], rank=r["rank"])
            for r in self.model.rows
        ]
        proposals = shortlist(ranked, recognise, commend)
        self.model.propose(proposals)
        counts = {code: sum(1 for p in proposals.values() if p == code) for code in PROPOSALS}
        self.summary.setText(
            f"Đề nghị công nhận {counts['cong_nhan']}, biểu dương, khen thưởng "
            f"{counts['khen_thuong']} mô hình."
        )
        self.buttons["apply"].setEnabled(bool(proposals))

    def apply(self) -> None:
        proposals = self.model.proposals
        commend = sum(1 for p in proposals.values() if p == "khen_thuong")
        if commend and self.rounds.currentData() is None:
            error(self, "Chưa có đợt", "Hãy tạo đợt biểu dương, khen thưởng ở màn hình “Khen thưởng” trước.")
            return
        text = (
            f"Công nhận {len(proposals) - commend} mô hình và đưa {commend} mô hình vào đợt "
            f"{self.rounds.currentText()} (kèm điểm)?"
        )
        if not confirm(self, "Đưa đề nghị vào đợt khen thưởng", text):
            return
        scores = {r["id"]: r["average"] for r in self.model.rows}
        try:
            recognised, added = sc.apply_shortlist(self.store, proposals, scores, self.rounds.currentData())
        except (ValidationError, KeyError) as exc:
            error(self, "Chưa thực hiện được", str(exc))
            return
        self.changed.emit()
        self.reload()
        inform(
            self,
            "Đã thực hiện",
            f"Đã công nhận {recognised} mô hình; thêm {added} người/tập thể vào đợt khen thưởng.",
        )
