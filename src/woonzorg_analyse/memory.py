"""Give freed memory back to the system during a build and in a report worker."""

from __future__ import annotations

import functools


def release() -> None:
    """Return the memory that pandas' Arrow columns freed to the system. Arrow's allocator keeps
    freed blocks for reuse, and a freed column of a million rows rarely fits the next one: with
    100x the deliveries that was hundreds of megabytes of resident memory under every later step
    of the build (its peak). Also what C's allocator keeps of freed memory (glibc's malloc_trim),
    such as a closed DuckDB connection's buffers."""
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    _trim()


def _trim() -> None:
    import contextlib

    with contextlib.suppress(OSError, AttributeError, TypeError):  # not glibc: nothing to hand back
        _libc().malloc_trim(0)


@functools.cache
def _libc():
    """C's library, found once: ``find_library`` runs ``ldconfig`` (2 ms, 71 times a build)."""
    import ctypes
    import ctypes.util

    return ctypes.CDLL(ctypes.util.find_library("c"))
