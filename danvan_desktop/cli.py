"""The command line (CLI.md): the window's headless twin. No Qt is imported here.

Exit codes: 0 success; 1 input refused; 2 wrong usage; 3 the database cannot be used.
Errors are one or a few Vietnamese lines on stderr; a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

from . import __version__
from .domain.validation import ValidationError
from .paths import resolve_db_path

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_DATABASE = 0, 1, 2, 3

# argparse's own messages, in Vietnamese (it looks them up through gettext at call time).
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
}
argparse._ = lambda text: _ARGPARSE_VI.get(text, text)  # type: ignore[attr-defined]


class CliError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D401 - argparse's hook
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi: {message}\n")


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"năm “{text}” phải có 4 chữ số")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"“{text}” phải là số nguyên không âm")
    return int(text)


def _documents_parsers(command) -> None:
    """``documents list|certificates|alignment|report``."""
    documents = command("documents", "in văn bản ra tệp (PDF; báo cáo cả Word, Excel)")
    which = documents.add_subparsers(dest="document", metavar="VĂN_BẢN", parser_class=_Parser,
                                     required=True)
    listing = which.add_parser("list", help="danh sách biểu dương, khen thưởng của một đợt")
    listing.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    listing.add_argument("--round", type=int, required=True, help="mã đợt (xem lệnh rounds)")
    listing.add_argument("--number", default="", help="số văn bản, ví dụ 12")
    listing.add_argument("--with-score", action="store_true", help="thêm cột điểm chấm")
    listing.add_argument("-o", "--output", required=True, help="tệp PDF")
    certificates = which.add_parser("certificates", help="giấy khen của một đợt, mỗi trang một người")
    certificates.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    certificates.add_argument("--round", type=int, required=True, help="mã đợt (xem lệnh rounds)")
    certificates.add_argument("--blank-form", action="store_true",
                              help="chỉ in phần chữ thay đổi lên phôi in sẵn")
    certificates.add_argument("--paper", choices=["A4", "A3"], default="A4",
                              help="khổ giấy (ngang), mặc định A4")
    certificates.add_argument("-o", "--output", required=True, help="tệp PDF")
    alignment = which.add_parser("alignment", help="trang in thử để căn chỉnh phôi giấy khen")
    alignment.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    alignment.add_argument("--paper", choices=["A4", "A3"], default="A4",
                           help="khổ giấy (ngang), mặc định A4")
    alignment.add_argument("-o", "--output", required=True, help="tệp PDF")
    report = which.add_parser("report", help="báo cáo kết quả của một kỳ (.pdf, .docx, .xlsx)")
    report.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    report.add_argument("--year", type=_year, required=True, help="năm")
    period = report.add_mutually_exclusive_group()
    period.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="quý 1–4")
    period.add_argument("--half", type=int, choices=[1, 2], help="6 tháng đầu (1) / cuối (2)")
    period.add_argument("--nine-months", action="store_true", help="9 tháng")
    period.add_argument("--to-year", type=_year, metavar="Y2",
                        help="năm cuối của giai đoạn nhiều năm (từ --year đến Y2)")
    report.add_argument("--number", default=None, help="số báo cáo, ví dụ 12 (mặc định: số đã lưu)")
    report.add_argument("-o", "--output", required=True,
                        help="tệp .pdf, .docx (Word, để chỉnh sửa) hoặc .xlsx (số liệu)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="danvan", description="Quản lý phong trào thi đua “Dân vận khéo”.")
    parser.add_argument("--version", action="version", version=f"danvan {__version__}",
                        help="in số phiên bản rồi thoát")
    parser.add_argument("--db", metavar="PATH", help="tệp dữ liệu (mặc định: DANVAN_DB hoặc thư mục dữ liệu)")
    parser.add_argument("--debug", action="store_true", help="in chi tiết lỗi để gỡ rối")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
        p.add_argument("--debug", dest="sub_debug", action="store_true", help="in chi tiết lỗi")
        return p

    demo = command("demo", "tạo tệp dữ liệu mẫu (tệp chưa có)")
    demo.add_argument("--size", type=_positive, default=0, help="số mô hình sinh thêm")
    demo.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên")

    stats = command("stats", "số liệu của một kỳ")
    stats.add_argument("--year", type=_year, required=True, help="năm")
    group = stats.add_mutually_exclusive_group()
    group.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="quý 1–4")
    group.add_argument("--half", type=int, choices=[1, 2], help="6 tháng đầu (1) / cuối (2)")
    group.add_argument("--nine-months", action="store_true", help="9 tháng")
    stats.add_argument("--json", action="store_true", help="in dạng JSON")

    backup = command("backup", "sao lưu tệp dữ liệu")
    backup.add_argument("-o", "--output", help="tệp sao lưu (mặc định: thư mục backups)")

    command("check", "kiểm tra tính toàn vẹn của tệp dữ liệu")

    importing = command("import", "nhập mô hình, cuộc vận động, đóng góp từ tệp .xlsx hoặc .csv "
                                          "(tất cả hoặc không gì)")
    importing.add_argument("file", help="tệp .xlsx hoặc .csv")
    importing.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    importing.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    importing.add_argument("--create-places", action="store_true",
                           help="tạo xã, thôn chưa có trong danh mục")
    importing.add_argument("--keep-duplicates", action="store_true",
                           help="vẫn nhập các dòng trùng mô hình, công trình đã có")

    exporting = command("export", "xuất danh sách ra tệp .xlsx")
    exporting.add_argument("--what", choices=["initiatives", "campaigns", "contributions"], required=True)
    exporting.add_argument("--year", type=_year, help="chỉ năm này")
    exporting.add_argument("-o", "--output", required=True, help="tệp .xlsx")

    rounds = command("rounds", "liệt kê các đợt biểu dương, khen thưởng")
    rounds.add_argument("--json", action="store_true", help="in dạng JSON")

    _documents_parsers(command)
    for group in _command_groups():
        group.add_parsers(command, sub)
    return parser


# Command groups kept in modules of their own (one job each): each module has
# ``add_parsers(command, sub)`` and a ``COMMANDS`` dict of name → handler.
_GROUPS: tuple[str, ...] = ("cli_criteria", "cli_packages")


def _command_groups() -> list:
    import importlib

    return [importlib.import_module(f"{__package__}.{name}") for name in _GROUPS]


def _db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "sub_db", None) or args.db)


def cmd_demo(args: argparse.Namespace) -> int:
    from .services.demo import make_demo

    path = _db_path(args)
    if path.exists():
        raise CliError(f"Tệp “{path}” đã có; lệnh demo chỉ tạo tệp mới.", EXIT_REFUSED)
    if not path.parent.is_dir():
        raise CliError(f"Thư mục “{path.parent}” không tồn tại.", EXIT_REFUSED)
    summary = make_demo(path, size=args.size, seed=args.seed)
    print(f"Đã tạo “{path}”: {summary.initiatives} mô hình, {summary.campaigns} cuộc vận động, "
          f"{summary.contributions} khoản đóng góp, {summary.rounds} đợt khen thưởng "
          f"({summary.seconds:.1f} giây).")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from .domain import vocab
    from .domain.periods import make_period
    from .domain.text import format_money, format_number
    from .services.stats import period_stats
    from .store.db import open_store

    period = make_period(args.year, args.quarter, args.half, args.nine_months)
    with open_store(_db_path(args), read_only=True) as store:
        figures = period_stats(store, period)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return EXIT_OK
    ini = figures["initiatives"]
    lines = [f"Số liệu {period.label} ({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})",
             f"Mô hình, điển hình đăng ký: {ini['total']} "
             f"({ini['by_kind']['tap_the']} tập thể, {ini['by_kind']['ca_nhan']} cá nhân)"]
    for term in vocab.FIELDS:
        kinds = ini["by_field_kind"][term.code]
        lines.append(f"  {term.label}: {ini['by_field'][term.code]} "
                     f"({kinds['tap_the']} tập thể, {kinds['ca_nhan']} cá nhân)")
    lines.append(f"Được công nhận trong kỳ: {ini['recognized']}; "
                 f"được biểu dương, khen thưởng: {ini['commended']}")
    camp = figures["campaigns"]
    lines.append(f"Cuộc vận động trong kỳ: {camp['total']} (hoàn thành {camp['completed']})")
    money = figures["contributions"]
    lines.append(f"Nhân dân đóng góp: {format_money(money['money_vnd'])}, "
                 f"{format_number(money['workdays'])} ngày công, "
                 f"{format_number(money['land_m2'])} m² đất, "
                 f"vật tư {format_money(money['materials_vnd'])}")
    lines.append(f"Hộ được hưởng lợi: {figures['households_benefited']}")
    print("\n".join(lines))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from .services.backup import make_backup

    started = time.perf_counter()
    target = make_backup(_db_path(args), args.output)
    size = target.stat().st_size / 1_048_576
    print(f"Đã sao lưu vào “{target}” ({size:.1f} MB, {time.perf_counter() - started:.1f} giây).")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """One Vietnamese line; SQLite's own lines only with --debug. Never writes."""
    from .services.integrity import check_file
    from .store.db import DatabaseDamaged, inspect

    path = _db_path(args)
    try:
        info = inspect(path)
    except DatabaseDamaged as exc:
        raise DatabaseDamaged(f"{exc}{_newest_good_backup(path)}") from exc
    if not info.has_tables:
        raise CliError(f"Tệp “{path}” trống, chưa có dữ liệu (không phải tệp dữ liệu đã dùng)."
                       + _newest_good_backup(path), EXIT_DATABASE)
    problems = check_file(path, full=True)
    if problems:
        if args.debug or getattr(args, "sub_debug", False):
            for line in problems:
                print(line, file=sys.stderr)
        raise CliError(f"Tệp dữ liệu “{path}” bị hỏng ({len(problems)} lỗi khi kiểm tra; chạy lại "
                       "với --debug để xem chi tiết)." + _newest_good_backup(path), EXIT_DATABASE)
    print(f"Tệp dữ liệu “{path}” nguyên vẹn.")
    return EXIT_OK


def _newest_good_backup(path: Path) -> str:
    """The end of a damaged file's message: where the newest sound copy is."""
    from .services.integrity import good_backups

    for copy, _held in good_backups(path, limit=1):
        unsure = ("" if copy.ours else ", không xác định được có đúng là bản sao của tệp này "
                  "không")
        return (f" Bản sao lưu tốt gần nhất: “{copy.path}” ({copy.taken_at:%d/%m/%Y %H:%M}{unsure}); "
                "hãy khôi phục từ cửa sổ chương trình (Tệp → Khôi phục từ bản sao lưu).")
    return " Không tìm thấy bản sao lưu nào còn tốt của tệp này."


def cmd_rounds(args: argparse.Namespace) -> int:
    from .domain import vocab
    from .domain.text import format_date
    from .store.db import open_store
    from .store.rounds import list_rounds

    with open_store(_db_path(args), read_only=True) as store:
        rows = list_rounds(store)
    if args.json:
        print(json.dumps([{"id": r["id"], "number": r["number"], "date": r["decided_on"],
                           "issuer": r["issuer"], "form": r["form"], "year": r["year"],
                           "recipients": r["recipients"]} for r in rows],
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print("Chưa có đợt biểu dương, khen thưởng nào.")
    for r in rows:
        print(f"{r['id']:>4}  Số {r['number']:<14} {format_date(r['decided_on'])}  "
              f"{vocab.ROUND_FORMS.label(r['form']):<10} {r['recipients']:>4} người/tập thể  "
              f"{r['issuer']}")
    return EXIT_OK


def cmd_documents(args: argparse.Namespace) -> int:
    from .store.db import open_store

    output = Path(args.output)
    if not output.parent.exists():
        raise CliError(f"Thư mục “{output.parent}” không tồn tại.", EXIT_REFUSED)
    if args.document != "report" and output.suffix.lower() != ".pdf":
        raise CliError(f"Tệp “{output.name}” phải có đuôi .pdf.", EXIT_USAGE)
    # Certificates record their serials and prints, so they open the file for writing.
    writes = args.document == "certificates"
    if writes:
        _refuse_empty(_db_path(args))
    with _writing(args, "danvan documents certificates", writes), \
            open_store(_db_path(args), read_only=not writes) as store:
        try:
            if args.document == "list":
                from .services.documents.commendation_list import build_commendation_list

                build_commendation_list(store, args.round, output, number=args.number,
                                        show_score=args.with_score)
            elif args.document == "certificates":
                _write_certificates(store, args, output)
            elif args.document == "alignment":
                from .services.documents.certificates import build_alignment_page

                build_alignment_page(store, output, paper=args.paper)
            else:
                _write_report(store, args, output)
        except KeyError as exc:
            raise CliError(str(exc.args[0]), EXIT_REFUSED) from exc
    print(f"Đã ghi “{output}”.")
    return EXIT_OK


def _write_certificates(store, args: argparse.Namespace, output: Path) -> None:
    """Warn (stderr) about every line that does not fit before the file is written."""
    from .services.documents.certificates import build_certificates, overflows
    from .store.serials import SerialTaken

    for overflow in overflows(store, args.round, paper=args.paper, blank_form=args.blank_form):
        print(f"Cảnh báo: {overflow} (in ở cỡ chữ nhỏ nhất vẫn không vừa chỗ; hãy rút gọn).",
              file=sys.stderr)
    try:
        _, pages = build_certificates(store, args.round, output, blank_form=args.blank_form,
                                      paper=args.paper)
    except SerialTaken as exc:
        raise CliError(str(exc), EXIT_REFUSED) from exc
    print(f"{pages} trang ({args.paper} ngang).")


REPORT_WRITERS = {".pdf": ("period_report", "build_report_pdf"),
                  ".docx": ("report_docx", "build_report_docx"),
                  ".xlsx": ("report_xlsx", "build_report_xlsx")}


def _write_report(store, args: argparse.Namespace, output: Path) -> None:
    import importlib

    from .domain.periods import make_period, stage_period

    writer = REPORT_WRITERS.get(output.suffix.lower())
    if writer is None:
        raise CliError(f"Tệp “{output.name}” phải có đuôi .pdf, .docx hoặc .xlsx.", EXIT_USAGE)
    if args.to_year is not None:
        if args.to_year <= args.year:
            raise CliError("--to-year phải sau --year (giai đoạn nhiều năm).", EXIT_USAGE)
        period = stage_period(args.year, args.to_year)
    else:
        period = make_period(args.year, args.quarter, args.half, args.nine_months)
    module = importlib.import_module(f".services.documents.{writer[0]}", __package__)
    getattr(module, writer[1])(store, period, output, number=args.number)


MAX_ERRORS_SHOWN = 50


def _refuse_empty(path: Path) -> None:
    """A writer that has nothing to add to an empty file must not give it a schema."""
    from .store.db import DatabaseMissing, inspect

    if not inspect(path).has_tables:
        raise DatabaseMissing(f"Tệp “{path}” trống, chưa có dữ liệu.")


def _writing(args: argparse.Namespace, command: str, writes: bool = True):
    """The one-writer lock (store/lock.py) for a command that writes the data file: a
    second writer waits briefly, then is told who holds the file. Readers take none."""
    import contextlib

    from .store.lock import writing

    return writing(_db_path(args), command) if writes else contextlib.nullcontext()


def cmd_import(args: argparse.Namespace) -> int:
    """Initiatives, campaigns and contributions, whichever sheets the file has: all of them
    in one transaction, or nothing (exit 1, every refused row listed) if any row is refused."""
    from .services.backup import BEFORE_IMPORT, backup_before
    from .services.exchange.importer import ImportResult, commit_plan, plan_import
    from .services.exchange.reader import FileRefused
    from .store.db import open_store, planning_store

    path = _db_path(args)
    with _writing(args, "danvan import", not args.dry_run):
        # The plan is made without writing: a refused import leaves the file as it was.
        with (open_store(path, read_only=True) if args.dry_run else planning_store(path)) as store:
            try:
                plan = plan_import(store, args.file, create_places=args.create_places)
            except FileRefused as exc:
                raise CliError(str(exc), EXIT_REFUSED) from exc
        written = ImportResult()
        if not plan.errors and not args.dry_run:
            with open_store(path) as store:
                backup_before(path, BEFORE_IMPORT)  # the file as it was, kept 30 days at least
                written = commit_plan(store, plan, keep_duplicates=args.keep_duplicates)
    plan = written.plan or plan  # checked again at the write: what was really written
    report = plan.as_dict()
    report["written"] = written.initiatives
    report["campaigns"]["written"] = written.campaigns
    report["contributions"]["written"] = written.contributions
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_import(plan, report, written, args)
    if plan.errors:
        if not args.json:
            print("Không ghi gì vì có dòng bị từ chối.", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _print_import(plan, report: dict, written, args: argparse.Namespace) -> None:
    for note in plan.notes:
        print(note)
    errors = plan.errors
    for error in errors[:MAX_ERRORS_SHOWN]:
        print(str(error), file=sys.stderr)
    if len(errors) > MAX_ERRORS_SHOWN:
        print(f"… và {len(errors) - MAX_ERRORS_SHOWN} lỗi khác.", file=sys.stderr)
    kept = " (vẫn nhập)." if args.keep_duplicates else " (bỏ qua)."
    for row in plan.duplicates:
        print(f"Dòng {row.row}: có thể trùng mô hình số {row.duplicate_of} đã có" + kept)
    for row in plan.campaigns:
        if row.duplicate_of is not None and not row.errors:
            print(f"Trang “{plan.sheets.get('campaigns', '')}”, dòng {row.row}: công trình đã có "
                  f"(số {row.duplicate_of})" + kept)
    if plan.rows or not (plan.campaigns or plan.contributions):
        print(f"{report['rows']} dòng, {report['valid']} hợp lệ, {len(plan.errors)} lỗi; "
              + ("không ghi gì (--dry-run)." if args.dry_run
                 else f"đã ghi {written.initiatives} mô hình."))
    for key, what in (("campaigns", "công trình"), ("contributions", "khoản đóng góp")):
        part = report[key]
        if part["rows"]:
            print(f"{what.capitalize()}: {part['rows']} dòng, {part['valid']} hợp lệ, "
                  f"{part['refused_total']} lỗi, {len(part['duplicates'])} đã có; "
                  + ("không ghi gì." if args.dry_run else f"đã ghi {part['written']} {what}."))


def cmd_export(args: argparse.Namespace) -> int:
    from .services.exchange import export
    from .store.db import open_store
    from .store.initiatives import InitiativeFilter

    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise CliError(f"Tệp “{output.name}” phải có đuôi .xlsx.", EXIT_USAGE)
    if not output.parent.exists():
        raise CliError(f"Thư mục “{output.parent}” không tồn tại.", EXIT_REFUSED)
    with open_store(_db_path(args), read_only=True) as store:
        if args.what == "initiatives":
            _, count = export.export_initiatives(store, output, InitiativeFilter(year=args.year))
        elif args.what == "campaigns":
            _, count = export.export_campaigns(store, output, args.year)
        else:
            _, count = export.export_contributions(store, output, args.year)
    print(f"Đã xuất {count} dòng vào “{output}”.")
    return EXIT_OK


COMMANDS = {"demo": cmd_demo, "stats": cmd_stats, "backup": cmd_backup, "check": cmd_check,
            "rounds": cmd_rounds, "documents": cmd_documents, "import": cmd_import,
            "export": cmd_export}


def run(argv: list[str]) -> int:
    """Run a sub-command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = args.debug or getattr(args, "sub_debug", False)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    from .store.db import StoreError

    handlers = dict(COMMANDS)
    for group in _command_groups():
        handlers.update(group.COMMANDS)
    try:
        return handlers[args.command](args)
    except CliError as exc:
        _fail(str(exc), debug)
        return exc.code
    except ValidationError as exc:
        _fail("Dữ liệu không hợp lệ: " + "; ".join(e.message for e in exc.errors), debug)
        return EXIT_REFUSED
    except StoreError as exc:
        _fail(str(exc), debug)
        return exc.exit_code
    except sqlite3.DatabaseError as exc:
        _fail(f"Không dùng được tệp dữ liệu “{_db_path(args)}”: {_sqlite_vi(exc)}.", debug)
        return EXIT_DATABASE
    except MemoryError:
        _fail("Không đủ bộ nhớ để làm việc này (tệp quá lớn).", debug)
        return EXIT_REFUSED
    except OSError as exc:
        _fail(_os_vi(exc), debug)
        return EXIT_REFUSED
    except BrokenPipeError:  # the reader (| head) stopped early: not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK
    except KeyboardInterrupt:
        _fail("Đã dừng theo yêu cầu.", debug)
        return EXIT_REFUSED
    except Exception as exc:  # the contract: never a bare traceback
        _fail(f"Lỗi không mong đợi: {exc.__class__.__name__}: {exc}. "
              "Chạy lại với --debug để xem chi tiết.", debug)
        return EXIT_REFUSED


def _sqlite_vi(exc: Exception) -> str:
    from .store.db import describe_sqlite

    return describe_sqlite(exc)


def _os_vi(exc: OSError) -> str:
    import errno

    where = f" “{exc.filename}”" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"Không ghi được{where}: ổ đĩa đầy, hãy giải phóng chỗ trống rồi thử lại."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Không ghi được{where}: chỉ đọc hoặc không có quyền ghi."
    return f"Lỗi đọc ghi tệp{where}: {exc.strerror or exc}."


def _fail(message: str, debug: bool) -> None:
    if debug:
        import traceback

        traceback.print_exc()
    print(f"danvan: {message}", file=sys.stderr)
