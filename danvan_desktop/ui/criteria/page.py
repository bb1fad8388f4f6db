"""Tiêu chí, chấm điểm: the year's criteria sets, the evaluators' points, and the ranking
with the shortlist. Built when first shown; every tab reloads when another one or another
screen changes what it shows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from ...store.criteria import list_sets
from ...store.db import Store
from ..changes import INITIATIVES, ROUNDS, SCORES, ChangeBus
from .documents import CriteriaDocuments
from .ranking_tab import RankingTab
from .scoring_tab import ScoringTab
from .sets_tab import SetsTab


class CriteriaPage(QWidget):
    def __init__(self, store: Store, bus: ChangeBus):
        super().__init__()
        self.store, self.bus = store, bus
        self.built = False
        self.tabs: QTabWidget | None = None
        bus.changed.connect(self._on_changed)

    def showEvent(self, event):  # noqa: N802 - Qt's name
        if not self.built:
            self._build()
        super().showEvent(event)

    def _build(self) -> None:
        self.built = True
        self.year = QComboBox()
        self.year.setObjectName("criteria_year")
        this_year = dt.date.today().year
        years = sorted({*range(this_year - 5, this_year + 2), *self._years()}, reverse=True)
        for year in years:
            self.year.addItem(str(year), year)
        self.sets, self.scoring, self.ranking = (
            SetsTab(self.store),
            ScoringTab(self.store),
            RankingTab(self.store),
        )
        self.documents = CriteriaDocuments(self.store, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.sets, "Bộ tiêu chí")
        self.tabs.addTab(self.scoring, "Chấm điểm")
        self.tabs.addTab(self.ranking, "Xếp hạng, đề nghị")
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Tiêu chí, chấm điểm</b> — năm"))
        top.addWidget(self.year)
        top.addStretch()
        top.addWidget(self.documents.criteria_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.year.currentIndexChanged.connect(lambda _i: self._load())
        self.tabs.currentChanged.connect(lambda _i: self._load_tab())
        self.sets.changed.connect(lambda: self._tab_changed(SCORES))
        self.scoring.changed.connect(lambda: self._tab_changed(SCORES))
        self.ranking.changed.connect(lambda: self._tab_changed(SCORES, INITIATIVES, ROUNDS))
        self.ranking.print_requested.connect(self.documents.print_from_ranking)
        # the newest year that has a set: the one being scored; else the newest registrations
        latest = [r["year"] for r in list_sets(self.store)] or self._years() or [this_year]
        self.year.setCurrentIndex(max(0, self.year.findData(latest[0])))
        self._load()

    def _years(self) -> list[int]:
        from ...store.initiatives import years

        return years(self.store)

    def current_year(self) -> int:
        return self.year.currentData()

    def _load(self) -> None:
        self.stale = {0, 1, 2}
        self._load_tab()

    def _load_tab(self) -> None:
        index = self.tabs.currentIndex()
        if index in self.stale:
            self.stale.discard(index)
            self.tabs.widget(index).set_year(self.current_year())

    def _tab_changed(self, *kinds: str) -> None:
        self.bus.notify(*kinds)
        self.stale = {0, 1, 2} - {self.tabs.currentIndex()}

    def _on_changed(self, kinds) -> None:
        """Another screen (or tab) changed records: tabs reload when next shown."""
        if self.built and kinds & {INITIATIVES, ROUNDS, SCORES}:
            self.stale = {0, 1, 2} - ({self.tabs.currentIndex()} if self.isVisible() else set())
