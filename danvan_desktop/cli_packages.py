"""``danvan package export|import``: data packages between offices (CLI.md). No Qt here."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    CliError,
    _db_path,
    _refuse_empty,
    _writing,
    _year,
)


def add_parsers(command, sub) -> None:
    package = command("package", "gói dữ liệu gửi giữa các đơn vị (xã gửi, tỉnh tổng hợp)")
    which = package.add_subparsers(dest="package_action", metavar="VIỆC", required=True,
                                   parser_class=type(package))
    export = which.add_parser("export", help="gửi: ghi một gói dữ liệu (.dvk)")
    export.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    export.add_argument("--year", type=_year, help="năm")
    period = export.add_mutually_exclusive_group()
    period.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="quý 1–4")
    period.add_argument("--half", type=int, choices=[1, 2], help="6 tháng đầu (1) / cuối (2)")
    export.add_argument("--since-last", action="store_true",
                        help="chỉ những gì thay đổi từ gói trước gửi cho nơi nhận này")
    export.add_argument("--to", metavar="MÃ", default="",
                        help="nơi nhận: mã đơn vị hành chính hoặc mã định danh tệp của đơn vị")
    export.add_argument("-o", "--output", required=True, help="tệp gói (.dvk)")
    importing = which.add_parser("import", help="nhận: xem trước rồi gộp một gói dữ liệu")
    importing.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    importing.add_argument("file", help="tệp gói (.dvk)")
    importing.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    importing.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    importing.add_argument("--keep", choices=["theirs", "ours"],
                           help="khi có xung đột: giữ bản của đơn vị gửi (theirs) hay của mình (ours)")


def cmd_package(args: argparse.Namespace) -> int:
    return _export(args) if args.package_action == "export" else _import(args)


def _export(args: argparse.Namespace) -> int:
    from .domain.periods import make_period
    from .services.packages import export_package
    from .services.packages.fileformat import KIND_LABELS
    from .store import packages as log
    from .store.db import open_store

    if (args.quarter or args.half) and not args.year:
        raise CliError("--quarter và --half cần --year.", EXIT_USAGE)
    output = Path(args.output)
    if not output.parent.exists():
        raise CliError(f"Thư mục “{output.parent}” không tồn tại.", EXIT_REFUSED)
    period = make_period(args.year, args.quarter, args.half) if args.year else None
    _refuse_empty(_db_path(args))
    with _writing(args, "danvan package export"), open_store(_db_path(args)) as store:
        recipient = None
        if args.to:
            recipient = log.find_recipient(store, args.to) or (
                log.Office(identity=args.to) if len(args.to) == 36 else log.Office("", unit_code=args.to))
        result = export_package(store, output, period=period, since_last=args.since_last,
                                recipient=recipient)
    m = result.manifest
    parts = ", ".join(f"{KIND_LABELS[k].lower()} {n}" for k, n in m.counts.items() if n)
    print(f"Đã ghi gói “{output}”: {result.total} bản ghi ({parts or 'không có gì thay đổi'}).")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from .services.packages import PackageRefused, preview_file, receive, unresolved
    from .services.packages.fileformat import KIND_LABELS
    from .services.packages.preview import STATE_LABELS
    from .store.db import open_store, planning_store

    report: dict = {}
    path = _db_path(args)
    with _writing(args, "danvan package import", not args.dry_run):
        try:
            # The preview never writes: a refused package leaves the file as it was.
            with planning_store(path) as store:
                preview = preview_file(store, args.file)
            report = preview.as_dict()
            report["written"] = False
            if not args.dry_run:
                choices = {c.uuid: args.keep for c in preview.conflicts} if args.keep else {}
                if unresolved(preview, choices):
                    receive(store, preview, choices)  # refuses (PackageRefused) before any write
                with open_store(path) as store:
                    result = receive(store, preview, choices)
                report["written"] = not result.nothing_to_do
                report["merged"] = result.written
        except PackageRefused as exc:
            if args.json:
                print(json.dumps({**report, "refused": str(exc)}, ensure_ascii=False, indent=2))
            raise CliError(str(exc), EXIT_REFUSED) from exc
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return EXIT_OK
    sender = preview.sender
    print(f"Gói từ {sender.name or sender.unit_code or sender.identity}"
          f"{' (đã nhận trước đây)' if preview.already_received else ''}:")
    for kind, states in report["kinds"].items():
        if any(states.values()):
            print(f"  {KIND_LABELS[kind]}: " + ", ".join(
                f"{STATE_LABELS[s].lower()} {n}" for s, n in states.items() if n))
    for c in preview.conflicts[:50]:
        print(f"  Xung đột — {KIND_LABELS[c.kind]}: “{c.ours_label}” (của mình) / “{c.label}”",
              file=sys.stderr if not args.keep else sys.stdout)
    print("Không ghi gì (--dry-run)." if args.dry_run else
          ("Gói này không thay đổi gì." if not report["written"] else "Đã gộp gói vào tệp dữ liệu."))
    return EXIT_OK


COMMANDS = {"package": cmd_package}
