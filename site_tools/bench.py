"""Measure the pipeline on a large generated content folder and print the figures.

    python -m site_tools.bench                       # 10,000 companies, 3,000 offers, 500 venues
    python -m site_tools.bench --content /tmp/big    # an existing folder

Figures, not assertions: a busy machine makes timings vary, so no test fails on them.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import click

from site_tools.fake import generate_content
from site_tools.parallel import worker_count
from site_tools.paths import EXAMPLE_CONTENT, PROJECT_ROOT
from site_tools.pipeline import build_site
from site_tools.validate import PARALLEL_FROM, load_and_validate


def _folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def _timed(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _line(label: str, times: list[float], records: int) -> str:
    best = min(times)
    return (
        f"{label}: best {best:.2f} s, median {statistics.median(times):.2f} s"
        f" over {len(times)} runs ({records / best:,.0f} records/s at best)"
    )


def bench_validate(content: Path, repeat: int, today: dt.date) -> list[str]:
    """Time validation in-process and as the command people run; return the report lines."""
    result = load_and_validate(content, today, keep_content=False)
    records = result.records_checked
    workers = worker_count(records, PARALLEL_FROM)
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "validate", "--content", str(content)]
    return [
        f"records: {records:,}; problems: {len(result.errors):,} errors, {len(result.warnings):,} warnings;"
        f" worker processes: {workers}",
        _line(
            "python build.py validate (whole command, output to /dev/null)",
            _timed(lambda: subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), repeat),
            records,
        ),
        _line(
            "load and validate, keeping typed records (what a build needs)",
            _timed(lambda: load_and_validate(content, today), repeat),
            records,
        ),
        _line(
            "the same in one process (workers=1)",
            _timed(lambda: load_and_validate(content, today, workers=1), repeat),
            records,
        ),
    ]


def bench_build(content: Path, repeat: int, today: dt.date, scratch: Path) -> list[str]:
    """Time full builds (search index not counted); return the report lines."""
    out = scratch / "public"
    times, pages = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        pages = build_site(content, out, today).pages
        times.append(time.perf_counter() - started)
    files, size = _folder_size(out)
    best = min(times)
    return [
        f"build: best {best:.1f} s, median {statistics.median(times):.1f} s over {repeat} runs;"
        f" {pages:,} pages, {pages / best:,.0f} pages/s at best; output {files:,} files, {size / 1e6:,.0f} MB",
    ]


@click.command()
@click.option("--content", type=click.Path(path_type=Path, file_okay=False, exists=True), help="Existing folder.")
@click.option("--companies", default=10_000, show_default=True, help="Companies to generate.")
@click.option("--offers", default=3_000, show_default=True, help="Offers to generate.")
@click.option("--venues", default=500, show_default=True, help="Venues to generate.")
@click.option("--repeat", default=3, show_default=True, help="Runs per measurement; best and median are shown.")
@click.option("--build-runs", default=2, show_default=True, help="Full builds to time (0 skips the build).")
@click.option("--example", is_flag=True, help="Also time building the example site in content/.")
def main(
    content: Path | None, companies: int, offers: int, venues: int, repeat: int, build_runs: int, example: bool
) -> None:
    """Print how long validation takes on a large content folder.

    Example: python -m site_tools.bench --companies 10000 --offers 3000 --venues 500
    """
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="site-bench-") as scratch:
        if content is None:
            content = Path(scratch) / "content"
            started = time.perf_counter()
            generate_content(content, companies=companies, offers=offers, venues=venues, today=today)
            click.echo(
                f"generated {companies:,} companies, {offers:,} offers, {venues:,} venues"
                f" in {time.perf_counter() - started:.1f} s"
            )
        files, size = _folder_size(content)
        click.echo(f"content: {content} ({files:,} files, {size / 1e6:.1f} MB); {os.cpu_count()} CPU cores")
        for line in bench_validate(content, repeat, today):
            click.echo(line)
        if build_runs:
            for line in bench_build(content, build_runs, today, Path(scratch)):
                click.echo(line)
        if example:
            click.echo("example site (content/):")
            for line in bench_build(EXAMPLE_CONTENT, repeat, today, Path(scratch) / "example"):
                click.echo("  " + line)


if __name__ == "__main__":
    main()
