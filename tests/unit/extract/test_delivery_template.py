"""Unit tests of the delivery template: sheets, headers, validations, version, determinism."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.extract.delivery_template import FIRST_ROW, HEADER_ROW, make_template
from woonzorg_analyse.extract.sources.levering import COLUMNS


@pytest.fixture(scope="module")
def workbook(defs):
    return load_workbook(io.BytesIO(make_template(defs, "855", 2025)))


def test_sheets_and_exact_loader_headers(workbook):
    assert workbook.sheetnames == ["toelichting", "lijsten", "aandachtsgroepen", "aanbod"]
    assert workbook["lijsten"].sheet_state == "hidden"
    for topic, columns in COLUMNS.items():
        sheet = workbook[topic]
        header = [c.value for c in sheet[HEADER_ROW]][: len(columns)]
        assert header == columns
        # no row above the header starts with gemeente_code (the loader takes the first one)
        assert all(sheet.cell(r, 1).value != "gemeente_code" for r in range(1, HEADER_ROW))


def test_definitions_version_in_a_cell_and_the_properties(workbook, defs):
    info = workbook["toelichting"]
    assert [info["A2"].value, info["B2"].value] == ["definitieversie", defs.version]
    assert workbook.properties.version == defs.version
    assert workbook.custom_doc_props["definitieversie"].value == defs.version
    assert defs.version in workbook["aandachtsgroepen"]["A1"].value


def test_toelichting_lists_every_group_and_woonvorm(workbook, defs):
    cells = {c.value for row in workbook["toelichting"].iter_rows() for c in row}
    assert set(defs.aandachtsgroepen) <= cells and set(defs.woonvormen) <= cells
    assert defs.aandachtsgroepen["studenten"].omschrijving in cells


def test_validations_cover_codes_numbers_and_dates(workbook, defs):
    rules = {}
    for topic in COLUMNS:
        for validation in workbook[topic].data_validations.dataValidation:
            rules[(topic, validation.errorTitle)] = validation
    assert (
        rules[("aandachtsgroepen", "aandachtsgroep")].formula1
        == f"lijsten!$A$2:$A${len(defs.aandachtsgroepen) + 1}"
    )
    assert rules[("aandachtsgroepen", "laag")].formula1 == '"populatie,urgente_vraag"'
    assert rules[("aandachtsgroepen", "aantal")].type == "custom"
    assert '="."' in rules[("aandachtsgroepen", "aantal")].formula1  # '.' (onbekend) is allowed
    assert rules[("aandachtsgroepen", "peildatum")].type == "date"
    assert rules[("aanbod", "status")].formula1 == '"bestaand,gepland"'
    assert rules[("aanbod", "capaciteit")].type == "whole" and rules[("aanbod", "capaciteit")].formula1 == "0"
    assert rules[("aanbod", "woonvorm")].formula1.startswith("lijsten!$B$2")
    listed = [c.value for c in workbook["lijsten"]["A"][1:] if c.value]
    assert listed == list(defs.aandachtsgroepen)


def test_prefill_one_row_per_group_and_laag_with_peildatum_by_maat(workbook, defs):
    sheet = workbook["aandachtsgroepen"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=FIRST_ROW) if row[0].value]
    assert len(rows) == sum(len(g.lagen) for g in defs.aandachtsgroepen.values())
    assert {r[0] for r in rows} == {"GM0855"} and {r[1] for r in rows} == {"Tilburg"}
    by_group = {(r[3], r[4]): r for r in rows}
    assert by_group[("studenten", "populatie")][2] == datetime(2025, 1, 1)
    assert by_group[("statushouders", "urgente_vraag")][2] == datetime(2024, 12, 31)
    assert by_group[("urgenten", "urgente_vraag")][5] == "huishoudens"
    assert all(r[6] is None for r in rows)  # aantal is for the gemeente to fill in
    assert not any(row[0].value for row in workbook["aanbod"].iter_rows(min_row=FIRST_ROW))


def test_output_is_deterministic_and_fixed_in_time(defs):
    first = make_template(defs, "GM0855", 2025)
    assert first == make_template(defs, "855", 2025)
    assert first != make_template(defs)
    assert load_workbook(io.BytesIO(first)).properties.modified == datetime(2026, 1, 1)


def test_unknown_gemeente_is_a_usage_error(defs):
    with pytest.raises(UsageError, match="GM9999 is geen gemeente"):
        make_template(defs, "9999")
    with pytest.raises(UsageError, match="geen geldige gemeentecode"):
        make_template(defs, "Tilburg")


def test_peildatum_rules(defs):
    assert defs.aandachtsgroepen["studenten"].peildatum_ronde(2025).isoformat() == "2025-01-01"
    assert defs.aandachtsgroepen["statushouders"].peildatum_ronde(2025).isoformat() == "2024-12-31"
    assert defs.aandachtsgroepen["statushouders"].peildatum(2025).isoformat() == "2025-12-31"
