"""Check the written site: every address a page points to on this site must be a file.

Run after the build (`python build.py check-links`) and in CI on every pull request, so a
renamed record or a template typo is caught before a visitor meets a 404 page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that hold an address on this site: links, sources, form targets, and the
# data-* attributes site.js loads files from (map data, Leaflet for the small maps).
LINK_ATTRIBUTES = frozenset({"href", "src", "action", "data-map-data", "data-leaflet-js", "data-leaflet-css"})


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page's path inside the site, e.g. de/offers/index.html
    line: int
    target: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.target} does not exist"


class _Addresses(HTMLParser):
    """Collects (line, address) for every site-relative address in one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value and value.startswith("/") and not value.startswith("//"):
                self.found.append((self.getpos()[0], value))


def _resolves(site: Path, address: str) -> bool:
    path = unquote(urlsplit(address).path)
    file = site / path.lstrip("/")
    return (file / "index.html").is_file() if path.endswith("/") else file.is_file()


def broken_links(site: Path) -> list[BrokenLink]:
    """Every site-relative address in every HTML page of `site` that is not a file, in page order."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Addresses()
        parser.feed(page.read_text(encoding="utf-8"))
        relative = page.relative_to(site).as_posix()
        broken += [BrokenLink(relative, line, target) for line, target in parser.found if not _resolves(site, target)]
    return broken
