"""What lives as long as the window kept out of Python's cycle collector's walks.

A full collection walks every tracked object and holds every thread, the window's
included, for its whole length: the modules, widgets and models a screen's first build
made would be walked again at each one (at 1M, 30–60 ms a walk). Once built they live as
long as the window, so they are frozen (``gc.freeze``): later collections pass them by.
Rows read from the file are plain dicts of plain values, which the collector never tracks
(store.criteria.ranking keeps its lines of what is missing in one string for that)."""

from __future__ import annotations

import gc


def keep_built() -> None:
    """Freeze what exists now, after a young collection (a frozen cycle is never freed)."""
    gc.collect(0)
    gc.freeze()
