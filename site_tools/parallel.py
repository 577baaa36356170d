"""Share work between forked worker processes on Linux, or do it in this process.

Validation and rendering both run a function over chunks of a long list. With fork,
the workers inherit what the function needs (content, site, taxonomies) instead of
unpickling it; only the chunks and the results travel between processes.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_WORKERS = 8


def worker_count(jobs: int, parallel_from: int) -> int:
    """How many processes to use for `jobs`: one below `parallel_from` or without fork."""
    if jobs < parallel_from or sys.platform != "linux":
        return 1
    return min(os.cpu_count() or 1, MAX_WORKERS)


def map_chunks(
    function: Callable[[Shared, list[Item]], Result],
    shared: Shared,
    items: list[Item],
    workers: int,
    chunks_per_worker: int,
) -> list[Result]:
    """`function(shared, chunk)` for chunks of `items`, in `workers` processes (here if one).

    More chunks than workers even out chunks that take longer; `function` must be a
    module-level function so the workers can find it.
    """
    if workers <= 1:
        return [function(shared, items)]
    size = -(-len(items) // (workers * chunks_per_worker))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(shared,)) as pool:
        return pool.map(_run_chunk, [(function, chunk) for chunk in chunks])


_shared: Any = None


def _start_worker(shared: Any) -> None:
    global _shared
    _shared = shared


def _run_chunk(job: tuple[Callable[[Any, list[Any]], Any], list[Any]]) -> Any:
    function, chunk = job
    return function(_shared, chunk)
