"""Many new initiatives written at once (an import of a commune's file): the same records,
audit entries, search keys and status history as ``save_initiative`` row by row, written
with one statement per table per chunk instead of a dozen per row."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import time
from collections.abc import Callable, Iterator

from ..domain.entities import Initiative
from ..domain.lifecycle import dates_to_fill
from ..domain.text import fold, nfc, sort_text
from ..domain.validation import validate_initiative
from . import aggregates, records
from .catalog import ensure_organization, ensure_person
from .db import Store
from .initiatives import _FORM_FIELDS, TABLE

BULK_CACHE_KB = 128 * 1024
BULK_MMAP = 4 << 30
CHUNK = 1_000
_FTS_TRIGGER = "initiatives_fts_ai"  # rows per executemany; progress (and Cancel) between chunks


class _Owners:
    """The organisation or person owning each initiative, found once per name and place
    (``ensure_*`` adds the ones the catalogue lacks, as a single save does)."""

    def __init__(self, store: Store):
        self.store = store
        self.found: dict[tuple, int] = {}
        self._names: dict[tuple, str] = {}  # a person key's name as typed

    def prepare(self, chunk: list[Initiative]) -> None:
        """The chunk's people not met before, found or added all at once (an office's file
        names hundreds, each one query and one insert when met one by one). The same
        match as ``ensure_person``: by name, in the row's commune (any, without one); one
        person per name and commune, whatever the positions typed."""
        wanted = list(dict.fromkeys(
            key for key in (self._person_key(item) for item in chunk if item.kind != "tap_the")
            if key not in self.found))
        if not wanted:
            return
        pools = self._people_named(list(dict.fromkeys(key[1] for key in wanted)))
        new: list[dict] = []
        chosen: dict[tuple, int | tuple[str, int]] = {}
        for key in wanted:
            _, name_key, position, area = key
            pool = pools.setdefault(name_key, [])
            match = next((pid for pid, pid_area in pool if area is None or pid_area == area), None)
            if match is None:
                match = ("new", len(new))
                new.append({"full_name": nfc(self._names[key]), "position": nfc(position),
                            "area_id": area, "search_key": name_key})
                pool.append((match, area))
            chosen[key] = match
        ids = records.insert_many(self.store, "persons", new)
        for key, match in chosen.items():
            self.found[key] = ids[match[1]] if isinstance(match, tuple) else match

    def _person_key(self, item: Initiative) -> tuple:
        key = ("p", folded(item.owner_name), item.position, item.commune_id)
        self._names.setdefault(key, item.owner_name)
        return key

    def _people_named(self, name_keys: list[str]) -> dict[str, list]:
        """(id, commune) of the live people of each folded name, oldest first."""
        pools: dict[str, list] = {}
        for start in range(0, len(name_keys), 500):
            part = name_keys[start:start + 500]
            for person_id, name_key, area in self.store.execute(
                    "SELECT id, search_key, area_id FROM persons WHERE deleted_at IS NULL AND"
                    f" search_key IN ({', '.join('?' for _ in part)}) ORDER BY id", part):
                pools.setdefault(name_key, []).append((person_id, area))
        return pools

    def set(self, item: Initiative) -> None:
        if item.kind == "tap_the":
            key = ("o", folded(item.owner_name), item.commune_id)
            if key not in self.found:
                self.found[key] = ensure_organization(self.store, item.owner_name,
                                                      area_id=item.commune_id)
            item.organization_id, item.person_id = self.found[key], None
        else:
            key = self._person_key(item)
            if key not in self.found:
                self.found[key] = ensure_person(self.store, item.owner_name, item.position,
                                                area_id=item.commune_id)
            item.person_id, item.organization_id = self.found[key], None


class _AreaNames:
    def __init__(self, store: Store):
        self.store, self.names = store, {}

    def __call__(self, area_id: int | None) -> str:
        if area_id is None:
            return ""
        if area_id not in self.names:
            self.names[area_id] = self.store.scalar("SELECT name FROM areas WHERE id = ?",
                                                    (area_id,)) or ""
        return self.names[area_id]


def insert_initiatives(store: Store, items: list[Initiative], status_note: str = "",
                       progress: Callable[[int, int, str], None] | None = None,
                       today: dt.date | None = None, validated: bool = False) -> list[int]:
    """Insert new initiatives (validated, unless the caller just did; owners linked, dates
    of a recognised status filled) in the caller's transaction or one of their own; their
    ids, in order."""
    today_iso = (today or dt.date.today()).isoformat()
    owners, area_name = _Owners(store), _AreaNames(store)
    allowed = frozenset(records._columns(store, TABLE) - {"id", "uuid", "created_at", "updated_at"})
    ids: list[int] = []
    with store.atomic(), _cache(store), _search_in_bulk(store):
        for start in range(0, len(items), CHUNK):
            chunk = items[start:start + CHUNK]
            for item in chunk:  # the dates a recognised status needs, as save_initiative fills
                for name, value in dates_to_fill(item.status, item.recognized_on, item.commended_on,
                                                 today or dt.date.today()).items():
                    setattr(item, name, value)
            chunk = chunk if validated else [validate_initiative(item) for item in chunk]
            rows, stamp = [], records.now_iso()
            uuids = iter(time_ordered_uuids(2 * len(chunk)))  # a record's, then its history's
            owners.prepare(chunk)
            for item in chunk:
                owners.set(item)
                rows.append(_row(item, area_name, allowed, stamp, next(uuids)))
            ids.extend(_write(store, chunk, rows, today_iso, status_note, uuids))
            if progress:
                done = min(start + CHUNK, len(items))
                progress(done, len(items), f"Đã ghi {done}/{len(items)} mô hình")
    return ids


@contextlib.contextmanager
def _search_in_bulk(store: Store):
    """The search index and the monthly counts filled by one statement each at the end
    rather than by their triggers row by row (ten times faster at 100k records), the
    triggers put back as they were; all of it inside the write transaction, so that a
    failure or Cancel puts back everything."""
    first = (store.scalar(f"SELECT max(id) FROM {TABLE}") or 0) + 1
    with _without_trigger(store, _FTS_TRIGGER) as search, \
            _without_trigger(store, aggregates.INSERT_TRIGGER) as counts:
        yield
        if search:
            fill_search(store, first)
        if counts:
            aggregates.add_initiatives_from(store.conn, first)


@contextlib.contextmanager
def _without_trigger(store: Store, name: str):
    """The trigger ``name`` dropped, and created again as it was on the way out (if the
    transaction still stands: a rollback brings it back by itself). Yields whether the
    file has it (an older file may not: nothing to keep in step)."""
    trigger = store.scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                           (name,))
    if trigger is None:
        yield False
        return
    store.execute(f"DROP TRIGGER {name}")
    try:
        yield True
    finally:
        if store.conn.in_transaction:
            store.execute(trigger)


def time_ordered_uuids(count: int) -> list[str]:
    """``count`` UUIDs of version 7 (RFC 9562: 48 bits of Unix milliseconds, then 74 random
    bits), ascending. A bulk write's records then go to one end of each unique uuid index
    (and of the audit log's) instead of to thousands of random pages of a large file's: a
    10,000-row import dirties about as many pages in a file of a million as of a thousand."""
    ms = f"{time.time_ns() // 1_000_000:012x}"
    head = f"{ms[:8]}-{ms[8:]}-7"
    r = os.urandom(10 * count).hex()
    return sorted(f"{head}{r[i + 1:i + 4]}-{'89ab'[int(r[i + 4], 16) & 3]}{r[i + 5:i + 8]}-{r[i + 8:i + 20]}"
                  for i in range(0, 20 * count, 20))


SEARCH_HASH = 64 << 20  # bytes of terms the search index gathers before writing a segment
_SEARCH_HASH_DEFAULT = 1 << 20  # FTS5's own


def fill_search(store: Store, first: int | None = None) -> None:
    """Index the search keys of the initiatives from id ``first`` on (all of them, the
    index rebuilt, when None) in one statement, in the caller's transaction. FTS5 writes
    a segment each time 1 MB of terms has gathered and then merges them: with 64 MB
    gathered it writes a few big ones (a million keys: 13 s → 4 s)."""
    store.execute("INSERT INTO initiatives_fts(initiatives_fts, rank) VALUES ('hashsize', ?)",
                  (SEARCH_HASH,))
    if first is None:
        store.execute("INSERT INTO initiatives_fts(initiatives_fts) VALUES ('rebuild')")
    else:
        store.execute(f"INSERT INTO initiatives_fts(rowid, search_key) SELECT id, search_key"
                      f" FROM {TABLE} WHERE id >= ?", (first,))
    # the rest of the time (a row saved at a time) FTS5's own: the setting is kept in the file
    store.execute("INSERT INTO initiatives_fts(initiatives_fts, rank) VALUES ('hashsize', ?)",
                  (_SEARCH_HASH_DEFAULT,))


@contextlib.contextmanager
def _cache(store: Store):
    """A larger page cache while writing: each row goes into some twenty indexes, and at a
    million records their pages no longer fit SQLite's default 2 MB."""
    before = store.scalar("PRAGMA cache_size"), store.scalar("PRAGMA mmap_size")
    store.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")
    store.execute(f"PRAGMA mmap_size = {BULK_MMAP}")  # index pages read without a copy each
    try:
        yield
    finally:
        store.execute(f"PRAGMA cache_size = {before[0]}")
        store.execute(f"PRAGMA mmap_size = {before[1]}")


# Folded once per text: an office's file repeats owners and places on many rows, and the
# import's check folds each name before the write folds it again (the importer shares it).
folded = functools.lru_cache(maxsize=1 << 17)(fold)


@functools.lru_cache(maxsize=4096)
def _owner_sort(owner: str) -> str:
    return sort_text(owner)  # an office's file names the same few owners on many rows


def _row(item: Initiative, area_name: _AreaNames, allowed: frozenset[str],
         stamp: str, uuid: str) -> dict:
    """The columns ``save_initiative`` writes for a new record."""
    values = vars(item)  # the dataclass's fields, read without a getattr each
    row = {k: values[k] for k in _form_columns(allowed)}
    if "notable" in row:
        row["notable"] = int(bool(item.notable))
    # fold(" ".join(parts)), each part folded alone: the owner and places repeat, folded once
    parts = [folded(item.name), folded(item.owner_name), folded(item.position),
             folded(area_name(item.commune_id)), folded(area_name(item.village_id))]
    extra = {"search_key": " ".join(p for p in parts if p), "name_sort": sort_text(item.name),
             "owner_sort": _owner_sort(item.owner_name)}
    row.update((k, v) for k, v in extra.items() if k in allowed)
    row.update(uuid=uuid, created_at=stamp, updated_at=stamp)
    return row


@functools.lru_cache(maxsize=8)
def _form_columns(allowed: frozenset[str]) -> tuple[str, ...]:
    """The form's fields this file has columns for (an older file may lack the newest)."""
    return tuple(k for k in _FORM_FIELDS if k in allowed)



def _write(store: Store, chunk: list[Initiative], rows: list[dict], today_iso: str,
           note: str, uuids: Iterator[str]) -> list[int]:
    # BEGIN IMMEDIATE holds the one write lock: the next ids are ours to give.
    ids = records.insert_many(store, TABLE, rows, clean=False)
    store.conn.executemany(
        "INSERT INTO initiative_status_history"
        " (uuid, initiative_id, from_status, to_status, changed_on, user, note)"
        " VALUES (?, ?, NULL, ?, ?, ?, ?)",
        [(next(uuids), record_id, item.status, today_iso, store.user, note)
         for record_id, item in zip(ids, chunk, strict=True)])
    for record_id, item in zip(ids, chunk, strict=True):
        item.id = record_id
    return ids
