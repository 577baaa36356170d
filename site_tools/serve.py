"""A local preview server that rebuilds when content or templates change. Not for production."""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {
        path: path.stat().st_mtime
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file()
    }


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder; unknown paths get the language's 404 page, like the host."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404:
            language = self.path.strip("/").split("/")[0]
            page = Path(self.directory) / language / "404.html"
            if len(language) == 2 and page.is_file():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the builder's messages matter more


@contextlib.contextmanager
def serve_folder(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 in a background thread while the block runs; yield its base URL.

    Port 0 picks a free port (tests, the benchmark).
    """
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Handler, directory=str(folder.resolve())))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def serve_site(out: Path, port: int, watch: list[Path], rebuild: Callable[[], None]) -> None:
    """Serve `out` on 127.0.0.1:`port`; call `rebuild` when a file under `watch` changes."""
    handler = functools.partial(_Handler, directory=str(out.resolve()))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)

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
