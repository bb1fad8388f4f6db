"""A worker gives way to the window only while the window is behind (ui/pulse.py)."""

from __future__ import annotations

import threading
import time

from danvan_desktop.ui import pulse


def _timed_give_way() -> tuple[threading.Thread, list[float]]:
    took: list[float] = []

    def work() -> None:
        started = time.perf_counter()
        pulse.give_way()
        took.append(time.perf_counter() - started)

    worker = threading.Thread(target=work)
    return worker, took


def test_a_worker_waits_while_the_window_is_held_and_not_while_it_answers(qtbot):
    pulse.start()
    try:
        qtbot.wait(30)  # the window answers: its pulse is fresh
        worker, took = _timed_give_way()
        worker.start()
        while worker.is_alive():
            qtbot.wait(1)
        assert took[0] < 0.02  # at most a nap or two on a loaded machine

        time.sleep(0.05)  # the window held (no events): its pulse goes stale
        worker, took = _timed_give_way()
        worker.start()
        time.sleep(0.03)  # still held: the worker must still be waiting
        assert worker.is_alive()
        while worker.is_alive():  # the window answers again: the worker goes on at once
            qtbot.wait(1)
        assert 0.02 < took[0] < pulse.LONGEST_WAIT_S
    finally:
        pulse.stop()


def test_with_no_job_running_nothing_waits():
    worker, took = _timed_give_way()
    time.sleep(0.05)
    worker.start()
    worker.join()
    assert took[0] < 0.01


def test_a_list_closed_while_it_reads_gives_its_beat_back(qtbot, tmp_path):
    """The window's pulse beats only while something reads or works: a list closed in the
    middle of reading a large file's ids does not leave the 4 ms timer running."""
    import shiboken6

    from danvan_desktop.store.initiatives import InitiativeFilter
    from danvan_desktop.ui.initiatives.list_loader import ListLoader

    before = pulse._users
    loader = ListLoader()
    loader.request(tmp_path / "missing.sqlite3", InitiativeFilter(), "id", True, 200)
    assert pulse._users == before + 1
    loader.wait(5_000)
    shiboken6.delete(loader)  # closed before its answer is delivered
    qtbot.waitUntil(lambda: pulse._users == before, timeout=5_000)
