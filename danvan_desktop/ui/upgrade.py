"""A data file of an older version, opened by the window: its schema steps run in a worker
thread (a step such as the monthly counts reads every record: a minute at a million) behind
a progress window that says what is happening, instead of a frozen window.

Hủy rolls back the step under way (each step is one transaction; the steps before it stay
done, the file stays usable and the next start goes on from there) and closes the program;
the copy taken before upgrading is kept."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QWidget

from ..store.db import DatabaseDamaged, StoreError, needs_upgrade, upgrade
from .tasks import Cancelled, run_job
from .widgets.dialogs import error, inform

TITLE = "Nâng cấp tệp dữ liệu"
_ABOUT = ("Tệp dữ liệu được tạo bởi phiên bản cũ hơn của chương trình nên cần nâng cấp.\n"
          "Việc này chỉ làm một lần; với tệp lớn có thể mất vài phút.\n"
          "Bản sao của tệp trước khi nâng cấp được giữ trong thư mục “backups” cạnh tệp.")
_TELL_EVERY = 0.25  # seconds between two lines of progress (the bar and the clock)


def _text(stage: str, done: int, total: int, seconds: float) -> str:
    if stage == "copy":
        what = "Đang chép giữ tệp trước khi nâng cấp…"
    else:
        what = f"Đang nâng cấp: bước {done + 1}/{total}…"
    return f"{_ABOUT}\n\n{what} (đã {seconds:.0f} giây)"


STOPPED = ("Đã dừng nâng cấp: bước đang làm được hoàn tác, tệp dữ liệu vẫn nguyên vẹn. "
           "Chương trình sẽ đóng; lần mở sau sẽ nâng cấp tiếp.")
STOPPED_OPENING = ("Đã dừng nâng cấp: bước đang làm được hoàn tác, tệp dữ liệu vẫn nguyên vẹn "
                   "nhưng chưa được mở; lần mở sau sẽ nâng cấp tiếp.")


def _upgrade_job(path: Path, started: float):
    """The job run off the UI thread: the upgrade, telling its stage, Hủy checked by SQLite
    while a step works."""
    def job(report):
        last = [0.0, "step", 0, 1]
        stopped = [False]

        def tell(stage: str, done: int, total: int) -> None:
            last[:] = [time.monotonic(), stage, done, total]
            # The copy's bar by pages (its last page is not "all done": a full bar would
            # close the window); a step cannot say how far it is: a busy bar, its number said.
            report(done if stage == "copy" else 0, total + 1 if stage == "copy" else 0,
                   _text(stage, done, total, last[0] - started))

        def stop() -> bool:  # asked by SQLite while a step works: the clock, and Hủy
            if not stopped[0] and time.monotonic() - last[0] >= _TELL_EVERY:
                try:
                    tell(*last[1:])
                except Cancelled:
                    stopped[0] = True
            return stopped[0]

        try:
            return upgrade(path, tell, stop)
        except StoreError:
            if stopped[0]:  # the step under way was rolled back
                raise Cancelled() from None
            raise
    return job


def upgrade_with_progress(path: Path, parent: QWidget | None = None,
                          stopped: str = STOPPED) -> int | None:
    """Upgrade ``path`` if it is older than the program, with a progress window; None when
    the file can now be opened (upgraded, nothing to do, or damaged: opening it leads to
    recovery), else the exit code (the user stopped it: 0, after ``stopped`` is shown; it
    failed: the error's code, after a message)."""
    try:
        if not path.exists() or not needs_upgrade(path):
            return None
    except StoreError:  # opening it says what is wrong (and leads to recovery when damaged)
        return None
    host = parent or QWidget()  # run_job keeps its runner on a widget
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def done(result) -> None:
        outcome["done"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["failed"] = exc
        loop.quit()

    run_job(host, TITLE, _upgrade_job(path, time.monotonic()), done, failed)
    loop.exec()
    problem = outcome.get("failed")
    if problem is None or isinstance(problem, DatabaseDamaged):
        return None
    if isinstance(problem, Cancelled):
        inform(parent, TITLE, stopped)
        return 0
    error(parent, "Không nâng cấp được tệp dữ liệu", str(problem))
    return getattr(problem, "exit_code", 3)
