"""Give freed memory back to the system during a build."""

from __future__ import annotations


def release() -> None:
    """Return the memory that pandas' Arrow columns freed to the system. Arrow's allocator keeps
    freed blocks for reuse, and a freed column of a million rows rarely fits the next one: with
    100x the deliveries that was hundreds of megabytes of resident memory under every later step
    of the build (its peak)."""
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
