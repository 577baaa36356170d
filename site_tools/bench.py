"""Measure the pipeline on a large generated content folder and print the figures.

    python -m site_tools.bench                       # 10,000 companies, 3,000 offers, 500 venues
    python -m site_tools.bench --content /tmp/big    # an existing folder

Figures, not assertions: a busy machine makes timings vary, so no test fails on them.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import click

from site_tools.fake import generate_content
from site_tools.load import load_content
from site_tools.validate import validate_content


def _folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def bench_validate(content: Path, repeat: int, today: dt.date) -> list[str]:
    """Time load and validation `repeat` times; return the report lines."""
    load_times, check_times = [], []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        raw = load_content(content)
        loaded = time.perf_counter()
        result = validate_content(raw, today)
        load_times.append(loaded - started)
        check_times.append(time.perf_counter() - loaded)
    assert result is not None
    totals = [load + check for load, check in zip(load_times, check_times, strict=True)]
    best = min(totals)
    return [
        f"validate, {repeat} runs: best {best:.2f} s, median {statistics.median(totals):.2f} s"
        f" ({result.records_checked / best:,.0f} records/s at best)",
        f"  load (read + parse YAML): best {min(load_times):.2f} s",
        f"  check (schema + references): best {min(check_times):.2f} s",
        f"  problems: {len(result.errors):,} errors, {len(result.warnings):,} warnings",
    ]


@click.command()
@click.option("--content", type=click.Path(path_type=Path, file_okay=False, exists=True), help="Existing folder.")
@click.option("--companies", default=10_000, show_default=True)
@click.option("--offers", default=3_000, show_default=True)
@click.option("--venues", default=500, show_default=True)
@click.option("--repeat", default=3, show_default=True, help="Runs per measurement; best and median are shown.")
def main(content: Path | None, companies: int, offers: int, venues: int, repeat: int) -> None:
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
        click.echo(f"content: {content} ({files:,} files, {size / 1e6:.1f} MB)")
        for line in bench_validate(content, repeat, today):
            click.echo(line)


if __name__ == "__main__":
    main()
