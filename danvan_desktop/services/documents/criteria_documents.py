"""The three criteria documents by name, as .pdf or .docx (by the file's suffix): the
criteria set, scoring sheets (blank or one evaluator's), the ranking table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...store import criteria as sc
from ...store.db import Store
from .criteria_content import Page, criteria_page, ranking_page, scoring_pages
from .layout import Margins


def _write(
    store: Store,
    pages: list[Page],
    path: str | Path,
    number: str = "",
    margins: Margins | None = None,
    on: dt.date | None = None,
) -> Path:
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        from .criteria_pdf import write_pdf

        return write_pdf(store, pages, path, number, margins, on)
    if suffix == ".docx":
        from .criteria_docx import write_docx

        return write_docx(store, pages, path, number, margins, on)
    raise ValueError(f"Tệp “{Path(path).name}” phải có đuôi .pdf hoặc .docx.")


def build_criteria_set(
    store: Store, year: int, path: str | Path, kinds: tuple[str, ...] = ("", "tap_the", "ca_nhan"), **options
) -> Path:
    """The year's sets (each kind that has one), one after the other."""
    sets = [s for s in (sc.current_set(store, year, k) for k in kinds) if s is not None]
    if not sets:
        raise KeyError(f"Năm {year} chưa có bộ tiêu chí.")
    return _write(store, [criteria_page(s) for s in sets], path, **options)


def build_scoring_sheets(
    store: Store,
    year: int,
    initiative_ids: list[int],
    path: str | Path,
    evaluator_id: int | None = None,
    **options,
) -> Path:
    """One page per initiative: blank (evaluator None) or with that evaluator's points."""
    if not initiative_ids:
        raise KeyError("Chưa chọn mô hình nào.")
    return _write(store, scoring_pages(store, year, initiative_ids, evaluator_id), path, **options)


def build_ranking_table(
    store: Store, year: int, path: str | Path, field: str | None = None, **options
) -> Path:
    return _write(store, [ranking_page(store, year, field)], path, **options)
