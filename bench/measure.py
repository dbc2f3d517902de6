"""Run a command and measure its whole process tree: wall time, CPU seconds (user + system of
every process it started, report workers and Typst threads included), the peak resident memory
of its largest process and the peak of the tree (the sum over its live processes).

Linux only. The measuring process makes itself a *child subreaper* (prctl), so a grandchild
that outlives its parent (the multiprocessing forkserver, its workers) is re-parented to us
and reaped here: the kernel then adds its CPU time and peak memory to our RUSAGE_CHILDREN. The
largest process's peak is the kernel's (ru_maxrss: the resident set, exact). The tree's peak is
sampled from /proc every 250 ms: the sum of the proportional set size (PSS) of every live
descendant, so that a library page that two report workers share counts once, not twice.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36
MB = 1024 * 1024
SAMPLE_S = 0.25  # reading the PSS of a 500 MB process costs ~10 ms: a sample every 250 ms
# keeps the measuring under 5 % of a core; a report worker lives for seconds


@dataclass
class Meting:
    """One measured run."""

    wall_s: float
    cpu_s: float
    piek_proces_mb: float
    piek_boom_mb: float
    stdout: str
    stderr: str
    returncode: int

    def as_dict(self) -> dict[str, float]:
        """Return the figures (rounded) for results.json."""
        return {
            "wall_s": round(self.wall_s, 2),
            "cpu_s": round(self.cpu_s, 2),
            "piek_proces_mb": round(self.piek_proces_mb, 1),
            "piek_boom_mb": round(self.piek_boom_mb, 1),
        }


def _subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) faalde")


def _children(pid: int) -> list[int]:
    """Return the child processes of ``pid`` (of any of its threads): the kernel's own list, so
    that a sample reads a few small files, not the stat file of every process on the machine
    (which cost the measured run a core's worth of CPU)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def _pss(pid: int) -> int:
    """Return the proportional set size of ``pid`` in bytes (0 when it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _tree_memory(root: int) -> int:
    """Return the summed PSS (bytes) of every descendant of ``root``."""
    total, todo = 0, _children(root)
    while todo:
        pid = todo.pop()
        todo += _children(pid)
        total += _pss(pid)
    return total


def measure(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Meting:
    """Run ``args`` to its end (and every process it started); return what it cost."""
    _subreaper()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = os.getpid()
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_memory(me))
            done.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    sampler.start()
    process = subprocess.Popen(
        args, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stdout, stderr = process.communicate()
    # reap every orphan of the tree (re-parented to us as subreaper) before reading the usage
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest peak of any reaped descendant (kB on Linux)
    return Meting(
        wall_s=wall,
        cpu_s=cpu,
        piek_proces_mb=after.ru_maxrss * 1024 / MB,
        piek_boom_mb=peak[0] / MB,
        stdout=stdout,
        stderr=stderr,
        returncode=process.returncode,
    )


if __name__ == "__main__":
    import json
    import sys

    result = measure(sys.argv[1:])
    sys.stderr.write(result.stderr[-3000:])
    # the last lines of the command's own output follow on stderr too: pytest's summary, or each
    # region a report run wrote and its summary (bench/run.py reads them)
    sys.stderr.write("\n".join(result.stdout.strip().splitlines()[-200:]) + "\n")
    print(json.dumps({**result.as_dict(), "returncode": result.returncode}))
