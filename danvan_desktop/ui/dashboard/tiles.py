"""Tiles: one figure of the period, its change against the same period last year, and a
click that opens the records behind it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...domain.text import format_money_short, format_number, group_thousands
from ...services.stats import change

UP, DOWN, SAME = "#1b7f3b", "#b3261e", "#6b6b6b"


def count_text(value: float) -> str:
    return group_thousands(int(value))


def money_text(value: float) -> str:
    return format_money_short(int(value))


def measure_text(value: float) -> str:
    return format_number(value)


def percent_text(ratio: float) -> str:
    """``0.085`` → ``8,5%`` (one decimal below 10%, whole above)."""
    percent = abs(ratio) * 100
    places = 1 if percent < 10 else 0
    text = f"{percent:.{places}f}".replace(".", ",")
    return f"{text.removesuffix(',0')}%"


def delta_text(current: float, previous: float,
               fmt: Callable[[float], str]) -> tuple[str, str]:
    """(text, colour) of the change: ``▲ 212 (+2,4%)``, ``▼ 3 (−20%)``, ``= không đổi``."""
    difference, ratio = change(current, previous)
    if difference == 0:
        return "= không đổi", SAME
    arrow, sign, colour = ("▲", "+", UP) if difference > 0 else ("▼", "−", DOWN)
    amount = fmt(abs(difference)).removesuffix(" đồng")
    if ratio is None:
        return f"{arrow} {amount} (trước: 0)", colour
    return f"{arrow} {amount} ({sign}{percent_text(ratio)})", colour


class Tile(QFrame):
    """A clickable figure. ``key`` names it for the page (and for tests)."""

    clicked = Signal(str)

    def __init__(self, key: str, title: str, hint: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.hint = hint
        self.setObjectName(f"tile_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Enter or Space opens it too
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(
            "Tile { background: #ffffff; border: 1px solid #c9d3de; border-radius: 6px; }"
            "Tile:hover, Tile:focus { border: 1px solid #2f6db5; background: #f3f8ff; }")
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("color: #3c4650;")
        self.value = QLabel("…")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.55)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setStyleSheet("color: #1d2a36;")
        self.delta = QLabel(" ")
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.92)
        self.delta.setFont(small)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.delta)
        title_height = self.title.fontMetrics().lineSpacing() * 2
        self.title.setFixedHeight(title_height)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

    def show_figure(self, current: float, previous: float, fmt: Callable[[float], str],
                    previous_label: str, exact: str = "") -> None:
        self.value.setText(fmt(current))
        text, colour = delta_text(current, previous, fmt)
        self.delta.setText(text)
        self.delta.setStyleSheet(f"color: {colour};")
        lines = [f"{self.title.text()}: {exact or fmt(current)}",
                 f"Cùng kỳ ({previous_label}): {fmt(previous)}", "", self.hint]
        self.setToolTip("\n".join(lines))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.key)
            return
        super().keyPressEvent(event)
