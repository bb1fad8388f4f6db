"""Data packages between offices: two communes and a province built from scratch send and
merge; round trips, idempotence, conflicts, deletions, both directions, the roll-up."""

from __future__ import annotations

import pytest

from danvan_desktop.domain.periods import quarter_period
from danvan_desktop.services import packages as P
from danvan_desktop.services.stats import period_stats
from danvan_desktop.store import packages as log
from danvan_desktop.store import rounds
from danvan_desktop.store.initiatives import delete_initiatives, get_initiative, save_initiative

from .package_offices import add_initiative, commune, file_digest, province


@pytest.fixture
def offices(tmp_path):
    prov = province(tmp_path)
    a = commune(tmp_path, "dong_cuong")
    b = commune(tmp_path, "me_linh")
    yield prov, a, b
    for s in (prov, a, b):
        s.close()


def send(store, tmp_path, name, **kw):
    return P.export_package(store, tmp_path / f"{name}.dvk", **kw).path


def merge(store, path, choices=None):
    preview = P.preview_file(store, path)
    return preview, P.receive(store, preview, choices)


def test_round_trip_keeps_records_their_office_and_places(offices, tmp_path):
    prov, a, b = offices
    ids = [add_initiative(a, f"Mô hình Đông Cường {n}") for n in range(3)]
    add_initiative(b, "Mô hình Mê Linh", owner="Chi bộ thôn Đầm")
    preview, result = merge(prov, send(a, tmp_path, "a", period=quarter_period(2026, 1)))
    assert preview.counts()["initiatives"]["new"] == 3
    assert result.written["initiatives"]["new"] == 3
    merge(prov, send(b, tmp_path, "b"))
    rows = prov.query("SELECT i.name, a.name AS commune, o.name AS office FROM initiatives i"
                      " JOIN areas a ON a.id = i.commune_id"
                      " JOIN package_offices o ON o.id = i.origin_office_id ORDER BY i.id")
    assert [r["commune"] for r in rows] == ["Xã Đông Cường"] * 3 + ["Xã Mê Linh"]
    assert rows[0]["office"] == "Đảng ủy Xã Đông Cường"
    # The communes were matched with the province's own places, not added a second time.
    assert prov.scalar("SELECT count(*) FROM areas WHERE level = 'xa'") == 2
    sent = get_initiative(a, ids[0])
    assert prov.scalar("SELECT updated_at FROM initiatives WHERE uuid = ?", (sent.uuid,)) == sent.updated_at
    history = prov.scalar("SELECT count(*) FROM initiative_status_history h JOIN initiatives i"
                          " ON i.id = h.initiative_id WHERE i.uuid = ?", (sent.uuid,))
    assert history == 1
    figures = period_stats(prov, quarter_period(2026, 1))
    assert figures["initiatives"]["total"] == 4  # the stats --json keys stay, one is added
    assert figures["initiatives"]["by_sending_unit"] == {"Đảng ủy Xã Đông Cường": 3,
                                                         "Đảng ủy Xã Mê Linh": 1}
    # A commune that never received a package counts all as its own.
    assert period_stats(a, quarter_period(2026, 1))["initiatives"]["by_sending_unit"] == {
        "Đảng ủy Xã Đông Cường": 3}


def test_the_same_package_twice_changes_nothing(offices, tmp_path):
    prov, a, _ = offices
    add_initiative(a, "Nuôi ong lấy mật")
    path = send(a, tmp_path, "a")
    merge(prov, path)
    before = file_digest(prov)
    preview, result = merge(prov, path)
    assert preview.already_received and preview.writes == 0
    assert result.nothing_to_do
    assert file_digest(prov) == before
    assert prov.scalar("SELECT count(*) FROM initiatives") == 1


def test_newer_version_replaces_and_since_last_sends_only_changes(offices, tmp_path):
    prov, a, _ = offices
    first, second = add_initiative(a, "Mạ khay cấy lúa"), add_initiative(a, "Cánh đồng mẫu lớn")
    merge(prov, send(a, tmp_path, "a1", recipient=log.Office("", unit_code="34")))
    item = get_initiative(a, first)
    item.results = "Năng suất tăng 15%"
    save_initiative(a, item)
    path = send(a, tmp_path, "a2", since_last=True, recipient=log.Office("", unit_code="34"))
    package = P.read_package(path)
    assert [r["name"] for r in package.rows["initiatives"]] == ["Mạ khay cấy lúa"]
    preview, _ = merge(prov, path)
    assert preview.counts()["initiatives"]["updated"] == 1
    assert prov.scalar("SELECT results FROM initiatives WHERE uuid = ?", (item.uuid,)) == "Năng suất tăng 15%"
    assert get_initiative(a, second).name == "Cánh đồng mẫu lớn"


def _conflict(offices, tmp_path):
    prov, a, _ = offices
    ident = add_initiative(a, "Tuyến phố văn minh")
    merge(prov, send(a, tmp_path, "a1"))
    uuid = get_initiative(a, ident).uuid
    theirs = get_initiative(a, ident)
    theirs.notes = "Xã sửa"
    save_initiative(a, theirs)
    ours_id = prov.scalar("SELECT id FROM initiatives WHERE uuid = ?", (uuid,))
    ours = get_initiative(prov, ours_id)
    ours.notes = "Tỉnh sửa"
    save_initiative(prov, ours)
    return prov, send(a, tmp_path, "a2"), uuid, ours_id


def test_changed_on_both_sides_is_a_conflict_never_overwritten(offices, tmp_path):
    prov, path, uuid, ours_id = _conflict(offices, tmp_path)
    preview = P.preview_file(prov, path)
    assert [c.uuid for c in preview.conflicts] == [uuid]
    before = file_digest(prov)
    with pytest.raises(P.PackageRefused, match="xung đột"):
        P.receive(prov, preview)
    assert file_digest(prov) == before
    P.receive(prov, preview, {uuid: P.OURS})
    assert get_initiative(prov, ours_id).notes == "Tỉnh sửa"
    # Settled: the same package again is no longer a conflict.
    assert P.preview_file(prov, path).conflicts == []


def test_keep_theirs_takes_the_senders_version(offices, tmp_path):
    prov, path, uuid, ours_id = _conflict(offices, tmp_path)
    P.receive(prov, P.preview_file(prov, path), {uuid: P.THEIRS})
    assert get_initiative(prov, ours_id).notes == "Xã sửa"


def test_deletions_travel_to_the_bin(offices, tmp_path):
    prov, a, _ = offices
    ident = add_initiative(a, "Bồn rửa tay cho em")
    merge(prov, send(a, tmp_path, "a1"))
    delete_initiatives(a, [ident])
    preview, result = merge(prov, send(a, tmp_path, "a2", since_last=True))
    assert preview.counts()["initiatives"]["deleted"] == 1
    row = prov.query("SELECT deleted_at FROM initiatives WHERE uuid = ?",
                     (get_initiative(a, ident).uuid,))[0]
    assert row["deleted_at"]  # in the bin, restorable
    assert prov.scalar("SELECT count(*) FROM initiatives WHERE deleted_at IS NULL") == 0


def test_province_sends_its_decision_down(offices, tmp_path):
    prov, a, _ = offices
    ident = add_initiative(a, "Dân vận khéo trong cải cách hành chính", status="cong_nhan",
                           level="xa", recognized_on="2026-03-01")
    merge(prov, send(a, tmp_path, "a1"))
    uuid = get_initiative(a, ident).uuid
    rnd = rounds.save_round(prov, rounds.CommendationRound(
        number="125-QĐ/BTGDVTU", decided_on="2026-05-19", issuer="Ban Tuyên giáo và Dân vận",
        form="giay_khen", level="tinh", year=2026))
    prov_id = prov.scalar("SELECT id FROM initiatives WHERE uuid = ?", (uuid,))
    rounds.add_award_from_initiative(prov, rnd.id, prov_id)
    down = send(prov, tmp_path, "down", recipient=log.find_recipient(prov, "10001"))
    package = P.read_package(down)
    assert package.manifest.recipient["unit_code"] == "10001"
    merge(a, down)
    item = get_initiative(a, ident)
    assert item.status == "khen_thuong" and item.commended_on == "2026-05-19"
    award = a.query("SELECT r.number FROM awards w JOIN commendation_rounds r ON r.id = w.round_id"
                    " WHERE w.initiative_id = ?", (ident,))
    assert award == [{"number": "125-QĐ/BTGDVTU"}]
    # The initiative's history says which decision commended it (the form's history tab).
    notes = [r["note"] for r in a.query("SELECT note FROM initiative_status_history"
                                        " WHERE initiative_id = ? ORDER BY id", (ident,))]
    assert notes[-1] == "Theo Quyết định số 125-QĐ/BTGDVTU"
    # Back home the initiative is the commune's own again, not "from the province".
    assert a.scalar("SELECT origin_office_id FROM initiatives WHERE id = ?", (ident,)) is None


def test_a_change_after_the_preview_stops_the_merge(offices, tmp_path):
    prov, a, _ = offices
    ident = add_initiative(a, "Rau quả tập trung, an toàn")
    merge(prov, send(a, tmp_path, "a1"))
    item = get_initiative(a, ident)
    item.notes = "xã sửa"
    save_initiative(a, item)
    preview = P.preview_file(prov, send(a, tmp_path, "a2"))
    ours = get_initiative(prov, prov.scalar("SELECT id FROM initiatives"))
    ours.notes = "sửa trong lúc xem trước"
    save_initiative(prov, ours)
    with pytest.raises(P.PackageRefused, match="xem trước lại"):
        P.merge_package(prov, preview)
    assert get_initiative(prov, ours.id).notes == "sửa trong lúc xem trước"


def test_a_package_for_another_office_is_refused(offices, tmp_path):
    prov, a, b = offices
    add_initiative(a, "Cụm liên kết công an xã giáp ranh")
    merge(prov, send(a, tmp_path, "a1"))
    down = send(prov, tmp_path, "down", recipient=log.find_recipient(prov, "10001"))
    before = file_digest(b)
    with pytest.raises(P.PackageRefused, match="không phải đơn vị này"):
        P.preview_file(b, down)
    assert file_digest(b) == before


def test_the_board_knows_who_has_sent(offices, tmp_path):
    prov, a, _ = offices
    add_initiative(a, "Nâng bước em đến trường")
    merge(prov, send(a, tmp_path, "a1", period=quarter_period(2026, 1)))
    latest = log.latest_received(prov, "2026-01-01", "2026-06-30")  # the first half
    (entry,) = latest.values()
    assert entry["counts"]["initiatives"] == 1 and entry["packages"] == 1
    assert entry["period_from"] == "2026-01-01"
    assert log.latest_received(prov, "2026-07-01", "2026-09-30") == {}
    lines = {line["commune"]: line for line in log.board(prov, "2026-01-01", "2026-03-31")}
    assert lines["Xã Đông Cường"]["sent"] and lines["Xã Đông Cường"]["office"] == "Đảng ủy Xã Đông Cường"
    assert not lines["Xã Mê Linh"]["sent"]  # has not sent yet


def test_every_initiative_column_travels(offices, tmp_path):
    """Columns added to the table by other work (registration parts…) travel unchanged."""
    prov, a, _ = offices
    ident = add_initiative(a, "Khéo trong công tác tiếp công dân", results="Giảm 30% đơn thư")
    columns = [r["name"] for r in a.query("PRAGMA table_info(initiatives)")]
    texts = [c for c in columns if c not in ("id", "uuid", "name", "owner_name", "search_key",
                                             "name_sort", "owner_sort", "kind", "field", "status",
                                             "level", "themed_year", "position")
             and a.scalar(f"SELECT typeof({c}) FROM initiatives WHERE id = ?", (ident,)) == "text"
             and not c.endswith(("_on", "_at"))]
    for column in texts:  # give every free-text column a value of its own
        a.execute(f"UPDATE initiatives SET {column} = ? WHERE id = ?", (f"giá trị {column}", ident))
    merge(prov, send(a, tmp_path, "a"))
    ours = a.query("SELECT * FROM initiatives WHERE id = ?", (ident,))[0]
    theirs = prov.query("SELECT * FROM initiatives WHERE uuid = ?", (ours["uuid"],))[0]
    local = {"id", "commune_id", "organization_id", "person_id", "village_id", "origin_office_id"}
    assert {c: theirs[c] for c in columns if c not in local} == \
        {c: ours[c] for c in columns if c not in local}
    assert texts  # there were text columns to carry


def test_the_province_report_counts_by_sending_unit(offices, tmp_path):
    """The period report a province signs says which commune sent what; a commune's own
    report has no such table (it keeps only its own records)."""
    from danvan_desktop.services.documents.report_content import build_content

    prov, a, b = offices
    for n in range(2):
        add_initiative(a, f"Mô hình Đông Cường {n}")
    add_initiative(b, "Mô hình Mê Linh", owner="Chi bộ thôn Đầm")
    merge(prov, send(a, tmp_path, "a"))
    merge(prov, send(b, tmp_path, "b"))
    tables = build_content(prov, quarter_period(2026, 1)).tables
    (table,) = [t for t in tables if "đơn vị gửi" in t.title]
    assert table.rows == [["1", "Đảng ủy Xã Đông Cường", "2"], ["2", "Đảng ủy Xã Mê Linh", "1"],
                          ["", "Tổng cộng", "3"]]
    assert [t.title.split(".")[0] for t in tables] == [f"Bảng {n}" for n in range(1, 8)]
    own = build_content(a, quarter_period(2026, 1)).tables
    assert not [t for t in own if "đơn vị gửi" in t.title] and len(own) == 6


def test_both_sides_changed_in_the_same_millisecond_is_still_a_conflict(offices, tmp_path):
    """Equal times of change mean the same version only when neither side changed since
    the last package: two offices saving in the same millisecond are a conflict."""
    from danvan_desktop.services.packages.preview import CONFLICT, UNCHANGED, _state

    base, same = "2026-02-10T08:00:00.000Z", "2026-03-01T09:15:42.123Z"
    assert _state({"updated_at": same}, {"updated_at": same}, base) == CONFLICT
    assert _state({"updated_at": same}, {"updated_at": same}, same) == UNCHANGED
    prov, a, _ = offices
    ident = add_initiative(a, "Tuyến phố văn minh")
    merge(prov, send(a, tmp_path, "1"))
    for store, note in ((a, "xã sửa"), (prov, "tỉnh sửa")):
        item = get_initiative(store, store.scalar("SELECT id FROM initiatives WHERE name = ?",
                                                  ("Tuyến phố văn minh",)))
        item.notes = note
        save_initiative(store, item)
    stamp = a.scalar("SELECT updated_at FROM initiatives WHERE id = ?", (ident,))
    prov.execute("UPDATE initiatives SET updated_at = ? WHERE name = 'Tuyến phố văn minh'", (stamp,))
    preview = P.preview_file(prov, send(a, tmp_path, "2"))
    assert [c.state for c in preview.conflicts] == [CONFLICT]
    assert "xã sửa" in preview.conflicts[0].differences
