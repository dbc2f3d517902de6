"""A fixed workload that says how fast the machine was when the benchmark measured.

The 2-core machine's speed varies a lot: on 2 December this workload took 0,70 CPU s at the start
of a ten-minute `make bench` and 0,41 s at its end, and the same code took 54 and 82 CPU s for all
reports at two hours of one day. The benchmark therefore times this workload right before every
measurement (:func:`ijking`, short) and at its start and end (long), and states per measurement
how much slower the machine then was than at the fastest of those short ijkingen
(:func:`traagheid`): a target missed on a machine 1,6 times slower than it can be is a different
finding from one missed on a fast machine. The workload uses no project code, only the interpreter
and DuckDB (one thread), and is the same in every run.

    python bench/ijking.py      # prints one JSON line
"""

from __future__ import annotations

import json
import time

RUNS = 3


def _python(scale: float) -> int:
    total = 0
    for i in range(int(8_000_000 * scale)):
        total = (total + i * 7919) % 1_000_003
    return total


def _duckdb(scale: float) -> int:
    import duckdb

    con = duckdb.connect(config={"threads": 1})
    try:
        return con.execute(
            "select sum(hash(range % 1000)) from range(?) group by range % 7 order by 1 limit 1",
            [int(60_000_000 * scale)],
        ).fetchall()[0][0]
    finally:
        con.close()


def _best(work, scale: float) -> float:
    """The lowest CPU seconds of ``RUNS`` runs of ``work`` (the least disturbed run)."""
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        work(scale)
        times.append(time.process_time() - start)
    return round(min(times), 3)


def ijking(kort: bool = False) -> dict[str, float]:
    """Return the CPU seconds of the fixed Python and DuckDB workloads (best of three each);
    ``kort``: half the work (about 1,5 s in all), taken before every measurement."""
    scale = 0.5 if kort else 1.0
    return {"python_cpu_s": _best(_python, scale), "duckdb_cpu_s": _best(_duckdb, scale)}


def traagheid(meting: dict[str, float], snelste: dict[str, float]) -> float:
    """Return how many times slower the machine was at ``meting`` than at ``snelste`` (the
    lowest time of each workload in the run): the mean of the two workloads' ratios."""
    ratios = [meting[k] / snelste[k] for k in ("python_cpu_s", "duckdb_cpu_s") if snelste.get(k)]
    return round(sum(ratios) / len(ratios), 2) if ratios else 1.0


if __name__ == "__main__":
    print(json.dumps(ijking()))
