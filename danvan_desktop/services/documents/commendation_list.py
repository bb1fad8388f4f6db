"""1. The commendation list (danh sách biểu dương / khen thưởng) of one round: letterhead,
collectives then individuals (individuals by given name), the header row repeated on
every page, no row split across pages, the total line, signature and recipients."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ...domain import vocab
from ...domain.entities import Award, CommendationRound, OfficeProfile
from ...domain.text import given_name, nfc, sort_text
from ...store.db import Store
from ...store.profile import get_profile
from ...store.rounds import awards_of, get_round
from .layout import (
    HeadedTable,
    Margins,
    Styles,
    TableWithEnd,
    decision_citation,
    esc,
    letterhead,
    margins_of,
    number_text,
    page_numbers,
    signature_block,
)
from .layout import title_block as make_title

# The second column says what it holds: an organisation's name or a person's.
NAME_HEADERS = {"tap_the": "Tên tập thể", "ca_nhan": "Họ và tên"}
HEADERS = ["STT", "", "Chức vụ, đơn vị", "Tên mô hình, điển hình", "Lĩnh vực",
           "Thành tích tóm tắt", "Ghi chú"]
# Shares of the text width for the seven columns (the field is spelled out, not abbreviated).
COLUMN_SHARES = [0.06, 0.18, 0.15, 0.18, 0.14, 0.21, 0.08]
SECTIONS = [("tap_the", "TẬP THỂ"), ("ca_nhan", "CÁ NHÂN")]
ROMAN = ["I", "II", "III", "IV"]

FORM_WORDS = {"bieu_duong": "được biểu dương", "giay_khen": "được tặng Giấy khen",
              "bang_khen": "được tặng Bằng khen"}


def summary_of(rnd: CommendationRound) -> tuple[str, str]:
    """The summary line and the decision it belongs to."""
    words = FORM_WORDS.get(rnd.form, "được biểu dương, khen thưởng")
    summary = f"tập thể, cá nhân {words} điển hình \u201cDân vận khéo\u201d năm {rnd.year}"
    return summary, f"(Kèm theo {decision_citation(rnd.number, rnd.decided_on, rnd.issuer)})"


def natural_key(text: str | None) -> tuple:
    """Vietnamese order in which the numbers inside a name sort as numbers: "số 2" before
    "số 115". The words' key is one string (``sort_text``, the same order as
    ``vietnamese_key``): sorting thousands of awards compares strings, not nested tuples
    (the sort's comparisons run without letting the window's thread in)."""
    parts = [p for p in re.split(r"(\d+)", nfc(text)) if p]
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, sort_text(p.strip())) for p in parts)


def ordered(awards: list[Award]) -> tuple[list[Award], list[Award]]:
    """Collectives by field then name; individuals by given name, then whole name."""
    field_rank = {code: i for i, code in enumerate(vocab.FIELDS.codes)}
    collectives = sorted((a for a in awards if a.kind == "tap_the"),
                         key=lambda a: (field_rank.get(a.field or "", 9), natural_key(a.recipient_name)))
    individuals = sorted((a for a in awards if a.kind == "ca_nhan"),
                         key=lambda a: (natural_key(given_name(a.recipient_name)),
                                        natural_key(a.recipient_name)))
    return collectives, individuals


def in_list_order(awards: list[Award]) -> list[Award]:
    """The awards in the order the list prints them (the certificates follow it)."""
    collectives, individuals = ordered(awards)
    return [*collectives, *individuals]


def _score_column(data: list[list], rows: list[Award], styles: Styles) -> list[float]:
    """The optional “Điểm” column (the average each was shortlisted with), before Ghi chú;
    its width is taken from the name, field, achievement and note columns."""
    from ...domain.criteria import points_text

    data[0].insert(6, Paragraph("Điểm", styles.cell_head))
    for line, award in zip(data[1:], rows, strict=True):
        line.insert(6, Paragraph(points_text(award.score), styles.cell_center))
    shares = list(COLUMN_SHARES)
    for column, given in ((1, 0.01), (4, 0.02), (5, 0.02), (6, 0.02)):  # name, field, achievement, note
        shares[column] -= given
    return [*shares[:6], 0.07, *shares[6:]]


def _table(rows: list[Award], kind: str, styles: Styles, width: float, show_score: bool = False) -> Table:
    header = [Paragraph(h or NAME_HEADERS[kind], styles.cell_head) for h in HEADERS]
    data = [header]
    for number, award in enumerate(rows, 1):
        data.append([
            Paragraph(str(number), styles.cell_center),
            Paragraph(esc(award.recipient_name), styles.cell),
            Paragraph(esc(award.position_unit), styles.cell),
            Paragraph(esc(award.initiative_name), styles.cell),
            Paragraph(esc(vocab.FIELDS.label(award.field)), styles.cell_center),
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
    # Sections are numbered from I whatever they hold: a round of individuals only has "I. CÁ NHÂN".
    filled = [(kind, label, rows) for (kind, label), rows in zip(SECTIONS, (collectives, individuals),
                                                                 strict=True) if rows]
    total = Paragraph(f"<b>Tổng: {len(collectives)} tập thể, {len(individuals)} cá nhân.</b>",
                      styles.body)
    end = [Spacer(1, 6), total, *signature_block(profile, styles, width)]
    for index, (roman, (kind, label, rows)) in enumerate(zip(ROMAN, filled, strict=False)):
        heading = Paragraph(f"{roman}. {label}", styles.heading)
        table: Flowable = _table(rows, kind, styles, width, show_score)
        if index == len(filled) - 1:  # the total and the signature go with the last rows
            table = TableWithEnd(table, end)
        parts.append(HeadedTable(heading, table))
        if index < len(filled) - 1:
            parts.append(Spacer(1, 6))
    if not filled:
        parts.append(KeepTogether(end))
    return parts


def build_commendation_list(store: Store, round_id: int, path: str | Path, number: str = "",
                            margins: Margins | None = None,
                            progress: Callable[[int, int, str], None] | None = None,
                            show_score: bool = False) -> Path:
    """Write the list of a round to ``path`` (PDF); returns the path. ``show_score`` adds
    the column of the points each recipient was shortlisted with."""
    margins = margins or margins_of(store)
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
