"""A local preview server that rebuilds when content or templates change. Not for production."""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_tools.netlify import REDIRECT_STATUSES, HostRules, request_language


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {
        path: path.stat().st_mtime
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file()
    }


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder; unknown paths get the language's 404 page, like the host.

    With host rules (serve --headers), responses also carry netlify.toml's headers, and its
    redirects apply: "/" by language, the 404 page of each language.
    """

    rules: HostRules | None = None

    def do_GET(self) -> None:
        if not self._follow_host_rules():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._follow_host_rules():
            super().do_HEAD()

    def end_headers(self) -> None:
        if self.rules is not None:
            for name, value in self.rules.headers_for(urlsplit(self.path).path).items():
                self.send_header(name, value)
        super().end_headers()

    def _exists(self, path: str) -> bool:
        local = Path(self.translate_path(path))
        return local.is_file() or (local / "index.html").is_file()

    def _follow_host_rules(self) -> bool:
        """Apply the first matching redirect; True when the response has been sent."""
        if self.rules is None:
            return False
        address = urlsplit(self.path)
        cookies = {name: morsel.value for name, morsel in SimpleCookie(self.headers.get("Cookie", "")).items()}
        language = request_language(self.headers.get("Accept-Language"), cookies)
        found = self.rules.redirect_for(unquote(address.path), language, self._exists)
        if found is None:
            return False
        rule, target = found
        if rule.status in REDIRECT_STATUSES:
            self.send_response(rule.status)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        if rule.status == 404:
            self._send_page(Path(self.translate_path(target)), 404)
            return True
        self.path = target + (f"?{address.query}" if address.query else "")  # 200: a rewrite
        return False

    def _send_page(self, page: Path, status: int) -> None:
        body = page.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404:
            language = self.path.strip("/").split("/")[0]
            page = Path(self.directory) / language / "404.html"
            if len(language) == 2 and page.is_file():
                self._send_page(page, 404)
                return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the builder's messages matter more


def _handler(folder: Path, rules: HostRules | None) -> Callable[..., _Handler]:
    handler = type("SiteHandler", (_Handler,), {"rules": rules})
    return functools.partial(handler, directory=str(folder.resolve()))


@contextlib.contextmanager
def serve_folder(folder: Path, port: int = 0, rules: HostRules | None = None) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 in a background thread while the block runs; yield its base URL.

    Port 0 picks a free port (tests, the benchmark). `rules`: netlify.toml's headers and redirects.
    """
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(folder, rules))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def serve_site(
    out: Path, port: int, watch: list[Path], rebuild: Callable[[], None], rules: HostRules | None = None
) -> None:
    """Serve `out` on 127.0.0.1:`port`; call `rebuild` when a file under `watch` changes."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(out, rules))

    def watcher() -> None:
        seen = _snapshot(watch)
        while True:
            time.sleep(1.0)
            now = _snapshot(watch)
            if now != seen:
                seen = now
                rebuild()

    threading.Thread(target=watcher, daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
