"""Bar charts of the dashboard (QtCharts): Vietnamese labels and numbers, a click on a bar
reported as (set, category), a tooltip on hover, and "Lưu ảnh PNG…" on each chart."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QCursor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QStyle,
    QToolButton,
    QToolTip,
    QWidget,
)

from ...domain.text import fold
from ..widgets.dialogs import error
from .period import VIETNAMESE

PALETTE = ["#2f6db5", "#e08a1e", "#3a9a5b", "#b54a4a", "#7a5cae"]


def nice_axis(largest: float, ticks: int = 5) -> tuple[float, int]:
    """(top of the axis, number of ticks) with round steps (1, 2, 5 × 10ⁿ)."""
    if largest <= 0:
        return 4.0, 5
    raw = largest / (ticks - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if largest < 10:  # counts: whole steps
        step = max(1.0, math.ceil(step))
    top = step * math.ceil(largest / step)
    if top == largest:  # room above the longest bar for its label
        top += step
    return top, int(round(top / step)) + 1


class BarChart(QWidget):
    """One bar chart. ``bar_clicked(set, category)`` uses the order of ``set_data``'s
    categories (top to bottom for horizontal charts)."""

    bar_clicked = Signal(int, int)
    footer_clicked = Signal()

    def __init__(self, key: str, title: str, sets: list[str], *, horizontal: bool = False,
                 stacked: bool = False, value_title: str = "", decimals: int = 0,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"chart_{key}")
        self.key = key
        self.horizontal = horizontal
        self.decimals = decimals
        self.categories: list[str] = []
        self.values: list[list[float]] = [[] for _ in sets]
        self.describe: Callable[[int, int], str] | None = None  # text of a bar's tooltip

        self.chart = self._new_chart(title)
        self._build_series(sets, horizontal=horizontal, stacked=stacked)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self._build_axes(small, horizontal=horizontal, value_title=value_title, decimals=decimals)
        self.chart.legend().setVisible(len(sets) > 1)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.legend().setFont(small)
        self._build_view(key)
        self._build_footer(key)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        grid.addWidget(self.view, 0, 0)
        grid.addWidget(self.footer, 1, 0)
        grid.addWidget(self.save_button, 0, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)

    def _new_chart(self, title: str) -> QChart:
        """An empty chart: bold title, no animation, Vietnamese numbers, tight margins."""
        chart = QChart()
        chart.setTitle(title)
        title_font = QFont(self.font())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setLocale(VIETNAMESE)
        chart.setLocalizeNumbers(True)  # 1.234,5 on the axes and the bars
        chart.setMargins(QMargins(4, 2, 4, 2))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setBackgroundRoundness(0)
        return chart

    def _build_series(self, sets: list[str], *, horizontal: bool, stacked: bool) -> None:
        """One bar set per name in ``sets``, in the palette's colours, labelled with its value."""
        kinds = {(False, False): QBarSeries, (False, True): QStackedBarSeries,
                 (True, False): QHorizontalBarSeries, (True, True): QHorizontalStackedBarSeries}
        self.series: QAbstractBarSeries = kinds[(horizontal, stacked)]()
        self.sets: list[QBarSet] = []
        for index, label in enumerate(sets):
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(PALETTE[index % len(PALETTE)]))
            bar_set.setBorderColor(QColor(PALETTE[index % len(PALETTE)]))
            bar_set.setLabelColor(QColor("#ffffff" if stacked else "#1d2a36"))
            bar_set.clicked.connect(lambda category, s=index: self._clicked(s, category))
            bar_set.hovered.connect(lambda on, category, s=index: self._hovered(on, s, category))
            self.series.append(bar_set)
            self.sets.append(bar_set)
        self.series.setLabelsVisible(True)
        self.series.setLabelsFormat("@value")
        self.series.setLabelsPrecision(12)
        self.series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsCenter if stacked
                                      else QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        self.series.setBarWidth(0.7)
        self.chart.addSeries(self.series)

    def _build_axes(self, small: QFont, *, horizontal: bool, value_title: str,
                    decimals: int) -> None:
        """The category axis and the value axis, on the sides that suit the bars' direction."""
        self.category_axis = QBarCategoryAxis()
        self.value_axis = QValueAxis()
        self.value_axis.setLabelFormat(f"%.{decimals}f")
        if value_title:
            self.value_axis.setTitleText(value_title)
        for axis in (self.category_axis, self.value_axis):
            axis.setLabelsFont(small)
        self.value_axis.setTitleFont(small)
        category_side, value_side = ((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
                                     if horizontal else
                                     (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft))
        self.chart.addAxis(self.category_axis, category_side)
        self.chart.addAxis(self.value_axis, value_side)
        self.series.attachAxis(self.category_axis)
        self.series.attachAxis(self.value_axis)

    def _build_view(self, key: str) -> None:
        """The chart's view, with a save button in its corner and in its right-click menu."""
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(240, 170)
        # Saving: a small button in the corner (clear of the centred title) and the
        # view's right-click menu.
        self.save_button = QToolButton()
        self.save_button.setObjectName(f"save_{key}")
        self.save_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.save_button.setToolTip("Lưu biểu đồ thành ảnh PNG…")
        self.save_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.save_button.setAutoRaise(True)
        self.save_button.clicked.connect(self.ask_save)
        save_action = QAction("Lưu biểu đồ thành ảnh PNG…", self.view)
        save_action.triggered.connect(self.ask_save)
        self.view.addAction(save_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _build_footer(self, key: str) -> None:
        """A line under the chart for a figure that is not a bar (a link when it opens a list)."""
        self.footer = QLabel()
        self.footer.setObjectName(f"footer_{key}")
        self.footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.footer.setStyleSheet("background: white; padding: 2px;")
        self.footer.linkActivated.connect(lambda _link: self.footer_clicked.emit())
        self.footer.hide()

    # --- data ----------------------------------------------------------------------------

    def set_data(self, categories: list[str], values: list[list[float]]) -> None:
        """``values[set][category]``; categories in reading order."""
        self.categories = list(categories)
        self.values = [list(v) for v in values]
        shown = list(reversed(categories)) if self.horizontal else list(categories)
        self.category_axis.clear()
        self.category_axis.append(shown or [""])
        for bar_set, row in zip(self.sets, values, strict=True):
            bar_set.remove(0, bar_set.count())
            ordered = reversed(row) if self.horizontal else row
            bar_set.append([round(float(v), self.decimals) for v in ordered])
        if isinstance(self.series, QStackedBarSeries | QHorizontalStackedBarSeries):
            largest = max((sum(column) for column in zip(*values, strict=True)), default=0)
        else:
            largest = max((v for row in values for v in row), default=0)
        top, ticks = nice_axis(largest * (1.12 if not isinstance(
            self.series, QStackedBarSeries | QHorizontalStackedBarSeries) else 1.0))
        self.value_axis.setRange(0, top)
        self.value_axis.setTickCount(ticks)
        step = top / max(ticks - 1, 1)
        self.value_axis.setLabelFormat("%.0f" if step == int(step) else f"%.{self.decimals}f")
        if not self.horizontal and not isinstance(self.series, QStackedBarSeries):
            self._fit_labels(largest)

    def _fit_labels(self, largest: float) -> None:
        """Numbers too wide for their bars stand upright inside them (9.051 over ten
        narrow bars), else they sit above."""
        text = self.chart.locale().toString(float(largest), "f", self.decimals)
        room = self.view.width() * 0.8 / max(len(self.categories) * len(self.sets), 1)
        upright = QFontMetrics(self.sets[0].labelFont()).horizontalAdvance(text) > room
        self.series.setLabelsAngle(-90 if upright else 0)
        self.series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsInsideEnd if upright
                                      else QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        for bar_set in self.sets:
            bar_set.setLabelColor(QColor("#ffffff" if upright else "#1d2a36"))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.categories and not self.horizontal and not isinstance(self.series, QStackedBarSeries):
            self._fit_labels(max((v for row in self.values for v in row), default=0))

    def set_footer(self, html: str) -> None:
        self.footer.setText(html)
        self.footer.setVisible(bool(html))

    def _category(self, shown_index: int) -> int:
        return len(self.categories) - 1 - shown_index if self.horizontal else shown_index

    def _clicked(self, set_index: int, shown_index: int) -> None:
        self.bar_clicked.emit(set_index, self._category(shown_index))

    def _hovered(self, on: bool, set_index: int, shown_index: int) -> None:
        if not on:
            self.view.unsetCursor()
            QToolTip.hideText()
            return
        self.view.setCursor(Qt.CursorShape.PointingHandCursor)
        category = self._category(shown_index)
        if self.describe is not None and 0 <= category < len(self.categories):
            QToolTip.showText(QCursor.pos(), self.describe(set_index, category), self.view)

    def bar_center(self, set_index: int, category: int) -> QPoint:
        """Where a bar is, in the view's viewport (what a user clicks, or a test)."""
        shown = len(self.categories) - 1 - category if self.horizontal else category
        value = self.values[set_index][category]
        if isinstance(self.series, QStackedBarSeries | QHorizontalStackedBarSeries):
            below = sum(self.values[s][category] for s in range(set_index))
            middle = below + value / 2
            offset = 0.0
        else:
            middle = value / 2
            width = self.series.barWidth() / len(self.sets)
            offset = -self.series.barWidth() / 2 + width * (set_index + 0.5)
        point = (QPointF(middle, shown + offset) if self.horizontal
                 else QPointF(shown + offset, middle))
        scene = self.chart.mapToScene(self.chart.mapToPosition(point, self.series))
        return self.view.mapFromScene(scene)

    # --- saving --------------------------------------------------------------------------

    def default_file_name(self) -> str:
        return "-".join(re.findall(r"[a-z0-9]+", fold(self.chart.title()))) + ".png"

    def save_png(self, path: str | Path) -> bool:
        """The chart as it is shown, with its footer, without the button."""
        self.save_button.hide()
        try:
            image = self.grab()
        finally:
            self.save_button.show()
        return image.save(str(path), "PNG")

    def ask_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Lưu biểu đồ thành ảnh", self.default_file_name(),
                                              "Ảnh PNG (*.png)")
        if not name:
            return
        if not name.lower().endswith(".png"):
            name += ".png"
        if not self.save_png(name):
            error(self, "Không lưu được ảnh", f"Không ghi được tệp “{name}”.")
