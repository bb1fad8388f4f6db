"""Names of offices as a sentence writes them: Cài đặt keeps the letterhead's capitals
(“BAN THƯỜNG VỤ HUYỆN ỦY ĐÔNG HƯNG”), a decision's text says “Ban Thường vụ Huyện ủy
Đông Hưng”."""

from __future__ import annotations

_PARTY_LEVELS = {"huyện", "tỉnh", "thành", "thị", "đảng", "quận"}
_AREA_WORDS = {"xã", "phường", "huyện", "tỉnh", "quận", "thị", "trấn", "thành", "phố"}


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def office_name(text: str | None) -> str:
    """A name typed in capitals, in the case a sentence gives it; other text as it is."""
    text = " ".join((text or "").split())
    if not text or text != text.upper() or text == text.lower():
        return text
    words = text.lower().split()
    out: list[str] = []
    after_party = False  # the place name follows "… ủy"
    for number, word in enumerate(words):
        following = words[number + 1] if number + 1 < len(words) else ""
        if number == 0 or (word in _PARTY_LEVELS and following == "ủy") or (
                word == "thường" and following == "vụ") or after_party and word not in _AREA_WORDS:
            word = _cap(word)
        if word == "ủy":
            after_party = True
        out.append(word)
    return " ".join(out)
