"""Small layout helpers the screens share, so a form is built from short named pieces."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QHBoxLayout, QWidget


def button_row(buttons: Iterable[QWidget], stretch: int | None = 0) -> QHBoxLayout:
    """The buttons side by side, then a stretch of ``stretch`` (None: no stretch) so they
    keep their natural width at the left."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    if stretch is not None:
        row.addStretch(stretch)
    return row
