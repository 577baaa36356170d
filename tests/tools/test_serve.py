"""The preview server: it never reads outside its folder, answers every request, and keeps a
preview that is already running on its port."""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fixture_paths import TESTS

from site_tools.paths import PROJECT_ROOT
from site_tools.pipeline import build_site
from site_tools.tools.netlify import read_host_rules
from site_tools.tools.serve import serve_folder

FIXTURE = TESTS / "fixtures" / "content"
SECRET = "secret beside the site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    build_site(FIXTURE, root / "public", dt.date(2026, 11, 21), search=False)
    (root / "secret.txt").write_text(SECRET)
    (root / "404.html").write_text(SECRET)  # what "/../x" used to get as its 404 page
    (root / "public" / "de" / "link-out").symlink_to(root)  # a link inside that leads outside
    return root / "public"


@pytest.fixture(scope="module", params=["plain", "headers"])
def base(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    rules = read_host_rules(site) if request.param == "headers" else None
    with serve_folder(site, rules=rules) as url:
        yield url


def raw_get(base: str, path: str) -> tuple[int, bytes]:
    """GET `path` exactly as written: no client-side cleaning of "..", "%00" and the like."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/de/../../secret.txt",
        "/de/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/../404.html",
        "/../x",
        "/de/link-out/secret.txt",
    ],
)
def test_no_address_reads_a_file_outside_the_served_folder(base: str, path: str) -> None:
    status, body = raw_get(base, path)
    assert status == 404
    assert SECRET.encode() not in body


@pytest.mark.parametrize("path", ["/de/%00", "/%00/x", "/de/%0d%0aSet-Cookie:%20x=1"])
def test_control_characters_in_an_address_get_400(base: str, path: str) -> None:
    status, _ = raw_get(base, path)
    assert status == 400


def test_folders_are_not_listed(base: str) -> None:
    status, body = raw_get(base, "/assets/")
    assert status == 404 and b"Directory listing" not in body


def test_very_long_addresses_are_answered(base: str) -> None:
    status, _ = raw_get(base, "/de/" + "a" * 5000)  # longer than a file name may be
    assert status == 404
    status, _ = raw_get(base, "/de/" + "a/" * 2000)
    assert status == 404
    status, _ = raw_get(base, "/de/" + "a" * 70_000)  # longer than a request line may be
    assert status == 414


def test_idle_connections_do_not_keep_others_from_being_answered(base: str) -> None:
    host, port = base.removeprefix("http://").split(":")
    idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(150)]
    try:
        for connection in idle[::2]:
            connection.sendall(b"GET /de/ HTTP/1.1\r\n")  # half a request, then nothing
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(lambda _: raw_get(base, "/de/")[0], range(150)))
        assert statuses == [200] * 150
        with urllib.request.urlopen(f"{base}/de/", timeout=10) as response:
            assert response.status == 200
    finally:
        for connection in idle:
            connection.close()


def test_serve_on_a_port_in_use_stops_before_building(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    beside = sorted(p.name for p in tmp_path.iterdir())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--content", str(FIXTURE)]
        result = subprocess.run(
            [*command, "--out", str(out), "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 2
    assert f"cannot serve on port {port}: Address already in use" in result.stderr
    assert "Traceback" not in result.stderr and "built" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == beside  # no staging folder: nothing was built


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_with_headers_answers_with_the_sites_policy_and_keeps_its_port(tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--content", str(FIXTURE)]
    command += ["--out", str(tmp_path / "public"), "--port", str(port), "--no-search"]
    first = subprocess.Popen([*command, "--headers"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/de/", timeout=5) as response:
                    headers = response.headers
                    break
            except OSError:
                assert first.poll() is None, first.stderr.read() if first.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert "'wasm-unsafe-eval'" in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        stamp = (tmp_path / "public" / ".site-tools-output").stat().st_mtime_ns
        # A second preview on the same port stops at once and leaves the running one's site alone.
        second = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2 and f"cannot serve on port {port}" in second.stderr
        assert (tmp_path / "public" / ".site-tools-output").stat().st_mtime_ns == stamp
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/de/", timeout=5) as response:
            assert response.status == 200
    finally:
        first.terminate()
        first.wait(timeout=10)


def test_with_compress_text_is_sent_gzipped_as_the_host_does_and_the_rest_as_it_is(site: Path) -> None:
    """The benchmark's Lighthouse run serves the site compressed; nothing else may change."""
    import gzip

    sticker = next((site / "assets").glob("*.svg")).name
    with serve_folder(site, rules=read_host_rules(site), compress=True) as url:

        def get(path: str, encoding: str) -> tuple[int, dict[str, str], bytes]:
            request = urllib.request.Request(url + path, headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()

        status, headers, body = get("/de/", "gzip, br")
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == (site / "de" / "index.html").read_bytes()
        assert "Content-Security-Policy" in headers  # the host's headers still come with it
        status, headers, body = get(f"/assets/{sticker}", "gzip")
        assert (
            headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == (site / "assets" / sticker).read_bytes()
        )
        status, headers, body = get("/de/", "identity")
        assert "Content-Encoding" not in headers and body == (site / "de" / "index.html").read_bytes()
        with pytest.raises(urllib.error.HTTPError) as missing:
            get("/de/no-such-page/", "gzip")
        assert missing.value.code == 404
