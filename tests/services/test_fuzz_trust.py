"""Fuzz (hypothesis): whatever validation accepts stays inside the bounds, holds no control
character, exports to .xlsx as text and comes back through import unchanged; workbooks
of random bytes and random cells are refused with a Vietnamese reason, never a crash.
Run with ``-s`` to see the number of cases."""

from __future__ import annotations

import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from danvan_desktop.domain.entities import Initiative
from danvan_desktop.domain.validation import (
    MAX_COUNT,
    MAX_MONEY,
    ValidationError,
    control_character,
    validate_initiative,
)
from danvan_desktop.services.exchange.export import export_initiatives
from danvan_desktop.services.exchange.importer import plan_import
from danvan_desktop.services.exchange.reader import FileRefused
from danvan_desktop.store.initiatives import InitiativeFilter, save_initiative

EXAMPLES = 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CASES: dict[str, int] = {}

texts = st.one_of(st.text(min_size=1, max_size=40),
                  st.text(alphabet="=+-@aăđ\x00\x01\x07\x1b\t\n\r'\"<>&", min_size=1, max_size=20),
                  st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "+1", "-1"]))
numbers = st.one_of(st.none(), st.integers(-10, 2**70), st.sampled_from([MAX_MONEY, MAX_MONEY + 1, 2**63]))


@FUZZ
@given(name=texts, owner=texts, notes=texts, money=numbers, households=numbers)
def test_what_validation_accepts_exports_as_text_and_imports_back(store, commune, tmp_path_factory,
                                                                   name, owner, notes, money, households):
    CASES["accepted or refused"] = CASES.get("accepted or refused", 0) + 1
    item = Initiative(name=name, owner_name=owner, notes=notes, kind="tap_the", field="kinh_te",
                      commune_id=commune, year=2024, money_vnd=money, households=households)
    try:
        clean = validate_initiative(item)
    except ValidationError as exc:
        assert all(e.message.strip() for e in exc.errors)
        return
    assert not any(control_character(t) for t in (clean.name, clean.owner_name, clean.notes))
    assert (clean.money_vnd or 0) <= MAX_MONEY and (clean.households or 0) <= MAX_COUNT
    saved = save_initiative(store, clean)
    path, _ = export_initiatives(store, tmp_path_factory.mktemp("x") / "mo-hinh.xlsx",
                                 InitiativeFilter(text=""))
    sheet = load_workbook(path).active
    rows = [r for r in sheet.iter_rows(min_row=2) if r[0].value == saved.name]  # earlier examples too
    assert rows and all(r[0].data_type == "s" for r in rows)
    assert saved.owner_name in {r[3].value for r in rows}
    plan = plan_import(store, path)
    assert not plan.errors, [str(e) for e in plan.errors]
    assert any(r.name == saved.name for r in plan.rows)


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_named_xlsx_are_refused_with_a_reason(store, tmp_path_factory, data):
    CASES["random bytes"] = CASES.get("random bytes", 0) + 1
    path = tmp_path_factory.mktemp("b") / "rac.xlsx"
    path.write_bytes(data)
    try:
        plan_import(store, path)
    except FileRefused as exc:
        assert str(exc).strip() and any(ord(ch) > 127 for ch in str(exc))


@FUZZ
@given(parts=st.lists(st.tuples(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                                 "xl/workbook.xml", "[Content_Types].xml",
                                                 "xl/styles.xml"]),
                                st.binary(max_size=400)), max_size=5))
def test_random_zip_parts_are_refused_with_a_reason(store, tmp_path_factory, parts):
    CASES["random zip parts"] = CASES.get("random zip parts", 0) + 1
    path = tmp_path_factory.mktemp("z") / "hong.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        for name, data in dict(parts).items():
            book.writestr(name, data)
    try:
        plan_import(store, path)
    except FileRefused as exc:
        assert str(exc).strip() and any(ord(ch) > 127 for ch in str(exc))


def test_zz_report_the_cases():
    print(f"\nfuzz cases: {CASES} (total {sum(CASES.values())})")
