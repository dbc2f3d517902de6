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


def deliver(paths, name: str, text: str, bron: str) -> None:
    """Add a delivery file to the raw data with its checksum in provenance.yaml, as a data
    supplier does, and rebuild."""
    import yaml

    folder = paths.raw / "gemeenten"
    (folder / name).write_text(text, encoding="utf-8")
    provenance = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))
    provenance["bestanden"].append(
        {
            "bestand": name,
            "sha256": hashlib.sha256((folder / name).read_bytes()).hexdigest(),
            "peildatum": "2024",
            "rijen": text.count("\n") - 1,
            "bron": bron,
        }
    )
    (folder / "provenance.yaml").write_text(yaml.safe_dump(provenance, allow_unicode=True), encoding="utf-8")
    assert not build(paths).skipped


def named(paths, bestand: str) -> list[str]:
    """Return the regions whose report names ``bestand`` among its input files."""
    with writer.connect(paths) as con:
        return [
            code
            for (code,) in con.execute(
                "select regio_code from int__regio_invoerbestand where bestand = ? order by 1",
                [f"gemeenten/{bestand}"],
            ).fetchall()
        ]


def test_a_supply_delivery_for_a_gemeente_of_one_region_writes_only_that_region(project, tmp_path):
    """A real rebuild: Baarle-Nassau (GM0744) is in woondealregio WD24 and not in koploperregio
    KL07 (Hart van Brabant). Its supply delivery makes WD24 stale and leaves KL07 as it is (its
    report does not name the file), and KL07 written again from the new build is byte for byte the
    report that was kept."""
    paths, regions = project
    assert {"WD24", "KL07"} <= {code for _, code, _ in regions}
    name = "levering_aanbod_WD24_baarle_2024.csv"
    deliver(
        paths,
        name,
        AANBOD_KOP + "GM0744;Baarle-Nassau;urgenten;zelfstandig;2024;bestaand;7;\n",
        "gemeentelijk_aanbod",
    )
    stale_now = stale(paths, regions)
    assert "WD24" in stale_now and "KL07" not in stale_now
    assert "WD24" in named(paths, name) and "KL07" not in named(paths, name)
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
    aandachtsgroepen for Baarle-Nassau alone is named in KL07's report too, which is written
    again."""
    paths, regions = project
    name = "levering_aandachtsgroepen_WD24_baarle_2024.csv"
    deliver(
        paths,
        name,
        GROEPEN_KOP + "GM0744;Baarle-Nassau;31-12-2023;urgenten;urgente_vraag;huishoudens;12;\n",
        "gemeentelijke_levering",
    )
    assert {"WD24", "KL07"} <= set(stale(paths, regions))
    assert {"WD24", "KL07"} <= set(named(paths, name))


class Watched:
    """A connection that records every statement run on it (for the test below)."""

    def __init__(self, con):
        self.con, self.statements = con, []

    def execute(self, sql, *args, **kwargs):
        self.statements.append(sql)
        return self.con.execute(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_a_report_reads_the_whole_country_only_where_its_fingerprint_looks(project, defs):
    """The data fingerprint leaves out the int__, agg__ and meta_tabel tables without a region
    (a report reads them only through its marts). Every statement a report runs is watched: none
    names such a table, so none can change a report unseen."""
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
    table = re.compile(r"\b(?:meta_tabel|(?:" + "|".join(TIERS.values()) + r")\w+)")
    named = {name for sql in watched.statements for name in table.findall(sql)}
    assert named & regional and not named & country, sorted(named & country)
