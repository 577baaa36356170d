"""Index the written pages for full-text search with the Pagefind binary.

The binary reads the finished HTML: only elements marked `data-pagefind-body` (the main
content of record and static pages, see templates/base.html) are indexed, and every
language gets its own index from `<html lang>`. It is much faster than Pagefind's
Python API, which adds pages one at a time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin import get_executable

from site_tools.errors import BuildError

BUNDLE_DIR = "pagefind"
# The search page uses Pagefind's default UI, styled by site.css (Pagefind's own stylesheet
# is left to right only). The other UIs it writes would only be dead weight in the site.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.css",
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-highlight.js",
)


@dataclass
class SearchIndexReport:
    pages: int
    languages: int
    seconds: float
    output: str


def build_search_index(site: Path) -> SearchIndexReport:
    """Write the search bundle to `site`/pagefind/; raise BuildError if Pagefind fails."""
    started = time.perf_counter()
    command = [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE_DIR]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BuildError(f"could not run Pagefind ({command[0]}): {exc}") from exc
    output = finished.stdout + finished.stderr
    if finished.returncode != 0:
        raise BuildError(f"Pagefind failed with exit code {finished.returncode}:\n{output.strip()}")
    pages = _count(r"Indexed (\d+) pages?", output)
    if pages == 0 or "Did not find a data-pagefind-body" in output:
        # Without data-pagefind-body Pagefind indexes whole <body>s, menus and footers included.
        raise BuildError(
            f"no page is marked data-pagefind-body, so Pagefind would index menus and footers:\n{output.strip()}"
        )
    for name in UNUSED_BUNDLE_FILES:
        (site / BUNDLE_DIR / name).unlink(missing_ok=True)
    shutil.rmtree(site / BUNDLE_DIR / "playground", ignore_errors=True)
    return SearchIndexReport(
        pages=pages,
        languages=_count(r"Indexed (\d+) languages?", output),
        seconds=time.perf_counter() - started,
        output=output,
    )


def _count(pattern: str, output: str) -> int:
    found = re.search(pattern, output)
    return int(found.group(1)) if found else 0
