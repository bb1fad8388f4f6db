"""Danh mục: the area tree and the organisations, in two tabs. Writes are announced on
the change bus; the page refreshes itself when areas, organisations or the records they
count change elsewhere (at once when shown, else the next time it is shown)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ...store.db import Store
from .. import changes
from ..changes import ChangeBus
from .areas import AreasTab
from .organizations import OrganizationsTab

_AREA_KINDS = {changes.AREAS, changes.INITIATIVES, changes.CAMPAIGNS, changes.ORGANIZATIONS}
_ORG_KINDS = {changes.ORGANIZATIONS, changes.AREAS, changes.INITIATIVES}


class CatalogPage(QWidget):
    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store = store
        self.bus = bus
        self._stale: set[str] = set()
        self._announcing = False
        self.areas = AreasTab(store)
        self.organizations = OrganizationsTab(store)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.areas, "Địa bàn")
        self.tabs.addTab(self.organizations, "Đơn vị, tổ chức")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.areas.changed.connect(self._announce)
        self.organizations.changed.connect(self._announce)
        bus.changed.connect(self._on_changed)

    def _announce(self, kinds: set[str]) -> None:
        """A tab wrote: refresh both tabs now, then tell the other screens."""
        self._mark(frozenset(kinds))
        self._refresh_stale()
        self._announcing = True
        try:
            self.bus.notify(*sorted(kinds))
        finally:
            self._announcing = False

    def _on_changed(self, kinds: frozenset) -> None:
        if self._announcing:
            return
        self._mark(kinds)
        if self.isVisible():
            self._refresh_stale()

    def _mark(self, kinds: frozenset) -> None:
        if kinds & _AREA_KINDS:
            self._stale.add("areas")
        if kinds & _ORG_KINDS:
            self._stale.add("organizations")

    def _refresh_stale(self) -> None:
        if "areas" in self._stale:
            self.areas.refresh()
        if "organizations" in self._stale:
            self.organizations.refresh()
        self._stale.clear()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._refresh_stale()
