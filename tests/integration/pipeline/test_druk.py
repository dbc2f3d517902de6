"""The mutatiegraad delivery and the boundaries through the whole build of the miniature project
(Hart van Brabant): a delivered rate replaces the national default from its year on, a broken
delivery stops the build with Dutch messages, and the embedded boundaries stage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from woonzorg_analyse.cli import run
from woonzorg_analyse.extract.provenance import sha256_of
from woonzorg_analyse.load.store import read_table
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build


def deliver(project: Path, text: str) -> Path:
    folder = project / "data" / "raw" / "woningmarkt"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mutatiegraad_KL07_2024.csv"
    path.write_text(text, encoding="utf-8")
    provenance = {
        "bron": "gemeentelijke_mutatiegraad",
        "fictief": True,
        "bestanden": [{"bestand": path.name, "sha256": sha256_of(path), "rijen": text.count("\n") - 1}],
    }
    (folder / "provenance.yaml").write_text(yaml.safe_dump(provenance), encoding="utf-8")
    return path


def test_delivered_mutatiegraad_and_boundaries_reach_the_warehouse(mini_project):
    deliver(
        mini_project, "gemeente_code;jaar;mutatiegraad;toelichting\nGM0855;2024;5 %;corporaties Tilburg\n"
    )
    shutil.copytree(ROOT / "data" / "raw" / "geo", mini_project / "data" / "raw" / "geo", dirs_exist_ok=True)
    paths = Paths.from_root(mini_project)
    build(paths)
    vrij = read_table("int__vrijkomende_woningen", paths.parquet)
    tilburg = vrij[(vrij["gemeente_code"] == "GM0855") & (vrij["regio_code"] == "KL07")].set_index("jaar")
    assert (
        tilburg.loc[2025, "mutatiegraad_herkomst"] == "levering" and tilburg.loc[2025, "mutatiegraad"] == 0.05
    )
    assert (
        tilburg.loc[2023, "mutatiegraad_herkomst"] == "landelijk"
        and tilburg.loc[2023, "mutatiegraad"] == 0.07
    )
    assert tilburg.loc[2025, "mutatiegraad_bron"] == "woningmarkt/mutatiegraad_KL07_2024.csv, regel 2"
    assert tilburg.loc[2025, "vrijkomende_woningen"] == pytest.approx(
        tilburg.loc[2025, "sociale_huurvoorraad"] * 0.05
    )
    druk = read_table("agg__druk_sociale_voorraad", paths.parquet)
    kl07 = druk[druk["regio_code"] == "KL07"].set_index("gemeente_code")
    assert len(kl07) == 9 and kl07["vraag_woningen_per_jaar"].notna().all()
    assert kl07.loc["GM0855", "druk"] == pytest.approx(
        kl07.loc["GM0855", "vraag_woningen_per_jaar"] / kl07.loc["GM0855", "vrijkomende_woningen"]
    )
    regio = read_table("agg__druk_sociale_voorraad_regio", paths.parquet).set_index("regio_code")
    assert regio.loc["KL07", "vrijkomende_woningen"] == pytest.approx(kl07["vrijkomende_woningen"].sum())
    assert len(read_table("stg_cbs__gemeentegrens", paths.parquet)) == 342


def test_a_broken_mutatiegraad_delivery_stops_the_build_in_dutch(mini_project, capsys):
    deliver(mini_project, "gemeente_code;jaar;mutatiegraad\nGM0855;2024;7\nGM0457;2024;0,06\n")
    assert run(["build", "--root", str(mini_project)]) == 1
    err = capsys.readouterr().err
    assert (
        "FOUT  woningmarkt/mutatiegraad_KL07_2024.csv, regel 2, kolom 'mutatiegraad': schrijf een fractie (0,07)"
        in err
    )
    assert "regel 3, kolom 'gemeente_code': gemeentecode GM0457 bestaat niet op 01-01-2025" in err
    assert not (mini_project / "data" / "processed" / "warehouse.duckdb").exists()


def test_validate_checks_boundaries_and_a_delivery_on_their_own(mini_project, capsys):
    geo = ROOT / "data" / "raw" / "geo" / "gemeenten_2023_2025.geojson"
    assert run(["validate", str(geo), "--root", str(mini_project)]) == 0
    path = deliver(mini_project, "gemeente_code;jaar;mutatiegraad\nGM0855;2024;0,6\n")
    assert run(["validate", str(path), "--root", str(mini_project)]) == 1
    assert "kolom 'mutatiegraad'" in capsys.readouterr().err
