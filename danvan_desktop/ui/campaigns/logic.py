"""The campaign form's logic without widgets: ledger rows as typed, turning what the
form holds into ``Campaign`` / ``Contribution`` records, and the live totals and
percentages. Plain Python (no Qt), so tests need no window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ...domain import vocab
from ...domain.entities import Campaign, Contribution
from ...domain.text import format_date, format_money, format_number, parse_date, parse_money
from ...domain.validation import ValidationError
from ...store.campaigns import ledger_totals, parse_ledger_field

# --- Numbers ------------------------------------------------------------------------------


def percent(part: float | int | None, whole: float | int | None) -> float | None:
    """``part`` as a percentage of ``whole``; None when either is missing or whole is 0."""
    if part is None or not whole:
        return None
    return float(part) * 100 / float(whole)


def format_percent(value: float | None, places: int = 2) -> str:
    """``1,25 %``, ``0,08 %``, ``100 %``; a dash when there is nothing to divide."""
    if value is None:
        return "—"
    return f"{format_number(round(value, places), places)} %"


def parse_measure(text: object) -> float | None:
    """A measure as typed (``3,5``, ``2.475``, ``420``); None when blank or not a number."""
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    value = str(text).strip().replace(" ", "")
    if not value:
        return None
    if "," in value:  # comma decimals: any dots are thousands
        value = value.replace(".", "").replace(",", ".")
    elif value.count(".") > 1 or (value.count(".") == 1 and len(value.split(".")[1]) == 3):
        value = value.replace(".", "")  # dot thousands: 2.475 m² is two thousand
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number else None


def parse_whole(text: object) -> int | None:
    """A count as typed (``180``, ``1.200``); None when blank or not a whole number."""
    number = parse_measure(text)
    return int(number) if number is not None and number.is_integer() else None


# --- Ledger rows --------------------------------------------------------------------------


@dataclass
class LedgerRow:
    """One line of the contributions ledger as the form holds it: date and amount kept as
    typed (validation names what is wrong), source and kind as codes."""

    id: int | None = None
    on_date: str = ""
    source: str = "nhan_dan"
    contributor: str = ""
    kind: str = "tien"
    amount: str = ""  # đồng for tiền / vật tư, ngày công, m² for đất
    note: str = ""

    def copy_for_new(self) -> LedgerRow:
        """A new line like this one (date, source, kind, amount), for quick entry."""
        return replace(self, id=None, contributor="", note="")


def unit_of(kind: str) -> str:
    return {"tien": "đồng", "vat_tu": "đồng", "ngay_cong": "ngày công", "dat": "m²"}.get(kind, "")


def parse_amount(kind: str, text: str) -> tuple[int | None, float | None]:
    """``(amount_vnd, quantity)`` of a row, None where blank or unreadable."""
    if kind in vocab.MONEY_KINDS:
        try:
            return parse_money(text), None
        except ValueError:
            return None, None
    return None, parse_measure(text)


def format_amount(kind: str, text: str, unit: bool = False) -> str:
    """The amount in the office's notation (``100.000``, ``3,5``); as typed if unreadable."""
    money, quantity = parse_amount(kind, text)
    if money is None and quantity is None:
        return text
    shown = format_money(money, unit=False) if money is not None else format_number(quantity, 2)
    return f"{shown} {unit_of(kind)}" if unit else shown


def normalise_date(text: str) -> str:
    """``7/3/2023`` → ``07/03/2023``; as typed if it is not a date."""
    try:
        day = parse_date(text)
    except ValueError:
        return text
    return format_date(day) if day else ""


def row_from_contribution(item: Contribution) -> LedgerRow:
    if item.kind in vocab.MONEY_KINDS:
        amount = "" if item.amount_vnd is None else format_money(item.amount_vnd, unit=False)
    else:
        amount = "" if item.quantity is None else format_number(item.quantity, 2)
    return LedgerRow(id=item.id, on_date=format_date(item.on_date), source=item.source,
                     contributor=item.contributor, kind=item.kind, amount=amount, note=item.note)


def row_to_contribution(row: LedgerRow, campaign_id: int | None = None) -> Contribution:
    """The record a row means. An unreadable amount is passed on as typed, so that
    validation reports it rather than the form dropping it."""
    money, quantity = parse_amount(row.kind, row.amount)
    item = Contribution(id=row.id, campaign_id=campaign_id, on_date=row.on_date.strip(),
                        source=row.source, contributor=row.contributor, kind=row.kind,
                        note=row.note)
    raw = row.amount.strip() or None
    if row.kind in vocab.MONEY_KINDS:
        item.amount_vnd = money if money is not None else raw
    else:
        item.quantity = quantity if quantity is not None else raw
    return item


def new_row(previous: LedgerRow | None, today: dt.date | None = None) -> LedgerRow:
    if previous is not None:
        return previous.copy_for_new()
    return LedgerRow(on_date=format_date(today or dt.date.today()))


# --- Totals -------------------------------------------------------------------------------


def ledger_summary(rows: list[LedgerRow]) -> dict:
    """Totals per kind and money per source, counting the rows that can be read."""
    readable = []
    for row in rows:
        money, quantity = parse_amount(row.kind, row.amount)
        readable.append(Contribution(source=row.source, kind=row.kind, amount_vnd=money,
                                     quantity=quantity))
    return ledger_totals(readable)


def totals_text(rows: list[LedgerRow], estimate_vnd: int | None, summary: dict | None = None) -> str:
    """``Tiền: 15.000.000 đồng (1,25 % dự toán) · Ngày công: 420 · Đất hiến: 2.475 m² ·
    Vật tư: 0 đồng``; ``summary``: the rows' ``ledger_summary`` when already made."""
    totals = (summary or ledger_summary(rows))["by_kind"]
    share = percent(totals["tien"], estimate_vnd)
    money = format_money(totals["tien"])
    if share is not None:
        money += f" ({format_percent(share)} dự toán)"
    return " · ".join([
        f"Tiền: {money}",
        f"Ngày công: {format_number(totals['ngay_cong'], 2)}",
        f"Đất hiến: {format_number(totals['dat'], 2)} m²",
        f"Vật tư: {format_money(totals['vat_tu'])}",
    ])


def sources_text(rows: list[LedgerRow], summary: dict | None = None) -> str:
    """Money per source, in the vocabulary's order: ``Nhân dân: 45.000.000 đồng · …``."""
    by_source = (summary or ledger_summary(rows))["money_by_source"]
    parts = [f"{term.short or term.label}: {format_money(by_source[term.code])}"
             for term in vocab.SOURCES if by_source.get(term.code)]
    return "Tiền theo nguồn: " + (" · ".join(parts) if parts else "chưa có")


def agreement_text(asked: object, agreed: object) -> str:
    """``Tỷ lệ đồng ý: 97,8 %`` from the typed counts."""
    share = percent(parse_whole(agreed), parse_whole(asked))
    return f"Tỷ lệ đồng ý: {format_percent(share, places=1)}"


# --- The campaign -------------------------------------------------------------------------

CAMPAIGN_TEXT_FIELDS = ("title", "started_on", "finished_on", "notes")
CAMPAIGN_NUMBER_FIELDS = ("length_m", "width_before_m", "width_after_m", "households_benefited",
                          "households_poor", "households_near_poor", "households_asked",
                          "households_agreed")


def campaign_from_values(values: dict, campaign_id: int | None = None) -> Campaign:
    """A ``Campaign`` from the form's values (codes, ids, and text as typed). Blank text
    becomes None; numbers typed with comma decimals are read, anything else is passed on
    for validation to name."""
    item = Campaign(id=campaign_id)
    for name in ("commune_id", "village_id", "initiative_id", "type", "status"):
        setattr(item, name, values.get(name))
    for name in CAMPAIGN_TEXT_FIELDS:
        text = (values.get(name) or "").strip()
        setattr(item, name, text if text or name in ("title", "notes") else None)
    estimate = values.get("estimate_vnd")
    item.estimate_vnd = None if estimate in ("", None) else estimate
    for name in CAMPAIGN_NUMBER_FIELDS:
        text = values.get(name)
        if text in ("", None):
            setattr(item, name, None)
            continue
        number = parse_measure(text)
        if number is None:
            setattr(item, name, text)
        elif name.startswith("households"):
            setattr(item, name, int(number) if number.is_integer() else text)
        else:
            setattr(item, name, number)
    return item


def split_errors(error: ValidationError) -> tuple[ValidationError, dict[int, list[str]]]:
    """The campaign's own errors, and the ledger's messages by row index (0-based)."""
    own, rows = [], {}
    for item in error.errors:
        where = parse_ledger_field(item.field)
        if where is None:
            own.append(item)
        else:
            rows.setdefault(where[0] - 1, []).append(item.message)
    return ValidationError(own), rows
