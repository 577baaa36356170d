"""The campaign map in Chromium: nothing leaves the site before consent, then only tiles do.

The example content is built once with its tile URL pointed at a stand-in tile server on
127.0.0.1 (another port than the site), so "another host" can be counted for real.
"""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from browser_tools import axe_violations, collect_errors, serious_axe_violations, serve_folder
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, Route

from site_tools.content.validate import Content, load_and_validate
from site_tools.paths import EXAMPLE_CONTENT
from site_tools.pipeline import build_site
from site_tools.tools.netlify import read_host_rules

TODAY = dt.date(2026, 11, 21)
# A 1×1 PNG: what the stand-in answers for every tile.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


class _TileHandler(BaseHTTPRequestHandler):
    delay = 0.0  # seconds before each tile: a slow tile server, for tiles cancelled while loading

    def do_GET(self) -> None:
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _TileServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a tile the map cancelled (the browser hung up): nothing to report


@pytest.fixture(scope="module")
def tile_server() -> Iterator[str]:
    server = _TileServer(("127.0.0.1", 0), _TileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def map_build(tmp_path_factory: pytest.TempPathFactory, tile_server: str) -> Path:
    """The example site, its tile URL pointed at the stand-in."""
    root = tmp_path_factory.mktemp("map")
    content = root / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(text.replace("https://tile.openstreetmap.org/", f"http://{tile_server}/tiles/"))
    build_site(content, root / "public", TODAY, search=False)
    return root / "public"


@pytest.fixture(scope="module")
def map_site(map_build: Path) -> Iterator[str]:
    with serve_folder(map_build) as base:
        yield base


@pytest.fixture(scope="module")
def content() -> Content:
    loaded = load_and_validate(EXAMPLE_CONTENT, TODAY).content
    assert loaded is not None
    return loaded


def open_map(browser: Browser, url: str, **options: Any) -> tuple[Page, list[str], list[str]]:
    """Open a map page; return it, its console errors and every request to another host or port."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors = collect_errors(page)
    elsewhere: list[str] = []
    site = urlsplit(url).netloc
    page.on("request", lambda request: elsewhere.append(request.url) if urlsplit(request.url).netloc != site else None)
    page.goto(url, wait_until="networkidle")
    return page, errors, elsewhere


def visible_companies(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".map-group li:not([hidden]) a", "links => links.map(link => link.getAttribute('href'))"
        )
    )


def test_nothing_leaves_the_site_before_consent_then_only_tiles(
    browser: Browser, map_site: str, tile_server: str, content: Content
) -> None:
    page, errors, elsewhere = open_map(browser, f"{map_site}/de/map/")
    assert elsewhere == []  # not one request to another host before "Karte laden"
    assert page.locator("#map_offene_tuer").is_hidden()
    assert len(visible_companies(page)) == len(content.companies)  # the list works without the map
    page.click("[data-map-load]")
    page.wait_for_selector(".leaflet-tile-loaded")
    page.wait_for_load_state("networkidle")
    assert elsewhere and all(urlsplit(url).netloc == tile_server for url in elsewhere), elsewhere
    assert all(urlsplit(url).path.startswith("/tiles/") for url in elsewhere)
    markers = page.evaluate("() => window.offeneTuerMapLayers.companies.getLayers().length")
    venues = page.evaluate("() => window.offeneTuerMapLayers.venues.getLayers().length")
    assert (markers, venues) == (len(content.companies), len(content.venues))
    assert errors == []
    # The choice is remembered: the next visit loads the map without asking.
    page.reload(wait_until="networkidle")
    assert page.locator("#map_offene_tuer").is_visible()
    page.context.close()


def test_a_branch_filter_leaves_exactly_that_branch_and_the_address_keeps_it(
    browser: Browser, map_site: str, content: Content
) -> None:
    branch = "automotive"
    expected = {f"/de/companies/{i}/" for i, c in content.companies.items() if branch in c.branches}
    assert 0 < len(expected) < len(content.companies)
    page, errors, _ = open_map(browser, f"{map_site}/de/map/")
    page.click("[data-map-load]")
    page.select_option("#map-filter-branch", branch)
    page.wait_for_function(f"() => window.offeneTuerMapLayers.companies.getLayers().length === {len(expected)}")
    assert visible_companies(page) == expected
    assert parse_qs(urlsplit(page.url).query)["branch"] == [branch]
    # The filtered address opens the same state.
    again, _, _ = open_map(browser, page.url)
    assert again.input_value("#map-filter-branch") == branch
    assert visible_companies(again) == expected
    assert str(len(expected)) in again.inner_text("[data-map-count]")
    assert errors == []
    again.context.close()
    page.context.close()


def test_clicking_a_marker_opens_a_popup_that_links_the_company_page(browser: Browser, map_site: str) -> None:
    page, errors, _ = open_map(browser, f"{map_site}/en/map/?branch=automotive")
    page.click("[data-map-load]")
    page.wait_for_function(
        "() => window.offeneTuerMapLayers && window.offeneTuerMapLayers.companies.getLayers().length"
    )
    # Zoom until the first company's marker stands on its own, then click it like a visitor.
    title = page.evaluate(
        """() => new Promise((done) => {
            const layers = window.offeneTuerMapLayers;
            const marker = layers.companies.getLayers()[0];
            layers.companies.zoomToShowLayer(marker, () => done(marker.options.title));
        })"""
    )
    page.locator(f".leaflet-marker-icon[title='{title}']").click()
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    href = link.get_attribute("href") or ""
    assert href.startswith("/en/companies/")
    link.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").inner_text() == title
    assert errors == []
    page.context.close()


def test_the_arabic_map_page_is_right_to_left_and_intact(browser: Browser, map_site: str, tmp_path: Path) -> None:
    page, errors, _ = open_map(browser, f"{map_site}/ar/map/", viewport={"width": 390, "height": 844})
    page.click("[data-map-load]")
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.map-list')).direction") == "rtl"
    box = page.locator("#map_offene_tuer").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 250
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    page.screenshot(path=str(tmp_path / "map-ar.png"), full_page=True)  # kept by pytest for review
    assert errors == []
    page.context.close()


def test_without_javascript_the_page_lists_the_companies_by_district(
    browser: Browser, map_site: str, map_build: Path, content: Content
) -> None:
    page = BeautifulSoup((map_build / "de" / "map" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in page.select(".map-group a")]
    assert sorted(links) == sorted(f"/de/companies/{i}/" for i in content.companies)  # each once
    headings = [h3.get_text() for h3 in page.select(".map-list h3")]
    districts = {
        content.taxonomies["districts"][c.address.district].label.get("de")[0] for c in content.companies.values()
    }
    assert set(headings) == districts
    assert page.select_one("[data-map-filters]").has_attr("hidden")  # type: ignore[union-attr]
    no_script, _, elsewhere = open_map(browser, f"{map_site}/de/map/", java_script_enabled=False)
    assert no_script.locator(".map-group a").first.is_visible()
    assert no_script.locator("[data-map-filters]").is_hidden()
    assert elsewhere == []
    no_script.context.close()


def _shown_markers(page: Page) -> tuple[int, int]:
    return page.evaluate(  # type: ignore[no-any-return]
        "() => [window.offeneTuerMapLayers.companies.getLayers().length,"
        " window.offeneTuerMapLayers.venues.getLayers().length]"
    )


def _most_common_but_not_all(values: list[list[str]]) -> str:
    """The term that most (but not all) records have, so filtering by it must narrow the list."""
    counts = Counter(term for terms in values for term in set(terms))
    return next(term for term, n in counts.most_common() if n < len(values))


@pytest.mark.parametrize("name", ["occupation", "district", "language"])
def test_each_filter_leaves_exactly_the_matching_companies_and_venues(
    browser: Browser, map_site: str, content: Content, name: str
) -> None:
    """Occupation narrows companies only (venues have none); district and language narrow both."""

    def terms_of(place: Any) -> list[str]:
        if name == "occupation":
            return list(getattr(place, "occupations", []))
        return [place.address.district] if name == "district" else list(place.languages)

    value = _most_common_but_not_all([terms_of(c) for c in content.companies.values()])
    companies = {f"/de/companies/{i}/" for i, c in content.companies.items() if value in terms_of(c)}
    venues = [v for v in content.venues.values() if name == "occupation" or value in terms_of(v)]
    page, errors, _ = open_map(browser, f"{map_site}/de/map/")
    page.click("[data-map-load]")
    page.select_option(f"#map-filter-{name}", value)
    page.wait_for_function(
        f"() => window.offeneTuerMapLayers.companies.getLayers().length === {len(companies)}"
        f" && window.offeneTuerMapLayers.venues.getLayers().length === {len(venues)}"
    )
    assert visible_companies(page) == companies
    assert parse_qs(urlsplit(page.url).query)[name] == [value]
    again, _, _ = open_map(browser, page.url)  # the address keeps the filter
    assert visible_companies(again) == companies
    assert errors == []
    again.context.close()
    page.context.close()


def _open_at(slots: list[Any], moment: dt.datetime) -> bool:
    day = ["mo", "tu", "we", "th", "fr", "sa", "su"][moment.weekday()]
    return any(day in s.days and s.opens <= moment.time() < s.closes for s in slots)


@pytest.mark.parametrize("berlin_time", ["2026-11-24T15:30", "2026-11-28T11:00", "2026-11-22T03:00"])
def test_open_now_leaves_the_places_open_at_that_moment_in_berlin(
    browser: Browser, map_site: str, content: Content, berlin_time: str
) -> None:
    """A Tuesday afternoon, a Saturday morning and a Sunday night, with the browser's clock set."""
    moment = dt.datetime.fromisoformat(berlin_time)
    companies = {f"/de/companies/{i}/" for i, c in content.companies.items() if _open_at(c.open_door.hours, moment)}
    venues = [v for v in content.venues.values() if _open_at(v.opening_hours, moment)]
    # The browser lives in New York: the filter must still go by Berlin's time.
    context = browser.new_context(timezone_id="America/New_York")
    context.clock.set_fixed_time(moment.replace(tzinfo=ZoneInfo("Europe/Berlin")))
    page = context.new_page()
    page.goto(f"{map_site}/de/map/?open=1", wait_until="networkidle")
    page.click("[data-map-load]")
    assert page.is_checked("input[name=open]")
    page.wait_for_function(
        f"() => window.offeneTuerMapLayers.companies.getLayers().length === {len(companies)}"
        f" && window.offeneTuerMapLayers.venues.getLayers().length === {len(venues)}"
    )
    assert visible_companies(page) == companies
    assert f": {len(companies)}" in page.inner_text("[data-map-count]")
    context.close()


def _popup_text(page: Page, layer: str, title: str) -> str:
    """The text of this marker's popup (the one opened before may still be fading out)."""
    return page.evaluate(  # type: ignore[no-any-return]
        """([layer, title]) => new Promise((done) => {
            const group = window.offeneTuerMapLayers[layer];
            const marker = group.getLayers().find((m) => m.options.title === title);
            group.zoomToShowLayer(marker, () => {
                marker.openPopup();
                done(marker.getPopup().getElement().querySelector('.leaflet-popup-content').innerText);
            });
        })""",
        [layer, title],
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["Kfz und Mobilität und Handel", "Offene Tür:", "Di., Do. 15:00–17:00", "Sa. 10:00–12:00"]),
        ("en", ["Autohaus Kolbenring GmbH", "Open door:", "Tue, Thu 03:00 PM–05:00 PM", "Sat 10:00 AM–12:00 PM"]),
        ("ar", ["Autohaus Kolbenring GmbH", "الباب مفتوح:", "الثلاثاء والخميس 03:00 م–05:00 م", "السبت"]),
    ],
)
def test_a_company_popup_shows_its_open_door_times_in_the_page_language(
    browser: Browser, map_site: str, language: str, expected: list[str]
) -> None:
    page, errors, _ = open_map(browser, f"{map_site}/{language}/map/")
    page.click("[data-map-load]")
    page.wait_for_function("() => window.offeneTuerMapLayers.companies.getLayers().length > 0")
    text = _popup_text(page, "companies", "Autohaus Kolbenring GmbH")
    for part in expected:
        assert part in text, text
    if language == "ar":
        direction = page.evaluate("() => getComputedStyle(document.querySelector('.leaflet-popup-content')).direction")
        assert direction == "rtl"
    # A run of weekdays is one range, and a venue shows its opening hours.
    if language == "de":
        assert "Mo.–Fr. 14:00–16:00" in _popup_text(page, "companies", "Autohaus Nockenwelle Günnigfeld")
        page.keyboard.press("Escape")
    assert errors == []
    page.context.close()


def test_company_and_venue_pages_show_a_small_map_only_after_consent(
    browser: Browser, map_site: str, tile_server: str, content: Content
) -> None:
    company = content.companies["autohaus-kolbenring"]
    venue_id = sorted(content.venues)[0]
    page, errors, elsewhere = open_map(browser, f"{map_site}/de/companies/{company.id}/")
    box = page.locator("[data-place-map]")
    assert box.is_visible() and page.locator(".place-map-canvas").is_hidden()
    assert "tile.openstreetmap.org" not in box.inner_text()  # the sentence names the configured host
    assert tile_server.split(":")[0] in box.inner_text()
    assert page.locator("a", has_text="OpenStreetMap").get_attribute("href", timeout=1000)  # the plain link stays
    assert elsewhere == []
    assert page.evaluate("() => typeof window.L") == "undefined"  # Leaflet is not even fetched yet
    box.locator("[data-map-load]").click()
    page.wait_for_selector(".place-map .leaflet-tile-loaded")
    page.wait_for_load_state("networkidle")
    assert elsewhere and all(urlsplit(url).netloc == tile_server for url in elsewhere)
    marker = page.locator(".place-map .leaflet-marker-icon")
    assert marker.get_attribute("title") == company.name
    centre = page.evaluate("() => document.querySelector('[data-place-map]').placeMap.getCenter()")
    assert (round(centre["lat"], 4), round(centre["lng"], 4)) == (company.geo.lat, company.geo.lon)
    # One consent for every map: the venue page (in another language) loads its map at once.
    page.goto(f"{map_site}/ar/venues/{venue_id}/", wait_until="networkidle")
    page.wait_for_selector(".place-map .leaflet-marker-icon")
    assert page.locator(".place-map [data-map-load]").is_hidden()
    # Withdrawn on the privacy page, the question comes back.
    page.goto(f"{map_site}/de/privacy/", wait_until="networkidle")
    page.click("[data-consent-withdraw]")
    page.goto(f"{map_site}/de/companies/{company.id}/", wait_until="networkidle")
    assert page.locator(".place-map [data-map-load]").is_visible()
    assert page.locator(".place-map .leaflet-marker-icon").count() == 0
    assert errors == []
    page.context.close()


def test_without_javascript_a_company_page_has_no_map_box_but_the_openstreetmap_link(
    browser: Browser, map_site: str
) -> None:
    page, _, elsewhere = open_map(browser, f"{map_site}/de/companies/autohaus-kolbenring/", java_script_enabled=False)
    assert page.locator("[data-place-map]").is_hidden()
    assert page.locator("a", has_text="OpenStreetMap").is_visible()
    assert elsewhere == []
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_map_page_has_no_serious_accessibility_problems(browser: Browser, map_site: str, language: str) -> None:
    page, errors, _ = open_map(browser, f"{map_site}/{language}/map/?branch=automotive")
    page.click("[data-map-load]")
    page.wait_for_selector(".leaflet-marker-icon")
    assert serious_axe_violations(page) == []
    assert errors == []
    page.context.close()


def test_leaflet_waits_for_its_stylesheet_on_record_pages(browser: Browser, map_site: str) -> None:
    """A slow stylesheet once made Leaflet guess its marker images' address wrong (a 404, now and then)."""
    context = browser.new_context()

    def slow_stylesheet(route: Route) -> None:
        time.sleep(0.5)  # the script arrives first
        route.continue_()

    context.route("**/leaflet.css", slow_stylesheet)
    page = context.new_page()
    errors = collect_errors(page)
    page.goto(f"{map_site}/de/companies/autohaus-kolbenring/", wait_until="networkidle")
    page.click("[data-map-load]")
    page.wait_for_selector(".place-map .leaflet-marker-icon")
    page.wait_for_load_state("networkidle")
    icon = page.locator(".place-map .leaflet-marker-icon").get_attribute("src") or ""
    assert urlsplit(icon).path.endswith("/images/marker-icon.png"), icon
    assert errors == []
    context.close()


RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_zooming_while_tiles_load_breaks_no_rule_of_the_policy(browser: Browser, map_build: Path) -> None:
    """Leaflet cancels a tile by pointing it at an empty data: image; the policy built from site.yaml allows it."""
    with serve_folder(map_build, rules=read_host_rules(map_build)) as base:
        context = browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        context.add_init_script("localStorage.setItem('offene-tuer-map-consent', 'yes')")
        page = context.new_page()
        errors = collect_errors(page)
        page.goto(f"{base}/de/map/", wait_until="networkidle")
        page.wait_for_selector(".leaflet-marker-icon")
        _TileHandler.delay = 0.4
        try:
            for _ in range(4):  # zoom on before the tiles of the last zoom have come
                page.evaluate("() => { const map = window.offeneTuerMapLayers.map; map.setZoom(map.getZoom() + 1); }")
                page.wait_for_timeout(150)
            page.wait_for_load_state("networkidle")
        finally:
            _TileHandler.delay = 0.0
        assert page.evaluate("() => window.cspViolations") == []
        assert errors == []
        context.close()


# Issue 13, item 5: the map for phones, keyboards, screen readers and right-to-left pages.

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
LEAFLET_DEFAULT_FONT = "Helvetica"


def _load_map(browser: Browser, url: str, **options: Any) -> tuple[Page, list[str]]:
    page, errors, _ = open_map(browser, url, **options)
    page.click("[data-map-load]")
    page.wait_for_function("() => window.offeneTuerMapLayers && window.offeneTuerMapLayers.places.getLayers().length")
    _settle(page)
    return page, errors


def _settle(page: Page) -> None:
    """Wait until Leaflet has finished moving the map (fitBounds, autopan, zoom), counted by its events.

    Leaflet starts an animated zoom one frame after it is asked to: two frames first, then until
    every movestart has had its moveend and no zoom animation runs.
    """
    page.evaluate(
        """() => new Promise((done) => {
            const map = window.offeneTuerMapLayers.map;
            if (!map.__moves) {
                map.__moves = {open: 0};
                map.on('movestart', () => { map.__moves.open += 1; });
                map.on('moveend', () => { map.__moves.open = Math.max(0, map.__moves.open - 1); });
            }
            let frames = 0;
            const check = () => {
                frames += 1;
                const moving = map.__moves.open > 0 || map._animatingZoom || (map._panAnim && map._panAnim._inProgress)
                    || window.offeneTuerMapLayers.places._inZoomAnimation > 0
                    || map.getPane('mapPane').classList.contains('leaflet-cluster-anim');
                if (frames < 3 || moving) { requestAnimationFrame(check); } else { done(); }
            };
            requestAnimationFrame(check);
        })"""
    )


def _open_popup(page: Page, layer: str, title: str) -> None:
    page.evaluate(
        """([layer, title]) => new Promise((done) => {
            const group = window.offeneTuerMapLayers[layer];
            const marker = group.getLayers().find((m) => m.options.title === title);
            group.zoomToShowLayer(marker, () => { marker.openPopup(); done(); });
        })""",
        [layer, title],
    )
    page.locator(".leaflet-popup-content").wait_for()
    _settle(page)


def _view(page: Page) -> dict[str, Any]:
    return page.evaluate(  # type: ignore[no-any-return]
        """() => { const map = window.offeneTuerMapLayers.map; const b = map.getBounds();
            return {zoom: map.getZoom(), south: b.getSouth(), north: b.getNorth(),
                    west: b.getWest(), east: b.getEast()}; }"""
    )


def _inside(view: dict[str, Any], lat: float, lon: float) -> bool:
    return bool(view["south"] <= lat <= view["north"] and view["west"] <= lon <= view["east"])


def test_a_filter_fits_the_map_to_the_places_it_leaves(browser: Browser, map_site: str, content: Content) -> None:
    """Many matches: all in view, closer than the whole city; one: street level on it; none: a message, same view."""
    page, errors = _load_map(browser, f"{map_site}/de/map/", **PHONE)
    whole_city = _view(page)
    district = _most_common_but_not_all([[c.address.district] for c in content.companies.values()])
    page.click("[data-map-more] > summary")  # on a phone the filters are folded
    page.select_option("#map-filter-district", district)
    _settle(page)
    view = _view(page)
    places = [c for c in content.companies.values() if c.address.district == district]
    places += [v for v in content.venues.values() if v.address.district == district]
    assert all(_inside(view, float(p.geo.lat), float(p.geo.lon)) for p in places)
    assert view["zoom"] > whole_city["zoom"]
    others = [c for c in content.companies.values() if c.address.district != district]
    assert any(not _inside(view, float(c.geo.lat), float(c.geo.lon)) for c in others)
    # One company: a filter value only it has (venues switched off in the legend).
    name, single, only = _filter_with_one_company(content)
    page.select_option("#map-filter-district", "")
    page.uncheck("input[name=layer][value=venues]")
    page.select_option(f"#map-filter-{name}", single)
    _settle(page)
    view = _view(page)
    assert view["zoom"] == 16
    assert _inside(view, float(only.geo.lat), float(only.geo.lon))
    assert page.locator("[data-map-empty]").is_hidden()
    # Nothing left: the map stays where it was and says so.
    page.check("input[name=open]")
    before = _view(page)
    page.select_option("#map-filter-language", _language_nobody_with(content, only))
    _settle(page)
    assert page.evaluate("() => window.offeneTuerMapLayers.places.getLayers().length") == 0
    assert page.locator("[data-map-empty]").is_visible()
    assert "passt nichts" in page.inner_text("[data-map-empty]")
    assert _view(page) == before
    assert errors == []
    page.context.close()


def _filter_with_one_company(content: Content) -> tuple[str, str, Any]:
    """A filter and a value that exactly one company matches."""
    fields = {"occupation": "occupations", "branch": "branches", "language": "languages"}
    for name, field in fields.items():
        values = sorted({v for c in content.companies.values() for v in getattr(c, field)})
        for value in values:
            having = [c for c in content.companies.values() if value in getattr(c, field)]
            if len(having) == 1:
                return name, value, having[0]
    raise AssertionError("the example content has no filter value of exactly one company")


def _language_nobody_with(content: Content, company: Any) -> str:
    """A language spoken somewhere, but not at this company."""
    spoken = {code for c in content.companies.values() for code in c.languages}
    return sorted(spoken - set(company.languages))[0]


def _pin_style(page: Page, selector: str) -> dict[str, str]:
    return page.evaluate(  # type: ignore[no-any-return]
        """(selector) => { const style = getComputedStyle(document.querySelector(selector), '::before');
            return {radius: style.borderTopLeftRadius, transform: style.transform, colour: style.backgroundColor}; }""",
        selector,
    )


def test_company_and_venue_pins_differ_in_shape_and_colour_and_the_legend_names_both(
    browser: Browser, map_site: str
) -> None:
    page, errors = _load_map(browser, f"{map_site}/de/map/", **PHONE)
    # Shapes from the same rules the map's pins use, in the legend and on the map.
    company = _pin_style(page, ".map-legend .map-pin-company")
    venue = _pin_style(page, ".map-legend .map-pin-venue")
    assert company["radius"] == "50%" and company["transform"] == "none"  # round
    assert venue["transform"] != "none"  # a square turned on its corner
    assert company["colour"] != venue["colour"]
    legend = page.inner_text(".map-legend")
    assert "Betriebe mit offener Tür" in legend and "Beratungsstellen" in legend
    for kind, layer in (("company", "companies"), ("venue", "venues")):
        page.evaluate(
            """(layer) => new Promise((done) => {
                const group = window.offeneTuerMapLayers[layer];
                group.zoomToShowLayer(group.getLayers()[0], done);
            })""",
            layer,
        )
        _settle(page)
        on_map = _pin_style(page, f".leaflet-marker-icon.map-pin-{kind}")
        legend_pin = _pin_style(page, f".map-legend .map-pin-{kind}")
        assert (on_map["radius"], on_map["colour"]) == (legend_pin["radius"], legend_pin["colour"])
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_marker_and_cluster_is_a_target_of_24_px_that_overlaps_no_other(
    browser: Browser, map_site: str, language: str
) -> None:
    page, errors = _load_map(browser, f"{map_site}/{language}/map/", **PHONE)
    for zoom in (12, 14, 16):
        page.evaluate(  # around a company in a busy street, closer and closer
            f"""() => {{ const layers = window.offeneTuerMapLayers;
                const company = layers.companies.getLayers()
                    .find((m) => m.options.title === 'Autohaus Kolbenring GmbH');
                layers.map.setView(company.getLatLng(), {zoom}); }}"""
        )
        _settle(page)
        boxes = page.evaluate(
            """() => { const frame = document.querySelector('#map_offene_tuer').getBoundingClientRect();
                return [...document.querySelectorAll('.leaflet-marker-icon')]
                  .filter((m) => getComputedStyle(m).opacity !== '0').map((m) => m.getBoundingClientRect())
                  .filter((r) => r.right > frame.left && r.left < frame.right
                    && r.bottom > frame.top && r.top < frame.bottom)
                  .map((r) => [r.left, r.top, r.width, r.height]); }"""
        )
        assert boxes
        assert all(w >= 24 and h >= 24 for _, _, w, h in boxes), boxes
        for i, (x, y, w, h) in enumerate(boxes):
            for x2, y2, w2, h2 in boxes[i + 1 :]:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, (zoom, boxes)
    assert errors == []
    page.context.close()


def _focused(page: Page) -> str:
    return page.evaluate(  # type: ignore[no-any-return]
        """() => { const e = document.activeElement;
            return e.id || e.getAttribute('title') || e.getAttribute('aria-label') || e.className || e.tagName; }"""
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_keyboard_goes_from_consent_into_the_map_a_popup_and_back_to_its_marker(
    browser: Browser, map_site: str, language: str
) -> None:
    page, errors, _ = open_map(browser, f"{map_site}/{language}/map/?branch=automotive", **PHONE)
    page.focus("[data-map-load]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.offeneTuerMapLayers && window.offeneTuerMapLayers.places.getLayers().length")
    _settle(page)
    assert _focused(page) == "map_offene_tuer"  # not dropped to the page with the hidden button
    # Zoom buttons first, then the markers.
    page.keyboard.press("Tab")
    assert "leaflet-control-zoom-in" in page.evaluate("() => document.activeElement.className")
    page.keyboard.press("Tab")
    assert "leaflet-control-zoom-out" in page.evaluate("() => document.activeElement.className")
    page.keyboard.press("Tab")
    for _ in range(60):  # Tab on to the first company's marker; Enter on a cluster zooms in
        kind = page.evaluate("() => document.activeElement.className")
        if "map-pin" in kind:
            break
        if "map-cluster" in kind:
            page.keyboard.press("Enter")
            _settle(page)
            assert _focused(page) == "map_offene_tuer"
        page.keyboard.press("Tab")
    marker = _focused(page)
    assert "map-pin" in page.evaluate("() => document.activeElement.className")
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").wait_for()
    _settle(page)
    assert page.evaluate("() => document.activeElement.classList.contains('map-popup')")
    assert marker in page.inner_text(".leaflet-popup-content")
    page.keyboard.press("Tab")  # the link to the company page
    assert page.evaluate("() => document.activeElement.closest('.leaflet-popup') !== null")
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")  # after Leaflet's fade
    assert _focused(page) == marker
    page.keyboard.press("Tab")
    after = page.evaluate(
        """() => { const e = document.activeElement;
            return e !== document.body
                && e.matches('a[href], button, input, select, [tabindex="0"], [role=button]'); }"""
    )
    assert after, _focused(page)
    assert _focused(page) != marker
    assert errors == []
    page.context.close()


def _rect(page: Page, selector: str) -> dict[str, float]:
    return page.evaluate(  # type: ignore[no-any-return]
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }",
        selector,
    )


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("title", ["Autohaus Kolbenring GmbH", "Autohaus Nockenwelle Günnigfeld"])
def test_a_popup_is_inside_the_map_and_clear_of_its_controls(
    browser: Browser, map_site: str, language: str, title: str
) -> None:
    page, errors = _load_map(browser, f"{map_site}/{language}/map/", **PHONE)
    _open_popup(page, "companies", title)
    # Pan the marker to each edge in turn: the popup must move back into view each time.
    for corner in ("topleft", "topright", "bottomleft", "bottomright"):
        page.evaluate(
            """([title, corner]) => new Promise((done) => {
                const layers = window.offeneTuerMapLayers; const map = layers.map;
                const marker = layers.companies.getLayers().find((m) => m.options.title === title);
                map.closePopup();
                const size = map.getSize(); const at = map.latLngToContainerPoint(marker.getLatLng());
                const x = corner.endsWith('left') ? 10 : size.x - 10;
                const y = corner.startsWith('top') ? 10 : size.y - 10;
                map.panBy([at.x - x, at.y - y], {animate: false});
                layers.places.zoomToShowLayer(marker, () => { marker.openPopup(); done(); });
            })""",
            [title, corner],
        )
        _settle(page)
        popup = _rect(page, ".leaflet-popup-content-wrapper")
        frame = _rect(page, "#map_offene_tuer")
        assert frame["left"] <= popup["left"] and popup["right"] <= frame["right"], (corner, popup, frame)
        assert frame["top"] <= popup["top"] and popup["bottom"] <= frame["bottom"], (corner, popup, frame)
        for control in page.locator(".leaflet-control").all():
            box = control.bounding_box()
            assert box is not None
            rect = {
                "left": box["x"],
                "top": box["y"],
                "right": box["x"] + box["width"],
                "bottom": box["y"] + box["height"],
            }
            assert not _overlap(popup, rect), (corner, control.get_attribute("class"))
    assert errors == []
    page.context.close()


def test_the_scale_shows_metres_and_kilometres_only(browser: Browser, map_site: str) -> None:
    page, errors = _load_map(browser, f"{map_site}/de/map/", **PHONE)
    for zoom in (11, 14, 17):
        page.evaluate(f"() => window.offeneTuerMapLayers.map.setZoom({zoom})")
        _settle(page)
        lines = page.locator(".leaflet-control-scale-line").all_inner_texts()
        assert len(lines) == 1, lines
        assert lines[0].split()[-1] in ("m", "km"), lines
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_controls_use_the_page_font_and_stand_on_its_start_side(
    browser: Browser, map_site: str, language: str
) -> None:
    page, errors = _load_map(browser, f"{map_site}/{language}/map/", **PHONE)
    _open_popup(page, "companies", "Autohaus Kolbenring GmbH")
    body = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert LEAFLET_DEFAULT_FONT not in body
    for selector in (
        ".leaflet-container",
        ".leaflet-control-zoom-in",
        ".leaflet-control-attribution",
        ".leaflet-control-scale-line",
        ".leaflet-popup-content",
    ):
        font = page.evaluate("(s) => getComputedStyle(document.querySelector(s)).fontFamily", selector)
        assert font == body, selector
        size = page.evaluate("(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector)
        assert size >= 13, selector  # Leaflet's own is 12 px
    frame = _rect(page, "#map_offene_tuer")
    middle = (frame["left"] + frame["right"]) / 2
    zoom = _rect(page, ".leaflet-control-zoom")
    scale = _rect(page, ".leaflet-control-scale")
    attribution = _rect(page, ".leaflet-control-attribution")
    if language == "ar":  # start is on the right
        assert zoom["left"] > middle and scale["left"] > middle and attribution["right"] < middle + 1
    else:
        assert zoom["right"] < middle and scale["right"] < middle and attribution["left"] > middle - 1
    close = page.locator(".leaflet-popup-close-button")
    assert close.get_attribute("aria-label") == {"de": "Schließen", "ar": "إغلاق"}[language]
    assert (
        page.locator(".leaflet-control-zoom-in").get_attribute("title") == {"de": "Vergrößern", "ar": "تكبير"}[language]
    )
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_at_32_px_text_the_map_page_does_not_scroll_sideways(
    browser: Browser, map_site: str, language: str, width: int
) -> None:
    """200 % text: the browser's default font at 32 px (the page's rem sizes follow it)."""
    page, errors = _load_map(browser, f"{map_site}/{language}/map/", viewport={"width": width, "height": 844})
    page.add_style_tag(content="html { font-size: 32px; }")
    page.evaluate("() => window.offeneTuerMapLayers.map.invalidateSize()")
    _settle(page)
    page.click("[data-map-more] > summary")  # the folded filters, opened
    assert (
        page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.map-filters select')).fontSize)")
        >= 32
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    for selector in (".map-filters", ".map-legend", ".map-more-fields", "#map_offene_tuer", ".map-list"):
        box = _rect(page, selector)
        assert box["left"] >= 0 and box["right"] <= width, selector
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_on_a_phone_the_filters_fold_away_and_the_map_starts_on_the_first_screen(
    browser: Browser, map_site: str, language: str
) -> None:
    page, errors = _load_map(browser, f"{map_site}/{language}/map/", **PHONE)
    more = page.locator("[data-map-more]")
    assert more.evaluate("details => details.open") is False
    assert page.locator("#map-filter-branch").is_hidden()
    map_top = page.evaluate("() => document.getElementById('map_offene_tuer').getBoundingClientRect().top + scrollY")
    assert map_top < PHONE["viewport"]["height"]  # type: ignore[index]
    # Opening the panel shows the filters; choosing one counts it in the summary.
    more.locator("summary").click()
    page.select_option("#map-filter-branch", "automotive")
    assert more.locator("[data-map-active]").inner_text().startswith("(1 ")
    assert errors == []
    page.context.close()


def test_filters_set_in_the_address_or_a_wide_screen_show_the_panel_open(browser: Browser, map_site: str) -> None:
    page, errors = _load_map(browser, f"{map_site}/de/map/?branch=automotive", **PHONE)
    assert page.locator("[data-map-more]").evaluate("details => details.open") is True
    assert page.locator("[data-map-active]").inner_text() == "(1 gewählt)"
    page.context.close()
    page, more_errors = _load_map(browser, f"{map_site}/de/map/", viewport={"width": 1280, "height": 800})
    assert page.locator("#map-filter-branch").is_visible()
    assert page.locator("[data-map-active]").inner_text() == ""
    assert errors == more_errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_opened_map_with_a_popup_passes_axe_for_wcag_2_2_aa(browser: Browser, map_site: str, language: str) -> None:
    page, errors = _load_map(browser, f"{map_site}/{language}/map/?branch=automotive", **PHONE)
    _open_popup(page, "companies", "Autohaus Kolbenring GmbH")
    assert axe_violations(page) == []
    assert errors == []
    page.context.close()


SUM_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) { window.layoutShift += shift.value; }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_map_page_does_not_move_while_its_script_starts(
    browser: Browser, map_site: str, language: str, width: int
) -> None:
    """The filters and the "Load map" button are in place from the first paint (Lighthouse saw
    CLS 0.18 when the script showed them). What may remain is a font swapping in (< 0.01)."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    context.add_init_script(SUM_SHIFTS)
    page = context.new_page()
    page.goto(f"{map_site}/{language}/map/", wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => null)")
    assert page.locator("[data-map-load]").is_visible()
    assert page.locator("input[name=layer][value=venues]").is_visible()
    assert page.locator("#map-filter-branch").is_visible() == (width > 600)  # folded on a phone
    assert page.evaluate("() => window.layoutShift") < 0.02
    context.close()
