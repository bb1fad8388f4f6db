"""What the three criteria documents say, independent of PDF or Word: the criteria set
itself (bộ tiêu chí), the scoring sheet of an initiative (phiếu đánh giá, blank or with
an evaluator's points) and the ranking table (bảng tổng hợp kết quả chấm điểm). Both
writers (criteria_pdf.py, criteria_docx.py) render these parts the same way."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain import vocab
from ...domain.criteria import KIND_LABELS, CriteriaSet, grade, points_text, thresholds_text
from ...store import criteria as sc
from ...store.db import Store


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]]
    shares: list[float]  # of the text width
    centred: set[int] = field(default_factory=set)  # columns centred (numbers, points)
    bold_rows: set[int] = field(default_factory=set)  # group and total lines
    spans: set[int] = field(default_factory=set)  # rows whose first cell spans the table


@dataclass
class Page:
    """One document, or one page of a batch (each scoring sheet starts a new page)."""

    kind: str  # BỘ TIÊU CHÍ, PHIẾU ĐÁNH GIÁ, BẢNG TỔNG HỢP
    summary: str
    type_code: str = ""  # with a letterhead: the number's type (QĐ, BC…); '' no letterhead
    note: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, value) above the table
    blocks: list[tuple[str, object]] = field(default_factory=list)  # ("heading"|"text", str) / ("grid", Grid)
    evaluator: str | None = None  # a scoring sheet's signature: the evaluator (blank line if '')
    signed_on: str | None = None  # a filled sheet: the day it was scored (ISO)


def _set_grid(
    criteria_set: CriteriaSet, points: dict[int, float] | None = None, with_points: bool = False
) -> Grid:
    headers = ["Số", "Nội dung tiêu chí", "Điểm tối đa"] + (["Điểm chấm"] if with_points else [])
    shares = [0.08, 0.62, 0.14, 0.16] if with_points else [0.1, 0.72, 0.18]
    grid = Grid(headers, [], shares, centred={0, 2, 3})
    group = None
    for number, c in enumerate(criteria_set.criteria, 1):
        if c.group and c.group != group:
            group = c.group
            grid.spans.add(len(grid.rows))
            grid.bold_rows.add(len(grid.rows))
            grid.rows.append([c.group] + [""] * (len(headers) - 1))
        row = [c.code or str(number), c.wording, points_text(c.max_points)]
        if with_points:
            row.append(points_text((points or {}).get(c.id)))
        grid.rows.append(row)
    total = ["", "Tổng cộng", points_text(criteria_set.total_points)]
    if with_points:
        complete = points is not None and all(c.id in points for c in criteria_set.criteria)
        total.append(points_text(sum(points.values())) if complete else "")
    grid.bold_rows.add(len(grid.rows))
    grid.rows.append(total)
    return grid


def _year_words(criteria_set: CriteriaSet) -> str:
    kind = {"tap_the": " (dành cho tập thể)", "ca_nhan": " (dành cho cá nhân)"}.get(criteria_set.kind, "")
    return f"năm {criteria_set.year}{kind}"


def criteria_page(criteria_set: CriteriaSet) -> Page:
    page = Page(
        "Bộ tiêu chí", f'đánh giá mô hình, điển hình "Dân vận khéo" {_year_words(criteria_set)}', "QĐ"
    )
    page.blocks.append(("grid", _set_grid(criteria_set)))
    if criteria_set.thresholds:
        page.blocks.append(
            (
                "text",
                "Xếp loại theo điểm trung bình của các thành viên chấm: "
                f"{thresholds_text(criteria_set.thresholds)}.",
            )
        )
    return page


def scoring_pages(
    store: Store, year: int, initiative_ids: list[int], evaluator_id: int | None = None
) -> list[Page]:
    """One sheet per initiative: blank, or with the evaluator's points and remark."""
    panel = sc.evaluators(store, year)
    rows = {r["id"]: r for r in sc.year_initiatives(store, year)}
    pages = []
    for initiative_id in initiative_ids:
        row = rows.get(initiative_id)
        if row is None:
            raise KeyError(f"Mô hình số {initiative_id} không thuộc năm {year}.")
        criteria_set = sc.set_for_kind(store, year, row["kind"])
        if criteria_set is None:
            raise KeyError(f"Năm {year} chưa có bộ tiêu chí cho {vocab.KINDS.label(row['kind']).lower()}.")
        sheet = sc.sheet_of(store, criteria_set.id, initiative_id, evaluator_id) if evaluator_id else None
        page = Page(
            "Phiếu đánh giá",
            f'mô hình, điển hình "Dân vận khéo" {_year_words(criteria_set)}',
            evaluator=panel.get(evaluator_id, "") if evaluator_id else "",
        )
        page.signed_on = sheet.scored_on if sheet else None
        page.lines = [
            ("Tên mô hình, điển hình", row["name"]),
            (
                "Tập thể, cá nhân thực hiện",
                row["owner_name"] + (f" – {row['position']}" if row["position"] else ""),
            ),
            ("Địa bàn", row["commune"] or ""),
            ("Lĩnh vực", vocab.FIELDS.label(row["field"])),
            ("Người chấm", panel.get(evaluator_id, "") if evaluator_id else ""),
        ]
        page.blocks.append(
            ("grid", _set_grid(criteria_set, sheet.points if sheet else None, with_points=True))
        )
        result = (
            grade(sheet.total, criteria_set.thresholds)
            if sheet and all(c.id in sheet.points for c in criteria_set.criteria)
            else ""
        )
        if criteria_set.thresholds:
            page.blocks.append(
                ("text", f"Xếp loại: {result or '.' * 30}  ({thresholds_text(criteria_set.thresholds)})")
            )
        remark = sheet.remark if sheet and sheet.remark else ""
        if remark:
            page.blocks.append(("text", f"Nhận xét: {remark}"))
        else:  # room to write by hand
            page.blocks += [("text", "Nhận xét:")] + [("text", "." * 80)] * 3
        pages.append(page)
    return pages


def ranking_page(store: Store, year: int, field_code: str | None = None) -> Page:
    """Letterhead, then per field and kind the ranked registrations with their average."""
    rows = sc.ranking(store, year, field_code)
    panel = sc.evaluators(store, year)
    page = Page(
        "Bảng tổng hợp",
        f'kết quả chấm điểm mô hình, điển hình "Dân vận khéo" năm {year}',
        "BC",
        note=f"({len(panel)} thành viên chấm: {', '.join(panel.values())})" if panel else "",
    )
    numerals = ("I", "II", "III", "IV")
    for number, term in enumerate(vocab.FIELDS):
        of_field = [r for r in rows if r["field"] == term.code]
        if not of_field:
            continue
        page.blocks.append(("heading", f"{numerals[number]}. LĨNH VỰC {term.label.upper()}"))
        for kind in ("tap_the", "ca_nhan"):
            of_kind = [r for r in of_field if r["kind"] == kind]
            if not of_kind:
                continue
            grid = Grid(
                [
                    "Hạng",
                    "Tên mô hình, điển hình",
                    "Tập thể, cá nhân thực hiện",
                    "Địa bàn",
                    "Số phiếu",
                    "Điểm TB",
                    "Xếp loại",
                ],
                [],
                [0.07, 0.3, 0.22, 0.14, 0.08, 0.09, 0.1],
                centred={0, 4, 5, 6},
            )
            for r in of_kind:
                grid.rows.append(
                    [
                        str(r["rank"] or "–"),
                        r["name"],
                        r["owner_name"],
                        r["commune"] or "",
                        str(r["sheets"]),
                        points_text(r["average"]) or "chưa đủ",
                        r["grade"],
                    ]
                )
            page.blocks.append(("text", f"{KIND_LABELS[kind]}: {len(of_kind)} mô hình"))
            page.blocks.append(("grid", grid))
    scored = sum(1 for r in rows if r["average"] is not None)
    page.blocks.append(("text", f"Tổng: {len(rows)} mô hình, điển hình; {scored} đã chấm đủ điểm."))
    return page
