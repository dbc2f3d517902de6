"""Every aggregation .sql file on tiny registered frames: a three-gemeente region, hand-computed.

Region KL01 holds Aa (GM0001, 50,000 inhabitants), Bee (GM0002, 30,000) and Cee (GM0003, 20,000);
GM0004 is a member with zekerheid 'onzeker' and must not count. KL02 holds Cee and Eee (GM0005),
which has no kerncijfers: an incomplete region that is not analysed. uitstroom_bw (municipal delivery)
is 60 / 10 / 10 today; studenten (CBS) has a suppressed cell in Bee and no figure for Cee.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd
import pytest

from tests.conftest import ROOT
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.load import warehouse as aggregate
from woonzorg_analyse.load.store import validate_table

A, B, C, D, E = "GM0001", "GM0002", "GM0003", "GM0004", "GM0005"
T = pd.Timestamp


def frames() -> dict[str, pd.DataFrame]:
    """The ref_ and stg_ tables the SQL reads, only the columns it uses."""
    kern = []
    for peildatum in ("2022-01-01", "2023-01-01", "2024-01-01", "2025-01-01"):
        for code, inw, soc in ((A, 50000, 10000.0), (B, 30000, 2000.0), (C, 20000, 8000.0), (D, 10000, 1.0)):
            kern.append(
                {"gemeente_code": code, "peildatum": T(peildatum), "inwoners": inw, "huishoudens": inw // 2,
                 "woningvoorraad": inw // 2, "sociale_huurvoorraad": soc, "koopwoningen_pct": 50.0,
                 "corporatie_pct": 100 * soc / (inw // 2)}
            )  # fmt: skip
    levering = [
        (A, "2022-12-31", "uitstroom_bw", "populatie", 55.0),
        (B, "2022-12-31", "uitstroom_bw", "populatie", 10.0),
        (C, "2022-12-31", "uitstroom_bw", "populatie", 8.0),
        (A, "2023-12-31", "uitstroom_bw", "populatie", 60.0),
        (B, "2023-12-31", "uitstroom_bw", "populatie", 10.0),
        (C, "2023-12-31", "uitstroom_bw", "populatie", 10.0),
        (A, "2023-12-31", "uitstroom_bw", "urgente_vraag", 999.0),  # not the hoofdlaag
        (A, "2024-01-01", "studenten", "populatie", 120.0),  # goes before CBS's 100
    ]
    cbs = [
        (A, "2023-01-01", "studenten", "populatie", 90.0, 90.0, 90.0),
        (B, "2023-01-01", "studenten", "populatie", 5.0, 5.0, 5.0),
        (C, "2023-01-01", "studenten", "populatie", 5.0, 5.0, 5.0),
        (A, "2024-01-01", "studenten", "populatie", 100.0, 100.0, 100.0),
        (B, "2024-01-01", "studenten", "populatie", None, 0.0, 4.0),  # suppressed
    ]
    prognose = []
    for code in (A, B, C, D):
        for jaar, mid, hoog in ((2025, 100.0, 100.0), (2030, 110.0, 120.0), (2035, 121.0, 144.0)):
            grow = code == A
            prognose.append(
                {"gemeente_code": code, "jaar": jaar, "variabele": "inwoners", "prognose": mid if grow else 100.0,
                 "ondergrens": 100.0, "bovengrens": hoog if grow else 100.0}
            )  # fmt: skip
    return {
        "ref_analyse_instelling": pd.DataFrame(
            [
                {
                    "referentiejaar": 2025,
                    "doeljaar": 2027,
                    "horizonjaar": 2030,
                    "prognosejaren": "2030",
                    "lidmaatschap_zekerheid": "bevestigd,afgeleid",
                    "trend_grens_pct": 10.0,
                    "centraal_scenario": "midden",
                    "eerste_verdeelsleutel": "inwoners",
                    "ingroeipad_verdeelsleutel": "inwoners",
                    "onthullingsdrempel": 10,
                }
            ]
        ),
        "ref_verdeelsleutel": pd.DataFrame(
            {
                "verdeelsleutel": ["inwoners", "sociale_huur", "mix", "mix_gedempt"],
                "naam": ["Inwoners", "Sociale huur", "Mix", "Mix gedempt"],
                "volgorde": [1, 2, 3, 4],
                "demping_drempel": [None, None, None, 1.0],
                "demping_exponent": [0.0, 0.0, 0.0, 0.5],
                "groepen": [None, None, None, None],
            }
        ),
        "ref_verdeelsleutel_gewicht": pd.DataFrame(
            {
                "verdeelsleutel": ["inwoners", "sociale_huur", "mix", "mix", "mix_gedempt", "mix_gedempt"],
                "indicator": ["inwoners", "sociale_huurvoorraad"] * 3,
                "gewicht": [1.0, 1.0, 0.5, 0.5, 0.5, 0.5],
            }
        ),
        "ref_scenario": pd.DataFrame(
            {
                "scenario": ["midden", "hoog"],
                "naam": ["Midden", "Hoog"],
                "volgorde": [1, 2],
                "prognosevariant": ["prognose", "bovengrens"],
                "centraal": [True, False],
            }
        ),
        "ref_scenario_groei": pd.DataFrame(
            {
                "aandachtsgroep": ["uitstroom_bw", "uitstroom_bw", "studenten", "studenten"],
                "scenario": ["midden", "hoog", "midden", "hoog"],
                "demografie": ["inwoners", "inwoners", "geen", "geen"],
                "trend_gewicht": [0.0, 1.0, 0.0, 0.0],
                "extra_groei_pct": [0.0, 0.0, 0.0, 10.0],
            }
        ),
        "ref_gemeente": pd.DataFrame(
            {
                "indeling_jaar": [2025] * 5,
                "gemeente_code": [A, B, C, D, E],
                "gemeente_naam": ["Aa", "Bee", "Cee", "Dee", "Eee"],
                "provincie_code": ["PV01"] * 5,
            }
        ),
        "ref_regio": pd.DataFrame(
            {
                "regio_type": ["koploperregio"] * 2 + ["provincie"],
                "regio_code": ["KL01", "KL02", "PV01"],
                "regio_naam": ["Proef", "Half", "Provincie"],
            }
        ),
        "ref_regio_lidmaatschap": pd.DataFrame(
            {
                "indeling_jaar": [2025, 2025, 2025, 2025, 2024, 2025, 2025],
                "regio_type": ["koploperregio"] * 7,
                "regio_code": ["KL01"] * 5 + ["KL02"] * 2,
                "gemeente_code": [A, B, C, D, D, C, E],
                "zekerheid": [
                    "bevestigd",
                    "afgeleid",
                    "bevestigd",
                    "onzeker",
                    "bevestigd",
                    "bevestigd",
                    "bevestigd",
                ],
                "hoofdregio": [True] * 7,
                "deelregio": [None] * 7,
            }
        ),
        "stg_eigen__regio_gemeente": pd.DataFrame(
            {"regio_type": [], "regio_code": [], "regio_naam": [], "gemeente_code": []}, dtype="str"
        ),
        "ref_herindeling": pd.DataFrame(
            {
                "datum": [T("2024-01-01")],
                "oud_code": ["GM9001"],
                "oud_naam": ["Oud"],
                "nieuw_code": [A],
                "nieuw_naam": ["Aa"],
                "soort": ["samenvoeging"],
                "aandeel_adressen": [1.0],
            }
        ),
        "ref_woonvorm": pd.DataFrame(
            {
                "woonvorm": ["zelfstandig", "geclusterd", "intramuraal", "onzelfstandig", "standplaats"],
                "volgorde": [1, 2, 3, 4, 5],
            }
        ),
        "meta_invoerbestand": pd.DataFrame(
            {
                "bestand": ["a.csv", "b.csv"],
                "bron_code": ["cbs_kwb", "gemeentelijke_levering"],
                "sha256": ["a" * 64, "b" * 64],
                "fictief": [True, False],
                "peildata": ["2024", "2024"],
                "rijen": [3, 4],
            }
        ),
        "meta_invoerbestand_gemeente": pd.DataFrame({"bestand": ["b.csv"], "gemeente_code": [A]}),
        "meta_build": pd.DataFrame({"sleutel": ["programma_sha256"], "waarde": ["c" * 64]}),
        "ref_aandachtsgroep": pd.DataFrame(
            {
                "aandachtsgroep": ["uitstroom_bw", "studenten"],
                "volgorde": [1, 2],
                "rol": ["verdeling", "verdeling"],  # both, so that both get a fair share here
                "maat": ["instroom", "stand"],
                "hoofdlaag": ["populatie", "populatie"],
                "eenheid": ["personen", "personen"],
                "ouder": [None, None],
                "som_van_subgroepen": [False, False],
                "woningen_per_eenheid": [1.0, 0.5],
            }
        ),
        "ref_aandachtsgroep_woonvorm": pd.DataFrame(
            {
                "aandachtsgroep": ["uitstroom_bw", "uitstroom_bw", "studenten"],
                "woonvorm": ["zelfstandig", "geclusterd", "onzelfstandig"],
                "aandeel": [0.5, 0.5, 1.0],
            }
        ),
        "stg_cbs__kerncijfers": pd.DataFrame(kern),
        "stg_gemeente__aandachtsgroepen": pd.DataFrame(
            [
                {
                    "gemeente_code": g,
                    "peildatum": T(p),
                    "aandachtsgroep": a,
                    "laag": laag,
                    "aantal": n,
                    "aantal_min": n,
                    "aantal_max": n,
                }
                for g, p, a, laag, n in levering
            ]
        ),
        "stg_cbs__aandachtsgroepen": pd.DataFrame(
            [
                {
                    "gemeente_code": g,
                    "peildatum": T(p),
                    "aandachtsgroep": a,
                    "laag": laag,
                    "aantal": n,
                    "aantal_min": lo,
                    "aantal_max": hi,
                }
                for g, p, a, laag, n, lo, hi in cbs
            ]
        ).astype({"aantal": "Float64"}),
        "stg_cbs__aandachtsgroepen_kenmerken": pd.DataFrame(
            [
                {
                    "gemeente_code": g,
                    "peildatum": T(p),
                    "aandachtsgroep": "studenten",
                    "kenmerk": k,
                    "eenheid": e,
                    "aantal": n,
                }
                for g, p, k, e, n in (
                    (A, "2023-01-01", "totaal", "personen", 90.0),
                    (A, "2023-01-01", "totaal", "woonruimten", 45.0),
                    (A, "2024-01-01", "totaal", "personen", 100.0),
                    (A, "2024-01-01", "totaal", "huishoudens", 80.0),
                    (A, "2024-01-01", "totaal", "woonruimten", 60.0),  # 0.6 woningen per student
                    (A, "2024-01-01", "eenpersoons", "personen", 30.0),  # a breakdown: never a ratio
                    (B, "2024-01-01", "totaal", "personen", None),
                    (B, "2024-01-01", "totaal", "woonruimten", None),  # suppressed: the constant
                )
            ]
        ).astype({"aantal": "Float64"}),
        "stg_gemeente__aanbod": pd.DataFrame(
            {
                "gemeente_code": [A, A, A],
                "aandachtsgroep": ["uitstroom_bw"] * 3,
                "woonvorm": ["zelfstandig", "zelfstandig", "intramuraal"],
                "jaar": [2024, 2026, 2024],
                "planstatus": ["bestaand", "gepland", "bestaand"],
                "capaciteit": [20.0, 5.0, 3.0],
            }
        ),
        "stg_pbl__prognose": pd.DataFrame(prognose),
        "stg_rijk__taakstelling": pd.DataFrame(
            {"halfjaar": pd.Series([], dtype="string"), "totaal": pd.Series([], dtype="Int64")}
        ),
        "ref_kernboodschap": pd.DataFrame(
            {
                "regel": [
                    "concentratie",
                    "tekort_instroom",
                    "tekort_stand",
                    "groei",
                    "kloof",
                    "onvolledig",
                    "bron_ontbreekt",
                ],
                "volgorde": [1, 2, 3, 4, 5, 6, 7],
                "drempel": [1.25, None, None, 0.1, 10.0, None, None],
                "aantal_zinnen": [1] * 7,
            }
        ),
        "ref_bron_ontbreekt": pd.DataFrame(
            {"bron_code": ["cbs_kwb", "pbl_cbs_prognose"], "gevolg": ["geen inwoners", "geen prognose"]}
        ),
        "ref_woningmarkt": pd.DataFrame(
            [
                {
                    "mutatiegraad": 0.07,
                    "mutatiegraad_jaar": 2022,
                    "mutatiegraad_bron": "CBS",
                    "drukdrempel": 0.4,
                }
            ]
        ),
        "ref_mutatiegraad_regio": pd.DataFrame(
            {
                "regio_type": pd.Series([], dtype="str"),
                "regio_code": pd.Series([], dtype="str"),
                "mutatiegraad": pd.Series([], dtype="float"),
                "mutatiegraad_jaar": pd.Series([], dtype="Int64"),
                "mutatiegraad_bron": pd.Series([], dtype="str"),
            }
        ),
        "stg_gemeente__mutatiegraad": pd.DataFrame(
            {
                "gemeente_code": pd.Series([], dtype="str"),
                "jaar": pd.Series([], dtype="Int64"),
                "mutatiegraad": pd.Series([], dtype="float"),
                "bestand": pd.Series([], dtype="str"),
                "plaats": pd.Series([], dtype="str"),
            }
        ),
    }


@pytest.fixture(scope="module")
def tables(defs) -> dict[str, pd.DataFrame]:
    """Every agg__ table made from the tiny frames, in ORDER, each validated by its schema."""
    return aggregate_all(frames(), defs)


def aggregate_all(inputs: dict[str, pd.DataFrame], defs) -> dict[str, pd.DataFrame]:
    """Return every table of the SQL tiers made from ``inputs``, in ORDER, each validated."""
    connection = duckdb.connect()
    for name, frame in inputs.items():
        connection.register(f"_{name}", frame)
        connection.execute(f"create table {name} as select * from _{name}")
    result = {}
    for file in aggregate.sql_files():
        if file.stem.startswith("rpt__") and "meta_tabel" not in result:
            result["meta_tabel"] = aggregate.meta_tabel(connection, defs)
            connection.register("_meta_tabel", result["meta_tabel"])
            connection.execute("create table meta_tabel as select * from _meta_tabel")
        aggregate.create_model(connection, file, defs)
        frame = connection.sql(f'select * from "{file.stem}"').df()
        result[file.stem] = validate_table(frame, file.stem, defs)
    return result


def rows(frame: pd.DataFrame, **where) -> pd.DataFrame:
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame.set_index("gemeente_code") if "gemeente_code" in frame else frame


def test_every_sql_file_is_in_order_and_one_select(tables):
    assert [t for t in tables if t != "meta_tabel"] == list(aggregate.ORDER)
    for file in aggregate.sql_files():
        if file.stem in aggregate.PYTHON_MODELS:
            assert file.suffix == "" and not (aggregate.SQL_DIR / "int" / f"{file.stem}.sql").exists()
            continue
        text = "\n".join(line.split("--")[0] for line in file.read_text(encoding="utf-8").splitlines())
        assert ";" not in text and "{" not in text  # one statement, no templating
        assert "\norder by " in text  # deterministic output


def test_regio_gemeente_counts_only_certain_members_of_the_reference_year(tables):
    regio = tables["int__regio_gemeente"]
    assert regio.loc[regio["regio_code"] == "KL01", "gemeente_code"].tolist() == [A, B, C]
    assert regio.set_index("regio_code")["volledig"].to_dict() == {"KL01": True, "KL02": False}


def test_incomplete_regions_and_gemeenten_without_kerncijfers_are_not_analysed(tables):
    assert E not in set(tables["int__aandachtsgroep_gemeente"]["gemeente_code"])
    for name in ("agg__verdeling_gemeente", "agg__verdeling_regio", "agg__eerlijk_aandeel",
                 "agg__groeibehoefte_regio", "agg__vraag_aanbod_regio"):  # fmt: skip
        assert set(tables[name]["regio_code"]) == {"KL01"}, name
    # the opgave is per gemeente: only the gemeenten of a complete region
    assert E not in set(tables["agg__opgave"]["gemeente_code"])


def test_aandachtsgroep_gemeente_intervals_missing_cells_and_source_preference(tables):
    groep = tables["int__aandachtsgroep_gemeente"]
    studenten = rows(groep, aandachtsgroep="studenten", peildatum=T("2024-01-01"))
    assert studenten.loc[A, "aantal_schatting"] == 120  # municipal delivery before CBS
    assert studenten.loc[B, ["celstatus", "aantal_schatting", "aantal_min", "aantal_max", "onzeker"]].tolist() == [
        "onderdrukt", 2.0, 0.0, 4.0, True,
    ]  # fmt: skip
    assert studenten.loc[C, "celstatus"] == "ontbreekt" and pd.isna(studenten.loc[C, "aantal_schatting"])
    bw = rows(groep, aandachtsgroep="uitstroom_bw", peildatum=T("2023-12-31"))
    assert bw.loc[[A, B, C], "aantal_schatting"].tolist() == [60, 10, 10]
    assert bw.loc[D, "celstatus"] == "ontbreekt"  # a gemeente of the indeling without delivery
    assert bw.loc[A, "per_1000_inwoners"] == pytest.approx(60 / 50)  # inhabitants of 1 Jan 2023
    assert (
        bw.loc[A, "actueel"]
        and not rows(groep, aandachtsgroep="uitstroom_bw", peildatum=T("2022-12-31")).loc[A, "actueel"]
    )


def test_verdeling_shares_and_location_quotients(tables):
    bw = rows(tables["agg__verdeling_gemeente"], aandachtsgroep="uitstroom_bw", peildatum=T("2023-12-31"))
    assert bw["aandeel_regio"].tolist() == pytest.approx([0.75, 0.125, 0.125])
    assert bw["locatiequotient"].tolist() == pytest.approx([1.5, 0.125 / 0.3, 0.125 / 0.2])


def test_verdeling_regio_dissimilarity_largest_gemeente_and_interval(tables):
    regio = tables["agg__verdeling_regio"].set_index(["aandachtsgroep", "peildatum"])
    bw = regio.loc[("uitstroom_bw", T("2023-12-31"))]
    assert bw["aantal_schatting"] == 80 and not bw["onzeker"]
    assert bw["dissimilariteitsindex"] == pytest.approx(0.5 * (0.25 + 0.175 + 0.075))
    assert bw["grootste_gemeente_code"] == A
    assert bw["aandeel_grootste_gemeente"] == pytest.approx(0.75)
    assert bw["inwoneraandeel_grootste_gemeente"] == pytest.approx(0.5)
    studenten = regio.loc[("studenten", T("2024-01-01"))]
    assert studenten["aantal_schatting"] == 122 and studenten["aantal_min"] == 120
    assert pd.isna(studenten["aantal_max"])  # Cee has no figure: no upper bound
    assert (studenten["onderdrukte_cellen"], studenten["ontbrekende_gemeenten"]) == (1, 1)


@pytest.mark.parametrize(
    ("sleutel", "expected"),
    [
        ("inwoners", [40, 24, 16]),
        ("sociale_huur", [40, 8, 32]),
        ("mix", [40, 16, 24]),
        # weights .5 x (1/1.5)^.5, .2, .3 -> 35.96, 17.62, 26.42 -> floors 35, 17, 26; 2 left to A, B
        ("mix_gedempt", [36, 18, 26]),
    ],
)
def test_eerlijk_aandeel_hand_computed(tables, sleutel, expected):
    fair = rows(tables["agg__eerlijk_aandeel"], aandachtsgroep="uitstroom_bw", verdeelsleutel=sleutel)
    assert fair["eerlijk_aandeel"].tolist() == expected
    assert fair["totaal_regio"].unique().tolist() == [80]
    assert fair["verschil"].tolist() == [e - h for e, h in zip(expected, [60, 10, 10], strict=True)]


def test_eerlijk_aandeel_damping_lowers_only_the_concentrated_gemeente(tables):
    fair = tables["agg__eerlijk_aandeel"]
    mix = rows(fair, aandachtsgroep="uitstroom_bw", verdeelsleutel="mix")["aandeel_sleutel"]
    damped = rows(fair, aandachtsgroep="uitstroom_bw", verdeelsleutel="mix_gedempt")["aandeel_sleutel"]
    weights = pd.Series({A: 0.5 * (1 / 1.5) ** 0.5, B: 0.2, C: 0.3})
    assert damped.tolist() == pytest.approx((weights / weights.sum()).tolist())
    assert damped[A] < mix[A] and damped[B] > mix[B]


def test_eerlijk_aandeel_of_a_group_with_a_suppressed_cell_is_flagged(tables):
    fair = rows(tables["agg__eerlijk_aandeel"], aandachtsgroep="studenten", verdeelsleutel="inwoners")
    assert fair["onzeker"].all()
    assert fair["totaal_regio"].iloc[0] == 122 and fair["eerlijk_aandeel"].sum() == 122
    assert fair.loc[B, "huidig"] == 2 and pd.isna(fair.loc[C, "verschil"])


def test_groeibehoefte_demography_trend_and_interpolation(tables):
    groei = tables["agg__groeibehoefte"].set_index(["gemeente_code", "aandachtsgroep", "scenario", "jaar"])
    assert groei.loc[(A, "uitstroom_bw", "midden", 2025), "vraag"] == pytest.approx(60)
    assert groei.loc[(A, "uitstroom_bw", "midden", 2030), "vraag"] == pytest.approx(66)
    assert groei.loc[(A, "uitstroom_bw", "midden", 2027), "vraag"] == pytest.approx(60 * 1.1 ** (2 / 5))
    trend = (60 + 10 + 10) / (55 + 10 + 8) - 1  # national growth 2022 -> 2023, under the 10 % cap
    assert groei.loc[(A, "uitstroom_bw", "hoog", 2030), "vraag"] == pytest.approx(60 * 1.2 * (1 + trend) ** 7)
    suppressed = groei.loc[(B, "studenten", "hoog", 2026)]
    factor = 1.1 ** (2026 - 2024)
    assert suppressed[["vraag", "vraag_min", "vraag_max"]].tolist() == pytest.approx(
        [2 * factor, 0, 4 * factor]
    )
    assert suppressed["onzeker"] and suppressed["vraag_woningen"] == pytest.approx(2 * factor * 0.5)


def test_groeibehoefte_regio_sums_gemeenten(tables):
    regio = tables["agg__groeibehoefte_regio"].set_index(["aandachtsgroep", "scenario", "jaar"])
    assert regio.loc[("uitstroom_bw", "midden", 2030), "vraag"] == pytest.approx(66 + 10 + 10)
    assert pd.isna(regio.loc[("studenten", "midden", 2030), "vraag_max"])


def test_vraag_aanbod_existing_plus_planned_supply(tables):
    va = tables["agg__vraag_aanbod"].set_index(["gemeente_code", "aandachtsgroep", "woonvorm", "jaar"])
    z2025 = va.loc[(A, "uitstroom_bw", "zelfstandig", 2025)]
    assert z2025[["vraag_woningen", "aanbod", "saldo", "tekort", "overschot"]].tolist() == pytest.approx(
        [30, 20, -10, 10, 0]
    )
    assert va.loc[(A, "uitstroom_bw", "zelfstandig", 2026), "aanbod"] == 25
    intramuraal = va.loc[(A, "uitstroom_bw", "intramuraal", 2027)]  # supply outside the group's woonvormen
    assert (intramuraal["vraag_woningen"], intramuraal["overschot"]) == (0, 3)
    assert va.loc[(A, "uitstroom_bw", "geclusterd", 2025), "aanbod"] == 0
    hoog = 60 * 1.2 ** (0 / 5) * (1 + (80 / 73 - 1)) ** 2 * 0.5
    assert z2025["vraag_woningen_max"] == pytest.approx(hoog)
    regio = tables["agg__vraag_aanbod_regio"].set_index(["aandachtsgroep", "woonvorm", "jaar"])
    assert regio.loc[("uitstroom_bw", "zelfstandig", 2025), "tekort"] == pytest.approx(10 + 5 + 5)


def test_opgave_of_an_inflow_recurs_every_year(tables):
    opgave = rows(tables["agg__opgave"], aandachtsgroep="uitstroom_bw")
    fair = rows(tables["agg__eerlijk_aandeel"], aandachtsgroep="uitstroom_bw", verdeelsleutel="inwoners")
    vraag_2027 = 60 * 1.1 ** (2 / 5)
    tekort = (vraag_2027 * 0.5 - 25) + vraag_2027 * 0.5  # zelfstandig after plans + geclusterd
    assert opgave.loc[A, "jaren_tot_doeljaar"] == 2
    assert opgave.loc[A, "tekort_doeljaar"] == pytest.approx(tekort)
    # instroom: the yearly shortfall and the yearly gap to the fair share are the effort per year
    assert opgave.loc[A, "opgave_vraag_per_jaar"] == pytest.approx(tekort)
    assert fair.loc[A, "opgave_eerlijk_aandeel_per_jaar"] == pytest.approx((40 - 60) * 1.0)
    assert math.isclose(fair.loc[B, "opgave_eerlijk_aandeel_per_jaar"], 24 - 10)


def test_opgave_of_a_stock_is_spread_to_the_doeljaar(tables):
    fair = rows(tables["agg__eerlijk_aandeel"], aandachtsgroep="studenten", verdeelsleutel="inwoners")
    assert fair.loc[A, "opgave_eerlijk_aandeel_per_jaar"] == pytest.approx(
        fair.loc[A, "verschil_woningen"] / 2
    )


def test_sql_output_is_sorted_by_the_primary_key(tables, defs):
    for name, frame in tables.items():
        key = list(defs.tables[name].sleutel)
        assert frame.equals(frame.sort_values(key, kind="stable").reset_index(drop=True)), name


def test_run_all_aggregates_without_a_source_and_stores_no_stand_in(defs):
    connection = duckdb.connect()
    for name, frame in frames().items():
        if name != "stg_gemeente__aanbod":  # no supply delivered yet
            connection.register(f"_{name}", frame)
            connection.execute(f"create table {name} as select * from _{name}")
    counts = aggregate.run_all(connection, defs)  # the ref_ tables of the real definitions
    assert counts["agg__vraag_aanbod"] > 0 and counts["ref_scenario"] == len(defs.scenarios.scenarios)
    aanbod = connection.sql("select sum(aanbod) from agg__vraag_aanbod").fetchall()[0][0]
    assert aanbod == 0
    tables = {row[0] for row in connection.execute("select table_name from duckdb_tables()").fetchall()}
    assert "stg_gemeente__aanbod" not in tables and set(aggregate.ORDER) <= tables


def run_sql(frames_in: dict[str, pd.DataFrame], upto: str) -> dict[str, pd.DataFrame]:
    """Run the aggregation files in ORDER up to and including ``upto`` on ``frames_in``."""
    defs = load_definitions(ROOT / "definitions")
    connection = duckdb.connect()
    for name, frame in frames_in.items():
        connection.register(f"_{name}", frame)
        connection.execute(f"create table {name} as select * from _{name}")
    result = {}
    for file in aggregate.sql_files():
        aggregate.create_model(connection, file, defs)
        result[file.stem] = connection.sql(f'select * from "{file.stem}"').df()
        if file.stem == upto:
            return result
    return result


def test_nil_is_a_known_zero_and_an_empty_delivery_does_not_hide_cbs():
    data = frames()
    cbs = data["stg_cbs__aandachtsgroepen"]
    nil = (cbs["gemeente_code"] == C) & (cbs["peildatum"] == T("2023-01-01"))
    cbs.loc[nil, ["aantal", "aantal_min", "aantal_max"]] = [pd.NA, 0.0, 0.0]  # '-' in a CBS table
    levering = data["stg_gemeente__aandachtsgroepen"]
    empty = {"gemeente_code": A, "peildatum": T("2023-01-01"), "aandachtsgroep": "studenten",
             "laag": "populatie", "aantal": None, "aantal_min": None, "aantal_max": None}  # fmt: skip
    data["stg_gemeente__aandachtsgroepen"] = pd.concat([levering, pd.DataFrame([empty])], ignore_index=True)
    groep = run_sql(data, "int__aandachtsgroep_gemeente")["int__aandachtsgroep_gemeente"]
    studenten = rows(groep, aandachtsgroep="studenten", peildatum=T("2023-01-01"))
    assert (studenten.loc[C, "celstatus"], studenten.loc[C, "aantal_schatting"]) == ("bekend", 0)
    assert not studenten.loc[C, "onzeker"]
    assert (studenten.loc[A, "celstatus"], studenten.loc[A, "aantal_schatting"]) == ("bekend", 90)


def test_the_largest_gemeente_is_the_lowest_code_of_a_tie_even_without_a_figure():
    data = frames()
    kern = data["stg_cbs__kerncijfers"]
    kern.loc[kern["gemeente_code"] == B, "inwoners"] = 50000  # as many as Aa
    levering = data["stg_gemeente__aandachtsgroepen"]
    gone = (levering["gemeente_code"] == A) & (levering["peildatum"] == T("2023-12-31"))
    data["stg_gemeente__aandachtsgroepen"] = levering[~gone].reset_index(drop=True)
    regio = run_sql(data, "agg__verdeling_regio")["agg__verdeling_regio"]
    bw = rows(regio, regio_code="KL01", aandachtsgroep="uitstroom_bw", peildatum=T("2023-12-31")).iloc[0]
    # Aa ties with Bee and has the lower code: it is the largest, and its share is unknown (not Bee's)
    assert bw["grootste_gemeente_code"] == A
    assert pd.isna(bw["aandeel_grootste_gemeente"]) and pd.isna(bw["inwoneraandeel_grootste_gemeente"])
    assert bw["gemeenten_met_cijfer"] == 2 and bw["aantal_schatting"] == 20


def test_unknown_demand_gives_unknown_tekort_not_zero():
    data = frames()
    result = run_sql(data, "agg__vraag_aanbod")["agg__vraag_aanbod"]
    missing = result[result["vraag_woningen"].isna()]
    assert not missing.empty, "the tiny region has a gemeente without demand for some group"
    assert missing["tekort"].isna().all() and missing["overschot"].isna().all()


def test_one_early_delivery_for_a_later_date_does_not_become_now_for_the_region():
    data = frames()
    levering = data["stg_gemeente__aandachtsgroepen"]
    early = {"gemeente_code": A, "peildatum": T("2025-01-01"), "aandachtsgroep": "studenten",
             "laag": "populatie", "aantal": 130.0, "aantal_min": 130.0, "aantal_max": 130.0}  # fmt: skip
    data["stg_gemeente__aandachtsgroepen"] = pd.concat([levering, pd.DataFrame([early])], ignore_index=True)
    groep = run_sql(data, "int__aandachtsgroep_gemeente")["int__aandachtsgroep_gemeente"]
    now = groep[(groep["aandachtsgroep"] == "studenten") & groep["actueel"]]
    assert set(now["peildatum"]) == {T("2024-01-01")}  # covered by three gemeenten, 2025 by one
    later = rows(groep, aandachtsgroep="studenten", peildatum=T("2025-01-01"))
    assert later.loc[A, "aantal_schatting"] == 130 and not later["actueel"].any()


def test_a_region_of_the_users_own_flows_through_every_table_like_a_defined_one(defs):
    """JR01 of the user's regios.csv holds the three gemeenten that count in KL01: every int__,
    agg__ and rpt__ row of KL01 has its twin for JR01 (membership details aside)."""
    inputs = frames()
    inputs["ref_regio"] = pd.concat(
        [
            inputs["ref_regio"],
            pd.DataFrame({"regio_type": ["jeugdregio"], "regio_code": ["JR01"], "regio_naam": ["Eigen"]}),
        ],
        ignore_index=True,
    )
    inputs["stg_eigen__regio_gemeente"] = pd.DataFrame(
        {"regio_type": "jeugdregio", "regio_code": "JR01", "regio_naam": "Eigen", "gemeente_code": [A, B, C]}
    )
    result = aggregate_all(inputs, defs)
    regional = [name for name, frame in result.items() if "regio_code" in frame.columns]
    assert len(regional) > 20
    membership = {"regio_type", "regio_code", "regio_naam", "zekerheid", "ook_in", "deelregio", "hoofdregio"}
    for name in regional:
        kl01, jr01 = _region(result[name], "KL01", membership), _region(result[name], "JR01", membership)
        assert len(kl01) > 0 and len(jr01) == len(kl01), name
        pd.testing.assert_frame_equal(jr01, kl01, check_dtype=False, obj=name)
    gemeente = result["int__regio_gemeente"]
    assert gemeente.loc[gemeente["regio_code"] == "JR01", "zekerheid"].unique().tolist() == ["bevestigd"]


def _region(frame: pd.DataFrame, code: str, membership: set[str]) -> pd.DataFrame:
    """Return the rows of region ``code`` without the columns that name it or its membership."""
    part = frame[frame["regio_code"] == code]
    if "gebied_code" in part.columns:  # a total row names its region
        part = part.assign(gebied_code=part["gebied_code"].replace(code, "REGIO"))
    columns = [c for c in part.columns if c not in membership]
    return part[columns].reset_index(drop=True)


def test_a_region_names_the_national_files_and_only_the_deliveries_of_its_own_gemeenten(defs):
    """int__regio_invoerbestand: a file of meta_invoerbestand_gemeente (a supply delivery, used only
    for its own gemeenten) counts for the regions whose counted gemeenten it covers, an old code
    followed to its successor (GM9001 became Aa); any other file for every region. rpt__versie
    changes for exactly the regions whose files changed."""
    files = ["landelijk.csv", "levering_a.csv", "levering_c.csv", "levering_oud.csv", "levering_d.csv"]

    def inputs(sha_a: str) -> dict[str, pd.DataFrame]:
        given = frames()
        given["meta_invoerbestand"] = pd.DataFrame(
            {
                "bestand": files,
                "bron_code": ["rijk_taakstelling"] + ["gemeentelijk_aanbod"] * 4,
                "sha256": ["0" * 64, sha_a, "c" * 64, "e" * 64, "d" * 64],
                "fictief": [False, True, True, True, True],
                "peildata": ["2024"] * 5,
                "rijen": [1, 2, 3, 4, 5],
            }
        )
        given["meta_invoerbestand_gemeente"] = pd.DataFrame(
            {"bestand": files[1:], "gemeente_code": [A, C, "GM9001", D]}  # D does not count anywhere
        )
        return given

    before, after = aggregate_all(inputs("a" * 64), defs), aggregate_all(inputs("f" * 64), defs)
    named = before["int__regio_invoerbestand"].groupby("regio_code")["bestand"].apply(sorted).to_dict()
    assert named["KL01"] == ["landelijk.csv", "levering_a.csv", "levering_c.csv", "levering_oud.csv"]
    assert named["KL02"] == ["landelijk.csv", "levering_c.csv"]
    assert all(v[0] == "landelijk.csv" and "levering_d.csv" not in v for v in named.values())
    invoer = before["rpt__invoer"].set_index(["regio_code", "bron_code"])
    counts = ["bestanden", "fictieve_bestanden", "rijen"]
    assert invoer.loc[("KL02", "gemeentelijk_aanbod"), counts].tolist() == [1, 1, 3]
    versie = {naam: r["rpt__versie"].set_index("regio_code") for naam, r in (("voor", before), ("na", after))}
    assert versie["voor"].loc["KL01", "versie"] != versie["na"].loc["KL01", "versie"]
    assert versie["voor"].loc["KL02", "versie"] == versie["na"].loc["KL02", "versie"]
    assert versie["voor"].loc["KL01", "versie"] != versie["voor"].loc["KL02", "versie"]
    assert versie["voor"].loc["KL02", ["bestanden", "fictief"]].tolist() == [2, True]
