"""``danvan package export|import`` end to end, in a subprocess: exit codes as CLI.md says
(0 done, 1 refused with nothing written, 2 wrong usage), JSON for scripts."""

from __future__ import annotations

import hashlib
import json

from tests.services.package_offices import add_initiative, commune, province

from .test_cli import danvan


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_then_import_then_again(tmp_path):
    a, prov = commune(tmp_path, "dong_cuong"), province(tmp_path)
    add_initiative(a, "Khéo trong công tác tiếp công dân")
    a_path, prov_path = a.path, prov.path
    a.close()
    prov.close()
    package = tmp_path / "quy1.dvk"
    done = danvan("package", "export", "--db", a_path, "--year", "2026", "--quarter", "1",
                  "--to", "34", "-o", package)
    assert done.returncode == 0, done.stderr
    assert "1 bản ghi" in done.stdout or "mô hình 1" in done.stdout
    dry = danvan("package", "import", "--db", prov_path, package, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["kinds"]["initiatives"]["new"] == 1 and report["written"] is False
    assert report["package"]["period"]["from"] == "2026-01-01"
    merged = danvan("package", "import", "--db", prov_path, package, "--json")
    assert merged.returncode == 0, merged.stderr
    assert json.loads(merged.stdout)["written"] is True
    again = danvan("package", "import", "--db", prov_path, package)
    assert again.returncode == 0
    assert "không đổi 1" in again.stdout and "không thay đổi gì" in again.stdout
    # --since-last to the same recipient: nothing changed since, an empty package.
    empty = tmp_path / "rong.dvk"
    assert danvan("package", "export", "--db", a_path, "--since-last", "--to", "34",
                  "-o", empty).returncode == 0
    assert json.loads(danvan("package", "import", "--db", prov_path, empty, "--dry-run",
                             "--json").stdout)["package"]["counts"]["initiatives"] == 0


def test_refused_package_exits_1_and_writes_nothing(tmp_path):
    prov = province(tmp_path)
    prov_path = prov.path
    prov.close()
    bogus = tmp_path / "bang-tinh.dvk"
    bogus.write_bytes(b"PK\x03\x04 not really a zip")
    before = _digest(prov_path)
    result = danvan("package", "import", "--db", prov_path, bogus)
    assert result.returncode == 1
    assert "không phải gói dữ liệu" in result.stderr
    assert "Traceback" not in result.stderr
    assert _digest(prov_path) == before


def test_conflicts_need_a_choice_on_the_command_line(tmp_path):
    a, prov = commune(tmp_path, "dong_cuong"), province(tmp_path)
    add_initiative(a, "Công tác hòa giải ở cơ sở")
    first = tmp_path / "1.dvk"
    from danvan_desktop.services import packages as P
    from danvan_desktop.store.initiatives import get_initiative, save_initiative

    P.export_package(a, first)
    P.receive(prov, P.preview_file(prov, first))
    for store, note in ((a, "xã"), (prov, "tỉnh")):
        item = get_initiative(store, store.scalar("SELECT id FROM initiatives"))
        item.notes = note
        save_initiative(store, item)
    second = tmp_path / "2.dvk"
    P.export_package(a, second)
    prov_path = prov.path
    a.close()
    prov.close()
    refused = danvan("package", "import", "--db", prov_path, second)
    assert refused.returncode == 1 and "xung đột" in refused.stderr
    kept = danvan("package", "import", "--db", prov_path, second, "--keep", "theirs")
    assert kept.returncode == 0, kept.stderr


def test_quarter_without_year_is_wrong_usage(tmp_path):
    prov = province(tmp_path)
    prov.close()
    result = danvan("package", "export", "--db", prov.path, "--quarter", "1", "-o", tmp_path / "x.dvk")
    assert result.returncode == 2
