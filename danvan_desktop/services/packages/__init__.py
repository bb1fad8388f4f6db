"""Data packages between offices (a commune sends, the province merges; the province sends
its commendation decisions back down). The window and the command line call these."""

from __future__ import annotations

from pathlib import Path

from ...store.db import Store
from ..backup import BEFORE_IMPORT, backup_before
from .export import ExportResult, default_file_name, export_package
from .fileformat import SUFFIX, Package, PackageRefused, read_manifest, read_package
from .merge import OURS, THEIRS, MergeResult, Progress, merge_package, unresolved
from .preview import STATE_LABELS, STATES, Preview, preview_package

__all__ = [
    "OURS", "STATES", "STATE_LABELS", "SUFFIX", "THEIRS", "ExportResult", "MergeResult",
    "Package", "PackageRefused", "Preview", "default_file_name", "export_package",
    "merge_package", "preview_file", "read_manifest", "read_package", "receive", "unresolved",
]


def preview_file(store: Store, path: str | Path) -> Preview:
    """Read and check a package, then say what it would change (nothing is written)."""
    return preview_package(store, read_package(path))


def receive(store: Store, preview: Preview, choices: dict[str, str] | None = None,
            progress: Progress | None = None, backup_folder: str | Path | None = None
            ) -> MergeResult:
    """Merge a previewed package after a copy of the data file is taken (kept 30 days)."""
    if unresolved(preview, choices or {}):
        return merge_package(store, preview, choices, progress)  # refuses, writes nothing
    if preview.writes or not preview.already_received:
        backup_before(store.path, BEFORE_IMPORT, backup_folder)
    return merge_package(store, preview, choices, progress)
