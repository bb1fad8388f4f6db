"""Danh mục → Nạp danh sách mới: a newer official list of administrative units, loaded off
the UI thread; codes stay, renamed units keep their old names for older records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QFileDialog, QWidget

from ...domain.text import format_date, parse_date
from ...store import places
from ...store.db import Store, open_store
from ...store.profile import get_profile
from ..tasks import run_job
from ..widgets.dialogs import ask_text, error, inform


def load_newer_list(parent: QWidget, store: Store, done: Callable[[], None]) -> None:
    path, _ = QFileDialog.getOpenFileName(parent, "Danh sách đơn vị hành chính mới", "",
                                          "Danh sách đơn vị hành chính (*.json)")
    if not path:
        return
    suggested = places.list_date(path) or dt.date.today().isoformat()
    typed = ask_text(parent, "Ngày có hiệu lực",
                     "Các tên mới có hiệu lực từ ngày (dd/mm/yyyy); hồ sơ trước ngày này giữ tên cũ:",
                     format_date(suggested))
    if typed is None:
        return
    try:
        day = parse_date(typed)
    except ValueError:
        day = None
    if day is None:
        error(parent, "Ngày không hợp lệ", f"“{typed}” không đúng dạng ngày/tháng/năm. Không có gì thay đổi.")
        return
    db_path, user = store.path, store.user

    def job(_report):
        units = places.read_list(path)
        with open_store(db_path, user=user) as own:
            result = places.update_places(own, units, day.isoformat())
            return result, places.office_renamed(units, result, get_profile(own).unit_code)

    def finished(answer: tuple[places.UpdateResult, bool]) -> None:
        result, own = answer
        lines = [escape(result.summary())]
        if own:
            lines.append("<b>Đơn vị của cơ quan đã đổi tên:</b> hãy sửa tiêu đề văn bản, địa danh và "
                         "nơi nhận trong Cài đặt (các tên ở đó không tự đổi).")
        lines += [f"{escape(old)} → <b>{escape(new)}</b>" for old, new in result.renamed[:20]]
        if len(result.renamed) > 20:
            lines.append(f"… và {len(result.renamed) - 20} đơn vị khác")
        inform(parent, "Đã nạp danh sách mới", "<br>".join(lines), rich=True)
        done()

    run_job(parent, "Đang nạp danh sách đơn vị hành chính", job, finished,
            lambda exc: error(parent, "Chưa nạp được danh sách", f"{exc}\n\nKhông có gì thay đổi."))
