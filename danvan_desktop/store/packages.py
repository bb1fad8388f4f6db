"""What packages between offices leave in a data file: the offices met (known by their file
identity), the exchange log (what was sent to and received from whom), the version of each
record last exchanged with each office (for conflicts), and the office each record came
from (``origin_office_id``; NULL for this office's own records)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from ..domain.text import nfc
from . import records
from .db import Store
from .profile import file_identity, get_profile, get_setting

# package_versions keeps the versions sent in a package naming no recipient under this id.
ANY_RECIPIENT = 0


@dataclass
class Office:
    identity: str
    level: str = ""
    unit_code: str = ""
    name: str = ""

    def as_dict(self) -> dict:
        return {"identity": self.identity, "level": self.level, "unit_code": self.unit_code,
                "name": self.name}

    @classmethod
    def from_dict(cls, data: dict) -> Office:
        return cls(identity=str(data.get("identity") or ""), level=nfc(data.get("level") or ""),
                   unit_code=nfc(data.get("unit_code") or ""), name=nfc(data.get("name") or ""))


def own_office(store: Store) -> Office:
    """This data file as a sender: its identity, office level, official unit code and name.
    The level and code come from the office settings when the file has them."""
    profile = get_profile(store)
    # Before the office settings name it, the letterhead's words name it (as printed there).
    name = get_setting(store, "office_name", "") or " – ".join(
        p for p in (profile.issuing_body.strip(),
                    profile.parent_body_2.strip() or profile.parent_body_1.strip()) if p)
    return Office(identity=file_identity(store), level=get_setting(store, "office_level", "") or "",
                  unit_code=get_setting(store, "office_unit_code", "") or "", name=nfc(name))


# --- Offices met ------------------------------------------------------------------------------


def _placeholder(unit_code: str) -> str:
    # A recipient named only by its official code, before any package came from it.
    return f"ma:{unit_code}"


def office_id_if_known(store: Store, office: Office) -> int | None:
    if office.identity:
        found = find_office(store, office.identity)
        if found is not None:
            return found
    if office.unit_code:
        return store.scalar("SELECT id FROM package_offices WHERE unit_code = ?"
                            " ORDER BY id DESC LIMIT 1", (office.unit_code,))
    return None


def office_id(store: Store, office: Office) -> int:
    """The row of an office (added on first meeting; its level, code and name refreshed).
    An office first named only by its code takes its identity when its first package comes."""
    identity = office.identity or _placeholder(office.unit_code)
    found = store.query("SELECT * FROM package_offices WHERE identity = ?", (identity,))
    if not found and office.identity and office.unit_code:
        found = store.query("SELECT * FROM package_offices WHERE identity = ?",
                            (_placeholder(office.unit_code),))
        if found:
            store.execute("UPDATE package_offices SET identity = ? WHERE id = ?",
                          (office.identity, found[0]["id"]))
    if not found:
        return store.execute(
            "INSERT INTO package_offices (identity, level, unit_code, name) VALUES (?, ?, ?, ?)",
            (identity, office.level, office.unit_code, office.name)).lastrowid
    row = found[0]
    fresh = {k: getattr(office, k) for k in ("level", "unit_code", "name")
             if getattr(office, k) and getattr(office, k) != row[k]}
    if fresh:
        sets = ", ".join(f"{k} = ?" for k in fresh)
        store.execute(f"UPDATE package_offices SET {sets} WHERE id = ?", (*fresh.values(), row["id"]))
    return row["id"]


def set_home(store: Store, office: int, area_id: int | None) -> None:
    """The commune an office sends for (the board places it there)."""
    if area_id is not None:
        store.execute("UPDATE package_offices SET home_area_id = ? WHERE id = ?", (area_id, office))


def find_office(store: Store, identity: str) -> int | None:
    return store.scalar("SELECT id FROM package_offices WHERE identity = ?", (identity,))


def offices(store: Store) -> list[dict]:
    return store.query("SELECT * FROM package_offices ORDER BY unit_code, name")


def find_recipient(store: Store, text: str) -> Office | None:
    """An office met before, named by its identity or its official unit code."""
    rows = store.query("SELECT * FROM package_offices WHERE identity = ? OR unit_code = ?"
                       " ORDER BY id DESC LIMIT 1", (text, text))
    if not rows:
        return None
    r = rows[0]
    identity = "" if r["identity"] == _placeholder(r["unit_code"]) else r["identity"]
    return Office(identity, r["level"], r["unit_code"], r["name"])


def origin_identities(store: Store) -> dict[int, str]:
    return {r["id"]: r["identity"] for r in store.query("SELECT id, identity FROM package_offices")}


# --- The exchange log -------------------------------------------------------------------------


@dataclass
class LogEntry:
    package_id: str
    direction: str  # sent | received
    office_id: int | None
    created_at: str
    period_from: str | None = None
    period_to: str | None = None
    since: str | None = None
    counts: dict | None = None
    file_name: str = ""
    sha256: str = ""


def log_exchange(store: Store, entry: LogEntry) -> None:
    store.execute(
        "INSERT INTO package_log (package_id, direction, office_id, at, created_at, period_from,"
        " period_to, since, counts, file_name, sha256, user) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (entry.package_id, entry.direction, entry.office_id, records.now_iso(), entry.created_at,
         entry.period_from, entry.period_to, entry.since,
         json.dumps(entry.counts or {}, ensure_ascii=False), entry.file_name, entry.sha256,
         store.user))


def was_received(store: Store, package_id: str) -> bool:
    return store.scalar("SELECT 1 FROM package_log WHERE package_id = ? AND direction = 'received'",
                        (package_id,)) is not None


def last_sent(store: Store, recipient_office_id: int | None) -> dict | None:
    """The last package sent to this recipient (None: to no one named)."""
    rows = store.query("SELECT * FROM package_log WHERE direction = 'sent' AND office_id IS ?"
                       " ORDER BY created_at DESC, id DESC LIMIT 1", (recipient_office_id,))
    return rows[0] if rows else None


def exchange_log(store: Store, limit: int = 500) -> list[dict]:
    return store.query(
        "SELECT l.*, o.name AS office_name, o.unit_code, o.identity FROM package_log l"
        " LEFT JOIN package_offices o ON o.id = l.office_id ORDER BY l.id DESC LIMIT ?", (limit,))


def latest_received(store: Store, start: str, end: str) -> dict[int, dict]:
    """Per office: the latest package received for the period [start, end] (ISO dates): one
    whose period overlaps it, or, naming no period, made within it; with how many."""
    rows = store.query(
        "SELECT office_id, count(*) AS packages, max(id) AS last_id FROM package_log"
        " WHERE direction = 'received' AND ((period_from IS NOT NULL AND period_from <= :end"
        "   AND period_to >= :start)"
        "  OR (period_from IS NULL AND substr(created_at, 1, 10) BETWEEN :start AND :end))"
        " GROUP BY office_id", {"start": start, "end": end})
    out = {}
    for r in rows:
        last = store.query("SELECT * FROM package_log WHERE id = ?", (r["last_id"],))[0]
        last["counts"] = json.loads(last["counts"] or "{}")
        last["packages"] = r["packages"]
        out[r["office_id"]] = last
    return out


# --- Versions last exchanged ------------------------------------------------------------------


def base_versions(store: Store, office: int, uuids: Iterable[str]) -> dict[str, str]:
    """The version of each record last exchanged with ``office`` (or sent to no one named)."""
    out: dict[str, str] = {}
    uuids = list(uuids)
    for start in range(0, len(uuids), 500):
        chunk = uuids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for peer in (ANY_RECIPIENT, office):  # the named office's version wins
            for uuid, stamp in store.execute(
                    f"SELECT record_uuid, updated_at FROM package_versions WHERE office_id = ?"
                    f" AND record_uuid IN ({marks})", (peer, *chunk)):
                out[uuid] = stamp
    return out


def remember_versions(store: Store, office: int, versions: Iterable[tuple[str, str]]) -> None:
    store.conn.executemany(
        "INSERT INTO package_versions (office_id, record_uuid, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT(office_id, record_uuid) DO UPDATE SET updated_at = excluded.updated_at",
        [(office, u, t) for u, t in versions])


# --- Roll-up by sending unit ------------------------------------------------------------------


def sending_units(store: Store) -> list[dict]:
    """The offices records came from (for filters): id, name, code; this office first as id 0."""
    own = own_office(store)
    units = [{"id": 0, "name": own.name or "Đơn vị mình", "unit_code": own.unit_code}]
    from ..domain.text import sort_text

    others = store.query("SELECT id, name, unit_code FROM package_offices WHERE id IN"
                         " (SELECT DISTINCT origin_office_id FROM initiatives"
                         "  WHERE origin_office_id IS NOT NULL)")
    return units + sorted(others, key=lambda r: sort_text(r["name"] or r["unit_code"]))


def initiatives_by_sending_unit(store: Store, params: dict, total: int) -> dict[str, int]:
    """Initiatives registered in the period (store.stats' definition and parameters), per
    the name of the office they came from (this office's own under its own name). A file
    that never received a package answers without reading the initiatives again."""
    own = own_office(store).name or "Đơn vị mình"
    if store.scalar("SELECT 1 FROM package_offices LIMIT 1") is None:
        return {own: total} if total else {}
    rows = store.execute(
        "SELECT coalesce(nullif(o.name, ''), o.unit_code, :own) AS unit, count(*) FROM initiatives i"
        " LEFT JOIN package_offices o ON o.id = i.origin_office_id"
        " WHERE i.deleted_at IS NULL AND (:commune IS NULL OR i.commune_id = :commune)"
        " AND (i.registered_on BETWEEN :start AND :end"
        "      OR (i.registered_on IS NULL AND i.year BETWEEN :fy AND :ly)) GROUP BY unit",
        {**params, "own": own}).fetchall()
    from ..domain.text import vietnamese_key

    return dict(sorted(((r[0], r[1]) for r in rows), key=lambda item: vietnamese_key(item[0])))


# --- The board: who has sent for a period -----------------------------------------------------


def board(store: Store, start: str, end: str) -> list[dict]:
    """One line per commune of the catalogue and per office met: the office that sends for
    it, its latest package received in [start, end] (when, the period it covered, what it
    held) or none yet. An office is placed at its commune by the official code when both
    have one, else by the commune most of its records are in."""
    from ..domain.text import sort_text

    latest = latest_received(store, start, end)
    met = {r["id"]: r for r in store.query("SELECT * FROM package_offices"
                                           " WHERE identity NOT LIKE 'ma:%' OR id IN"
                                           " (SELECT office_id FROM package_log)")}
    home = {o["id"]: o["home_area_id"] for o in met.values() if o["home_area_id"] is not None}
    code = _area_code_column(store)
    communes = store.query("SELECT id, name" + (f", {code} AS code" if code else ", '' AS code")
                           + " FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
                           " AND retired_on IS NULL")
    by_code = {c["code"]: c["id"] for c in communes if c["code"]}
    for office in met.values():
        if office["unit_code"] in by_code:
            home[office["id"]] = by_code[office["unit_code"]]
    lines = []
    placed = set()
    for c in communes:
        offices = [o for o, cid in home.items() if cid == c["id"] and o in met]
        office = max(offices, key=lambda o: (o in latest, o)) if offices else None
        placed.update(offices)
        lines.append(_board_line(c["name"], met.get(office), latest.get(office)))
    for office_id_, office in met.items():
        if office_id_ not in placed and office_id_ in latest:
            lines.append(_board_line("", office, latest.get(office_id_)))
    return sorted(lines, key=lambda line: (line["sent"], sort_text(line["commune"] or line["office"])))


def _board_line(commune: str, office: dict | None, last: dict | None) -> dict:
    return {"commune": commune, "office": (office or {}).get("name") or (office or {}).get("unit_code", ""),
            "office_id": (office or {}).get("id"), "sent": last is not None,
            "received_at": last["at"] if last else None,
            "created_at": last["created_at"] if last else None,
            "period_from": last["period_from"] if last else None,
            "period_to": last["period_to"] if last else None,
            "packages": last["packages"] if last else 0,
            "counts": last["counts"] if last else {}}


def _area_code_column(store: Store) -> str | None:
    columns = {r["name"] for r in store.query("PRAGMA table_info(areas)")}
    return next((c for c in ("code", "official_code", "unit_code", "dvhc_code") if c in columns), None)
