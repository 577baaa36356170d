"""Fixtures shared by the test modules: the example site built once, and served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_tools import CHROMIUM, CHROMIUM_ARGS, serve_folder
from playwright.sync_api import Browser, sync_playwright

from site_tools.paths import EXAMPLE_CONTENT
from site_tools.pipeline import build_site

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once per test session."""
    out = tmp_path_factory.mktemp("site") / "public"
    build_site(EXAMPLE_CONTENT, out, TODAY)
    return out


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built example site on http://127.0.0.1:PORT."""
    with serve_folder(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by every browser test."""
    assert Path(CHROMIUM).is_file(), "install Debian's chromium (apt-get install chromium); .ci/run does"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
