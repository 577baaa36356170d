"""Helpers for the browser tests: Debian's Chromium through Playwright (never its download), sites on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page

from site_tools.tools.bench import CHROMIUM, CHROMIUM_ARGS
from site_tools.tools.serve import serve_folder

__all__ = [
    "AXE_TAGS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "axe_violations",
    "collect_errors",
    "open_page",
    "serious_axe_violations",
    "serve_folder",
]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (what BITV 2.0 asks), and axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")


def collect_errors(page: Page) -> list[str]:
    """The page's console errors and uncaught exceptions, as they come; each console error names its address.

    Chromium's "Failed to load resource: … 404" does not say which resource; its location does.
    """
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            errors.append(f"{message.text} ({where})" if where else message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def open_page(browser: Browser, url: str, **context_options: object) -> tuple[Page, list[str], list[str]]:
    """Open `url`; return the page, its console errors and any request to another host."""
    context = browser.new_context(**context_options)  # type: ignore[arg-type]
    page = context.new_page()
    errors = collect_errors(page)
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url) if urlsplit(request.url).hostname not in ("127.0.0.1", None) else None
        ),
    )
    page.goto(url, wait_until="networkidle")
    return page, errors, foreign


def serious_axe_violations(page: Page) -> list[str]:
    """axe-core's violations of serious or critical impact, one line each."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations of any impact under AXE_TAGS, one line each, naming every element at fault."""
    options = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        for violation in results.response["violations"]
    ]
