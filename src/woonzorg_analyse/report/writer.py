"""The writer of the bouwstenennotitie per region: content from the report marts, written as
PDF, HTML and XLSX.

Content (``chapters/``, ``charts.py``) is separate from writing (``render/``); this module is
the one writer: for a region it builds the report once, turns its figures into PNG once
(one Typst compile for all charts of the region; the PDF draws the same charts as vectors),
and writes ``reports/<regio_type>/<regio_code>/`` (bouwstenennotitie.pdf and .html, the
verantwoording.pdf and .html, tabellen.xlsx, figuren/*.png) atomically. :func:`generate_all`
runs regions in parallel.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import duckdb

from woonzorg_analyse.definitions import Definitions, load_definitions
from woonzorg_analyse.errors import UsageError
from woonzorg_analyse.load.files import remove_stale, scratch_folder, swap_folder

KERNCIJFERS = "kerncijfers.json"
PDF = "bouwstenennotitie.pdf"
HTML = "bouwstenennotitie.html"
VERANTWOORDING_PDF = "verantwoording.pdf"
VERANTWOORDING_HTML = "verantwoording.html"
XLSX = "tabellen.xlsx"
FIGUREN = "figuren"


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
    con: duckdb.DuckDBPyConnection, defs: Definitions, reports: Path, regio_type: str, regio_code: str
) -> Resultaat:
    """Build the report of one region and write its files; return what was written."""
    from woonzorg_analyse.report.chapters import build_report
    from woonzorg_analyse.report.context import make_context
    from woonzorg_analyse.report.render import html as render_html
    from woonzorg_analyse.report.render import index
    from woonzorg_analyse.report.render import pdf as render_typst
    from woonzorg_analyse.report.render import xlsx as render_xlsx

    start = time.perf_counter()
    ctx = make_context(con, defs, regio_type, regio_code)
    rapport = build_report(ctx)
    target = Path(reports) / regio_type / regio_code
    remove_stale(target.parent, (f".{regio_code}.",))
    scratch = scratch_folder(target.parent, f".{regio_code}.")
    try:
        (scratch / FIGUREN).mkdir()
        dpi = int(ctx.rapport.get("grafiek", {}).get("dpi", 150))
        figuren = [f for f in rapport.figuren() if f.figuur]
        for figuur, png in zip(figuren, render_typst.render_pngs(figuren, ppi=dpi), strict=True):
            figuur.png = png
            (scratch / FIGUREN / f"{figuur.sleutel}.png").write_bytes(png)
        (scratch / PDF).write_bytes(render_typst.render_pdf(rapport, "notitie"))
        (scratch / HTML).write_text(render_html.render_html(rapport, "notitie"), encoding="utf-8")
        (scratch / VERANTWOORDING_PDF).write_bytes(render_typst.render_pdf(rapport, "verantwoording"))
        (scratch / VERANTWOORDING_HTML).write_text(
            render_html.render_html(rapport, "verantwoording"), encoding="utf-8"
        )
        (scratch / XLSX).write_bytes(render_xlsx.render_xlsx(rapport))
        (scratch / KERNCIJFERS).write_text(index.summary_json(rapport), encoding="utf-8")
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
        ontbrekende_tabellen=tuple(sorted(ctx.missing)),
    )


def generate(paths, regio_type: str, regio_code: str, defs: Definitions | None = None) -> Resultaat:
    """Write the report of one region under ``paths.reports``; return what was written."""
    from woonzorg_analyse.report.render import index

    defs = defs or load_definitions(paths.definitions)
    with connect(paths) as con:
        result = write_region(con, defs, paths.reports, regio_type, regio_code)
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


# --- parallel --------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(paths) -> None:
    _WORKER["defs"] = load_definitions(paths.definitions)
    _WORKER["con"] = connect(paths)


def _mp_context():
    """Forkserver where available, else spawn: never plain fork.

    Typst runs its own worker threads; a process forked after Typst ran in the parent inherits
    locks held by threads that do not exist in the child and can hang. A forkserver is started
    clean, before any Typst work, so workers start fast and safe. Each worker opens its own
    read-only warehouse connection.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return get_context("forkserver" if "forkserver" in methods else "spawn")


def _work(reports: str, regio_type: str, regio_code: str) -> Resultaat:
    return write_region(_WORKER["con"], _WORKER["defs"], Path(reports), regio_type, regio_code)


def generate_all(
    paths,
    regio_types: list[str] | None = None,
    jobs: int = 2,
    codes: list[str] | None = None,
    progress=None,
) -> dict[str, Any]:
    """Write the report of every region of ``regio_types`` (only ``codes`` when given), and
    refresh ``reports/index.html`` (which lists every report present under ``paths.reports``).

    Runs ``jobs`` worker processes (each with its own read-only connection). Returns the
    timings: ``{"regios": n, "jobs": jobs, "seconden": wall time, "per_regio": wall / n,
    "resultaten": [Resultaat, ...]}``, the results in region order.
    """
    from woonzorg_analyse.report.render import index

    defs = load_definitions(paths.definitions)
    todo = regions(paths, regio_types, defs)
    if codes:
        wanted = set(codes)
        todo = [r for r in todo if r[1] in wanted]
    start = time.perf_counter()
    results: list[Resultaat] = []
    if jobs <= 1 or len(todo) <= 1:
        with connect(paths) as con:
            for regio_type, code, naam in todo:
                if progress:
                    progress(f"rapport {regio_type} {code} {naam}")
                results.append(write_region(con, defs, paths.reports, regio_type, code))
    else:
        with connect(paths) as con:  # also fails early with a clear message without a warehouse
            sizes = dict(
                con.execute(
                    "select regio_type || '/' || regio_code, count(*) from int__regio_gemeente group by 1"
                ).fetchall()
            )
        # largest regions first, so the workers finish together instead of one waiting on Limburg
        order = sorted(todo, key=lambda r: (-sizes.get(f"{r[0]}/{r[1]}", 0), r[0], r[1]))
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=_mp_context(),
            initializer=_init_worker,
            initargs=(paths,),
        ) as pool:
            futures = {(t, c): pool.submit(_work, str(paths.reports), t, c) for t, c, _ in order}
            for t, c, _ in todo:
                future = futures[(t, c)]
                result = future.result()
                if progress:
                    progress(f"rapport {t} {c} {result.regio_naam} ({result.seconden:.1f} s)")
                results.append(result)
    index.write_index(paths.reports, defs, index.load_grenzen(paths.warehouse))
    wall = time.perf_counter() - start
    return {
        "regios": len(results),
        "jobs": jobs,
        "seconden": round(wall, 3),
        "per_regio": round(wall / len(results), 3) if results else 0.0,
        "resultaten": results,
    }
