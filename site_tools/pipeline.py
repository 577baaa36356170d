"""The build, start to end: read like a table of contents."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from site_tools.content.validate import load_and_validate
from site_tools.errors import ContentError, Problem
from site_tools.outputs.assets import write_assets
from site_tools.outputs.host_headers import write_host_headers
from site_tools.outputs.html import render_pages
from site_tools.outputs.map import write_map_files
from site_tools.outputs.open_data import write_open_data
from site_tools.outputs.search_index import SearchIndexReport, build_search_index
from site_tools.outputs.write import SiteWriter
from site_tools.pages.plan import SiteIndex, plan_entry_pages, plan_pages, searchable_sections


@dataclass
class BuildReport:
    pages: int
    seconds: float
    problems: list[Problem]
    search: SearchIndexReport | None


def build_site(
    content_dir: Path, out: Path, today: dt.date, *, strict: bool = False, search: bool = True
) -> BuildReport:
    """Build the whole site into `out`, or leave `out` as it was and raise.

    `search=False` skips the search index, for quick local previews.
    """
    started = time.perf_counter()
    # 1. Load and validate every record; any error stops the build with all problems listed.
    result = load_and_validate(content_dir, today)
    if result.failed(strict) or result.content is None:
        raise ContentError(result.problems)
    # 2. Plan the pages: every page once, without language; and the language-neutral entry pages.
    index = SiteIndex(result.content, today)
    specs = plan_pages(index)
    entry_specs = plan_entry_pages(index)
    # 3. Write into a staging folder that replaces `out` only if everything succeeds.
    with SiteWriter(out, protect=[content_dir]) as writer:
        assets = write_assets(writer, result.content, search=search)
        write_host_headers(writer, result.content.site)  # /_headers: the security policy for the host
        write_open_data(writer, result.content)  # /data/*.geojson
        assets.update(write_map_files(writer, result.content))  # Leaflet, map scripts, marker data
        rendered = render_pages(index, specs, entry_specs, writer, assets)
        # 4. Index the written pages for search, one index per language; check every page got in.
        search_report = None
        if search:
            searchable = {language: rendered.searchable[language] for language in result.content.site.languages}
            search_report = build_search_index(writer.staging, searchable_sections(specs), searchable)
        writer.commit()
    return BuildReport(rendered.pages, time.perf_counter() - started, result.problems, search_report)
