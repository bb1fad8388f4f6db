"""One signal says what kind of records changed; every open screen refreshes itself
(Anki's OpChanges). No screen reaches into another."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

# Kinds of record a change can name.
INITIATIVES = "initiatives"
CAMPAIGNS = "campaigns"
AREAS = "areas"
ORGANIZATIONS = "organizations"
PROFILE = "profile"
ROUNDS = "rounds"
SCORES = "scores"  # criteria sets, evaluators, score sheets
ALL = frozenset({INITIATIVES, CAMPAIGNS, AREAS, ORGANIZATIONS, PROFILE, ROUNDS, SCORES})


class ChangeBus(QObject):
    """Emit ``changed`` with the set of kinds after every successful write."""

    changed = Signal(object)  # frozenset[str]
    # Ask the window to show a screen with a filter: (screen title, filter object).
    # The dashboard uses it to open exactly the records behind a figure.
    navigate = Signal(str, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # While ``changed`` is being delivered: the screen that already shows the change
        # (it changed a few rows in place), which need not read anything again.
        self.shown_by: QObject | None = None

    def notify(self, *kinds: str, shown_by: QObject | None = None) -> None:
        self.shown_by = shown_by
        try:
            self.changed.emit(frozenset(kinds) if kinds else ALL)
        finally:
            self.shown_by = None

    def open_list(self, screen: str, flt: object) -> None:
        self.navigate.emit(screen, flt)
