"""The số sổ register of certificates. A serial is given when a certificate is first
printed and belongs to that award for ever: nobody else in the same book ever gets its
number, whoever is removed from or added to the round afterwards. The office keeps one
book per round (numbers start at 001 in each round) or one book for the whole office
(numbers run on from round to round); reprints keep the award's number."""

from __future__ import annotations

from ..domain.text import nfc
from .db import Store
from .profile import get_setting

BOOK_KEY = "serial_book"
BOOK_KINDS = {"round": "Mỗi đợt một sổ (số sổ bắt đầu từ 001 trong từng đợt)",
              "office": "Một sổ chung của cơ quan (số sổ nối tiếp qua các đợt)"}


class SerialTaken(Exception):
    """A planned number was given to another award meanwhile (another window printed)."""


def book_kind(store: Store) -> str:
    return "office" if get_setting(store, BOOK_KEY, "round") == "office" else "round"


def book_of(store: Store, round_id: int) -> str:
    return "office" if book_kind(store) == "office" else f"round:{round_id}"


def serial_text(number: int, book: str, round_number: str) -> str:
    """``007/125-QĐ/HU`` in a round's book; ``0007`` in the office's book."""
    if book == "office":
        return f"{number:04d}"
    return f"{number:03d}/{nfc(round_number)}"


def registered(store: Store, award_ids: list[int]) -> dict[int, str]:
    """The serials already given to these awards."""
    if not award_ids:
        return {}
    marks = ",".join("?" for _ in award_ids)
    return {r[0]: r[1] for r in store.execute(
        f"SELECT award_id, serial FROM certificate_serials WHERE award_id IN ({marks})", award_ids)}


def plan(store: Store, round_id: int, round_number: str, award_ids: list[int]) -> dict[int, str]:
    """The serial each of these awards prints with, in this order: its own when it has one,
    else the next numbers of the book (after the highest ever given, so a number left by a
    removed recipient stays his). Nothing is written: ``issue`` does that once printed."""
    given = registered(store, award_ids)
    book = book_of(store, round_id)
    last = store.scalar("SELECT max(number) FROM certificate_serials WHERE book = ?", (book,)) or 0
    planned: dict[int, str] = {}
    for award_id in award_ids:
        if award_id in given:
            planned[award_id] = given[award_id]
        else:
            last += 1
            planned[award_id] = serial_text(last, book, round_number)
    return planned


def issue(store: Store, round_id: int, serials: dict[int, str]) -> None:
    """Write the new serials of ``plan`` into the book (inside the caller's transaction).
    Raises SerialTaken if one of the numbers went to another award meanwhile."""
    book = book_of(store, round_id)
    given = registered(store, list(serials))
    for award_id, serial in serials.items():
        if award_id in given:
            continue
        number = int(serial.split("/")[0])
        holder = store.scalar("SELECT award_id FROM certificate_serials WHERE book = ? AND number = ?",
                              (book, number))
        if holder is not None:
            raise SerialTaken(f"Số sổ {serial} vừa được cấp cho người khác. Hãy tạo lại giấy "
                              "khen để lấy số mới (giấy vừa in chưa được ghi sổ).")
        store.execute("INSERT INTO certificate_serials (book, number, award_id, serial)"
                      " VALUES (?, ?, ?, ?)", (book, number, award_id, serial))
