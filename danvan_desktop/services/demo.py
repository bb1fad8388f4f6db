"""``danvan demo``: a new data file holding the real records of the sources and, with
``size``, about that many generated initiatives with plausible Vietnamese names spread
over 2016–2026, with campaigns (one per five initiatives, ten contributions each) and
commendation rounds. Generated rows are written in bulk, in one transaction, a chunk at a
time, with the indexes and the full-text index built once at the end."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..domain.text import fold
from ..store import aggregates, records
from ..store.db import Store, StoreError, create_store, remove_with_journal
from ..store.initiative_bulk import fill_search
from ..store.profile import save_profile
from . import demo_rows, demo_seed
from .demo_criteria import add_demo_scoring
from .demo_rows import TODAY

VILLAGE_NAMES = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Nội", "Ngoại", "Tiền",
                 "Hậu", "An Lạc", "Phú Lương", "Thanh Bình", "Hòa Bình", "Tân Lập"]
ORG_TEMPLATES = [  # (name template, organisation kind, fields it usually works in)
    ("Chi bộ {v}", "chi_bo", ("xay_dung_dang", "van_hoa_xa_hoi", "kinh_te")),
    ("Ban công tác Mặt trận {v}", "mttq", ("van_hoa_xa_hoi", "kinh_te")),
    ("Hội Nông dân {c}", "hoi_nong_dan", ("kinh_te",)),
    ("Hội Liên hiệp Phụ nữ {c}", "hoi_phu_nu", ("van_hoa_xa_hoi", "kinh_te", "xay_dung_dang")),
    ("Đoàn Thanh niên {c}", "doan_thanh_nien", ("van_hoa_xa_hoi", "quoc_phong_an_ninh")),
    ("Hội Cựu chiến binh {c}", "hoi_cuu_chien_binh", ("quoc_phong_an_ninh", "kinh_te")),
    ("Công an {c}", "cong_an", ("quoc_phong_an_ninh",)),
    ("Ban Chỉ huy Quân sự {c}", "quan_su", ("quoc_phong_an_ninh", "van_hoa_xa_hoi")),
    ("Ủy ban nhân dân {c}", "chinh_quyen", ("xay_dung_dang", "kinh_te")),
]
@dataclass
class DemoSummary:
    initiatives: int
    campaigns: int
    contributions: int
    rounds: int
    seconds: float


def make_demo(path: str | Path, size: int = 0, seed: int = 1, user: str = "demo",
              progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Create ``path`` (which must not exist) with the demo data. It is built under a
    temporary name and takes its own name only when complete: a killed or failed run
    (a full disk) leaves nothing behind."""
    path = Path(path)
    if path.exists():
        raise StoreError(f"Tệp “{path}” đã có; chọn một tên tệp mới.")
    temp = path.with_name(f"{path.name}.dang-tao-{os.getpid()}")
    for stale in path.parent.glob(f"{path.name}.dang-tao-*"):  # left by a run killed long ago
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 86_400:
                stale.unlink()
    remove_with_journal(temp)
    try:
        summary = _build(temp, size, seed, user, progress)
        _sync(temp)
        _claim(temp, path)
    except BaseException:
        remove_with_journal(temp)
        raise
    return summary


def _sync(path: Path) -> None:
    """The closed file's pages on disk (it was written without syncs)."""
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows syncs a writable one
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _claim(temp: Path, path: Path) -> None:
    """``temp`` takes the name ``path``, which must still be free (never overwritten)."""
    try:
        os.link(temp, path)
    except FileExistsError as exc:
        raise StoreError(f"Tệp “{path}” vừa được tạo bởi việc khác; không ghi đè.") from exc
    except OSError:  # no hard links here (FAT32 stick): a rename, checked just before
        if path.exists():
            raise StoreError(f"Tệp “{path}” vừa được tạo bởi việc khác; không ghi đè.") from None
        temp.replace(path)
        return
    temp.unlink()


def _build(path: Path, size: int, seed: int, user: str,
           progress: Callable[[str], None] | None) -> DemoSummary:
    started = dt.datetime.now()
    say = progress or (lambda _msg: None)
    store = create_store(path, user=user)
    try:
        # A rollback journal holds only the pages a transaction changes that existed
        # before it: for a new file that is almost nothing, where WAL would write every
        # page twice. The file goes back to WAL once the rows are in.
        store.execute("PRAGMA journal_mode = TRUNCATE")
        # Nor is the file synced while it is built: it has a temporary name until complete
        # (a crash leaves nothing to trust), and at 1M the page cache spills many times,
        # each spill a sync. It is synced once, closed, before it takes its name.
        synchronous = store.scalar("PRAGMA synchronous")
        store.execute("PRAGMA synchronous = OFF")
        # The rows point at rows made a moment before by the same code: checking each of
        # ten million references costs ~10 s at 1M (tests run foreign_key_check on a demo).
        store.execute("PRAGMA foreign_keys = OFF")
        with store.atomic():
            # A 2026 province office (Hưng Yên, which holds the former Đông Hưng district):
            # the seeds' records under their old places, merged into today's communes.
            save_profile(store, demo_seed.hung_yen_profile())
            today = demo_seed.load_todays_places(store)
            ids = demo_seed.build_places(store)
            seeds = demo_seed.add_seed_initiatives(store, ids)
            demo_seed.add_seed_campaigns(store, ids, seeds)
            demo_seed.add_seed_round(store, seeds)
            if size > 0:
                say(f"Đang tạo {size} mô hình mẫu…")
            _generate(store, ids, today, size, random.Random(seed))
            add_demo_scoring(store, random.Random(seed))
            records.audit(store, "demo", "database", None, None,
                          {"size": [None, size], "seed": [None, seed]})
        store.execute(f"PRAGMA synchronous = {synchronous}")
        store.execute("PRAGMA foreign_keys = ON")
        counts = {t: store.scalar(f"SELECT count(*) FROM {t}") for t in
                  ("initiatives", "campaigns", "contributions", "commendation_rounds")}
        store.execute("PRAGMA optimize")
        store.execute("PRAGMA journal_mode = WAL")
    finally:
        store.close()
    return DemoSummary(counts["initiatives"], counts["campaigns"], counts["contributions"],
                       counts["commendation_rounds"],
                       (dt.datetime.now() - started).total_seconds())


BULK_TABLES = ("initiatives", "initiative_status_history", "persons", "campaigns", "contributions")
CHUNK = 50_000  # rows built in Python before each executemany: bounds the memory at 1M


@contextmanager
def _bulk_load(store: Store, counts: demo_rows.Counts) -> Iterator[None]:
    """Drop the bulk tables' indexes and triggers (the full-text index and the monthly
    counts are kept in step by triggers), then build them once after the rows are in:
    sorting a million keys once is far cheaper than keeping every B-tree up row by row.
    The rows written meanwhile are counted in ``counts`` as they are made."""
    marks = ",".join("?" * len(BULK_TABLES))
    saved = [tuple(r) for r in store.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
        f" AND tbl_name IN ({marks}) AND sql IS NOT NULL", BULK_TABLES)]
    for kind, name, _sql in saved:
        store.execute(f"DROP {kind.upper()} {name}")
    cache = store.scalar("PRAGMA cache_size")
    store.execute("PRAGMA cache_size = -262144")  # 256 MB while the indexes are sorted
    try:
        yield
        for _kind, _name, sql in saved:
            store.execute(sql)
        fill_search(store)
        aggregates.add(store.conn, counts.tables())
    finally:
        store.execute(f"PRAGMA cache_size = {cache}")


def _generate_villages(store: Store, rng: random.Random, commune_ids: list[int],
                       stamp: str) -> dict[int, list[tuple[int, str]]]:
    """Five to eight villages in each commune."""
    villages: dict[int, list[tuple[int, str]]] = {}
    next_area = store.scalar("SELECT max(id) FROM areas") + 1
    area_rows = []
    for commune_id in commune_ids:
        chosen = rng.sample(VILLAGE_NAMES, rng.randint(5, 8))
        villages[commune_id] = []
        for word in chosen:
            name = f"{rng.choice(demo_seed.VILLAGE_WORDS)} {word}"
            area_rows.append((next_area, records.new_uuid(), stamp, stamp, commune_id, "thon",
                              name, fold(name)))
            villages[commune_id].append((next_area, name))
            next_area += 1
    store.conn.executemany(
        "INSERT INTO areas (id, uuid, created_at, updated_at, parent_id, level, name, search_key)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", area_rows)
    return villages


def _generate_orgs(store: Store, commune_ids: list[int], commune_names: dict[int, str],
                   villages: dict[int, list[tuple[int, str]]], stamp: str
                   ) -> dict[int, list[tuple[int, str, tuple[str, ...]]]]:
    """The organisations of each commune and village."""
    orgs: dict[int, list[tuple[int, str, tuple[str, ...]]]] = {}
    next_org = (store.scalar("SELECT max(id) FROM organizations") or 0) + 1
    org_rows = []
    for commune_id in commune_ids:
        commune = commune_names[commune_id].replace("Xã ", "xã ").replace("Thị trấn ", "thị trấn ")
        orgs[commune_id] = []
        for template, kind, fields in ORG_TEMPLATES:
            places = ([v for _, v in villages[commune_id]] if "{v}" in template else [commune])
            for place in places:
                label = place.replace("Thôn ", "thôn ").replace("Xóm ", "xóm ")
                name = template.format(v=f"{label}, {commune}", c=commune)
                org_rows.append((next_org, records.new_uuid(), stamp, stamp, name, kind,
                                 commune_id, fold(name)))
                orgs[commune_id].append((next_org, name, fields))
                next_org += 1
    store.conn.executemany(
        "INSERT INTO organizations (id, uuid, created_at, updated_at, name, kind, area_id,"
        " search_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", org_rows)
    return orgs


def _generate(store: Store, ids: dict[str, int], today: dict[str, int], size: int,
              rng: random.Random) -> None:
    """``size`` initiatives and a fifth as many campaigns under the old communes' villages
    and organisations, written as the 2025 reform leaves them; then the rounds."""
    if size <= 0:
        demo_seed.apply_reform(store, ids, today)
        return
    stamp = records.now_iso()
    commune_ids = [ids[name] for name in demo_seed.DONG_HUNG_COMMUNES]
    commune_names = {ids[name]: name for name in demo_seed.DONG_HUNG_COMMUNES}
    villages = _generate_villages(store, rng, commune_ids, stamp)
    orgs = _generate_orgs(store, commune_ids, commune_names, villages, stamp)
    # The seeds, villages and organisations move now (small tables, indexes in place);
    # generated rows are written already moved.
    moved = demo_seed.move_to_todays_communes(store, ids, today)
    into = demo_seed.reform_map(ids, today)
    world = demo_rows.World(commune_ids, commune_names, villages, orgs, demo_rows.Reform(
        {old: new for old, (new, _key) in into.items()},
        {old: f" {key}" for old, (_new, key) in into.items()}, demo_seed.REFORM_DAY), stamp)
    draws, new = demo_rows.Draws(rng), demo_rows.uuid_stream().__next__
    commended_by_year: dict[int, list[int]] = {}
    with _bulk_load(store, world.counts):
        next_id = store.scalar("SELECT max(id) FROM initiatives") + 1
        next_person = (store.scalar("SELECT max(id) FROM persons") or 0) + 1
        next_campaign = store.scalar("SELECT max(id) FROM campaigns") + 1
        for start in range(0, size, CHUNK):
            rows = demo_rows.initiative_rows(world, draws, new, min(CHUNK, size - start), next_id,
                                             next_person, commended_by_year)
            _write_initiatives(store, rows)
            next_id += len(rows.initiatives)
            next_person += len(rows.persons)
        count = max(1, size // 5)
        for start in range(0, count, CHUNK // 5):
            campaigns, contributions = demo_rows.campaign_rows(
                world, draws, new, min(CHUNK // 5, count - start), next_campaign)
            _write_campaigns(store, campaigns, contributions)
            next_campaign += len(campaigns)
    demo_seed.record_reform(store, moved + world.moved)
    _generate_rounds(store, rng, commended_by_year, stamp)


PER_STATEMENT = 50  # rows per INSERT: a third of executemany's per-row cost in Python


def _insert(store: Store, table: str, columns: str, rows: list[tuple]) -> None:
    """``rows`` into ``table``, PER_STATEMENT rows to an INSERT (SQLite allows 32,766
    values per statement; 50 rows of 24 columns is 1,200)."""
    if not rows:
        return
    one = f"({', '.join('?' * len(rows[0]))})"
    full, rest = divmod(len(rows), PER_STATEMENT)
    if full:
        chain = itertools.chain.from_iterable
        store.conn.executemany(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * PER_STATEMENT)}",
            [tuple(chain(rows[i:i + PER_STATEMENT]))
             for i in range(0, full * PER_STATEMENT, PER_STATEMENT)])
    if rest:
        store.conn.executemany(f"INSERT INTO {table} ({columns}) VALUES {one}",
                               rows[full * PER_STATEMENT:])


def _write_initiatives(store: Store, rows: demo_rows.InitiativeRows) -> None:
    _insert(store, "persons", "id, uuid, created_at, updated_at, full_name, position, area_id,"
            " search_key", rows.persons)
    _insert(store, "initiatives",
            "id, uuid, created_at, updated_at, name, kind, field, organization_id, person_id,"
            " owner_name, position, commune_id, village_id, year, registered_on, themed_year,"
            " status, level, recognized_on, commended_on, search_key, name_sort, owner_sort,"
            " former_commune_id", rows.initiatives)
    _insert(store, "initiative_status_history",
            "uuid, initiative_id, from_status, to_status, changed_on, user, created_at", rows.history)


def _write_campaigns(store: Store, campaigns: list[tuple], contributions: list[tuple]) -> None:
    _insert(store, "campaigns",
            "id, uuid, created_at, updated_at, title, type, commune_id, village_id, status,"
            " started_on, finished_on, estimate_vnd, length_m, width_before_m, width_after_m,"
            " households_benefited, households_poor, households_near_poor, households_asked,"
            " households_agreed, search_key, former_commune_id", campaigns)
    _insert(store, "contributions",
            "uuid, created_at, updated_at, campaign_id, on_date, source, contributor, kind,"
            " amount_vnd, quantity", contributions)


def _generate_rounds(store: Store, rng: random.Random, commended_by_year: dict[int, list[int]],
                     stamp: str) -> None:
    """One commendation round a year, with up to forty of that year's commended
    initiatives as recipients: the district's until the 2025 reform, the province's since
    (no district decides after 01/7/2025)."""
    new = demo_rows.uuid_stream().__next__
    for year in sorted(commended_by_year):
        decided = dt.date(year, 12, 28) if year < TODAY.year else TODAY
        district = decided.isoformat() < demo_seed.REFORM_DAY
        cursor = store.execute(
            "INSERT INTO commendation_rounds (uuid, created_at, updated_at, number, decided_on,"
            " issuer, form, level, year, title, achievement_template)"
            " VALUES (?, ?, ?, ?, ?, ?, 'giay_khen', ?, ?, ?, ?)",
            (new(), stamp, stamp, f"{rng.randint(100, 400)}-QĐ/{'HU' if district else 'TU'}",
             decided.isoformat(),
             "Ban Thường vụ Huyện ủy Đông Hưng" if district else "Ban Thường vụ Tỉnh ủy Hưng Yên",
             "huyen" if district else "tinh", year,
             f'Biểu dương điển hình “Dân vận khéo” năm {year}',
             f'Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm {year}'))
        round_id = cursor.lastrowid
        chosen = rng.sample(commended_by_year[year], min(40, len(commended_by_year[year])))
        achievement = f'Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm {year}'
        marks = ",".join("?" for _ in chosen)
        rows = store.execute(
            f"SELECT id, kind, owner_name, position, field, name FROM initiatives"
            f" WHERE id IN ({marks})", chosen).fetchall()
        store.conn.executemany(
            "INSERT INTO awards (uuid, created_at, updated_at, round_id, initiative_id, kind,"
            " recipient_name, position_unit, field, initiative_name, achievement)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(new(), stamp, stamp, round_id, *tuple(r), achievement) for r in rows])
