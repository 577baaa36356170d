"""The KERN look on a phone, in Chromium: a compact header, right-to-left mirroring, no sideways
scrolling at 320 and 390 px wide even with a 32 px default font (a visitor's own setting).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
# One page of each kind: home, a list, an offer, a company, a venue, static pages.
PAGES = [
    "",
    "offers/",
    "offers/anerkennung-infoabend/",
    "companies/kfz-werkstatt-zuendfunke/",
    "venues/stadtteilzentrum-hamme/",
    "employers/",
    "about/",
    "contact/",
    "easy-read/",
    "accessibility/",
]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A page in a phone-sized window."""
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_header_takes_at_most_a_quarter_of_a_phone_screen(phone: Page, served_site: str, language: str) -> None:
    phone.goto(f"{served_site}/{language}/", wait_until="networkidle")
    header = phone.locator("header.site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 0.25 * 844, f"the header is {header['height']}px high"
    # All in it is still there: languages, the site's name, search, the main menu.
    for selector in ("nav.languages a[lang=tr]", ".site-name", ".search-link", ".main-nav a"):
        assert phone.locator(f"header {selector}").first.is_visible(), selector


def test_the_phone_header_searches_through_the_search_page(phone: Page, served_site: str) -> None:
    phone.goto(f"{served_site}/de/", wait_until="networkidle")
    assert not phone.locator("header .search-form").is_visible()
    phone.locator("header .search-link").click()
    phone.wait_for_url(f"{served_site}/de/search/")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_page_mirrors_right_to_left_in_arabic(phone: Page, served_site: str, language: str) -> None:
    phone.goto(f"{served_site}/{language}/", wait_until="networkidle")
    name = phone.locator(".site-name").bounding_box()
    entry = phone.locator(".entry-points a").first
    box, arrow = entry.bounding_box(), entry.locator(".icon").bounding_box()
    assert name is not None and box is not None and arrow is not None
    accent_edge = entry.evaluate(
        "a => ({left: parseFloat(getComputedStyle(a).borderLeftWidth),"
        " right: parseFloat(getComputedStyle(a).borderRightWidth)})"
    )
    if language == "ar":  # the start edge is on the right: the site's name, the card's accent, the arrow at its end
        assert name["x"] + name["width"] > 390 - 40 and name["x"] > 40
        assert accent_edge["right"] > accent_edge["left"]
        assert arrow["x"] < box["x"] + box["width"] / 2
    else:
        assert name["x"] < 40
        assert accent_edge["left"] > accent_edge["right"]
        assert arrow["x"] > box["x"] + box["width"] / 2


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_no_sideways_scrolling_with_a_32px_default_font(
    browser: Browser, served_site: str, language: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True)
    page = context.new_page()
    # The visitor's own default font size, as set in the browser's settings (not a zoom).
    context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 32}})
    wide = []
    for rel in PAGES:
        page.goto(f"{served_site}/{language}/{rel}", wait_until="networkidle")
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 32
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide.append(f"{language}/{rel}: {scroll_width}px")
    context.close()
    assert wide == []


@pytest.mark.parametrize("language", ["de", "ar"])
def test_list_filters_fold_on_a_phone_and_work_as_links_without_javascript(
    browser: Browser, served_site: str, language: str
) -> None:
    context = browser.new_context(**PHONE, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{served_site}/{language}/offers/")
    # Folded: the first card is on the first screen, the filter links are not.
    first_card = page.locator(".cards .card").first.bounding_box()
    assert first_card is not None and first_card["y"] < PHONE["viewport"]["height"]  # type: ignore[index]
    online = page.locator(f"details.filters a[href='/{language}/formats/online/']")
    assert online.is_hidden()
    page.click("details.filters > summary")
    assert online.is_visible()
    online.click()
    page.wait_for_url(f"**/{language}/formats/online/")
    assert page.locator(".cards .card").count() >= 1
    page.click(".breadcrumb a")  # and back to all offers
    page.wait_for_url(f"**/{language}/offers/")
    context.close()


def test_a_phone_number_in_arabic_markdown_reads_left_to_right(phone: Page, served_site: str) -> None:
    """contact.ar.md says "الهاتف: 0234 000000"; without isolation Chromium would show "000000 0234"."""
    phone.goto(f"{served_site}/ar/contact/")
    number = phone.locator("main bdi[dir=ltr]", has_text="0234 000000").first
    positions = number.evaluate(
        """bdi => {
            const text = bdi.firstChild, range = document.createRange();
            const place = (start, end) => {
                range.setStart(text, start);
                range.setEnd(text, end);
                return range.getBoundingClientRect().left;
            };
            const split = text.data.indexOf(" ");
            return [place(0, split), place(split + 1, text.data.length)];
        }"""
    )
    area_code, rest = positions
    assert area_code < rest  # "0234" on the left, as it is dialled
