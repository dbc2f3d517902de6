"""The build on the miniature dataset: validated tables, warehouse, atomic failure, skip."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.conftest import copy_project
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.errors import DataError
from woonzorg_analyse.load.store import read_table
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build
from woonzorg_analyse.stempel import invoerstempel, vorige


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the sha256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(mini_built, tmp_path):
    """A built miniature project of the test's own, which it may change: a copy of the session's
    build (the builds are deterministic), and the result of building it again (skipped)."""
    paths = Paths.from_root(copy_project(mini_built, tmp_path / "project"))
    result = build(paths)
    assert result.skipped  # the copy is up to date: it carries its build's fingerprint and stamp
    return paths, result


def test_build_writes_every_table_and_the_warehouse(mini_project):
    paths = Paths.from_root(mini_project)
    result = build(paths)
    assert not result.skipped
    expected = {
        "ref_gemeente",
        "ref_regio",
        "ref_regio_lidmaatschap",
        "ref_herindeling",
        "ref_aandachtsgroep",
        "ref_aandachtsgroep_woonvorm",
        "ref_woonvorm",
        "ref_bron",
        "stg_cbs__kerncijfers",
        "stg_cbs__bevolking",
        "stg_cbs__aandachtsgroepen",
        "stg_gemeente__aandachtsgroepen",
        "stg_gemeente__aanbod",
        "stg_pbl__prognose",
        "meta_invoerbestand",
        "meta_build",
    }
    assert expected <= set(result.tables)
    with duckdb.connect(str(paths.warehouse), read_only=True) as connection:
        tables = {row[0] for row in connection.execute("show tables").fetchall()}
        assert expected <= tables
        inwoners = connection.execute(
            "select sum(inwoners) from stg_cbs__kerncijfers where peildatum = date '2024-01-01'"
        ).fetchone()[0]
    # the nine gemeenten of Hart van Brabant on 1 January 2024 (real CBS figures)
    kwb = pd.read_csv(paths.raw / "cbs_kwb" / "kwb-2024.csv", sep=";", encoding="utf-8-sig")
    assert inwoners == kwb["a_inw"].sum()


def test_fictitious_inputs_are_marked_in_every_staged_row(built):
    paths, _ = built
    groepen = read_table("stg_gemeente__aandachtsgroepen", paths.parquet)
    assert groepen["fictief"].all()
    kerncijfers = read_table("meta_invoerbestand", paths.parquet)
    assert not kerncijfers.loc[kerncijfers["bron_code"] == "cbs_kwb", "fictief"].any()
    meta = dict(read_table("meta_build", paths.parquet)[["sleutel", "waarde"]].values)
    assert meta["fictief_voorbeeld"] == "ja"
    assert meta["definitieversie"] == load_definitions(paths.definitions).version


def test_rebuild_with_unchanged_inputs_is_skipped_and_tables_are_byte_identical(built, tmp_path):
    paths, result = built
    before = tree_digest(paths.parquet)
    assert build(paths).skipped
    again = build(paths, force=True)
    assert not again.skipped and again.fingerprint == result.fingerprint
    assert tree_digest(paths.parquet) == before


def test_an_unchanged_build_is_decided_from_the_stamp_without_loading_pandas(built):
    # the invoerstempel (woonzorg_analyse.stempel) lets an unchanged `woonzorg build` stop before
    # the definitions and the sources are loaded: what keeps an unchanged `make analysis` fast
    paths, _ = built
    script = (
        "import sys\n"
        "from woonzorg_analyse.cli import main\n"
        f"sys.argv = ['woonzorg', 'build', '--root', {str(paths.root)!r}]\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print('pandas' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "Warehouse is actueel" in run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1] == "False"


def test_the_stamp_covers_code_definitions_raw_data_and_the_cbs_source(built):
    paths, result = built
    stamp = invoerstempel(paths, "voorbeeld")
    assert vorige(paths)["invoerstempel"] == stamp and vorige(paths)["fingerprint"] == result.fingerprint
    assert invoerstempel(paths, "cbs") != stamp
    delivery = paths.raw / "gemeenten" / "levering_aandachtsgroepen_WD24_2023.csv"
    os.utime(delivery, (0, 0))  # a new date alone changes nothing
    assert invoerstempel(paths, "voorbeeld") == stamp
    (paths.raw / "gemeenten" / "notities.txt").write_text("concept", encoding="utf-8")
    assert invoerstempel(paths, "voorbeeld") != stamp
    (paths.raw / "gemeenten" / "notities.txt").unlink()
    with (paths.definitions / "definitions.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# een opmerking\n")
    changed = invoerstempel(paths, "voorbeeld")
    assert changed != stamp
    again = build(paths)  # a changed stamp runs the full check: the definitions changed, so it builds
    assert not again.skipped and vorige(paths)["invoerstempel"] == changed


def test_failed_build_leaves_processed_byte_identical(built):
    paths, _ = built
    before = tree_digest(paths.processed)
    delivery = paths.raw / "gemeenten" / "levering_aandachtsgroepen_WD24_2023.csv"
    text = delivery.read_text(encoding="utf-8-sig")
    first_data_line = text.splitlines()[1]
    broken = first_data_line.rsplit(";", 2)
    broken[1] = "-3"
    delivery.write_text(text.replace(first_data_line, ";".join(broken), 1), encoding="utf-8")
    with pytest.raises(DataError) as error:
        build(paths)
    messages = [p.message() for p in error.value.problems]
    assert any("controlegetal wijkt af van provenance.yaml" in m for m in messages)
    # both checksums in full, and what to do about it
    changed = next(p for p in error.value.problems if "controlegetal" in p.regel)
    assert changed.waarde == hashlib.sha256(delivery.read_bytes()).hexdigest()
    assert "provenance.yaml noemt sha256 " in changed.toelichting
    assert "als nieuw bestand" in changed.toelichting
    assert tree_digest(paths.processed) == before
    assert not [p for p in paths.processed.iterdir() if p.name.startswith(".build-")]


def test_unlisted_delivery_with_errors_stops_the_build_with_every_problem(built):
    paths, _ = built
    before = tree_digest(paths.processed)
    (paths.raw / "gemeenten" / "levering_extra.csv").write_text(
        "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"
        "GM0855;Tilburg;01-01-2024;dak_thuisloos;populatie;personen;-3;\n"
        "GM9999;Nergens;01-01-2024;dak_thuisloos;populatie;personen;3;\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as error:
        build(paths)
    messages = [p.message() for p in error.value.problems]
    assert (
        "gemeenten/levering_extra.csv, regel 2, kolom 'aantal': moet 0 of groter zijn (waarde: '-3')"
        in messages
    )
    assert any(
        m.startswith("gemeenten/levering_extra.csv, regel 3, kolom 'gemeente_code': gemeentecode GM9999")
        for m in messages
    )
    assert any("dubbele rij" in m and "levering_extra.csv, regel 2" in m for m in messages)
    assert tree_digest(paths.processed) == before


def test_a_provenance_file_that_is_a_list_is_named_without_a_traceback(mini_project):
    (mini_project / "data" / "raw" / "gemeenten" / "provenance.yaml").write_text(
        "- gemeentelijke_levering\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        build(Paths.from_root(mini_project))
    messages = [p.message() for p in caught.value.problems]
    assert messages == ["gemeenten/provenance.yaml: (hele bestand): moet een mapping (sleutel: waarde) zijn"]


def test_a_misspelt_key_in_the_cbs_configuration_names_file_and_key(tmp_path):
    import shutil

    from tests.conftest import ROOT
    from woonzorg_analyse.errors import DefinitionError
    from woonzorg_analyse.extract.fetch import cbs_odata

    target = tmp_path / "definitions"
    shutil.copytree(ROOT / "definitions", target)
    text = (target / "cbs_tabellen.yaml").read_text(encoding="utf-8")
    (target / "cbs_tabellen.yaml").write_text(text.replace("pogingen: 5", "pogingne: 5"), encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"cbs_tabellen\.yaml: pogingne: onbekende sleutel"):
        cbs_odata.load_config(target)


def test_a_file_that_no_source_of_its_folder_reads_stops_the_build(mini_project):
    stray = mini_project / "data" / "raw" / "cbs_kwb" / "notities.csv"
    stray.write_text("naam;opmerking\nx;y\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build(Paths.from_root(mini_project))
    [problem] = caught.value.problems
    assert problem.bestand == "cbs_kwb/notities.csv"
    assert problem.regel.startswith("onbekende indeling: de kopregel past bij geen bekende bron")


def test_a_misnamed_kwb_file_is_named_by_build_and_validate_alike(mini_project, capsys):
    from woonzorg_analyse.cli import run

    folder = mini_project / "data" / "raw" / "cbs_kwb"
    (folder / "kwb-2024.csv").rename(folder / "kerncijfers.csv")
    provenance = (folder / "provenance.yaml").read_text(encoding="utf-8")
    (folder / "provenance.yaml").write_text(
        provenance.replace("kwb-2024.csv", "kerncijfers.csv"), encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        build(Paths.from_root(mini_project))
    expected = "editiejaar niet af te leiden uit de bestandsnaam (verwacht kwb-JJJJ.csv)"
    assert [p.regel for p in caught.value.problems] == [expected]
    assert run(["validate", "--root", str(mini_project), str(folder / "kerncijfers.csv")]) == 1
    assert expected in capsys.readouterr().err


def test_every_source_module_names_a_source_of_the_definitions(defs):
    from woonzorg_analyse.extract.registry import check_registry, sources

    assert check_registry(defs) == []
    assert {s.bron for s in sources()} == set(defs.bronnen)


def test_every_source_declares_the_staging_tables_it_makes(defs):
    from woonzorg_analyse.extract.registry import sources

    declared = [t for s in sources() for t in s.tabellen]
    assert sorted(declared) == sorted(t for t in defs.tables if t.startswith("stg_"))


# --- odd files in a source folder: named by the build, never silently skipped (issue 11) ---


def build_problems(project: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        build(Paths.from_root(project))
    return [p.message() for p in caught.value.problems]


def test_a_pipe_in_a_source_folder_stops_the_build_without_hanging(mini_project):
    import os

    os.mkfifo(mini_project / "data" / "raw" / "cbs_kwb" / "kwb-2026.csv")
    assert build_problems(mini_project) == [
        "cbs_kwb/kwb-2026.csv: is geen gewoon bestand maar een pijp (FIFO); alleen gewone bestanden worden gelezen"
    ]


def test_a_link_to_dev_zero_in_a_source_folder_stops_the_build(mini_project):
    (mini_project / "data" / "raw" / "cbs_kwb" / "kwb-2026.csv").symlink_to("/dev/zero")
    assert build_problems(mini_project) == [
        "cbs_kwb/kwb-2026.csv: is geen gewoon bestand maar een apparaat; alleen gewone bestanden worden "
        "gelezen (waarde: '/dev/zero')"
    ]


def test_a_subfolder_of_a_source_folder_is_named(mini_project):
    extra = mini_project / "data" / "raw" / "gemeenten" / "2025"
    extra.mkdir()
    (extra / "levering.csv").write_text("x;y\n1;2\n", encoding="utf-8")
    assert build_problems(mini_project) == [
        "gemeenten/2025: submap in een bronmap wordt niet gelezen: zet de bestanden direct in gemeenten/ of "
        "verplaats de submap buiten raw/"
    ]


def test_a_file_over_the_size_limit_stops_the_build_before_it_is_read(mini_project):
    settings = mini_project / "definitions" / "definitions.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("max_bestand_mb: 200", "max_bestand_mb: 0.02"),
        encoding="utf-8",
    )
    assert build_problems(mini_project) == [
        "cbs_aandachtsgroepen/85980NED_TypedDataSet.csv: bestand is te groot: 0,1 MB, de grens is 20,0 kB "
        "(max_bestand_mb in definitions/definitions.yaml)",
        "gemeenten/levering_aanbod_WD24_2024.csv: bestand is te groot: 27,2 kB, de grens is 20,0 kB "
        "(max_bestand_mb in definitions/definitions.yaml)",
        "geo/gemeenten_2023_2025.geojson: bestand is te groot: 0,2 MB, de grens is 20,0 kB "
        "(max_bestand_mb in definitions/definitions.yaml)",
    ]


def test_a_header_only_delivery_stops_the_build(mini_project):
    (mini_project / "data" / "raw" / "gemeenten" / "levering_leeg.csv").write_text(
        "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n",
        encoding="utf-8",
    )
    assert build_problems(mini_project) == [
        "gemeenten/levering_leeg.csv: bestand heeft geen gegevensrijen; verwacht minstens één rij voor "
        "levering aandachtsgroepen onder de kopregel"
    ]


def test_the_build_bounds_counts_by_the_inhabitants_it_reads(mini_project):
    # Dongen had 26.483 inhabitants on 1 January 2022 (cbs_kwb/kwb-2022.csv of the mini set)
    (mini_project / "data" / "raw" / "gemeenten" / "levering_extra.csv").write_text(
        "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"
        "GM0766;Dongen;01-01-2022;beperking;populatie;personen;26483;\n"
        "GM0766;Dongen;01-01-2022;ouderen;populatie;personen;26484;\n",
        encoding="utf-8",
    )
    assert build_problems(mini_project) == [
        "gemeenten/levering_extra.csv, regel 3, kolom 'aantal': aantal is groter dan het aantal inwoners van "
        "GM0766 op 01-01-2022 (26.483) (waarde: '26484'); een aantal per gemeente kan niet groter zijn dan "
        "de bevolking; controleer getal en eenheid"
    ]


def test_a_provenance_list_is_exit_1_on_the_command_line(mini_project, capsys):
    from woonzorg_analyse.cli import run

    (mini_project / "data" / "raw" / "gemeenten" / "provenance.yaml").write_text("- x\n", encoding="utf-8")
    assert run(["build", "--root", str(mini_project)]) == 1
    err = capsys.readouterr().err
    assert "FOUT  gemeenten/provenance.yaml: (hele bestand): moet een mapping (sleutel: waarde) zijn" in err
    assert "Interne fout" not in err


# --- what a killed run leaves, and the permissions of what a run writes ---


def _dead_pid() -> int:
    import os

    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_the_scratch_folder_of_a_killed_build_is_removed_by_the_next(mini_project):
    processed = mini_project / "data" / "processed"
    killed = processed / f".build-{_dead_pid()}-abc123"
    (killed / "parquet").mkdir(parents=True)
    (killed / "parquet" / "ref_regio.parquet").write_bytes(b"x" * 1000)
    running = processed / f".build-{__import__('os').getppid()}-def456"  # a process that still runs
    running.mkdir()
    build(Paths.from_root(mini_project))
    assert not killed.exists()
    assert running.exists()
    assert sorted(p.name for p in processed.iterdir() if p.name.startswith(".")) == [running.name]


@pytest.mark.parametrize(
    ("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)]
)
def test_outputs_get_the_permissions_of_the_umask(mini_project, umask, file_mode, folder_mode):
    import os
    import stat

    old = os.umask(umask)
    try:
        paths = Paths.from_root(mini_project)
        build(paths)
    finally:
        os.umask(old)
    for path in [paths.warehouse, paths.fingerprint, *paths.parquet.glob("*.parquet")]:
        assert stat.S_IMODE(path.stat().st_mode) == file_mode, path
    assert stat.S_IMODE(paths.parquet.stat().st_mode) == folder_mode


def test_a_figure_from_before_the_gemeente_register_is_named_by_validate_and_build_alike(mini_project):
    from woonzorg_analyse.cli import run

    path = mini_project / "data" / "raw" / "gemeenten" / "levering_vroeg.csv"
    path.write_text(
        "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"
        "GM0766;Dongen;31-12-2018;urgenten;urgente_vraag;huishoudens;64;\n",
        encoding="utf-8",
    )
    message = (
        "gemeenten/levering_vroeg.csv, regel 2, kolom 'peildatum': peildatum ligt vóór 1 januari 2019, de "
        "eerste gemeentelijke indeling in definitions/regios/gemeenten.csv; zo'n cijfer kan niet worden "
        "ingedeeld of vergeleken (waarde: '31-12-2018'); lever cijfers vanaf 2019"
    )
    assert build_problems(mini_project) == [message]
    assert run(["validate", str(path), "--root", str(mini_project)]) == 1


def test_a_figure_from_before_the_first_kerncijfers_gets_the_earliest_inhabitants(mini_project):
    # the mini set has CBS kerncijfers from 1 January 2020; a 2019 figure used to pass validate and
    # then fail the build with 'not_nullable' lines
    (mini_project / "data" / "raw" / "gemeenten" / "levering_vroeg.csv").write_text(
        "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"
        "GM0766;Dongen;31-12-2019;urgenten;urgente_vraag;huishoudens;64;\n",
        encoding="utf-8",
    )
    paths = Paths.from_root(mini_project)
    build(paths)
    with duckdb.connect(str(paths.warehouse), read_only=True) as con:
        row = con.execute(
            "select a.inwoners, k.inwoners from int__aandachtsgroep_gemeente a join stg_cbs__kerncijfers k "
            "using (gemeente_code) where a.gemeente_code = 'GM0766' and a.aandachtsgroep = 'urgenten' "
            "and a.peildatum = date '2019-12-31' and k.peildatum = date '2020-01-01'"
        ).fetchall()
    assert row and row[0][0] == row[0][1]
