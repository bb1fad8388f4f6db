"""What the importers of initiatives (importer.py) and of campaigns and contributions
(campaign_import.py) share: a refused cell, a cell's text, and the places the rows name
(found in the catalogue, or created at commit time when the user allowed it)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ...domain.text import fold, nfc
from ...store import catalog, initiative_bulk
from ...store.db import Store

# Places and owners repeat on many rows of a file: each is folded once (the cache the
# bulk write uses too, so a name checked here is not folded again there).
folded = initiative_bulk.folded
_cell = functools.lru_cache(maxsize=1 << 16)(nfc)  # kinds, fields, places… repeat on every row
COMMUNE_WORDS = ("Xã", "Phường", "Thị trấn")
VILLAGE_WORDS = ("Thôn", "Xóm", "Tổ dân phố", "Khối", "Ấp", "Bản")  # “Hoành Từ” = “Thôn Hoành Từ”


@dataclass
class RowError:
    row: int
    column: str
    reason: str
    sheet: str = ""  # the worksheet's title; blank for a .csv
    place: str = ""  # a commune (or "village|commune") not in the catalogue: listed once, grouped

    def __str__(self) -> str:
        where = f"Trang “{self.sheet}”, dòng {self.row}" if self.sheet else f"Dòng {self.row}"
        return f"{where}, cột “{self.column}”: {self.reason}"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}


def cell_text(value: object) -> str:
    """A cell as text: NFC, a whole number without “.0”, blank for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _cell(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


class Places:
    """Communes and villages found in the catalogue, or to be created (when allowed)."""

    def __init__(self, store: Store, create: bool):
        self.store, self.create = store, create
        self.new: list[str] = []
        self._communes: dict[str, int | str | None] = {}  # None: not in the catalogue
        self._as_typed: dict[str, int] = {}  # retired communes named by the file, by key
        self._villages: dict[tuple[int, str], int | None] = {}

    def commune(self, name: str) -> int | str | None:
        key = folded(name)
        if key in self._communes:
            return self._communes[key]
        candidates = [name] + [f"{w} {name}" for w in COMMUNE_WORDS
                               if not fold(name).startswith(fold(w))]
        found = next((a for a in (catalog.find_area(self.store, c, "xa", follow=False)
                                  for c in candidates) if a), None)
        if found is not None:
            today = catalog.follow_merges(self.store, found)
            if today != found:  # a commune merged away since: the record goes to today's
                self._as_typed[key] = found
            found = today
        if found is None and self.create:
            full = name if any(fold(name).startswith(fold(w)) for w in COMMUNE_WORDS) else f"Xã {name}"
            if full not in self.new:
                self.new.append(full)
            found = full  # created at commit time
        self._communes[key] = found  # unknown too: a file repeats its communes on every row
        return found

    def as_typed(self, name: str) -> int | None:
        """The retired commune a name means, when it was merged into today's commune."""
        return self._as_typed.get(folded(name))

    def village(self, commune: int | str, name: str) -> int | str | None:
        if isinstance(commune, int):
            key = (commune, folded(name))
            if key not in self._villages:
                candidates = [name] + [f"{w} {name}" for w in VILLAGE_WORDS
                                       if not fold(name).startswith(fold(w))]
                self._villages[key] = next((a for a in (catalog.find_area(self.store, c, "thon", commune)
                                                        for c in candidates) if a), None)
            if self._villages[key] is not None:
                return self._villages[key]
        if self.create:
            label = f"{name} ({commune if isinstance(commune, str) else 'xã đã có'})"
            if label not in self.new:
                self.new.append(label)
            return name
        return None


class PlaceWriter:
    """The ids of the places of planned rows, creating those the plan allowed to create."""

    def __init__(self, store: Store):
        self.store = store
        self.district = store.scalar(
            "SELECT parent_id FROM areas WHERE level = 'xa' AND deleted_at IS NULL"
            " GROUP BY parent_id ORDER BY count(*) DESC LIMIT 1")
        self.communes: dict[str, int] = {}

    def ids(self, commune_id: int | None, commune: str, village: str,
            village_id: int | None = None) -> tuple[int, int | None]:
        if commune_id == 0:  # a commune created by this import
            key = folded(commune)
            if key not in self.communes:
                self.communes[key] = catalog.ensure_area(self.store, commune_full(commune), "xa",
                                                         self.district)
            commune_id = self.communes[key]
        if village and village_id is None:
            village_id = catalog.ensure_area(self.store, village_full(village), "thon", commune_id)
        return commune_id, village_id


def commune_full(name: str) -> str:
    return name if any(fold(name).startswith(fold(w)) for w in COMMUNE_WORDS) else f"Xã {name}"


def village_full(name: str) -> str:
    words = ("thon", "xom", "khoi", "to dan pho", "ap", "ban", "to")
    return name if fold(name).startswith(words) else f"Thôn {name}"
