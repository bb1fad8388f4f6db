"""Typing is never thrown away: before the window shows another screen, opens another
file or closes, a screen with unsaved typing asks Lưu / Không lưu / Hủy.

A screen takes part by defining three methods:
``unsaved_changes() -> str | None`` (what would be lost, in words, or None),
``save_changes() -> bool`` and ``discard_changes()``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .widgets import dialogs


def may_leave(parent: QWidget | None, page: QWidget | None) -> bool:
    """True when the user may leave ``page``: nothing unsaved, or saved, or dropped on
    the user's word. False: stay (Hủy, or saving failed and the page shows why)."""
    what = getattr(page, "unsaved_changes", None)
    text = what() if what is not None else None
    if not text:
        return True
    answer = dialogs.ask_save_discard_cancel(parent, "Chưa lưu",
                                             f"{text}\n\nLưu lại trước khi rời màn hình này?")
    if answer == "save":
        return bool(page.save_changes())
    if answer == "discard":
        page.discard_changes()
        return True
    return False


def may_leave_all(parent: QWidget | None, pages: list[QWidget]) -> bool:
    """Every screen in turn (closing the window, opening another data file)."""
    return all(may_leave(parent, page) for page in pages)
