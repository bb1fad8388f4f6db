"""Sending: the records of a period (or changed since the last package to this recipient)
written to one package file, then noted in the exchange log.

What goes: this office's own records, and records that came from the recipient (so a province
sends a commune back what it decided about the commune's initiatives, never another commune's
records); what they point to (places, organisations, persons, the campaign of a
contribution, the round of an award); deletions as deletions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ... import __version__
from ...domain.periods import Period
from ...store import packages as log
from ...store import records
from ...store.db import Store
from . import rows as R
from .fileformat import KINDS, Manifest, write_package

_DATED = {  # the dates that put a record in a period, besides its last change
    "initiatives": ("registered_on", "recognized_on", "commended_on"),
    "campaigns": ("started_on", "finished_on"),
    "contributions": ("on_date",),
    "rounds": ("decided_on",),
    "awards": (),
}


@dataclass
class ExportResult:
    path: Path
    manifest: Manifest

    @property
    def total(self) -> int:
        return sum(self.manifest.counts.get(k, 0) for k in R.RECORD_KINDS)


def _where(kind: str, period: Period | None, since: str | None, scope: str) -> tuple[str, dict]:
    clauses, params = [scope], {}
    if period is not None:
        params.update(s=period.start.isoformat(), e=period.end.isoformat())
        dated = [f"{c} BETWEEN :s AND :e" for c in _DATED[kind]]
        dated.append("substr(updated_at, 1, 10) BETWEEN :s AND :e")
        if kind == "initiatives":
            years = period.full_years or (0, -1)
            params.update(y1=years[0], y2=years[1])
            dated.append("(registered_on IS NULL AND year BETWEEN :y1 AND :y2)")
        if kind == "awards":
            dated.append("round_id IN (SELECT id FROM commendation_rounds"
                         " WHERE decided_on BETWEEN :s AND :e)")
        clauses.append("(" + " OR ".join(dated) + ")")
    if since:
        params["since"] = since
        clauses.append("updated_at > :since")
    return " AND ".join(clauses), params


def _select(store: Store, kind: str, period, since, scope: str, scope_params: dict) -> list[dict]:
    where, params = _where(kind, period, since, scope)
    if kind == "awards" and "recipient" in scope_params:
        where += (" AND (initiative_id IS NULL OR initiative_id IN (SELECT id FROM initiatives"
                  " WHERE origin_office_id IS NULL OR origin_office_id = :recipient))")
    return store.query(f"SELECT * FROM {R.TABLES[kind]} WHERE {where} ORDER BY id",
                       {**params, **scope_params})


def _by_ids(store: Store, table: str, ids: set[int]) -> list[dict]:
    out: list[dict] = []
    ids_list = sorted(i for i in ids if i is not None)
    for start in range(0, len(ids_list), 900):
        chunk = ids_list[start:start + 900]
        out += store.query(f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(chunk))})",
                           chunk)
    return out


def _closure(store: Store, picked: dict[str, list[dict]]) -> None:
    """Add what the picked records cannot do without on the receiving side."""
    def add_missing(kind: str, needed: set[int]) -> None:
        have = {r["id"] for r in picked[kind]}
        picked[kind] += _by_ids(store, R.TABLES[kind], needed - have)

    add_missing("campaigns", {r["campaign_id"] for r in picked["contributions"]})
    add_missing("rounds", {r["round_id"] for r in picked["awards"]})
    picked["status_history"] = []
    ids = [r["id"] for r in picked["initiatives"]]
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        picked["status_history"] += store.query(
            "SELECT * FROM initiative_status_history WHERE initiative_id IN"
            f" ({','.join('?' * len(chunk))}) ORDER BY id", chunk)
    _references(store, picked)


def _references(store: Store, picked: dict[str, list[dict]]) -> None:
    users = picked["initiatives"] + picked["campaigns"]
    picked["persons"] = _by_ids(store, "persons", {r["person_id"] for r in picked["initiatives"]})
    picked["organizations"] = _by_ids(
        store, "organizations", {r["organization_id"] for r in picked["initiatives"]}
        | {r["organization_id"] for r in picked["persons"]})
    wanted = ({r["commune_id"] for r in users} | {r["village_id"] for r in users}
              | {r["area_id"] for r in picked["organizations"] + picked["persons"]})
    areas: dict[int, dict] = {}
    while wanted - set(areas) - {None}:  # each place and the places above it
        for row in _by_ids(store, "areas", wanted - set(areas)):
            areas[row["id"]] = row
        wanted = {r["parent_id"] for r in areas.values()} - set(areas) - {None}
    depth: dict[int, int] = {}

    def level(area_id: int | None) -> int:
        if area_id is None or area_id not in areas:
            return 0
        if area_id not in depth:
            depth[area_id] = -1  # a loop would stop here
            depth[area_id] = level(areas[area_id]["parent_id"]) + 1
        return depth[area_id]

    picked["areas"] = sorted(areas.values(), key=lambda r: (level(r["id"]), r["id"]))


def export_package(store: Store, output: str | Path, *, period: Period | None = None,
                   since_last: bool = False, recipient: log.Office | None = None) -> ExportResult:
    """Write the package and note it as sent (with the version of each record sent)."""
    output = Path(output)
    own = log.own_office(store)
    recipient_id = log.office_id_if_known(store, recipient) if recipient else None
    last = log.last_sent(store, recipient_id) if since_last else None
    since = last["created_at"] if last else None
    created_at = records.now_iso()
    scope, scope_params = "origin_office_id IS NULL", {}
    if recipient_id is not None:
        scope, scope_params = "(origin_office_id IS NULL OR origin_office_id = :recipient)", \
            {"recipient": recipient_id}
    picked = {k: _select(store, k, period, since, scope, scope_params) for k in R.RECORD_KINDS}
    _closure(store, picked)
    index, origins = R.UuidIndex(store), log.origin_identities(store)
    out = {k: R.outgoing(store, k, picked[k], index, origins, own.identity) for k in KINDS}
    manifest = Manifest(
        package_id=records.new_uuid(), created_at=created_at, sender=own.as_dict(),
        recipient=recipient.as_dict() if recipient else None,
        period={**period.as_dict(), "label": period.label} if period else None, since=since,
        counts={k: len(out[k]) for k in KINDS},
        deleted={k: sum(1 for r in out[k] if r.get("deleted_at")) for k in R.RECORD_KINDS},
        sha256="", content_bytes=0, program_version=__version__)
    write_package(output, manifest, out)
    if not store.read_only:
        with store.atomic():
            office = recipient_id
            if recipient is not None and office is None:
                office = log.office_id(store, recipient)
            log.log_exchange(store, log.LogEntry(
                manifest.package_id, "sent", office, created_at,
                period_from=period.start.isoformat() if period else None,
                period_to=period.end.isoformat() if period else None, since=since,
                counts=manifest.counts, file_name=output.name, sha256=manifest.sha256))
            log.remember_versions(store, office if office is not None else log.ANY_RECIPIENT,
                                  [(r["uuid"], r["updated_at"]) for k in R.RECORD_KINDS
                                   for r in out[k]])
    return ExportResult(output, manifest)


def default_file_name(store: Store, period: Period | None, today: dt.date | None = None) -> str:
    own = log.own_office(store)
    from ...domain.text import fold_compact

    who = own.unit_code or fold_compact(own.name)[:30] or "don-vi"
    when = (today or dt.date.today()).strftime("%Y%m%d")
    part = fold_compact(period.label) if period else "tat-ca"
    return f"goi-{who}-{part}-{when}.dvk"
