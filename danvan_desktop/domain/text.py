"""Vietnamese text helpers: NFC input, folding for search, sort keys, money and dates.

Plain Python, no Qt: used by the store, the services, the command line and the window.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

# Combining marks left after NFD: the five tones, the breve/circumflex/horn, and any other.
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(value: str | None) -> str:
    """Text as stored and drawn: NFC, trimmed, inner runs of blanks made one space."""
    if value is None or value == "":
        return ""
    # str.split() splits on exactly the blanks r"\s+" matches (checked over all of Unicode)
    # and drops them at both ends: three times faster, on every cell an import checks.
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _fold_table() -> dict[int, str]:
    """Each accented Latin letter (Vietnamese among them) to its letters without marks,
    each combining mark to nothing, đ/ð to d: what ``fold`` does, as one table."""
    table = {}
    # Latin-1, Latin Extended-A/B, the combining marks, Latin Extended Additional (ạ…ỹ);
    # any other character leaves the text non-ASCII and fold takes its exact path.
    codes = [*range(0x80, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)]
    for code in codes:
        char = chr(code)
        kept = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if kept != char:
            table[code] = kept
    table.update({ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"})
    return table


_FOLD = _fold_table()


def fold(value: str | None) -> str:
    """Lower case, no diacritics, đ→d: the key that search and matching compare.

    Removing every mark makes the two tone placements (hoá/hóa, uỷ/ủy) equal as a
    side effect: the tone is gone wherever it sat.
    """
    if not value:
        return ""
    quick = str(value).translate(_FOLD)  # one pass in C: Vietnamese text ends as ASCII
    if quick.isascii():
        return " ".join(quick.lower().split())
    text = unicodedata.normalize("NFD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("đ", "d").replace("Đ", "D").replace("ð", "d").replace("Ð", "D")
    return " ".join(text.casefold().split())


def fold_compact(value: str | None) -> str:
    """Folded, with spaces and punctuation removed: for header and code matching
    (``Xã/phường`` = ``xa phuong`` = ``XA-PHUONG``)."""
    return _NON_WORD.sub("", fold(value))


MAX_SEARCH_WORDS = 64  # each word is one condition: SQLite refuses an expression too deep


def search_tokens(query: str | None) -> list[str]:
    """The folded words of a search box, in order, without punctuation or repeats, at
    most ``MAX_SEARCH_WORDS`` (a pasted page of text searches its first words)."""
    return list(dict.fromkeys(t for t in _NON_WORD.split(fold(query)) if t))[:MAX_SEARCH_WORDS]


# --- Vietnamese alphabetical order --------------------------------------------------------

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tones sort after the base letter in this order: none, huyền, hỏi, ngã, sắc, nặng
# (the order of dictionaries and of the Vietnamese collation in office software).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPE_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}


def _letter_keys(word: str) -> tuple[tuple[int, int], ...]:
    keys: list[tuple[int, int]] = []
    for base_ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", base_ch)
        base = decomposed[0]
        marks = decomposed[1:]
        tone = 0
        letter = base
        for mark in marks:
            if mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
            elif mark == "\u0302":
                letter = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark == "\u031b":
                letter = {"o": "ơ", "u": "ư"}.get(base, base)
            elif mark in _SHAPE_MARKS:
                letter = _SHAPE_MARKS[mark] if base == "a" else base
        rank = _LETTER_RANK.get(letter)
        if rank is None:
            # Letters outside the Vietnamese alphabet (f, j, w, z, digits) after/among by code.
            rank = 100 + ord(letter)
        keys.append((rank, tone))
    return tuple(keys)


def vietnamese_key(text: str | None) -> tuple:
    """Sort key for Vietnamese alphabetical order: letters first, tones as a tie-breaker."""
    words = nfc(text).split(" ")
    letters = tuple(tuple(r for r, _ in _letter_keys(w)) for w in words)
    tones = tuple(tuple(t for _, t in _letter_keys(w)) for w in words)
    return (letters, tones)


_NUMBER = re.compile(r"(\d+)")


def list_sort_key(text: str | None) -> tuple:
    """The one key for every list a user reads (drop-downs, filters, the catalogue tree,
    small lists): Vietnamese alphabetical order, with numbers in number order (Xóm 2
    before Xóm 10). "Xã Đông Á" comes before "Xã Đông Xá", "Đ" after "D"."""
    parts = _NUMBER.split(nfc(text))
    return tuple((0, int(p), ()) if p.isdigit() else (1, 0, vietnamese_key(p)) for p in parts if p)


def sorted_by_name(rows: list, key: str = "name") -> list:
    """Rows (dicts) in the order of ``list_sort_key`` of their ``key``."""
    return sorted(rows, key=lambda row: list_sort_key(row[key]))


def sort_text(text: str | None) -> str:
    """A string whose plain byte order is Vietnamese alphabetical order, for SQL
    ``ORDER BY`` and indexes: each letter becomes one character by its rank in the
    alphabet, then the tones follow as a tie-breaker, as in ``vietnamese_key``."""
    parts = [_word_sort(word) for word in nfc(text).split(" ")]
    return " ".join(p[0] for p in parts) + "\x01" + " ".join(p[1] for p in parts)


@lru_cache(maxsize=65536)
def _word_sort(word: str) -> tuple[str, str]:
    # Names repeat the same few thousand words: caching them makes bulk imports fast.
    keys = _letter_keys(word)
    return ("".join(chr(0x21 + min(rank, 0x7FF)) for rank, _ in keys),
            "".join(chr(0x30 + tone) for _, tone in keys))


def given_name(full_name: str | None) -> str:
    """The given name: the last word of a Vietnamese full name."""
    words = nfc(full_name).split(" ")
    return words[-1] if words else ""


def person_sort_key(full_name: str | None) -> tuple:
    """People in lists: by given name, then by the whole name (DOMAIN.md)."""
    return (vietnamese_key(given_name(full_name)), vietnamese_key(full_name))


# --- Money --------------------------------------------------------------------------------


def group_thousands(number: int) -> str:
    """``1200000`` → ``1.200.000``."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(int(number)):,}".replace(",", ".")


def format_money(vnd: int | None, unit: bool = True) -> str:
    """Whole đồng with dot thousands: ``1.200.000 đồng``."""
    text = group_thousands(int(vnd or 0))
    return f"{text} đồng" if unit else text


def _decimal_vi(value: float, places: int) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_money_short(vnd: int | None) -> str:
    """Large amounts the way reports say them: ``1,2 tỷ đồng``, ``30 triệu đồng``."""
    amount = int(vnd or 0)
    if abs(amount) >= 1_000_000_000:
        return f"{_decimal_vi(amount / 1_000_000_000, 2)} tỷ đồng"
    if abs(amount) >= 1_000_000:
        return f"{_decimal_vi(amount / 1_000_000, 1)} triệu đồng"
    return format_money(amount)


def format_number(value: float | int | None, places: int = 1) -> str:
    """A measure (m², ngày công): dot thousands, comma decimals, no trailing zeros."""
    if value is None:
        return ""
    if float(value).is_integer():
        return group_thousands(int(value))
    whole = int(abs(value))
    frac = _decimal_vi(abs(value) - whole, places)[1:]  # ",5"
    sign = "-" if value < 0 else ""
    return f"{sign}{group_thousands(whole)}{frac}"


_MONEY_UNITS = {"ty": 1_000_000_000, "trieu": 1_000_000, "nghin": 1_000, "ngan": 1_000}


def parse_money(text: str | int | float | None) -> int | None:
    """Money typed the way offices type it: ``1.200.000``, ``1200000``, ``1,2 tỷ``,
    ``30 triệu``, ``1.200.000 đồng``. Returns whole đồng, None for blank, raises
    ValueError for anything else."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValueError("không phải số tiền")
    if isinstance(text, int):
        return text
    if isinstance(text, float):
        if not text.is_integer():
            raise ValueError("số tiền phải là số đồng nguyên")
        return int(text)
    folded = fold(text).replace("dong", "").replace("vnd", "").replace("d", "").strip()
    if not folded:
        return None
    multiplier = 1
    for word, factor in _MONEY_UNITS.items():
        if folded.endswith(word):
            multiplier = factor
            folded = folded[: -len(word)].strip()
            break
    folded = folded.replace(" ", "")
    if multiplier == 1:
        if not re.fullmatch(r"-?\d{1,3}([.,]\d{3})*|-?\d+", folded):
            raise ValueError("không phải số tiền")
        return int(folded.replace(".", "").replace(",", ""))
    if not re.fullmatch(r"\d+([.,]\d+)?", folded):
        raise ValueError("không phải số tiền")
    value = float(folded.replace(",", "."))
    return round(value * multiplier)


# --- Dates --------------------------------------------------------------------------------


def format_date(value: dt.date | str | None) -> str:
    """``07/03/2023`` as tables show dates; blank for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def format_date_long(value: dt.date | str, place: str | None = None) -> str:
    """``ngày 07 tháng 3 năm 2023`` as documents write it (day padded below 10,
    month padded for January and February only, per Party document rules),
    optionally after a place: ``Đông Hưng, ngày 07 tháng 3 năm 2023``."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{nfc(place)}, {text}" if place else text


def parse_date(text: str | dt.date | dt.datetime | None) -> dt.date | None:
    """``07/03/2023``, ``7/3/2023``, ``2023-03-07`` or a date object → date; blank → None;
    anything else raises ValueError."""
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    value = str(text).strip()
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value[:10])
    if match:
        return dt.date(*(int(g) for g in match.groups()))
    raise ValueError("không phải ngày tháng")
