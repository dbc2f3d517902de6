"""Loaders: read and rename only, keeping CBS conventions and the row a value came from."""

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.readers import read_delimited
from woonzorg_analyse.extract.sources import cbs_kwb, levering


def write(path: Path, text: str, bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.replace("\n", "\r\n").encode("utf-8"))
    return path


def test_delimited_reader_keeps_line_numbers_and_skips_blank_lines(tmp_path):
    path = write(tmp_path / "raw" / "x.csv", "a;b\n1;2\n\n3;4\n", bom=True)
    frame = read_delimited(path)
    assert list(frame.columns) == ["a", "b", "_plaats"]
    assert frame["_plaats"].tolist() == ["regel 2", "regel 4"]


def test_kwb_loader_renames_and_keeps_symbols_missing(tmp_path, defs):
    path = write(
        tmp_path / "raw" / "cbs_kwb" / "kwb-2024.csv",
        "gwb_code_10;regio;gm_naam;recs;a_inw;a_hh;a_woning;p_koopw;p_huurw;p_wcorpw;p_ov_hw;p_leegsw;g_wozbag;ste_mvs;bev_dich\n"
        "NL00;Nederland;Nederland;Land;17942942;8374404;8204049;57;42;28;13;3;405;2;535\n"
        "GM0014;Groningen;Groningen;Gemeente;243768;145764;124258;40;60;32;28;4;300;1;1314\n"
        "GM0088;Schiermonnikoog;Schiermonnikoog;Gemeente;950;450;.;.;.;.;.;.;312,5;5;24\n",
        bom=True,
    )
    frame = cbs_kwb.load(path, defs)
    assert frame["gemeente_code"].tolist() == ["GM0014", "GM0088"]
    assert frame["inwoners"].tolist() == [243768, 950]
    assert pd.isna(frame.loc[1, "woningvoorraad"]) and pd.isna(frame.loc[1, "corporatie_pct"])
    assert frame.loc[1, "gem_woz_euro"] == 312_500
    assert frame["peildatum"].dt.year.tolist() == [2024, 2024]


def test_csv_delivery_with_bare_codes_and_dutch_thousands(tmp_path, defs):
    path = write(
        tmp_path / "raw" / "gemeenten" / "levering.csv",
        "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"
        "546;Leiden;01-01-2024;beperking;populatie;personen;1.575;\n"
        "GM0546;Leiden;01-01-2024;dak_thuisloos;populatie;personen;.;onbekend\n",
    )
    frame = levering.load_aandachtsgroepen(path, defs)
    assert frame["gemeente_code"].tolist() == ["GM0546", "GM0546"]
    assert frame["gemeente_code_geleverd"].tolist() == ["546", "GM0546"]
    assert frame.loc[0, "aantal"] == 1575
    assert pd.isna(frame.loc[1, "aantal"]) and frame.loc[1, "status"] == "onderdrukt"


def test_xlsx_delivery_finds_its_header_below_free_text(tmp_path, defs):
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "aandachtsgroepen"
    sheet.append(["Levering aandachtsgroepen"])
    sheet.append(["Definitieversie: 2026.1"])
    sheet.append(levering.COLUMNS["aandachtsgroepen"])
    sheet.append(
        [
            "GM0766",
            "Dongen",
            datetime.datetime(2023, 12, 31),
            "urgenten",
            "urgente_vraag",
            "huishoudens",
            60,
            None,
        ]
    )
    path = tmp_path / "raw" / "gemeenten" / "levering.xlsx"
    path.parent.mkdir(parents=True)
    workbook.save(path)
    frame = levering.load_aandachtsgroepen(path, defs)
    assert frame.loc[0, "_plaats"] == "blad aandachtsgroepen, rij 4"
    assert frame.loc[0, "peildatum"] == pd.Timestamp("2023-12-31")
    assert frame.loc[0, "aantal"] == 60


def test_every_parse_problem_is_reported_at_once(tmp_path, defs):
    path = write(
        tmp_path / "raw" / "gemeenten" / "levering.csv",
        "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"
        "Leiden;Leiden;01-01-2024;beperking;populatie;personen;12;\n"
        "GM0546;Leiden;1 januari;beperking;populatie;personen;12,5;\n",
    )
    with pytest.raises(DataError) as error:
        levering.load_aandachtsgroepen(path, defs)
    assert [p.message() for p in error.value.problems] == [
        "gemeenten/levering.csv, regel 2, kolom 'gemeente_code': geen geldige gemeentecode (verwacht GM gevolgd "
        "door vier cijfers) (waarde: 'Leiden')",
        "gemeenten/levering.csv, regel 3, kolom 'aantal': moet een geheel getal zijn (waarde: '12,5')",
        "gemeenten/levering.csv, regel 3, kolom 'peildatum': geen geldige datum (verwacht dd-mm-jjjj) (waarde: '1 januari')",
    ]
