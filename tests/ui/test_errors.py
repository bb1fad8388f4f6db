"""No silent failure: an error that reaches the window is shown in Vietnamese (what
happened, what to do) and written with its traceback to the log in the data folder."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from danvan_desktop.ui import errors
from danvan_desktop.ui.widgets import dialogs


@pytest.fixture
def shown(monkeypatch):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, title, text: seen.append((title, text)))
    return seen


@pytest.fixture
def installed(tmp_path, qapp):
    path = errors.install(tmp_path / "du-lieu")
    yield path
    errors.uninstall()


def _log_text(path: Path) -> str:
    for handler in errors.log.handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_an_exception_no_slot_caught_is_shown_and_logged(qtbot, installed, shown):
    button = QPushButton()
    qtbot.addWidget(button)

    def broken() -> None:
        raise ZeroDivisionError("chia cho 0")

    button.clicked.connect(broken)
    button.click()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Chương trình gặp lỗi"
    assert "Dữ liệu đã lưu không bị ảnh hưởng" in text and "Hãy làm lại" in text
    assert str(installed) in text  # the user is told where the details are
    log = _log_text(installed)
    assert "ZeroDivisionError: chia cho 0" in log and "in broken" in log
    assert installed.parent.name == "du-lieu"


def test_a_refused_write_is_shown_with_the_store_s_own_words(qtbot, installed, shown):
    from danvan_desktop.store.db import DatabaseReadOnly

    errors._hook(DatabaseReadOnly, DatabaseReadOnly("Tệp dữ liệu chỉ đọc, không thể ghi."), None)
    assert shown[0][1].startswith("Tệp dữ liệu chỉ đọc, không thể ghi.")
    assert "Hãy kiểm tra" in shown[0][1]


@pytest.mark.parametrize("exc, words", [
    (PermissionError(13, "Permission denied", "C:/bao-cao.docx"), "Hãy đóng tệp"),
    (FileNotFoundError(2, "No such file", "E:/sao-luu"), "ổ USB"),
    (OSError(28, "No space left on device"), "còn chỗ trống"),
])
def test_file_errors_say_what_to_do(exc, words):
    what, todo = errors.explain(exc)
    assert words in todo
    assert what and "Traceback" not in what


def test_a_failed_worker_is_logged_with_its_traceback(qtbot, installed):
    from PySide6.QtWidgets import QWidget

    from danvan_desktop.ui.tasks import run_job

    parent = QWidget()
    qtbot.addWidget(parent)
    failures: list[BaseException] = []

    def job(report):
        raise ValueError("tệp hỏng giữa chừng")

    run_job(parent, "Xuất ra Excel", job, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    log = _log_text(installed)
    assert "Xuất ra Excel" in log and "ValueError: tệp hỏng giữa chừng" in log


def test_the_log_stays_small(installed):
    for _ in range(3000):
        errors.log.error("x" * 400)
    files = list(installed.parent.glob(errors.LOG_FILE + "*"))
    assert sum(f.stat().st_size for f in files) <= (errors.LOG_COPIES + 1) * errors.LOG_BYTES + 1000


def test_a_traceback_on_stderr_fails_the_ui_test_that_left_it(tmp_path):
    """The conftest rule itself: a test that passes but prints a traceback fails."""
    here = Path(__file__).parent
    (tmp_path / "conftest.py").write_text((here / "conftest.py").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    (tmp_path / "test_quiet.py").write_text(textwrap.dedent("""
        import sys, traceback

        def test_swallowed():
            try:
                raise RuntimeError("nuốt mất")
            except RuntimeError:
                traceback.print_exc()

        def test_clean():
            print("không có lỗi", file=sys.stderr)
    """), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--rootdir", str(tmp_path), str(tmp_path)],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert "1 failed, 1 passed" in result.stdout, result.stdout[-2000:]
    assert "test_swallowed" in result.stdout and "Traceback left on stderr" in result.stdout


def test_every_error_message_shown_is_also_in_the_log(qtbot, installed, monkeypatch):
    from danvan_desktop.ui.widgets.dialogs import Button

    monkeypatch.setattr(dialogs, "_box", lambda *a, **k: Button.Ok)
    dialogs.error(None, "Không mở được tệp", "Tệp dữ liệu đang bị khóa.")
    assert "Không mở được tệp: Tệp dữ liệu đang bị khóa." in _log_text(installed)
