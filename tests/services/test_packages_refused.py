"""Packages refused with a Vietnamese reason and nothing written (the file byte-identical):
altered content, a newer format, a file that is not a package, a zip bomb, a record that
breaks the domain rules; and a merge killed at random moments is all or nothing."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile

import pytest

from danvan_desktop.services import packages as P
from danvan_desktop.services.integrity import check_file

from .package_offices import add_initiative, commune, file_digest, province


@pytest.fixture
def sent(tmp_path):
    prov, a = province(tmp_path), commune(tmp_path, "dong_cuong")
    for n in range(3):
        add_initiative(a, f"Hương truyền thống {n}")
    path = P.export_package(a, tmp_path / "a.dvk").path
    a.close()
    yield prov, path
    prov.close()


def _rewrite(path, target, manifest=None, content=None):
    with zipfile.ZipFile(path) as z:
        m, c = z.read("manifest.json"), z.read("content.jsonl")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", manifest(m) if manifest else m)
        z.writestr("content.jsonl", content(c) if content else c)
    return target


def _refused(store, path, words):
    before = file_digest(store)
    with pytest.raises(P.PackageRefused, match=words):
        P.receive(store, P.preview_file(store, path))
    assert file_digest(store) == before
    assert store.scalar("SELECT count(*) FROM initiatives") == 0


def test_altered_content_is_refused(sent, tmp_path):
    prov, path = sent
    altered = _rewrite(path, tmp_path / "sua.dvk",
                       content=lambda c: c.replace("Hương truyền thống 1".encode(), b"Huong sua doi 1"))
    _refused(prov, altered, "SHA-256 không khớp")


def test_damaged_zip_is_refused(sent, tmp_path):
    prov, path = sent
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 40] = bytes(40)
    damaged = tmp_path / "hong.dvk"
    damaged.write_bytes(bytes(data))
    _refused(prov, damaged, "hỏng|không phải gói")


def test_newer_format_is_refused(sent, tmp_path):
    prov, path = sent

    def newer(m):
        data = json.loads(m)
        data["format_version"] = 99
        return json.dumps(data).encode()

    _refused(prov, _rewrite(path, tmp_path / "moi.dvk", manifest=newer), "phiên bản mới hơn")


@pytest.mark.parametrize("make", ["text", "other_zip", "bomb", "empty"])
def test_not_a_package_is_refused(sent, tmp_path, make):
    prov, _ = sent
    target = tmp_path / f"{make}.dvk"
    if make == "text":
        target.write_text("Tên mô hình;Loại\n", encoding="utf-8")
    elif make == "empty":
        target.write_bytes(b"")
    elif make == "other_zip":
        with zipfile.ZipFile(target, "w") as z:
            z.writestr("word/document.xml", "<w/>")
    else:  # 200 MB of zeros declared in a few hundred bytes: refused before it is read
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("manifest.json", "{}")
            with z.open("content.jsonl", "w") as stream:
                block = bytes(1024 * 1024)
                for _ in range(200):
                    stream.write(block)
    started = time.perf_counter()
    _refused(prov, target, "không phải gói")
    assert time.perf_counter() - started < 2


def test_a_record_breaking_the_rules_is_refused(sent, tmp_path):
    prov, path = sent

    def bad_year(c):
        lines = []
        for line in c.splitlines():
            item = json.loads(line)
            if item["k"] == "initiatives":
                item["r"]["year"] = 20260
            lines.append(json.dumps(item, ensure_ascii=False).encode())
        return b"\n".join(lines) + b"\n"

    import hashlib

    def matching(m):  # re-signed, as a careless tool would: the rules still refuse it
        data = json.loads(m)
        with zipfile.ZipFile(path) as z:
            data["content"]["sha256"] = hashlib.sha256(bad_year(z.read("content.jsonl"))).hexdigest()
        return json.dumps(data).encode()

    bad = _rewrite(path, tmp_path / "sai.dvk", manifest=matching, content=bad_year)
    _refused(prov, bad, "Năm đăng ký")


CHILD = textwrap.dedent("""
    import sys
    from danvan_desktop.services import packages as P
    from danvan_desktop.store.db import open_store
    store = open_store(sys.argv[1])
    preview = P.preview_file(store, sys.argv[2])
    print("merging", flush=True)
    P.merge_package(store, preview)
    print("merged", flush=True)
""")


def test_a_merge_killed_at_any_moment_is_all_or_nothing(tmp_path):
    prov, a = province(tmp_path), commune(tmp_path, "dong_cuong")
    with a.atomic():
        for n in range(1500):
            add_initiative(a, f"Mô hình số {n}")
    path = P.export_package(a, tmp_path / "lon.dvk").path
    a.close()
    prov_path = prov.path
    prov.close()
    rng = random.Random(14)
    outcomes = set()
    for _ in range(8):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(prov_path), str(path)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "merging"
        time.sleep(rng.uniform(0.0, 0.6))
        child.kill()
        child.wait()
        child.stderr.read()
        assert check_file(prov_path) == []
        conn = sqlite3.connect(prov_path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            count = conn.execute("SELECT count(*) FROM initiatives").fetchone()[0]
            logged = conn.execute("SELECT count(*) FROM package_log").fetchone()[0]
        finally:
            conn.close()
        assert (count, logged) in {(0, 0), (1500, 1)}, f"a merge was written in part: {count}"
        outcomes.add(count)
        if count:
            break
    print(f"\nkilled merges: outcomes {sorted(outcomes)}")
