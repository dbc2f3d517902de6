"""Benchmark the build plus all aggregations on the embedded data: ``make bench``.

Each measurement runs in its own child process (so peak memory is that process's own maximum
resident set size, from ``os.wait4``), against a fresh temporary processed folder:

1. cold: a full build (load, validate, stage, warehouse, aggregations) from data/raw;
2. warm: the same build again with unchanged inputs (skipped by the content fingerprint);
3. aggregations: only ``aggregate.run_all`` on a copy of the built warehouse;
4. reports: ``woonzorg report --all`` (every woondealregio and koploperregio, two worker
   processes) from the built warehouse, per region on average;
5. full-size CBS: ``woonzorg build --bron cbs`` on a copy of the project with a generated
   snapshot of CBS 85980NED as large as the real table (32 million observations,
   :mod:`woonzorg_analyse.bench_cbs`).

Writes wall time and peak memory per measurement, the targets and whether they are met, to a
JSON results file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"koud_s": 10.0, "warm_s": 2.0, "piek_geheugen_mb": 1024.0, "rapport_per_regio_s": 1.0}
CBS_TARGETS = {"cbs_volledig_s": 60.0, "cbs_volledig_geheugen_mb": 2048.0}

_AGGREGATE_ONLY = """
import shutil, sys, time, duckdb
from pathlib import Path
from woonzorg_analyse.load import warehouse as aggregate
from woonzorg_analyse.definitions import load_definitions
source, work, definitions = map(Path, sys.argv[1:4])
shutil.copy(source, work / "warehouse.duckdb")
defs = load_definitions(definitions)
connection = duckdb.connect(str(work / "warehouse.duckdb"))
start = time.perf_counter()
aggregate.run_all(connection, defs, work / "parquet")
connection.close()
print(round(time.perf_counter() - start, 3))
"""


def run_child(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``args`` as a child process; return its wall time (s) and peak memory (MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stdout, stderr = process.stdout.read(), process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} faalde ({process.returncode}): {stderr.decode()[-2000:]}")
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return {
        "s": round(wall, 3),
        "piek_geheugen_mb": round(usage.ru_maxrss / divisor, 1),
        "uitvoer": stdout.decode().strip().splitlines()[-1:],
    }


def bench(root: Path) -> dict:
    """Return the benchmark figures for the project at ``root``."""
    root = root.resolve()
    with tempfile.TemporaryDirectory(prefix="woonzorg-bench-") as folder:
        processed = Path(folder) / "processed"
        env = {**os.environ, "WOONZORG_ROOT": str(root), "WOONZORG_PROCESSED": str(processed)}
        build = [sys.executable, "-c", "from woonzorg_analyse.cli import main; main()", "build"]
        cold = run_child(build, env)
        warm = run_child(build, env)
        work = Path(folder) / "aggregaties"
        work.mkdir()
        aggregations = run_child(
            [
                sys.executable,
                "-c",
                _AGGREGATE_ONLY,
                str(processed / "warehouse.duckdb"),
                str(work),
                str(root / "definitions"),
            ],
            env,
        )
        aggregations["run_all_s"] = float(aggregations.pop("uitvoer")[0])
        reports_dir = Path(folder) / "reports"
        cli = [sys.executable, "-c", "from woonzorg_analyse.cli import main; main()"]
        reports = run_child([*cli, "report", "--all", "--jobs", "2", "--uit", str(reports_dir)], env)
        regions = len(list(reports_dir.glob("*/*/bouwstenennotitie.pdf")))
        reports["regios"] = regions
        reports["per_regio_s"] = round(reports["s"] / max(regions, 1), 3)
        tables = sorted(p.stem for p in (processed / "parquet").glob("*.parquet"))
        rows = _row_counts(processed / "parquet")
        shutil.rmtree(work, ignore_errors=True)
    peak = max(cold["piek_geheugen_mb"], warm["piek_geheugen_mb"], aggregations["piek_geheugen_mb"])
    # the report workers are separate processes: the parent's peak is reported on its own

    return {
        "koud": cold,
        "warm": warm,
        "alleen_aggregaties": aggregations,
        "rapporten": reports,
        "piek_geheugen_mb": peak,
        "doelen": TARGETS,
        "gehaald": {
            "koud_s": cold["s"] <= TARGETS["koud_s"],
            "warm_s": warm["s"] <= TARGETS["warm_s"],
            "piek_geheugen_mb": peak <= TARGETS["piek_geheugen_mb"],
            "rapport_per_regio_s": reports["per_regio_s"] <= TARGETS["rapport_per_regio_s"],
        },
        "tabellen": len(tables),
        "rijen_agg": {name: rows[name] for name in tables if name.startswith("agg__")},
        "machine": {
            "cpu": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }


def bench_cbs(root: Path) -> dict:
    """Return the full-size CBS load: time, peak memory, the snapshot's size, targets met."""
    from woonzorg_analyse.bench_cbs import measure

    result = measure(root)
    return {
        "cbs_volledig": result,
        "doelen": CBS_TARGETS,
        "gehaald": {
            "cbs_volledig_s": result["s"] <= CBS_TARGETS["cbs_volledig_s"],
            "cbs_volledig_geheugen_mb": result["piek_geheugen_mb"] <= CBS_TARGETS["cbs_volledig_geheugen_mb"],
        },
    }


def _cbs_line(result: dict) -> str:
    from woonzorg_analyse.formatting import getal

    cbs = result["cbs_volledig"]
    return (
        f"volledige CBS 85980NED ({getal(cbs['snapshot']['waarnemingen'])} waarnemingen) laden: "
        f"{getal(cbs['s'], 1)} s, {getal(cbs['piek_geheugen_mb'])} MB"
    )


def _row_counts(folder: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    return {p.stem: pq.ParquetFile(p).metadata.num_rows for p in sorted(folder.glob("*.parquet"))}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the results file; print a Dutch summary."""
    parser = argparse.ArgumentParser(description="Meet bouw en aggregaties (tijd en piekgeheugen).")
    parser.add_argument(
        "--out", type=Path, default=Path("bench/results.json"), help="Resultatenbestand (JSON)."
    )
    parser.add_argument("--root", type=Path, default=Path(os.environ.get("WOONZORG_ROOT", ".")))
    parser.add_argument(
        "--alleen-cbs", action="store_true", help="Meet alleen het laden van de volledige CBS-tabel."
    )
    args = parser.parse_args(argv)
    cbs = bench_cbs(args.root)
    results = cbs if args.alleen_cbs else bench(args.root)
    if not args.alleen_cbs:
        results["cbs_volledig"] = cbs["cbs_volledig"]
        results["doelen"] = {**results["doelen"], **cbs["doelen"]}
        results["gehaald"] = {**results["gehaald"], **cbs["gehaald"]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.alleen_cbs:
        print(
            f"koud {results['koud']['s']:.2f} s, warm {results['warm']['s']:.2f} s, "
            f"aggregaties {results['alleen_aggregaties']['run_all_s']:.2f} s "
            f"(proces {results['alleen_aggregaties']['s']:.2f} s), "
            f"piekgeheugen {results['piek_geheugen_mb']:.0f} MB, "
            f"rapporten {results['rapporten']['per_regio_s']:.2f} s per regio "
            f"({results['rapporten']['regios']} regio's)"
        )
    print(f"{_cbs_line(results)} -> {args.out}")
    missed = [name for name, met in results["gehaald"].items() if not met]
    if missed:
        print(f"doel niet gehaald: {', '.join(missed)} (zie {args.out})")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
