"""A small picture of the blank form (A4 or A3 landscape) on which each printed line can be
dragged to where the form wants it; the offsets (mm) follow the mouse, and the numeric
boxes of the alignment dialog follow the offsets."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...services.documents.certificate_layout import PAPERS, anchor
from ...services.documents.certificates import Offsets

PT_PER_MM = 72 / 25.4
SHORT = {"name": "Tên người, tập thể", "position": "Chức vụ, đơn vị", "achievement": "Thành tích",
         "decision": "Quyết định, số sổ", "date": "Ngày tháng", "signer_authority": "Thẩm quyền ký",
         "signer_title": "Chức vụ người ký", "signer_name": "Họ tên người ký"}


LIMIT_MM = 100.0  # as far as a line may move (the dialog's boxes take the same)


def _bounded(value: float) -> float:
    return round(max(-LIMIT_MM, min(LIMIT_MM, value)), 1)


class FormPreview(QWidget):
    """Drag a line's label to move it; ``moved(line, dx, dy)`` says where it now is (mm)."""

    moved = Signal(str, float, float)

    def __init__(self, lines: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.lines = lines
        self.paper = "A4"
        self.offsets: Offsets = {}
        self._dragging: str | None = None
        self._start = QPointF()
        self._start_offset = (0.0, 0.0)
        self.setMinimumSize(420, 297)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setToolTip("Kéo từng dòng chữ tới chỗ của nó trên phôi.")

    def sizeHint(self) -> QSize:
        return QSize(520, 368)

    def set_state(self, paper: str, offsets: Offsets) -> None:
        self.paper, self.offsets = paper, dict(offsets)
        self.update()

    # --- geometry: page millimetres <-> widget pixels ------------------------------------------

    def _page(self) -> QRectF:
        width, height = (v / PT_PER_MM for v in PAPERS[self.paper])
        scale = min((self.width() - 8) / width, (self.height() - 8) / height)
        return QRectF((self.width() - width * scale) / 2, (self.height() - height * scale) / 2,
                      width * scale, height * scale)

    def _scale(self) -> float:
        return self._page().width() / (PAPERS[self.paper][0] / PT_PER_MM)

    def _point(self, line: str) -> QPointF:
        """Where a line's anchor is drawn, in widget pixels."""
        x, y = anchor(line, self.paper, self.offsets.get(line, (0.0, 0.0)))
        page_height = PAPERS[self.paper][1]
        page, scale = self._page(), self._scale()
        return QPointF(page.left() + x / PT_PER_MM * scale,
                       page.top() + (page_height - y) / PT_PER_MM * scale)

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(7.5)
        return font

    def _label_rect(self, line: str) -> QRectF:
        """The label sits on the line's baseline; its height never exceeds the gap to the
        next line (6.5 mm on the page), so neighbours stay apart on a small picture."""
        point = self._point(line)
        metrics = QFontMetricsF(self._label_font())
        width = metrics.horizontalAdvance(SHORT.get(line, line)) + 10
        height = max(9.0, min(16.0, 6.5 * self._scale()))
        return QRectF(point.x() - width / 2, point.y() - height + 2, width, height)

    def line_at(self, pos: QPointF) -> str | None:
        for line in reversed(self.lines):
            if self._label_rect(line).contains(pos):
                return line
        return None

    # --- painting and dragging --------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        page = self._page()
        painter.fillRect(self.rect(), QColor("#e6e6e6"))
        painter.fillRect(page, QColor("white"))
        painter.setPen(QPen(QColor("#999999"), 1))
        painter.drawRect(page)
        painter.setFont(self._label_font())
        for line in self.lines:
            rect = self._label_rect(line)
            active = line == self._dragging
            painter.setPen(QPen(QColor("#b00020" if active else "#1f5fa8"), 1))
            painter.setBrush(QColor(255, 240, 240) if active else QColor(232, 240, 252))
            painter.drawRoundedRect(rect, 3, 3)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, SHORT.get(line, line))
            point = self._point(line)
            painter.drawLine(point + QPointF(-4, 0), point + QPointF(4, 0))
            painter.drawLine(point + QPointF(0, -4), point + QPointF(0, 4))
        painter.end()

    def mousePressEvent(self, event) -> None:
        line = self.line_at(event.position())
        if line and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = line
            self._start = event.position()
            self._start_offset = self.offsets.get(line, (0.0, 0.0))
            self.update()

    def mouseMoveEvent(self, event) -> None:
        if self._dragging is None:
            hover = self.line_at(event.position())
            self.setCursor(Qt.CursorShape.OpenHandCursor if hover else Qt.CursorShape.ArrowCursor)
            return
        delta = event.position() - self._start
        scale = self._scale()
        dx = _bounded(self._start_offset[0] + delta.x() / scale)
        dy = _bounded(self._start_offset[1] + delta.y() / scale)
        self.offsets[self._dragging] = (dx, dy)
        self.moved.emit(self._dragging, dx, dy)
        self.update()

    def mouseReleaseEvent(self, event) -> None:
        self._dragging = None
        self.update()
