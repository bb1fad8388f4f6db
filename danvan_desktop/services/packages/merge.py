"""Receiving, step two: the previewed package merged in one transaction (BEGIN IMMEDIATE):
all of it or nothing. New records are added, newer versions replace older ones, deletions go
to the bin, conflicts follow the user's choice (keep theirs / keep ours), and each record keeps
the office it came from. A package merged twice changes nothing the second time."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ...domain.text import fold, sort_text
from ...store import packages as log
from ...store import records
from ...store.db import Store
from ...store.profile import file_identity
from . import rows as R
from .fileformat import KIND_LABELS, PackageRefused
from .preview import CONFLICT, DELETED, NEW, UNCHANGED, Preview
from .references import References

THEIRS, OURS = "theirs", "ours"
Progress = Callable[[int, int], None]


@dataclass
class MergeResult:
    written: dict[str, dict[str, int]] = field(default_factory=dict)
    added_references: dict[str, int] = field(default_factory=dict)
    nothing_to_do: bool = False

    @property
    def total(self) -> int:
        return sum(n for states in self.written.values() for n in states.values())


def unresolved(preview: Preview, choices: dict[str, str]) -> list:
    return [c for c in preview.conflicts if choices.get(c.uuid) not in (THEIRS, OURS)]


def merge_package(store: Store, preview: Preview, choices: dict[str, str] | None = None,
                  progress: Progress | None = None) -> MergeResult:
    """Merge; raises PackageRefused (nothing written) while a conflict has no choice."""
    choices = choices or {}
    left = unresolved(preview, choices)
    if left:
        raise PackageRefused(f"Còn {len(left)} bản ghi xung đột chưa chọn giữ bản nào "
                             "(của đơn vị gửi hay của mình); không ghi gì.")
    if preview.already_received and not preview.writes:
        return MergeResult(nothing_to_do=True)
    total = max(1, sum(len(v) for v in preview.package.rows.values()))
    done = 0
    result = MergeResult()
    with store.atomic():
        ctx = _Context(store, preview)
        for kind in R.RECORD_KINDS:
            result.written[kind] = ctx.apply(kind, choices)
            done += len(preview.package.rows.get(kind, ()))
            if kind == "initiatives":
                ctx.history()
                done += len(preview.package.rows.get("status_history", ()))
            if progress:
                progress(done, total)
        result.added_references = {k: len(v) for k, v in ctx.refs.added.items()}
        ctx.finish(result)
    return result


class _Context:
    def __init__(self, store: Store, preview: Preview):
        self.store, self.preview = store, preview
        self.package = preview.package
        self.sender_id = log.office_id(store, preview.sender)
        self.own = file_identity(store)
        self.origins: dict[str, int | None] = {self.own: None,
                                               preview.sender.identity: self.sender_id}
        self.index = R.UuidIndex(store)
        self.refs = References(store, self.index, create=True)
        self.refs.resolve(self.package.rows, self.sender_id)
        self.audit: list[tuple] = []
        self.area_names: dict[int, str] = {}

    def origin(self, identity: str | None) -> int | None:
        if not identity:
            return self.sender_id
        if identity not in self.origins:
            self.origins[identity] = log.office_id(self.store, log.Office(identity=identity))
        return self.origins[identity]

    def link(self, table: str, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        if table in self.refs.map:
            return self.refs.map[table].get(uuid)
        return self.index.ids(table, {uuid}).get(uuid)

    def apply(self, kind: str, choices: dict[str, str]) -> dict[str, int]:
        rows = self.package.rows.get(kind, [])
        changes = {c.uuid: c for c in self.preview.changes[kind]}
        shape = R.shape(self.store, kind)
        columns = [c for c in shape.columns if rows and c in rows[0]]
        counts = {NEW: 0, "updated": 0, DELETED: 0, CONFLICT: 0}
        for table in {t for c, t in shape.links.items() if t not in self.refs.map}:
            self.index.ids(table, {r[c] for r in rows for c, t2 in shape.links.items()
                                   if t2 == table and r.get(c)})
        self._still_as_previewed(shape.table, changes)
        for row in rows:
            change = changes[row["uuid"]]
            if change.state == UNCHANGED or (change.state == CONFLICT
                                             and choices.get(row["uuid"]) == OURS):
                continue
            data = self._data(kind, shape, columns, row)
            if change.local_id is None:
                self._insert(shape.table, data)
            else:
                sets = ", ".join(f"{c} = ?" for c in data if c not in ("uuid", "created_at"))
                self.store.execute(f"UPDATE {shape.table} SET {sets} WHERE id = ?",
                                   (*[v for c, v in data.items() if c not in ("uuid", "created_at")],
                                    change.local_id))
                self._note("delete" if change.state == DELETED else "update", shape.table,
                           change.local_id, row["uuid"])
            counts[change.state if change.state in counts else "updated"] += 1
        return counts

    def _still_as_previewed(self, table: str, changes: dict) -> None:
        """The preview was made on another connection: if a record it would write changed
        since (another window, another program), nothing is written and the user previews again."""
        written = [c for c in changes.values() if c.state != UNCHANGED]
        for start in range(0, len(written), 900):
            chunk = {c.uuid: c for c in written[start:start + 900]}
            marks = ",".join("?" * len(chunk))
            now = dict(self.store.execute(f"SELECT uuid, updated_at FROM {table} WHERE uuid IN"
                                          f" ({marks})", list(chunk)).fetchall())
            if any(now.get(u) != c.ours_at for u, c in chunk.items()):
                raise PackageRefused("Dữ liệu đã thay đổi từ lúc xem trước gói; không ghi gì. "
                                     "Hãy xem trước lại rồi gộp.")

    def _data(self, kind: str, shape: R.TableShape, columns: list[str], row: dict) -> dict:
        data = {c: row.get(c) for c in columns}
        for column, table in shape.links.items():
            if column in data:
                data[column] = self.link(table, row.get(column))
                if row.get(column) and data[column] is None and column in ("campaign_id", "round_id"):
                    raise PackageRefused(f"Gói “{self.package.file_name}” thiếu bản ghi mà "
                                         f"{KIND_LABELS[kind].lower()} “{row['uuid']}” cần; không ghi gì.")
        data["origin_office_id"] = self.origin(row.get(R.ORIGIN))
        if kind == "initiatives":
            areas = [self._area_name(data.get("commune_id")), self._area_name(data.get("village_id"))]
            data["search_key"] = fold(" ".join(p for p in (
                row.get("name"), row.get("owner_name"), row.get("position"), *areas) if p))
            data["name_sort"] = sort_text(row.get("name") or "")
            data["owner_sort"] = sort_text(row.get("owner_name") or "")
        elif "search_key" in {c for c in self._table_columns(shape.table)}:
            data["search_key"] = fold(row.get("title") or row.get("name") or "")
        return data

    def _table_columns(self, table: str) -> set[str]:
        cache = self.__dict__.setdefault("_columns", {})
        if table not in cache:
            cache[table] = {r["name"] for r in self.store.query(f"PRAGMA table_info({table})")}
        return cache[table]

    def _area_name(self, area_id: int | None) -> str:
        if area_id is None:
            return ""
        if area_id not in self.area_names:
            self.area_names[area_id] = self.store.scalar(
                "SELECT name FROM areas WHERE id = ?", (area_id,)) or ""
        return self.area_names[area_id]

    def _insert(self, table: str, data: dict) -> None:
        names = ", ".join(data)
        cursor = self.store.execute(f"INSERT INTO {table} ({names}) VALUES"
                                    f" ({', '.join('?' * len(data))})", tuple(data.values()))
        self.index.add(table, cursor.lastrowid, data["uuid"])
        self._note("insert", table, cursor.lastrowid, data["uuid"])

    def _note(self, action: str, table: str, record_id: int, uuid: str) -> None:
        self.audit.append((action, table, record_id, uuid))

    def history(self) -> None:
        """Status history lines: added once each (by UUID), never changed."""
        rows = self.package.rows.get("status_history", [])
        self.index.ids("initiatives", {r["initiative_id"] for r in rows if r.get("initiative_id")})
        shape = R.shape(self.store, "status_history")
        batch = []
        for row in rows:
            data = {c: row.get(c) for c in shape.columns if c in row}
            data["initiative_id"] = self.index.id_of.get("initiatives", {}).get(row.get("initiative_id"))
            if data["initiative_id"] is not None:
                batch.append(data)
        if batch:
            names = list(batch[0])
            self.store.conn.executemany(
                f"INSERT OR IGNORE INTO initiative_status_history ({', '.join(names)}) VALUES"
                f" ({', '.join('?' * len(names))})", [tuple(d.get(n) for n in names) for d in batch])

    def finish(self, result: MergeResult) -> None:
        m = self.package.manifest
        communes = Counter(self.refs.area(r.get("commune_id"))
                           for r in self.package.rows.get("initiatives", ()))
        communes.pop(None, None)
        if communes:
            log.set_home(self.store, self.sender_id, communes.most_common(1)[0][0])
        log.remember_versions(self.store, self.sender_id,
                              [(r["uuid"], r["updated_at"]) for k in R.RECORD_KINDS
                               for r in self.package.rows.get(k, ())])
        if not log.was_received(self.store, m.package_id):
            log.log_exchange(self.store, log.LogEntry(
                m.package_id, "received", self.sender_id, m.created_at,
                period_from=(m.period or {}).get("from"), period_to=(m.period or {}).get("to"),
                since=m.since, counts=m.counts, file_name=self.package.file_name, sha256=m.sha256))
        stamp, who = records.now_iso(), self.preview.sender.name or self.preview.sender.unit_code
        note = json.dumps({"gói dữ liệu": [None, f"{who} ({m.package_id[:8]})"]}, ensure_ascii=False)
        self.store.conn.executemany(
            "INSERT INTO audit_log (at, user, action, record_kind, record_uuid, record_id, changes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(stamp, self.store.user, a, t, u, i, note) for a, t, i, u in self.audit])
