"""A local preview server that rebuilds when content or templates change. Not for production.

Still, it answers whatever a browser or a curious neighbour on the network sends: it reads
only files inside the served folder, answers malformed addresses with 400 and unknown ones
with the language's 404 page, serves each connection in its own thread and drops
connections that stay idle, so no client can make it stop answering the others.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from site_tools.errors import ConfigError
from site_tools.tools.netlify import REDIRECT_STATUSES, HostRules, request_language

# Seconds a connection may stay silent before it is closed.
IDLE_SECONDS = 20
# Control characters never belong in an address; "\0" would even crash the file lookup.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LANGUAGE = re.compile(r"[a-z]{2}")
# What a host such as Netlify compresses; Pagefind's index files are gzip streams already.
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/geo+json")


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

    # Read once per request: a rebuild may change the site's _headers.
    rules_source: Callable[[], HostRules] | None = None
    rules: HostRules | None = None
    compress = False  # gzip text as the host does (the benchmark's Lighthouse run)
    timeout = IDLE_SECONDS

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.rules_source is not None:
            self.rules = self.rules_source()
        path = unquote(urlsplit(self.path).path)
        if not path.startswith("/") or _CONTROL.search(path):
            self.send_error(400, "Bad address")
            return False
        return True

    def do_GET(self) -> None:
        if not self._follow_host_rules():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._follow_host_rules():
            super().do_HEAD()

    def send_head(self) -> Any:
        if self._local(self.path) is None:
            self.send_error(404)
            return None
        if self.compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self._send_compressed()
        return super().send_head()

    def _send_compressed(self) -> Any:
        """Like send_head, but text is sent gzipped, with the same headers otherwise."""
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to "folder/"
            local = local / "index.html"
        content_type = self.guess_type(str(local))
        if not local.is_file() or not content_type.startswith(_COMPRESSIBLE):
            return super().send_head()  # folders redirect, 404s, images and index files as before
        body = gzip.compress(local.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404)  # a folder without index.html: the host lists nothing either

    def _local(self, path: str) -> Path | None:
        """The file for an address, or None if it would lie outside the served folder (a link, say)."""
        local = self.translate_path(path)
        root = os.path.realpath(str(self.directory))
        real = os.path.realpath(local)
        return Path(local) if real == root or real.startswith(root + os.sep) else None

    def end_headers(self) -> None:
        if self.rules is not None:
            # An answer to a request line too long to read (414) has no path: the site-wide headers.
            path = urlsplit(getattr(self, "path", "/")).path
            for name, value in self.rules.headers_for(path).items():
                self.send_header(name, value)
        super().end_headers()

    def _exists(self, path: str) -> bool:
        try:
            local = self._local(path)
            return local is not None and (local.is_file() or (local / "index.html").is_file())
        except (OSError, ValueError):  # a name too long for the file system, say
            return False

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
            self._send_page(self._local(target), 404)
            return True
        self.path = target + (f"?{address.query}" if address.query else "")  # 200: a rewrite
        return False

    def _send_page(self, page: Path | None, status: int) -> None:
        try:
            if page is None:
                raise FileNotFoundError
            body = page.read_bytes()
        except (OSError, ValueError):
            super().send_error(status)
            return
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404:
            language = unquote(urlsplit(self.path).path).strip("/").split("/")[0]
            if _LANGUAGE.fullmatch(language):
                page = Path(str(self.directory)) / language / "404.html"
                if page.is_file():
                    self._send_page(page, 404)
                    return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the builder's messages matter more


class _Server(ThreadingHTTPServer):
    """One thread per connection; a longer queue than socketserver's 5 for bursts of requests."""

    request_queue_size = 128
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # a browser that went away
            super().handle_error(request, client_address)


def _handler(
    folder: Path, rules: HostRules | Callable[[], HostRules] | None, compress: bool = False
) -> Callable[..., _Handler]:
    source = rules if callable(rules) else None
    # staticmethod: a function in a class would be called with the handler as its first argument.
    attributes = {
        "rules": None if source else rules,
        "rules_source": staticmethod(source) if source else None,
        "compress": compress,
    }
    handler = type("SiteHandler", (_Handler,), attributes)
    return functools.partial(handler, directory=str(folder.resolve()))


@contextlib.contextmanager
def serve_folder(
    folder: Path, port: int = 0, rules: HostRules | None = None, *, compress: bool = False
) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 in a background thread while the block runs; yield its base URL.

    Port 0 picks a free port (tests, the benchmark). `rules`: netlify.toml's headers and redirects.
    `compress`: gzip text for browsers that accept it, as the host does.
    """
    server = _Server(("127.0.0.1", port), _handler(folder, rules, compress))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def claim_port(out: Path, port: int, rules: Callable[[], HostRules] | None = None) -> ThreadingHTTPServer:
    """Take the port for serving `out` before anything is built; raise ConfigError if it is in use.

    The port is listened on at once, so a second preview started meanwhile finds it taken;
    browsers that connect before `serve_site` starts wait in the queue. `rules` reads the
    host's headers and redirects (serve --headers), anew for each request.
    """
    try:
        server = _Server(("127.0.0.1", port), _handler(out, rules))
    except OSError as exc:
        raise ConfigError(
            f"cannot serve on port {port}: {exc.strerror}; is another preview running? Try --port {port + 1}"
        ) from None
    return server


def serve_site(server: ThreadingHTTPServer, watch: list[Path], rebuild: Callable[[], None]) -> None:
    """Answer on the port `claim_port` took; call `rebuild` when a file under `watch` changes."""

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
