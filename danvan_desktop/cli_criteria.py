"""Command line for criteria and scores (CLI.md, issue 15):

danvan criteria export --db PATH --year Y -o FILE.xlsx   (the year's sets, or a template)
danvan criteria import --db PATH --year Y FILE.xlsx
danvan scores import --db PATH FILE.xlsx                 (one evaluator's workbook)
danvan scores --db PATH --year Y [--json]                (the ranking)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, CliError, _db_path, _Parser, _writing, _year


def add_parsers(command, sub) -> None:
    criteria = command("criteria", "bộ tiêu chí đánh giá của một năm: xuất ra, nhập vào .xlsx")
    which = criteria.add_subparsers(
        dest="criteria_action", metavar="VIỆC", parser_class=_Parser, required=True
    )
    for name, text in (
        ("export", "xuất bộ tiêu chí (hoặc tệp mẫu khi năm chưa có) ra .xlsx"),
        ("import", "nhập bộ tiêu chí từ .xlsx (tất cả hoặc không gì)"),
    ):
        p = which.add_parser(name, help=text, description=text)
        p.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
        p.add_argument("--year", type=_year, required=True, help="năm")
        if name == "export":
            p.add_argument("-o", "--output", required=True, help="tệp .xlsx")
        else:
            p.add_argument("file", help="tệp .xlsx")
    scores = command("scores", "kết quả chấm điểm: bảng xếp hạng của một năm, hoặc nhập phiếu chấm .xlsx")
    scores.add_argument("--year", type=_year, help="năm (bảng xếp hạng)")
    scores.add_argument("--json", action="store_true", help="in dạng JSON")
    action = scores.add_subparsers(dest="scores_action", metavar="VIỆC", parser_class=_Parser)
    importing = action.add_parser("import", help="nhập phiếu chấm điểm của một người chấm (.xlsx)")
    importing.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    importing.add_argument("file", help="tệp .xlsx")
    importing.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    exporting = action.add_parser("export", help="phiếu chấm điểm .xlsx cho từng người chấm của một năm")
    exporting.add_argument("--db", dest="sub_db", metavar="PATH", help="tệp dữ liệu")
    exporting.add_argument("--year", dest="sub_year", type=_year, required=True, help="năm")
    exporting.add_argument(
        "-o", "--output", required=True, help="thư mục ghi các tệp (mỗi người chấm một tệp)"
    )


def _xlsx(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise CliError(f"Tệp “{path.name}” phải có đuôi .xlsx.", EXIT_USAGE)
    return path


def cmd_criteria(args: argparse.Namespace) -> int:
    from .services.criteria import sets_xlsx
    from .services.exchange.reader import FileRefused
    from .store.db import open_store

    if args.criteria_action == "export":
        output = _xlsx(Path(args.output))
        if not output.parent.exists():
            raise CliError(f"Thư mục “{output.parent}” không tồn tại.", EXIT_REFUSED)
        with open_store(_db_path(args), read_only=True) as store:
            _, count = sets_xlsx.export_sets(store, args.year, output)
        print(
            f"Đã ghi “{output}”: "
            + (
                f"{count} bộ tiêu chí năm {args.year}."
                if count
                else f"năm {args.year} chưa có bộ tiêu chí, tệp là mẫu để điền."
            )
        )
        return EXIT_OK
    source = _xlsx(Path(args.file))
    with _writing(args, "danvan criteria import"), open_store(_db_path(args)) as store:
        try:
            plan = sets_xlsx.plan_sets(args.year, source)
            if plan.errors:
                for error in plan.errors:
                    print(str(error), file=sys.stderr)
                print("Không ghi gì vì có dòng bị từ chối.", file=sys.stderr)
                return EXIT_REFUSED
            _backup(args)
            saved = sets_xlsx.import_sets(store, args.year, source)
        except FileRefused as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
    for s in saved:
        print(
            f"Bộ tiêu chí {sets_xlsx.kind_short(s.kind).lower()} năm {s.year}, phiên bản {s.version}: "
            f"{len(s.criteria)} tiêu chí, tổng {s.total_points:g} điểm."
        )
    return EXIT_OK


def cmd_scores(args: argparse.Namespace) -> int:
    if args.scores_action == "import":
        return _import_scores(args)
    if args.scores_action == "export":
        return _export_scores(args)
    if args.year is None:
        raise CliError("Cần --year (năm của bảng xếp hạng), hoặc “scores import TỆP”.", EXIT_USAGE)
    from .store.criteria import ranking
    from .store.db import open_store

    with open_store(_db_path(args), read_only=True) as store:
        rows = ranking(store, args.year)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r["id"],
                        "name": r["name"],
                        "owner": r["owner_name"],
                        "field": r["field"],
                        "kind": r["kind"],
                        "average": r["average"],
                        "sheets": r["sheets"],
                        "grade": r["grade"],
                        "rank": r["rank"],
                        "missing": r["missing"].splitlines(),
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    _print_ranking(rows, args.year)
    return EXIT_OK


def _print_ranking(rows: list[dict], year: int) -> None:
    from .domain import vocab
    from .domain.criteria import points_text

    if not rows:
        print(f"Năm {year} chưa có mô hình nào đăng ký.")
    group = None
    for r in rows:
        if (r["field"], r["kind"]) != group:
            group = (r["field"], r["kind"])
            print(f"{vocab.FIELDS.label(r['field'])} – {vocab.KINDS.label(r['kind']).lower()}:")
        place = str(r["rank"]) if r["rank"] else "–"
        score = points_text(r["average"]) if r["average"] is not None else "chưa đủ điểm"
        line = f"{place:>4}. {r['name']} ({r['owner_name']}): {score}"
        if r["grade"]:
            line += f", {r['grade']}"
        if r["missing"]:
            line += "; " + r["missing"].replace("\n", "; ")
        print(line)


def _import_scores(args: argparse.Namespace) -> int:
    from .services.criteria.scoring_xlsx import import_scores
    from .services.exchange.reader import FileRefused
    from .store.db import open_store

    source = _xlsx(Path(args.file))
    with _writing(args, "danvan scores import", not args.dry_run), \
            open_store(_db_path(args), read_only=args.dry_run) as store:
        try:
            plan = import_scores(store, source, dry_run=True)
            if not plan.errors and not args.dry_run:
                _backup(args)
                plan = import_scores(store, source)
        except FileRefused as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
    for error in plan.errors:
        print(str(error), file=sys.stderr)
    if plan.errors:
        print("Không ghi gì vì có dòng bị từ chối.", file=sys.stderr)
        return EXIT_REFUSED
    verb = "kiểm tra" if args.dry_run else "ghi"
    print(f"Đã {verb} {len(plan.sheets)} phiếu chấm của {plan.evaluator} (năm {plan.year}).")
    return EXIT_OK


def _export_scores(args: argparse.Namespace) -> int:
    from .services.criteria.scoring_xlsx import export_scoring, suggested_name
    from .services.exchange.reader import FileRefused
    from .store.criteria import evaluators
    from .store.db import open_store

    folder = Path(args.output)
    if not folder.is_dir():
        raise CliError(f"Thư mục “{folder}” không tồn tại.", EXIT_REFUSED)
    with open_store(_db_path(args), read_only=True) as store:
        panel = evaluators(store, args.sub_year)
        if not panel:
            raise CliError(f"Năm {args.sub_year} chưa có người chấm.", EXIT_REFUSED)
        try:
            for evaluator_id, name in panel.items():
                path = export_scoring(
                    store, args.sub_year, evaluator_id, folder / suggested_name(name, args.sub_year)
                )
                print(f"{name}: “{path}”")
        except FileRefused as exc:
            raise CliError(str(exc), EXIT_REFUSED) from exc
    return EXIT_OK


def _backup(args: argparse.Namespace) -> None:
    """The file as it was, before an import writes (kept like the other imports' copies)."""
    from .services.backup import BEFORE_IMPORT, backup_before

    backup_before(_db_path(args), BEFORE_IMPORT)


COMMANDS = {"criteria": cmd_criteria, "scores": cmd_scores}
