"""Search: what goes into the Pagefind index, and what a resident finds with it.

The first half reads the built example site (HTML and Pagefind's bundle); the second half
searches in Debian's Chromium on the site served at 127.0.0.1, through Pagefind's own
JavaScript: the API for what the index finds, the search page for what people see.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_tools import open_page, serious_axe_violations, serve_folder
from bs4 import BeautifulSoup
from fixture_paths import TESTS
from playwright.sync_api import Browser, Page, Route, expect

from site_tools.content.validate import Content, load_and_validate
from site_tools.errors import BuildError
from site_tools.outputs import search_index
from site_tools.pages.i18n import Localizer
from site_tools.paths import EXAMPLE_CONTENT
from site_tools.pipeline import build_site

TODAY = dt.date(2026, 11, 21)
LANGUAGES = ["de", "en", "tr", "ar", "uk"]
RECORD_FOLDERS = ("offers", "companies", "venues")
FIXTURE = TESTS / "fixtures" / "content"


@pytest.fixture(scope="module")
def content() -> Content:
    loaded = load_and_validate(EXAMPLE_CONTENT, TODAY).content
    assert loaded is not None
    return loaded


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def label(content: Content, taxonomy: str, term_id: str, language: str) -> str:
    return content.taxonomies[taxonomy][term_id].label.get(language)[0]


def facets(page: BeautifulSoup) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The page's search filters {name: values} and metadata {key: value}."""
    filters: dict[str, list[str]] = {}
    for element in page.select("[data-pagefind-filter]"):
        filters.setdefault(str(element["data-pagefind-filter"]), []).append(element.get_text())
    meta = {str(element["data-pagefind-meta"]): element.get_text() for element in page.select("[data-pagefind-meta]")}
    return filters, meta


def expected_indexed(site: Path, content: Content) -> set[str]:
    """Pages that belong in the index: records still on offer, and the static pages."""
    expired = {offer_id for offer_id, offer in content.offers.items() if offer.expires and offer.expires < TODAY}
    records = {
        f"{language}/{folder}/{record_id}/index.html"
        for language in LANGUAGES
        for folder, records in [
            ("offers", content.offers),
            ("companies", content.companies),
            ("venues", content.venues),
        ]
        for record_id in records
        if not (folder == "offers" and record_id in expired)
    }
    static = {f"{language}/{page_id}/index.html" for language in LANGUAGES for page_id in content.pages}
    return records | static


# --- what goes into the index -------------------------------------------------------------------


def test_only_the_main_content_of_records_and_static_pages_is_indexed(built_site: Path, content: Content) -> None:
    indexed = set()
    for path in built_site.rglob("*.html"):
        bodies = read(path).select("[data-pagefind-body]")
        if bodies:
            assert [body.name for body in bodies] == ["main"], path  # never header, nav, banner or footer
            indexed.add(str(path.relative_to(built_site)))
    assert indexed == expected_indexed(built_site, content)


def test_an_expired_offer_is_not_indexed(built_site: Path, content: Content) -> None:
    expired = [offer_id for offer_id, offer in content.offers.items() if offer.expires and offer.expires < TODAY]
    assert expired, "the example content should keep one expired offer"
    for language in LANGUAGES:
        page = read(built_site / language / "offers" / expired[0] / "index.html")
        assert page.select("[data-pagefind-body], [data-pagefind-filter]") == []


def test_pagefind_built_one_index_per_language_with_every_indexed_page(built_site: Path, content: Content) -> None:
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    per_language = Counter(rel.split("/")[0] for rel in expected_indexed(built_site, content))
    assert {language: info["page_count"] for language, info in entry["languages"].items()} == per_language
    # Only the default UI is kept; Pagefind's other UIs and its left-to-right stylesheet are not shipped.
    assert (built_site / "pagefind" / "pagefind-ui.js").is_file()
    assert not (built_site / "pagefind" / "pagefind-ui.css").exists()
    assert not (built_site / "pagefind" / "pagefind-component-ui.js").exists()


def test_filters_and_result_metadata_are_in_the_page_language(built_site: Path, content: Content) -> None:
    company = content.companies["kfz-werkstatt-zuendfunke"]
    district = company.address.district
    filters, meta = facets(read(built_site / "de" / "companies" / company.id / "index.html"))
    assert filters["Art"] == ["Betrieb"]
    assert filters["Branche"] == [label(content, "branches", b, "de") for b in company.branches]
    assert filters["Stadtteil"] == [label(content, "districts", district, "de")]
    assert "Deutsch" in filters["Gesprochene Sprache"]
    assert meta["Art"] == "Betrieb" and meta["Stadtteil"] == label(content, "districts", district, "de")
    assert company.description.get("de")[0].startswith(meta["summary"].removesuffix(" …"))
    assert len(meta["summary"]) <= 160

    filters, meta = facets(read(built_site / "ar" / "companies" / company.id / "index.html"))
    assert filters["النوع"] == ["شركة"]
    assert filters["القطاع"] == [label(content, "branches", b, "ar") for b in company.branches]
    assert meta["النوع"] == "شركة"

    offer_id, offer = next((i, o) for i, o in sorted(content.offers.items()) if o.cost.free and o.topics)
    filters, meta = facets(read(built_site / "en" / "offers" / offer_id / "index.html"))
    assert filters["Type"] == ["Offer"] and filters["Cost"] == ["Free of charge"]
    assert filters["Topic"] == [label(content, "topics", t, "en") for t in offer.topics]
    assert filters["Target group"] == [label(content, "target_groups", t, "en") for t in offer.target_groups]


def test_filter_and_metadata_names_never_contain_pagefind_syntax(built_site: Path) -> None:
    # Pagefind reads "name:value", "name[attribute]" and "a, b" inside these attributes.
    names = set()
    for language in LANGUAGES:
        for path in (built_site / language).glob("*/*/index.html"):
            for element in read(path).select("[data-pagefind-filter], [data-pagefind-meta]"):
                names.add(str(element.get("data-pagefind-filter") or element.get("data-pagefind-meta")))
    assert len(names) > 20
    assert [name for name in names if re.search(r"[,:\[\]]", name)] == []


def test_the_search_page_without_javascript_explains_and_links_the_lists(built_site: Path) -> None:
    page = read(built_site / "de" / "search" / "index.html")
    assert page.select_one('script[src="/pagefind/pagefind-ui.js"]') is not None
    fallback = page.select_one("[data-search-fallback]")
    assert fallback is not None and "JavaScript" in fallback.get_text()
    links = {a["href"] for a in fallback.select("a")}
    assert {"/de/offers/", "/de/companies/", "/de/venues/", "/de/topics/recognition/"} <= links
    assert page.select_one("[data-search-ui]").has_attr("hidden")  # type: ignore[union-attr]


def test_no_search_skips_the_index_and_the_search_page_says_so(tmp_path: Path) -> None:
    out = tmp_path / "public"
    report = build_site(FIXTURE, out, TODAY, search=False)
    assert report.search is None
    assert not (out / "pagefind").exists()
    page = read(out / "de" / "search" / "index.html")
    assert page.select('script[src*="pagefind"]') == []
    assert "Vorschau" in page.select_one("[data-search-fallback]").get_text()  # type: ignore[union-attr]


def test_a_failing_indexer_leaves_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "public"
    build_site(content, out, TODAY)
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    monkeypatch.setattr(search_index, "get_executable", lambda: Path("/bin/false"))
    with pytest.raises(BuildError, match="Pagefind failed"):
        build_site(content, out, TODAY)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".building-")] == []


# --- what the index finds (Pagefind's JavaScript API in Chromium) ------------------------------


def pagefind_urls(page: Page, query: str | None, filters: dict[str, str] | None = None) -> list[str]:
    """Every result URL for `query` in the index of the page's language."""
    return page.evaluate(  # type: ignore[no-any-return]
        """async ([query, filters]) => {
            const pagefind = await import("/pagefind/pagefind.js");
            const search = await pagefind.search(query, { filters: filters || {} });
            const results = await Promise.all(search.results.map((result) => result.data()));
            return results.map((result) => result.url);
        }""",
        [query, filters],
    )


@pytest.fixture(scope="module")
def search_pages(browser: Browser, served_site: str) -> Any:
    """One open search page per language, for API queries."""
    opened = {language: open_page(browser, f"{served_site}/{language}/search/")[0] for language in LANGUAGES}
    yield opened
    for page in opened.values():
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_occupation_finds_the_companies_that_train_in_it(search_pages: Any, content: Content, language: str) -> None:
    trained: dict[str, set[str]] = {}
    for company_id, company in content.companies.items():
        for occupation in company.occupations:
            trained.setdefault(occupation, set()).add(f"/{language}/companies/{company_id}/")
    assert len(trained) >= 10
    missed = {}
    for occupation, companies in sorted(trained.items()):
        found = set(pagefind_urls(search_pages[language], label(content, "occupations", occupation, language)))
        if not companies <= found:
            missed[occupation] = sorted(companies - found)
    assert missed == {}


def test_a_word_of_an_occupation_finds_its_companies(search_pages: Any, content: Content) -> None:
    # "Mechatroniker" finds "Mechatroniker*in" and "Kfz-Mechatroniker*in".
    trains = {
        f"/de/companies/{company_id}/"
        for company_id, company in content.companies.items()
        if {"mechatroniker", "kfz-mechatroniker"} & set(company.occupations)
    }
    assert len(trains) >= 3
    assert trains <= set(pagefind_urls(search_pages["de"], "Mechatroniker"))


def _busiest_one_word_district(content: Content) -> str:
    places = Counter(record.address.district for record in [*content.companies.values(), *content.venues.values()])
    venues = {venue.address.district for venue in content.venues.values()}
    return next(
        district
        for district, _ in places.most_common()
        if district in venues and re.fullmatch(r"\w+", label(content, "districts", district, "de"))
    )


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_a_district_name_finds_the_venues_and_companies_there(
    search_pages: Any, content: Content, language: str
) -> None:
    district = _busiest_one_word_district(content)
    there = {
        f"/{language}/{folder}/{record_id}/"
        for folder, records in [("companies", content.companies), ("venues", content.venues)]
        for record_id, record in records.items()
        if record.address.district == district
    }
    assert len(there) >= 2
    found = set(pagefind_urls(search_pages[language], label(content, "districts", district, language)))
    assert there <= found


@pytest.mark.parametrize("language", ["en", "tr", "ar", "uk"])
def test_a_topic_word_finds_offers_even_when_only_the_topic_label_is_translated(
    search_pages: Any, content: Content, language: str
) -> None:
    active = {i: o for i, o in content.offers.items() if not (o.expires and o.expires < TODAY)}
    # A topic with an offer whose own text exists only in German: only the topic label speaks the language.
    topic, untranslated = next(
        (topic, offer_id)
        for topic in sorted(content.taxonomies["topics"])
        for offer_id, offer in sorted(active.items())
        if topic in offer.topics and language not in offer.title.languages and language not in offer.summary.languages
    )
    tagged = {f"/{language}/offers/{i}/" for i, o in active.items() if topic in o.topics}
    found = set(pagefind_urls(search_pages[language], label(content, "topics", topic, language)))
    assert f"/{language}/offers/{untranslated}/" in found
    assert tagged <= found


def test_a_word_only_in_the_footer_finds_nothing(tmp_path: Path, browser: Browser) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    site_yaml = content / "site.yaml"
    footer_word = "Zwetschgenröster"  # the tagline is printed in the footer of every page
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("Eine kleine Seite", footer_word))
    out = tmp_path / "public"
    build_site(content, out, TODAY)
    offer = read(out / "de" / "offers" / "beratung-test" / "index.html")
    assert footer_word in offer.select_one(".site-footer").get_text()  # type: ignore[union-attr]
    assert footer_word not in offer.select_one("main").get_text()  # type: ignore[union-attr]
    with serve_folder(out) as base:
        page, errors, _ = open_page(browser, f"{base}/de/search/")
        assert pagefind_urls(page, footer_word) == []
        assert pagefind_urls(page, footer_word[:8]) == []  # nor as the start of a word
        assert "/de/offers/beratung-test/" in pagefind_urls(page, "Beratung")  # the index itself works
        for word in ("Impressum", "Datenschutz", "Beispiel-Website"):  # footer links and banner
            assert all("/imprint/" in url or "/privacy/" in url for url in pagefind_urls(page, word)), word
        assert errors == []
        page.context.close()


# --- the search page ------------------------------------------------------------------------------


def _results(page: Page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link")
    return [link.get_attribute("href") or "" for link in page.query_selector_all(".pagefind-ui__result-link")]


def _result_count(page: Page) -> int:
    message = page.inner_text(".pagefind-ui__message")
    return int(re.search(r"\d+", message).group())  # type: ignore[union-attr]


def _localizer(content: Content, language: str) -> Localizer:
    return Localizer(language, content.taxonomies["languages"])  # type: ignore[arg-type]


def _rare_occupation(content: Content) -> tuple[str, set[str]]:
    """An occupation few companies train in, and those companies' ids."""
    trained: dict[str, set[str]] = {}
    for company_id, company in content.companies.items():
        for occupation in company.occupations:
            trained.setdefault(occupation, set()).add(company_id)
    return min(((o, ids) for o, ids in trained.items() if 2 <= len(ids) <= 3), key=lambda item: (len(item[1]), item[0]))


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_typing_a_query_shows_the_expected_records(
    browser: Browser, served_site: str, content: Content, language: str
) -> None:
    occupation, companies = _rare_occupation(content)
    query = label(content, "occupations", occupation, language)
    page, errors, foreign = open_page(browser, f"{served_site}/{language}/search/")
    assert not page.locator(".pagefind-ui__filter-panel").is_visible()  # filters come with results
    page.locator(".pagefind-ui__search-input").press_sequentially(query)
    results = _results(page)
    assert {f"/{language}/companies/{i}/" for i in companies} <= set(results), results
    assert page.locator(".pagefind-ui__filter-panel").is_visible()
    assert parse_qs(urlsplit(page.url).query)["q"] == [query]  # the address can be shared or bookmarked
    # The count Pagefind shows is repeated in a live region, so screen readers hear it.
    page.wait_for_function(
        "() => document.querySelector('[data-search-status]').textContent"
        " === document.querySelector('.pagefind-ui__message').textContent.trim()"
    )
    assert errors == [] and foreign == []
    page.context.close()


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_a_filter_narrows_the_results_to_exactly_its_set(
    browser: Browser, served_site: str, content: Content, language: str
) -> None:
    district = _busiest_one_word_district(content)
    venues_there = {
        f"/{language}/venues/{i}/" for i, venue in content.venues.items() if venue.address.district == district
    }
    _ = _localizer(content, language).gettext
    page, errors, _foreign = open_page(
        browser, f"{served_site}/{language}/search/?q={label(content, 'districts', district, language)}"
    )
    _results(page)
    everything = _result_count(page)
    checkbox = page.locator(f"input[name='{_('Type')}'][value='{_('Counselling venue')}']")
    checkbox.wait_for(state="attached")  # Pagefind fills the filter panel after the results
    page.locator("summary.pagefind-ui__filter-name", has_text=_("Type")).click()
    checkbox.check()
    page.wait_for_function(
        f"() => !document.querySelector('.pagefind-ui__message').textContent.startsWith('{everything} ')"
    )
    assert _result_count(page) == len(venues_there) < everything
    assert set(_results(page)) == venues_there
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_search_works_with_the_keyboard_alone(
    browser: Browser, served_site: str, content: Content, language: str
) -> None:
    # A district's name finds offers, companies and venues: the type filter has something to narrow.
    query = label(content, "districts", _busiest_one_word_district(content), language)
    page, errors, _ = open_page(browser, f"{served_site}/{language}/")

    def tab_to(selector: str, text: str = "", limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(
                "([selector, text]) => document.activeElement.matches(selector)"
                " && (!text || document.activeElement.textContent.trim() === text)",
                [selector, text],
            ):
                return
        raise AssertionError(f"Tab never reached {selector} {text}")

    tab_to("#site-search")
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == f"/{language}/search/")
    assert parse_qs(urlsplit(page.url).query)["q"] == [query]
    _results(page)
    before = _result_count(page)
    tab_to("summary.pagefind-ui__filter-name", _localizer(content, language).gettext("Type"))
    page.keyboard.press("Enter")  # opens the filter group
    tab_to("input.pagefind-ui__filter-checkbox")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked") is True
    page.wait_for_function(
        f"() => !document.querySelector('.pagefind-ui__message').textContent.startsWith('{before} ')"
    )
    tab_to(".pagefind-ui__result-link")
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert page.locator("h1").count() == 1
    assert errors == []
    page.context.close()


def test_arabic_results_are_laid_out_right_to_left(browser: Browser, served_site: str, tmp_path: Path) -> None:
    page, errors, _ = open_page(
        browser, f"{served_site}/ar/search/?q=ميكاترونيكس", viewport={"width": 390, "height": 800}
    )
    _results(page)
    assert page.evaluate("() => getComputedStyle(document.querySelector('.pagefind-ui__results')).direction") == "rtl"
    field = page.locator(".pagefind-ui__search-input").bounding_box()
    clear = page.locator(".pagefind-ui__search-clear").bounding_box()
    assert field is not None and clear is not None
    assert clear["x"] + clear["width"] <= field["x"]  # the field starts on the right, its button follows on the left
    # Every result title ends at the right edge of its card, German names as well as Arabic text.
    titles = page.locator(".pagefind-ui__result-title")
    assert titles.count() >= 2
    for number in range(titles.count()):
        title = titles.nth(number).bounding_box()
        link = titles.nth(number).locator("a").bounding_box()
        assert title is not None and link is not None
        assert abs((link["x"] + link["width"]) - (title["x"] + title["width"])) < 2, number
    page.screenshot(path=str(tmp_path / "search-ar.png"), full_page=True)
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_search_page_with_results_passes_axe(browser: Browser, served_site: str, language: str) -> None:
    page, errors, foreign = open_page(browser, f"{served_site}/{language}/search/?q=Beratung")
    _results(page)
    page.click("summary.pagefind-ui__filter-name >> nth=0")
    assert serious_axe_violations(page) == []
    assert errors == [] and foreign == []
    page.context.close()


def test_without_javascript_the_search_page_explains_itself(browser: Browser, served_site: str) -> None:
    page, _, _ = open_page(browser, f"{served_site}/de/search/?q=Beratung", java_script_enabled=False)
    assert page.locator("[data-search-fallback]").is_visible()
    assert "JavaScript" in page.inner_text("[data-search-fallback]")
    assert page.locator("[data-search-fallback] a[href='/de/offers/']").is_visible()
    page.context.close()


def test_every_filter_group_shows_even_when_some_filter_files_come_late(
    browser: Browser, served_site: str, content: Content
) -> None:
    """Pagefind answers a search begun before its filter files have loaded with only some filters
    (whole groups missing, seen now and then on a busy machine); site.js loads them first."""
    context = browser.new_context()
    requested: list[str] = []

    def late(route: Route) -> None:
        requested.append(route.request.url)
        if len(requested) > 1:  # the first filter file at once, the others when the search is done
            time.sleep(1.0)
        route.continue_()

    context.route("**/pagefind/filter/**", late)
    page = context.new_page()
    query = label(content, "districts", _busiest_one_word_district(content), "de")
    page.goto(f"{served_site}/de/search/?q={query}", wait_until="networkidle")
    _results(page)
    groups = page.locator("summary.pagefind-ui__filter-name").all_inner_texts()
    assert {"Art", "Stadtteil", "Gesprochene Sprache"} <= set(groups), groups
    context.close()


# --- the search page while Pagefind starts ----------------------------------------------------------

RECORD_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) {
        for (const source of shift.sources) {
            const node = source.node;
            const element = node && node.nodeType === 1 ? node : node && node.parentElement;
            // What the search page does: its main part and the footer below. Results and filters
            // fill in within Pagefind's drawer, below everything else. (Header: base.html's.)
            if (!element || !element.closest("main, .site-footer")) continue;
            const within = Boolean(element.closest(".pagefind-ui__drawer"));
            const name = element.className || element.tagName;
            window.layoutShifts.push((within ? "drawer: " : "") + name);
        }
    }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("language", ["de", "ar"])
def test_nothing_on_the_search_page_moves_while_pagefind_starts(
    browser: Browser, served_site: str, language: str
) -> None:
    # Before: the text for browsers without JavaScript and the header's search field went away
    # once Pagefind had started, and everything below jumped (Lighthouse: CLS 0.96).
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    page.goto(f"{served_site}/{language}/search/", wait_until="networkidle")
    page.wait_for_selector(".pagefind-ui__search-input")
    assert page.evaluate("() => window.layoutShifts") == []
    assert page.locator("[data-search-fallback]").is_hidden()
    assert page.locator(".site-header .search-form").is_hidden()  # one search field per page
    # With a query, results fill the search's place; heading, field and footer stay put.
    page.goto(f"{served_site}/{language}/search/?q=Beratung", wait_until="networkidle")
    _results(page)
    moved = page.evaluate("() => window.layoutShifts")
    assert [name for name in moved if not name.startswith("drawer: ")] == []
    context.close()


def test_without_pagefind_the_search_page_falls_back_to_the_lists(browser: Browser, served_site: str) -> None:
    context = browser.new_context()
    context.route("**/pagefind/pagefind-ui.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{served_site}/de/search/?q=Beratung", wait_until="networkidle")
    assert page.locator("[data-search-fallback] a[href='/de/offers/']").is_visible()
    assert page.locator(".site-header .search-form").is_visible()
    assert page.locator("[data-search-ui]").is_hidden()
    context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_filter_checkbox_has_a_valid_id_and_its_label(browser: Browser, served_site: str, language: str) -> None:
    # Pagefind names them "filter name-value", with spaces; search.js gives each a valid id.
    page, errors, _ = open_page(browser, f"{served_site}/{language}/search/?q=Beratung")
    _results(page)
    page.click("summary.pagefind-ui__filter-name >> nth=0")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.pagefind-ui__filter-checkbox')].map((box) => ({
            id: box.id,
            labelled: box.labels.length === 1 && box.labels[0].classList.contains('pagefind-ui__filter-label'),
        }))"""
    )
    assert len(boxes) > 5
    ids = [box["id"] for box in boxes]
    assert [i for i in ids if not re.fullmatch(r"[A-Za-z][\w-]*", i)] == []
    assert len(set(ids)) == len(ids)
    assert all(box["labelled"] for box in boxes)
    # The ids hold when Pagefind draws the filters anew for another query.
    page.locator(".pagefind-ui__search-input").fill("Ausbildung")
    page.wait_for_function("() => !document.querySelector('.pagefind-ui__message').textContent.includes('Beratung')")
    again = page.evaluate("() => [...document.querySelectorAll('.pagefind-ui__filter-checkbox')].map((box) => box.id)")
    assert [i for i in again if not re.fullmatch(r"search-filter-\d+", i)] == []
    assert errors == []
    page.context.close()


def test_german_names_and_fallback_text_in_results_are_marked_german(
    browser: Browser, served_site: str, content: Content
) -> None:
    untranslated = sorted(i for i, c in content.companies.items() if "ar" not in c.description.languages)
    company = content.companies[untranslated[0]]
    page, errors, _ = open_page(browser, f"{served_site}/ar/search/?q={company.name}")
    _results(page)
    result = page.locator(".pagefind-ui__result", has=page.locator(f"a[href='/ar/companies/{company.id}/']"))
    expect(result.locator(".pagefind-ui__result-link")).to_have_attribute("lang", "de")  # a proper name
    expect(result.locator(".pagefind-ui__result-excerpt")).to_have_attribute("lang", "de")  # German description
    assert "_lang" not in result.locator(".pagefind-ui__result-tags").inner_text()  # no stray metadata
    # An Arabic title stays unmarked: it is in the page's language.
    offer_id, offer = next((i, o) for i, o in sorted(content.offers.items()) if "ar" in o.title.languages)
    page.locator(".pagefind-ui__search-input").fill(offer.title.get("ar")[0])
    link = page.locator(f"a.pagefind-ui__result-link[href='/ar/offers/{offer_id}/']")
    link.wait_for()
    expect(link).not_to_have_attribute("lang", re.compile(".*"))
    assert errors == []
    page.context.close()
