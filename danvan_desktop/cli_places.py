"""``danvan places``: the official list of administrative units (codes, a newer list)."""

from __future__ import annotations

import argparse

from .cli import EXIT_OK, EXIT_REFUSED, CliError, _db_path
from .domain.validation import ValidationError


def add_parsers(command, sub) -> None:
    places = command("places", "địa bàn theo danh sách đơn vị hành chính chính thức")
    actions = places.add_subparsers(dest="places_action", metavar="VIỆC", required=True,
                                    parser_class=type(places))
    update = actions.add_parser("update", help="nạp danh sách mới hơn (mã giữ nguyên; tên, loại đổi)")
    update.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    update.add_argument("--debug", dest="sub_debug", action="store_true", help="in chi tiết lỗi")
    update.add_argument("file", metavar="FILE.json", help="danh sách cùng dạng với danh sách đi kèm")
    update.add_argument("--on", metavar="NGÀY",
                        help="ngày có hiệu lực (dd/mm/yyyy; mặc định: ngày trong tên tệp, hoặc hôm nay)")
    codes = actions.add_parser("codes", help="in mã các tỉnh, hoặc các xã của một tỉnh")
    codes.add_argument("--province", metavar="CODE", help="mã tỉnh")
    codes.add_argument("--debug", dest="sub_debug", action="store_true", help="in chi tiết lỗi")


def cmd_places(args: argparse.Namespace) -> int:
    return _update(args) if args.places_action == "update" else _codes(args)


def _update(args: argparse.Namespace) -> int:
    import datetime as dt

    from .domain.text import parse_date
    from .store import places
    from .store.db import open_store

    try:
        units = places.read_list(args.file)  # refused here, before the data file is opened
    except ValidationError as exc:
        raise CliError(" ".join(e.message for e in exc.errors), EXIT_REFUSED) from exc
    try:
        day = parse_date(args.on) if args.on else None
    except ValueError:
        raise CliError(f"Ngày “{args.on}” không đúng dạng dd/mm/yyyy.", EXIT_REFUSED) from None
    on_date = day.isoformat() if day else (places.list_date(args.file) or dt.date.today().isoformat())
    from .store.profile import get_profile

    with open_store(_db_path(args)) as store:
        result = places.update_places(store, units, on_date)
        own = places.office_renamed(units, result, get_profile(store).unit_code)
    print(f"Đã nạp danh sách từ ngày {on_date[8:]}/{on_date[5:7]}/{on_date[:4]}: {result.summary()}")
    for old, new in result.renamed:
        print(f"  {old} → {new}")
    for name in result.missing:
        print(f"  không còn trong danh sách: {name}")
    if own:
        print("Đơn vị của cơ quan đã đổi tên: hãy sửa tiêu đề văn bản, địa danh và nơi nhận trong "
              "Cài đặt (các tên ở đó không tự đổi).")
    return EXIT_OK


def _codes(args: argparse.Namespace) -> int:
    from .store import places

    units = places.read_list()
    if args.province:
        if units.province(args.province) is None:
            raise CliError(f"Không có tỉnh, thành phố mã “{args.province}”.", EXIT_REFUSED)
        rows = units.sorted_communes(args.province)
    else:
        rows = units.sorted_provinces()
    print("\n".join(f"{u.code}\t{u.name}" for u in rows))
    return EXIT_OK


COMMANDS = {"places": cmd_places}
