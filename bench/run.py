"""``make bench``: measure every target of speed, memory and scale; write bench/results.json.

Every measurement runs the real command in a child process tree (bench/measure.py): CPU seconds
of the whole tree (report workers and Typst threads included; on the 2-core machine wall times
are noisy, CPU seconds much less), wall time, the peak memory of the largest process and of the
tree. The project's own data/raw is only read; everything is built in a temporary folder.

1. build --force on the embedded data;
2. every report (woonzorg report --all, two workers) from that build, into an empty folder;
   the whole country cold is 1 + 2;
3. an unchanged ``make analysis`` (its two commands) right after, and one after one figure of a
   delivery of aandachtsgroepen changed, and one after a supply delivery changed: whether each
   wrote exactly the reports of the regions that name the file (int__regio_invoerbestand);
4. the size of reports/, whether every PDF keeps its tags and every HTML is self-contained;
5. build --force on projects with 1, 10 and 100 times the delivery rounds (bench/schaal.py),
   and beside each the fair share two ways (bench/eerlijk_aandeel.py);
6. ``woonzorg build --bron cbs`` on a copy of the project with a generated snapshot of CBS
   85980NED as large as the real table (32 million observations,
   :mod:`woonzorg_analyse.bench_cbs`): wall time and peak memory (issue 16);
7. ``make test`` (the test suite as the Makefile runs it).

Before every measurement, and at the start and the end, it times a fixed workload
(bench/ijking.py; half the workload before a measurement, all of it at the start and the end)
that says how fast the machine then was: its speed varies by up to 1,7 times within one run, so
each measurement states its ``traagheid`` (how many times slower the machine was than at the
fastest of the ijkingen before the measurements). The targets count the measured figures.

    python bench/run.py [--out bench/results.json] [--zonder-tests] [--zonder-cbs] [--schalen 1 10 100]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from ijking import ijking, traagheid  # noqa: E402
from schaal import delivery_rows, make_scaled_project  # noqa: E402

MB = 1024 * 1024

# (meting, grootheid, grens, omschrijving) — the targets of issue 14
DOELEN = (
    ("build", "cpu_s", 6.0, "woonzorg build --force: CPU-seconden"),
    ("rapporten", "cpu_s", 40.0, "alle rapporten (42 regio's): CPU-seconden van de hele boom"),
    ("land_koud", "wall_s", 30.0, "heel Nederland koud, bouw plus alle rapporten: seconden (wand)"),
    ("analysis_ongewijzigd", "wall_s", 3.0, "make analysis zonder wijziging: seconden (wand)"),
    (
        "analysis_gewijzigd",
        "anders_dan_geraakt",
        0,
        "na een gewijzigde levering aandachtsgroepen: regio's anders geschreven dan geraakt",
    ),
    (
        "analysis_aanbod_gewijzigd",
        "anders_dan_geraakt",
        0,
        "na een gewijzigde levering aanbod: regio's anders geschreven dan geraakt",
    ),
    ("rapporten", "piek_proces_mb", 1024.0, "rapporten: piekgeheugen van het grootste proces (MB)"),
    ("rapporten", "piek_boom_mb", 1024.0, "rapporten: piekgeheugen van de hele boom (MB)"),
    ("reports", "mb", 60.0, "omvang van reports/ (MB)"),
    ("build_100x", "cpu_s", 25.0, "build --force met 100x de leverrondes: CPU-seconden"),
    ("build_100x", "piek_proces_mb", 1536.0, "build --force met 100x de leverrondes: piekgeheugen (MB)"),
    ("eerlijk_aandeel_1x", "verhouding", 1.5, "eerlijk aandeel 1x: stap / kale DuckDB"),
    ("eerlijk_aandeel_10x", "verhouding", 1.5, "eerlijk aandeel 10x: stap / kale DuckDB"),
    ("eerlijk_aandeel_100x", "verhouding", 1.5, "eerlijk aandeel 100x: stap / kale DuckDB"),
    ("test", "wall_s", 240.0, "make test: seconden (wand, 2 kernen)"),
    # issue 16: a user may fetch the whole CBS table
    ("cbs_volledig", "wall_s", 60.0, "volledige CBS 85980NED (32 mln. waarnemingen) laden: seconden (wand)"),
    ("cbs_volledig", "piek_proces_mb", 2048.0, "volledige CBS 85980NED laden: piekgeheugen (MB)"),
)


def measured(
    args: list[str], env: dict[str, str], cwd: Path | None = None, check: bool = True, regels: bool = False
) -> dict:
    """Return the measurement of ``args`` (bench/measure.py in a fresh process, so that the
    kernel's peak of one measurement is not that of an earlier one). With ``check`` a command
    that fails stops the benchmark; without, its exit code is part of the result. Each carries
    the ijking taken right before it (bench/ijking.py): how fast the machine then was."""
    calibration = ijking(kort=True)
    process = subprocess.run(
        [sys.executable, str(BENCH / "measure.py"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    lines = process.stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"meting faalde: {' '.join(args)}\n{process.stderr[-3000:]}")
    result = json.loads(lines[-1])
    if check and result["returncode"] != 0:
        raise RuntimeError(f"{' '.join(args)} faalde:\n{process.stderr[-3000:]}")
    if check:
        result.pop("returncode")
    result["uitvoer"] = process.stderr.strip().splitlines()[-3:]
    result["ijking"] = calibration
    if regels:  # every line, for the caller to read (not kept in the results)
        result["_regels"] = process.stderr.strip().splitlines()
    return result


def project_env(project: Path) -> dict[str, str]:
    """Return this environment with every path of the project at ``project`` (no WOONZORG_*
    folder of the caller's own project leaks in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WOONZORG_")}
    return {**env, "WOONZORG_ROOT": str(project)}


def cli() -> list[str]:
    """Return the command line of ``woonzorg`` in this environment."""
    script = Path(sys.executable).with_name("woonzorg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "woonzorg_analyse.cli"]


def folder_mb(folder: Path) -> float:
    """Return the size of the files below ``folder`` in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / MB


def sizes(reports: Path) -> dict:
    """Return the size of reports/ in MB, per kind of file, and the checks of the outputs."""
    kinds: dict[str, float] = {}
    for p in reports.rglob("*"):
        if p.is_file():
            kind = "figuren" if p.parent.name == "figuren" else p.suffix.lstrip(".")
            kinds[kind] = kinds.get(kind, 0.0) + p.stat().st_size / MB
    pdfs = sorted(reports.glob("*/*/*.pdf"))
    htmls = sorted(reports.glob("*/*/*.html"))
    tagged = all(_tagged(p.read_bytes()) for p in pdfs)
    contained = all(_self_contained(p.read_text(encoding="utf-8")) for p in htmls)
    return {
        "mb": round(folder_mb(reports), 1),
        "per_soort_mb": {k: round(v, 1) for k, v in sorted(kinds.items())},
        "pdf": len(pdfs),
        "pdf_met_tags": tagged,
        "html": len(htmls),
        "html_op_zichzelf": contained,
    }


def _tagged(pdf: bytes) -> bool:
    """Return whether a PDF says it is tagged (/MarkInfo /Marked true) and has a structure tree,
    in plain objects or in the compressed object streams the catalog is packed into."""
    import zlib

    text = [pdf]
    for match in re.finditer(rb"/Type\s*/ObjStm[^>]*>>\s*stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        with contextlib.suppress(zlib.error):
            text.append(zlib.decompress(pdf[match.end() : end]))
    body = b"".join(text)
    return b"/StructTreeRoot" in body and b"/Marked true" in body


def _self_contained(html: str) -> bool:
    """Return whether an HTML file loads nothing: no src or stylesheet other than data: URIs."""
    sources = re.findall(r'\b(?:src|data)\s*=\s*"([^"]*)"', html)
    links = re.findall(r"<link\b[^>]*>", html)
    return all(s.startswith("data:") for s in sources) and not any("stylesheet" in x for x in links)


def change_one_input(project: Path, name: str = "levering_aandachtsgroepen_WD24_2024.csv") -> str:
    """Change one figure of one delivery of ``project`` (and its checksum); return the file. The
    default is a delivery of aandachtsgroepen (a populatie above 20 gets one more), otherwise a
    supply delivery (the first capaciteit gets one more)."""
    import hashlib

    import yaml

    folder = project / "data" / "raw" / "gemeenten"
    path = folder / name
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = lines[0].strip().split(";")
    column = header.index("aantal" if "aantal" in header else "capaciteit")
    for number, line in enumerate(lines[1:], start=1):
        cells = line.split(";")
        figure = cells[column].strip()
        if (
            figure.isdigit()
            and ("laag" not in header or cells[header.index("laag")] == "populatie")
            and int(figure) > 20
        ):
            cells[column] = str(int(figure) + 1)
            lines[number] = ";".join(cells)
            break
    else:
        raise RuntimeError(f"{name}: geen cijfer om te wijzigen")
    path.write_text("".join(lines), encoding="utf-8")
    provenance = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))
    for entry in provenance["bestanden"]:
        if entry["bestand"] == path.name:
            entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "provenance.yaml").write_text(
        yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path.name


def rewritten(project: Path, changed: str, result: dict) -> dict:
    """Return which reports a rerun after ``changed`` wrote (its "Rapport geschreven:" lines) and
    skipped (its last line), the regions whose report names that file (int__regio_invoerbestand),
    and how many regions are in one of both and not in the other (None when the output cannot be
    read): a report written beyond them is work wasted, one not written is a stale report."""
    import duckdb

    from woonzorg_analyse.definitions import load_definitions

    lines = result.pop("_regels", [])
    types = list(load_definitions(project / "definitions").instellingen.rapport_regio_types)
    written = sorted(
        m.group(1) for m in (re.search(r"Rapport geschreven: .*/(\w+) \(", line) for line in lines) if m
    )
    summary = re.search(
        r"(\d+|geen) rapport(?:en)? geschreven.*?(?:(\d+) ongewijzigd overgeslagen|geen overgeslagen)",
        lines[-1] if lines else "",
    )
    with duckdb.connect(str(project / "data" / "processed" / "warehouse.duckdb"), read_only=True) as con:
        touched = [
            code
            for (code,) in con.execute(
                "select distinct regio_code from int__regio_invoerbestand where bestand = ? "
                "and list_contains(?, regio_type) order by 1",
                [f"gemeenten/{changed}", types],
            ).fetchall()
        ]
    consistent = summary is not None and len(written) == (
        0 if summary.group(1) == "geen" else int(summary.group(1))
    )
    return {
        "gewijzigd_bestand": changed,
        "geschreven": len(written),
        "overgeslagen": int(summary.group(2)) if summary and summary.group(2) else 0,
        "geraakte_regios": touched,
        "anders_dan_geraakt": len(set(written) ^ set(touched)) if consistent else None,
    }


def run(schalen: list[int], tests: bool, cbs: bool = True) -> dict:
    """Return every measurement and the targets."""
    results: dict = {"metingen": {}}
    m = results["metingen"]
    begin = ijking()  # how fast the machine is now (bench/ijking.py); again at the end
    with tempfile.TemporaryDirectory(prefix="woonzorg-bench-") as tmp:
        work = Path(tmp)
        project = make_scaled_project(work / "land", 1)
        env = project_env(project)
        woonzorg = cli()
        m["build"] = measured([*woonzorg, "build", "--force"], env)
        m["rapporten"] = measured([*woonzorg, "report", "--all", "--jobs", "2"], env)
        m["rapporten"]["regios"] = len(list((project / "reports").glob("*/*/bouwstenennotitie.pdf")))
        m["land_koud"] = {
            "wall_s": round(m["build"]["wall_s"] + m["rapporten"]["wall_s"], 2),
            "cpu_s": round(m["build"]["cpu_s"] + m["rapporten"]["cpu_s"], 2),
            # the machine over both: the mean of their ijkingen
            "ijking": {
                k: round((m["build"]["ijking"][k] + m["rapporten"]["ijking"][k]) / 2, 3)
                for k in m["build"]["ijking"]
            },
        }
        m["reports"] = sizes(project / "reports")
        analysis = ["sh", "-c", f"{woonzorg[-1]} build && {woonzorg[-1]} report --all"]
        m["analysis_ongewijzigd"] = measured(analysis, env)
        for meting, bestand in (
            ("analysis_gewijzigd", "levering_aandachtsgroepen_WD24_2024.csv"),
            ("analysis_aanbod_gewijzigd", "levering_aanbod_WD24_2024.csv"),
        ):
            changed = change_one_input(project, bestand)
            m[meting] = measured(analysis, env, regels=True)
            m[meting].update(rewritten(project, changed, m[meting]))
        for factor in schalen:
            scaled = project if factor == 1 else make_scaled_project(work / f"schaal{factor}", factor)
            build = measured([*woonzorg, "build", "--force"], project_env(scaled))
            build["leverrijen"] = delivery_rows(scaled)
            m[f"build_{factor}x"] = build
            calibration = ijking(kort=True)
            fair = subprocess.run(
                [
                    sys.executable,
                    str(BENCH / "eerlijk_aandeel.py"),
                    str(scaled / "data" / "processed"),
                    str(scaled / "definitions"),
                ],
                capture_output=True,
                text=True,
            )
            if fair.returncode != 0:
                raise RuntimeError(f"eerlijk aandeel {factor}x faalde:\n{fair.stderr[-3000:]}")
            m[f"eerlijk_aandeel_{factor}x"] = json.loads(fair.stdout.strip().splitlines()[-1])
            m[f"eerlijk_aandeel_{factor}x"]["ijking"] = calibration
            if scaled != project:
                shutil.rmtree(scaled)
        if cbs:
            from woonzorg_analyse.bench_cbs import make_project

            full = work / "cbs"
            snapshot = make_project(ROOT, full)
            m["cbs_volledig"] = measured([*woonzorg, "build", "--bron", "cbs"], project_env(full))
            m["cbs_volledig"]["snapshot"] = snapshot
            shutil.rmtree(full)
    if tests:
        # the README's test command itself (two pytest-xdist workers, see the Makefile)
        m["test"] = measured(
            ["make", "--no-print-directory", "test"],
            {**os.environ, "PYTEST_ADDOPTS": "-q -p no:cacheprovider"},
            ROOT,
            check=False,  # a failing suite is a measurement too: its exit code fails the target
        )
    results["machine"] = machine()
    # begin and end: the full workload; before each measurement (its "ijking"): half of it
    results["machine"]["ijking"] = {"begin": begin, "eind": ijking(), "per_meting": "half zo groot"}
    slow_down(m)
    results["doelen"] = targets(m)
    return results


TIMES = ("cpu_s", "wall_s")


def targets(m: dict) -> list[dict]:
    """Return every target with its measured value and whether it is met."""
    rows = []
    for meting, grootheid, grens, omschrijving in DOELEN:
        waarde = m.get(meting, {}).get(grootheid)
        failed = m.get(meting, {}).get("returncode", 0) != 0  # make test must also pass
        rows.append(
            {
                "doel": omschrijving,
                "meting": meting,
                "grootheid": grootheid,
                "grens": grens,
                "waarde": waarde,
                "gehaald": waarde is not None and waarde <= grens and not failed,
                # the machine's speed says something about a time, not about memory or a ratio
                "traagheid": m.get(meting, {}).get("traagheid") if grootheid in TIMES else None,
            }
        )
    reports = m.get("reports", {})
    for key, omschrijving in (
        ("pdf_met_tags", "elke PDF houdt zijn tags (toegankelijkheid)"),
        ("html_op_zichzelf", "elke HTML is één bestand dat niets laadt"),
    ):
        rows.append(
            {
                "doel": omschrijving,
                "meting": "reports",
                "grootheid": key,
                "grens": True,
                "waarde": reports.get(key),
                "gehaald": reports.get(key) is True,
            }
        )
    return rows


def slow_down(m: dict) -> None:
    """Give every measurement with an ijking its ``traagheid``: how many times slower the machine
    was right before it than at the fastest of the ijkingen before the measurements (1,0: as fast
    as then). The figures are not corrected by it; the targets count the measured figures."""
    taken = [v["ijking"] for v in m.values() if isinstance(v, dict) and "ijking" in v]
    if not taken:
        return
    fastest = {k: min(t[k] for t in taken) for k in ("python_cpu_s", "duckdb_cpu_s")}
    for value in m.values():
        if isinstance(value, dict) and "ijking" in value:
            value["traagheid"] = traagheid(value["ijking"], fastest)


def machine() -> dict:
    """Return what the figures were measured on."""
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    memory = 0
    with contextlib.suppress(OSError, IndexError, ValueError):
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    return {
        "cpu": cpu,
        "kernen": os.cpu_count(),
        "geheugen_mb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "belasting_1min": round(os.getloadavg()[0], 2),
        "pakketten": packages(),
        "datum": time.strftime("%Y-%m-%d %H:%M"),
    }


PACKAGES = ("duckdb", "pandas", "pandera", "pyarrow", "numpy", "typst", "matplotlib", "xlsxwriter", "pytest")


def packages() -> dict[str, str]:
    """Return the versions of the packages that decide the figures."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in PACKAGES:
        with contextlib.suppress(PackageNotFoundError):
            found[name] = version(name)
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, write the results and print the targets; exit 1 when one is missed."""
    parser = argparse.ArgumentParser(description="Meet snelheid, geheugen en schaal (issue 14).")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json", help="Resultatenbestand (JSON).")
    parser.add_argument("--schalen", type=int, nargs="+", default=[1, 10, 100], help="Schaalfactoren.")
    parser.add_argument("--zonder-tests", action="store_true", help="Sla het meten van make test over.")
    parser.add_argument(
        "--zonder-cbs", action="store_true", help="Sla het laden van de volledige CBS-tabel over."
    )
    args = parser.parse_args(argv)
    results = run(args.schalen, tests=not args.zonder_tests, cbs=not args.zonder_cbs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for row in results["doelen"]:
        mark = "gehaald " if row["gehaald"] else "NIET    "
        slower = (
            f"; machine {row['traagheid']}x zo traag als op zijn snelst in deze meting"
            if (row.get("traagheid") or 0) > 1.0
            else ""
        )
        print(f"{mark} {row['doel']}: {row['waarde']} (grens {row['grens']}{slower})")
    ijk = results["machine"]["ijking"]
    print(f"ijking (CPU s, Python / DuckDB, volle werklast): begin {ijk['begin']}, eind {ijk['eind']}")
    print(f"-> {args.out}")
    return 0 if all(row["gehaald"] for row in results["doelen"]) else 1


if __name__ == "__main__":
    sys.exit(main())
