"""The benchmark's fair-share comparison (bench/eerlijk_aandeel.py) runs on a real build: the
project's step and plain DuckDB give the same rows. `make bench` is not part of `make test`, so
without this a change to the models could break the benchmark unseen."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_the_fair_share_benchmark_runs_and_both_ways_agree(mini_built):
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "eerlijk_aandeel.py"),
            str(mini_built / "data" / "processed"),
            str(mini_built / "definitions"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["rijen"] > 0 and result["modellen"] >= 5
    assert result["stap_cpu_s"] > 0 and result["kaal_duckdb_cpu_s"] > 0
