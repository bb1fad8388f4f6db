"""``danvan demo``: a new data file holding the real records of the sources and, with
``size``, about that many generated initiatives with plausible Vietnamese names spread
over 2016–2026, with campaigns (one per five initiatives, ten contributions each) and
commendation rounds. Generated rows are written in bulk, in one transaction, a chunk at a
time, with the indexes and the full-text index built once at the end."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from ..domain import vocab
from ..domain.text import fold, sort_text
from ..store import records
from ..store.db import Store, StoreError, create_store, remove_with_journal
from ..store.profile import save_profile
from . import demo_seed
from .demo_criteria import add_demo_scoring

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Phan", "Đinh", "Trịnh", "Đào", "Mai", "Tạ", "Lương"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Đình", "Công", "Thanh", "Mạnh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Thị Thu", "Hồng", "Kim"]
GIVEN_MALE = ["Hướng", "Lưu", "Nam", "Bình", "An", "Tuấn", "Dũng", "Hùng", "Thắng", "Cường",
              "Hải", "Sơn", "Long", "Phúc", "Quý", "Toản", "Khải", "Đạt", "Ước", "Vĩnh"]
GIVEN_FEMALE = ["Huệ", "Dậu", "Huyền", "Hằng", "Lan", "Hoa", "Thủy", "Hòa", "Nga", "Yến",
                "Mai", "Oanh", "Ánh", "Liên", "Thảo", "Nhung", "Hương", "Ngân", "Duyên", "Uyên"]
VILLAGE_NAMES = ["Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Nội", "Ngoại", "Tiền",
                 "Hậu", "An Lạc", "Phú Lương", "Thanh Bình", "Hòa Bình", "Tân Lập"]
POSITIONS = ["Bí thư chi bộ thôn", "Trưởng thôn", "Chi hội trưởng Hội Nông dân",
             "Chi hội trưởng Phụ nữ", "Bí thư chi đoàn", "Công an viên",
             "Trưởng ban công tác mặt trận", "Hội viên Hội Cựu chiến binh", "Nông dân",
             "Giáo viên", "Chủ hộ kinh doanh", "Công chức văn hóa – xã hội"]
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
INITIATIVE_NAMES = {
    "kinh_te": ["Cánh đồng mẫu lớn", "Mạ khay cấy lúa", "Rau quả tập trung, an toàn",
                "Nuôi ong lấy mật", "Tổ hợp tác trồng dưa lưới", "Chuyển đổi đất lúa kém hiệu quả",
                "Dân vận khéo trong xây dựng nông thôn mới kiểu mẫu", "Dồn điền đổi thửa",
                "Liên kết tiêu thụ nông sản", "Vườn mẫu nông thôn mới", "Nuôi cá lồng bè"],
    "van_hoa_xa_hoi": ["Tuyến phố văn minh", "Bồn rửa tay cho em", "Nâng bước em đến trường",
                       "Phân loại rác thải tại nguồn", "Đường hoa nông thôn mới",
                       "Thắp sáng đường quê", "Mái ấm tình thương", "Khu dân cư không rác thải",
                       "Tủ sách cộng đồng", "Câu lạc bộ dưỡng sinh người cao tuổi"],
    "quoc_phong_an_ninh": ["Cụm liên kết công an xã giáp ranh", "Camera an ninh thôn xóm",
                           "Tái hòa nhập cộng đồng", "Tổ tự quản an ninh trật tự",
                           "Dòng họ không có người vi phạm pháp luật", "Giáo xứ bình yên",
                           "Tiếng kẻng an ninh", "Thanh niên xung kích giữ gìn trật tự"],
    "xay_dung_dang": ["Khéo trong công tác tiếp công dân", "Công tác hòa giải ở cơ sở",
                      "Dân vận khéo trong cải cách hành chính", "Chi bộ bốn tốt",
                      "Đảng viên gần dân, hiểu dân", "Một cửa thân thiện",
                      "Sinh hoạt chi bộ chuyên đề", "Đối thoại với nhân dân"],
}
FIELD_WEIGHTS = {"kinh_te": 40, "van_hoa_xa_hoi": 35, "quoc_phong_an_ninh": 13, "xay_dung_dang": 12}
CAMPAIGN_TITLES = {
    "duong": "Mở rộng, bê tông hóa đường {v}",
    "nha": "Sửa nhà cho hộ {kind} {name}",
    "chieu_sang": "Thắp sáng đường quê {v}",
    "camera": "Lắp camera an ninh {v}",
    "moi_truong": "Phân loại rác thải tại nguồn {v}",
    "khac": "Xây nhà văn hóa {v}",
}
TODAY = dt.date(2026, 11, 21)
# Cumulative weights (as ``random.choices(cum_weights=…)`` takes them): the draws of the plain weights.
LEVELS, LEVEL_WEIGHTS = ["xa", "huyen", "tinh", "toan_quoc"], list(accumulate([45, 40, 13, 2]))
SOURCE_WEIGHTS = list(accumulate([55, 15, 15, 10, 5]))
WHATS, WHAT_WEIGHTS = ["tien", "ngay_cong", "dat", "vat_tu"], list(accumulate([60, 25, 5, 10]))


@dataclass
class DemoSummary:
    initiatives: int
    campaigns: int
    contributions: int
    rounds: int
    seconds: float


def _person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"


def _in_text(place: str) -> str:
    """A place inside a sentence: the kind word in lower case, the name as it is
    (``Thôn Tân Lập`` → ``thôn Tân Lập``)."""
    word, _, name = place.partition(" ")
    return f"{word.lower()} {name}"


def _day_in(rng: random.Random, year: int) -> dt.date:
    last = TODAY if year == TODAY.year else dt.date(year, 12, 31)
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange((last - dt.date(year, 1, 1)).days + 1))


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
        _claim(temp, path)
    except BaseException:
        remove_with_journal(temp)
        raise
    return summary


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
        with store.atomic():
            save_profile(store, demo_seed.DONG_HUNG_PROFILE)
            ids = demo_seed.build_places(store)
            seeds = demo_seed.add_seed_initiatives(store, ids)
            demo_seed.add_seed_campaigns(store, ids, seeds)
            demo_seed.add_seed_round(store, seeds)
            if size > 0:
                say(f"Đang tạo {size} mô hình mẫu…")
                _generate(store, ids, size, random.Random(seed))
            add_demo_scoring(store, random.Random(seed))
            records.audit(store, "demo", "database", None, None,
                          {"size": [None, size], "seed": [None, seed]})
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
def _bulk_load(store: Store) -> Iterator[None]:
    """Drop the bulk tables' indexes and triggers (the full-text index is kept in step by
    triggers), then build them once after the rows are in: sorting a million keys once is
    far cheaper than keeping every B-tree up row by row."""
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
        store.execute("INSERT INTO initiatives_fts(initiatives_fts) VALUES ('rebuild')")
    finally:
        store.execute(f"PRAGMA cache_size = {cache}")


def _uuid_maker() -> Callable[[], str]:
    """Time-ordered UUIDs (version 7, RFC 9562: 48 bits of Unix milliseconds, then 74
    random bits), several times faster than ``str(uuid.uuid4())``: five million of them
    at 1M, and each table's unique index on ``uuid`` then grows at its end instead of
    at a random place."""
    bits = random.Random(os.urandom(32)).getrandbits
    clock = time.time_ns

    def make() -> str:
        h = f"{clock() // 1_000_000:012x}{bits(80):020x}"
        return f"{h[:8]}-{h[8:12]}-7{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"
    return make


def _pick(rng: random.Random, population: list, cum_weights: list[int]):
    """``rng.choices(population, cum_weights=cum_weights)[0]`` without building a list:
    the same draw from the same generator, for a loop run millions of times."""
    return population[bisect(cum_weights, rng.random() * (cum_weights[-1] + 0.0), 0,
                             len(population) - 1)]


class _Keys:
    """``fold``/``sort_text`` of the few thousand distinct parts a demo is made of, each
    computed once: the search key of a row is its parts' folds joined (fold keeps single
    spaces and strips, so folding the joined text gives the same)."""

    def __init__(self) -> None:
        self.fold = lru_cache(maxsize=None)(fold)
        self.sort = lru_cache(maxsize=None)(sort_text)

    def key(self, *parts: str) -> str:
        return " ".join(f for f in map(self.fold, parts) if f)


def _generate(store: Store, ids: dict[str, int], size: int, rng: random.Random) -> None:
    stamp = records.now_iso()
    commune_ids = [ids[name] for name in demo_seed.DONG_HUNG_COMMUNES]
    commune_names = {ids[name]: name for name in demo_seed.DONG_HUNG_COMMUNES}
    villages = _generate_villages(store, rng, commune_ids, stamp)
    orgs = _generate_orgs(store, commune_ids, commune_names, villages, stamp)
    keys = _Keys()
    with _bulk_load(store):
        commended_by_year: dict[int, list[int]] = {}
        next_id = store.scalar("SELECT max(id) FROM initiatives") + 1
        next_person = (store.scalar("SELECT max(id) FROM persons") or 0) + 1
        for start in range(0, size, CHUNK):
            count = min(CHUNK, size - start)
            next_id, next_person = _generate_initiatives(
                store, rng, keys, count, next_id, next_person, commune_ids, commune_names,
                villages, orgs, commended_by_year, stamp)
        _generate_campaigns(store, rng, keys, commune_ids, villages, max(1, size // 5), stamp)
    _generate_rounds(store, rng, commended_by_year, stamp)


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


def _generate_initiatives(store: Store, rng: random.Random, keys: _Keys, count: int,
                          next_id: int, next_person: int, commune_ids: list[int],
                          commune_names: dict[int, str],
                          villages: dict[int, list[tuple[int, str]]],
                          orgs: dict[int, list[tuple[int, str, tuple[str, ...]]]],
                          commended_by_year: dict[int, list[int]], stamp: str) -> tuple[int, int]:
    """``count`` initiatives with their owners and status history, written in one go;
    returns the next free initiative and person ids."""
    new = _uuid_maker()
    initiative_rows, person_rows, history_rows = [], [], []
    fields = list(FIELD_WEIGHTS)
    working = {(c, f): [o for o in orgs[c] if f in o[2]] or orgs[c] for c in orgs for f in fields}
    weights = list(accumulate(FIELD_WEIGHTS.values()))  # cumulative: same draws, less work
    for _ in range(count):
        year = rng.randint(2016, 2026)
        registered = _day_in(rng, year)
        commune_id = rng.choice(commune_ids)
        village_id, village = rng.choice(villages[commune_id])
        field = _pick(rng, fields, weights)
        kind = "ca_nhan" if rng.random() < 0.2 else "tap_the"
        name = rng.choice(INITIATIVE_NAMES[field])
        if kind == "tap_the":
            org_id, owner, _ = rng.choice(working[commune_id, field])
            person_id, position = None, ""
        else:
            owner = _person(rng)
            position = f"{rng.choice(POSITIONS)}, {_in_text(village)}"
            org_id, person_id = None, next_person
            person_rows.append((next_person, new(), stamp, stamp, owner, position, commune_id,
                                keys.fold(owner)))
            next_person += 1
        status, recognized, commended, level = _progress(rng, registered)
        key = keys.key(name, owner, position, commune_names[commune_id], village)
        on = registered.isoformat()
        initiative_rows.append((
            next_id, new(), stamp, stamp, name, kind, field, org_id, person_id, owner, position,
            commune_id, village_id, year, on, f"Năm dân vận khéo {year}",
            status, level, recognized, commended, key, keys.sort(name), keys.sort(owner),
        ))
        history_rows.append((new(), next_id, None, "dang_ky", on, "demo"))
        if recognized:
            history_rows.append((new(), next_id, "dang_ky", "cong_nhan", recognized, "demo"))
        if commended:
            history_rows.append((new(), next_id, "cong_nhan", status, commended, "demo"))
            commended_by_year.setdefault(int(commended[:4]), []).append(next_id)
        next_id += 1
    store.conn.executemany(
        "INSERT INTO persons (id, uuid, created_at, updated_at, full_name, position, area_id,"
        " search_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", person_rows)
    store.conn.executemany(
        "INSERT INTO initiatives (id, uuid, created_at, updated_at, name, kind, field,"
        " organization_id, person_id, owner_name, position, commune_id, village_id, year,"
        " registered_on, themed_year, status, level, recognized_on, commended_on, search_key,"
        " name_sort, owner_sort)"
        f" VALUES ({', '.join('?' * 23)})", initiative_rows)
    store.conn.executemany(
        "INSERT INTO initiative_status_history (uuid, initiative_id, from_status, to_status,"
        " changed_on, user) VALUES (?, ?, ?, ?, ?, ?)", history_rows)
    return next_id, next_person


def _progress(rng: random.Random, registered: dt.date) -> tuple[str, str | None, str | None, str | None]:
    """Where an initiative registered on a date stands today: older ones further along."""
    age = (TODAY - registered).days
    roll = rng.random()
    if age < 120 or roll < 0.15:
        return ("dang_ky" if age < 60 else "dang_thuc_hien"), None, None, None
    if roll < 0.22:
        return rng.choice(["khong_dat", "dung"]), None, None, None
    recognized = min(registered + dt.timedelta(days=rng.randint(90, 330)), TODAY)
    level = _pick(rng, LEVELS, LEVEL_WEIGHTS)
    if roll < 0.75 or (TODAY - recognized).days < 20:
        return "cong_nhan", recognized.isoformat(), None, level
    commended = min(dt.date(recognized.year, 12, rng.randint(5, 28)), TODAY)
    commended = max(commended, recognized)
    status = "nhan_rong" if roll > 0.93 else "khen_thuong"
    return status, recognized.isoformat(), commended.isoformat(), level


def _generate_campaigns(store: Store, rng: random.Random, keys: _Keys, commune_ids: list[int],
                        villages: dict[int, list[tuple[int, str]]], count: int,
                        stamp: str) -> None:
    """``count`` campaigns, ten contributions each, written a chunk at a time."""
    next_id = store.scalar("SELECT max(id) FROM campaigns") + 1
    for start in range(0, count, CHUNK // 5):
        next_id = _campaign_chunk(store, rng, keys, commune_ids, villages,
                                  min(CHUNK // 5, count - start), next_id, stamp)


def _campaign_chunk(store: Store, rng: random.Random, keys: _Keys, commune_ids: list[int],
                    villages: dict[int, list[tuple[int, str]]], count: int, next_id: int,
                    stamp: str) -> int:
    new = _uuid_maker()
    types = list(CAMPAIGN_TITLES)
    type_weights = list(accumulate([35, 30, 12, 10, 8, 5]))
    sources = list(vocab.SOURCES.codes)
    campaign_rows, contribution_rows = [], []
    for _ in range(count):
        commune_id = rng.choice(commune_ids)
        village_id, village = rng.choice(villages[commune_id])
        kind = _pick(rng, types, type_weights)
        started = _day_in(rng, rng.randint(2016, 2026))
        households = rng.randint(20, 300)
        estimate = rng.randrange(50, 2500) * 1_000_000
        if kind == "nha":
            poor = rng.random() < 0.5
            title = CAMPAIGN_TITLES["nha"].format(kind="nghèo" if poor else "cận nghèo",
                                                  name=_person(rng))
            households, estimate = 1, rng.randrange(20, 120) * 1_000_000
        else:
            title = CAMPAIGN_TITLES[kind].format(v=_in_text(village))
        finished = started + dt.timedelta(days=rng.randint(30, 400))
        done = finished <= TODAY and rng.random() < 0.85
        status = "hoan_thanh" if done else rng.choice(["ke_hoach", "lay_y_kien", "dang_thuc_hien"])
        asked = households if kind != "nha" else None
        agreed = min(asked, int(asked * rng.uniform(0.85, 1.0)) + 1) if asked else None
        length = rng.randrange(100, 3000) if kind == "duong" else None
        campaign_rows.append((
            next_id, new(), stamp, stamp, title, kind, commune_id, village_id, status,
            started.isoformat(), finished.isoformat() if done else None, estimate, length,
            3.0 if length else None, rng.choice([5.0, 6.5, 9.0]) if length else None,
            households, 1 if kind == "nha" and poor else None,
            1 if kind == "nha" and not poor else None, asked, agreed, keys.fold(title),
        ))
        for _ in range(10):
            source = _pick(rng, sources, SOURCE_WEIGHTS)
            what = _pick(rng, WHATS, WHAT_WEIGHTS)
            when = started + dt.timedelta(days=rng.randint(0, 60))
            money = rng.choice([100_000, 200_000, 500_000, 1_000_000, 5_000_000, 20_000_000])
            amount = money if what in vocab.MONEY_KINDS else None
            quantity = (float(rng.randint(5, 200)) if what == "ngay_cong"
                        else float(rng.randint(10, 500)) if what == "dat" else None)
            contribution_rows.append((new(), stamp, stamp, next_id, min(when, TODAY).isoformat(),
                                      source, "", what, amount, quantity))
        next_id += 1
    store.conn.executemany(
        "INSERT INTO campaigns (id, uuid, created_at, updated_at, title, type, commune_id,"
        " village_id, status, started_on, finished_on, estimate_vnd, length_m, width_before_m,"
        " width_after_m, households_benefited, households_poor, households_near_poor,"
        " households_asked, households_agreed, search_key)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", campaign_rows)
    store.conn.executemany(
        "INSERT INTO contributions (uuid, created_at, updated_at, campaign_id, on_date, source,"
        " contributor, kind, amount_vnd, quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        contribution_rows)
    return next_id


def _generate_rounds(store: Store, rng: random.Random, commended_by_year: dict[int, list[int]],
                     stamp: str) -> None:
    """One district commendation round a year, with up to forty of that year's
    commended initiatives as recipients."""
    new = _uuid_maker()
    for year in sorted(commended_by_year):
        decided = dt.date(year, 12, 28) if year < TODAY.year else TODAY
        cursor = store.execute(
            "INSERT INTO commendation_rounds (uuid, created_at, updated_at, number, decided_on,"
            " issuer, form, level, year, title, achievement_template)"
            " VALUES (?, ?, ?, ?, ?, ?, 'giay_khen', 'huyen', ?, ?, ?)",
            (new(), stamp, stamp, f"{rng.randint(100, 400)}-QĐ/HU", decided.isoformat(),
             "Ban Thường vụ Huyện ủy Đông Hưng", year,
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
