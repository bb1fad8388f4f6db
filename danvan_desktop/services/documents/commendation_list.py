"""1. The commendation list (danh sách biểu dương / khen thưởng) of one round: letterhead,
collectives then individuals (individuals by given name), the header row repeated on
every page, no row split across pages, the total line, signature and recipients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ...domain import vocab
from ...domain.entities import Award, CommendationRound, OfficeProfile
from ...domain.text import format_date, person_sort_key, vietnamese_key
from ...store.db import Store
from ...store.profile import get_profile
from ...store.rounds import awards_of, get_round
from .layout import Margins, Styles, esc, letterhead, number_text, page_numbers, signature_block
from .layout import title_block as make_title

HEADERS = ["STT", "Tên tập thể / Họ và tên", "Chức vụ, đơn vị", "Tên mô hình, điển hình",
           "Lĩnh vực", "Thành tích tóm tắt", "Ghi chú"]
# Shares of the text width for the seven columns.
COLUMN_SHARES = [0.06, 0.19, 0.16, 0.19, 0.11, 0.21, 0.08]

FORM_WORDS = {"bieu_duong": "được biểu dương", "giay_khen": "được tặng Giấy khen",
              "bang_khen": "được tặng Bằng khen"}


def summary_of(rnd: CommendationRound) -> tuple[str, str]:
    """The summary line and the decision it belongs to."""
    words = FORM_WORDS.get(rnd.form, "được biểu dương, khen thưởng")
    summary = f"tập thể, cá nhân {words} điển hình \"Dân vận khéo\" năm {rnd.year}"
    note = f"(Kèm theo Quyết định số {rnd.number}"
    if rnd.decided_on:
        note += f" ngày {format_date(rnd.decided_on)}"
    note += f" của {rnd.issuer})" if rnd.issuer else ")"
    return summary, note


def ordered(awards: list[Award]) -> tuple[list[Award], list[Award]]:
    """Collectives by field then name; individuals by given name, then whole name."""
    field_rank = {code: i for i, code in enumerate(vocab.FIELDS.codes)}
    collectives = sorted((a for a in awards if a.kind == "tap_the"),
                         key=lambda a: (field_rank.get(a.field or "", 9), vietnamese_key(a.recipient_name)))
    individuals = sorted((a for a in awards if a.kind == "ca_nhan"),
                         key=lambda a: person_sort_key(a.recipient_name))
    return collectives, individuals


def _score_column(data: list[list], rows: list[Award], styles: Styles) -> list[float]:
    """The optional “Điểm” column (the average each was shortlisted with), before Ghi chú;
    its width is taken from the achievement column."""
    from ...domain.criteria import points_text

    data[0].insert(6, Paragraph("Điểm", styles.cell_head))
    for line, award in zip(data[1:], rows, strict=True):
        line.insert(6, Paragraph(points_text(award.score), styles.cell_center))
    shares = list(COLUMN_SHARES)
    shares[5] -= 0.07
    return [*shares[:6], 0.07, *shares[6:]]


def _table(rows: list[Award], styles: Styles, width: float, show_score: bool = False) -> Table:
    header = [Paragraph(h, styles.cell_head) for h in HEADERS]
    data = [header]
    for number, award in enumerate(rows, 1):
        data.append([
            Paragraph(str(number), styles.cell_center),
            Paragraph(esc(award.recipient_name), styles.cell),
            Paragraph(esc(award.position_unit), styles.cell),
            Paragraph(esc(award.initiative_name), styles.cell),
            Paragraph(esc(vocab.FIELDS.short(award.field)), styles.cell_center),
            Paragraph(esc(award.achievement), styles.cell),
            Paragraph(esc(award.note), styles.cell),
        ])
    shares = _score_column(data, rows, styles) if show_score else COLUMN_SHARES
    # repeatRows: the header on every page; reportlab splits tables only between rows.
    table = Table(data, colWidths=[width * s for s in shares], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def story(rnd: CommendationRound, awards: list[Award], profile: OfficeProfile, styles: Styles,
          width: float, number: str = "", on: dt.date | None = None,
          show_score: bool = False) -> list[Flowable]:
    collectives, individuals = ordered(awards)
    day = on or (dt.date.fromisoformat(rnd.decided_on) if rnd.decided_on else dt.date.today())
    summary, note = summary_of(rnd)
    parts: list[Flowable] = [
        letterhead(profile, styles, width, number_text(number, "DS", profile.doc_code), day),
        *make_title(styles, "Danh sách", summary, note),
    ]
    for roman, label, rows in (("I", "TẬP THỂ", collectives), ("II", "CÁ NHÂN", individuals)):
        if not rows:
            continue
        parts.append(Paragraph(f"{roman}. {label}", styles.heading))
        parts.append(_table(rows, styles, width, show_score))
        parts.append(Spacer(1, 6))
    parts.append(Paragraph(
        f"<b>Tổng: {len(collectives)} tập thể, {len(individuals)} cá nhân.</b>", styles.body))
    parts.append(signature_block(profile, styles, width))
    return parts


def build_commendation_list(store: Store, round_id: int, path: str | Path, number: str = "",
                            margins: Margins | None = None,
                            progress: Callable[[int, int, str], None] | None = None,
                            show_score: bool = False) -> Path:
    """Write the list of a round to ``path`` (PDF); returns the path. ``show_score`` adds
    the column of the points each recipient was shortlisted with."""
    margins = margins or Margins()
    rnd = get_round(store, round_id)
    awards = awards_of(store, round_id)
    profile = get_profile(store)
    styles = Styles()
    if progress:
        progress(0, 1, "Đang dựng danh sách…")
    path = Path(path)
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=margins.left * mm, rightMargin=margins.right * mm,
        topMargin=margins.top * mm, bottomMargin=margins.bottom * mm,
        title=f"Danh sách khen thưởng {rnd.number}", author=profile.issuing_body,
        creator="Dân vận khéo")
    doc.build(story(rnd, awards, profile, styles, doc.width, number, show_score=show_score),
              onLaterPages=page_numbers(styles.fonts, margins))
    if progress:
        progress(1, 1, "Xong")
    return path
