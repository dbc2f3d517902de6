"""Which reports a rerun writes again (vingerafdruk.json, issue 14): every input that changes a
report re-renders exactly the regions it touches, and nothing else does.

Works on a copy of the session's miniature build and its reports; asks
:func:`writer.stale_regions` which regions it would write, so that no report is rendered here.
"""

from __future__ import annotations

import json
import re
import shutil

import duckdb
import pytest

from tests.conftest import copy_project
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.report import generate_all, writer

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
