"""Changing the status of several initiatives at once (đổi trạng thái hàng loạt), with one
date and one note: each record is checked by the domain's validation first, the moves it
refuses are named per record, and the accepted ones are written in one transaction
through ``save_initiative`` (which writes the status history with the date and note)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..domain.entities import Initiative
from ..domain.lifecycle import dates_to_fill
from ..domain.validation import ValidationError, validate_initiative
from ..store.db import Store
from ..store.initiatives import get_initiative, save_initiative

MAX_RECORDS = 1000  # one user action; larger sets are for the import
Progress = Callable[[int, int, str], None]  # (done, total, text); raising stops the work


@dataclass(frozen=True)
class StatusChange:
    status: str
    on: dt.date
    note: str = ""
    level: str | None = None  # None: keep each record's level


@dataclass
class Refusal:
    initiative_id: int
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name} (số {self.initiative_id}): {self.reason}"


@dataclass
class StatusPlan:
    change: StatusChange
    ready: list[Initiative] = field(default_factory=list)
    unchanged: list[Initiative] = field(default_factory=list)  # already there
    refused: list[Refusal] = field(default_factory=list)


def _moved(item: Initiative, change: StatusChange) -> Initiative:
    moved = replace(item, status=change.status, level=change.level or item.level)
    # The date the user gave is the date of the step reached (the figures count by it),
    # filled by the same rule as the form's and the import's.
    for name, value in dates_to_fill(moved.status, moved.recognized_on, moved.commended_on,
                                     change.on).items():
        setattr(moved, name, value)
    return moved


def plan_status_change(store: Store, ids: list[int], change: StatusChange,
                       progress: Progress | None = None) -> StatusPlan:
    """Check every record's move; nothing is written."""
    if len(ids) > MAX_RECORDS:
        raise ValueError(f"Chỉ đổi được tối đa {MAX_RECORDS} mô hình một lần; hãy lọc bớt.")
    plan = StatusPlan(change)
    for number, initiative_id in enumerate(ids):
        if progress and number % 50 == 0:
            progress(number, len(ids), "Đang kiểm tra từng mô hình…")
        item = get_initiative(store, initiative_id)
        if item.status == change.status and (change.level in (None, item.level)):
            plan.unchanged.append(item)
            continue
        moved = _moved(item, change)
        try:
            validate_initiative(replace(moved))
        except ValidationError as exc:
            plan.refused.append(Refusal(item.id, item.name, str(exc)))
            continue
        plan.ready.append(moved)
    return plan


def apply_status_change(store: Store, plan: StatusPlan, progress: Progress | None = None) -> int:
    """Write the accepted moves in one transaction; how many were written. ``progress``
    raising (the user's Hủy) rolls every move back."""
    total = len(plan.ready)
    with store.atomic():
        for number, item in enumerate(plan.ready):
            if progress and number % 50 == 0:
                progress(number, total, "Đang đổi trạng thái…")
            save_initiative(store, replace(item), status_note=plan.change.note,
                            today=plan.change.on, reload=False)
        if progress:  # a Hủy pressed during the last records still writes nothing
            progress(total, total, "Đang đổi trạng thái…")
    return total
