"""Rules on inline frames: plausibility against inhabitants, the peildatum of a stand, and the
rules of the user's own regions."""

from __future__ import annotations

import pandas as pd

from woonzorg_analyse.validate.rules import (
    check_aandachtsgroep_rows,
    check_eigen_regios,
    check_gemeente_exists,
    check_plausible,
)

T = pd.Timestamp
INWONERS = pd.DataFrame(
    {
        "gemeente_code": ["GM0855", "GM0855", "GM0766"],
        "peildatum": [T("2023-01-01"), T("2024-01-01"), T("2024-01-01")],
        "inwoners": [224_000, 229_836, 27_495],
    }
)


def rows(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame(
        {"bestand": "levering.csv", "_plaats": [f"regel {i + 2}" for i in range(n)], **columns}
    )


def test_a_count_above_the_inhabitants_of_that_year_is_implausible():
    frame = rows(
        gemeente_code=["GM0855", "GM0855", "GM0766", "GM0766", "GM9999"],
        peildatum=[T("2024-01-01"), T("2023-12-31"), T("2024-01-01"), T("2024-01-01"), T("2024-01-01")],
        aantal=[1e18, 224_500.0, 27_495.0, None, 5e9],
    )
    problems = check_plausible(frame, INWONERS)
    assert [(p.plaats, p.kolom, p.regel, p.waarde) for p in problems] == [
        (
            "regel 2",
            "aantal",
            "aantal is groter dan het aantal inwoners van GM0855 op 01-01-2024 (229.836)",
            "1000000000000000000",
        ),
        # an inflow over 2023 is bounded by the inhabitants of 1 January 2023
        (
            "regel 3",
            "aantal",
            "aantal is groter dan het aantal inwoners van GM0855 op 01-01-2023 (224.000)",
            "224500",
        ),
    ]
    assert problems[0].toelichting.startswith("een aantal per gemeente kan niet groter zijn dan de bevolking")


def test_supply_in_a_future_year_is_bounded_by_the_nearest_year_with_inhabitants():
    frame = rows(gemeente_code=["GM0766", "GM0766"], jaar=[2030, 2030], capaciteit=[27_496.0, 27_495.0])
    [problem] = check_plausible(frame, INWONERS)
    assert (problem.plaats, problem.regel) == (
        "regel 2",
        "capaciteit is groter dan het aantal inwoners van GM0766 op 01-01-2024 (27.495)",
    )


def test_frames_without_a_count_or_without_inhabitants_pass():
    assert check_plausible(rows(gemeente_code=["GM0855"], peildatum=[T("2024-01-01")]), INWONERS) == []
    frame = rows(gemeente_code=["GM0855"], peildatum=[T("2024-01-01")], aantal=[1e18])
    assert check_plausible(frame, INWONERS.iloc[0:0]) == []


def test_a_stand_is_dated_1_january_and_an_inflow_31_december(defs):
    frame = rows(
        aandachtsgroep=["dak_thuisloos", "dak_thuisloos", "uitstroom_bw", "uitstroom_bw"],
        laag=["populatie"] * 4,
        eenheid=["personen"] * 4,
        peildatum=[T("2024-01-01"), T("2023-12-31"), T("2023-12-31"), T("2024-01-01")],
    )
    problems = check_aandachtsgroep_rows(frame, defs)
    assert sorted((p.plaats, p.regel, p.waarde) for p in problems) == [
        (
            "regel 3",
            "dak_thuisloos is een stand: peildatum moet 01-01 van het jaar zijn (de stand op 1 januari)",
            "31-12-2023",
        ),
        (
            "regel 5",
            "uitstroom_bw is instroom per jaar: peildatum moet 31-12 van dat jaar zijn",
            "01-01-2024",
        ),
    ]


def regios(*lines: tuple[str, str, str, str]) -> pd.DataFrame:
    frame = rows(
        regio_type=[line[0] for line in lines],
        regio_code=[line[1] for line in lines],
        regio_naam=[line[2] for line in lines],
        gemeente_code=[line[3] for line in lines],
    )
    return frame.assign(gemeente_code_geleverd=frame["gemeente_code"])


def test_own_regions_need_gemeenten_of_the_reference_year_one_name_and_a_new_code(defs):
    frame = regios(
        ("jeugdregio", "JR01", "West", "GM0766"),
        ("jeugdregio", "JR01", "West", "GM0501"),  # Brielle: merged into Voorne aan Zee in 2023
        ("jeugdregio", "JR01", "Westen", "GM0784"),
        ("jeugdregio", "JR02", "Oost", "GM9999"),
        ("jeugdregio", "KL07", "Hart", "GM0855"),
        ("zorgkantoorregio", "JR02", "Zorg", "GM0855"),
    )
    messages = sorted((p.plaats, p.kolom, p.regel, p.toelichting) for p in check_eigen_regios(frame, defs))
    assert messages == [
        (
            "regel 3",
            "gemeente_code",
            "gemeentecode GM0501 bestaat niet in de indeling van 01-01-2025 (referentiejaar)",
            "opgeheven; opvolger: GM1992 Voorne aan Zee",
        ),
        ("regel 4", "regio_naam", "andere naam voor regio JR01 dan op regel 2 ('West')", ""),
        (
            "regel 5",
            "gemeente_code",
            "gemeentecode GM9999 bestaat niet in de indeling van 01-01-2025 (referentiejaar)",
            "controleer de code tegen de CBS-indeling van 2025",
        ),
        (
            "regel 6",
            "regio_code",
            "regiocode KL07 bestaat al in de definities (koploperregio Hart van Brabant)",
            "kies een code die nog niet bestaat (woonzorg regios toont de bestaande)",
        ),
        (
            "regel 7",
            "regio_code",
            "regiocode JR02 staat ook bij regiotype jeugdregio (regel 5)",
            "een regiocode hoort bij één regio",
        ),
    ]


def test_an_inflow_counts_from_1_january_and_a_stand_on_its_own_date(defs):
    # Weesp (GM0457) ended on 24 March 2022: its inflow over 2022 is in force (the code existed
    # on 1 January 2022); its stand on 31 December 2022 and its inflow over 2023 are not
    # (a row without a date is no concern of this rule: another names it)
    frame = rows(
        gemeente_code=["GM0457", "GM0457", "GM0457", "GM0363", "GM0363"],
        peildatum=pd.to_datetime(["2022-12-31", "2022-12-31", "2023-12-31", "2023-12-31", None]).astype(
            "datetime64[us]"
        ),
        aandachtsgroep=["uitstroom_bw", "dak_thuisloos", "uitstroom_bw", "uitstroom_bw", "uitstroom_bw"],
    )
    problems = check_gemeente_exists(frame, defs)
    assert [(p.plaats, p.regel) for p in problems] == [
        ("regel 3", "gemeentecode GM0457 bestaat niet op 31-12-2022"),
        ("regel 4", "gemeentecode GM0457 bestaat niet op 01-01-2023"),
    ]
