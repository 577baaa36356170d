"""Record pages in Chromium: a company's open door "now" on a fixed clock, and headings that
never split a word without a hyphen on a phone.

The clock is fixed with Playwright (page.clock.set_fixed_time) before the page loads, and the
browser runs in New York's time zone: the line must follow Bochum's clock, not the visitor's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_tools import collect_errors
from playwright.sync_api import Browser, Page

COMPANY = "companies/kfz-werkstatt-zuendfunke/"  # open door Monday, Wednesday and Friday 14:00–16:00

# Berlin time in November: UTC+1.
CLOCKS = {
    "open": "2026-11-25T15:00:00+01:00",  # Wednesday, during the open door
    "later today": "2026-11-25T09:00:00+01:00",  # Wednesday morning
    "over for today": "2026-11-25T17:00:00+01:00",  # Wednesday evening
    "not today": "2026-11-24T10:00:00+01:00",  # Tuesday: no open door at all
}
EXPECTED = {
    "de": {
        "open": ("Jetzt kannst du einfach reinkommen – bis 16:00 Uhr", "we"),
        "later today": ("Heute kannst du ab 14:00 Uhr reinkommen", "we"),
        "over for today": ("Heute keine offene Tür – wieder am Freitag ab 14:00 Uhr", "we"),
        "not today": ("Heute keine offene Tür – wieder am Mittwoch ab 14:00 Uhr", None),
    },
    "ar": {
        "open": ("يمكنك الدخول الآن دون موعد حتى الساعة 4:00 م", "we"),
        "later today": ("يمكنك الدخول اليوم دون موعد من الساعة 2:00 م", "we"),
        "over for today": ("لا دخول دون موعد اليوم – المرة القادمة: يوم الجمعة من الساعة 2:00 م", "we"),
        "not today": ("لا دخول دون موعد اليوم – المرة القادمة: يوم الأربعاء من الساعة 2:00 م", None),
    },
}


def open_at(browser: Browser, url: str, moment: str) -> tuple[Page, list[str]]:
    """Open `url` on a phone whose clock stands still at `moment`, in another time zone than Bochum's."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, timezone_id="America/New_York"
    )
    page = context.new_page()
    errors = collect_errors(page)
    page.clock.set_fixed_time(moment)
    page.goto(url, wait_until="networkidle")
    return page, errors


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("moment", list(CLOCKS))
def test_company_page_says_whether_the_door_is_open(
    browser: Browser, served_site: str, language: str, moment: str
) -> None:
    page, errors = open_at(browser, f"{served_site}/{language}/{COMPANY}", CLOCKS[moment])
    text, today = EXPECTED[language][moment]
    status = page.locator("section.open-door [data-open-now]")
    assert status.is_visible()
    assert status.inner_text() == text
    marked = page.locator("table.hours tr.today")
    if today is None:
        assert marked.count() == 0
    else:
        assert marked.count() == 1
        assert marked.get_attribute("data-day") == today
        assert marked.get_attribute("aria-current") == "date"
        assert marked.locator("th").evaluate("th => getComputedStyle(th).fontWeight") == "700"
    assert errors == []
    page.context.close()


def test_arabic_status_line_runs_right_to_left(browser: Browser, served_site: str, tmp_path: Path) -> None:
    page, _ = open_at(browser, f"{served_site}/ar/{COMPANY}", CLOCKS["open"])
    status = page.locator("[data-open-now]")
    assert status.evaluate("p => getComputedStyle(p).direction") == "rtl"
    box, main = status.bounding_box(), page.locator("main").bounding_box()
    assert box is not None and main is not None
    # The line ends at the right edge of the main column, as right-to-left text does.
    text_right = status.evaluate(
        "p => { const r = document.createRange(); r.selectNodeContents(p); return r.getBoundingClientRect().right; }"
    )
    assert text_right > main["x"] + main["width"] - 40
    page.context.close()


# --- words in headings ------------------------------------------------------------------------------

# For every heading: the characters' boxes (one Range per character), in reading order. A line
# break falls between two characters when the second one's box starts lower than the first's by
# more than half a line. A break between two letters (or digits) is inside a word; it is allowed
# only after a hyphen or soft hyphen in the text, or where the browser hyphenates the element's
# language itself (`hyphens: auto` and a probe shows this browser has the patterns): then it draws
# a hyphen that the DOM does not hold. A heading wider than its box counts as broken too.
BROKEN_WORDS = """
(hyphenates) => {
  const found = [];
  const letter = /[\\p{L}\\p{N}\\p{M}]/u;
  for (const heading of document.querySelectorAll("main h1, main h2, main h3")) {
    const chars = [];
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const style = getComputedStyle(node.parentElement);
      const auto = style.hyphens === "auto" && hyphenates.includes(node.parentElement.closest("[lang]").lang);
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = Array.from(range.getClientRects()).find((r) => r.width > 0 || r.height > 0);
        if (box) { chars.push({ ch: node.data[i], top: box.top, auto: auto }); }
      }
    }
    const half = (parseFloat(getComputedStyle(heading).lineHeight) || 20) / 2;
    for (let i = 1; i < chars.length; i++) {
      const before = chars[i - 1], after = chars[i];
      if (after.top > before.top + half && letter.test(before.ch) && letter.test(after.ch) && !after.auto) {
        const text = chars.map((c) => c.ch).join("");
        found.push(text.slice(Math.max(0, i - 15), i) + "|" + text.slice(i, i + 10));
      }
    }
    if (heading.scrollWidth > heading.clientWidth + 1) {
      found.push(heading.textContent.trim() + ": wider than its box");
    }
  }
  return found;
}
"""

# Does this Chromium hyphenate a language? A long word in a box too narrow for it: with patterns
# it takes several lines ending in hyphens; without, hyphens: auto does nothing and the word overflows.
PROBE = """
(language) => {
  const box = document.createElement("div");
  box.lang = language;
  box.style.cssText = "inline-size: 6em; hyphens: auto; overflow-wrap: normal; position: absolute";
  box.textContent = "Orientierungsberatung Informationsveranstaltung";
  document.body.append(box);
  const lines = box.scrollWidth <= box.clientWidth;
  box.remove();
  return lines;
}
"""

HEADING_PAGES = {
    # every offer, company and venue is a card on these lists, with its heading
    "all": ["", "offers/", "companies/", "venues/", "districts/hamme/", "target-groups/new-immigrants/"],
    # the record pages whose titles hold the longest words
    "de": [
        "offers/orientierungsberatung-neuzugewanderte/",
        "offers/jugendintegrationskurs/",
        "offers/hauptschulabschluss-nachholen/",
        "offers/bewerbungswerkstatt/",
        "companies/bauunternehmung-moertelmeister/",
        "companies/kfz-werkstatt-zuendfunke/",
        "venues/nachbarschaftshaus-dahlhausen/",
        "venues/integrationszentrum-innenstadt/",
    ],
    "ar": [
        "offers/jugendberufsagentur-sportverein-werne/",
        "offers/anerkennung-infoabend/",
        "companies/bauunternehmung-moertelmeister/",
        "venues/jugendfreizeithaus-querenburg/",
    ],
}


@pytest.mark.parametrize("width", [390, 320])
def test_no_heading_splits_a_word_without_a_hyphen(browser: Browser, served_site: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{served_site}/de/")
    hyphenates = [language for language in ("de", "en", "tr", "uk") if page.evaluate(PROBE, language)]
    broken = []
    for language in ("de", "en", "tr", "ar", "uk"):
        for rel in HEADING_PAGES["all"] + HEADING_PAGES.get(language, []):
            page.goto(f"{served_site}/{language}/{rel}")
            broken += [f"{language}/{rel}: {where}" for where in page.evaluate(BROKEN_WORDS, hyphenates)]
    assert broken == []
    context.close()


def test_the_measure_finds_a_word_split_without_a_hyphen(browser: Browser, served_site: str) -> None:
    """A control: a heading made too narrow for its longest word is reported."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{served_site}/de/offers/orientierungsberatung-neuzugewanderte/")
    page.evaluate("document.querySelector('main h1').style.cssText = 'inline-size: 5em; hyphens: manual'")
    broken = page.evaluate(BROKEN_WORDS, [])
    assert broken and broken[0].replace("|", "").startswith("Orientierungsberatun"), broken
    context.close()


def test_hyphenation_follows_each_elements_language(browser: Browser, served_site: str) -> None:
    """German names hyphenate as German inside Arabic pages; Arabic never; addresses never."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{served_site}/ar/companies/baeckerei-mohnkorn/")

    def hyphens(selector: str) -> str:
        return str(page.locator(selector).first.evaluate("e => getComputedStyle(e).hyphens"))

    assert hyphens("main h1 [lang=de]") == "auto"
    assert hyphens("main p.lead[lang=de]") == "auto"
    assert hyphens("main h2") == "manual"  # Arabic
    assert hyphens(".address bdi") == "manual"
    assert hyphens(".contact a[href^='mailto:']") == "manual"
    page.goto(f"{served_site}/uk/offers/")
    assert hyphens("main h1") == "auto"
    context.close()
