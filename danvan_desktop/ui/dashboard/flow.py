"""The dashboard's arrangement for the width it has: on a wide screen two rows of tiles
and the table and three charts side by side; below ``WIDE`` logical pixels (1280×720 at
125 % leaves 1024 pixels for the whole window) each row of tiles is split in two and the
charts take two rows, so the board scrolls down, never sideways."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

WIDE = 980


def _empty(layout: QLayout) -> None:
    """Take every item out (widgets stay where they are, owned by the board)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.layout() is not None:
            _empty(item.layout())
            item.layout().deleteLater()


class BoardFlow(QObject):
    """Lays ``tile_rows``, then ``left``, ``commune`` and ``right`` into ``host`` for the
    width of ``watched`` (the scroll area's viewport), again when that width crosses WIDE."""

    def __init__(self, watched: QWidget, content: QWidget, host: QBoxLayout,
                 tile_rows: list[list[QWidget]], left: QWidget, commune: QWidget,
                 right: list[QWidget]):
        super().__init__(content)
        self.content, self.host, self.tile_rows = content, host, tile_rows
        self.left, self.commune, self.right = left, commune, right
        self.wide: bool | None = None
        watched.installEventFilter(self)
        self.arrange(True)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.arrange(event.size().width() >= WIDE)
        return False

    def arrange(self, wide: bool) -> None:
        if wide == self.wide:
            return
        self.wide = wide
        _empty(self.host)
        for tiles in self.tile_rows:
            half = (len(tiles) + 1) // 2
            for part in [tiles] if wide else [tiles[:half], tiles[half:]]:
                line = QHBoxLayout()
                line.setSpacing(8)
                for tile in part:
                    line.addWidget(tile)
                self.host.addLayout(line)
        if wide:
            bottom = QHBoxLayout()
            bottom.addWidget(self.left, 12)
            bottom.addWidget(self.commune, 8)
            column = QVBoxLayout()
            for chart in self.right:
                column.addWidget(chart, 1)
            bottom.addLayout(column, 10)
            self.host.addLayout(bottom, 1)
        else:
            first, second = QHBoxLayout(), QHBoxLayout()
            first.addWidget(self.left, 1)
            first.addWidget(self.commune, 1)
            for chart in self.right:
                second.addWidget(chart, 1)
            self.host.addLayout(first, 3)
            self.host.addLayout(second, 2)
        self.content.setMinimumSize(*((WIDE, 620) if wide else (780, 1240)))
