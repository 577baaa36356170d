"""The site's own CSS and JavaScript: source files per feature, bundled and minified by esbuild.

What the bundles do in a browser is tested where each feature is (tests/pages/test_browser.py,
test_map.py, test_search.py); here: which files the pages load, that every source file is in
them, minified, without source maps, the same on every build, what a build says when
esbuild is missing or finds a mistake in the sources, and the fonts: which a page loads, and
that a first visit's CSS and fonts fit the budget.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import shutil
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, SoupStrainer
from cli_tools import run
from fixture_paths import TESTS
from fontTools.ttLib import TTFont
from playwright.sync_api import Browser, Response

from site_tools.errors import BuildError
from site_tools.outputs import assets
from site_tools.paths import EXAMPLE_CONTENT
from site_tools.pipeline import build_site

TODAY = dt.date(2026, 11, 21)
FIXTURE = TESTS / "fixtures" / "content"
SOURCES = {kind: sorted((assets.ASSET_DIR / kind).glob(f"*.{kind}")) for kind in ("js", "css")}
BUNDLE_NAME = re.compile(r"/assets/site\.[0-9a-f]{10}\.(js|css)")
COMMENT = re.compile(r"/\*.*?\*/|(?:^|\s)//[^\n]*", re.DOTALL)
JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
JS_REGEX = re.compile(r"(?<=\()/(?:[^/\\\n]|\\.)+/[a-z]*")  # /"/g in .replace(/"/g, "&quot;")
JS_PROPERTY = re.compile(r"\.([A-Za-z_$][\w$]*)")
JS_IMPORT = re.compile(r'^import .* from "\./([\w-]+\.js)";$', re.MULTILINE)
CSS_IMPORT = re.compile(r'^@import "([\w-]+\.css)";$', re.MULTILINE)


@cache
def bundles(site: Path) -> dict[str, str]:
    """The site's JS and CSS bundle, by kind."""
    found = {path.suffix[1:]: path for path in (site / "assets").glob("site.*") if path.suffix in (".js", ".css")}
    return {kind: path.read_text(encoding="utf-8") for kind, path in found.items()}


def code_of(source: Path) -> str:
    """A source file without its comments."""
    return COMMENT.sub("", source.read_text(encoding="utf-8"))


def test_every_page_loads_one_site_script_and_one_site_sheet_that_exist(built_site: Path) -> None:
    only_head_links = SoupStrainer(["link", "script"])
    used: set[str] = set()
    pages = sorted(built_site.rglob("*.html"))
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser", parse_only=only_head_links)
        scripts = [tag["src"] for tag in soup.find_all("script") if BUNDLE_NAME.fullmatch(str(tag.get("src")))]
        sheets = [
            tag["href"]
            for tag in soup.find_all("link", rel="stylesheet")
            if BUNDLE_NAME.fullmatch(str(tag.get("href")))
        ]
        assert len(scripts) == 1 and len(sheets) == 1, page
        used.update(map(str, scripts + sheets))
    assert len(pages) > 100
    assert len(used) == 2, used  # the same two files on every page
    assert all((built_site / url.lstrip("/")).is_file() for url in used)
    # No bundle left over from another name, and none of the source files published on its own.
    assert sorted(path.suffix for path in (built_site / "assets").glob("site.*")) == [".css", ".js"]


@pytest.mark.parametrize("kind", ["js", "css"])
def test_the_bundles_are_minified(built_site: Path, kind: str) -> None:
    bundle = bundles(built_site)[kind]
    sources = SOURCES[kind]
    assert len(bundle.encode("utf-8")) < 0.8 * sum(len(path.read_bytes()) for path in sources)
    assert bundle.count("\n") == 1 and bundle.endswith("\n")  # one line
    assert "/*" not in bundle
    comments = [
        " ".join(found.group().strip(" /*\n").split())
        for path in sources
        for found in COMMENT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert len(comments) > 10
    assert [comment for comment in comments if comment and comment in bundle] == []
    if kind == "js":
        assert "startMapPage" not in bundle and "function (" not in bundle  # local names shortened


def test_no_source_maps_are_published(built_site: Path) -> None:
    files = [path for path in built_site.rglob("*") if path.is_file()]
    assert [path for path in files if path.suffix == ".map"] == []
    assert [path for path in files if b"sourceMappingURL" in path.read_bytes()] == []


@pytest.mark.parametrize("kind", ["js", "css"])
def test_every_source_file_is_imported_by_the_entry_file(kind: str) -> None:
    """A file nobody imports would be left out of the bundle without a word."""
    pattern = JS_IMPORT if kind == "js" else CSS_IMPORT
    folder = assets.ASSET_DIR / kind
    reached, waiting = set(), [f"site.{kind}"]
    while waiting:
        name = waiting.pop()
        reached.add(name)
        waiting += [found for found in pattern.findall(code_of(folder / name)) if found not in reached]
    assert sorted(reached) == [path.name for path in SOURCES[kind]]


@pytest.mark.parametrize("source", SOURCES["js"], ids=lambda path: path.name)
def test_every_script_module_is_in_the_bundle(built_site: Path, source: Path) -> None:
    """Each module's strings, e.g. the data-* attributes it looks for, are in the bundle."""
    code = JS_REGEX.sub("", JS_IMPORT.sub("", code_of(source)))
    strings = {text for text in JS_STRING.findall(code) if text.strip()}
    # Property names too (esbuild shortens only local names), e.g. window.print in print.js.
    properties = {f".{name}" for name in JS_PROPERTY.findall(JS_STRING.sub('""', code))}
    assert strings and properties, f"{source.name} has nothing to look for"
    bundle = bundles(built_site)["js"]
    # esbuild writes ASCII: "–" as \u2013.
    missing = [text for text in strings if text.encode("ascii", "backslashreplace").decode() not in bundle]
    assert missing + [name for name in properties if name not in bundle] == []


@pytest.mark.parametrize("source", SOURCES["css"], ids=lambda path: path.name)
def test_every_stylesheet_is_in_the_bundle(built_site: Path, source: Path) -> None:
    """Each sheet's selectors, written as esbuild writes them, are in the bundle."""
    code = code_of(source)
    preludes = re.findall(r"([^{};]+)\{", code)
    selectors = [written(selector) for prelude in preludes for selector in prelude.split(",")]
    tokens = re.findall(r"--[\w-]+:", code)  # the design tokens' names
    bundle = bundles(built_site)["css"]
    assert [text for text in selectors + tokens if text not in bundle] == []


def written(selector: str) -> str:
    """A selector or at-rule as esbuild minifies it: `.languages a[aria-current=true]`, `@media(min-width:40rem)`."""
    selector = " ".join(selector.split())
    selector = re.sub(r'="([\w-]+)"\]', r"=\1]", selector)
    selector = re.sub(r"\s*([>+~])\s*", r"\1", selector)  # `.map-filters > *` -> `.map-filters>*`
    selector = re.sub(r"^@media \(", "@media(", re.sub(r"\(([\w-]+): ", r"(\1:", selector))
    return selector.replace("::before", ":before").replace("::after", ":after")


def test_two_builds_write_byte_identical_assets(built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "public"
    build_site(EXAMPLE_CONTENT, again, TODAY, search=False)
    first, second = (sorted((site / "assets").glob("site.*")) for site in (built_site, again))
    assert [path.name for path in first] == [path.name for path in second]
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]


def test_without_esbuild_the_build_stops_and_says_to_run_make_setup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assets, "NODE_MODULES", tmp_path / "node_modules")  # as before `make setup`
    out = tmp_path / "public"
    code, _, stderr = run("build", "--content", str(FIXTURE), "--out", str(out), "--today", "2026-11-21")
    assert code == 1
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(
        "build failed: esbuild, which bundles the site's CSS and JavaScript, is not installed: run `make setup` ("
    )
    assert not out.exists()


def _copy_of_the_sources(tmp_path: Path) -> Path:
    copy = tmp_path / "assets"
    shutil.copytree(assets.ASSET_DIR, copy)
    return copy


def test_a_syntax_error_in_a_module_is_reported_with_file_line_and_column(tmp_path: Path) -> None:
    sources = _copy_of_the_sources(tmp_path)
    module = sources / "js" / "print.js"
    lines = module.read_text(encoding="utf-8").count("\n")
    module.write_text(module.read_text(encoding="utf-8") + "export var broken = ;\n", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        assets.bundle(sources / "js" / "site.js")
    # "export var broken = ;": the semicolon is the 21st character.
    assert re.fullmatch(rf'\S*/js/print\.js:{lines + 1}:21: error: Unexpected ";"', str(raised.value))


def test_a_broken_stylesheet_rule_stops_the_build(tmp_path: Path) -> None:
    """The footer's rule lost its selector once and nobody noticed; esbuild's warning is an error here."""
    sources = _copy_of_the_sources(tmp_path)
    sheet = sources / "css" / "footer.css"
    sheet.write_text(sheet.read_text(encoding="utf-8") + " margin-block-start: 2rem; }\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"/css/footer\.css:\d+:\d+: warning: "):
        assets.bundle(sources / "css" / "site.css")


# What a first visit may fetch of CSS and fonts, gzip-compressed (woff2 hardly shrinks further).
FIRST_VISIT_BUDGET = 120_000


def _first_visit(browser: Browser, url: str) -> dict[str, bytes]:
    """The stylesheets and fonts a first visit of `url` loads, by URL path, once its fonts are ready."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    page.wait_for_load_state("networkidle")
    loaded = {
        urlsplit(response.url).path: response.body()
        for response in responses
        if response.request.resource_type in ("stylesheet", "font") and response.ok
    }
    context.close()
    return loaded


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_first_visit_of_the_home_page_fetches_at_most_120_kb_of_css_and_fonts(
    browser: Browser, served_site: str, language: str
) -> None:
    loaded = _first_visit(browser, f"{served_site}/{language}/")
    sizes = {path: len(gzip.compress(body, 9)) for path, body in loaded.items()}
    assert any(path.endswith(".woff2") for path in sizes), sizes  # the site's own fonts, not the phone's
    assert any(path.endswith(".css") for path in sizes), sizes
    assert sum(sizes.values()) <= FIRST_VISIT_BUDGET, sizes


@pytest.mark.parametrize(
    ("language", "wanted", "unwanted"),
    [
        ("de", ["fira-sans-latin-400"], ["noto-sans-arabic", "cyrillic-600"]),
        ("uk", ["fira-sans-latin-400", "fira-sans-cyrillic-400", "fira-sans-cyrillic-600"], ["noto-sans-arabic"]),
        ("ar", ["noto-sans-arabic-400", "noto-sans-arabic-600"], []),
    ],
)
def test_each_language_loads_the_faces_of_its_script_and_only_arabic_pages_the_arabic_face(
    browser: Browser, served_site: str, language: str, wanted: list[str], unwanted: list[str]
) -> None:
    fonts = [Path(path).name for path in _first_visit(browser, f"{served_site}/{language}/") if path.endswith(".woff2")]
    assert [name for name in wanted if not any(font.startswith(name + ".") for font in fonts)] == [], fonts
    assert [font for font in fonts if any(font.startswith(name) for name in unwanted)] == []


def test_fonts_are_fingerprinted_files_named_in_the_bundle(built_site: Path) -> None:
    fonts = sorted((built_site / "assets").glob("*.woff2"))
    sources = sorted((assets.ASSET_DIR / "fonts").glob("*.woff2"))
    assert [font.name.split(".")[0] for font in fonts] == [source.stem for source in sources]
    assert all(re.fullmatch(r"[\w-]+\.[0-9a-f]{10}\.woff2", font.name) for font in fonts)
    css = bundles(built_site)["css"]
    assert all(f"/assets/{font.name}" in css for font in fonts)
    assert css.count("font-display:swap") == len(fonts) and css.count("unicode-range:") == len(fonts)


FONT_FACE = re.compile(r'@font-face\s*{[^}]*url\("\.\./fonts/([\w-]+\.woff2)"\)[^}]*unicode-range:\s*([^;]+);')


def _code_points(unicode_range: str) -> set[int]:
    points: set[int] = set()
    for part in unicode_range.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def test_every_character_the_site_shows_is_in_the_font_that_claims_it(built_site: Path) -> None:
    """A character inside a face's unicode-range but cut from the file would fall back to
    another font mid-word (or show as a box); the subsets must keep all the site's text."""
    shown = {ord(char) for page in built_site.rglob("*.html") for char in page.read_text(encoding="utf-8")}
    faces = FONT_FACE.findall((assets.ASSET_DIR / "css" / "fonts.css").read_text(encoding="utf-8"))
    assert len(faces) == len(list((assets.ASSET_DIR / "fonts").glob("*.woff2")))
    missing = {}
    for file_name, unicode_range in faces:
        cmap = TTFont(assets.ASSET_DIR / "fonts" / file_name).getBestCmap()
        wanted = shown & _code_points(unicode_range)
        lost = sorted(chr(point) for point in wanted - cmap.keys() if chr(point).isprintable() and point > 0x20)
        if lost:
            missing[file_name] = lost
    assert missing == {}


def test_arabic_text_is_drawn_with_the_arabic_face(browser: Browser, served_site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{served_site}/ar/", wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => null)")
    family = page.evaluate("getComputedStyle(document.querySelector('main h1')).fontFamily")
    assert family.startswith('"Noto Sans Arabic"'), family
    faces = page.evaluate(
        "[...document.fonts].filter(face => face.status === 'loaded').map(face => face.family.replace(/\"/g, ''))"
    )
    assert "Noto Sans Arabic" in faces, faces
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'مرحبا')")
    context.close()
