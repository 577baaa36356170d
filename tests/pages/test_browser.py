"""What only a browser shows: console errors, accessibility (axe-core), scripts, layout.

Runs Debian's Chromium (/usr/bin/chromium) through Playwright against the example site
served on 127.0.0.1. Playwright's own browser download is never used.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_tools import open_page, serious_axe_violations
from playwright.sync_api import Browser

PAGES = [
    "",
    "offers/anerkennung-infoabend/",
    "companies/kfz-werkstatt-zuendfunke/",
    "venues/stadtteilzentrum-hamme/",
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("rel", PAGES)
def test_pages_load_cleanly_and_pass_axe(browser: Browser, served_site: str, language: str, rel: str) -> None:
    page, errors, foreign = open_page(browser, f"{served_site}/{language}/{rel}")
    assert errors == []
    assert foreign == []  # no request leaves the site
    assert serious_axe_violations(page) == []
    page.context.close()


def test_open_now_line_appears_on_a_venue_page(browser: Browser, served_site: str) -> None:
    page, errors, _ = open_page(browser, f"{served_site}/de/venues/stadtteilzentrum-hamme/")
    status = page.locator("[data-open-now]")
    assert status.is_visible()
    text = status.inner_text()
    assert text.startswith(("Jetzt geöffnet", "Jetzt geschlossen", "Open now", "Closed now")), text
    assert errors == []
    page.context.close()


def test_root_sends_the_visitor_to_their_language(browser: Browser, served_site: str) -> None:
    page, errors, _ = open_page(browser, f"{served_site}/", locale="ar-EG")
    page.wait_for_url(f"{served_site}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.context.close()
    page, errors, _ = open_page(browser, f"{served_site}/companies/kfz-werkstatt-zuendfunke/", locale="uk-UA")
    page.wait_for_url(f"{served_site}/uk/companies/kfz-werkstatt-zuendfunke/")
    assert errors == []
    page.context.close()


def test_language_picked_in_the_switcher_wins_over_the_browser(browser: Browser, served_site: str) -> None:
    page, _, _ = open_page(browser, f"{served_site}/de/", locale="de-DE")
    page.locator("nav.languages a[lang=tr]").click()
    page.wait_for_url(f"{served_site}/tr/")
    page.goto(f"{served_site}/")
    page.wait_for_url(f"{served_site}/tr/")
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_narrow_phone_has_no_sideways_scrolling(browser: Browser, served_site: str, language: str) -> None:
    for rel in PAGES:
        page, _, _ = open_page(browser, f"{served_site}/{language}/{rel}", viewport={"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{language}/{rel} is {width}px wide"
        page.context.close()


def test_arabic_page_is_laid_out_right_to_left(browser: Browser, served_site: str, tmp_path: Path) -> None:
    page, _, _ = open_page(
        browser, f"{served_site}/ar/venues/stadtteilzentrum-hamme/", viewport={"width": 800, "height": 900}
    )
    heading = page.locator("main h1").bounding_box()
    assert heading is not None
    # Right to left: the heading starts at the right edge of the main column.
    main = page.locator("main").bounding_box()
    assert main is not None
    assert heading["x"] + heading["width"] > main["x"] + main["width"] - 40
    page.screenshot(path=str(tmp_path / "ar-venue.png"), full_page=True)
    page.context.close()


def test_company_page_prints_as_a_leaflet(browser: Browser, served_site: str) -> None:
    page, _, _ = open_page(browser, f"{served_site}/de/companies/kfz-werkstatt-zuendfunke/")
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert page.locator("figure.qr-code svg").is_visible()
    assert page.locator("table.hours").is_visible()
    pdf = page.pdf(format="A4")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"the leaflet prints on {pages} pages"
    page.context.close()
