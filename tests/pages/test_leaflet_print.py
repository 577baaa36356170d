"""The printed company page: a one-page A4 leaflet with the campaign sticker, in German and Arabic.

Prints with Debian's Chromium (print media, then a real PDF), and writes each leaflet as PDF and
as a PNG of the print layout to build/screenshots/ (leaflet-LANGUAGE.pdf/.png) for a reviewer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_tools import open_page
from playwright.sync_api import Browser, FloatRect, Page

from site_tools.paths import PROJECT_ROOT

SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
TYPICAL = "kfz-werkstatt-zuendfunke"  # translated into every language
UNTRANSLATED = "baeckerei-mohnkorn"  # German text only: other languages show it with a note
# The leaflet's page box: A4 less print.css's @page margins (1.2cm, 1.4cm), in CSS pixels.
CM = 96 / 2.54
PAGE_BOX = {"width": round((21 - 2 * 1.4) * CM), "height": round((29.7 - 2 * 1.2) * CM)}


def print_leaflet(browser: Browser, base: str, language: str, company: str, name: str) -> tuple[Page, int]:
    """Open a company page as wide as the page box, print it to PDF and PNG; return the page and the PDF's pages."""
    page, errors, _ = open_page(browser, f"{base}/{language}/companies/{company}/", viewport=PAGE_BOX)
    assert errors == []
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(format="A4", print_background=True, path=SCREENSHOTS / f"{name}.pdf")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # One /Type /Page object per printed page; the page tree itself is /Type /Pages.
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    return page, pages


def box(page: Page, selector: str) -> FloatRect:
    """The bounding box of the one element `selector` finds, which must be shown."""
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def inside_page_box(found: FloatRect) -> bool:
    """Whether a box lies wholly inside the printed page box."""
    return (
        found["x"] >= 0
        and found["y"] >= 0
        and found["x"] + found["width"] <= PAGE_BOX["width"] + 0.5
        and found["y"] + found["height"] <= PAGE_BOX["height"] + 0.5
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_company_leaflet_is_one_a4_page_with_the_sticker(browser: Browser, served_site: str, language: str) -> None:
    page, pages = print_leaflet(browser, served_site, language, TYPICAL, f"leaflet-{language}")
    assert pages == 1, f"the {language} leaflet prints on {pages} pages"
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    # The company's own text in the page's language, with no note about German text.
    assert page.locator("main .lead").get_attribute("lang") is None
    assert page.locator(".handout-note, main > .fallback-note").count() == 0
    if language == "ar":
        family = page.evaluate("getComputedStyle(document.querySelector('.open-door h2')).fontFamily")
        assert family.startswith('"Noto Sans Arabic"'), family
        assert page.evaluate(
            "[...document.fonts].some(f => f.family.includes('Noto Sans Arabic') && f.status === 'loaded')"
        ), "the Arabic face is loaded for printing"

    # The sticker, loaded, large and wholly on the page, at the start of the name's line.
    sticker = page.locator(".handout-sticker img")
    assert sticker.is_visible()
    assert page.evaluate("document.querySelector('.handout-sticker img').naturalWidth") > 0
    on_paper, name = box(page, ".handout-sticker img"), box(page, "main h1")
    assert inside_page_box(on_paper), on_paper
    assert on_paper["width"] >= 4 * CM and on_paper["height"] >= 4 * CM
    if language == "ar":
        assert on_paper["x"] >= name["x"] + name["width"], "the sticker stands right of the name"
    else:
        assert on_paper["x"] + on_paper["width"] <= name["x"], "the sticker stands left of the name"
    assert on_paper["y"] < name["y"] + name["height"]

    # A handout: the name large, then when to walk in and whom to ask, address, contact, QR code.
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('main h1')).fontSize)") >= 30
    for selector in (".open-door table.hours", ".open-door .facts", "p.address", "ul.contact", "figure.qr-code svg"):
        assert page.locator(selector).is_visible(), selector
        assert inside_page_box(box(page, selector)), selector
    assert box(page, ".open-door")["y"] < box(page, "p.address")["y"]
    assert inside_page_box(box(page, "article.company"))

    # Paper needs no navigation, buttons, map, chips, or "open now" line.
    for selector in (
        "header.site-header",
        "footer",
        "nav",
        "[data-print]",
        ".place-map",
        "ul.chips",
        "[data-open-now]",
        ".skip-link",
    ):
        assert page.locator(selector).evaluate_all("els => els.every(e => !e.checkVisibility())"), selector
    assert page.locator(".hours tr.today").evaluate_all(
        "rows => rows.every(r => getComputedStyle(r.cells[0]).boxShadow === 'none')"
    )

    # Links print as plain text, and a link that leaves the page shows its address as its text.
    links = page.locator("main a").evaluate_all(
        """links => links.filter(a => a.checkVisibility()).map(a => ({
            href: a.getAttribute('href'), text: a.textContent.trim(),
            underline: getComputedStyle(a).textDecorationLine,
            color: getComputedStyle(a).color, body: getComputedStyle(document.body).color}))"""
    )
    assert links, "the contact links are shown"
    for link in links:
        assert link["underline"] == "none" and link["color"] == link["body"], link
        href = link["href"]
        if href.startswith("tel:"):
            assert re.sub(r"\D", "", link["text"]) == re.sub(r"\D", "", href), link
        elif href.startswith("mailto:"):
            assert link["text"] == href.removeprefix("mailto:"), link
        elif href.startswith("http"):
            assert link["text"].rstrip("/") == href.rstrip("/"), link
    page.context.close()


def test_untranslated_company_leaflet_starts_with_the_company_not_the_note(browser: Browser, served_site: str) -> None:
    page, pages = print_leaflet(browser, served_site, "ar", UNTRANSLATED, "leaflet-ar-german-text")
    assert pages == 1, f"the leaflet prints on {pages} pages"
    note = (page.locator("main > .fallback-note").text_content() or "").strip()
    assert note, "the page says that parts are shown in German"
    # The company's German text stays marked as German inside the Arabic page.
    assert page.locator("main .lead").get_attribute("lang") == "de"
    assert page.locator("main h1 [lang=de]").count() == 1
    # The note shows once, small, at the foot: below the name, the text and the open-door box.
    shown = page.get_by_text(note, exact=True).evaluate_all("els => els.filter(e => e.checkVisibility()).length")
    assert shown == 1
    foot = box(page, ".handout-note")
    assert page.locator(".handout-note").inner_text().strip() == note
    assert not page.locator("main > .fallback-note").is_visible()
    for selector in ("main h1", "main .lead", ".open-door", ".company-contact", "figure.qr-code"):
        above = box(page, selector)
        assert above["y"] + above["height"] <= foot["y"], f"the note is not below {selector}"
    assert inside_page_box(foot)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.handout-note')).fontSize)")
    assert size < page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    # On screen the note still comes first, where a reader of the page needs it.
    page.emulate_media(media="screen")
    assert page.locator("main > .fallback-note").is_visible()
    assert not page.locator(".handout-note").is_visible()
    assert not page.locator(".handout-sticker img").is_visible()
    page.context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_example_company_fits_on_one_leaflet(
    browser: Browser, built_site: Path, served_site: str, language: str
) -> None:
    # Laid out for print at the page box's size; the PDF of the typical company above shows
    # that what fits this box prints on one page.
    companies = sorted(folder.name for folder in (built_site / language / "companies").iterdir() if folder.is_dir())
    assert len(companies) > 20
    context = browser.new_context(viewport=PAGE_BOX)
    page = context.new_page()
    page.emulate_media(media="print")
    too_long: dict[str, int] = {}
    for company in companies:
        page.goto(f"{served_site}/{language}/companies/{company}/")
        bottom = page.evaluate(
            "document.fonts.ready.then(() => document.querySelector('article.company').getBoundingClientRect().bottom)"
        )
        if bottom > PAGE_BOX["height"]:
            too_long[company] = round(bottom)
    assert too_long == {}, f"longer than the page box ({PAGE_BOX['height']}px): {too_long}"
    context.close()


def test_the_stickers_words_lie_inside_its_ring(browser: Browser) -> None:
    """The sticker's two lines are drawn in whatever sans-serif the device has: they must fit the circle."""
    sticker = PROJECT_ROOT / "content" / "assets" / "offene-tuer-sticker.svg"
    page = browser.new_page()
    page.set_content(sticker.read_text(encoding="utf-8"))
    outside = page.evaluate(
        """() => {
            const ring = document.querySelector('circle');
            const [cx, cy] = [ring.cx.baseVal.value, ring.cy.baseVal.value];
            const inner = ring.r.baseVal.value - ring.getAttribute('stroke-width') / 2;
            return [...document.querySelectorAll('text')].filter(text => {
                const b = text.getBBox();
                const [left, right, top, bottom] = [b.x, b.x + b.width, b.y, b.y + b.height];
                const corners = [[left, top], [right, top], [left, bottom], [right, bottom]];
                return corners.some(([x, y]) => Math.hypot(x - cx, y - cy) > inner);
            }).map(text => text.textContent);
        }"""
    )
    page.close()
    assert outside == []
