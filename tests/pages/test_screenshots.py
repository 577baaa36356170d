"""Phone screenshots of every kind of page in German and Arabic, for a reviewer to look at.

They are written to build/screenshots/ (PHONE-LANGUAGE-KIND.png, up to four screens long)
on every run. What the test itself asserts is what a resident sees first on a phone: the
page's heading (and on the map page, the map) inside the first screen, nothing wider than
the screen, and the page mirrored in Arabic. The map is shown with a stand-in tile (a plain
grid) answered inside the browser, so nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from page_kinds import KINDS, kind_paths, open_kind
from playwright.sync_api import Browser

from site_tools.paths import PROJECT_ROOT

SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
PHONE = {"width": 390, "height": 844}  # an everyday phone (CSS pixels)
MAX_SCREENS = 4  # long lists are cut here: the top is what a reviewer needs
CASES = [(kind, language) for kind in KINDS for language in ("de", "ar") if kind != "entry page" or language == "de"]


def _grid_tile(size: int = 256, step: int = 64) -> bytes:
    """A light grey map tile with a grid, as a PNG, so the map's controls and pins stand out as on real tiles."""
    ground, line = b"\xee\xef\xea", b"\xd5\xd8\xd0"
    rows = []
    for y in range(size):
        pixels = b"".join(line if y % step == 0 or x % step == 0 else ground for x in range(size))
        rows.append(b"\x00" + pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    image = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + image


@pytest.fixture(scope="module")
def paths(built_site: Path) -> dict[str, str]:
    return kind_paths(built_site)


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_a_phone_shows_the_page_heading_first_and_the_screenshot_is_saved(
    browser: Browser, served_site: str, paths: dict[str, str], kind: str, language: str
) -> None:
    page = open_kind(
        browser, served_site, paths, kind, language, tile=_grid_tile(), viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        if kind == "map":
            page.wait_for_selector(".leaflet-tile-loaded")
        page.evaluate("document.fonts.ready.then(() => null)")
        heading_bottom = page.evaluate("document.querySelector('h1').getBoundingClientRect().bottom + scrollY")
        assert heading_bottom <= PHONE["height"]
        if kind == "map":  # the map itself starts on the first screen (measured from the top of the page)
            map_top = page.evaluate("document.querySelector('#map_offene_tuer').getBoundingClientRect().top + scrollY")
            assert map_top < PHONE["height"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        direction = page.evaluate("getComputedStyle(document.body).direction")
        assert direction == ("rtl" if language == "ar" and kind != "entry page" else "ltr")

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        height = min(page.evaluate("document.documentElement.scrollHeight"), PHONE["height"] * MAX_SCREENS)
        file = SCREENSHOTS / f"phone-{language}-{kind.replace(' ', '-')}.png"
        page.screenshot(path=file, full_page=True, clip={"x": 0, "y": 0, "width": PHONE["width"], "height": height})
        assert file.read_bytes().startswith(b"\x89PNG") and file.stat().st_size > 10_000
    finally:
        page.context.close()
