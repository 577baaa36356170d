"""Audits of every kind of page in every language: axe-core, the Nu HTML Checker, no sideways scrolling.

Each kind of page is opened in Debian's Chromium in the state a resident sees it in: the map
after consent, the search page with results and a filter group open. Map tiles are not
fetched (no request leaves 127.0.0.1), so the audits see Leaflet's markup without pictures.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_tools import axe_violations
from page_kinds import KINDS, LANGUAGES, kind_paths, open_kind
from playwright.sync_api import Browser, Page

from site_tools.paths import NODE_MODULES

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The entry page ("/") exists once, for every language.
AXE_CASES = [(kind, language) for kind in KINDS if kind != "entry page" for language in LANGUAGES]
AXE_CASES.append(("entry page", "de"))
# Width in px and the browser's default font size (0: its own, 16 px).
SCREENS = {"320 px": (320, 0), "390 px, 32 px text": (390, 32)}
OVERFLOW_CASES = [
    (kind, language, screen)
    for kind in KINDS
    for language in (["de", "ar"] if kind != "entry page" else ["de"])
    for screen in SCREENS
]


@pytest.fixture(scope="module")
def paths(built_site: Path) -> dict[str, str]:
    return kind_paths(built_site)


# --- axe-core ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "language"), AXE_CASES)
def test_axe_finds_nothing(browser: Browser, served_site: str, paths: dict[str, str], kind: str, language: str) -> None:
    page = open_kind(browser, served_site, paths, kind, language)
    try:
        assert axe_violations(page) == []
    finally:
        page.context.close()


# --- the Nu HTML Checker ------------------------------------------------------------------------


def _vnu_errors(files: list[Path]) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors per file, from one run of Java over all of them (it is slow to start)."""
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    errors: dict[str, list[str]] = {str(file): [] for file in files}
    for message in json.loads(run.stderr)["messages"]:
        file = urlsplit(message.get("url", "")).path
        where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
        errors.setdefault(file, []).append(f"{where}: {message['message']} [{message.get('extract', '').strip()}]")
    return errors


@pytest.fixture(scope="module")
def vnu_results(
    built_site: Path,
    browser: Browser,
    served_site: str,
    paths: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, list[str]]:
    """Errors per document: a built page per kind and language, the DOM of search and map after their scripts."""
    files = []
    for language in LANGUAGES:
        for kind in KINDS:
            if kind == "entry page":
                continue
            path = paths[kind].split("?")[0]
            files.append(built_site / language / (path if path.endswith(".html") else f"{path}index.html"))
    files.append(built_site / "index.html")
    scripted = tmp_path_factory.mktemp("dom")
    for language in LANGUAGES:
        for kind in ("search", "map"):
            page = open_kind(browser, served_site, paths, kind, language)
            file = scripted / f"{language}-{kind}-after-scripts.html"
            file.write_text(page.content(), encoding="utf-8")
            page.context.close()
            files.append(file)
    assert VNU.is_file(), "npm ci installs vnu-jar (devDependencies)"
    return {
        (str(Path(name).relative_to(built_site)) if name.startswith(str(built_site)) else Path(name).name): found
        for name, found in _vnu_errors(files).items()
    }


def test_every_kind_of_built_page_is_valid_html(vnu_results: dict[str, list[str]]) -> None:
    built = {name: errors for name, errors in vnu_results.items() if not name.endswith("-after-scripts.html")}
    assert len(built) == len(LANGUAGES) * (len(KINDS) - 1) + 1
    assert {name: errors for name, errors in built.items() if errors} == {}


def test_search_and_map_stay_valid_html_after_their_scripts_ran(vnu_results: dict[str, list[str]]) -> None:
    scripted = {name: errors for name, errors in vnu_results.items() if name.endswith("-after-scripts.html")}
    assert len(scripted) == 2 * len(LANGUAGES)
    assert {name: errors for name, errors in scripted.items() if errors} == {}


# --- no sideways scrolling on small screens and with large text ------------------------------------


def _overflow(page: Page) -> list[str]:
    """How far the page is wider than the window, and the widest elements that stick out."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
            const width = window.innerWidth;
            const root = document.documentElement;
            if (root.scrollWidth <= width) return [];
            const out = [...document.body.querySelectorAll('*')]
                .map((el) => [el, el.getBoundingClientRect()])
                .filter(([el, box]) => box.width > 0 && (box.right > width + 0.5 || box.left < -0.5))
                .filter(([el]) => !el.closest('.leaflet-container'))
                .slice(0, 5)
                .map(([el, box]) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
                    + ` ${Math.round(box.left)}..${Math.round(box.right)}`);
            return [`scrollWidth ${root.scrollWidth} > ${width}`, ...out];
        }"""
    )


@pytest.mark.parametrize(("kind", "language", "screen"), OVERFLOW_CASES)
def test_no_page_scrolls_sideways(
    browser: Browser, served_site: str, paths: dict[str, str], kind: str, language: str, screen: str
) -> None:
    width, font_size = SCREENS[screen]
    page = open_kind(
        browser,
        served_site,
        paths,
        kind,
        language,
        font_size=font_size,
        viewport={"width": width, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
    )
    try:
        if font_size:
            assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") >= font_size
        assert _overflow(page) == []
    finally:
        page.context.close()
