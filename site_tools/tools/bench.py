"""Measure the pipeline on a large generated content folder and print the figures.

    python -m site_tools.tools.bench                       # 10,000 companies, 3,000 offers, 500 venues
    python -m site_tools.tools.bench --content /tmp/big    # an existing folder
    python -m site_tools.tools.bench --lighthouse          # Lighthouse on the example site (tools/lighthouse.py)

Figures, not assertions: a busy machine makes timings vary, so no test fails on them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import click

from site_tools.content.validate import PARALLEL_FROM, load_and_validate
from site_tools.outputs.search_index import BUNDLE_DIR
from site_tools.parallel import worker_count
from site_tools.paths import EXAMPLE_CONTENT, PROJECT_ROOT
from site_tools.pipeline import build_site
from site_tools.tools.fake import generate_content
from site_tools.tools.lighthouse import example_pages, run_lighthouse, score_table
from site_tools.tools.serve import serve_folder

# Pagefind's index files are gzip streams already; compressing them again gains nothing.
_PRECOMPRESSED = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")
# Debian's Chromium (apt-get install chromium), never Playwright's download; the tests use it too.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


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


def bench_build(content: Path, repeat: int, today: dt.date, out: Path) -> list[str]:
    """Time full builds, search index included, and the index on its own; return the report lines."""
    times, index_times, pages, indexed = [], [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        report = build_site(content, out, today)
        times.append(time.perf_counter() - started)
        pages = report.pages
        if report.search:
            index_times.append(report.search.seconds)
            indexed = report.search.pages
    files, size = _folder_size(out)
    index_files, index_size = _folder_size(out / BUNDLE_DIR)
    best = min(times)
    return [
        f"build: best {best:.1f} s, median {statistics.median(times):.1f} s over {repeat} runs;"
        f" {pages:,} pages, {pages / best:,.0f} pages/s at best; output {files:,} files, {size / 1e6:,.0f} MB",
        f"  of which the search index: best {min(index_times):.1f} s, median {statistics.median(index_times):.1f} s;"
        f" {indexed:,} pages indexed; {index_files:,} files, {index_size / 1e6:,.1f} MB",
    ]


def bench_first_search(site: Path, language: str, query: str) -> list[str]:
    """Bytes a visitor's browser fetches to open the search page and see the first results.

    Served locally without compression; Pagefind's index files are gzipped already, and for
    the rest the gzip size (what a host such as Netlify sends) is given too.
    """
    from playwright.sync_api import Response, sync_playwright  # a test dependency: only the benchmark needs it

    fetched: list[tuple[str, int, int]] = []

    def record(response: Response) -> None:
        body = response.body()
        fetched.append((response.url, len(body), len(gzip.compress(body, 6))))

    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("response", record)
        page.goto(f"{base}/{language}/search/", wait_until="networkidle")
        page_load = list(fetched)
        fetched.clear()
        started = time.perf_counter()
        page.locator(".pagefind-ui__search-input").fill(query)
        page.wait_for_selector(".pagefind-ui__result-link")
        page.wait_for_load_state("networkidle")
        seconds = time.perf_counter() - started
        results = page.inner_text(".pagefind-ui__message")
        browser.close()

    def total(responses: list[tuple[str, int, int]]) -> str:
        raw = sum(size for _, size, _ in responses)
        compressed = {kind: 0 for kind in ("site", "Pagefind code", "index data")}
        for url, size, gzipped in responses:
            path = urlsplit(url).path
            kind = "index data" if ".pf_" in path or path.endswith(".json") else "site"
            if path.startswith(f"/{BUNDLE_DIR}/") and kind == "site":
                kind = "Pagefind code"
            compressed[kind] += size if path.endswith(_PRECOMPRESSED) else gzipped
        parts = ", ".join(f"{kind} {size / 1e3:,.0f}" for kind, size in compressed.items() if size)
        return (
            f"{len(responses)} requests, {raw / 1e3:,.0f} kB as served here,"
            f" {sum(compressed.values()) / 1e3:,.0f} kB gzipped ({parts})"
        )

    return [
        f"search page /{language}/search/ before searching: {total(page_load)}",
        f"first search for {query!r} ({results.strip()}): {total(fetched)}; results shown after {seconds:.2f} s",
    ]


def bench_map(site: Path, language: str, repeat: int) -> list[str]:
    """Bytes the map page needs before any tile (gzipped, per marker) and time until markers show.

    Consent is given beforehand, as on a return visit; tile requests are answered with nothing
    (this machine has no internet), so the time is the site's own work: page, Leaflet, marker data.
    """
    import json

    from playwright.sync_api import Response, Route, sync_playwright

    data_file = next((site / "assets").glob("map.*.json"))
    data = json.loads(data_file.read_text(encoding="utf-8"))
    markers = len(data["companies"]["rows"]) + len(data["venues"]["rows"])
    fetched: list[tuple[str, int, int]] = []
    times: list[float] = []

    def record(response: Response) -> None:
        if urlsplit(response.url).netloc == urlsplit(base).netloc:
            body = response.body()
            fetched.append((response.url, len(body), len(gzip.compress(body, 6))))

    def no_tiles(route: Route) -> None:
        route.abort() if urlsplit(route.request.url).netloc != urlsplit(base).netloc else route.continue_()

    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for run in range(repeat):
            context = browser.new_context()
            context.add_init_script("localStorage.setItem('offene-tuer-map-consent', 'yes')")
            page = context.new_page()
            page.route("**/*", no_tiles)
            if run == 0:
                page.on("response", record)
            started = time.perf_counter()
            page.goto(f"{base}/{language}/map/", wait_until="commit")
            page.wait_for_selector(".leaflet-marker-icon", timeout=60_000)
            times.append(time.perf_counter() - started)
            page.wait_for_load_state("networkidle")
            context.close()
        browser.close()
    raw = sum(size for _, size, _ in fetched)
    gzipped = sum(size for _, _, size in fetched)
    largest = sorted(fetched, key=lambda item: -item[2])[:3]
    parts = ", ".join(f"{urlsplit(url).path} {size / 1e3:,.0f} kB" for url, _, size in largest)
    return [
        f"map page /{language}/map/ with {markers:,} markers: {len(fetched)} requests, {raw / 1e3:,.0f} kB as served,"
        f" {gzipped / 1e3:,.0f} kB gzipped = {gzipped / markers:.0f} bytes per marker (largest: {parts})",
        f"  markers visible after navigation: best {min(times):.2f} s, median {statistics.median(times):.2f} s"
        f" over {repeat} page loads (consent given, tiles not fetched)",
    ]


@click.command()
@click.option("--content", type=click.Path(path_type=Path, file_okay=False, exists=True), help="Existing folder.")
@click.option("--companies", default=10_000, show_default=True, help="Companies to generate.")
@click.option("--offers", default=3_000, show_default=True, help="Offers to generate.")
@click.option("--venues", default=500, show_default=True, help="Venues to generate.")
@click.option("--repeat", default=3, show_default=True, help="Runs per measurement; best and median are shown.")
@click.option("--build-runs", default=2, show_default=True, help="Full builds to time (0 skips the build).")
@click.option("--example", is_flag=True, help="Also time building the example site in content/.")
@click.option(
    "--site",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Measure the search and map pages of this built site and skip everything else.",
)
@click.option("--search-query", default="Mechatroniker", show_default=True, help="What the first search looks for.")
@click.option(
    "--lighthouse",
    is_flag=True,
    help="Only Lighthouse's scores of home, an offer, a company, map and search in de and ar"
    " (of --site, or of the example site built first).",
)
def main(
    content: Path | None,
    companies: int,
    offers: int,
    venues: int,
    repeat: int,
    build_runs: int,
    example: bool,
    site: Path | None,
    search_query: str,
    lighthouse: bool,
) -> None:
    """Print how long validation takes on a large content folder.

    Example: python -m site_tools.tools.bench --companies 10000 --offers 3000 --venues 500
    """
    today = dt.date.today()
    if lighthouse:
        with tempfile.TemporaryDirectory(prefix="site-lighthouse-") as scratch:
            if site is None:
                site = Path(scratch) / "public"
                build_site(EXAMPLE_CONTENT, site, today)
            for line in score_table(run_lighthouse(site, example_pages(site), CHROMIUM)):
                click.echo(line)
        return
    if site is not None:
        if (site / BUNDLE_DIR).is_dir():
            for line in bench_first_search(site, "de", search_query):
                click.echo(line)
        for line in bench_map(site, "de", repeat):
            click.echo(line)
        return
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
            out = Path(scratch) / "public"
            for line in bench_build(content, build_runs, today, out):
                click.echo(line)
            for line in bench_first_search(out, "de", search_query):
                click.echo(line)
            for line in bench_map(out, "de", repeat):
                click.echo(line)
        if example:
            click.echo("example site (content/):")
            for line in bench_build(EXAMPLE_CONTENT, repeat, today, Path(scratch) / "example" / "public"):
                click.echo("  " + line)


if __name__ == "__main__":
    main()
