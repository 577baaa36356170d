"""Fixtures shared by the test modules: the example site built once, and served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from site_tools.paths import EXAMPLE_CONTENT
from site_tools.pipeline import build_site

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once per test session."""
    out = tmp_path_factory.mktemp("site") / "public"
    build_site(EXAMPLE_CONTENT, out, TODAY)
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built example site on http://127.0.0.1:PORT (a free port)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
