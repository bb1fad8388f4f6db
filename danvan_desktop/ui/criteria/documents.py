"""The criteria documents from the window: the set, the ranking table, scoring sheets
(blank, or filled with one evaluator's points) — previewed, saved as PDF or Word, made
off the UI thread by the shared output helpers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMenu, QPushButton

from ...services.documents import criteria_documents as docs
from ...store import criteria as sc
from ...store.db import Store
from ..rounds import output
from ..widgets.dialogs import error

MAX_SHEETS = 500  # pages of scoring sheets made at once
ACTIONS = (("preview", "Xem trước"), ("pdf", "Lưu PDF…"), ("docx", "Lưu Word (.docx)…"))


class CriteriaDocuments(QObject):
    def __init__(self, store: Store, page):
        super().__init__(page)
        self.store, self.page = store, page
        self.criteria_button = QPushButton("In bộ tiêu chí…")
        self.criteria_button.clicked.connect(self.criteria_menu)

    def _menu(self, title: str, stem: str, build: Callable, extra: list[tuple[str, Callable]] = ()) -> None:
        menu = QMenu(self.page)
        for key, label in ACTIONS:
            menu.addAction(label, lambda key=key: self.make(key, title, stem, build))
        menu.exec(QCursor.pos())

    def make(self, action: str, title: str, stem: str, build: Callable) -> None:
        if action == "preview":
            target = output.preview_path(stem)
        else:
            suffix, fmt = (".pdf", output.PDF_FILTER) if action == "pdf" else (".docx", output.DOCX_FILTER)
            target = output.ask_save_path(self.page, f"Lưu {title.lower()}", f"{stem}{suffix}", fmt)
            if target is None:
                return

        def job(store, _report):
            return build(store, target)

        def done(path) -> None:
            if action == "preview":
                output.open_in_viewer(path)
            else:
                self.page.ranking.summary.setText(output.saved_text(path))

        output.generate(self.page, self.store, f"Đang tạo {title.lower()}…", job, done)

    def criteria_menu(self) -> None:
        year = self.page.current_year()
        self._menu(
            "Bộ tiêu chí",
            f"bo-tieu-chi-{year}",
            lambda store, path: docs.build_criteria_set(store, year, path),
        )

    def print_from_ranking(self, which: str) -> None:
        year = self.page.current_year()
        if which == "ranking":
            field = self.page.ranking.field.currentData()
            self._menu(
                "Bảng tổng hợp",
                f"bang-tong-hop-cham-diem-{year}",
                lambda store, path: docs.build_ranking_table(store, year, path, field),
            )
            return
        chosen = self.page.ranking.selected_initiative()
        ids = [chosen] if chosen else [r["id"] for r in self.page.ranking.model.rows]
        if len(ids) > MAX_SHEETS:
            error(
                self.page,
                "Quá nhiều phiếu",
                f"Đang hiện {len(ids)} mô hình; hãy chọn một mô hình, hoặc lọc "
                f"theo lĩnh vực, loại (tối đa {MAX_SHEETS} phiếu một lần).",
            )
            return
        menu = QMenu(self.page)
        what = "mô hình đang chọn" if chosen else f"{len(ids)} mô hình đang hiện"
        targets = [("Phiếu trắng", None)] + [
            (f"Phiếu đã chấm của {name}", evaluator_id)
            for evaluator_id, name in sc.evaluators(self.store, year).items()
        ]
        for label, evaluator_id in targets:
            sub = menu.addMenu(f"{label} – {what}")
            for key, text in ACTIONS:
                sub.addAction(
                    text,
                    lambda key=key, e=evaluator_id: self.make(
                        key,
                        "Phiếu đánh giá",
                        f"phieu-danh-gia-{year}",
                        lambda store, path: docs.build_scoring_sheets(store, year, ids, path, e),
                    ),
                )
        menu.exec(QCursor.pos())
