"""Commendation rounds (đợt biểu dương, khen thưởng) and their recipients (awards)."""

from __future__ import annotations

from ..domain.entities import Award, CommendationRound
from ..domain.lifecycle import why_not_commended
from ..domain.text import nfc
from ..domain.validation import FieldError, ValidationError, validate_round
from . import records
from . import serials as serial_register
from .db import Store
from .initiatives import fts_query, get_initiative, save_initiative

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
        reason = _blocker(item, rnd)
        if reason:
            raise ValidationError([FieldError("initiative_id", f"Không thêm được “{item.name}”: {reason}.")])
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


def _blocker(item, rnd: dict) -> str | None:
    if item.status in ("khen_thuong", "nhan_rong"):
        return None  # already commended: the line is added, its dates stay as they are
    return why_not_commended(item.status, item.recognized_on, rnd["decided_on"], rnd["number"])


def commendation_blockers(store: Store, round_id: int, initiative_ids: list[int]) -> dict[int, str]:
    """The initiatives that cannot be added to the round, each with the reason in words."""
    rnd = records.get(store, "commendation_rounds", round_id)
    if rnd is None:
        raise KeyError("Không tìm thấy đợt khen thưởng.")
    found = {}
    for initiative_id in initiative_ids:
        reason = _blocker(get_initiative(store, initiative_id), rnd)
        if reason:
            found[initiative_id] = reason
    return found


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


def record_prints(store: Store, round_id: int, serials: dict[int, str]) -> None:
    """Record that these awards' certificates were printed with these serials (from
    ``serials.plan``): a new serial goes into the register and onto the award; an award
    printed before keeps its number and the print is marked as a reprint."""
    with store.atomic():
        serial_register.issue(store, round_id, serials)
        for award_id, serial in serials.items():
            row = records.get(store, "awards", award_id)
            if row is None:
                continue
            if row["serial"] != serial:
                records.update(store, "awards", award_id, {"serial": serial})
            earlier = store.scalar("SELECT count(*) FROM certificate_prints WHERE award_id = ?",
                                   (award_id,))
            store.execute(
                "INSERT INTO certificate_prints (award_id, serial, printed_at, user, reprint)"
                " VALUES (?, ?, ?, ?, ?)",
                (award_id, serial, records.now_iso(), store.user, int(earlier > 0)))


def print_history(store: Store, award_id: int) -> list[dict]:
    """Every print of one award's certificate, oldest first (the reprints after the first)."""
    return store.query("SELECT serial, printed_at, user, reprint FROM certificate_prints"
                       " WHERE award_id = ? ORDER BY id", (award_id,))


def printed_before(store: Store, award_ids: list[int]) -> dict[int, int]:
    """How many times each of these awards' certificates was printed (0 omitted): the
    window warns before issuing a second certificate for the same award."""
    if not award_ids:
        return {}
    marks = ",".join("?" for _ in award_ids)
    return {r[0]: r[1] for r in store.execute(
        f"SELECT award_id, count(*) FROM certificate_prints WHERE award_id IN ({marks})"
        " GROUP BY award_id", award_ids)}


# --- The window's needs: lists with print counts, edits, removals ---------------------------


def update_round(store: Store, item: CommendationRound) -> tuple[CommendationRound, int]:
    """Save an existing round; recipients whose achievement still reads as the old
    template (or is empty) follow the new one. Returns the round and how many followed."""
    if item.id is None:
        return save_round(store, item), 0
    with store.atomic():
        old = get_round(store, item.id)
        saved = save_round(store, item)
        followed = 0
        if saved.achievement_template != old.achievement_template:
            for award in awards_of(store, item.id):
                if award.achievement in ("", old.achievement_template):
                    records.update(store, "awards", award.id,
                                   {"achievement": saved.achievement_template})
                    followed += 1
    return saved, followed


def award_rows(store: Store, round_id: int) -> list[dict]:
    """The recipients of a round in serial order, with how often each certificate was printed."""
    return store.query(
        "SELECT a.id, a.initiative_id, a.kind, a.recipient_name, a.position_unit, a.field,"
        " a.initiative_name, a.achievement, a.serial, a.note,"
        " (SELECT count(*) FROM certificate_prints p WHERE p.award_id = a.id) AS prints"
        " FROM awards a WHERE a.round_id = ? AND a.deleted_at IS NULL ORDER BY a.id", (round_id,))


def get_award(store: Store, award_id: int) -> Award:
    row = records.get(store, "awards", award_id)
    if row is None or row["deleted_at"]:
        raise KeyError(f"Không tìm thấy người/tập thể được khen số {award_id}.")
    return Award.from_row(row)


def update_award(store: Store, award: Award) -> Award:
    """Save the printed text of one recipient line (name, position, achievement…)."""
    award.recipient_name = nfc(award.recipient_name)
    if not award.recipient_name:
        raise ValidationError([FieldError("recipient_name", "Chưa nhập tên người/tập thể được khen.")])
    if award.kind not in ("tap_the", "ca_nhan"):
        raise ValidationError([FieldError("kind", "Loại phải là tập thể hoặc cá nhân.")])
    data = {k: getattr(award, k) for k in ("kind", "recipient_name", "position_unit", "field",
                                           "initiative_name", "achievement", "note")}
    data["position_unit"] = nfc(data["position_unit"])
    data["initiative_name"] = nfc(data["initiative_name"])
    data["achievement"] = (data["achievement"] or "").strip()
    records.update(store, "awards", award.id, data)
    return get_award(store, award.id)


def add_awards_from_initiatives(store: Store, round_id: int, initiative_ids: list[int]) -> list[int]:
    """Several initiatives into a round in one transaction; those already in it are skipped."""
    with store.atomic():
        present = {r[0] for r in store.execute(
            "SELECT initiative_id FROM awards WHERE round_id = ? AND deleted_at IS NULL"
            " AND initiative_id IS NOT NULL", (round_id,))}
        added = []
        for initiative_id in initiative_ids:
            if initiative_id not in present:
                added.append(add_award_from_initiative(store, round_id, initiative_id))
                present.add(initiative_id)
    return added


def _undo_commendation(store: Store, award: dict, rnd: dict) -> None:
    """An initiative that was commended only by this line goes back to "recognised"
    (with a history line), so a recipient added by mistake leaves no trace on it."""
    initiative_id = award["initiative_id"]
    if initiative_id is None:
        return
    others = store.scalar(
        "SELECT count(*) FROM awards WHERE initiative_id = ? AND id != ? AND deleted_at IS NULL",
        (initiative_id, award["id"]))
    item = get_initiative(store, initiative_id)
    if others or item.status != "khen_thuong" or item.commended_on != rnd["decided_on"]:
        return
    item.status = "cong_nhan"
    item.commended_on = None
    save_initiative(store, item, status_note=f"Bỏ khỏi đợt khen thưởng số {rnd['number']}")


def delete_awards(store: Store, award_ids: list[int]) -> int:
    """Take recipients out of their round (to the bin)."""
    with store.atomic():
        count = 0
        for award_id in award_ids:
            award = records.get(store, "awards", award_id)
            if award is None or award["deleted_at"]:
                continue
            count += records.soft_delete(store, "awards", [award_id])
            _undo_commendation(store, award, records.get(store, "commendation_rounds", award["round_id"]))
    return count


def delete_round(store: Store, round_id: int) -> int:
    """Move a round and its recipients to the bin; returns how many recipients went with it."""
    with store.atomic():
        ids = [a.id for a in awards_of(store, round_id)]
        removed = delete_awards(store, ids)
        records.soft_delete(store, "commendation_rounds", [round_id])
    return removed


def last_issuer(store: Store) -> str:
    """The issuing body of the newest round: what a new round most likely has too."""
    return store.scalar("SELECT issuer FROM commendation_rounds WHERE deleted_at IS NULL"
                        " ORDER BY decided_on DESC, id DESC LIMIT 1") or ""


def recognised_candidates(store: Store, round_id: int, *, text: str = "", year: int | None = None,
                          include_commended: bool = False, limit: int = 5000) -> list[dict]:
    """Recognised initiatives not yet in the round (to add as recipients), newest first.
    ``year`` is the year of recognition (the registration year when none is known)."""
    statuses = ["cong_nhan", "khen_thuong", "nhan_rong"] if include_commended else ["cong_nhan"]
    clauses = ["i.deleted_at IS NULL", f"i.status IN ({','.join('?' for _ in statuses)})",
               "i.id NOT IN (SELECT initiative_id FROM awards WHERE round_id = ?"
               " AND deleted_at IS NULL AND initiative_id IS NOT NULL)"]
    params: list = [*statuses, round_id]
    query = fts_query(text)
    if query:
        clauses.append("i.id IN (SELECT rowid FROM initiatives_fts WHERE initiatives_fts MATCH ?)")
        params.append(query)
    if year:
        clauses.append("COALESCE(CAST(substr(i.recognized_on, 1, 4) AS INTEGER), i.year) = ?")
        params.append(year)
    return store.query(
        "SELECT i.id, i.name, i.kind, i.field, i.owner_name, i.position, i.status, i.year,"
        " i.recognized_on, c.name AS commune FROM initiatives i"
        " LEFT JOIN areas c ON c.id = i.commune_id"
        f" WHERE {' AND '.join(clauses)}"
        " ORDER BY i.recognized_on DESC, i.name_sort LIMIT ?", [*params, limit])
