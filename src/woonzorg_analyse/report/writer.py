"""The writer of the bouwstenennotitie per region: content from the report marts, written as
PDF, HTML and XLSX.

Content (``chapters/``, ``charts.py``) is separate from writing (``render/``); this module is
the one writer: for a region it builds the report once, turns its figures into SVG once
(one Typst compile for all charts of the region; the PDF draws the same charts as vectors),
and writes ``reports/<regio_type>/<regio_code>/`` (bouwstenennotitie.pdf and .html, the
verantwoording.pdf and .html, tabellen.xlsx, kerncijfers.json and vingerafdruk.json) atomically.
Each chart is stored once per document: as vector graphics in the PDF and as inline SVG in the
HTML (one self-contained file); there is no separate figuren/ folder. :func:`generate_all` runs
regions in parallel and skips a region whose report was made from the same data, definitions
and code.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import duckdb

from woonzorg_analyse.definitions import Definitions, load_definitions
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.load.files import remove_stale, scratch_folder, swap_folder
from woonzorg_analyse.report.model import Rapport

KERNCIJFERS = "kerncijfers.json"
PDF = "bouwstenennotitie.pdf"
HTML = "bouwstenennotitie.html"
VERANTWOORDING_PDF = "verantwoording.pdf"
VERANTWOORDING_HTML = "verantwoording.html"
XLSX = "tabellen.xlsx"
FIGUREN = "figuren"  # no longer written (0.3): the HTML holds each chart, the PDF draws it


@dataclass(frozen=True)
class Resultaat:
    """What writing one region's report gave: where, how long, and its headline figures."""

    regio_type: str
    regio_code: str
    regio_naam: str
    map: Path
    seconden: float
    fictief: bool
    kerncijfers: dict[str, Any]
    ontbrekende_tabellen: tuple[str, ...] = ()


def connect(paths) -> duckdb.DuckDBPyConnection:
    """Return a read-only connection to the warehouse (see :func:`load.warehouse.connect`)."""
    from woonzorg_analyse.load.warehouse import connect as connect_warehouse

    return connect_warehouse(paths)


def region_folder(paths, regio_type: str, regio_code: str) -> Path:
    """Return the output folder of one region."""
    return Path(paths.reports) / regio_type / regio_code


def write_region(
    con: duckdb.DuckDBPyConnection,
    defs: Definitions,
    reports: Path,
    regio_type: str,
    regio_code: str,
    record: dict[str, str] | None = None,
) -> Resultaat:
    """Build the report of one region and write its files; return what was written.

    ``record`` (:func:`fingerprint_record`) is written beside them as vingerafdruk.json: what
    the report was made from, so that an unchanged region is skipped next time.
    """
    start = time.perf_counter()
    rapport, missing = build_region(con, defs, regio_type, regio_code)
    return write_rapport(rapport, missing, reports, record, start)


def build_region(
    con: duckdb.DuckDBPyConnection, defs: Definitions, regio_type: str, regio_code: str
) -> tuple[Rapport, tuple[str, ...]]:
    """Return the report of one region, read from the warehouse, and the marts it missed."""
    from woonzorg_analyse.report.chapters import build_report
    from woonzorg_analyse.report.context import make_context

    ctx = make_context(con, defs, regio_type, regio_code)
    return build_report(ctx), tuple(sorted(ctx.missing))


def write_rapport(
    rapport: Rapport,
    missing: tuple[str, ...],
    reports: Path,
    record: dict[str, str] | None = None,
    start: float | None = None,
) -> Resultaat:
    """Write the files of a built report (:func:`build_region`) under ``reports``; see
    :func:`write_region`. ``start``: when the region's work began (for its timing)."""
    from woonzorg_analyse.report.render import html as render_html
    from woonzorg_analyse.report.render import index
    from woonzorg_analyse.report.render import pdf as render_typst
    from woonzorg_analyse.report.render import xlsx as render_xlsx

    start = time.perf_counter() if start is None else start
    regio_type, regio_code = rapport.regio_type, rapport.regio_code
    target = Path(reports) / regio_type / regio_code
    remove_stale(target.parent, (f".{regio_code}.",))
    scratch = scratch_folder(target.parent, f".{regio_code}.")
    try:
        # each chart once per document, drawn by the same Typst code: vector graphics in the PDF,
        # inline SVG in the HTML (which must stay one file); no separate figure files beside them
        figuren = [f for f in rapport.figuren() if f.figuur]
        for figuur, svg in zip(figuren, render_typst.render_svgs(figuren), strict=True):
            figuur.svg = svg
        (scratch / PDF).write_bytes(render_typst.render_pdf(rapport, "notitie"))
        (scratch / HTML).write_text(render_html.render_html(rapport, "notitie"), encoding="utf-8")
        forget_layouts()  # the verantwoording is the largest compile: start it without the notitie's
        (scratch / VERANTWOORDING_PDF).write_bytes(render_typst.render_pdf(rapport, "verantwoording"))
        (scratch / VERANTWOORDING_HTML).write_text(
            render_html.render_html(rapport, "verantwoording"), encoding="utf-8"
        )
        (scratch / XLSX).write_bytes(render_xlsx.render_xlsx(rapport))
        (scratch / KERNCIJFERS).write_text(index.summary_json(rapport), encoding="utf-8")
        if record is not None:
            (scratch / VINGERAFDRUK).write_text(_record_text(record), encoding="utf-8")
        swap_folder(scratch, target)
    finally:
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
    return Resultaat(
        regio_type=regio_type,
        regio_code=regio_code,
        regio_naam=rapport.regio_naam,
        map=target,
        seconden=time.perf_counter() - start,
        fictief=rapport.fictief,
        kerncijfers=rapport.kerncijfers,
        ontbrekende_tabellen=missing,
    )


# Typst keeps the layout of a compile until ten later compiles have run (the typst package calls
# comemo::evict(10) after each); that many empty documents let it go. Each walks the whole cache:
# 0,1-0,3 s after a region's notitie.
_EVICT_AFTER = 10


def forget_layouts() -> None:
    """Let Typst free what it memoised of earlier compiles in this process."""
    import typst

    from woonzorg_analyse.report.render.pdf import fonts

    for _ in range(_EVICT_AFTER + 1):
        typst.compile(b"", font_paths=fonts(), ignore_system_fonts=True)


def generate(paths, regio_type: str, regio_code: str, defs: Definitions | None = None) -> Resultaat:
    """Write the report of one region under ``paths.reports``; return what was written."""
    from woonzorg_analyse.report.render import index

    defs = defs or load_definitions(paths.definitions)
    with connect(paths) as con:
        data = data_fingerprints(con, [(regio_type, regio_code)])[(regio_type, regio_code)]
        record = fingerprint_record(_build_fingerprint(paths), defs.checksum(), data)
        result = write_region(con, defs, paths.reports, regio_type, regio_code, record=record)
    index.write_index(paths.reports, defs, index.load_grenzen(paths.warehouse))
    return result


def regions(
    paths, regio_types: list[str] | None = None, defs: Definitions | None = None
) -> list[tuple[str, str, str]]:
    """Return (regio_type, regio_code, regio_naam) of the regions of ``regio_types`` (default: the
    ``rapport_regio_types`` of definitions.yaml); UsageError for an unknown type."""
    from woonzorg_analyse.report.context import regio_list

    defs = defs or load_definitions(paths.definitions)
    regio_types = list(regio_types or defs.instellingen.rapport_regio_types)
    with connect(paths) as con:
        known = {r[0] for r in con.execute("select distinct regio_type from ref_regio").fetchall()}
        unknown = [t for t in regio_types if t not in known]
        if unknown:
            raise UsageError(f"onbekend regiotype: {', '.join(unknown)} (bekend: {', '.join(sorted(known))})")
        return regio_list(con, regio_types)


# --- fingerprints ---------------------------------------------------------------------------------

VINGERAFDRUK = "vingerafdruk.json"
# the libraries whose version changes the bytes of a report (Typst lays out, xlsxwriter writes the
# workbook, matplotlib ships the fonts, DuckDB and pandas hand over the numbers)
_LIBRARIES = ("typst", "xlsxwriter", "matplotlib", "duckdb", "pandas")


@cache
def code_fingerprint() -> str:
    """Return a hash of the code a report is made with: every Python and SQL file of the package,
    the templates, and the versions of the libraries that write the files."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    package = Path(__file__).parents[1]
    for code in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".sql", ".typ") and p.is_file()):
        digest.update(code.relative_to(package).as_posix().encode() + b"\0" + code.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


# What a report reads besides its region's rows, and how much of it: the staged inputs and the
# input file list only for the region's own files (int__regio_invoerbestand), the build's metadata
# without what describes all inputs (the build's fingerprint, whether any file is fictitious: a
# report states its own, from rpt__versie). The other int__, agg__ and meta_ tables of the whole
# country it reads only through the report marts, which are hashed per region; a test
# (tests/integration/report/test_vingerafdruk.py) watches every query a report makes.
_PER_FILE = "bestand"
_BUILD_WIDE = {"meta_build": "sleutel not in ('vingerafdruk', 'fictief_voorbeeld')"}
_THROUGH_MARTS = ("int__", "agg__", "meta_tabel")


def data_fingerprints(
    con: duckdb.DuckDBPyConnection, todo: list[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """Return per region of ``todo`` a hash of every warehouse row its report may read: of a table
    with regio_type and regio_code the rows of that region; of a table with a bestand column (the
    staged inputs, the file list) the rows of the region's input files (int__regio_invoerbestand),
    and for every region the rows of a file no region names; of the references all rows; of
    meta_build all but what describes every input. Tables of the whole country that a report reads
    only through its marts (int__, agg__, meta_tabel without a region) are left out, so that a
    supply delivery of one region leaves the others' hashes unchanged. One query per table."""
    from woonzorg_analyse.report.context import INVOERBESTANDEN

    columns: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() where not internal order by all"
    ).fetchall():
        columns.setdefault(table, set()).add(column)
    files: dict[tuple[str, str], list[str]] = {region: [] for region in todo}
    listed: set[str] = set()  # the files of any region; a staged row of another is hashed for all
    if INVOERBESTANDEN in columns:
        for regio_type, regio_code, bestand in con.execute(
            f"select regio_type, regio_code, bestand from {INVOERBESTANDEN} order by all"
        ).fetchall():
            files.get((regio_type, regio_code), []).append(bestand)
            listed.add(bestand)
    shared = hashlib.sha256()
    per_region = {region: hashlib.sha256() for region in todo}
    for table in sorted(columns):
        name = '"' + table.replace('"', '""') + '"'
        if {"regio_type", "regio_code"} <= columns[table]:
            rows = con.execute(
                f"select regio_type, regio_code, count(*), sum(hash(t)::hugeint) from {name} as t "
                "group by all order by all"
            ).fetchall()
            found = {(t, c): (n, h) for t, c, n, h in rows}
            for region, digest in per_region.items():
                digest.update(f"{table}:{found.get(region, (0, 0))}".encode())
        elif _PER_FILE in columns[table]:
            rows = con.execute(
                f"select {_PER_FILE}, count(*), sum(hash(t)::hugeint) from {name} as t group by all"
            ).fetchall()
            found = {bestand: (n, h) for bestand, n, h in rows}
            for region, digest in per_region.items():
                for bestand in files[region]:
                    digest.update(f"{table}:{bestand}:{found.get(bestand, (0, 0))}".encode())
            for bestand, counted in sorted(found.items(), key=lambda item: str(item[0])):
                if bestand not in listed:
                    shared.update(f"{table}:{bestand}:{counted}".encode())
        elif table.startswith(_THROUGH_MARTS):
            continue
        else:
            where = _BUILD_WIDE.get(table, "true")
            count, total = con.execute(
                f"select count(*), sum(hash(t)::hugeint) from {name} as t where {where}"
            ).fetchall()[0]
            shared.update(f"{table}:{count}:{total}".encode())
    common = shared.hexdigest()
    return {
        region: hashlib.sha256((common + digest.hexdigest()).encode()).hexdigest()
        for region, digest in per_region.items()
    }


def fingerprint_record(build: str, definities: str, data: str) -> dict[str, str]:
    """Return what a region's report was made from: the build, the definitions, the code, its data."""
    return {"build": build, "definities": definities, "code": code_fingerprint(), "data": data}


def _read_record(folder: Path) -> dict[str, str]:
    try:
        record = json.loads((folder / VINGERAFDRUK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _record_text(record: dict[str, str]) -> str:
    return json.dumps(record, indent=2, sort_keys=True) + "\n"


def _build_fingerprint(paths) -> str:
    try:
        return json.loads(Path(paths.fingerprint).read_text(encoding="utf-8")).get("fingerprint", "")
    except (OSError, ValueError):
        return ""


def stale_regions(
    paths, defs: Definitions, todo: list[tuple[str, str, str]], force: bool = False
) -> tuple[list[tuple[str, str, str]], dict[tuple[str, str], str]]:
    """Return the regions of ``todo`` whose report must be written and the data fingerprint of
    each region (empty when not needed).

    A region is up to date when its folder holds every file and a fingerprint record
    (vingerafdruk.json) of the same definitions, code and data. When the build is the same too
    (the warehouse was not rebuilt) the data cannot have changed and is not read; otherwise the
    region's rows are hashed (:func:`data_fingerprints`), and a region whose data is the same gets
    its record updated to the new build instead of being written again.
    """
    build = _build_fingerprint(paths)
    definities = defs.checksum()
    code = code_fingerprint()
    if force:
        return list(todo), {}
    unsure = []
    for item in todo:
        folder = region_folder(paths, item[0], item[1])
        record = _read_record(folder)
        complete = all(
            (folder / name).is_file()
            for name in (PDF, HTML, VERANTWOORDING_PDF, VERANTWOORDING_HTML, XLSX, KERNCIJFERS)
        )
        if not complete or record.get("definities") != definities or record.get("code") != code:
            unsure.append((item, None))
        elif record.get("build") != build or not build:
            unsure.append((item, record))
    if not unsure:
        return [], {}
    with connect(paths) as con:
        data = data_fingerprints(con, [(t, c) for (t, c, _), _ in unsure])
    stale = []
    for item, record in unsure:
        key = (item[0], item[1])
        if record is not None and record.get("data") == data[key]:
            from woonzorg_analyse.load.files import atomic_write_text

            folder = region_folder(paths, item[0], item[1])
            atomic_write_text(
                folder / VINGERAFDRUK, _record_text(fingerprint_record(build, definities, data[key]))
            )
        else:
            stale.append(item)
    order = {(t, c): i for i, (t, c, _) in enumerate(todo)}
    return sorted(stale, key=lambda r: order[(r[0], r[1])]), data


# --- parallel --------------------------------------------------------------------------------------

# Imported once by the forkserver, so that every worker forked from it starts with them loaded
# (and shares their memory pages) instead of importing them again.
PRELOAD = [
    "woonzorg_analyse.report.writer",
    "woonzorg_analyse.report.chapters",
    "woonzorg_analyse.report.context",
    "woonzorg_analyse.report.render.pdf",
    "woonzorg_analyse.report.render.html",
    "woonzorg_analyse.report.render.xlsx",
    "woonzorg_analyse.report.render.index",
    "woonzorg_analyse.extract.registry",
]


def preload() -> list[str]:
    """Return the modules the forkserver imports: :data:`PRELOAD` and every source module (a
    report names the source of each staged table from the source registry; importing the sources,
    and pandera with them, cost each worker 0,18 CPU s)."""
    import pkgutil

    from woonzorg_analyse.extract import sources

    return [*PRELOAD, *(f"{sources.__name__}.{m.name}" for m in pkgutil.iter_modules(sources.__path__))]


# Regions per worker process before it is replaced by a fresh one: Typst memoises the layout of
# every compile and keeps it for the next ten compiles (three per region), so a long-lived worker
# grows with the largest regions it rendered (1,3 GB after 14 regions). A worker per region ends
# with all of it returned; it starts from the forkserver in milliseconds. Keep it at 1 on Python
# 3.11: a value above 1 makes ProcessPoolExecutor hang once a worker reaches its limit while
# regions wait (CPython gh-115634, fixed only in later 3.13 releases and up); with 2 the report
# run stopped after the first regions. Long-lived workers were no faster either: all 42 regions
# in two workers of 21 regions took 96 CPU s against 79 with a worker per region (one pair of
# runs, 3 December 2026).
REGIONS_PER_WORKER = 1

_WORKER: dict[str, Any] = {}


def _init_worker(paths, defs: Definitions) -> None:
    _WORKER["defs"] = defs
    _WORKER["paths"] = paths


def _mp_context():
    """Forkserver where available, else spawn: never plain fork.

    Typst runs its own worker threads; a process forked after Typst ran in the parent inherits
    locks held by threads that do not exist in the child and can hang. A forkserver is started
    clean, before any Typst work, with the report modules imported (:data:`PRELOAD`), so workers
    start fast and safe. Each worker opens its own read-only warehouse connection per region and
    closes it once the region's report is read.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(preload())
    return context


def _work(reports: str, regio_type: str, regio_code: str, record: dict[str, str]) -> Resultaat:
    from woonzorg_analyse import memory

    start = time.perf_counter()
    with connect(_WORKER["paths"]) as con:
        rapport, missing = build_region(con, _WORKER["defs"], regio_type, regio_code)
    # the connection's buffers and the marts' frames are no longer needed: hand their memory back
    # before Typst lays out the documents on top of it (about 40 MB a worker with Limburg)
    memory.release()
    return write_rapport(rapport, missing, Path(reports), record, start)


def generate_all(
    paths,
    regio_types: list[str] | None = None,
    jobs: int = 2,
    codes: list[str] | None = None,
    progress=None,
    force: bool = False,
) -> dict[str, Any]:
    """Write the report of every region of ``regio_types`` (only ``codes`` when given) whose
    report is missing or was made from other data, definitions or code (every region with
    ``force``), and refresh ``reports/index.html`` (which lists every report present under
    ``paths.reports``) when a report was written or the index is missing.

    Runs ``jobs`` worker processes (each with its own read-only connection). Returns the
    timings: ``{"regios": written, "overgeslagen": up to date, "jobs": jobs, "seconden": wall
    time, "per_regio": wall / written, "resultaten": [Resultaat, ...]}``, the results in region
    order.
    """
    from woonzorg_analyse.report.render import index

    start = time.perf_counter()
    defs = load_definitions(paths.definitions)
    todo = regions(paths, regio_types, defs)
    if codes:
        wanted = set(codes)
        todo = [r for r in todo if r[1] in wanted]
    stale, data = stale_regions(paths, defs, todo, force=force)
    if stale and not data:
        with connect(paths) as con:
            data = data_fingerprints(con, [(t, c) for t, c, _ in stale])
    build, definities = _build_fingerprint(paths), defs.checksum()
    records = {(t, c): fingerprint_record(build, definities, data[(t, c)]) for t, c, _ in stale}
    results: list[Resultaat] = []
    if jobs <= 1 or len(stale) <= 1:
        with connect(paths) as con:
            for regio_type, code, naam in stale:
                if progress:
                    progress(f"rapport {regio_type} {code} {naam}")
                results.append(
                    write_region(
                        con, defs, paths.reports, regio_type, code, record=records[(regio_type, code)]
                    )
                )
    else:
        with connect(paths) as con:
            sizes = dict(
                con.execute(
                    "select regio_type || '/' || regio_code, count(*) from int__regio_gemeente group by 1"
                ).fetchall()
            )
        # largest regions first, so the workers finish together instead of one waiting on Limburg
        order = sorted(stale, key=lambda r: (-sizes.get(f"{r[0]}/{r[1]}", 0), r[0], r[1]))
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=_mp_context(),
            initializer=_init_worker,
            initargs=(paths, defs),
            max_tasks_per_child=REGIONS_PER_WORKER,
        ) as pool:
            futures = {
                (t, c): pool.submit(_work, str(paths.reports), t, c, records[(t, c)]) for t, c, _ in order
            }
            for t, c, _ in stale:
                future = futures[(t, c)]
                result = future.result()
                if progress:
                    progress(f"rapport {t} {c} {result.regio_naam} ({result.seconden:.1f} s)")
                results.append(result)
    if results or not (Path(paths.reports) / "index.html").is_file():
        # the index reads only the reports' kerncijfers, the definitions and the boundaries in the
        # warehouse: when no report was written none of these changed
        index.write_index(paths.reports, defs, index.load_grenzen(paths.warehouse))
    wall = time.perf_counter() - start
    return {
        "regios": len(results),
        "overgeslagen": len(todo) - len(stale),
        "jobs": jobs,
        "seconden": round(wall, 3),
        "per_regio": round(wall / len(results), 3) if results else 0.0,
        "resultaten": results,
    }
