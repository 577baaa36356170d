"""Text from content never runs as script, even where no Content-Security-Policy is sent.

The Content-Security-Policy is a second line: a local preview, another host or a missing
header must not turn a taxonomy label, the tile attribution or a company's name into script.
Our own JavaScript and what we hand to Leaflet and Pagefind put them in as text. An SVG
sticker is refused unless it is plain drawing. Names are isolated where they sit in other text.
"""

from __future__ import annotations

import base64
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_tools import collect_errors, serve_folder
from bs4 import BeautifulSoup
from fixture_paths import TESTS
from playwright.sync_api import Browser, Page

from site_tools.content.svg_check import svg_problems
from site_tools.content.validate import load_and_validate
from site_tools.errors import ContentError
from site_tools.pipeline import build_site

FIXTURE = TESTS / "fixtures" / "content"
TODAY = dt.date(2026, 11, 21)
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def attack(where: str) -> str:
    """Markup that sets window.pwned if it ever becomes HTML, in a YAML single-quoted string."""
    return f"<img src=x onerror=\"window.pwned=(window.pwned||[]).concat('{where}')\">"


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(FIXTURE, content)

    def replace(relative: str, old: str, new: str) -> None:
        path = content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    replace("taxonomies/branches.yaml", "{de: Lebensmittel,", "{de: " + _yaml(attack("label") + "Lebensmittel") + ",")
    replace("taxonomies/districts.yaml", "{de: Hamme,", "{de: " + _yaml(attack("district") + "Hamme") + ",")
    replace("site.yaml", "attribution: Test tiles", "attribution: " + _yaml(attack("attribution") + "Test tiles"))
    replace("companies/baeckerei-test.yaml", "name: Bäckerei Test", "name: " + _yaml(attack("name") + "Bäckerei Test"))
    replace("offers/beratung-test.yaml", "Ein **Text**.", "Ein `" + attack("excerpt") + "` Text über Beratung.")
    replace("venues/treff-hamme.yaml", "operator: ", "operator: Verein 24 – ")
    build_site(content, root / "public", TODAY)
    return root / "public"


@pytest.fixture(scope="module")
def site(hostile_site: Path) -> Iterator[str]:
    with serve_folder(hostile_site) as base:  # no rules: no Content-Security-Policy at all
        yield base


def open_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    context = browser.new_context()
    context.add_init_script("localStorage.setItem('offene-tuer-map-consent', 'yes')")
    context.route("https://tiles.test.example/**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    page = context.new_page()
    errors = collect_errors(page)
    page.goto(url, wait_until="networkidle")
    return page, errors


def assert_nothing_ran(page: Page) -> None:
    assert page.evaluate("() => window.pwned") is None
    assert page.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0


def test_no_policy_is_sent(site: str, browser: Browser) -> None:
    page, _ = open_page(browser, f"{site}/de/")
    assert "content-security-policy" not in page.request.get(page.url).headers
    page.context.close()


def test_labels_and_names_in_pagefinds_filters_and_results_stay_text(site: str, browser: Browser) -> None:
    page, errors = open_page(browser, f"{site}/de/search/?q=Bäckerei")
    page.wait_for_selector(".pagefind-ui__result-link")
    page.locator(".pagefind-ui__filter-name", has_text="Branche").click()
    label = page.locator(".pagefind-ui__filter-label", has_text="Lebensmittel")
    # Shown as the text it is (with an invisible word joiner after "<": see pages.facets.inert_for_pagefind).
    assert label.inner_text().replace("\u2060", "").startswith(attack("label") + "Lebensmittel")
    assert page.locator(".pagefind-ui__result-link").first.inner_text() == attack("name") + "Bäckerei Test"
    page.fill(".pagefind-ui__search-input", "Beratung")
    page.wait_for_selector(".pagefind-ui__result-excerpt >> text=onerror")  # Pagefind escapes excerpts itself
    assert_nothing_ran(page)
    assert errors == []
    page.context.close()


def test_the_tile_attribution_and_names_on_the_map_stay_text(site: str, browser: Browser) -> None:
    page, errors = open_page(browser, f"{site}/de/map/")
    page.wait_for_selector(".leaflet-marker-icon")
    assert attack("attribution") in page.locator(".leaflet-control-attribution").inner_text()
    page.evaluate("() => window.offeneTuerMapLayers.companies.getLayers().forEach((marker) => marker.openPopup())")
    assert page.locator(".map-popup strong").inner_text() == attack("name") + "Bäckerei Test"
    assert_nothing_ran(page)
    page.goto(f"{site}/de/companies/baeckerei-test/", wait_until="networkidle")
    page.wait_for_selector(".place-map .leaflet-control-attribution")
    assert attack("attribution") in page.locator(".place-map .leaflet-control-attribution").inner_text()
    assert_nothing_ran(page)
    assert errors == []
    page.context.close()


def test_names_are_isolated_where_they_stand_in_other_text(hostile_site: Path) -> None:
    venue = BeautifulSoup((hostile_site / "de/venues/treff-hamme/index.html").read_bytes(), "html.parser")
    operator = venue.select_one(".record > p bdi")
    assert operator is not None and operator.get_text().startswith("Verein 24 – ")
    offer = BeautifulSoup((hostile_site / "de/offers/beratung-test/index.html").read_bytes(), "html.parser")
    assert [bdi.get_text() for bdi in offer.select(".facts dd bdi")] == ["Testträger", "Treff Hamme"]
    company = BeautifulSoup((hostile_site / "de/companies/baeckerei-test/index.html").read_bytes(), "html.parser")
    title = company.title.get_text() if company.title else ""
    # First strong isolate ... pop directional isolate: the name cannot turn the site's name around.
    assert title == f"\u2068{attack('name')}Bäckerei Test\u2069 – Testseite"


# --- the sticker -----------------------------------------------------------------------------------

HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">
<script>alert(2)</script>
<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(3)"/></body></foreignObject>
<a href="javascript:alert(4)"><circle r="5"/></a>
<image href="https://tracker.example/pixel.png"/>
</svg>
"""


def test_an_svg_sticker_with_script_is_refused_with_line_and_column(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    sticker = content / "assets" / "sticker.svg"
    sticker.write_text(HOSTILE_SVG, encoding="utf-8")
    result = load_and_validate(content, TODAY)
    problems = [(p.line, p.column, p.message) for p in result.problems if p.file.endswith("assets/sticker.svg")]
    assert problems == [
        (1, 1, "the event handler onload is not allowed; delete it"),
        (2, 1, "<script> is not allowed in an image the site serves (it runs code or changes the image)"),
        (3, 1, "<foreignObject> is not allowed in an image the site serves (it runs code or changes the image)"),
        (3, 16, "<body> from http://www.w3.org/1999/xhtml is not SVG drawing; delete it"),
        (3, 59, "<img> from http://www.w3.org/1999/xhtml is not SVG drawing; delete it"),
        (3, 59, "the event handler onerror is not allowed; delete it"),
        (4, 1, 'href="javascript:alert(4)" points outside the file; only "#id" references are allowed'),
        (5, 1, 'href="https://tracker.example/pixel.png" points outside the file; only "#id" references are allowed'),
    ]
    with pytest.raises(ContentError):
        build_site(content, tmp_path / "public", TODAY)
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        ('<!DOCTYPE svg [<!ENTITY a "x">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "a DOCTYPE is not"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:x"/></svg>', "<set>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://x.example/a#b)"/></svg>', "url("),
        ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://x.example/a.css";</style></svg>', "at-rule"),
        # What a first version let through (found in review): each loaded from elsewhere or ran in Chromium.
        ('<svg xmlns="http://www.w3.org/2000/svg"><metadata><script>alert(1)</script></metadata></svg>', "<script>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><style>@imp&#111;rt "https://x.example/a.css";</style></svg>', "@"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><style>@imp<![CDATA[ort "https://x.example/a";]]></style></svg>',
            "@",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:u\\72l(https://x.example/a#b)"/></svg>', "escape"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(\'https://x.example/a?&quot;#g\')"/></svg>', "url()"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><style>a{fill:image-set("https://x.example/a" 1x)}</style></svg>',
            "image-set",
        ),
        ('<?xml-stylesheet href="https://x.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>', "stylesheet"),
        ('<svg xmlns="http://www.w3.org/2000/svg" xml:base="https://x.example/"/>', "xml:base"),
        ("<html><body>not an image</body></html>", "must start with <svg"),
        ("<svg", "not well-formed XML"),
    ],
)
def test_svg_checks(svg: str, message: str) -> None:
    assert any(message in problem.message for problem in svg_problems(svg.encode()))


def test_plain_drawings_pass(tmp_path: Path) -> None:
    drawing = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 9 9">'
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fd0"/></linearGradient></defs>'
        '<title>Aufkleber</title><circle r="4" fill="url(#g)" style="stroke: #000"/><use xlink:href="#g"/>'
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata></svg>'
    )
    assert svg_problems(drawing.encode()) == []
