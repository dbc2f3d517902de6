"""Which reports a rerun writes again (vingerafdruk.json, issue 14): every input that changes a
report re-renders exactly the regions it touches, and nothing else does.

Works on a copy of the session's miniature build and its reports; asks
:func:`writer.stale_regions` which regions it would write, so that no report is rendered here.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import duckdb
import pytest

from tests.conftest import copy_project
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build
from woonzorg_analyse.report import generate_all, writer
from woonzorg_analyse.sql import TIERS
from woonzorg_analyse.transform import staging

pytestmark = pytest.mark.integration


@pytest.fixture
def project(mini_built, mini_reports, tmp_path):
    """A copy of the built miniature project with the session's reports: (paths, regions)."""
    root = copy_project(mini_built, tmp_path / "project")
    source, _ = mini_reports
    shutil.copytree(source.reports, root / "reports", dirs_exist_ok=True)
    paths = Paths.from_root(root)
    present = {(p.parent.name, p.name) for p in paths.reports.glob("*/*") if p.is_dir()}
    regions = [r for r in writer.regions(paths) if (r[0], r[1]) in present]
    assert len(regions) >= 2
    return paths, regions


def stale(paths, regions, force=False) -> list[str]:
    defs = load_definitions(paths.definitions)
    return [code for _, code, _ in writer.stale_regions(paths, defs, regions, force=force)[0]]


def rebuilt(paths) -> None:
    """Give the build a new fingerprint, as a rebuild of changed inputs does."""
    record = json.loads(paths.fingerprint.read_text(encoding="utf-8"))
    record["fingerprint"] = "0" * 64
    paths.fingerprint.write_text(json.dumps(record), encoding="utf-8")


def test_an_unchanged_rerun_writes_nothing_and_says_how_many_it_skipped(project):
    paths, regions = project
    assert stale(paths, regions) == []
    index = (paths.reports / "index.html").read_bytes()
    result = generate_all(paths, codes=[c for _, c, _ in regions])
    assert (result["regios"], result["overgeslagen"]) == (0, len(regions))
    assert (paths.reports / "index.html").read_bytes() == index
    assert stale(paths, regions, force=True) == [c for _, c, _ in regions]


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("rapport.yaml", "titel: Bouwstenennotitie aandachtsgroepen", "titel: Bouwstenennotitie"),
        ("definitions.yaml", "onthullingsdrempel: 10", "onthullingsdrempel: 5"),  # the masking rule
    ],
)
def test_a_changed_text_or_masking_rule_writes_every_region_again(project, file, old, new):
    paths, regions = project
    path = paths.definitions / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert stale(paths, regions) == [c for _, c, _ in regions]


def test_changed_code_writes_every_region_again(project, monkeypatch):
    paths, regions = project
    monkeypatch.setattr(writer, "code_fingerprint", lambda: "andere code")
    assert stale(paths, regions) == [c for _, c, _ in regions]


def test_a_rebuild_with_the_same_data_writes_nothing_and_records_the_new_build(project):
    paths, regions = project
    rebuilt(paths)
    assert stale(paths, regions) == []
    for regio_type, code, _ in regions:
        record = json.loads((paths.reports / regio_type / code / writer.VINGERAFDRUK).read_text("utf-8"))
        assert record["build"] == "0" * 64
    assert stale(paths, regions) == []  # and the data is not read again


def test_changed_data_of_one_region_writes_only_that_region(project):
    paths, regions = project
    regio_type, code, _ = regions[-1]
    with duckdb.connect(str(paths.warehouse)) as con:
        changed = con.execute(
            "update rpt__verdeling_gemeente set aantal_schatting = aantal_schatting + 1 "
            "where regio_type = ? and regio_code = ? and aantal_schatting is not null",
            [regio_type, code],
        ).fetchone()[0]
    assert changed > 0
    rebuilt(paths)
    assert stale(paths, regions) == [code]


def test_changed_data_every_region_reads_writes_every_region_again(project):
    paths, regions = project
    with duckdb.connect(str(paths.warehouse)) as con:
        con.execute("update ref_bron set titel = titel || ' (nieuw)'")
    rebuilt(paths)
    assert stale(paths, regions) == [c for _, c, _ in regions]


def test_a_staged_row_of_a_file_no_region_names_writes_every_region_again(project):
    paths, regions = project
    with duckdb.connect(str(paths.warehouse)) as con:
        con.execute(
            "insert into stg_gemeente__aanbod "
            "select * replace ('gemeenten/elders.csv' as bestand) from stg_gemeente__aanbod limit 1"
        )
    rebuilt(paths)
    assert stale(paths, regions) == [c for _, c, _ in regions]


def test_a_missing_file_writes_that_region_again(project):
    paths, regions = project
    regio_type, code, _ = regions[0]
    (paths.reports / regio_type / code / writer.XLSX).unlink()
    assert stale(paths, regions) == [code]


def test_the_record_names_the_build_definitions_code_and_data(project):
    paths, regions = project
    defs = load_definitions(paths.definitions)
    regio_type, code, _ = regions[0]
    record = json.loads((paths.reports / regio_type / code / writer.VINGERAFDRUK).read_text("utf-8"))
    assert set(record) == {"build", "definities", "code", "data"}
    assert record["definities"] == defs.checksum() and record["code"] == writer.code_fingerprint()
    assert all(re.fullmatch("[0-9a-f]{64}", value) for value in record.values())


AANBOD_KOP = "gemeente_code;gemeente_naam;aandachtsgroep;woonvorm;jaar;status;capaciteit;toelichting\n"
GROEPEN_KOP = "gemeente_code;gemeente_naam;peildatum;aandachtsgroep;laag;eenheid;aantal;toelichting\n"
# the two kinds of delivery a report uses only for their own gemeente (staging.LOKAAL), each for
# Baarle-Nassau (GM0744): in woondealregio WD24, not in koploperregio KL07 (Hart van Brabant)
LOKAAL = {
    "aanbod": (
        "gemeenten/levering_aanbod_WD24_baarle_2024.csv",
        AANBOD_KOP + "GM0744;Baarle-Nassau;urgenten;zelfstandig;2024;bestaand;7;\n",
        "gemeentelijk_aanbod",
    ),
    "mutatiegraad": (
        "woningmarkt/mutatiegraad_baarle_2024.csv",
        "gemeente_code;jaar;mutatiegraad;toelichting\nGM0744;2024;0,071;\n",
        "gemeentelijke_mutatiegraad",
    ),
}


def deliver(paths, bestand: str, text: str, bron: str) -> None:
    """Add the delivery ``bestand`` (under data/raw) with its checksum in its folder's
    provenance.yaml, as a data supplier does, and rebuild."""
    import yaml

    path = paths.raw / bestand
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    meta = path.parent / "provenance.yaml"
    provenance = (
        yaml.safe_load(meta.read_text(encoding="utf-8"))
        if meta.exists()
        else {"bron": bron, "fictief": True, "bestanden": []}
    )
    provenance["bestanden"].append(
        {
            "bestand": path.name,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "peildatum": "2024",
            "rijen": text.count("\n") - 1,
            "bron": bron,
        }
    )
    meta.write_text(yaml.safe_dump(provenance, allow_unicode=True), encoding="utf-8")
    assert not build(paths).skipped


def named(paths, bestand: str) -> set[str]:
    """Return the regions whose report names ``bestand`` among its input files."""
    with writer.connect(paths) as con:
        rows = con.execute("select regio_code from int__regio_invoerbestand where bestand = ?", [bestand])
        return {code for (code,) in rows.fetchall()}


@pytest.mark.parametrize("soort", sorted(LOKAAL))
def test_a_local_delivery_for_a_gemeente_of_one_region_writes_only_that_region(project, tmp_path, soort):
    """A real rebuild: a supply or mutatiegraad delivery for Baarle-Nassau makes exactly the
    regions stale whose report names it (WD24, not KL07), and KL07 written again from the new
    build is byte for byte the report that was kept."""
    paths, regions = project
    present = {code for _, code, _ in regions}
    assert {"WD24", "KL07"} <= present
    bestand, text, bron = LOKAAL[soort]
    deliver(paths, bestand, text, bron)
    assert set(stale(paths, regions)) == named(paths, bestand) & present == {"WD24"}
    kept = paths.reports / "koploperregio" / "KL07"
    fresh = Paths.from_root(paths.root, reports=tmp_path / "vers")
    generate_all(fresh, codes=["KL07"], jobs=1, force=True)
    written = fresh.reports / "koploperregio" / "KL07"
    names = sorted(p.name for p in kept.iterdir() if p.name != writer.VINGERAFDRUK)
    assert names == sorted(p.name for p in written.iterdir() if p.name != writer.VINGERAFDRUK)
    for name in names:
        assert (written / name).read_bytes() == (kept / name).read_bytes(), name


def test_a_delivery_of_aandachtsgroepen_counts_for_every_region(project):
    """The groeibehoefte's trend is national over every gemeente's figures (on the embedded data a
    changed figure of WD24 changes the groeibehoefte of all 42 regions): a delivery of
    aandachtsgroepen for Baarle-Nassau alone is named in every report, KL07's included, and every
    report is written again."""
    paths, regions = project
    bestand = "gemeenten/levering_aandachtsgroepen_WD24_baarle_2024.csv"
    rij = "GM0744;Baarle-Nassau;31-12-2023;urgenten;urgente_vraag;huishoudens;12;\n"
    deliver(paths, bestand, GROEPEN_KOP + rij, "gemeentelijke_levering")
    present = {code for _, code, _ in regions}
    assert present <= named(paths, bestand)
    assert set(stale(paths, regions)) == present


class Watched:
    """A connection that records every statement run on it (for the test below)."""

    def __init__(self, con):
        self.con, self.statements = con, []

    def _watch(self, method: str):
        def run(sql, *args, **kwargs):
            self.statements.append(sql)
            return getattr(self.con, method)(sql, *args, **kwargs)

        return run

    def __getattr__(self, name):
        if name in ("execute", "sql", "query", "executemany"):
            return self._watch(name)
        if name == "cursor":
            raise AssertionError("a report reads through its one connection")
        return getattr(self.con, name)


def test_a_report_reads_the_whole_country_only_where_its_fingerprint_looks(project, defs):
    """The data fingerprint leaves out the int__, agg__ and meta_tabel tables without a region
    (a report reads them only through its marts), and hashes staged rows only of the region's own
    files. Every statement a report runs is watched: none names such a table or a staged table of
    a delivery used per gemeente (staging.LOKAAL: another region's rows are not hashed), so none
    can change a report unseen."""
    paths, regions = project
    with writer.connect(paths) as con:
        regional = {
            t
            for (t,) in con.execute(
                "select table_name from duckdb_columns() where column_name = 'regio_code'"
            ).fetchall()
        }
        country = {
            t
            for (t,) in con.execute("select table_name from duckdb_tables()").fetchall()
            if t.startswith(writer._THROUGH_MARTS) and t not in regional
        }
        assert {"agg__groeibehoefte", "int__grootste_rest", "meta_tabel"} <= country
        watched = Watched(con)
        for regio_type, code, _ in regions:
            writer.build_region(watched, defs, regio_type, code)
    assert len(watched.statements) > 50
    table = re.compile(r"\b(?:meta_\w+|stg_\w+|(?:" + "|".join(TIERS.values()) + r")\w+)")
    read = {name for sql in watched.statements for name in table.findall(sql)}
    assert read & regional and "meta_build" in read
    assert not read & country, sorted(read & country)
    assert not read & set(staging.LOKAAL), sorted(read & set(staging.LOKAAL))
