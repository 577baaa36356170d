"""Index the written pages for full-text search with the Pagefind binary.

The binary reads the finished HTML: only elements marked `data-pagefind-body` (the main
content of record and static pages, see templates/base.html) are indexed, and every
language gets its own index from `<html lang>`. It is much faster than Pagefind's
Python API, which adds pages one at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pagefind_bin import get_executable

from site_tools.errors import BuildError

BUNDLE_DIR = "pagefind"
ENTRY_FILE = "pagefind-entry.json"  # lists each language's index
TIMEOUT_SECONDS = 1800  # a hung indexer must not hang a build on merge for ever
# The search page uses Pagefind's default UI, styled by css/search.css (Pagefind's own stylesheet
# is left to right only). The other UIs it writes would only be dead weight in the site.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.css",
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-highlight.js",
)


# Inside <main>, what is not worth finding: labels and headings that every page of a kind
# repeats, opening-hours tables, phone numbers and addresses of e-mail and web, the QR code,
# notes about the page itself, and on venue pages the offers (found on their own pages).
# Leaving them out makes results sharper ("Ausbildung" is not on every company page) and
# indexing faster, since Pagefind's time grows with the text it indexes.
NOT_CONTENT = (
    ".fallback-note",
    ".record-kind",
    ".record h2",
    ".record .facts dt",
    ".hours",
    ".open-now",
    ".contact",
    ".cards",
    ".qr-code",
    ".print-only",
    ".no-print",
    ".reviewed",
)


@dataclass
class SearchIndexReport:
    pages: int
    languages: int
    seconds: float


def build_search_index(site: Path, sections: list[str], expected: Mapping[str, int]) -> SearchIndexReport:
    """Index the searchable pages into `site`/pagefind/; raise BuildError if Pagefind fails.

    `sections` are the folders below /LANG/ that hold searchable pages ("offers/*", "about").
    `expected` says how many searchable pages each language has: an index that holds fewer
    (a page went missing while Pagefind read the folder) stops the build.
    `site` is the build's staging folder, so the index goes live together with the pages.

    Pagefind keeps only about one and a half cores busy, and every language's index is
    separate anyway (its files are named after the language), so one Pagefind process runs
    per language and the bundles are merged: 43 s instead of 64 s for the generated site.
    """
    started = time.perf_counter()
    parts = {language: site / f".{BUNDLE_DIR}-{language}" for language in expected}
    try:
        outputs = _run_all({language: _command(site, sections, language, part) for language, part in parts.items()})
        _check_space(site)
        pages = {language: _indexed_pages(language, output) for language, output in outputs.items()}
        entries = _merge(parts, site / BUNDLE_DIR)
    finally:
        for part in parts.values():
            shutil.rmtree(part, ignore_errors=True)
    _check_complete(entries, expected)
    for name in UNUSED_BUNDLE_FILES:
        (site / BUNDLE_DIR / name).unlink(missing_ok=True)
    return SearchIndexReport(sum(pages.values()), len(pages), time.perf_counter() - started)


def _command(site: Path, sections: list[str], language: str, output: Path) -> list[str]:
    return [
        str(get_executable()),
        *("--site", str(site), "--output-path", str(output)),
        *("--glob", f"{language}/{{{','.join(sections)}}}/index.html"),
        # Pagefind reads only <main>: quicker than walking header and footer to ignore them.
        *("--root-selector", "main"),
        # The command line takes one selector; a comma-separated list is one selector.
        *("--exclude-selectors", ", ".join(NOT_CONTENT)),
    ]


def _run_all(commands: dict[str, list[str]]) -> dict[str, str]:
    """Run the commands side by side, up to three per core; return each one's output.

    Up to three per core because each run leaves cores idle part of the time (measured:
    five runs on two cores beat two runs by a tenth).
    """
    waiting = list(commands.items())
    running: dict[str, tuple[subprocess.Popen[bytes], IO[bytes]]] = {}
    outputs: dict[str, str] = {}
    limit = max(2, 3 * (os.cpu_count() or 1))
    deadline = time.monotonic() + TIMEOUT_SECONDS
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(_kill_all, running)
        while waiting or running:
            while waiting and len(running) < limit:
                key, command = waiting.pop(0)
                # A file, not a pipe: a chatty run must not stall on a full pipe nobody reads yet.
                log = cleanup.enter_context(tempfile.TemporaryFile())
                try:
                    running[key] = (subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), log)
                except OSError as exc:
                    raise BuildError(f"could not run Pagefind ({command[0]}): {exc}") from exc
            for key, (process, output) in list(running.items()):
                if process.poll() is not None:
                    del running[key]
                    output.seek(0)
                    outputs[key] = output.read().decode("utf-8", "replace")
                    if process.returncode != 0:
                        raise BuildError(
                            f"Pagefind failed with exit code {process.returncode} ({key}):\n{outputs[key]}"
                        )
            if time.monotonic() > deadline:
                raise BuildError(f"Pagefind did not finish within {TIMEOUT_SECONDS} s: {', '.join(running)}")
            time.sleep(0.05)
    return outputs


def _kill_all(running: dict[str, tuple[subprocess.Popen[bytes], IO[bytes]]]) -> None:
    """After a failure, stop the runs still going."""
    for process, _ in running.values():
        process.kill()
        process.wait()


def _indexed_pages(language: str, output: str) -> int:
    found = re.search(r"Indexed (\d+) pages?", output)
    pages = int(found.group(1)) if found else 0
    if pages == 0 or "Did not find a data-pagefind-body" in output:
        # Without data-pagefind-body Pagefind indexes whole <body>s, menus and footers included.
        raise BuildError(f"no {language} page is marked data-pagefind-body for Pagefind:\n{output.strip()}")
    return pages


# Pagefind does not report a write that failed; with less room than this left, one may have.
MIN_FREE_BYTES = 1_000_000


def _check_space(site: Path) -> None:
    """Stop if the disk filled up while Pagefind wrote: its index may then be cut short without a word."""
    stats = os.statvfs(site)
    free = stats.f_bavail * stats.f_frsize
    if free < MIN_FREE_BYTES:
        raise BuildError(
            f"cannot write the search index into {site}: the disk is full ({free:,} bytes left);"
            " free some space and build again"
        )


def _check_complete(entries: Mapping[str, Any], expected: Mapping[str, int]) -> None:
    """Every page written for the index is in it, or the build stops (the site is not published)."""
    for language, wanted in expected.items():
        indexed = entries[language]["page_count"]
        if indexed != wanted:
            raise BuildError(
                f"the {language} search index holds {indexed} of {wanted} pages; the output folder changed"
                " while Pagefind read it (another program writing there?)"
            )


def _merge(parts: dict[str, Path], bundle: Path) -> dict[str, Any]:
    """Join one-language bundles into one: the language files side by side, one entry file listing all.

    Everything not named after a language (pagefind.js, the UI, wasm.unknown.pagefind) is the
    same in every part; a difference means the parts don't belong together.
    """
    entries = {}
    bundle.mkdir()
    for language, part in parts.items():
        try:
            entry = json.loads((part / ENTRY_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BuildError(f"Pagefind's {language} index is broken ({part / ENTRY_FILE}: {exc})") from None
        entries[language] = entry
        for source in sorted(path for path in part.rglob("*") if path.is_file() and path.name != ENTRY_FILE):
            target = bundle / source.relative_to(part)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                source.rename(target)
            elif target.read_bytes() != source.read_bytes():
                raise BuildError(f"Pagefind bundles differ in {target.relative_to(bundle)}; cannot merge them")
    for language, entry in entries.items():
        if list(entry["languages"]) != [language]:
            raise BuildError(f"Pagefind indexed {language} pages as {', '.join(entry['languages'])}; check <html lang>")
    first = next(iter(entries.values()))
    languages = {language: entry["languages"][language] for language, entry in entries.items()}
    merged = {**first, "languages": languages}  # in the site's order of languages, unlike Pagefind's own
    (bundle / ENTRY_FILE).write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return languages
