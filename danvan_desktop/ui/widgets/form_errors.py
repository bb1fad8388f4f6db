"""Validation messages shown beside their fields, in red, until the field is fixed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...domain.validation import ValidationError


class ErrorLabels:
    """Owns one hidden red label per field; ``show(error)`` fills the ones named."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}

    def label_for(self, field: str, parent: QWidget | None = None) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(f"error_{field}")
        label.setStyleSheet("color: #b00020;")
        label.setWordWrap(True)
        label.hide()
        self.labels[field] = label
        return label

    def wrap(self, widget: QWidget, field: str) -> QWidget:
        """The widget with its (hidden) error label under it, ready for a form row."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.label_for(field, box))
        return box

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear()
            label.hide()

    def show(self, error: ValidationError) -> list[str]:
        """Show each message beside its field; return those that have no field here."""
        self.clear()
        orphans = []
        for item in error.errors:
            label = self.labels.get(item.field)
            if label is None:
                orphans.append(item.message)
                continue
            label.setText(" ".join(filter(None, [label.text(), item.message])))
            label.show()
        return orphans

    def visible(self) -> dict[str, str]:
        return {f: lbl.text() for f, lbl in self.labels.items() if lbl.isVisible() or lbl.text()}
