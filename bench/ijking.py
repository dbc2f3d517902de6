"""A fixed workload that says how fast the machine was when the benchmark ran.

The 2-core machine's speed varies by up to 40 % between hours (the same code took 54 and 82 CPU s
for all reports on one day). The benchmark measures this workload at its start and at its end,
so that two runs can be compared: a target missed by 20 % on a machine whose ijking is 40 % slower
than usual is a different finding from one missed on a fast machine. The workload uses no project
code, only the interpreter and DuckDB (one thread), and is the same in every run.

    python bench/ijking.py      # prints one JSON line
"""

from __future__ import annotations

import json
import time

RUNS = 3


def _python() -> int:
    total = 0
    for i in range(8_000_000):
        total = (total + i * 7919) % 1_000_003
    return total


def _duckdb() -> int:
    import duckdb

    con = duckdb.connect(config={"threads": 1})
    try:
        return con.execute(
            "select sum(hash(range % 1000)) from range(60000000) group by range % 7 order by 1 limit 1"
        ).fetchall()[0][0]
    finally:
        con.close()


def _best(work) -> float:
    """The lowest CPU seconds of ``RUNS`` runs of ``work`` (the least disturbed run)."""
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return round(min(times), 3)


def ijking() -> dict[str, float]:
    """Return the CPU seconds of the fixed Python and DuckDB workloads (best of three each)."""
    return {"python_cpu_s": _best(_python), "duckdb_cpu_s": _best(_duckdb)}


if __name__ == "__main__":
    print(json.dumps(ijking()))
