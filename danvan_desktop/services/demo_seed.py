"""The real places, initiatives and campaigns of the source documents (DOMAIN.md), written
through the same store functions the window uses, so demo data obeys every rule."""

from __future__ import annotations

from ..domain.entities import Campaign, CommendationRound, Contribution, Initiative, OfficeProfile
from ..domain.text import fold
from ..store import catalog
from ..store.campaigns import save_campaign
from ..store.db import Store
from ..store.initiatives import save_initiative
from ..store.rounds import add_award_from_initiative, save_round

# The demo office: Ban Dân vận Huyện ủy Đông Hưng (Thái Bình), as in the sources.
DONG_HUNG_PROFILE = OfficeProfile(
    parent_body_1="ĐẢNG BỘ TỈNH THÁI BÌNH", parent_body_2="HUYỆN ỦY ĐÔNG HƯNG",
    issuing_body="BAN DÂN VẬN", doc_code="BDVHU", place="Đông Hưng", district_name="Huyện Đông Hưng",
    standing_body="BAN THƯỜNG VỤ HUYỆN ỦY ĐÔNG HƯNG", signer_name="Nguyễn Văn Thành",
    cert_signer_name="Trần Văn Bí")

# Đông Hưng's communes (before the 2025 reform), where generated initiatives live.
DONG_HUNG_COMMUNES = [
    "Thị trấn Đông Hưng", "Xã Đông Cường", "Xã Mê Linh", "Xã Đông Hợp", "Xã Đông Phong",
    "Xã Đông Xá", "Xã Đông Động", "Xã Hồng Giang", "Xã Hồng Việt", "Xã Liên Hoa",
    "Xã Minh Tân", "Xã Phong Dương Tiến", "Xã Lô Giang", "Xã An Châu", "Xã Đông Các",
    "Xã Đông La", "Xã Đông Kinh", "Xã Đông Quang", "Xã Đông Vinh", "Xã Đông Sơn",
    "Xã Đông Hoàng", "Xã Đông Á", "Xã Chương Dương", "Xã Hợp Tiến", "Xã Hoa Lư",
    "Xã Hoa Nam", "Xã Thăng Long", "Xã Nguyên Xá", "Xã Phú Châu", "Xã Trọng Quan",
    "Xã Bạch Đằng", "Xã Minh Phú", "Xã Hà Giang", "Xã Đông Dương", "Xã Đồng Phú",
]
VILLAGE_WORDS = ["Thôn", "Thôn", "Thôn", "Xóm"]


def build_places(store: Store) -> dict[str, int]:
    """The area tree of the seeds; returns ids by the names used below."""
    ids: dict[str, int] = {}
    thai_binh = catalog.ensure_area(store, "Tỉnh Thái Bình", "tinh")
    dong_hung = catalog.ensure_area(store, "Huyện Đông Hưng", "huyen", thai_binh)
    for name in DONG_HUNG_COMMUNES:
        ids[name] = catalog.ensure_area(store, name, "xa", dong_hung)
    ids["Thôn Đầm"] = catalog.ensure_area(store, "Thôn Đầm", "thon", ids["Xã Mê Linh"])
    ids["Thôn Hoành Từ"] = catalog.ensure_area(store, "Thôn Hoành Từ", "thon",
                                               ids["Xã Đông Cường"])

    nghe_an = catalog.ensure_area(store, "Tỉnh Nghệ An", "tinh")
    thai_hoa = catalog.ensure_area(store, "Thị xã Thái Hòa", "huyen", nghe_an)
    for name in ("Xã Tây Hiếu", "Xã Nghĩa Mỹ", "Phường Hòa Hiếu", "Xã Nghĩa Thuận",
                 "Phường Quang Tiến"):
        ids[name] = catalog.ensure_area(store, name, "xa", thai_hoa)
    ids["Xóm Phú Tân"] = catalog.ensure_area(store, "Xóm Phú Tân", "thon", ids["Xã Tây Hiếu"])
    ids["Khối Kim Tân"] = catalog.ensure_area(store, "Khối Kim Tân", "thon",
                                              ids["Phường Hòa Hiếu"])
    ids["Xóm 3"] = catalog.ensure_area(store, "Xóm 3", "thon", ids["Xã Nghĩa Thuận"])

    hai_duong = catalog.ensure_area(store, "Tỉnh Hải Dương", "tinh")
    gia_loc = catalog.ensure_area(store, "Huyện Gia Lộc", "huyen", hai_duong)
    ninh_giang = catalog.ensure_area(store, "Huyện Ninh Giang", "huyen", hai_duong)
    ids["Thị trấn Gia Lộc"] = catalog.ensure_area(store, "Thị trấn Gia Lộc", "xa", gia_loc)
    ids["Thị trấn Ninh Giang"] = catalog.ensure_area(store, "Thị trấn Ninh Giang", "xa",
                                                     ninh_giang)
    phu_tho = catalog.ensure_area(store, "Tỉnh Phú Thọ", "tinh")
    catalog.ensure_area(store, "Huyện Thanh Ba", "huyen", phu_tho)
    return ids


# (name, kind, field, owner, position, commune, village, year, date, status, level, results)
SEED_INITIATIVES = [
    ("Nuôi ong lấy mật, nuôi dê thương phẩm", "tap_the", "kinh_te", "Tổ hợp tác Phú Tân", "",
     "Xã Tây Hiếu", "Xóm Phú Tân", 2020, "2020-03-10", "khen_thuong", "huyen",
     "Thu nhập trên 100 triệu đồng/hộ/năm."),
    ("Sản xuất hương truyền thống và xuất khẩu", "ca_nhan", "kinh_te", "Nguyễn Thị Thu Hằng",
     "Tổ trưởng tổ liên kết sản xuất hương", "Xã Nghĩa Mỹ", None, 2020, "2020-03-12",
     "khen_thuong", "huyen",
     "Thu nhập bình quân 600 triệu đồng/năm; việc làm thường xuyên cho 25 lao động, "
     "thu nhập 3 triệu đồng/tháng."),
    ("Tuyến phố văn minh", "tap_the", "van_hoa_xa_hoi", "Tổ Dân vận khối Kim Tân", "",
     "Phường Hòa Hiếu", "Khối Kim Tân", 2020, "2020-02-20", "cong_nhan", "huyen", ""),
    ("Bồn rửa tay cho em", "tap_the", "van_hoa_xa_hoi", "Thị đoàn Thái Hòa", "",
     "Phường Hòa Hiếu", None, 2020, "2020-04-02", "cong_nhan", "huyen",
     "Lắp đặt bồn rửa tay tại các trường học."),
    ("Tái hòa nhập cộng đồng", "tap_the", "quoc_phong_an_ninh", "Đảng ủy Công an Thị xã", "",
     "Phường Quang Tiến", None, 2020, "2020-03-05", "cong_nhan", "huyen", ""),
    ("Vận động giáo dân chấp hành tốt chủ trương, chính sách", "ca_nhan",
     "quoc_phong_an_ninh", "Nguyễn Phong Lưu", "Xóm trưởng xóm 3, xã Nghĩa Thuận",
     "Xã Nghĩa Thuận", "Xóm 3", 2020, "2020-03-15", "khen_thuong", "huyen", ""),
    ("Bí thư chi bộ gương mẫu, gần dân", "ca_nhan", "xay_dung_dang", "Vũ Thị Huyền",
     "Bí thư đoàn xã, Bí thư chi bộ xóm 3, xã Nghĩa Thuận", "Xã Nghĩa Thuận", "Xóm 3", 2020,
     "2020-03-15", "khen_thuong", "huyen", ""),
    ("Khéo trong công tác tiếp công dân", "tap_the", "xay_dung_dang",
     "Đảng ủy cơ quan Chính quyền Thị xã", "", "Phường Quang Tiến", None, 2020, "2020-01-20",
     "cong_nhan", "huyen", ""),
    ("Rau quả tập trung, an toàn", "tap_the", "kinh_te", "Hội Nông dân huyện Gia Lộc", "",
     "Thị trấn Gia Lộc", None, 2023, "2023-02-15", "cong_nhan", "tinh", ""),
    ("Mạ khay cấy lúa", "tap_the", "kinh_te", "Hội Nông dân huyện Ninh Giang", "",
     "Thị trấn Ninh Giang", None, 2023, "2023-02-20", "cong_nhan", "tinh", ""),
    ("Cánh đồng mẫu lớn", "tap_the", "kinh_te", "Hội Nông dân tỉnh Hải Dương", "",
     "Thị trấn Gia Lộc", None, 2023, "2023-03-01", "dang_thuc_hien", None, ""),
    ("Cụm liên kết công an xã giáp ranh", "tap_the", "quoc_phong_an_ninh",
     "Công an huyện Gia Lộc", "", "Thị trấn Gia Lộc", None, 2023, "2023-03-10",
     "cong_nhan", "tinh", ""),
    ("Nâng bước em đến trường", "tap_the", "van_hoa_xa_hoi", "Ban Chỉ huy Quân sự huyện Gia Lộc",
     "", "Thị trấn Gia Lộc", None, 2023, "2023-04-01", "dang_thuc_hien", None, ""),
    ("Công tác hòa giải ở cơ sở", "tap_the", "xay_dung_dang",
     "Hội Liên hiệp phụ nữ huyện Ninh Giang", "", "Thị trấn Ninh Giang", None, 2023,
     "2023-03-08", "dang_ky", None, ""),
    ("Dân vận khéo trong cải cách hành chính", "tap_the", "xay_dung_dang",
     "Ủy ban nhân dân huyện Gia Lộc", "", "Thị trấn Gia Lộc", None, 2023, "2023-02-28",
     "dang_ky", None, ""),
    ("Chung tay sửa nhà cho hộ cận nghèo", "tap_the", "van_hoa_xa_hoi", "Chi bộ thôn Đầm", "",
     "Xã Mê Linh", "Thôn Đầm", 2022, "2022-10-05", "cong_nhan", "huyen",
     "Quyên góp 30 triệu đồng và ngày công sửa nhà cho bà Nguyễn Thị Huệ; trước đó xây nhà "
     "tình nghĩa cho bà Nguyễn Thị Dậu và quyên góp trên 20 triệu đồng cho cháu bé bệnh nặng."),
    ("Dân biết, dân bàn, dân làm, dân kiểm tra, dân thụ hưởng trong mở rộng đường thôn",
     "tap_the", "kinh_te", "Chi bộ thôn Hoành Từ", "", "Xã Đông Cường", "Thôn Hoành Từ", 2023,
     "2023-01-15", "dang_thuc_hien", None,
     "Thôn đã bê tông hóa 100% đường làng, ngõ xóm, trên 3.500 m."),
]


def add_seed_initiatives(store: Store, ids: dict[str, int]) -> dict[str, int]:
    made: dict[str, int] = {}
    for (name, kind, field, owner, position, commune, village, year, date, status, level,
         results) in SEED_INITIATIVES:
        recognized = status in ("cong_nhan", "khen_thuong", "nhan_rong")
        item = Initiative(
            name=name, kind=kind, field=field, owner_name=owner, position=position,
            commune_id=ids[commune], village_id=ids.get(village) if village else None,
            year=year, registered_on=date, status=status, level=level,
            recognized_on=f"{year}-11-20" if recognized else None,
            commended_on=f"{year}-12-15" if status == "khen_thuong" else None,
            results=results, themed_year="Năm dân vận chính quyền" if year == 2022 else "",
            notable=status == "khen_thuong",
        )
        made[name] = save_initiative(store, item).id
    return made


def add_seed_campaigns(store: Store, ids: dict[str, int], initiatives: dict[str, int]) -> None:
    _add_seed_road(store, ids, initiatives)
    _add_seed_houses(store, ids, initiatives)


def _add_seed_road(store: Store, ids: dict[str, int], initiatives: dict[str, int]) -> None:
    road = Campaign(
        title="Mở rộng đường vào thôn Hoành Từ", type="duong", commune_id=ids["Xã Đông Cường"],
        village_id=ids["Thôn Hoành Từ"], status="dang_thuc_hien", started_on="2023-01-20",
        estimate_vnd=1_200_000_000, length_m=450, width_before_m=3.5, width_after_m=9,
        households_asked=180, households_agreed=176, households_benefited=180,
        initiative_id=initiatives.get(SEED_INITIATIVES[-1][0]),
        notes="Đã làm xong kè hai bên; dự kiến bê tông hóa trong năm 2023. "
              "Mỗi hộ góp 100.000 đồng, hộ có điều kiện góp 1.000.000 đồng; "
              "phần còn lại từ con em xa quê và nhà hảo tâm.",
    )
    ledger = [Contribution(on_date="2023-02-10", source="nhan_dan", kind="tien",
                           contributor=f"Hộ số {n}", amount_vnd=100_000) for n in range(1, 151)]
    ledger += [Contribution(on_date="2023-02-12", source="nhan_dan", kind="tien",
                            contributor=f"Hộ có điều kiện số {n}", amount_vnd=1_000_000)
               for n in range(1, 31)]
    ledger += [
        Contribution(on_date="2023-03-01", source="con_em_xa_que", kind="tien",
                     contributor="Hội đồng hương Hoành Từ tại Hà Nội", amount_vnd=350_000_000),
        Contribution(on_date="2023-03-05", source="nha_hao_tam", kind="tien",
                     contributor="Doanh nghiệp tư nhân Hoành Phát", amount_vnd=200_000_000),
        Contribution(on_date="2023-03-10", source="nhan_dan", kind="ngay_cong",
                     contributor="Nhân dân thôn Hoành Từ", quantity=420),
        Contribution(on_date="2023-03-10", source="nhan_dan", kind="dat",
                     contributor="Các hộ dọc tuyến đường", quantity=2475),
    ]
    save_campaign(store, road, ledger)


def _add_seed_houses(store: Store, ids: dict[str, int], initiatives: dict[str, int]) -> None:
    """Two houses for poor households and a collection for a sick child, in Thôn Đầm."""
    repair = Campaign(
        title="Sửa nhà cho bà Nguyễn Thị Huệ (hộ cận nghèo)", type="nha",
        commune_id=ids["Xã Mê Linh"], village_id=ids["Thôn Đầm"], status="hoan_thanh",
        started_on="2022-11-15", finished_on="2022-12-20", estimate_vnd=30_000_000,
        households_benefited=1, households_near_poor=1,
        initiative_id=initiatives.get("Chung tay sửa nhà cho hộ cận nghèo"),
        notes="Chi bộ, Ban công tác mặt trận thôn vận động nhân dân ủng hộ tiền, ngày công.",
    )
    save_campaign(store, repair, [
        Contribution(on_date="2022-11-20", source="nhan_dan", kind="tien",
                     contributor="Nhân dân thôn Đầm", amount_vnd=30_000_000),
        Contribution(on_date="2022-12-01", source="nhan_dan", kind="ngay_cong",
                     contributor="Đoàn viên, hội viên thôn Đầm", quantity=60),
    ])
    earlier = Campaign(
        title="Xây nhà tình nghĩa cho bà Nguyễn Thị Dậu (hộ nghèo)", type="nha",
        commune_id=ids["Xã Mê Linh"], village_id=ids["Thôn Đầm"], status="hoan_thanh",
        started_on="2021-08-01", finished_on="2021-10-15", households_benefited=1,
        households_poor=1, notes="Chi bộ, Ban công tác mặt trận, Chi hội Phụ nữ thôn Đầm vận động.",
    )
    save_campaign(store, earlier, [
        Contribution(on_date="2021-08-10", source="to_chuc", kind="tien",
                     contributor="Chi hội Phụ nữ thôn Đầm", amount_vnd=15_000_000),
        Contribution(on_date="2021-08-20", source="nhan_dan", kind="ngay_cong",
                     contributor="Nhân dân thôn Đầm", quantity=80),
    ])
    child = Campaign(
        title="Quyên góp giúp cháu bé mắc bệnh hiểm nghèo", type="khac",
        commune_id=ids["Xã Mê Linh"], village_id=ids["Thôn Đầm"], status="hoan_thanh",
        started_on="2022-05-01", finished_on="2022-05-31", households_benefited=1,
    )
    save_campaign(store, child, [
        Contribution(on_date="2022-05-15", source="nhan_dan", kind="tien",
                     contributor="Nhân dân thôn Đầm", amount_vnd=20_500_000),
    ])


def add_seed_round(store: Store, initiatives: dict[str, int]) -> int:
    """The Thái Hòa 2020 commendation: the initiatives marked commended above."""
    round_id = save_round(store, CommendationRound(
        number="125-QĐ/TU", decided_on="2020-12-15", issuer="Ban Thường vụ Thị ủy Thái Hòa",
        form="giay_khen", level="huyen", year=2020,
        title='Biểu dương điển hình “Dân vận khéo” năm 2020',
        achievement_template='Đã có thành tích xuất sắc trong phong trào thi đua '
                             '“Dân vận khéo” năm 2020',
    )).id
    for name, initiative_id in initiatives.items():
        row = next(s for s in SEED_INITIATIVES if s[0] == name)
        if row[9] == "khen_thuong":
            add_award_from_initiative(store, round_id, initiative_id)
    return round_id


# --- The 2026 office: Hưng Yên, which since 1 July 2025 holds the former Thái Bình ------------

HUNG_YEN_CODE = "33"
REFORM_DAY = "2025-07-01"
# Which of today's Hưng Yên communes each old Đông Hưng commune went into. For the demo only:
# an illustrative grouping of neighbours (the real one is Nghị quyết 1669/NQ-UBTVQH15); an
# office maps its own in Danh mục (Sáp nhập).
DONG_HUNG_REFORM = {
    "Xã Đông Hưng": ["Thị trấn Đông Hưng", "Xã Đông Hợp", "Xã Đông Các", "Xã Đông La", "Xã Nguyên Xá"],
    "Xã Bắc Đông Hưng": ["Xã Đông Cường", "Xã Đông Xá", "Xã Đông Động", "Xã Minh Tân"],
    "Xã Bắc Tiên Hưng": ["Xã Mê Linh", "Xã Lô Giang", "Xã Phong Dương Tiến", "Xã Hồng Giang"],
    "Xã Đông Tiên Hưng": ["Xã Hồng Việt", "Xã Liên Hoa", "Xã Hà Giang", "Xã Phú Châu"],
    "Xã Bắc Đông Quan": ["Xã An Châu", "Xã Đông Kinh", "Xã Đông Vinh", "Xã Đông Dương"],
    "Xã Tiên Hưng": ["Xã Chương Dương", "Xã Hợp Tiến", "Xã Thăng Long", "Xã Minh Phú"],
    "Xã Nam Tiên Hưng": ["Xã Đông Sơn", "Xã Đông Hoàng", "Xã Đồng Phú", "Xã Trọng Quan"],
    "Xã Nam Đông Hưng": ["Xã Đông Á", "Xã Hoa Lư", "Xã Hoa Nam", "Xã Bạch Đằng"],
    "Xã Đông Quan": ["Xã Đông Phong", "Xã Đông Quang"],
}
# Districts of the seeds outside Hưng Yên: they stopped on the same day (no place to merge into
# in a Hưng Yên file).
_OTHER_OLD_DISTRICTS = ("Thị xã Thái Hòa", "Huyện Gia Lộc", "Huyện Ninh Giang", "Huyện Thanh Ba")


def hung_yen_profile() -> OfficeProfile:
    from dataclasses import replace

    from ..domain import office

    return replace(office.defaults("tinh", "Tỉnh Hưng Yên"), unit_code=HUNG_YEN_CODE,
                   signer_name="Nguyễn Văn Thành", cert_signer_name="Trần Văn Bí")


def load_todays_places(store: Store) -> dict[str, int]:
    """Hưng Yên and its 104 communes from the official list; ids by name."""
    from ..store import places

    places.load_unit(store, places.read_list(), HUNG_YEN_CODE)
    province = places.area_by_code(store, HUNG_YEN_CODE)
    return {r["name"]: r["id"] for r in catalog.children(store, province)}


def apply_reform(store: Store, ids: dict[str, int], today: dict[str, int]) -> int:
    """1 July 2025 in the demo file: each old Đông Hưng commune merged into today's (its
    villages, organisations and people go with it); records registered before that day move
    to today's commune remembering their old one (so figures can show pre-reform places as they
    were and documents print the name they had); later ones simply belong to today's. Bulk SQL
    as the generator writes (the file is new), with one audit entry for the whole change.
    Returns how many records moved."""
    moved = move_to_todays_communes(store, ids, today)
    record_reform(store, moved)
    return moved


def reform_map(ids: dict[str, int], today: dict[str, int]) -> dict[int, tuple[int, str]]:
    """Old commune id → (today's commune id, today's name folded)."""
    return {ids[old_name]: (today[new_name], fold(new_name))
            for new_name, old_names in DONG_HUNG_REFORM.items() for old_name in old_names}


def move_to_todays_communes(store: Store, ids: dict[str, int], today: dict[str, int]) -> int:
    """The records, places, organisations and people of the old communes moved into
    today's, the old communes and districts retired; how many records moved. (The
    generator writes its rows already moved: apply_reform's audit entry counts them.)"""
    from ..store import records

    # One statement per table over a map of old → today's commune, not one per old commune
    # (the demo calls this before its generated rows, which are written already moved).
    store.execute("CREATE TEMP TABLE reform_map (old_id INTEGER PRIMARY KEY, new_id INTEGER NOT NULL,"
                  " new_key TEXT NOT NULL)")
    store.conn.executemany("INSERT INTO temp.reform_map VALUES (?, ?, ?)",
                           [(old, *new) for old, new in reform_map(ids, today).items()])
    try:
        # Initiatives are found by today's commune's name too (one pass: the search
        # index is rewritten once per record).
        moved = store.execute(
            "UPDATE initiatives SET former_commune_id = CASE WHEN coalesce(registered_on,"
            " year || '-01-01') < ? THEN initiatives.commune_id END, commune_id = m.new_id,"
            " search_key = search_key || ' ' || m.new_key FROM temp.reform_map m"
            " WHERE initiatives.commune_id = m.old_id", (REFORM_DAY,)).rowcount
        moved += store.execute(
            "UPDATE campaigns SET former_commune_id = CASE WHEN coalesce(started_on, created_at) < ?"
            " THEN campaigns.commune_id END, commune_id = m.new_id FROM temp.reform_map m"
            " WHERE campaigns.commune_id = m.old_id", (REFORM_DAY,)).rowcount
        for table, column in (("areas", "parent_id"), ("organizations", "area_id"),
                              ("persons", "area_id")):
            store.execute(f"UPDATE {table} SET {column} = m.new_id FROM temp.reform_map m"
                          f" WHERE {table}.{column} = m.old_id")
        for new_name, old_names in DONG_HUNG_REFORM.items():
            for old_name in old_names:
                records.update(store, "areas", ids[old_name],
                               {"retired_on": REFORM_DAY, "merged_into_id": today[new_name]})
    finally:
        store.execute("DROP TABLE temp.reform_map")
    thai_binh = catalog.find_area(store, "Tỉnh Thái Bình", "tinh")
    for name in ("Huyện Đông Hưng", *_OTHER_OLD_DISTRICTS):
        district = catalog.find_area(store, name, "huyen")
        if district is not None:
            catalog.retire_area(store, district, REFORM_DAY)
    if thai_binh is not None:
        catalog.retire_area(store, thai_binh, REFORM_DAY)
    return moved


def record_reform(store: Store, moved: int) -> None:
    """The one audit entry of the whole change."""
    from ..store import records

    records.audit(store, "reform", "areas", None, None,
                  {"merged": [None, sum(len(v) for v in DONG_HUNG_REFORM.values())],
                   "records_moved": [None, moved], "on": [None, REFORM_DAY]})
