"""Tổng quan: the figures of a period against the same period last year (tiles), the
table of the reports (fields × collective / individual), and four charts. Every figure
opens the list of exactly its records. The figures come from services.stats, the
service of ``danvan stats``, computed off the UI thread after every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import vocab
from ...domain.text import group_thousands
from ...services.stats import top_communes
from ...store import catalog
from ...store.db import Store
from .. import changes
from ..changes import ChangeBus
from . import links
from .charts import BarChart
from .flow import BoardFlow
from .period import PeriodBar
from .scoring import ScoringLine
from .tiles import Tile, count_text, measure_text, money_text

OPEN_HINT = "Nhấn để xem danh sách."
BUSY_TEXT = "Đang tính số liệu…"
FIELD_LABELS = [t.label if len(t.label) < 24 else t.short for t in vocab.FIELDS]
KIND_CODES = vocab.KINDS.codes  # tap_the, ca_nhan: the table's first two columns
SOURCE_LABELS = ["Nhân dân", "Con em xa quê", "Nhà hảo tâm, DN", "Ngân sách", "Tổ chức"]


def _contrib(key: str) -> Callable[[dict], float]:
    return lambda f: f["contributions"][key]


# (key, title, value of a period's figures, format, filter of its records)
TILES: list[list[tuple]] = [
    [
        ("registered", "Mô hình, điển hình đăng ký", lambda f: f["initiatives"]["total"],
         count_text, links.registered),
        ("tap_the", "Mô hình tập thể", lambda f: f["initiatives"]["by_kind"]["tap_the"],
         count_text, lambda f, c: links.registered(f, c, kind="tap_the")),
        ("ca_nhan", "Mô hình cá nhân", lambda f: f["initiatives"]["by_kind"]["ca_nhan"],
         count_text, lambda f, c: links.registered(f, c, kind="ca_nhan")),
        ("recognized", "Được công nhận", lambda f: f["initiatives"]["recognized"],
         count_text, links.recognized),
        ("commended", "Được biểu dương, khen thưởng", lambda f: f["initiatives"]["commended"],
         count_text, links.commended),
        ("replicated", "Được nhân rộng", lambda f: f["initiatives"]["replicated"],
         count_text, links.replicated),
    ],
    [
        ("running", "Cuộc vận động đang thực hiện", lambda f: f["campaigns"]["running"],
         count_text, links.campaigns_running),
        ("completed", "Cuộc vận động hoàn thành", lambda f: f["campaigns"]["completed"],
         count_text, links.campaigns_completed),
        ("money", "Tiền huy động", _contrib("money_vnd"), money_text,
         lambda f, c: links.campaigns_contributed(f, c, kind="tien")),
        ("materials", "Vật tư (quy ra tiền)", _contrib("materials_vnd"), money_text,
         lambda f, c: links.campaigns_contributed(f, c, kind="vat_tu")),
        ("workdays", "Ngày công", _contrib("workdays"), measure_text,
         lambda f, c: links.campaigns_contributed(f, c, kind="ngay_cong")),
        ("land", "Đất hiến (m²)", _contrib("land_m2"), measure_text,
         lambda f, c: links.campaigns_contributed(f, c, kind="dat")),
        ("households", "Hộ được hưởng lợi", lambda f: f["households_benefited"], count_text,
         links.campaigns_finished),
    ],
]
CAMPAIGN_TILES = {"running", "completed", "money", "materials", "workdays", "land", "households"}


class DashboardPage(QWidget):
    refreshed = Signal()  # new figures are on the screen

    def __init__(self, store: Store, bus: ChangeBus, today: dt.date | None = None):
        super().__init__()
        from .worker import StatsWorker

        self.store = store
        self.bus = bus
        self.figures: dict | None = None
        self._dirty = False
        self._top: tuple[list[dict], dict | None] = ([], None)
        self._shown = 0  # counts the figures shown: a chart step of older ones is dropped
        self._charting = False  # charts of the figures shown still being set
        self.worker = StatsWorker(self)
        self.worker.ready.connect(self._show)
        self.worker.failed.connect(self._failed)
        self.worker.busy_changed.connect(self._busy)
        self._build(today)
        self.period_bar.set_communes(catalog.communes(store))
        self.period_bar.changed.connect(self.refresh)
        bus.changed.connect(self._on_changed)
        self.refresh()

    # --- building ------------------------------------------------------------------------

    def _build(self, today: dt.date | None) -> None:
        self.period_bar = PeriodBar(today)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setStyleSheet("color: #6b6b6b;")
        self.status.setWordWrap(True)  # the period's dates wrap rather than widen the board
        tile_rows = self._build_tiles()
        self._build_table_lines()
        self._build_charts()
        left_box = self._left_column()
        content, board = self._board_content()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.flow = BoardFlow(scroll.viewport(), content, board, tile_rows, left_box,
                              self.commune_chart, [self.year_chart, self.source_chart])
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _build_tiles(self) -> list[list[Tile]]:
        """The figure tiles, row by row as in TILES; a click opens the list behind the figure."""
        self.tiles: dict[str, Tile] = {}
        self._tile_specs = {spec[0]: spec for row in TILES for spec in row}
        tile_rows: list[list[Tile]] = []
        for row in TILES:
            line: list[Tile] = []
            for key, title, *_rest in row:
                hint = OPEN_HINT.replace("danh sách", "danh sách cuộc vận động") \
                    if key in CAMPAIGN_TILES else OPEN_HINT.replace("danh sách", "danh sách mô hình")
                tile = Tile(key, title, hint)
                tile.clicked.connect(self._tile_clicked)
                self.tiles[key] = tile
                line.append(tile)
            tile_rows.append(line)
        return tile_rows

    def _build_table_lines(self) -> None:
        """The field table with its title, and the roll-up line under it."""
        self.table = self._field_table()
        self.table_title = QLabel()
        self.table_title.setWordWrap(True)
        # Roll-up: how many came from each office's packages (shown once there are several).
        self.units_line = QLabel()
        self.units_line.setObjectName("sending_units")
        self.units_line.setWordWrap(True)
        self.units_line.hide()

    def _build_charts(self) -> None:
        """The four charts; a click on a bar (or the communes' footer) opens its list."""
        self.field_chart = BarChart("field", "Mô hình đăng ký theo lĩnh vực",
                                    ["Tập thể", "Cá nhân"], horizontal=True, stacked=True)
        self.field_chart.bar_clicked.connect(self._field_clicked)
        self.commune_chart = BarChart("commune", "Mô hình đăng ký theo xã, phường",
                                      ["Mô hình đăng ký"], horizontal=True)
        self.commune_chart.bar_clicked.connect(self._commune_clicked)
        self.commune_chart.footer_clicked.connect(self._other_communes_clicked)
        self.commune_chart.footer.setToolTip(OPEN_HINT.replace("danh sách", "danh sách mô hình"))
        self.year_chart = BarChart("year", "Mô hình đăng ký theo năm", ["Mô hình đăng ký"])
        self.year_chart.bar_clicked.connect(self._year_clicked)
        self.year_chart.category_axis.setTruncateLabels(False)  # "2017" fits, Qt thinks not
        self.source_chart = BarChart("source", "Đóng góp theo nguồn", ["Tiền", "Vật tư"],
                                     horizontal=True, decimals=1)
        self.source_chart.bar_clicked.connect(self._source_clicked)

    def _left_column(self) -> QWidget:
        """Field table, roll-up line, scoring line and the field chart, one under another."""
        left_box = QWidget()
        left = QVBoxLayout(left_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.table_title)
        left.addWidget(self.table)
        left.addWidget(self.units_line)
        self.scoring = ScoringLine()
        left.addWidget(self.scoring)
        left.addWidget(self.field_chart, 1)
        return left_box

    def _board_content(self) -> tuple[QWidget, QVBoxLayout]:
        """The scrolled content: the period controls, the dates line, then the (empty) board
        that BoardFlow fills with tiles and charts."""
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.period_bar)
        top.addSpacing(12)
        top.addWidget(self._as_they_were_box())
        top.addStretch(1)
        layout.addLayout(top)
        # The period's dates and the status on a line of their own, each wrapping: beside
        # the controls they were cut at 1280×720 and 125 %.
        dates = QHBoxLayout()
        dates.addWidget(self.period_bar.summary, 3)
        dates.addWidget(self.status, 2)
        for label in (self.period_bar.summary, self.status):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addLayout(dates)
        board = QVBoxLayout()
        board.setSpacing(6)
        layout.addLayout(board, 1)
        return content, board

    def _field_table(self) -> QTableWidget:
        """Registered by field and kind. A long field name takes two lines so that the three
        figure columns keep their headings whole at 1280×720 and 125 %."""
        table = QTableWidget(len(vocab.FIELDS) + 1, 3)
        table.setObjectName("field_table")
        table.setHorizontalHeaderLabels(["Tập thể", "Cá nhân", "Tổng"])
        labels = [_two_lines(t.label) for t in vocab.FIELDS] + ["Tổng cộng"]
        table.setVerticalHeaderLabels(labels)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setCursor(Qt.CursorShape.PointingHandCursor)
        columns = table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        widest = max(table.fontMetrics().horizontalAdvance(t) for t in ("Tập thể", "Cá nhân"))
        columns.setMinimumSectionSize(widest + 14)  # stretched, but never under its heading
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        line = table.fontMetrics().lineSpacing()
        heights = [26 if "\n" not in label else 26 + line for label in labels]
        for row, height in enumerate(heights):
            table.setRowHeight(row, height)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setFixedHeight(columns.sizeHint().height() + sum(heights) + 2 * table.frameWidth())
        table.cellClicked.connect(self._cell_clicked)
        return table

    def _as_they_were_box(self) -> QCheckBox:
        """Communes merged away (the 2025 reform) counted in today's communes, or as they were;
        kept in the data file. Shown only when the file has such communes."""
        from ...services.stats import AS_THEY_WERE
        from ...store.profile import get_setting

        self.as_they_were = QCheckBox("Xã cũ như trước sắp xếp")
        self.as_they_were.setObjectName("as_they_were")
        self.as_they_were.setToolTip("Đánh dấu: các xã, phường đã sáp nhập được tính riêng như trước "
                                     "khi sắp xếp (trên Tổng quan và trong báo cáo). Bỏ dấu: tính "
                                     "theo xã, phường hiện nay.")
        self.as_they_were.setChecked(bool(get_setting(self.store, AS_THEY_WERE, False)))
        self.as_they_were.setEnabled(not self.store.read_only)
        self._show_as_they_were_box()
        self.as_they_were.toggled.connect(self._as_they_were_toggled)
        return self.as_they_were

    def _show_as_they_were_box(self) -> None:
        from ...store.places import has_merged_communes

        self.as_they_were.setVisible(has_merged_communes(self.store))

    def _as_they_were_toggled(self, on: bool) -> None:
        from ...services.stats import AS_THEY_WERE
        from ...store.profile import set_setting

        set_setting(self.store, AS_THEY_WERE, on)
        self.refresh()

    # --- refreshing ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the figures of the chosen period again (in a worker thread)."""
        self._dirty = False
        self.worker.request(self.store.path, self.period_bar.period(), self.period_bar.commune_id())
        self.scoring.refresh(self.store.path, self.period_bar.period())

    def _on_changed(self, kinds: frozenset) -> None:
        kinds = kinds - {changes.PROFILE}  # the office's names: no figure
        if not kinds:
            return
        if kinds <= {changes.SCORES}:  # points and criteria: only the evidence line counts them
            self.scoring.refresh(self.store.path, self.period_bar.period())
            return
        if kinds <= {changes.CAMPAIGNS}:
            self.worker.forget({"campaigns"})
        elif kinds <= {changes.INITIATIVES, changes.ROUNDS, changes.ORGANIZATIONS}:
            # Commendation rounds set initiatives' status and dates.
            self.worker.forget({"initiatives", "by_year"})
        else:  # places (names, merges) or anything else: all again
            self.worker.forget()
            self.period_bar.set_communes(catalog.communes(self.store))
            self._show_as_they_were_box()
        if self.isVisible():
            self.refresh()
        else:  # computed when the page is shown again
            self._dirty = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _busy(self, busy: bool) -> None:
        """Say "Đang tính…" only when it takes long enough to be seen (no flicker)."""
        if busy:
            QTimer.singleShot(300, self._still_busy)
        elif self.status.text() == BUSY_TEXT:
            self.status.setText("")

    def _still_busy(self) -> None:
        if self.worker.busy:
            self.status.setStyleSheet("color: #6b6b6b;")
            self.status.setText(BUSY_TEXT)

    def _failed(self, message: str) -> None:
        self.status.setStyleSheet("color: #b3261e;")
        self.status.setText(f"Không tính được số liệu: {message}")

    def is_busy(self) -> bool:
        return self.worker.busy or self._charting

    # --- showing -------------------------------------------------------------------------

    def _show(self, figures: dict) -> None:
        self.figures = figures
        self.status.setText("")
        current, previous = figures["current"], figures["previous"]
        previous_label = figures["previous_period"]["label"]
        for key, (_key, _title, value, fmt, _link) in self._tile_specs.items():
            self.tiles[key].show_figure(value(current), value(previous), fmt, previous_label)
        self._show_table(current["initiatives"], figures["period"]["label"])
        # One chart per turn of the event loop, each set and painted on its own: all four
        # at once held the window 40–100 ms at a time on a busy machine.
        self._shown += 1
        self._charting = True
        self._chart_steps(self._shown, figures, list(self._chart_setters()))

    def _chart_setters(self):
        yield self._show_field_chart
        yield self._show_commune_chart
        yield self._show_year_chart
        yield self._show_source_chart

    def _chart_steps(self, shown: int, figures: dict, steps: list) -> None:
        if shown != self._shown:  # newer figures came meanwhile
            return
        if not steps:
            self._charting = False
            self.refreshed.emit()
            return
        steps[0](figures)
        # With the page as context: dropped if the page is closed meanwhile.
        QTimer.singleShot(0, self, lambda: self._chart_steps(shown, figures, steps[1:]))

    def _show_table(self, initiatives: dict, label: str) -> None:
        area = self.period_bar.area_name()
        self.table_title.setText(f"<b>Mô hình, điển hình đăng ký {label}</b>"
                                 + (f" – {area}" if area else ""))
        totals = [0, 0]
        for row, code in enumerate(vocab.FIELDS.codes):
            kinds = initiatives["by_field_kind"][code]
            values = [kinds[k] for k in KIND_CODES]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            self._table_row(row, values)
        self._table_row(len(vocab.FIELDS), totals)
        units = initiatives.get("by_sending_unit", {})
        self.units_line.setVisible(len(units) > 1)
        self.units_line.setText("Theo đơn vị gửi: " + " · ".join(
            f"{escape(name)} <b>{group_thousands(count)}</b>" for name, count in units.items()))

    def _table_row(self, row: int, values: list[int]) -> None:
        for col, value in enumerate([*values, sum(values)]):
            item = QTableWidgetItem(group_thousands(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(OPEN_HINT.replace("danh sách", "danh sách mô hình"))
            if row == len(vocab.FIELDS) or col == 2:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, col, item)

    def _show_field_chart(self, figures: dict) -> None:
        by_field_kind = figures["current"]["initiatives"]["by_field_kind"]
        self.field_chart.set_data(FIELD_LABELS, [[by_field_kind[f][k] for f in vocab.FIELDS.codes]
                                                 for k in KIND_CODES])
        self.field_chart.describe = lambda s, c: (
            f"{vocab.FIELDS.terms[c].label} – {vocab.KINDS.terms[s].label.lower()}: "
            f"{group_thousands(self.field_chart.values[s][c])} mô hình\n{OPEN_HINT}")

    def _show_commune_chart(self, figures: dict) -> None:
        # The ten communes with the most; the rest as one figure under the chart (as a bar
        # it would dwarf the ten and hide how they compare).
        top, rest = self._top = top_communes(figures["current"])
        names = [line["name"] for line in top]
        self.commune_chart.set_data(names, [[line["count"] for line in top]])
        unit = "thôn, xóm" if "villages" in figures["current"]["initiatives"] else "xã, phường"
        self.commune_chart.chart.setTitle(f"10 {unit} đăng ký nhiều nhất" if rest
                                          else f"Mô hình đăng ký theo {unit}")
        self.commune_chart.set_footer(
            f"{rest['communes']} {unit} khác: <a href='#'>{group_thousands(rest['count'])}"
            f" mô hình</a>" if rest else "")
        self.commune_chart.describe = lambda _s, c: (
            f"{names[c]}: {group_thousands(top[c]['count'])} mô hình\n{OPEN_HINT}")

    def _show_year_chart(self, figures: dict) -> None:
        years = figures["by_year"]
        first, last = min(years), max(years)
        self.year_chart.set_data([str(y) for y in years], [list(years.values())])
        self.year_chart.chart.setTitle(f"Mô hình đăng ký theo năm, {first}–{last}")
        self.year_chart.describe = lambda _s, c: (
            f"Năm {first + c}: {group_thousands(years[first + c])} mô hình\n{OPEN_HINT}")

    def _show_source_chart(self, figures: dict) -> None:
        by_source = figures["current"]["contributions"]["by_source_kind"]
        amounts = [[by_source[s][k] for s in vocab.SOURCES.codes] for k in ("tien", "vat_tu")]
        largest = max((v for row in amounts for v in row), default=0)
        unit, divisor = ("tỷ đồng", 1e9) if largest >= 1e9 else ("triệu đồng", 1e6)
        self.source_chart.set_data(SOURCE_LABELS, [[v / divisor for v in row] for row in amounts])
        self.source_chart.value_axis.setTitleText(unit)
        self.source_chart.describe = lambda s, c: (
            f"{vocab.SOURCES.terms[c].label} – {('tiền', 'vật tư')[s]}: "
            f"{money_text(amounts[s][c])}\nNhấn để xem các cuộc vận động có khoản đóng góp này.")

    # --- opening the records behind a figure ---------------------------------------------

    def _open(self, screen: str, flt: object) -> None:
        self.bus.open_list(screen, flt)

    def _commune(self) -> int | None:
        return self.period_bar.commune_id()

    def _tile_clicked(self, key: str) -> None:
        if self.figures is None:
            return
        link = self._tile_specs[key][4]
        screen = links.CAMPAIGNS_SCREEN if key in CAMPAIGN_TILES else links.INITIATIVES_SCREEN
        self._open(screen, link(self.figures["current"], self._commune()))

    def _cell_clicked(self, row: int, col: int) -> None:
        if self.figures is None:
            return
        conditions = {}
        if row < len(vocab.FIELDS):
            conditions["field"] = vocab.FIELDS.codes[row]
        if col < len(KIND_CODES):
            conditions["kind"] = KIND_CODES[col]
        self._open(links.INITIATIVES_SCREEN,
                   links.registered(self.figures["current"], self._commune(), **conditions))

    def _field_clicked(self, set_index: int, category: int) -> None:
        if self.figures is not None:
            self._open(links.INITIATIVES_SCREEN, links.registered(
                self.figures["current"], self._commune(), field=vocab.FIELDS.codes[category],
                kind=KIND_CODES[set_index]))

    def _commune_clicked(self, _set_index: int, category: int) -> None:
        if self.figures is not None:
            line = self._top[0][category]
            self._open(links.INITIATIVES_SCREEN, links.commune_line(self.figures["current"], line))

    def _other_communes_clicked(self) -> None:
        top, rest = self._top
        if self.figures is not None and rest is not None:
            self._open(links.INITIATIVES_SCREEN, links.commune_line(
                self.figures["current"], rest, top=top, commune_id=self._commune()))

    def _year_clicked(self, _set_index: int, category: int) -> None:
        if self.figures is not None:
            year = min(self.figures["by_year"]) + category
            self._open(links.INITIATIVES_SCREEN, links.registered_in_year(year, self._commune()))

    def _source_clicked(self, set_index: int, category: int) -> None:
        if self.figures is not None:
            self._open(links.CAMPAIGNS_SCREEN, links.campaigns_contributed(
                self.figures["current"], self._commune(), kind=("tien", "vat_tu")[set_index],
                source=vocab.SOURCES.codes[category]))


def _two_lines(label: str, longest: int = 24) -> str:
    """A label longer than ``longest`` characters broken at the space nearest its middle."""
    if len(label) <= longest or " " not in label:
        return label
    middle = len(label) // 2
    cut = min((i for i, c in enumerate(label) if c == " "), key=lambda i: abs(i - middle))
    return f"{label[:cut]}\n{label[cut + 1:]}"
