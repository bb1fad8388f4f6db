"""Receiving, step one: what a package would change, by UUID, written nowhere.

Each record is new, updated (theirs is newer), unchanged, deleted (goes to the bin) or in
conflict: changed on both sides since the version last exchanged with the sender. A conflict
is never settled here; the user keeps theirs or ours."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.entities import Campaign, Initiative
from ...domain.validation import ValidationError, validate_campaign, validate_initiative
from ...store import packages as log
from ...store.db import Store
from . import rows as R
from .fileformat import KIND_LABELS, Package, PackageRefused
from .references import References

NEW, UPDATED, UNCHANGED, CONFLICT, DELETED = "new", "updated", "unchanged", "conflict", "deleted"
STATES = (NEW, UPDATED, UNCHANGED, CONFLICT, DELETED)
STATE_LABELS = {NEW: "Mới", UPDATED: "Cập nhật", UNCHANGED: "Không đổi", CONFLICT: "Xung đột",
                DELETED: "Đã xóa (vào thùng rác)"}


@dataclass
class Change:
    kind: str
    uuid: str
    state: str
    label: str
    theirs_at: str
    ours_at: str | None = None
    local_id: int | None = None
    ours_label: str = ""
    differences: str = ""  # for a conflict: what differs, field by field


@dataclass
class Preview:
    package: Package
    sender: log.Office
    changes: dict[str, list[Change]]
    new_references: dict[str, list[str]]
    already_received: bool = False
    problems: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for kind, items in self.changes.items():
            out[kind] = dict.fromkeys(STATES, 0)
            for c in items:
                out[kind][c.state] += 1
        return out

    @property
    def conflicts(self) -> list[Change]:
        return [c for items in self.changes.values() for c in items if c.state == CONFLICT]

    @property
    def writes(self) -> int:
        return sum(1 for items in self.changes.values() for c in items if c.state != UNCHANGED)

    def as_dict(self) -> dict:
        m = self.package.manifest
        return {
            "package": {"id": m.package_id, "created_at": m.created_at, "sender": m.sender,
                        "recipient": m.recipient, "period": m.period, "since": m.since,
                        "counts": m.counts, "format_version": m.format_version},
            "already_received": self.already_received,
            "kinds": self.counts(),
            "new_places": len(self.new_references["areas"]),
            "new_organizations": len(self.new_references["organizations"]),
            "new_persons": len(self.new_references["persons"]),
            "conflicts": [{"kind": c.kind, "uuid": c.uuid, "theirs": c.label, "ours": c.ours_label,
                           "differences": c.differences,
                           "theirs_updated_at": c.theirs_at, "ours_updated_at": c.ours_at}
                          for c in self.conflicts],
        }


def check_addressee(store: Store, package: Package) -> log.Office:
    """The sender, once the package is known to be for this office; refused otherwise."""
    m, name = package.manifest, package.file_name
    own = log.own_office(store)
    sender = log.Office.from_dict(m.sender)
    if sender.identity == own.identity:
        raise PackageRefused(f"Gói “{name}” do chính tệp dữ liệu này gửi đi; không nhận lại.")
    to = log.Office.from_dict(m.recipient) if m.recipient else None
    wrong = to is not None and (
        (to.identity and to.identity != own.identity)
        or (not to.identity and to.unit_code and own.unit_code and to.unit_code != own.unit_code))
    if wrong:
        who = to.name or to.unit_code or to.identity
        code = f" (mã {to.unit_code})" if to.unit_code and to.name else ""
        raise PackageRefused(f"Gói “{name}” gửi cho {who}{code}, không phải đơn vị này "
                             f"({own.name or own.unit_code or 'tệp dữ liệu đang mở'}); không nhận gì.")
    return sender


def _label(kind: str, row: dict) -> str:
    if kind == "initiatives":
        return f"{row.get('name', '')} — {row.get('owner_name', '')}"
    if kind == "campaigns":
        return str(row.get("title", ""))
    if kind == "contributions":
        amount = row.get("amount_vnd") if row.get("amount_vnd") is not None else row.get("quantity")
        return f"{row.get('contributor') or '(không tên)'} · {row.get('on_date', '')} · {amount}"
    if kind == "rounds":
        return f"Số {row.get('number', '')} ngày {row.get('decided_on', '')}"
    return f"{row.get('recipient_name', '')} — {row.get('initiative_name', '')}"


def _state(theirs: dict, ours: dict | None, base: str | None) -> str:
    if ours is None:
        return DELETED if theirs.get("deleted_at") else NEW
    t, o = theirs["updated_at"], ours["updated_at"]
    if t == o and (base is None or t == base):
        return UNCHANGED
    if t == o:  # both offices changed it since the last package, in the same millisecond
        return CONFLICT  # (the same content on both sides is told apart by the caller)
    theirs_changed = base is None or t != base
    ours_changed = o != base if base is not None else o > t
    if not theirs_changed:
        return UNCHANGED  # only ours changed: the sender gets it with our next package
    if ours_changed:
        return CONFLICT
    if theirs.get("deleted_at") and not ours["deleted_at"]:
        return DELETED
    return UPDATED


def _local(store: Store, table: str, uuids: list[str], label_kind: str) -> dict[str, dict]:
    out = {}
    for start in range(0, len(uuids), 900):
        chunk = uuids[start:start + 900]
        for row in store.query(f"SELECT * FROM {table} WHERE uuid IN ({','.join('?' * len(chunk))})",
                               chunk):
            out[row["uuid"]] = {"id": row["id"], "updated_at": row["updated_at"],
                                "deleted_at": row["deleted_at"], "label": _label(label_kind, row),
                                "row": row}
    return out


SAME = "cùng nội dung, khác thời điểm sửa"


def _differences(store: Store, kind: str, theirs: dict, ours: dict) -> str:
    """``ghi chú: gói “xã sửa” / đang có “tỉnh sửa”`` over the fields both sides carry."""
    from ...store.audit import field_label, value_text

    shape = R.shape(store, kind)
    skip = {"uuid", "created_at", "updated_at", *shape.links}
    parts = [f"{field_label(c)}: gói “{value_text(shape.table, c, theirs.get(c))}” / đang có "
             f"“{value_text(shape.table, c, ours.get(c))}”"
             for c in shape.columns if c not in skip and c in theirs and theirs.get(c) != ours.get(c)]
    return "; ".join(parts) or SAME


def _validate(kind: str, row: dict) -> str | None:
    entity, check = {"initiatives": (Initiative, validate_initiative),
                     "campaigns": (Campaign, validate_campaign)}.get(kind, (None, None))
    if entity is None:
        return None
    item = entity.from_row({k: v for k, v in row.items() if not k.endswith("_id")})
    item.commune_id = 0 if row.get("commune_id") else None
    try:
        check(item)
    except ValidationError as exc:
        return f"{KIND_LABELS[kind]} “{_label(kind, row)}”: " + "; ".join(e.message for e in exc.errors)
    return None


def preview_package(store: Store, package: Package) -> Preview:
    """What merging would do; raises PackageRefused if the package is not for this file."""
    sender = check_addressee(store, package)
    sender_id = log.find_office(store, sender.identity)
    changes: dict[str, list[Change]] = {}
    problems: list[str] = []
    for kind in R.RECORD_KINDS:
        rows = package.rows.get(kind, [])
        uuids = [r["uuid"] for r in rows]
        local = _local(store, R.TABLES[kind], uuids, kind)
        base = log.base_versions(store, sender_id, uuids) if sender_id is not None else {}
        items = []
        for row in rows:
            ours = local.get(row["uuid"])
            state = _state(row, ours, base.get(row["uuid"]))
            differences = _differences(store, kind, row, ours["row"]) if state == CONFLICT else ""
            if state == CONFLICT and row["updated_at"] == ours["updated_at"] and differences == SAME:
                state, differences = UNCHANGED, ""
            if state != UNCHANGED and len(problems) < 20 and (problem := _validate(kind, row)):
                problems.append(problem)
            items.append(Change(kind, row["uuid"], state, _label(kind, row), row["updated_at"],
                                ours and ours["updated_at"], ours and ours["id"],
                                ours["label"] if ours else "", differences))
        changes[kind] = items
    refs = References(store, R.UuidIndex(store), create=False)
    refs.resolve(package.rows, None)
    if problems:
        raise PackageRefused(f"Gói “{package.file_name}” có bản ghi không hợp lệ; không nhận gì: "
                             + " | ".join(problems))
    return Preview(package, sender, changes, refs.added,
                   already_received=log.was_received(store, package.manifest.package_id),
                   problems=problems)
