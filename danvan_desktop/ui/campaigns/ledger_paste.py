"""Rows pasted into the contributions ledger from Excel, as ledger rows: the header row
matched (the ledger's own headers and the import's), or the ledger's column order when
there is none; each row checked by the domain's ``validate_contribution``; refused rows
named by row and column. Plain Python (no Qt): it runs off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...domain import vocab
from ...domain.validation import ValidationError, validate_contribution
from ...services.exchange.columns import CONTRIBUTION_COLUMNS
from ...services.exchange.paste import find_columns
from .logic import LedgerRow, format_amount, new_row, normalise_date, row_to_contribution

ORDER = ["on_date", "source", "contributor", "kind", "amount", "note"]  # the ledger's columns
LABELS = {"on_date": "Ngày", "source": "Nguồn", "contributor": "Người, đơn vị đóng góp",
          "kind": "Hình thức", "amount": "Số tiền / số lượng", "amount_vnd": "Số tiền / số lượng",
          "quantity": "Số tiền / số lượng", "note": "Ghi chú"}
_CODES = {"source": (vocab.SOURCES, "nguồn"), "kind": (vocab.CONTRIBUTION_KINDS, "hình thức")}


def _refusal(number: int, key: str, reason: str) -> str:
    return f"Dòng {number}, cột “{LABELS.get(key, key)}”: {reason}"


def _row(values: dict[str, str], template: LedgerRow, number: int) -> tuple[LedgerRow, list[str]]:
    problems: list[str] = []
    row = replace(new_row(template), amount="", contributor=values.get("contributor", ""),
                  note=values.get("note", ""))
    if values.get("on_date"):
        row.on_date = normalise_date(values["on_date"])
    for key, (vocabulary, what) in _CODES.items():
        text = values.get(key)
        if text:
            code = text if text in vocabulary else vocabulary.match(text)
            if code is None:
                allowed = ", ".join(t.label for t in vocabulary)
                reason = f"không rõ {what} “{text}”; chọn một trong: {allowed}."
                problems.append(_refusal(number, key, reason))
            else:
                setattr(row, key, code)
    row.amount = format_amount(row.kind, values.get("amount") or values.get("amount_vnd")
                               or values.get("quantity") or "")
    if not problems:
        try:
            validate_contribution(row_to_contribution(row, campaign_id=-1))
        except ValidationError as exc:
            problems += [_refusal(number, e.field, e.message) for e in exc.errors]
    return row, problems


def ledger_rows(block: list[list[str]], template: LedgerRow | None,
                progress: Callable[[int, int, str], None] | None = None,
                ) -> tuple[list[LedgerRow], list[str]]:
    """The rows that can be added, and a message for each refused row (numbered as in the
    block: the header row, when there is one, is row 1). A cell left blank takes the
    date, source and kind of ``template`` (the row the user stands on), as "Thêm dòng" does."""
    found, header = find_columns(block, CONTRIBUTION_COLUMNS, ORDER)
    template = template or new_row(None)
    accepted, refused = [], []
    body = block[1:] if header else block
    for number, cells in enumerate(body, 2 if header else 1):
        if progress and number % 100 == 0:
            progress(number, len(body), "Đang kiểm tra các dòng dán…")
        values = {key: cells[i].strip() for key, i in found.items() if i < len(cells) and cells[i].strip()}
        row, problems = _row(values, template, number)
        if problems:
            refused += problems
        else:
            accepted.append(row)
    return accepted, refused
