"""The package file (.dvk): a zip holding ``manifest.json`` (who sent it, to whom, for which
period, how many records of each kind, the format version, the SHA-256 of the content) and
``content.jsonl`` (one record a line: ``{"k": kind, "r": row}``).

Reading is bounded before anything is read: the file's size, the number of entries, each
entry's declared size and compression ratio, the length of a line and the number of rows.
Every refusal is a :class:`PackageRefused` with a Vietnamese reason."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "danvan-package"
FORMAT_VERSION = 1
SUFFIX = ".dvk"
MANIFEST, CONTENT = "manifest.json", "content.jsonl"

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_CONTENT_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed: a zip bomb goes far beyond JSON's ~10
MAX_LINE_BYTES = 1024 * 1024
MAX_ROWS = 3_000_000

# Kinds in the order they are written and merged (what a row points to comes first).
KINDS = ("areas", "organizations", "persons", "initiatives", "status_history", "campaigns",
         "contributions", "rounds", "awards")
KIND_LABELS = {
    "areas": "Địa bàn", "organizations": "Đơn vị, tổ chức", "persons": "Cá nhân",
    "initiatives": "Mô hình", "status_history": "Lịch sử trạng thái",
    "campaigns": "Cuộc vận động", "contributions": "Đóng góp",
    "rounds": "Đợt khen thưởng", "awards": "Người/tập thể được khen",
}


class PackageRefused(Exception):
    """The package is not taken; nothing was written. The message is Vietnamese."""


@dataclass
class Manifest:
    package_id: str
    created_at: str
    sender: dict
    recipient: dict | None
    period: dict | None
    since: str | None
    counts: dict[str, int]
    deleted: dict[str, int]
    sha256: str
    content_bytes: int
    program_version: str = ""
    format_version: int = FORMAT_VERSION
    attachments: bool = False

    def as_dict(self) -> dict:
        return {"format": FORMAT, "format_version": self.format_version,
                "program_version": self.program_version, "package_id": self.package_id,
                "created_at": self.created_at, "sender": self.sender, "recipient": self.recipient,
                "period": self.period, "since": self.since, "counts": self.counts,
                "deleted": self.deleted, "attachments": self.attachments,
                "content": {"file": CONTENT, "sha256": self.sha256, "bytes": self.content_bytes}}


@dataclass
class Package:
    manifest: Manifest
    rows: dict[str, list[dict]] = field(default_factory=dict)
    file_name: str = ""


def content_lines(rows: dict[str, list[dict]]) -> Iterable[bytes]:
    for kind in KINDS:
        for row in rows.get(kind, ()):
            yield json.dumps({"k": kind, "r": row}, ensure_ascii=False,
                             separators=(",", ":")).encode() + b"\n"


def write_package(path: Path, manifest: Manifest, rows: dict[str, list[dict]]) -> None:
    """Write to a temporary name, then rename: a half-written package never has the name."""
    body = io.BytesIO()
    digest = hashlib.sha256()
    for line in content_lines(rows):
        digest.update(line)
        body.write(line)
    manifest.sha256 = digest.hexdigest()
    manifest.content_bytes = body.tell()
    partial = path.with_name(path.name + ".dang-ghi")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            z.writestr(MANIFEST, json.dumps(manifest.as_dict(), ensure_ascii=False, indent=1))
            z.writestr(CONTENT, body.getvalue())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


# --- Reading ----------------------------------------------------------------------------------


def _not_package(name: str, why: str = "") -> PackageRefused:
    return PackageRefused(f"Tệp “{name}” không phải gói dữ liệu Dân vận khéo (.dvk)"
                          + (f": {why}" if why else "") + ".")


def _damaged(name: str, why: str) -> PackageRefused:
    return PackageRefused(f"Gói “{name}” bị hỏng hoặc đã bị sửa sau khi gửi ({why}); "
                          "không nhận gì. Hãy đề nghị đơn vị gửi lại gói.")


def _open_zip(path: Path) -> zipfile.ZipFile:
    name = path.name
    if not path.is_file():
        raise PackageRefused(f"Không tìm thấy tệp “{path}”.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _not_package(name, f"tệp quá lớn ({size // 1_048_576} MB, tối đa "
                                 f"{MAX_FILE_BYTES // 1_048_576} MB)")
    if not zipfile.is_zipfile(path):
        raise _not_package(name)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _not_package(name, str(exc)) from exc
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if len(infos) > MAX_ENTRIES or MANIFEST not in names or CONTENT not in names:
        archive.close()
        raise _not_package(name, "thiếu phần mô tả gói hoặc phần dữ liệu")
    for info in infos:
        limit = MAX_MANIFEST_BYTES if info.filename == MANIFEST else MAX_CONTENT_BYTES
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or (info.file_size > 1_048_576 and ratio > MAX_RATIO):
            archive.close()
            raise _not_package(name, f"phần “{info.filename}” có kích thước bất thường")
    return archive


def read_manifest(path: Path) -> Manifest:
    with _open_zip(path) as archive:
        return _manifest(archive, path.name)


def _manifest(archive: zipfile.ZipFile, name: str) -> Manifest:
    try:
        data = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _damaged(name, "phần mô tả gói không đọc được") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _not_package(name)
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise _damaged(name, "phiên bản định dạng không hợp lệ")
    if version > FORMAT_VERSION:
        raise PackageRefused(
            f"Gói “{name}” được tạo bởi phiên bản mới hơn của chương trình (định dạng gói "
            f"{version}, chương trình này hiểu đến {FORMAT_VERSION}). Hãy cập nhật chương trình.")
    try:
        content = data["content"]
        sender = data["sender"]
        if not isinstance(sender, dict) or not sender.get("identity"):
            raise KeyError("sender")
        return Manifest(
            package_id=str(data["package_id"]), created_at=str(data["created_at"]),
            sender=sender, recipient=data.get("recipient") or None,
            period=data.get("period") or None, since=data.get("since"),
            counts={k: int(v) for k, v in dict(data["counts"]).items()},
            deleted={k: int(v) for k, v in dict(data.get("deleted") or {}).items()},
            sha256=str(content["sha256"]), content_bytes=int(content["bytes"]),
            program_version=str(data.get("program_version", "")), format_version=version,
            attachments=bool(data.get("attachments")))
    except (KeyError, TypeError, ValueError) as exc:
        raise _damaged(name, f"phần mô tả gói thiếu hoặc sai mục {exc}") from exc


def read_package(path: str | os.PathLike) -> Package:
    """The whole package, checked: manifest, checksum, counts. Raises PackageRefused."""
    path = Path(path)
    with _open_zip(path) as archive:
        manifest = _manifest(archive, path.name)
        rows = _content(archive, manifest, path.name)
    return Package(manifest=manifest, rows=rows, file_name=path.name)


def _content(archive: zipfile.ZipFile, manifest: Manifest, name: str) -> dict[str, list[dict]]:
    digest = hashlib.sha256()
    rows: dict[str, list[dict]] = {k: [] for k in KINDS}
    total = 0
    try:
        with archive.open(CONTENT) as stream:
            while line := stream.readline(MAX_LINE_BYTES + 1):
                if len(line) > MAX_LINE_BYTES or total >= MAX_ROWS:
                    raise _damaged(name, "dòng dữ liệu quá dài hoặc quá nhiều dòng")
                digest.update(line)
                total += 1
                item = json.loads(line)
                kind, row = item.get("k"), item.get("r")
                if kind not in rows or not isinstance(row, dict) or not row.get("uuid"):
                    raise _damaged(name, f"dòng {total} không đúng định dạng")
                rows[kind].append(row)
    except (zipfile.BadZipFile, zlib.error, ValueError, AttributeError, OSError, EOFError) as exc:
        raise _damaged(name, f"phần dữ liệu không đọc được: {exc}") from exc
    if digest.hexdigest() != manifest.sha256:
        raise _damaged(name, "mã kiểm tra SHA-256 không khớp")
    for kind in KINDS:
        if len(rows[kind]) != manifest.counts.get(kind, 0):
            raise _damaged(name, f"số {KIND_LABELS[kind].lower()} không khớp phần mô tả")
    return rows
