"""The name that signs every write in the audit log, asked once per data file."""

from __future__ import annotations

import contextlib

from ..domain.validation import ValidationError
from ..store.db import Store
from ..store.profile import load_user_name, set_user_name
from .widgets.dialogs import ask_text


def ensure_user_name(store: Store, parent=None) -> None:
    """Writes are signed in the audit log: the user's name is asked once per data file."""
    if load_user_name(store) or store.read_only:
        return
    name = ask_text(parent, "Người sử dụng",
                    "Họ và tên của anh/chị (ghi vào nhật ký thay đổi dữ liệu):")
    if name:
        # A refused name is asked again at the next start; the settings screen sets it too.
        with contextlib.suppress(ValidationError):
            set_user_name(store, name)
