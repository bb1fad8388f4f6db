"""The window's Excel actions: save the import template, import a file (through the
preview dialog), export a list as it is shown. Files are chosen here; the work is the
services' and runs off the UI thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ...services.exchange.template import build_template
from ...store.db import Store, open_store
from ..tasks import run_job
from ..widgets import dialogs
from .import_dialog import ImportDialog


def save_template(parent: QWidget, folder: Path) -> None:
    name, _ = QFileDialog.getSaveFileName(parent, "Lưu mẫu nhập liệu",
                                          str(folder / "mau-nhap-lieu-dan-van-kheo.xlsx"),
                                          "Tệp Excel (*.xlsx)")
    if name:
        build_template(name)
        dialogs.inform(parent, "Mẫu nhập liệu", f"Đã lưu mẫu vào:\n{name}")


def import_file(parent: QWidget, store: Store, on_done: Callable[[int], None]) -> None:
    name, _ = QFileDialog.getOpenFileName(parent, "Chọn tệp đăng ký mô hình, cuộc vận động", str(Path.home()),
                                          "Bảng tính (*.xlsx *.csv);;Tất cả (*)")
    if not name:
        return
    dialog = ImportDialog(store, name, parent)
    dialog.imported.connect(on_done)
    dialog.open()
    dialog.check()


def export_list(parent: QWidget, store: Store, title: str,
                write: Callable[[Store, Path], tuple[Path, int]]) -> None:
    """Ask where, then run ``write(own_store, path)`` off the UI thread."""
    default = Path.home() / f"{title}-{dt.date.today():%Y-%m-%d}.xlsx"
    name, _ = QFileDialog.getSaveFileName(parent, "Xuất ra Excel", str(default), "Tệp Excel (*.xlsx)")
    if not name:
        return
    db_path, user = store.path, store.user

    def job(report):
        report(0, 0, "Đang xuất…")
        with open_store(db_path, read_only=True, user=user) as own:
            return write(own, Path(name))

    run_job(parent, "Xuất ra Excel", job,
            lambda result: dialogs.inform(parent, "Xuất ra Excel",
                                          f"Đã xuất {result[1]} dòng vào:\n{result[0]}"),
            lambda exc: dialogs.error(parent, "Không xuất được", str(exc)))
