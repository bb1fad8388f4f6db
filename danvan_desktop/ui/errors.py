"""No silent failure: every error that reaches the window becomes a Vietnamese message
that says what happened and what to do, and a line (with its traceback) in a small
rotating log file in the data folder.

Three doors lead here: ``report`` (a screen or a worker's error callback), the
``sys.excepthook`` installed by ``install`` (an exception a slot or a virtual method did
not catch: PySide routes those through the hook), and Qt's own warnings, which go to the
log only (they are for the person who supports the program, not for the clerk)."""

from __future__ import annotations

import logging
import sqlite3
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from ..domain.validation import ValidationError
from ..store.db import StoreError

LOG_NAME = "danvan"
LOG_FILE = "nhat-ky-loi.log"
LOG_BYTES = 256 * 1024  # small: a clerk may send it by Zalo or e-mail
LOG_COPIES = 2

log = logging.getLogger(LOG_NAME)
_handler: RotatingFileHandler | None = None
_previous_hook = None


def setup_log(folder: Path) -> Path | None:
    """Write the log to ``folder/nhat-ky-loi.log`` (rotating, at most ~768 KB in all).
    Returns the file, or None when the folder cannot hold it (then errors still show)."""
    global _handler
    path = Path(folder) / LOG_FILE
    if _handler is not None and Path(_handler.baseFilename) == path.resolve():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_COPIES,
                                      encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    _handler = handler
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # never echoed to stderr
    return path


def log_path() -> Path | None:
    return Path(_handler.baseFilename) if _handler is not None else None


def explain(exc: BaseException) -> tuple[str, str]:
    """(what happened, what to do) in Vietnamese for an exception."""
    if isinstance(exc, ValidationError):
        return str(exc), "Hãy sửa các điểm trên rồi làm lại."
    if isinstance(exc, StoreError):
        return str(exc), "Dữ liệu đã lưu trước đó không bị ảnh hưởng. Hãy kiểm tra tệp dữ liệu rồi làm lại."
    if isinstance(exc, KeyError) and exc.args and isinstance(exc.args[0], str):
        return exc.args[0], ("Có thể bản ghi vừa bị xóa hoặc đổi ở nơi khác; "
                             "hãy xem lại danh sách rồi làm lại.")
    if isinstance(exc, PermissionError):
        return (f"Không có quyền đọc hoặc ghi tệp: {exc.filename or exc}.",
                "Hãy đóng tệp nếu nó đang mở trong Word, Excel hoặc chương trình khác, "
                "hoặc chọn thư mục khác, rồi làm lại.")
    if isinstance(exc, FileNotFoundError):
        return (f"Không tìm thấy tệp hoặc thư mục: {exc.filename or exc}.",
                "Hãy kiểm tra lại đường dẫn (ổ USB đã cắm chưa, tệp có bị đổi tên không) rồi làm lại.")
    if isinstance(exc, OSError):
        return (f"Không đọc, ghi được tệp: {exc.strerror or exc}.",
                "Hãy kiểm tra ổ đĩa còn chỗ trống và thư mục có thể ghi, rồi làm lại.")
    if isinstance(exc, sqlite3.Error):
        return (f"Tệp dữ liệu báo lỗi: {exc}.",
                "Thay đổi dang dở không được ghi. Hãy làm lại; nếu lỗi lặp lại, dùng "
                "Tệp → Kiểm tra tệp dữ liệu.")
    if isinstance(exc, MemoryError):
        return "Máy không đủ bộ nhớ để làm việc này.", "Hãy đóng bớt chương trình khác rồi làm lại."
    return (f"Chương trình gặp lỗi không lường trước ({type(exc).__name__}: {exc}).",
            "Dữ liệu đã lưu không bị ảnh hưởng. Hãy làm lại; nếu lỗi lặp lại, hãy gửi tệp "
            "nhật ký lỗi cho người hỗ trợ.")


def message(exc: BaseException) -> str:
    """The whole text a user reads: what happened, what to do, and where the log is."""
    what, todo = explain(exc)
    parts = [what, todo]
    where = log_path()
    if where is not None:
        parts.append(f"Chi tiết đã ghi vào tệp nhật ký lỗi: {where}")
    return "\n\n".join(parts)


def record(exc: BaseException, action: str = "") -> None:
    """Write the exception with its traceback to the log."""
    log.error("%s", action or "Lỗi", exc_info=(type(exc), exc, exc.__traceback__))


def report(parent, exc: BaseException, title: str = "Có lỗi") -> None:
    """Log the error and show it; ``title`` says what did not work ("Không lưu được")."""
    from .widgets.dialogs import error

    record(exc, title)
    error(parent, title, message(exc))


def _hook(kind, value, trace) -> None:
    if issubclass(kind, KeyboardInterrupt):
        (_previous_hook or sys.__excepthook__)(kind, value, trace)
        return
    from PySide6.QtWidgets import QApplication

    value = value if value is not None else kind()
    value.__traceback__ = trace
    try:
        report(QApplication.activeWindow(), value, "Chương trình gặp lỗi")
    except Exception:  # the dialog itself failed: the log line above still holds it
        log.exception("Không hiện được thông báo lỗi")


def _qt_messages(mode, context, text: str) -> None:
    from PySide6.QtCore import QtMsgType

    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    where = f" ({context.file}:{context.line})" if context and context.file else ""
    log.log(level, "Qt: %s%s", text, where)


def install(folder: Path) -> Path | None:
    """At start: the log in ``folder``, uncaught exceptions shown and logged, Qt's own
    messages logged."""
    global _previous_hook
    from PySide6.QtCore import qInstallMessageHandler

    path = setup_log(folder)
    if sys.excepthook is not _hook:
        _previous_hook = sys.excepthook
        sys.excepthook = _hook
    qInstallMessageHandler(_qt_messages)
    return path


def uninstall() -> None:
    global _previous_hook
    from PySide6.QtCore import qInstallMessageHandler

    if sys.excepthook is _hook:
        sys.excepthook = _previous_hook or sys.__excepthook__
    _previous_hook = None
    qInstallMessageHandler(None)
