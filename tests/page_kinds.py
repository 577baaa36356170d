"""The kinds of page of the example site, and how to open each in the state a resident sees it.

Shared by the audits (tests/pages/test_audits.py) and the phone screenshots (test_screenshots.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, Route

LANGUAGES = ["de", "en", "tr", "ar", "uk"]
KINDS = [
    "home",
    "offers list",
    "term page",
    "offer",
    "company",
    "venue",
    "static page",
    "contact page",
    "map",
    "search",
    "404",
    "entry page",
]
SEARCH_QUERY = "Beratung"  # in every language's index: German names and fallback text are indexed too


def first_record(site: Path, folder: str) -> str:
    """The first record of a kind that is still listed (an expired offer keeps a page, but is no kind of its own)."""
    for path in sorted((site / "de" / folder).glob("*/index.html")):
        if BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("[data-pagefind-body]"):
            return path.parent.name
    raise AssertionError(f"no listed record in {folder}")


def kind_paths(built_site: Path) -> dict[str, str]:
    """Each kind of page's address below /LANG/ (the entry page is "/" itself)."""
    topic = sorted(p.parent.name for p in (built_site / "de" / "topics").glob("*/index.html"))[0]
    return {
        "home": "",
        "offers list": "offers/",
        "term page": f"topics/{topic}/",
        "offer": f"offers/{first_record(built_site, 'offers')}/",
        "company": f"companies/{first_record(built_site, 'companies')}/",
        "venue": f"venues/{first_record(built_site, 'venues')}/",
        "static page": "about/",
        "contact page": "contact/",
        "map": "map/",
        "search": f"search/?q={SEARCH_QUERY}",
        "404": "404.html",
        "entry page": "",
    }


def _stay_home(tile: bytes | None) -> Callable[[Route], None]:
    """Anything from another host is refused, so nothing leaves 127.0.0.1; map tiles get `tile` if given."""

    def handle(route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.hostname == "127.0.0.1":
            route.continue_()
        elif tile is not None and url.path.endswith(".png"):
            route.fulfill(body=tile, content_type="image/png")
        else:
            route.abort()

    return handle


def open_kind(
    browser: Browser,
    base: str,
    paths: dict[str, str],
    kind: str,
    language: str,
    font_size: int = 0,
    tile: bytes | None = None,
    **options: object,
) -> Page:
    """Open a kind of page in the state a resident sees it: the map after consent, the search with results."""
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.route("**/*", _stay_home(tile))
    page = context.new_page()
    if font_size:
        # The browser's own default font size (Settings → Appearance → Font size), as a resident sets it.
        context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": font_size}})
    if kind == "entry page":
        # "/" sends the browser to its language at once; the page itself is what it shows meanwhile
        # and without JavaScript, so its script is kept away.
        context.route("**/assets/site.*.js", lambda route: route.abort())
        page.goto(f"{base}/", wait_until="networkidle")
        return page
    page.goto(f"{base}/{language}/{paths[kind]}", wait_until="networkidle")
    if kind == "map":
        page.click("[data-map-load]")
        page.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
        # Clusters open and close with an animation: audit the map once it stands still.
        page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')")
    elif kind == "search":
        page.wait_for_selector(".pagefind-ui__result-link")
        page.click("summary.pagefind-ui__filter-name >> nth=0")
        page.wait_for_selector(".pagefind-ui__filter-block[open] .pagefind-ui__filter-checkbox")
    return page
