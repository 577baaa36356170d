"""netlify.toml: the headers and redirects the host applies, checked on the built site.

The site is served with `site_tools.tools.netlify`'s reading of netlify.toml (what
`python build.py serve --headers` does), so a page that breaks the Content-Security-Policy
fails here, in Chromium, before it fails on Netlify.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_tools import collect_errors, serious_axe_violations, serve_folder
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from site_tools.content.validate import load_and_validate
from site_tools.paths import EXAMPLE_CONTENT
from site_tools.tools.netlify import NETLIFY_TOML, HostRules, read_host_rules, request_language

LANGUAGES = ["de", "en", "tr", "ar", "uk"]
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
# Collected in the page: every policy violation, including those of workers.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def rules(built_site: Path) -> HostRules:
    return read_host_rules(built_site)


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return tomllib.loads(NETLIFY_TOML.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def host(built_site: Path, rules: HostRules) -> Iterator[str]:
    with serve_folder(built_site, rules=rules) as base:
        yield base


def policy(rules: HostRules) -> dict[str, list[str]]:
    header = rules.headers_for("/de/")["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {words[0]: words[1:] for words in directives}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects: (status, headers, body)."""
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(urllib.request.Request(url, headers=headers)) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# The file itself


def test_the_build_runs_our_build_command_with_a_pinned_python(config: dict[str, Any]) -> None:
    assert config["build"]["publish"] == "public"
    assert "python build.py build --out public" in config["build"]["command"]
    assert "npm ci" in config["build"]["command"]  # esbuild and Leaflet come from node_modules
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    assert config["context"]["deploy-preview"]["command"] == config["build"]["command"]


def test_the_policy_forbids_inline_code_and_allows_what_pagefind_and_the_map_need(rules: HostRules) -> None:
    csp = policy(rules)
    assert all("'unsafe-inline'" not in values and "'unsafe-eval'" not in values for values in csp.values())
    assert csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert csp["worker-src"] == ["'self'", "blob:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    # The tile server named in site.yaml, and no other host, may send images.
    loaded = load_and_validate(EXAMPLE_CONTENT, dt.date(2026, 11, 21)).content
    assert loaded is not None
    tiles = urlsplit(loaded.site.map.tiles.url)
    # data: only for images: Leaflet points a cancelled tile at an empty data: GIF.
    assert csp["img-src"] == ["'self'", "data:", f"{tiles.scheme}://{tiles.hostname}"]
    assert "data:" not in " ".join(value for name, values in csp.items() if name != "img-src" for value in values)
    headers = rules.headers_for("/de/")
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]


def test_fingerprinted_files_are_cached_for_a_year_and_pages_are_not(built_site: Path, rules: HostRules) -> None:
    immutable = "public, max-age=31536000, immutable"
    fingerprinted = re.compile(r"\.[0-9a-f]{10}\.\w+$")
    versioned = re.compile(r"^/assets/vendor/[a-z.]+-\d+\.\d+\.\d+/")
    cached = 0
    for path in sorted(built_site.rglob("*")):
        if not path.is_file():
            continue
        address = "/" + path.relative_to(built_site).as_posix()
        sent = rules.headers_for(address)
        # Two rules for one header would be joined by Netlify into nonsense.
        for name in sent:
            rules_setting_it = [source for source, values in rules.header_rules_for(address) if name in values]
            assert len(rules_setting_it) == 1, (address, name, rules_setting_it)
        if sent.get("Cache-Control") == immutable:
            cached += 1
            if address.startswith("/assets/"):
                assert fingerprinted.search(address) or versioned.match(address), address
            else:  # Pagefind's content-named index files
                assert re.match(r"^/pagefind/(index|fragment|filter)/", address), address
        else:
            assert "Cache-Control" not in sent, address
    assert cached > 100
    assert "Cache-Control" not in rules.headers_for("/de/")
    assert "Cache-Control" not in rules.headers_for("/pagefind/pagefind-entry.json")
    assert rules.headers_for("/data/companies.geojson")["Access-Control-Allow-Origin"] == "*"


# Redirects, as served by `serve --headers`


@pytest.mark.parametrize(
    ("accept_language", "cookie", "expected"),
    [
        ("ar-SY,ar;q=0.9,de;q=0.5", None, "/ar/"),
        ("de-DE,de;q=0.9", None, "/de/"),
        ("uk", None, "/uk/"),
        ("de-DE,de;q=0.9", "nf_lang=tr", "/tr/"),  # the switcher's choice wins
        ("fr-FR,ar;q=0.8", "other=1; nf_lang=en", "/en/"),
    ],
)
def test_the_home_address_redirects_by_language_and_the_cookie_wins(
    host: str, accept_language: str, cookie: str | None, expected: str
) -> None:
    headers = {"Accept-Language": accept_language} | ({"Cookie": cookie} if cookie else {})
    status, sent, _ = fetch(f"{host}/", **headers)
    assert (status, sent["Location"]) == (302, expected)


def test_an_unknown_first_language_gets_the_entry_page_which_lists_every_language(host: str) -> None:
    status, _, body = fetch(f"{host}/", **{"Accept-Language": "fr-FR,ar;q=0.8"})
    assert status == 200
    links = [a["href"] for a in BeautifulSoup(body, "html.parser").select("a[hreflang]")]
    assert links == [f"/{language}/" for language in LANGUAGES]


@pytest.mark.parametrize(("path", "language"), [("/en/no-such-page/", "en"), ("/ar/offers/gone/", "ar"), ("/x", "de")])
def test_unknown_addresses_get_the_404_page_of_their_language(host: str, path: str, language: str) -> None:
    status, sent, body = fetch(f"{host}{path}")
    assert status == 404
    page = BeautifulSoup(body, "html.parser")
    assert page.html is not None and page.html["lang"] == language
    assert "Content-Security-Policy" in sent


def test_request_language_reads_the_cookie_first_then_the_first_browser_language() -> None:
    assert request_language("tr-TR,tr;q=0.9", {}) == "tr"
    assert request_language("tr-TR", {"nf_lang": "uk"}) == "uk"
    assert request_language(None, {}) is None


# In Chromium: no page breaks the policy


def _open(browser: Browser, url: str, consent: bool = False, **options: Any) -> tuple[Page, list[str]]:
    context = browser.new_context(**options)
    context.add_init_script(RECORD_VIOLATIONS)
    if consent:
        context.add_init_script("localStorage.setItem('offene-tuer-map-consent', 'yes')")
    context.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=TILE, content_type="image/png"))
    page = context.new_page()
    errors = collect_errors(page)
    page.goto(url, wait_until="networkidle")
    return page, errors


def _violations(page: Page) -> list[str]:
    return page.evaluate("() => window.cspViolations")  # type: ignore[no-any-return]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("", "main h1"),
        ("companies/", ".card a"),
        ("companies/autohaus-kolbenring/", ".place-map .leaflet-tile-loaded"),
        ("map/", ".leaflet-marker-icon"),
        ("search/?q=Mechatroniker", ".pagefind-ui__result-link"),
        ("contact/", "form[data-netlify]"),
    ],
)
def test_pages_load_under_the_policy_with_no_violation_and_no_console_error(
    browser: Browser, host: str, language: str, path: str, ready: str
) -> None:
    page, errors = _open(browser, f"{host}/{language}/{path}", consent=True)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    response = page.request.get(page.url)
    assert "wasm-unsafe-eval" in response.headers["content-security-policy"]  # the policy really was sent
    assert _violations(page) == []
    assert errors == []
    page.context.close()


def test_the_policy_does_block_what_it_should(browser: Browser, host: str) -> None:
    """A control: inline script and a foreign image are refused, so the test above can fail."""
    page, _ = _open(browser, f"{host}/de/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.appendChild(script);
            const image = document.createElement("img");
            image.src = "https://elsewhere.example/pixel.png";
            document.body.appendChild(image);
        }"""
    )
    page.wait_for_function("() => window.cspViolations.length >= 2")
    assert page.evaluate("() => window.inlineRan") is None
    assert {v.split()[0] for v in _violations(page)} == {"script-src-elem", "img-src"}
    page.context.close()


def test_picking_a_language_sets_the_cookie_the_host_redirects_by(browser: Browser, host: str) -> None:
    page, errors = _open(browser, f"{host}/de/", locale="de-DE")
    page.click("a[data-language='tr']")
    page.wait_for_url("**/tr/")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["nf_lang"]["value"] == "tr" and cookies["nf_lang"]["path"] == "/"
    page.goto(f"{host}/", wait_until="networkidle")  # a German browser, but the visitor chose Turkish
    assert urlsplit(page.url).path == "/tr/"
    assert errors == []
    page.context.close()


def test_the_contact_form_is_a_netlify_form_with_a_hidden_honeypot(browser: Browser, host: str) -> None:
    page, _ = _open(browser, f"{host}/de/contact/")
    form = page.locator("form[name=contact]")
    assert form.get_attribute("data-netlify") == "true"
    assert form.get_attribute("data-netlify-honeypot") == "bot-field"  # Netlify reads it; valid HTML
    assert form.get_attribute("netlify-honeypot") is None
    assert form.get_attribute("method") == "post"
    assert form.get_attribute("action") == "/de/contact/sent/"
    assert page.locator("input[name=bot-field]").is_hidden()
    assert page.locator("input[name=form-name]").get_attribute("value") == "contact"
    for field in ("name", "email", "message"):
        assert page.locator(f"[name={field}]").is_visible()
    assert page.locator("[name=email]").get_attribute("required") is not None
    assert serious_axe_violations(page) == []
    status, _, body = fetch(f"{host}/de/contact/sent/")
    assert status == 200 and "Nachricht gesendet" in body.decode("utf-8")
    page.context.close()
