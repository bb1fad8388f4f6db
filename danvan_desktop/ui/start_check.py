"""The check of the data file after an unclean exit (a crash, a power cut, a killed
window): ``quick_check`` reads the whole file (20 s at a million records), so it runs in a
worker thread behind a window the user can already work in, with a line in the status bar
saying so and then its verdict.

What the user writes meanwhile is safe: the check reads through its own read-only
connection (WAL: readers never block the window's writes). When the verdict is "damaged",
unsaved typing is offered Lưu / Không lưu / Hủy first, and the recovery dialog names the
changes written during the check: they stay in the damaged file, which is kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from ..services.integrity import CheckStopped, check_file, writes_since
from ..store.db import Store
from .tasks import run_quietly

CHECKING = "Đang kiểm tra tệp dữ liệu sau lần đóng bất thường…"
SOUND = "Đã kiểm tra tệp dữ liệu sau lần đóng bất thường: tệp nguyên vẹn."
DAMAGED = ("Tệp dữ liệu bị hỏng. Hãy lưu việc đang làm rồi chọn Tệp → Kiểm tra tệp dữ liệu "
           "để khôi phục từ bản sao lưu.")
SHOW_VERDICT_MS = 60_000
_STYLE = {"busy": "background: #e3effd; color: #0b3d75; padding: 1px 6px;",
          "sound": "background: #e2f4e4; color: #1d5e26; padding: 1px 6px;",
          "damaged": "background: #fbe0e0; color: #8a1414; font-weight: bold; padding: 1px 6px;"}


def _note(label: QLabel, text: str, style: str) -> None:
    label.setText(text)
    label.setToolTip(text)
    label.setStyleSheet(_STYLE[style])


def check_after_unclean_exit(window, then: Callable[[], None] | None = None) -> QLabel:
    """Start the check of ``window.store`` behind the window; ``then`` runs once the file is
    known to be sound (the daily backup: never a copy of a damaged file over good ones).
    Returns the status bar's line (tests read it)."""
    store: Store = window.store
    label = QLabel()
    label.setObjectName("startCheck")
    _note(label, CHECKING, "busy")
    window.statusBar().addPermanentWidget(label)
    since = writes_since(store)  # what the user writes from now on, named if damage is found
    stopped: list[bool] = []
    QApplication.instance().aboutToQuit.connect(lambda: stopped.append(True))

    def done(problems: list[str]) -> None:
        if window.store is not store or store._closed:  # another file opened meanwhile
            label.deleteLater()
            return
        if not problems:
            _note(label, SOUND, "sound")
            QTimer.singleShot(SHOW_VERDICT_MS, label.deleteLater)
            if then is not None:
                then()
            return
        _note(label, DAMAGED, "damaged")
        _recover(window, store, problems, since, label)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, CheckStopped):
            return
        done([str(exc)])

    run_quietly(window, lambda _report: check_file(store.path, stop=lambda: bool(stopped)),
                done, failed)
    window._start_check = label
    return label


def _recover(window, store: Store, problems: list[str], since, label: QLabel) -> None:
    """Unsaved typing first (saved into the damaged file, which is kept, or dropped on the
    user's word; Hủy leaves the window as it is, the red line telling what to do), then the
    recovery dialog with the changes written during the check."""
    if store.read_only:  # the window that holds the file does the recovery
        from .widgets.dialogs import error

        error(window, "Tệp dữ liệu bị hỏng", "Tệp dữ liệu bị hỏng: " + "; ".join(problems[:3])
              + "\nHãy khôi phục từ cửa sổ đang mở tệp này.")
        return
    if not window._may_leave_all():
        return
    written = since() if not store._closed else []
    note = ""
    if written:
        shown = "\n".join(f"  • {line}" for line in written[:8])
        more = f"\n  • … và {len(written) - 8} thay đổi khác" if len(written) > 8 else ""
        note = (f"Trong lúc kiểm tra, {len(written)} thay đổi đã được ghi vào tệp này:\n{shown}{more}\n"
                "Các thay đổi đó nằm trong tệp hỏng được giữ lại, không có trong bản sao lưu: "
                "hãy ghi lại chúng sau khi khôi phục.")
    label.deleteLater()
    from .backup import actions

    actions.recover_damaged(window, problems, note)
