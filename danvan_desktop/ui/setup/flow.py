"""Choosing who the office is, from the first start or from Cài đặt: the dialog, then the
places of the chosen unit loaded off the UI thread (on a connection of the job's own)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from ...services import office_setup
from ...store import places
from ...store.db import Store, open_store
from ..tasks import run_job
from ..widgets.dialogs import error
from .dialog import OfficeSetupDialog


def choose_office(parent: QWidget, store: Store, level: str, unit_code: str,
                  on_done: Callable[[office_setup.Choice, str], None], save_profile: bool) -> bool:
    """Ask; when a unit is chosen, load its places (and, with ``save_profile``, save the
    level's default profile) in a job, then call ``on_done(choice, district)`` on the UI
    thread. Returns False when the user put it off."""
    dialog = OfficeSetupDialog(parent, level, unit_code)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
        return False
    choice, district, units = dialog.choice, dialog.district.text().strip(), dialog.units
    db_path, user = store.path, store.user

    def job(_report):
        with open_store(db_path, user=user) as own:
            if save_profile:
                office_setup.apply_choice(own, units, choice,
                                          office_setup.default_profile(choice, district), district)
            else:
                unit = choice.unit or choice.province
                places.load_unit(own, units, unit.code, communes=choice.level != "huyen")
        return choice

    run_job(parent, "Đang nạp địa bàn", job, lambda _result: on_done(choice, district),
            lambda exc: error(parent, "Chưa nạp được địa bàn", f"{exc}\n\nKhông có gì được ghi."))
    return True
