"""CBS 85980NED in its real shape: structure from DataProperties, titles mapped by definitions/,
counts from kenmerk Totaal only, two moments a year, unmapped categories reported."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.unit.extract.cbs_files import (
    DEC,
    HEADER,
    HEERENVEEN,
    JAN,
    MEASURES,
    STUDENT,
    TOTAAL,
    typed_records,
    write_statline,
)
from woonzorg_analyse.definitions.models import Bron, dag_en_maand
from woonzorg_analyse.errors import DataError
from woonzorg_analyse.extract.sources import cbs_aandachtsgroepen as cbs

T = pd.Timestamp


def folder_of(tmp_path):
    return tmp_path / "raw" / "cbs_aandachtsgroepen"


def test_heerenveen_counts_are_kenmerk_totaal_on_each_day_never_a_sum(tmp_path, defs):
    frame = cbs.load(write_statline(folder_of(tmp_path), HEERENVEEN), defs)
    counts = cbs.counts(frame, defs).set_index(["gemeente_code", "aandachtsgroep", "peildatum"])
    assert counts.loc[("GM0074", "studenten", T("2023-01-01")), "aantal"] == 2645
    assert counts.loc[("GM0074", "studenten", T("2023-12-31")), "aantal"] == 2435
    assert len(counts) == 2  # one count per day: the breakdown rows are not counts
    assert counts["eenheid"].eq("personen").all() and counts["status"].eq("definitief").all()
    # the sum over kenmerken (1340 + 2015 + 195 + 2450 + ...) is nowhere
    assert set(counts["aantal"]) == {2645, 2435}
    assert cbs.check(frame, defs) == []


def test_heerenveen_breakdown_keeps_every_kenmerk_and_measure_with_its_status(tmp_path, defs):
    frame = cbs.load(write_statline(folder_of(tmp_path), HEERENVEEN), defs)
    long = cbs.melt(frame, defs).set_index(["peildatum", "kenmerk", "eenheid"])
    jan = T("2023-01-01")
    assert long.loc[(jan, "totaal", "huishoudens"), "aantal"] == 2235
    assert long.loc[(jan, "totaal", "woonruimten"), "aantal"] == 2205
    assert long.loc[(jan, "geslacht_man", "personen"), "aantal"] == 1340
    assert long.loc[(jan, "meerpersoons", "huishoudens"), "aantal"] == 2040
    assert (
        long.loc[(jan, "meerpersoons", "personen"), "kenmerk_titel"] == "Particulier huishouden: meerpersoons"
    )
    suppressed = long.loc[(jan, "leeftijd_65_plus", "personen")]
    assert pd.isna(suppressed["aantal"]) and suppressed["status"] == "onderdrukt"
    assert (suppressed["aantal_min"], suppressed["aantal_max"]) == (0, 4)
    empty = long.loc[(jan, "geslacht_man", "huishoudens")]  # a breakdown fills only the personen
    assert empty["status"] == "bestaat_niet" and pd.isna(empty["aantal_max"])


def test_an_instroom_group_counts_on_31_december_only(tmp_path, defs):
    rows = [
        ("A048585 ", TOTAAL, "GM0074  ", JAN, "40", "30", "25"),
        ("A048585 ", TOTAAL, "GM0074  ", DEC, "55", "35", "30"),
    ]
    frame = cbs.load(write_statline(folder_of(tmp_path), rows), defs)
    counts = cbs.counts(frame, defs)
    assert counts[["aandachtsgroep", "peildatum", "aantal"]].values.tolist() == [
        ["statushouders", T("2023-12-31"), 55]
    ]
    # the 1 January figure is kept in the breakdown, not dropped
    assert T("2023-01-01") in set(cbs.melt(frame, defs)["peildatum"])


def test_unmapped_category_kenmerk_and_period_are_reported_by_key_and_title(tmp_path, defs):
    rows = [
        *HEERENVEEN,
        ("A048590 ", TOTAAL, "GM0074  ", JAN, "20", "15", "10"),
        ("A048590 ", TOTAAL, "GM0074  ", DEC, "25", "15", "10"),
        (STUDENT, "2012655 ", "GM0074  ", JAN, "1900", "", ""),
        (STUDENT, TOTAAL, "GM0074  ", "2023MM07", "2500", "2100", "2080"),
        (STUDENT, TOTAAL, "CR01    ", JAN, "9000", "8000", "7000"),
    ]
    regions = {"GM0074  ": "Heerenveen", "CR01    ": "Oost-Groningen (CR)"}
    frame = cbs.load(write_statline(folder_of(tmp_path), rows, regions=regions), defs)
    notes = frame.attrs["opmerkingen"]
    assert notes == [
        "cbs_aandachtsgroepen/85980NED_TypedDataSet.csv: categorie A048590 'Dakloze: totaal' staat niet in "
        "definitions/bronnen.yaml (cbs_aandachtsgroepen: categorieen); 2 rijen niet gebruikt",
        "cbs_aandachtsgroepen/85980NED_TypedDataSet.csv: kenmerk 2012655 'Migratieachtergrond: Nederland' staat "
        "niet in definitions/bronnen.yaml (cbs_aandachtsgroepen: kenmerken); 1 rijen niet gebruikt",
        "cbs_aandachtsgroepen/85980NED_TypedDataSet.csv: periode 2023MM07 '2023 juli' staat niet in "
        "definitions/bronnen.yaml (cbs_aandachtsgroepen: perioden); 1 rijen niet gebruikt",
        "cbs_aandachtsgroepen/85980NED_TypedDataSet.csv: rijen van andere regiosoorten dan gemeente, provincie "
        "en Nederland niet gebruikt: CR (1)",
    ]
    # and none of them reaches the counts
    counts = cbs.counts(frame, defs)
    assert set(counts["aantal"]) == {2645, 2435}
    assert "1900" not in frame.to_string()


def test_a_key_missing_from_its_dimension_list_is_an_error_at_its_row(tmp_path, defs):
    rows = [*HEERENVEEN, (STUDENT, "9999    ", "GM0074  ", JAN, "5", "", "")]
    with pytest.raises(DataError) as error:
        cbs.load(write_statline(folder_of(tmp_path), rows), defs)
    assert [p.message() for p in error.value.problems] == [
        "cbs_aandachtsgroepen/85980NED_TypedDataSet.csv, regel 10, kolom 'Kenmerken': onbekende sleutel in "
        "dimensie 'Kenmerken' (waarde: '9999'); niet in 85980NED_Kenmerken.csv"
    ]


def test_structure_comes_from_dataproperties_not_from_names(tmp_path, defs):
    folder = folder_of(tmp_path)
    path = write_statline(folder, HEERENVEEN)
    renames = {
        "AandachtsgroepVolkshuisvesting": "Groep_x",
        "Kenmerken": "Kenm_y",
        "RegioS": "Geb",
        "Perioden": "Tijd",
        "TotaalPersonen_1": "P_9",
        "TotaalHuishoudens_2": "H_8",
        "TotaalWoonruimten_3": "W_7",
    }
    props = folder / "85980NED_DataProperties.csv"
    lines = props.read_text(encoding="utf-8-sig").splitlines()
    # only the Keys change (first field of DataProperties, the data header, the list file names)
    lines = [
        ";".join([renames.get(line.split(";")[0], line.split(";")[0]), *line.split(";")[1:]])
        for line in lines
    ]
    props.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = path.read_text(encoding="utf-8-sig").splitlines()
    data[0] = ";".join(renames.get(c, c) for c in data[0].split(";"))
    path.write_text("\n".join(data) + "\n", encoding="utf-8")
    for old, new in renames.items():
        if (folder / f"85980NED_{old}.csv").exists():
            (folder / f"85980NED_{old}.csv").rename(folder / f"85980NED_{new}.csv")
    counts = cbs.counts(cbs.load(path, defs), defs)
    assert sorted(counts["aantal"]) == [2435, 2645]


def test_a_dimension_definitions_names_but_the_table_lacks_is_reported_with_what_it_has(tmp_path, defs):
    folder = folder_of(tmp_path)
    path = write_statline(folder, HEERENVEEN)
    props = folder / "85980NED_DataProperties.csv"
    props.write_text(
        props.read_text(encoding="utf-8-sig").replace(";Kenmerken;", ";Persoonskenmerken;"), "utf-8"
    )
    with pytest.raises(DataError) as error:
        cbs.load(path, defs)
    (problem,) = error.value.problems
    assert problem.bestand == "cbs_aandachtsgroepen/85980NED_DataProperties.csv"
    assert "dimensie 'Kenmerken' (kenmerk, bronnen.yaml: dimensies) niet gevonden" in problem.message()
    assert "Persoonskenmerken" in problem.message()


def test_parquet_snapshot_reads_like_the_statline_csv_with_null_as_dot(tmp_path, defs):
    csv_path = write_statline(folder_of(tmp_path), HEERENVEEN)
    parquet_path = csv_path.with_suffix(".parquet")
    records = typed_records(HEERENVEEN)
    columns = {"ID": pa.array([r["ID"] for r in records], pa.int64())}
    for key in HEADER[1:5]:
        columns[key] = pa.array([r[key] for r in records], pa.string())
    for key, _t, _g in MEASURES:
        columns[key] = pa.array([r[key] for r in records], pa.float64())
    pq.write_table(pa.table(columns), parquet_path)
    from_csv = cbs.counts(cbs.load(csv_path, defs), defs)
    from_parquet = cbs.counts(cbs.load(parquet_path, defs), defs)
    assert from_parquet["aantal"].tolist() == from_csv["aantal"].tolist() == [2645, 2435]
    assert from_parquet["_plaats"].tolist() == ["rij 1", "rij 2"]
    long = cbs.melt(cbs.load(parquet_path, defs), defs).set_index(["kenmerk", "eenheid"])
    # the TypedDataSet has no symbols: a null is read as '.', never as 0
    assert long.loc[("leeftijd_65_plus", "personen"), "status"] == "onderdrukt"
    assert pd.isna(long.loc[("leeftijd_65_plus", "personen"), "aantal"])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2023 januari", (T("2023-01-01").date(), "januari")),
        ("2023 December", (T("2023-12-31").date(), "december")),
        ("2024 december*", (T("2024-12-31").date(), "december")),
        ("2023", None),
        ("2023 juli", None),
        ("januari 2023", None),
    ],
)
def test_period_titles_map_to_the_day_of_the_definitions(defs, title, expected):
    assert cbs.period_day(title, defs.bronnen["cbs_aandachtsgroepen"]) == expected


def test_the_cbs_reading_of_bronnen_yaml_is_checked(defs):
    bron = defs.bronnen["cbs_aandachtsgroepen"].model_dump()
    with pytest.raises(ValueError, match="geen kenmerk met code totaal"):
        Bron.model_validate({**bron, "kenmerken": {"Totaal": "alles"}})
    with pytest.raises(ValueError, match=r"momenten.instroom: juni staat niet in perioden"):
        Bron.model_validate({**bron, "momenten": {"stand": ["januari"], "instroom": ["juni"]}})
    with pytest.raises(ValueError, match="vraagt ook kenmerken"):
        Bron.model_validate({**bron, "kenmerken": None})
    with pytest.raises(ValueError, match="geen dag die elk jaar bestaat"):
        dag_en_maand("29-02")
    assert dag_en_maand("31-12") == (31, 12)


def test_recognise_by_name_and_columns_never_by_dimension_names():
    from pathlib import Path

    from woonzorg_analyse.extract.registry import BIJLAGE, GEGEVENS, Kop

    def kop(name, columns):
        return Kop(Path(name), False, frozenset(columns), ())

    assert cbs.recognise(kop("85980NED_TypedDataSet.parquet", ["ID", "X", "Y"])) == GEGEVENS
    assert cbs.recognise(kop("85980NED_Kenmerken.csv", ["Key", "Title"])) == BIJLAGE
    assert cbs.recognise(kop("85980NED_DataProperties.csv", ["Key", "Type", "Title"])) == BIJLAGE
    assert cbs.recognise(kop("andere_tabel.csv", ["ID", "Key"])) is None
