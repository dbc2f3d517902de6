"""The aggregations and the analysis commands on the miniature project (Hart van Brabant)."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from woonzorg_analyse import analysis
from woonzorg_analyse.cli import run
from woonzorg_analyse.load import warehouse as aggregate
from woonzorg_analyse.load.store import read_table, validate_table
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build
from woonzorg_analyse.transform.seeds import TABLES as REF_TABLES

ALLOCATE_HEADER = (
    "regio_type,regio_code,aandachtsgroep,verdeelsleutel,gemeente_code,gemeente_naam,huidig,"
    "aandeel_sleutel,eerlijk_aandeel,verschil"
)


@pytest.fixture(scope="module")
def project(mini_built) -> Paths:
    return Paths.from_root(mini_built)


def test_every_aggregation_is_a_validated_table_in_warehouse_and_parquet(project, defs):
    names = [*REF_TABLES, *aggregate.ORDER]
    with duckdb.connect(str(project.warehouse), read_only=True) as connection:
        present = {row[0] for row in connection.execute("show tables").fetchall()}
        assert set(names) <= present
        for name in names:
            frame = read_table(name, project.parquet)
            validate_table(frame, name, defs)  # raises on any failure
            assert connection.execute(f'select count(*) from "{name}"').fetchone()[0] == len(frame)
    for name in aggregate.ORDER:
        assert name in defs.tables and defs.tables[name].omschrijving


def test_mini_project_analyses_the_complete_region_only(project):
    with analysis.connect(project.root) as connection:
        regions = connection.execute(
            "select distinct regio_type, regio_code from agg__verdeling_regio order by all"
        ).fetchall()
        assert regions == [("koploperregio", "KL07")]
        groups = connection.execute(
            "select distinct aandachtsgroep from agg__eerlijk_aandeel order by all"
        ).fetchall()
        # a fair share only for the groups the evenredige verdeling is about (rol verdeling)
        ref = read_table("ref_aandachtsgroep", project.parquet)
        assert [g for (g,) in groups] == sorted(ref.loc[ref["rol"] == "verdeling", "aandachtsgroep"])


def test_python_allocation_reproduces_the_sql_allocation(project):
    with analysis.connect(project.root) as connection:
        sql = connection.execute("select * from agg__eerlijk_aandeel order by all").df()
        python = analysis.allocation(connection, "koploperregio")
    merged = sql.merge(python, on=[*analysis.VERDELING, "gemeente_code"], suffixes=("_sql", "_py"))
    assert len(merged) == len(sql) > 0
    assert (merged["eerlijk_aandeel_sql"] == merged["eerlijk_aandeel_py"]).all()
    sums = sql.groupby(analysis.VERDELING).agg(
        som=("eerlijk_aandeel", "sum"), totaal=("totaal_regio", "first")
    )
    assert (sums["som"] == sums["totaal"]).all()


def test_allocate_command_writes_the_documented_csv(project, capsys):
    args = ["allocate", "--regio-type", "koploperregio", "--regio", "KL07", "--groep", "uitstroom_bw"]
    assert run([*args, "--format", "csv", "--root", str(project.root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ALLOCATE_HEADER
    frame = pd.read_csv(pd.io.common.StringIO("\n".join(lines)))
    assert len(frame) == 9 * frame["verdeelsleutel"].nunique() and frame["verdeelsleutel"].nunique() == 4
    assert (
        run(
            [*args, "--sleutel", "inwoners", "--totaal", "50", "--format", "csv", "--root", str(project.root)]
        )
        == 0
    )
    fixed = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert fixed["eerlijk_aandeel"].sum() == 50 and set(fixed["verdeelsleutel"]) == {"inwoners"}
    assert run([*args, "--root", str(project.root)]) == 0
    assert "totaal" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regio-type", "gemeente"], "onbekend regiotype"),
        (["--regio-type", "koploperregio", "--regio", "KL99"], "onbekende regio"),
        (
            ["--regio-type", "koploperregio", "--groep", "katten"],
            "onbekende aandachtsgroep met een regionale verdeling",
        ),
        (["--regio-type", "koploperregio", "--sleutel", "loting"], "onbekende verdeelsleutel"),
    ],
)
def test_allocate_command_refuses_unknown_choices(project, capsys, args, message):
    assert run(["allocate", *args, "--root", str(project.root)]) == 2
    assert message in capsys.readouterr().err


def _with_population(project: Paths, target: Path, defs, jaar: int) -> Path:
    """Copy the warehouse to ``target`` with 1,000 inhabitants per gemeente of indeling ``jaar`` on
    1 January of that year, and Noordoostpolder with 50,000 (the mini set holds nine gemeenten)."""
    shutil.copytree(project.definitions, target / "definitions")
    (target / "data" / "processed").mkdir(parents=True)
    warehouse = target / "data" / "processed" / "warehouse.duckdb"
    warehouse.write_bytes(project.warehouse.read_bytes())
    codes = sorted(defs.gemeenten_op(date(jaar, 1, 1)))
    frame = pd.DataFrame(
        {
            "indeling_jaar": jaar,
            "gemeente_code": codes,
            "peildatum": pd.Timestamp(f"{jaar}-01-01"),
            "inwoners": [50000 if c == "GM0171" else 1000 for c in codes],
        }
    )
    with duckdb.connect(str(warehouse)) as connection:
        connection.register("nieuw", frame)
        connection.execute("delete from stg_cbs__bevolking where peildatum = ?", [date(jaar, 1, 1)])
        connection.execute(
            "insert into stg_cbs__bevolking by name select indeling_jaar, gemeente_code, peildatum, inwoners from nieuw"
        )
    return target


def test_taakstelling_command_csv_and_exact_ceilings(project, defs, tmp_path, capsys):
    root = _with_population(project, tmp_path, defs, 2024)
    assert (
        run(
            [
                "taakstelling",
                "--totaal",
                "13000",
                "--halfjaar",
                "2025-II",
                "--format",
                "csv",
                "--root",
                str(root),
            ]
        )
        == 0
    )
    frame = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert list(frame.columns) == ["gemeente_code", "gemeente_naam", "inwoners", "taakstelling"]
    assert len(frame) == len(defs.gemeenten_op(date(2025, 7, 1)))
    nl = int(frame["inwoners"].sum())
    row = frame.set_index("gemeente_code").loc["GM0171"]
    assert row["taakstelling"] == -(-13000 * 50000 // nl)
    assert frame["taakstelling"].sum() > 13000
    assert run(["taakstelling", "--totaal", "13000", "--halfjaar", "2025-II", "--root", str(root)]) == 0
    assert "boven het landelijke totaal" in capsys.readouterr().out


def test_taakstelling_without_population_is_a_clear_error(project, capsys):
    assert run(["taakstelling", "--totaal", "100", "--halfjaar", "2019-I", "--root", str(project.root)]) == 1
    assert "geen inwoners per 1 januari 2018" in capsys.readouterr().err
    # the mini set has nine gemeenten: the national population is incomplete, so no taakstelling
    assert run(["taakstelling", "--totaal", "100", "--halfjaar", "2025-II", "--root", str(project.root)]) == 1
    assert "geen inwoners voor" in capsys.readouterr().err


def test_taakstelling_maps_population_onto_the_half_years_indeling(defs):
    """2022-II: population of 1 Jan 2021 (indeling 2021); Weesp ended on 24 March 2022."""
    connection = duckdb.connect()
    codes = sorted(defs.gemeenten_op(date(2021, 1, 1)))
    connection.register(
        "stg_cbs__bevolking",
        pd.DataFrame({"gemeente_code": codes, "peildatum": pd.Timestamp("2021-01-01"), "inwoners": 1000}),
    )
    bevolking = analysis.halfjaar_bevolking(connection, defs, "2022-II").set_index("gemeente_code")
    assert set(bevolking.index) == defs.gemeenten_op(date(2022, 7, 1))
    assert "GM0457" not in bevolking.index  # Weesp
    assert bevolking.loc["GM0363", "inwoners"] == 2000  # Amsterdam + Weesp
    assert bevolking["inwoners"].sum() == 1000 * len(codes)
    first = analysis.halfjaar_bevolking(connection, defs, "2022-I").set_index("gemeente_code")
    assert first.loc["GM0457", "inwoners"] == 1000  # Weesp still existed on 1 January 2022


def test_aggregation_parquet_is_byte_identical_across_builds(project, tmp_path):
    again = Paths.from_root(project.root, processed=tmp_path / "processed")
    build(again)

    def digest(paths: Paths) -> dict[str, str]:
        return {
            name: hashlib.sha256((paths.parquet / f"{name}.parquet").read_bytes()).hexdigest()
            for name in [*REF_TABLES, *aggregate.ORDER]
        }

    assert digest(again) == digest(project)
