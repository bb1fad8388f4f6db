"""The rows of ``danvan demo --size N``: initiatives with their owners and status history,
campaigns with their contributions, built a chunk at a time in their final state (today's
commune after the 2025 reform, the former one remembered, today's name in the search key),
so the big tables are written once and never updated.

The loops run millions of times at 1M: each draw is ``random.Random``'s own (``choice``,
``randint``, ``randrange`` are ``_randbelow`` underneath, and ``Draws.below`` is that same
function on the same generator), so a seed gives the same file as it always did, with a
third of the Python calls; days are list offsets whose ISO text is computed once."""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from ..domain import vocab
from ..domain.text import fold, sort_text

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Phan", "Đinh", "Trịnh", "Đào", "Mai", "Tạ", "Lương"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Đình", "Công", "Thanh", "Mạnh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Thị Thu", "Hồng", "Kim"]
GIVEN_MALE = ["Hướng", "Lưu", "Nam", "Bình", "An", "Tuấn", "Dũng", "Hùng", "Thắng", "Cường",
              "Hải", "Sơn", "Long", "Phúc", "Quý", "Toản", "Khải", "Đạt", "Ước", "Vĩnh"]
GIVEN_FEMALE = ["Huệ", "Dậu", "Huyền", "Hằng", "Lan", "Hoa", "Thủy", "Hòa", "Nga", "Yến",
                "Mai", "Oanh", "Ánh", "Liên", "Thảo", "Nhung", "Hương", "Ngân", "Duyên", "Uyên"]
POSITIONS = ["Bí thư chi bộ thôn", "Trưởng thôn", "Chi hội trưởng Hội Nông dân",
             "Chi hội trưởng Phụ nữ", "Bí thư chi đoàn", "Công an viên",
             "Trưởng ban công tác mặt trận", "Hội viên Hội Cựu chiến binh", "Nông dân",
             "Giáo viên", "Chủ hộ kinh doanh", "Công chức văn hóa – xã hội"]
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
FIRST_YEAR = 2016
# Cumulative weights (as ``random.choices(cum_weights=…)`` takes them): the draws of the plain weights.
LEVELS, LEVEL_WEIGHTS = ["xa", "huyen", "tinh", "toan_quoc"], list(accumulate([45, 40, 13, 2]))
SOURCE_WEIGHTS = list(accumulate([55, 15, 15, 10, 5]))
WHATS, WHAT_WEIGHTS = ["tien", "ngay_cong", "dat", "vat_tu"], list(accumulate([60, 25, 5, 10]))
TYPE_WEIGHTS = list(accumulate([35, 30, 12, 10, 8, 5]))
MONEY = [100_000, 200_000, 500_000, 1_000_000, 5_000_000, 20_000_000]

Villages = dict[int, list[tuple[int, str]]]  # commune id → (village id, name)
Orgs = dict[int, list[tuple[int, str, tuple[str, ...]]]]  # commune id → (id, name, fields)


class Draws:
    """``below(n)`` is ``random.Random._randbelow(n)`` (the draw under ``choice``,
    ``randint`` and ``randrange``) on the same generator: ``seq[below(len(seq))]`` is
    ``rng.choice(seq)`` and ``a + below(b - a + 1)`` is ``rng.randint(a, b)``, number for
    number, without three Python frames per draw."""

    def __init__(self, rng: random.Random):
        self.rng, self.random = rng, rng.random
        bits = rng.getrandbits

        def below(n: int) -> int:
            k = n.bit_length()
            r = bits(k)
            while r >= n:
                r = bits(k)
            return r
        self.below = below

    def pick(self, population: list, cum_weights: list[int]):
        """``rng.choices(population, cum_weights=cum_weights)[0]``, the same draw."""
        return population[bisect(cum_weights, self.random() * (cum_weights[-1] + 0.0), 0,
                                 len(population) - 1)]


class Days:
    """Days from 1 January 2016 as offsets; each day's ISO text and year computed once.
    ``day_in(year)`` is the demo's day of a year (to TODAY in the current one)."""

    def __init__(self) -> None:
        first = dt.date(FIRST_YEAR, 1, 1)
        count = (dt.date(TODAY.year + 2, 12, 31) - first).days + 1  # campaigns end up to 400 days on
        dates = [first + dt.timedelta(days=n) for n in range(count)]
        self.iso = [d.isoformat() for d in dates]
        self.year = [d.year for d in dates]
        self.today = (TODAY - first).days
        self.jan1 = {y: (dt.date(y, 1, 1) - first).days for y in range(FIRST_YEAR, TODAY.year + 3)}
        self.dec1 = {y: (dt.date(y, 12, 1) - first).days for y in range(FIRST_YEAR, TODAY.year + 1)}
        self.span = {y: ((TODAY if y == TODAY.year else dt.date(y, 12, 31)) - dt.date(y, 1, 1)).days + 1
                     for y in range(FIRST_YEAR, TODAY.year + 1)}

    def offset(self, iso: str) -> int:
        return (dt.date.fromisoformat(iso) - dt.date(FIRST_YEAR, 1, 1)).days


class _Memo(dict):
    """A function's results by argument; a hit is a plain dict lookup."""

    def __init__(self, function: Callable[[str], str]):
        super().__init__()
        self.function = function

    def __missing__(self, key: str) -> str:
        value = self[key] = self.function(key)
        return value


def uuid_stream() -> Iterator[str]:
    """Time-ordered UUIDs (version 7, RFC 9562: 48 bits of Unix milliseconds, then 74
    random bits), made 4,096 at a time from one long random number: some six million at
    1M, several times faster than ``str(uuid.uuid4())`` each; ascending, as time-ordered
    UUIDs are meant to be (two batches made in the same millisecond may interleave)."""
    bits = random.Random(os.urandom(32)).getrandbits
    variant = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}
    batch = 4096
    while True:
        ms = f"{time.time_ns() // 1_000_000:012x}"
        head = f"{ms[:8]}-{ms[8:]}-7"
        r = f"{bits(80 * batch):0{20 * batch}x}"
        # sorted: each table's unique index on uuid then only ever grows at its end (random
        # order inside a batch makes inserting two million contributions twice as slow)
        yield from sorted([f"{head}{r[i + 1:i + 4]}-{variant[r[i + 4]]}{r[i + 5:i + 8]}-{r[i + 8:i + 20]}"
                           for i in range(0, 20 * batch, 20)])


@dataclass
class Reform:
    """Where an old commune's records go: today's commune, the words its name adds to a
    search key, and the day before which a record remembers the old commune."""

    into: dict[int, int]  # old commune id → today's
    key: dict[int, str]  # old commune id → " " + today's name folded
    day: str  # ISO

    def commune(self, old: int) -> int:
        return self.into.get(old, old)


@dataclass
class World:
    """What every row is drawn from: the generated places and organisations, with their
    texts folded once."""

    commune_ids: list[int]
    commune_names: dict[int, str]
    villages: Villages
    orgs: Orgs
    reform: Reform
    stamp: str

    def __post_init__(self) -> None:
        self.fold, self.sort = _Memo(fold), _Memo(sort_text)
        self.days = Days()
        self.reform_day = self.days.offset(self.reform.day)
        fields = list(FIELD_WEIGHTS)
        self.working = {(c, f): [o for o in self.orgs[c] if f in o[2]] or self.orgs[c]
                        for c in self.orgs for f in fields}
        # a village's place words in a search key (its commune, itself, today's commune)
        self.place_key = {
            v: f"{self.fold[self.commune_names[c]]} {self.fold[name]}{self.reform.key.get(c, '')}"
            for c, vs in self.villages.items() for v, name in vs}
        self.in_text = {v: in_text(name) for vs in self.villages.values() for v, name in vs}
        self.moved = 0  # records now under today's commune (the reform's count)
        self.counts = Counts()


@dataclass
class Counts:
    """The monthly counts (store/aggregates.py) of the rows generated, kept as they are
    drawn: adding them at the end costs nothing, where recounting a million records
    costs four scans."""

    communes: dict[tuple, int] = field(default_factory=dict)  # (month, year, commune) → n
    kinds: dict[tuple, int] = field(default_factory=dict)  # (month, year, field, kind, status)
    # (month, campaign's commune, source, kind) → [money, quantity]
    contributions: dict[tuple, list] = field(default_factory=dict)
    campaigns: dict[tuple, list] = field(default_factory=dict)  # (started, finished, done, type) → [n, hh]

    def tables(self) -> dict[str, list[tuple]]:
        """Rows to add to each table, as aggregates.add takes them."""
        district: dict[tuple, list] = {}  # the communes' ledgers summed
        for (month, _commune, source, kind), (money, quantity) in self.contributions.items():
            total = district.setdefault((month, source, kind), [0, 0.0])
            total[0] += money
            total[1] += quantity
        return {"stats_registered_communes": [(*k, n) for k, n in self.communes.items()],
                "stats_registered_kinds": [(*k, n) for k, n in self.kinds.items()],
                "stats_contributions": [(*k, *v) for k, v in district.items()],
                "stats_commune_contributions": [(*k, *v) for k, v in self.contributions.items()],
                "stats_campaigns": [(*k, *v) for k, v in self.campaigns.items()]}


@dataclass
class InitiativeRows:
    initiatives: list[tuple]
    persons: list[tuple]
    history: list[tuple]


def in_text(place: str) -> str:
    """A place inside a sentence: the kind word in lower case, the name as it is
    (``Thôn Tân Lập`` → ``thôn Tân Lập``)."""
    word, _, name = place.partition(" ")
    return f"{word.lower()} {name}"


def person(draws: Draws) -> str:
    below = draws.below
    if draws.random() < 0.5:
        return (f"{SURNAMES[below(20)]} {MIDDLE_FEMALE[below(len(MIDDLE_FEMALE))]}"
                f" {GIVEN_FEMALE[below(len(GIVEN_FEMALE))]}")
    return (f"{SURNAMES[below(20)]} {MIDDLE_MALE[below(len(MIDDLE_MALE))]}"
            f" {GIVEN_MALE[below(len(GIVEN_MALE))]}")


def initiative_rows(world: World, draws: Draws, new: Callable[[], str], count: int, next_id: int,
                    next_person: int, commended_by_year: dict[int, list[int]]) -> InitiativeRows:
    """``count`` initiatives from ``next_id`` on, their owners from ``next_person`` on."""
    below, rand, days = draws.below, draws.random, world.days
    iso, year_of = days.iso, days.year
    fold_of, sort_of, stamp = world.fold, world.sort, world.stamp
    fields, field_weights = list(FIELD_WEIGHTS), list(accumulate(FIELD_WEIGHTS.values()))
    out = InitiativeRows([], [], [])
    communes, kinds = world.counts.communes, world.counts.kinds
    add, add_person, add_history = out.initiatives.append, out.persons.append, out.history.append
    for _ in range(count):
        year = FIRST_YEAR + below(11)
        registered = days.jan1[year] + below(days.span[year])
        commune_id = world.commune_ids[below(len(world.commune_ids))]
        places = world.villages[commune_id]
        village_id, village = places[below(len(places))]
        field = fields[bisect(field_weights, rand() * 100.0, 0, 3)]
        individual = rand() < 0.2
        kind = "ca_nhan" if individual else "tap_the"
        names = INITIATIVE_NAMES[field]
        name = names[below(len(names))]
        today_commune = world.reform.commune(commune_id)
        world.moved += today_commune != commune_id
        if individual:
            owner = person(draws)
            position = f"{POSITIONS[below(len(POSITIONS))]}, {world.in_text[village_id]}"
            org_id, person_id = None, next_person
            add_person((next_person, new(), stamp, stamp, owner, position, today_commune,
                        fold_of[owner]))
            next_person += 1
            key = f"{fold_of[name]} {fold_of[owner]} {fold_of[position]} {world.place_key[village_id]}"
        else:
            orgs = world.working[commune_id, field]
            org_id, owner, _ = orgs[below(len(orgs))]
            person_id, position = None, ""
            key = f"{fold_of[name]} {fold_of[owner]} {world.place_key[village_id]}"
        status, recognized, commended, level = _progress(draws, days, registered)
        on = iso[registered]
        month = on[:7]
        key_c, key_k = (month, year, today_commune), (month, year, field, kind, status)
        communes[key_c] = communes.get(key_c, 0) + 1
        kinds[key_k] = kinds.get(key_k, 0) + 1
        add((next_id, new(), stamp, stamp, name, kind, field,
             org_id, person_id, owner, position, today_commune, village_id, year, on,
             f"Năm dân vận khéo {year}", status, level,
             None if recognized is None else iso[recognized],
             None if commended is None else iso[commended], key, sort_of[name], sort_of[owner],
             commune_id if registered < world.reform_day and today_commune != commune_id else None))
        add_history((new(), next_id, None, "dang_ky", on, "demo", stamp))
        if recognized is not None:
            add_history((new(), next_id, "dang_ky", "cong_nhan", iso[recognized], "demo", stamp))
        if commended is not None:
            add_history((new(), next_id, "cong_nhan", status, iso[commended], "demo", stamp))
            commended_by_year.setdefault(year_of[commended], []).append(next_id)
        next_id += 1
    return out


def _progress(draws: Draws, days: Days, registered: int) -> tuple[str, int | None, int | None, str | None]:
    """Where an initiative registered on a day stands today: older ones further along
    (status, day recognised, day commended, level)."""
    today = days.today
    age = today - registered
    roll = draws.random()
    if age < 120 or roll < 0.15:
        return ("dang_ky" if age < 60 else "dang_thuc_hien"), None, None, None
    below = draws.below
    if roll < 0.22:
        return ("khong_dat", "dung")[below(2)], None, None, None
    recognized = min(registered + 90 + below(241), today)
    level = LEVELS[bisect(LEVEL_WEIGHTS, draws.random() * 100.0, 0, 3)]
    if roll < 0.75 or today - recognized < 20:
        return "cong_nhan", recognized, None, level
    # 5–28 December of the year recognised
    commended = max(min(days.dec1[days.year[recognized]] + 4 + below(24), today), recognized)
    return ("nhan_rong" if roll > 0.93 else "khen_thuong"), recognized, commended, level


def campaign_rows(world: World, draws: Draws, new: Callable[[], str], count: int,
                  next_id: int) -> tuple[list[tuple], list[tuple]]:
    """``count`` campaigns from ``next_id`` on, ten contributions each."""
    below, rand, days = draws.below, draws.random, world.days
    iso, today, stamp = days.iso, days.today, world.stamp
    types, sources = list(CAMPAIGN_TITLES), list(vocab.SOURCES.codes)
    last_source = len(sources) - 1
    campaigns, contributions = [], []
    add, add_contribution = campaigns.append, contributions.append
    ledger, counted = world.counts.contributions, world.counts.campaigns
    for _ in range(count):
        commune_id = world.commune_ids[below(len(world.commune_ids))]
        places = world.villages[commune_id]
        village_id, _village = places[below(len(places))]
        kind = types[bisect(TYPE_WEIGHTS, rand() * 100.0, 0, 5)]
        year = FIRST_YEAR + below(11)
        started = days.jan1[year] + below(days.span[year])
        households = 20 + below(281)
        estimate = (50 + below(2450)) * 1_000_000
        if kind == "nha":
            poor = rand() < 0.5
            title = CAMPAIGN_TITLES["nha"].format(kind="nghèo" if poor else "cận nghèo",
                                                  name=person(draws))
            households, estimate = 1, (20 + below(100)) * 1_000_000
        else:
            title = CAMPAIGN_TITLES[kind].format(v=world.in_text[village_id])
        finished = started + 30 + below(371)
        done = finished <= today and rand() < 0.85
        status = "hoan_thanh" if done else ("ke_hoach", "lay_y_kien", "dang_thuc_hien")[below(3)]
        asked = households if kind != "nha" else None
        agreed = min(asked, int(asked * draws.rng.uniform(0.85, 1.0)) + 1) if asked else None
        length = 100 + below(2900) if kind == "duong" else None
        today_commune = world.reform.commune(commune_id)
        world.moved += today_commune != commune_id
        add((next_id, new(), stamp, stamp, title, kind, today_commune, village_id, status,
             iso[started], iso[finished] if done else None, estimate, length,
             3.0 if length else None, (5.0, 6.5, 9.0)[below(3)] if length else None,
             households, 1 if kind == "nha" and poor else None,
             1 if kind == "nha" and not poor else None, asked, agreed, world.fold[title],
             commune_id if started < world.reform_day and today_commune != commune_id else None))
        key = (iso[started][:7], iso[finished][:7] if done else "", int(done), kind)
        counted.setdefault(key, [0, 0])
        counted[key][0] += 1
        counted[key][1] += households
        for _ in range(10):
            source = sources[bisect(SOURCE_WEIGHTS, rand() * 100.0, 0, last_source)]
            what = WHATS[bisect(WHAT_WEIGHTS, rand() * 100.0, 0, 3)]
            when = iso[min(started + below(61), today)]
            money = MONEY[below(6)]  # drawn for every kind (the same draws as ever)
            money = money if what in vocab.MONEY_KINDS else None
            quantity = (float(5 + below(196)) if what == "ngay_cong"
                        else float(10 + below(491)) if what == "dat" else None)
            add_contribution((new(), stamp, stamp, next_id, when, source, "", what, money, quantity))
            total = ledger.setdefault((when[:7], today_commune, source, what), [0, 0.0])
            total[0] += money or 0
            total[1] += quantity or 0.0
        next_id += 1
    return campaigns, contributions
