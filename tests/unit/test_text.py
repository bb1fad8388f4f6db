"""Vietnamese text helpers: what a user sees and types."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_desktop.domain.text import (
    fold,
    format_date,
    format_date_long,
    format_money,
    format_money_short,
    format_number,
    nfc,
    parse_date,
    parse_money,
    person_sort_key,
    search_tokens,
    vietnamese_key,
)


def test_nfc_joins_decomposed_text_and_trims():
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị Huệ ")
    assert nfc(decomposed) == "Nguyễn Thị Huệ"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ"
              "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


@given(st.text(alphabet=st.one_of(st.sampled_from(VIETNAMESE + " \t\u0300\u0301\u0303\u0309\u0323"),
                                  st.characters(blacklist_categories=("Cs",))), max_size=30))
def test_fold_is_lower_case_without_any_mark(text):
    """The quick path (one table for Latin letters) gives what the definition gives: NFD,
    every combining mark dropped, đ/ð as d, case folded, blanks as one space."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D").replace("ð", "d").replace("Ð", "D")
    assert fold(text) == " ".join(bare.casefold().split())


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_nfc_and_fold_make_every_run_of_blanks_one_space(text):
    """Tabs, line breaks, no-break and ideographic spaces pasted from Word or Excel: one
    space between words, none at the ends (as the regular expression \\s+ did)."""
    import re

    expected = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    assert nfc(text) == expected
    assert "  " not in fold(text) and fold(text) == fold(text).strip()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("nguyen thi hue", "Nguyễn Thị Huệ"),
        ("DONG HUNG", "Đông Hưng"),
        ("hoa", "hoá"),
        ("hoa", "hóa"),
        ("uy ban", "Uỷ ban"),
        ("thuy", "thủy"),
        ("khoe", "khoẻ"),
    ],
)
def test_fold_matches_what_users_type(typed, stored):
    assert fold(typed) == fold(stored)


def test_fold_makes_both_tone_placements_equal():
    assert fold("Thái Hoà") == fold("Thái Hòa") == "thai hoa"
    assert fold("Huyện uỷ") == fold("Huyện ủy")
    assert fold(unicodedata.normalize("NFD", "Đảng")) == "dang"


@given(st.text())
def test_fold_is_idempotent_and_never_raises(text):
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_fold_leaves_no_vietnamese_marks(text):
    folded = fold(text)
    assert "đ" not in folded
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))


def test_search_tokens_drop_punctuation():
    assert search_tokens("  Hội <Phụ nữ> & “Cựu chiến binh” ") == [
        "hoi", "phu", "nu", "cuu", "chien", "binh"]


def test_people_sort_by_given_name_then_whole_name():
    names = ["Vũ Thị Huyền", "Nguyễn Phong Lưu", "Nguyễn Thị Thu Hằng", "Trần Văn An",
             "Lê Văn Đạt", "Phạm Văn Dũng", "Bùi Thị Ánh", "Đỗ Thị Ánh", "Ngô Văn Ước"]
    ordered = sorted(names, key=person_sort_key)
    assert ordered == ["Trần Văn An", "Bùi Thị Ánh", "Đỗ Thị Ánh", "Phạm Văn Dũng",
                       "Lê Văn Đạt", "Nguyễn Thị Thu Hằng", "Vũ Thị Huyền",
                       "Nguyễn Phong Lưu", "Ngô Văn Ước"]


def test_vietnamese_letter_order():
    # a ă â b c d đ e ê … o ô ơ … u ư: each modified letter after its base letter.
    words = ["ơi", "ô", "o", "ư", "u", "đa", "da", "ê", "e", "â", "ă", "a", "b"]
    assert sorted(words, key=vietnamese_key) == [
        "a", "ă", "â", "b", "da", "đa", "e", "ê", "o", "ô", "ơi", "u", "ư"]


def test_tones_sort_after_the_base_letter():
    # no tone, huyền, hỏi, ngã, sắc, nặng
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=vietnamese_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


GIVEN = st.sampled_from(["An", "Ánh", "Bình", "Dũng", "Đạt", "Hằng", "Huệ", "Lưu", "Ước", "Yến"])


@given(st.lists(st.tuples(st.sampled_from(["Nguyễn", "Trần", "Đỗ", "Lê"]),
                          st.sampled_from(["Văn", "Thị", "Minh"]), GIVEN), min_size=2))
def test_sorted_people_never_put_a_later_given_name_first(parts):
    names = [" ".join(p) for p in parts]
    ordered = sorted(names, key=person_sort_key)
    givens = [vietnamese_key(n.split()[-1]) for n in ordered]
    assert givens == sorted(givens)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(1_200_000, "1.200.000 đồng"), (0, "0 đồng"), (999, "999 đồng"),
     (30_000_000, "30.000.000 đồng"), (1_200_000_000, "1.200.000.000 đồng")],
)
def test_money_with_dot_thousands(amount, text):
    assert format_money(amount) == text


def test_money_in_words_for_large_amounts():
    assert format_money_short(1_200_000_000) == "1,2 tỷ đồng"
    assert format_money_short(30_000_000) == "30 triệu đồng"
    assert format_money_short(20_500_000) == "20,5 triệu đồng"


@pytest.mark.parametrize(
    ("typed", "vnd"),
    [("1.200.000", 1_200_000), ("1200000", 1_200_000), ("1,2 tỷ", 1_200_000_000),
     ("30 triệu", 30_000_000), ("100.000 đồng", 100_000), ("1,5 triệu đồng", 1_500_000),
     ("", None), (250000, 250_000)],
)
def test_parse_money_as_offices_type_it(typed, vnd):
    assert parse_money(typed) == vnd


@pytest.mark.parametrize("bad", ["abc", "1.2.3", "12,5", "tỷ"])
def test_parse_money_refuses_nonsense(bad):
    with pytest.raises(ValueError):
        parse_money(bad)


@given(st.integers(min_value=0, max_value=10**13))
def test_money_round_trips(amount):
    assert parse_money(format_money(amount)) == amount


def test_numbers_use_comma_decimals():
    assert format_number(3.5) == "3,5"
    assert format_number(3500) == "3.500"
    assert format_number(2475.0) == "2.475"


def test_dates_in_tables_and_documents():
    day = dt.date(2023, 3, 7)
    assert format_date(day) == "07/03/2023"
    assert format_date("2023-03-07") == "07/03/2023"
    assert format_date_long(day) == "ngày 07 tháng 3 năm 2023"
    assert format_date_long(day, "Đông Hưng") == "Đông Hưng, ngày 07 tháng 3 năm 2023"
    assert format_date_long(dt.date(2023, 1, 15)) == "ngày 15 tháng 01 năm 2023"


@pytest.mark.parametrize("typed", ["07/03/2023", "7/3/2023", "2023-03-07", "07-03-2023"])
def test_parse_date_forms(typed):
    assert parse_date(typed) == dt.date(2023, 3, 7)


@pytest.mark.parametrize("bad", ["31/02/2023", "2023", "hôm qua", "13/13/2023"])
def test_parse_date_refuses_impossible_dates(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


@given(st.lists(st.sampled_from(["Đường hoa", "Dân vận", "Tủ sách", "Ánh", "An", "Âu", "ơi",
                                 "Ô", "Đặng", "Đăng", "Vườn mẫu", "Ước", "Bồn rửa tay"]),
                min_size=2))
def test_sort_text_orders_like_the_vietnamese_key(words):
    from danvan_desktop.domain.text import sort_text

    assert sorted(words, key=sort_text) == sorted(words, key=vietnamese_key)


def test_one_list_key_puts_vietnamese_names_in_dictionary_order():
    from danvan_desktop.domain.text import list_sort_key

    names = ["Xã Đông Xá", "Xã Đông Á", "Xã Dương Quang", "Xã Đông Cường", "Xã An Bình",
             "Xóm 10", "Xóm 2", "Xã Ái Quốc"]
    assert sorted(names, key=list_sort_key) == [
        "Xã Ái Quốc", "Xã An Bình", "Xã Dương Quang", "Xã Đông Á", "Xã Đông Cường", "Xã Đông Xá",
        "Xóm 2", "Xóm 10"]



@given(st.lists(st.text(alphabet="aAăâbdđeêiouơưyĐĂ áàảãạấồửữự0123456789", max_size=12),
                max_size=12))
def test_the_commendation_lists_order_is_the_vietnamese_one(names):
    """The list's key (one string a word, cheap to compare over thousands of awards) sorts
    exactly as the same key built on ``vietnamese_key``, numbers as numbers."""
    import re

    from danvan_desktop.domain.text import nfc, vietnamese_key
    from danvan_desktop.services.documents.commendation_list import natural_key

    def by_tuples(text):
        parts = [p for p in re.split(r"(\d+)", nfc(text)) if p]
        return tuple((0, int(p), ()) if p.isdigit() else (1, 0, vietnamese_key(p.strip()))
                     for p in parts)

    def order(key):
        return [(key(a) < key(b), key(a) == key(b)) for a in names for b in names]

    assert order(natural_key) == order(by_tuples)
