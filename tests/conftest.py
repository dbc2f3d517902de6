"""Shared fixtures: the project's definitions and a miniature project in a temporary folder.

Building the miniature project takes seconds and rendering its reports more, while most
integration tests only read the result. So the session builds it once (:func:`mini_built`, and
the variant in which only four gemeenten delivered, :func:`partial_built`) and writes its reports
once (:func:`mini_reports`); a test that reads them shares them, a test that changes a project
copies one first (:func:`copy_project`). The builds are deterministic (``test_build`` and
``test_warehouse`` prove it), so a copy is the same as a build of its own.

``make test`` runs the tests in two processes (pytest-xdist). A session fixture that builds or
renders is made once for the whole run, not once per process: :func:`once` makes it under a lock
in the folder the processes share, and the second process takes the finished result.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from woonzorg_analyse.definitions import Definitions, load_definitions

# Property tests check results, not speed (speed is measured by `make bench`): no deadline, so a
# busy CI machine cannot fail them.
settings.register_profile("woonzorg", deadline=None)
settings.load_profile("woonzorg")

ROOT = Path(__file__).resolve().parents[1]
MINI_RAW = ROOT / "tests" / "integration" / "data" / "mini" / "raw"


def once(tmp_path_factory, name: str, make: Callable[[Path], Any]) -> Any:
    """Return ``make(folder)`` for a fresh ``folder`` called ``name``, made once per test run.

    Under pytest-xdist every worker process has its own session; the folder then lies in the
    temporary folder the workers of this run share, and a file lock lets the first worker make it
    while the others wait and read the pickled result. A worker whose ``make`` fails leaves no
    result, so the next one tries again (and fails the same way, with its own traceback).
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    result = base / f"{name}.pickle"
    with open(base / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if result.exists():
                return pickle.loads(result.read_bytes())
            folder = base / name
            if folder.exists():  # left by a worker whose make failed
                shutil.rmtree(folder)
            folder.mkdir()
            made = make(folder)
            result.write_bytes(pickle.dumps(made))
            return made
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def defs() -> Definitions:
    """The project's own definitions (definitions/ is configuration, not data)."""
    return load_definitions(ROOT / "definitions")


def make_mini_project(target: Path) -> Path:
    """Copy the definitions and the miniature raw data (koploperregio Hart van Brabant) to
    ``target`` and return it; build with ``Paths.from_root(target)``. The gemeente boundaries
    (real reference data, for the maps) come from the project's data/raw/geo."""
    shutil.copytree(ROOT / "definitions", target / "definitions")
    shutil.copytree(MINI_RAW, target / "data" / "raw")
    if not (target / "data" / "raw" / "geo").exists():
        shutil.copytree(ROOT / "data" / "raw" / "geo", target / "data" / "raw" / "geo")
    (target / "data" / "processed").mkdir(parents=True)
    return target


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A fresh miniature project (not yet built) in a temporary folder."""
    return make_mini_project(tmp_path / "project")


def copy_project(source: Path, target: Path) -> Path:
    """Copy a (built) project folder to ``target`` and return it: a project a test may change."""
    shutil.copytree(source, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory) -> Path:
    """The miniature project, built once per session. Read it, never change it: a test that
    changes its raw data, warehouse or reports works on :func:`copy_project` of it."""
    from woonzorg_analyse.paths import Paths
    from woonzorg_analyse.pipeline import build

    def make(folder: Path) -> Path:
        root = make_mini_project(folder / "project")
        build(Paths.from_root(root))
        return root

    return once(tmp_path_factory, "mini-gebouwd", make)


@pytest.fixture(scope="session")
def partial_built(tmp_path_factory) -> Path:
    """The miniature project in which only four gemeenten delivered (:func:`make_partial_project`),
    built once per session; read it, never change it."""
    from woonzorg_analyse.paths import Paths
    from woonzorg_analyse.pipeline import build

    def make(folder: Path) -> Path:
        root = make_partial_project(folder / "project")
        build(Paths.from_root(root))
        return root

    return once(tmp_path_factory, "deels-gebouwd", make)


MINI_REPORT_REGIONS = ("KL07", "WD24")  # WD24 (Breda-Tilburg) shares gemeenten with KL07


@pytest.fixture(scope="session")
def mini_reports(mini_built, tmp_path_factory):
    """The reports of :func:`mini_built` for every region with figures and WD24, written once per
    session into a folder of their own: (paths, result of generate_all)."""
    import duckdb

    from woonzorg_analyse.definitions import load_definitions
    from woonzorg_analyse.paths import Paths
    from woonzorg_analyse.report import generate_all

    def make(folder: Path):
        paths = Paths.from_root(mini_built, reports=folder / "reports")
        defs = load_definitions(paths.definitions)
        with duckdb.connect(str(paths.warehouse), read_only=True) as con:
            with_figures = [
                c
                for (c,) in con.execute(
                    """
                    select distinct r.regio_code from int__regio_gemeente r
                    join agg__verdeling_gemeente v using (regio_type, regio_code, gemeente_code)
                    where list_contains(?, r.regio_type) and v.aantal_schatting is not null order by 1
                    """,
                    [list(defs.instellingen.rapport_regio_types)],
                ).fetchall()
            ]
        result = generate_all(paths, jobs=2, codes=sorted({*with_figures, *MINI_REPORT_REGIONS}))
        return paths, result

    return once(tmp_path_factory, "mini-rapporten", make)


def pytest_collection_modifyitems(config, items):
    """Mark every test below tests/integration/ as an integration test (``-m "not integration"``
    runs the unit tests alone); the slow ones carry ``slow`` in their module."""
    integration = Path(__file__).parent / "integration"
    for item in items:
        if Path(str(item.fspath)).is_relative_to(integration):
            item.add_marker(pytest.mark.integration)
    # Under pytest-xdist (make test) the tests on the embedded data (marked xdist_group
    # "ingebed") run in one worker, first: it builds and renders the whole country once
    # (:func:`once`) while the other worker runs the rest. The intruder's parts of the embedded
    # regions ("ingebed-1", "ingebed-2", ...) come last, each to the worker that is free first:
    # by then the country is built, and the two workers share that work.
    embedded = [item for item in items if _group(item) == "ingebed"]
    parts = [item for item in items if (_group(item) or "").startswith("ingebed-")]
    unmarked = [
        item.nodeid
        for item in items
        if "embedded" in item.fixturenames and item not in embedded and item not in parts
    ]
    differ = [item.nodeid for item in items if _group(item) != group_of(item.nodeid)]
    if unmarked or differ:
        raise pytest.UsageError(
            "xdist_group: tests on the embedded build without the mark 'ingebed': "
            f"{unmarked}; marks that tests/conftest.py:group_of does not name: {differ}"
        )
    items[:] = embedded + [item for item in items if item not in embedded and item not in parts] + parts


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Send each xdist_group to one worker, every other module to one worker (its module fixtures
    made once), in the order collected: the embedded group first, the intruder's parts of it last.

    pytest-xdist's own ``--dist loadgroup`` renames ``item._nodeid``, which pytest 9.2 no longer
    reads (the group then silently splits); the controller sees only node ids, so the groups are
    named here by node id, and :func:`pytest_collection_modifyitems` checks that the marks agree.
    """
    from xdist.scheduler import LoadScopeScheduling

    if config.getvalue("dist") not in ("load", "loadscope", "loadgroup"):
        return None

    class Groups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid) or super()._split_scope(nodeid)

    return Groups(config, log)


def group_of(nodeid: str) -> str | None:
    """Return the xdist group of a test by its node id (see :func:`pytest_xdist_make_scheduler`)."""
    if "/test_reports_embedded.py::" in nodeid:
        return "ingebed"
    if "/test_intruder.py::" in nodeid:
        part = re.search(r"\[(mini|ingebed-\d+)\]$", nodeid)
        if part:
            return "indringer-mini" if part.group(1) == "mini" else part.group(1)
    return None


def _group(item) -> str | None:
    mark = item.get_closest_marker("xdist_group")
    return mark.args[0] if mark is not None and mark.args else None


KL07_DELIVERERS = ("GM0855", "GM0766", "GM0867", "GM0784")  # Tilburg, Dongen, Waalwijk, Gilze en Rijen


def make_partial_project(target: Path, keep: tuple[str, ...] = KL07_DELIVERERS) -> Path:
    """Return a miniature project in which only the gemeenten ``keep`` delivered: the other rows
    of the municipal deliveries (CSV and XLSX) are left out and their checksums updated, as in
    a region's first real round."""
    import hashlib

    import openpyxl
    import yaml

    root = make_mini_project(target)
    folder = root / "data" / "raw" / "gemeenten"
    for path in sorted(folder.glob("levering_*")):
        if path.suffix == ".csv":
            lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
            kept = [lines[0]] + [line for line in lines[1:] if _code(line.split(";")[0]) in keep]
            path.write_text("".join(kept), encoding="utf-8")
        else:
            workbook = openpyxl.load_workbook(path)
            for sheet in workbook.worksheets:
                for row in range(sheet.max_row, 0, -1):
                    code = _code(sheet.cell(row, 1).value)
                    if code and code not in keep:
                        sheet.delete_rows(row)
            workbook.save(path)
    provenance = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))
    for entry in provenance["bestanden"]:
        entry["sha256"] = hashlib.sha256((folder / entry["bestand"]).read_bytes()).hexdigest()
    (folder / "provenance.yaml").write_text(yaml.safe_dump(provenance, allow_unicode=True), encoding="utf-8")
    return root


def _code(value) -> str | None:
    from woonzorg_analyse.extract.parsing import normalise_gemeente_code

    try:
        return normalise_gemeente_code(value)
    except ValueError:
        return None
