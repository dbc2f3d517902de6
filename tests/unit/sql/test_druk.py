"""The pressure on the vrijkomende sociale huurwoningen on a hand-computed three-gemeente region.

Region KL01 of test_sql.py: Aa (GM0001, sociale huurvoorraad 10,000), Bee (GM0002, 2,000) and
Cee (GM0003, 8,000), stock known on 1 January 2022-2025; referentiejaar 2025, doeljaar 2027.

Mutatiegraad: national 7 % (2022); KL01's own 6 % (2024); delivered: Bee 10 % from 2024 on, Cee
5 % from 2026 on. So in 2025 Aa 600 (regio), Bee 200 (levering), Cee 480 (regio) woningen free.

Demand now of the verdeel-groepen with an inflow: uitstroom_bw (1 woning per person) 60 / 10 / 10
in 2023; statushouders (0.45 woning per person) 100 in Aa, suppressed (0..4, counted 2) in Bee and
missing in Cee in 2024. dak_thuisloos (a stand, 0.9 woning per person, 20 in Aa) is a backlog,
not a yearly need; studenten (rol specifiek) never count.

    Aa   (60 + 45) / 600 = 0.175         Bee  (10 + 0.9) / 200 = 0.0545 (0.05 .. 0.059)
    Cee  10 / 480 = 0.0208 (statushouders missing: too low, flagged)
    KL01 125.9 / 1,280 = 0.0984 (0.0977 .. 0.0990)
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tests.unit.sql.test_sql import A, B, C, T, frames
from woonzorg_analyse.load import warehouse as aggregate
from woonzorg_analyse.load.store import validate_table

MINE = ("int__vrijkomende_woningen", "agg__druk_sociale_voorraad", "agg__druk_sociale_voorraad_regio")


def druk_frames() -> dict[str, pd.DataFrame]:
    """test_sql's region with a region override, deliveries and three more groups."""
    base = frames()
    base["ref_woningmarkt"] = pd.DataFrame(
        [{"mutatiegraad": 0.07, "mutatiegraad_jaar": 2022, "mutatiegraad_bron": "CBS", "drukdrempel": 0.15}]
    )
    base["ref_mutatiegraad_regio"] = pd.DataFrame(
        [
            {
                "regio_type": "koploperregio",
                "regio_code": "KL01",
                "mutatiegraad": 0.06,
                "mutatiegraad_jaar": 2024,
                "mutatiegraad_bron": "corporaties KL01",
            }
        ]
    )
    base["stg_gemeente__mutatiegraad"] = pd.DataFrame(
        {
            "gemeente_code": [B, C],
            "jaar": [2024, 2026],
            "mutatiegraad": [0.10, 0.05],
            "bestand": ["woningmarkt/mutatiegraad.csv"] * 2,
            "plaats": ["regel 2", "regel 3"],
        }
    )
    groepen = base["ref_aandachtsgroep"].assign(rol=["verdeling", "specifiek"])  # studenten: no verdeling
    extra = pd.DataFrame(
        {
            "aandachtsgroep": ["statushouders", "dak_thuisloos"],
            "volgorde": [3, 4],
            "rol": ["verdeling", "verdeling"],
            "maat": ["instroom", "stand"],
            "hoofdlaag": ["populatie", "populatie"],
            "eenheid": ["personen", "personen"],
            "ouder": [None, None],
            "som_van_subgroepen": [False, False],
            "woningen_per_eenheid": [0.45, 0.9],
        }
    )
    base["ref_aandachtsgroep"] = pd.concat([groepen, extra], ignore_index=True)
    cbs = base["stg_cbs__aandachtsgroepen"]
    more = pd.DataFrame(
        [
            {"gemeente_code": A, "peildatum": T("2024-12-31"), "aandachtsgroep": "statushouders",
             "laag": "populatie", "aantal": 100.0, "aantal_min": 100.0, "aantal_max": 100.0},
            {"gemeente_code": B, "peildatum": T("2024-12-31"), "aandachtsgroep": "statushouders",
             "laag": "populatie", "aantal": None, "aantal_min": 0.0, "aantal_max": 4.0},
            {"gemeente_code": A, "peildatum": T("2025-01-01"), "aandachtsgroep": "dak_thuisloos",
             "laag": "populatie", "aantal": 20.0, "aantal_min": 20.0, "aantal_max": 20.0},
        ]
    )  # fmt: skip
    base["stg_cbs__aandachtsgroepen"] = pd.concat([cbs, more], ignore_index=True).astype(
        {"aantal": "Float64"}
    )
    return base


@pytest.fixture(scope="module")
def tables(defs) -> dict[str, pd.DataFrame]:
    """The SQL in ORDER up to the pressure tables, on druk_frames(); the pressure tables validated."""
    connection = duckdb.connect()
    for name, frame in druk_frames().items():
        connection.register(f"_{name}", frame)
        connection.execute(f"create table {name} as select * from _{name}")
    result = {}
    for file in aggregate.sql_files():
        if file.stem.startswith("rpt__"):
            break
        aggregate.create_model(connection, file, defs)
        if file.stem in MINE:
            result[file.stem] = validate_table(
                connection.sql(f'select * from "{file.stem}"').df(), file.stem, defs
            )
    return result


def test_pressure_tables_follow_opgave_in_order():
    order = list(aggregate.ORDER)
    assert order.index("int__vrijkomende_woningen") > order.index("int__regio_gemeente")
    assert order.index("agg__druk_sociale_voorraad") > order.index("int__vrijkomende_woningen")
    assert order.index("agg__druk_sociale_voorraad_regio") == order.index("agg__druk_sociale_voorraad") + 1


def test_vrijkomende_woningen_take_delivery_then_region_then_national(tables):
    vrij = tables["int__vrijkomende_woningen"]
    assert set(vrij["regio_code"]) == {"KL01"}  # KL02 is incomplete, GM0004 a doubtful member
    kl01 = vrij.set_index(["gemeente_code", "jaar"])
    assert sorted({j for _, j in kl01.index}) == [2022, 2023, 2024, 2025, 2026, 2027]
    now = kl01.xs(2025, level="jaar")
    assert now["vrijkomende_woningen"].to_dict() == pytest.approx({A: 600.0, B: 200.0, C: 480.0})
    assert now["mutatiegraad_herkomst"].to_dict() == {A: "regio", B: "levering", C: "regio"}
    assert now.loc[B, "mutatiegraad_bron"] == "woningmarkt/mutatiegraad.csv, regel 2"
    assert now.loc[A, "mutatiegraad_bron"] == "corporaties KL01"
    # a delivery holds from its year on: Bee 2022 still has the region's 6 %, Cee 2026 its own 5 %
    assert kl01.loc[(B, 2022), "mutatiegraad"] == pytest.approx(0.06)
    assert kl01.loc[(B, 2024), "mutatiegraad_jaar"] == 2024
    assert kl01.loc[(C, 2026), ["mutatiegraad", "vrijkomende_woningen"]].tolist() == pytest.approx(
        [0.05, 400.0]
    )
    # after the last known stock (1 January 2025) the stock carries on, flagged
    assert kl01.loc[(C, 2027), "voorraad_peildatum"] == T("2025-01-01")
    assert kl01.loc[(C, 2027), "voorraad_geschat"] and not kl01.loc[(C, 2025), "voorraad_geschat"]


def test_vrijkomende_woningen_without_region_override_use_the_national_default(defs):
    base = frames()  # test_sql's frames: no override, no delivery
    connection = duckdb.connect()
    for name, frame in base.items():
        connection.register(f"_{name}", frame)
        connection.execute(f"create table {name} as select * from _{name}")
    for file in aggregate.sql_files():
        aggregate.create_model(connection, file, defs)
        if file.stem == "int__vrijkomende_woningen":
            break
    frame = connection.sql("select * from int__vrijkomende_woningen where jaar = 2025").df()
    assert set(frame["mutatiegraad_herkomst"]) == {"landelijk"}
    assert frame.set_index("gemeente_code")["vrijkomende_woningen"].to_dict() == pytest.approx(
        {A: 700.0, B: 140.0, C: 560.0}
    )


def test_pressure_per_gemeente_hand_computed(tables):
    druk = tables["agg__druk_sociale_voorraad"].set_index("gemeente_code")
    assert druk.index.tolist() == [A, B, C]
    assert druk["jaar_vrijkomend"].unique().tolist() == [2025]
    assert druk["vraag_woningen_per_jaar"].tolist() == pytest.approx([105.0, 10.9, 10.0])
    assert druk["vraag_woningen_per_jaar_min"].tolist() == pytest.approx([105.0, 10.0, 10.0])
    assert druk["vraag_woningen_per_jaar_max"].tolist() == pytest.approx([105.0, 11.8, 10.0])
    assert druk["druk"].tolist() == pytest.approx([0.175, 10.9 / 200, 10 / 480])
    assert druk.loc[B, ["druk_min", "druk_max"]].tolist() == pytest.approx([0.05, 0.059])
    assert druk["achterstand_woningen"].tolist() == pytest.approx([18.0, 0.0, 0.0])  # not in the druk
    assert druk["groepen_instroom"].tolist() == [2, 2, 1]
    assert druk["groepen_ontbrekend"].tolist() == [0, 0, 1]
    assert druk["onzeker"].tolist() == [False, True, True]
    assert druk["boven_drempel"].tolist() == [True, False, False]  # drempel 0.15
    assert druk["peildatum_vraag"].unique().tolist() == [T("2024-12-31")]


def test_pressure_of_the_region_is_a_ratio_of_sums(tables):
    regio = tables["agg__druk_sociale_voorraad_regio"].set_index("regio_code").loc["KL01"]
    assert regio["vrijkomende_woningen"] == pytest.approx(1280.0)
    assert regio["vraag_woningen_per_jaar"] == pytest.approx(125.9)
    assert regio["druk"] == pytest.approx(125.9 / 1280)
    assert [regio["druk_min"], regio["druk_max"]] == pytest.approx([125 / 1280, 126.8 / 1280])
    assert regio["gemeenten_boven_drempel"] == 1 and regio["groepen_ontbrekend"] == 1 and regio["onzeker"]
