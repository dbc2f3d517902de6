"""Regions of the user's own (issue 11): a regios.csv in data/raw/regios/ adds a region type without
editing definitions/; validated like any input, analysed and reported like any other region.
``woonzorg regios`` lists them; an unknown --regio suggests the closest region in every command."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import make_mini_project
from woonzorg_analyse.cli import run
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build

HEADER = "regio_type;regio_code;regio_naam;gemeente_code\n"
WEST = ("GM0766", "784", "GM0785")  # Dongen, Gilze en Rijen (as Excel leaves it), Goirle
OOST = ("GM0797", "GM0798", "GM0809", "GM0824", "GM0855", "GM0867")
REGIOS = HEADER + "".join(
    [
        *(f"jeugdregio;JR01;Jeugdregio Hart van Brabant West;{code}\n" for code in WEST),
        *(f"jeugdregio;JR02;Jeugdregio Hart van Brabant Oost;{code}\n" for code in OOST),
    ]
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Paths:
    """The mini project (the nine gemeenten of KL07 Hart van Brabant) with two jeugdregio's of its own."""
    root = make_mini_project(tmp_path_factory.mktemp("regios") / "project")
    (root / "data" / "raw" / "regios").mkdir()
    (root / "data" / "raw" / "regios" / "regios.csv").write_text(REGIOS, encoding="utf-8")
    paths = Paths.from_root(root)
    build(paths)
    return paths


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_own_regions_are_staged_and_counted_with_their_gemeenten(project):
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        staged = con.execute(
            "select regio_code, gemeente_code, bestand, plaats from stg_eigen__regio_gemeente order by all"
        ).fetchall()
        regio = con.execute("select * from ref_regio where regio_type = 'jeugdregio' order by 2").fetchall()
        counted = con.execute(
            "select regio_code, count(*), bool_and(volledig) from int__regio_gemeente "
            "where regio_type = 'jeugdregio' group by 1 order by 1"
        ).fetchall()
    assert staged[1] == ("JR01", "GM0784", "regios/regios.csv", "regel 3")  # delivered as 784
    assert len(staged) == 9
    assert regio == [
        ("jeugdregio", "JR01", "Jeugdregio Hart van Brabant West", "eigen regio-indeling: regios/regios.csv"),
        ("jeugdregio", "JR02", "Jeugdregio Hart van Brabant Oost", "eigen regio-indeling: regios/regios.csv"),
    ]
    assert counted == [("JR01", 3, True), ("JR02", 6, True)]


def test_own_regions_reach_every_analysis_and_report_table_that_a_defined_region_does(project):
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_columns() where column_name = 'regio_code' "
                "and (table_name like 'agg\\_\\_%' escape '\\' or table_name like 'rpt\\_\\_%' escape '\\' "
                "or table_name like 'int\\_\\_%' escape '\\') order by 1"
            ).fetchall()
        ]

        def having(code: str) -> set[str]:
            return {
                t
                for t in tables
                if con.execute(f"select count(*) from {t} where regio_code = ?", [code]).fetchall()[0][0]
            }

        kl07, jr02 = having("KL07"), having("JR02")
    assert len(tables) > 20 and len(kl07) > 20
    assert jr02 == kl07


def test_woonzorg_regios_lists_codes_and_names(project, capsys):
    code, out, err = cli(capsys, "regios", "--type", "jeugdregio", "--root", str(project.root))
    assert (code, err) == (0, "")
    assert out == (
        "jeugdregio: 2 regio's (regios/regios.csv)\n"
        "  JR01  Jeugdregio Hart van Brabant West  3 gemeenten\n"
        "  JR02  Jeugdregio Hart van Brabant Oost  6 gemeenten\n"
    )
    code, out, _ = cli(
        capsys, "regios", "--type", "koploperregio", "--format", "csv", "--root", str(project.root)
    )
    assert code == 0
    assert out.splitlines()[0] == "regio_type,regio_code,regio_naam,gemeenten,herkomst"
    assert "koploperregio,KL07,Hart van Brabant,9,definitions/regios" in out.splitlines()
    code, out, _ = cli(capsys, "regios", "--root", str(project.root))
    assert code == 0 and {
        "jeugdregio: 2 regio's (regios/regios.csv)",
        "provincie: 12 regio's (definitions/regios)",
    } <= set(out.splitlines())


def test_an_unknown_type_suggests_the_closest(project, capsys):
    code, _, err = cli(capsys, "regios", "--type", "jeugd", "--root", str(project.root))
    assert code == 2
    assert err.startswith(
        "Verkeerd gebruik: onbekend regiotype: jeugd; bedoelt u jeugdregio? (bekend: arbeidsmarktregio,"
    )


def test_report_writes_the_notitie_of_every_own_region(project, capsys, tmp_path):
    code, out, err = cli(
        capsys,
        "report",
        "--regio-type",
        "jeugdregio",
        "--all",
        "--uit",
        str(tmp_path),
        "--root",
        str(project.root),
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        f"Rapport geschreven: {tmp_path}/jeugdregio/JR01 (Jeugdregio Hart van Brabant West)",
        f"Rapport geschreven: {tmp_path}/jeugdregio/JR02 (Jeugdregio Hart van Brabant Oost)",
    ]
    html = (tmp_path / "jeugdregio" / "JR02" / "bouwstenennotitie.html").read_text(encoding="utf-8")
    assert "Jeugdregio Hart van Brabant Oost (jeugdregio)" in html  # the type's name falls back to its code
    assert "230.357" in html  # Tilburg's inhabitants on 1 January 2025, as in KL07


@pytest.mark.parametrize(
    ("command", "within"),
    [
        (["report", "--regio", "KL7"], ""),
        (["allocate", "--regio-type", "koploperregio", "--regio", "KL7"], " in regiotype koploperregio"),
        (
            [
                "herkomst",
                "--regio",
                "KL7",
                "--blad",
                "2 Gemeenten",
                "--rij",
                "Tilburg",
                "--kolom",
                "Inwoners",
            ],
            "",
        ),
    ],
    ids=["report", "allocate", "herkomst"],
)
def test_an_unknown_region_suggests_the_closest_in_every_command(project, capsys, command, within):
    code, _, err = cli(capsys, *command, "--root", str(project.root))
    assert code == 2
    assert err == (
        f"Verkeerd gebruik: onbekende regio: KL7{within} (bedoelt u KL07 Hart van Brabant?); "
        "'woonzorg regios' toont alle regio's\n"
    )


def test_a_region_name_and_a_code_of_another_type_are_answered(project, capsys):
    code, _, err = cli(
        capsys, "report", "--regio", "Jeugdregio Hart van Brabant Oost", "--root", str(project.root)
    )
    assert code == 2
    assert "(bedoelt u JR02 Jeugdregio Hart van Brabant Oost?)" in err
    code, _, err = cli(
        capsys, "allocate", "--regio-type", "jeugdregio", "--regio", "KL07", "--root", str(project.root)
    )
    assert code == 2
    assert (
        err == "Verkeerd gebruik: regio KL07 is geen jeugdregio maar een koploperregio (Hart van Brabant)\n"
    )


def test_allocate_works_for_an_own_region(project, capsys):
    code, out, err = cli(
        capsys,
        "allocate", "--regio-type", "jeugdregio", "--regio", "jr01", "--groep", "dak_thuisloos",
        "--sleutel", "inwoners", "--format", "csv", "--root", str(project.root),
    )  # fmt: skip
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("regio_type,regio_code,aandachtsgroep,verdeelsleutel,gemeente_code")
    assert [line.split(",")[4] for line in lines[1:]] == ["GM0766", "GM0784", "GM0785"]


# --- validated like any input -----------------------------------------------------------------------


def validate(capsys, tmp_path, text: str) -> tuple[int, list[str]]:
    from tests.conftest import ROOT

    path = tmp_path / "regios.csv"
    path.write_text(text, encoding="utf-8")
    code, _, err = cli(capsys, "validate", "--root", str(ROOT), str(path))
    return code, [line.removeprefix(f"FOUT  {path}, ") for line in err.splitlines()]


def test_a_valid_regios_csv_is_in_orde(tmp_path, capsys):
    from tests.conftest import ROOT

    path = tmp_path / "regios.csv"
    path.write_text(REGIOS, encoding="utf-8")
    code, out, err = cli(capsys, "validate", "--root", str(ROOT), str(path))
    assert (code, err) == (0, "")
    assert out == f"{path}: in orde (9 rijen, eigen regio-indeling)\n"


def test_every_problem_of_a_regios_csv_is_named_with_row_column_and_value(tmp_path, capsys):
    code, lines = validate(
        capsys,
        tmp_path,
        HEADER
        + "jeugdregio;JR01;West;GM0766\n"
        + "jeugdregio;JR01;West;766\n"  # the same gemeente twice
        + "jeugdregio;JR01;West;GM0501\n"  # Brielle, merged in 2023
        + "jeugdregio;JR01;Westelijk;GM9999\n"  # unknown code and another name
        + "jeugdregio;KL07;Hart;GM0855\n"  # a code of the definitions
        + "Jeugd Regio;J1;Fout;GM0855\n",  # neither type nor code has the form of one
    )
    assert code == 1
    assert lines == [
        "regel 3, kolom 'gemeente_code': dubbele rij: dezelfde sleutel staat ook op regel 2 "
        "(waarde: 'jeugdregio / JR01 / GM0766')",
        "regel 4, kolom 'gemeente_code': gemeentecode GM0501 bestaat niet in de indeling van 01-01-2025 "
        "(referentiejaar) (waarde: 'GM0501'); opgeheven; opvolger: GM1992 Voorne aan Zee",
        "regel 5, kolom 'gemeente_code': gemeentecode GM9999 bestaat niet in de indeling van 01-01-2025 "
        "(referentiejaar) (waarde: 'GM9999'); controleer de code tegen de CBS-indeling van 2025",
        "regel 5, kolom 'regio_naam': andere naam voor regio JR01 dan op regel 2 ('West') (waarde: 'Westelijk')",
        "regel 6, kolom 'regio_code': regiocode KL07 bestaat al in de definities (koploperregio Hart van Brabant) "
        "(waarde: 'KL07'); kies een code die nog niet bestaat (woonzorg regios toont de bestaande)",
        "regel 7, kolom 'regio_code': voldoet niet aan het patroon ^[A-Z]{2}\\d{2}$ (waarde: 'J1')",
        "regel 7, kolom 'regio_type': voldoet niet aan het patroon ^[a-z][a-z0-9_]{0,39}$ (waarde: 'Jeugd Regio')",
        "7 problemen gevonden in 1 bestand. Los ze op en valideer opnieuw.",
    ]


def test_a_header_only_regios_csv_is_an_error(tmp_path, capsys):
    code, lines = validate(capsys, tmp_path, HEADER)
    assert code == 1
    assert lines[0].endswith(
        "regios.csv: bestand heeft geen gegevensrijen; verwacht minstens één rij voor eigen regio-indeling "
        "onder de kopregel"
    )


def test_a_bad_regios_csv_stops_the_build(tmp_path):
    from woonzorg_analyse.errors import DataError

    root = make_mini_project(tmp_path / "project")
    (root / "data" / "raw" / "regios").mkdir()
    (root / "data" / "raw" / "regios" / "regios.csv").write_text(
        HEADER + "jeugdregio;WD24;Breda;GM0855\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        build(Paths.from_root(root))
    assert [p.message() for p in caught.value.problems] == [
        "regios/regios.csv, regel 2, kolom 'regio_code': regiocode WD24 bestaat al in de definities "
        "(woondealregio Stedelijke Regio Breda-Tilburg (SRBT)) (waarde: 'WD24'); kies een code die nog niet bestaat (woonzorg regios "
        "toont de bestaande)"
    ]
