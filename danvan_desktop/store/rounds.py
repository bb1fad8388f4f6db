"""Commendation rounds (đợt biểu dương, khen thưởng) and their recipients (awards)."""

from __future__ import annotations

from ..domain.entities import Award, CommendationRound
from ..domain.text import nfc
from ..domain.validation import FieldError, ValidationError, validate_round
from . import records
from .db import Store
from .initiatives import get_initiative, save_initiative

_ROUND_FIELDS = ["number", "decided_on", "issuer", "form", "level", "year", "title",
                 "achievement_template", "notes"]
_AWARD_FIELDS = ["round_id", "initiative_id", "kind", "recipient_name", "position_unit",
                 "field", "initiative_name", "achievement", "serial", "note"]


def save_round(store: Store, item: CommendationRound) -> CommendationRound:
    item = validate_round(item)
    data = {k: getattr(item, k) for k in _ROUND_FIELDS}
    with store.atomic():
        if item.id is None:
            item.id = records.insert(store, "commendation_rounds", data)
        else:
            records.update(store, "commendation_rounds", item.id, data)
    return CommendationRound.from_row(records.get(store, "commendation_rounds", item.id))


def add_award(store: Store, award: Award) -> int:
    award.recipient_name = nfc(award.recipient_name)
    if not award.recipient_name:
        raise ValidationError([FieldError("recipient_name", "Chưa nhập tên người/tập thể được khen.")])
    return records.insert(store, "awards", {k: getattr(award, k) for k in _AWARD_FIELDS})


def add_award_from_initiative(store: Store, round_id: int, initiative_id: int) -> int:
    """A recipient line from an initiative: a collective gives its organisation, an
    individual the person and position; the initiative becomes commended."""
    rnd = records.get(store, "commendation_rounds", round_id)
    if rnd is None:
        raise KeyError("Không tìm thấy đợt khen thưởng.")
    with store.atomic():
        item = get_initiative(store, initiative_id)
        award_id = add_award(store, Award(
            round_id=round_id, initiative_id=initiative_id, kind=item.kind,
            recipient_name=item.owner_name, position_unit=item.position, field=item.field,
            initiative_name=item.name, achievement=rnd["achievement_template"],
        ))
        if item.status not in ("khen_thuong", "nhan_rong"):
            item.status = "khen_thuong"
            item.commended_on = item.commended_on or rnd["decided_on"]
            save_initiative(store, item, status_note=f"Theo Quyết định số {rnd['number']}")
    return award_id


def list_rounds(store: Store) -> list[dict]:
    return store.query(
        "SELECT r.id, r.number, r.decided_on, r.issuer, r.form, r.level, r.year, r.title,"
        " (SELECT count(*) FROM awards a WHERE a.round_id = r.id AND a.deleted_at IS NULL)"
        " AS recipients FROM commendation_rounds r WHERE r.deleted_at IS NULL"
        " ORDER BY r.decided_on DESC, r.id DESC")


def get_round(store: Store, round_id: int) -> CommendationRound:
    row = records.get(store, "commendation_rounds", round_id)
    if row is None or row["deleted_at"]:
        raise KeyError(f"Không tìm thấy đợt khen thưởng số {round_id}.")
    return CommendationRound.from_row(row)


def awards_of(store: Store, round_id: int) -> list[Award]:
    rows = store.query("SELECT * FROM awards WHERE round_id = ? AND deleted_at IS NULL ORDER BY id",
                       (round_id,))
    return [Award.from_row(r) for r in rows]


def record_prints(store: Store, serials: dict[int, str]) -> None:
    """Record that these awards' certificates were printed, with their serials. The
    serial is kept on the award the first time; a later print is marked as a reprint."""
    with store.atomic():
        for award_id, serial in serials.items():
            row = records.get(store, "awards", award_id)
            if row is None:
                continue
            if not row["serial"]:
                records.update(store, "awards", award_id, {"serial": serial})
            earlier = store.scalar("SELECT count(*) FROM certificate_prints WHERE award_id = ?",
                                   (award_id,))
            store.execute(
                "INSERT INTO certificate_prints (award_id, serial, printed_at, user, reprint)"
                " VALUES (?, ?, ?, ?, ?)",
                (award_id, row["serial"] or serial, records.now_iso(), store.user, int(earlier > 0)))


def printed_before(store: Store, award_ids: list[int]) -> dict[int, int]:
    """How many times each of these awards' certificates was printed (0 omitted): the
    window warns before issuing a second certificate for the same award."""
    if not award_ids:
        return {}
    marks = ",".join("?" for _ in award_ids)
    return {r[0]: r[1] for r in store.execute(
        f"SELECT award_id, count(*) FROM certificate_prints WHERE award_id IN ({marks})"
        " GROUP BY award_id", award_ids)}
