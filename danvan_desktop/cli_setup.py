"""``danvan setup``: a new data file for an office, places from the official list."""

from __future__ import annotations

import argparse

from .cli import EXIT_OK, EXIT_REFUSED, CliError, _db_path
from .domain import office
from .domain.validation import ValidationError


def add_parsers(command, sub) -> None:
    setup = command("setup", "tạo tệp dữ liệu mới cho một cơ quan, địa bàn lấy từ danh sách chính thức")
    setup.add_argument("--level", required=True, choices=office.LEVEL_CODES,
                       help="cấp cơ quan: tinh (Ban Tuyên giáo và Dân vận tỉnh), xa (Đảng ủy xã), "
                            "mttq_xa (Ủy ban MTTQ xã), dac_khu (đặc khu), "
                            "huyen (Ban Dân vận huyện, hồ sơ cũ)")
    setup.add_argument("--unit", required=True, metavar="CODE",
                       help="mã đơn vị hành chính: của tỉnh (tinh, huyen) hoặc của xã, phường, đặc khu "
                            "(xem: danvan places codes)")
    setup.add_argument("--district", default="", metavar="TÊN",
                       help="tên huyện cũ, với --level huyen (ví dụ “Đông Hưng”)")


def cmd_setup(args: argparse.Namespace) -> int:
    from .services.office_setup import create_office_file, default_profile

    path = _db_path(args)
    try:
        choice, loaded = create_office_file(path, args.level, args.unit, args.district)
    except ValidationError as exc:
        raise CliError(" ".join(e.message for e in exc.errors), EXIT_REFUSED) from exc
    profile = default_profile(choice, args.district)
    unit = choice.unit or choice.province
    places_text = (f"{loaded['communes']} xã, phường, đặc khu" if choice.level == "tinh"
                   else unit.name if choice.unit else choice.province.name)
    print(f"Đã tạo “{path}” cho {office.level(choice.level).label}: {unit.name} (mã {unit.code}).\n"
          f"Địa bàn: {places_text}. Văn bản: {profile.issuing_body}, mã {profile.doc_code}; "
          "sửa tên người ký và nơi nhận trong Cài đặt.")
    return EXIT_OK


COMMANDS = {"setup": cmd_setup}
