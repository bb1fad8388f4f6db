"""The số sổ register's schema step: serials printed before it (some given twice by the old
position-based numbering) are carried into the book, and no number is given again."""

from __future__ import annotations

import sqlite3

from danvan_desktop.store import serials
from danvan_desktop.store.connection import Database
from danvan_desktop.store.db import open_store
from danvan_desktop.store.migrations import STEPS, _serial_register, migrate
from danvan_desktop.store.rounds import record_prints


def test_serials_printed_before_the_register_are_kept_and_never_given_again(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(Database(conn), target=STEPS.index(_serial_register))
    conn.execute("INSERT INTO commendation_rounds (uuid, number, decided_on, issuer, form, year)"
                 " VALUES ('r-1', '125-QĐ/HU', '2023-12-15', 'Ban Thường vụ', 'giay_khen', 2023)")
    for n, serial in enumerate(["001/125-QĐ/HU", "003/125-QĐ/HU", "003/125-QĐ/HU", ""], 1):
        conn.execute("INSERT INTO awards (uuid, round_id, kind, recipient_name, serial)"
                     " VALUES (?, 1, 'ca_nhan', ?, ?)", (f"a-{n}", f"Người {n}", serial))
    conn.close()
    with open_store(path, user="Kiểm thử") as store:
        book = store.query("SELECT award_id, number FROM certificate_serials ORDER BY number")
        assert [(r["award_id"], r["number"]) for r in book] == [(1, 1), (2, 3)]
        planned = serials.plan(store, 1, "125-QĐ/HU", [1, 2, 3, 4])
        # 001 and 003 stay with their first holders; the second 003 and the new one get
        # numbers nobody ever had (002 was never printed, yet numbers run on after 003).
        assert planned == {1: "001/125-QĐ/HU", 2: "003/125-QĐ/HU", 3: "004/125-QĐ/HU",
                           4: "005/125-QĐ/HU"}
        record_prints(store, 1, planned)
        numbers = [r[0] for r in store.execute("SELECT number FROM certificate_serials")]
        assert sorted(numbers) == [1, 3, 4, 5]


def test_a_number_taken_meanwhile_is_refused(tmp_path):
    from danvan_desktop.store.db import create_store

    with create_store(tmp_path / "d.sqlite3", user="Kiểm thử") as store:
        store.execute("INSERT INTO commendation_rounds (uuid, number, decided_on, issuer, form, year)"
                      " VALUES ('r', '1-QĐ/HU', '2023-12-15', 'Ban Thường vụ', 'giay_khen', 2023)")
        for n in (1, 2):
            store.execute("INSERT INTO awards (uuid, round_id, kind, recipient_name)"
                          " VALUES (?, 1, 'ca_nhan', ?)", (f"a{n}", f"Người {n}"))
        first = serials.plan(store, 1, "1-QĐ/HU", [1])
        second = serials.plan(store, 1, "1-QĐ/HU", [2])  # made before the first was recorded
        assert first[1] == second[2] == "001/1-QĐ/HU"
        record_prints(store, 1, first)
        try:
            record_prints(store, 1, second)
        except serials.SerialTaken as exc:
            assert "001/1-QĐ/HU" in str(exc)
        else:
            raise AssertionError("the same number was given twice")
        assert store.scalar("SELECT count(*) FROM certificate_prints") == 1
        assert store.scalar("SELECT serial FROM awards WHERE id = 2") == ""
