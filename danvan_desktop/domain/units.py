"""Administrative unit types and names as the official list writes them (``Xã Đông Hưng``,
``Phường Thái Bình``, ``Đặc khu Vân Đồn``, ``Tỉnh Hưng Yên``, ``Thành phố Hà Nội``), and the
bare name a user may type instead (``Thái Hòa``, ``P. Thái Hoà``, ``phường thái hoà``)."""

from __future__ import annotations

from .text import fold, nfc

# (code, label, folded prefixes a user may type, longest first within each type).
UNIT_TYPES: list[tuple[str, str, tuple[str, ...]]] = [
    ("thanh_pho", "Thành phố", ("thanh pho", "tp.", "tp")),
    ("tinh", "Tỉnh", ("tinh", "t.")),
    ("thi_tran", "Thị trấn", ("thi tran", "tt.", "tt")),
    ("dac_khu", "Đặc khu", ("dac khu", "dk.", "dk")),
    ("phuong", "Phường", ("phuong", "p.", "p")),
    ("xa", "Xã", ("xa", "x.")),
]
UNIT_LABELS = {code: label for code, label, _ in UNIT_TYPES}
PROVINCE_TYPES = ("tinh", "thanh_pho")
COMMUNE_TYPES = ("xa", "phuong", "dac_khu", "thi_tran")


def split_unit(name: str | None) -> tuple[str, str]:
    """``("phuong", "Thái Hoà")`` from ``P. Thái Hoà``; ``("", name)`` when no type is written.
    Abbreviations count only before a space or with their dot (``Phố Hiến`` is no ``P.``)."""
    text = nfc(name)
    folded = fold(text)
    plain = folded == text.casefold()  # typed without diacritics: "xa dong hung"
    for code, label, prefixes in UNIT_TYPES:
        for prefix in prefixes:
            if not folded.startswith(prefix):
                continue
            rest = folded[len(prefix):]
            if prefix.endswith(".") or (len(prefix) <= 2 and rest.startswith(".")):
                bare = text[len(prefix):].lstrip(" .")
            elif rest.startswith(" ") and (plain or text[:len(prefix)].casefold() == label.casefold()
                                           or (len(prefix) <= 2 and text[:len(prefix)].isupper())):
                bare = text[len(prefix):].strip()  # a whole word, spelt as the type is
            else:
                continue
            if bare:
                return code, bare
    return "", text


def bare_key(name: str | None) -> str:
    """The folded name without its unit type: what a commune typed any way is matched by."""
    return fold(split_unit(name)[1])


def full_name(unit_type: str, bare: str) -> str:
    return f"{UNIT_LABELS[unit_type]} {nfc(bare)}" if unit_type in UNIT_LABELS else nfc(bare)


def unit_type_of(official_name: str) -> str:
    """The unit type an official name starts with (``xã`` in lower case counts too)."""
    return split_unit(official_name)[0]
