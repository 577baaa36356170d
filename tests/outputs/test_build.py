"""Building: untrusted text stays harmless, a failed or killed build changes nothing,
and every UI string is translated into every language."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from fixture_paths import TESTS

from site_tools import pipeline
from site_tools.errors import BuildError, ContentError
from site_tools.outputs.write import SiteWriter
from site_tools.paths import PROJECT_ROOT
from site_tools.pipeline import build_site
from site_tools.tools.fake import generate_content

FIXTURE = TESTS / "fixtures" / "content"
TODAY = dt.date(2026, 11, 21)

XSS_MARKDOWN = """Harmlos.

<script>alert("script")</script>

<img src=x onerror="alert('img')">

<iframe src="https://evil.example/"></iframe>

[Link eins](javascript:alert(1)) und <a href="JaVaScRiPt:alert(2)">Link zwei</a>
und [Link drei](vbscript:msgbox(3)) und [Link vier](data:text/html;base64,PHNjcmlwdD4=)

<svg onload="alert('svg')"><circle r="1"/></svg>

<p style="color:red" onclick="alert('p')">Absatz</p>

<span data-pagefind-meta="url:javascript:alert(1)" data-pagefind-body>Suchtreffer umleiten</span>

[Sicher](https://example.org/)
"""
XSS_TEXT = '<script>alert("title")</script><img src=x onerror=alert(1)>'


def _content_with_xss(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    offer = content / "offers" / "beratung-test.yaml"
    text = offer.read_text(encoding="utf-8")
    indented = "\n".join("    " + line if line else "" for line in XSS_MARKDOWN.splitlines())
    text = text.replace("  de: |\n    Ein **Text**.\n", f"  de: |\n{indented}\n")
    text = text.replace("  de: Beratung\n", f"  de: '{XSS_TEXT}'\n")
    text = text.replace("  de: Kurz gesagt.\n", f"  de: '{XSS_TEXT}'\n")
    offer.write_text(text, encoding="utf-8")
    company = content / "companies" / "baeckerei-test.yaml"
    company.write_text(
        company.read_text(encoding="utf-8").replace("name: Bäckerei Test", f"name: '{XSS_TEXT}'"), encoding="utf-8"
    )
    page = content / "pages" / "about.de.md"
    page.write_text("---\ntitle: Über uns\n---\n\n" + XSS_MARKDOWN, encoding="utf-8")
    return content


def test_xss_corpus_comes_out_escaped_or_removed(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build_site(_content_with_xss(tmp_path), out, TODAY)
    checked = 0
    for page in out.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        document = BeautifulSoup(source, "html.parser")
        # Markdown must not steer the search index: no result URL, title or body of its own.
        for prose in document.select(".prose"):
            assert not [tag for tag in prose.find_all(True) if any(a.startswith("data-") for a in tag.attrs)], page
        for script in document.find_all("script"):
            assert script.get("src", "").startswith(("/assets/", "/pagefind/")), page
        assert document.find(["iframe", "object", "embed", "img"], src=re.compile("x|evil")) is None, page
        for tag in document.find_all(True):
            assert isinstance(tag, Tag)
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), f"{page}: {attribute}"
                assert attribute != "style", page
                if attribute in ("href", "src"):
                    scheme = str(value).strip().lower().split(":", 1)[0]
                    assert scheme not in ("javascript", "vbscript", "data"), f"{page}: {value}"
            if tag.name == "svg":
                # Ours only: a QR code, the icon sprite (templates/_icons.html) first in <body>,
                # or an icon that shows one of the sprite's symbols and nothing else.
                classes = tag.get("class", [])
                first_in_body = tag.parent is document.body and tag.find_previous_sibling() is None
                sprite = "icon-sprite" in classes and first_in_body
                uses = [str(child.get("href", "")) for child in tag.find_all(True)]
                icon = "icon" in classes and len(uses) == 1 and re.fullmatch(r"#icon-[a-z-]+", uses[0]) is not None
                assert "qr" in classes or sprite or icon, page
        if "offers/beratung-test" in page.as_posix() and "/de/" in page.as_posix():
            # The text fields are shown as text, not dropped.
            assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in source or "&lt;script&gt;" in source
            assert "Absatz" in source and 'href="https://example.org/"' in source
            assert 'rel="noopener"' in source
            checked += 1
    assert checked == 1


# --- atomic builds -------------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous_site(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "public"
    build_site(content, out, TODAY)
    return content, out, _snapshot(out)


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith((".building-", ".replaced-")))


def test_a_late_failure_leaves_the_previous_site(
    previous_site: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    content, out, before = previous_site

    real_render_pages = pipeline.render_pages

    def render_then_fail(*args: Any, **kwargs: Any) -> int:
        real_render_pages(*args, **kwargs)  # every page is written to the staging folder
        raise BuildError("the last stage broke")

    monkeypatch.setattr(pipeline, "render_pages", render_then_fail)
    (content / "offers" / "beratung-test.yaml").write_text(
        (content / "offers" / "beratung-test.yaml").read_text(encoding="utf-8").replace("Beratung\n", "Neu\n")
    )
    with pytest.raises(BuildError):
        build_site(content, out, TODAY)
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def test_content_errors_leave_the_previous_site(previous_site: tuple[Path, Path, dict[str, bytes]]) -> None:
    content, out, before = previous_site
    (content / "companies" / "kaputt.yaml").write_text("name: [\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_site(content, out, TODAY)
    assert any("kaputt.yaml" in problem.file for problem in caught.value.problems)
    assert _snapshot(out) == before


def test_a_killed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    content = tmp_path / "big"
    generate_content(content, companies=3000, offers=300, venues=50, seed=5, today=TODAY)
    out = tmp_path / "public"
    build_site(FIXTURE, out, TODAY)
    before = _snapshot(out)
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--content", str(content), "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".building-") for p in tmp_path.iterdir()):
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.5)  # half way through writing pages
    assert process.poll() is None
    group = os.getpgid(process.pid)
    assert group == process.pid != os.getpgid(0)  # its own group: the build and its workers only
    os.killpg(group, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert _snapshot(out) == before
    # The next build clears what the killed one left behind.
    build_site(FIXTURE, out, TODAY)
    assert _leftovers(out) == []


def test_a_swap_interrupted_between_renames_is_repaired(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build_site(FIXTURE, out, TODAY)
    before = _snapshot(out)
    out.rename(tmp_path / ".replaced-public")  # as if killed right after the first rename
    with SiteWriter(out):
        pass
    assert _snapshot(out) == before


def test_the_writer_refuses_duplicates_and_paths_outside(tmp_path: Path) -> None:
    with SiteWriter(tmp_path / "public") as writer:
        writer.write_text("de/index.html", "eins")
        with pytest.raises(BuildError, match="same file"):
            writer.write_text("de/index.html", "zwei")
        for bad in ("../escape.html", "/etc/passwd", "de/../../x.html"):
            with pytest.raises(BuildError, match="outside"):
                writer.write_text(bad, "x")
    assert not (tmp_path / "public").exists()  # never committed


# --- UI translations ------------------------------------------------------------------------------


def _ui_messages() -> set[str]:
    method_map = [("site_tools/**.py", "python"), ("templates/**.html", "jinja2")]
    options_map = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT),
        method_map,
        options_map,
        keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)},
    ):
        messages.add(message[0] if isinstance(message, tuple) else message)
    return messages


# {name} for str.format, %(num)d for plurals, [SEARCH_TERM] for Pagefind's UI strings.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)d|\[[A-Z_]+\]")


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "uk"])
def test_every_ui_string_is_translated(language: str) -> None:
    with (PROJECT_ROOT / "locale" / f"{language}.po").open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    untranslated = []
    for message_id in sorted(_ui_messages()):
        message = catalog.get(message_id)
        strings = (
            [] if message is None else (list(message.string) if isinstance(message.string, tuple) else [message.string])
        )
        if message is None or message.fuzzy or not all(strings):
            untranslated.append(message_id)
            continue
        plural = isinstance(message.id, tuple)
        wanted = set(PLACEHOLDER.findall(message.id[1] if plural else message.id))
        for string in strings:
            found = set(PLACEHOLDER.findall(string))
            # Plural forms may leave out the number ("one entry"); nothing else may be lost or added.
            assert found <= wanted if plural else found == wanted, f"{language}: {message.id!r} -> {string!r}"
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated"


# --- QR codes ---------------------------------------------------------------------------------------


def test_qr_svg_draws_exactly_the_modules_segno_encodes() -> None:
    import segno

    from site_tools.pages.qr import BORDER, qr_svg

    url = "https://offene-tuer-bochum.example/companies/kfz-werkstatt-zuendfunke/"
    svg = BeautifulSoup(str(qr_svg(url)), "html.parser").svg
    assert svg is not None and svg["aria-hidden"] == "true"  # the caption says what it is
    expected = segno.make(url, error="m", micro=False, mask=0).matrix
    size = len(expected)
    drawn = [[0] * size for _ in range(size)]
    path = svg.path
    assert path is not None
    x, y = 0.0, 0.0
    for command, dx, dy, width in re.findall(r"([Mm])(-?[\d.]+) (-?[\d.]+)h(\d+)", str(path["d"])):
        x, y = (float(dx), float(dy)) if command == "M" else (x + float(dx), y + float(dy))
        for column in range(int(x) - BORDER, int(x) - BORDER + int(width)):
            drawn[int(y - 0.5) - BORDER][column] = 1  # a stroke along the middle of the row
        x += int(width)
    assert drawn == [[int(bool(module)) for module in row] for row in expected]
    assert segno.make(url, error="m", micro=False, mask=0).version <= 6  # small enough to scan from paper


# --- the preview server ------------------------------------------------------------------------


def _fetch(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_serve_builds_serves_and_rebuilds_on_change(tmp_path: Path) -> None:
    import socket

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--content", str(content)]
    command += ["--out", str(tmp_path / "public"), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, page = _fetch(f"{base}/de/offers/beratung-test/")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert status == 200 and "<h1>Beratung</h1>" in page
        assert _fetch(f"{base}/de/gibt-es-nicht/")[0] == 404
        offer = content / "offers" / "beratung-test.yaml"
        offer.write_text(offer.read_text(encoding="utf-8").replace("de: Beratung\n", "de: Neue Beratung\n"))
        while "<h1>Neue Beratung</h1>" not in _fetch(f"{base}/de/offers/beratung-test/")[1]:
            assert time.monotonic() < deadline, "no rebuild after a change"
            time.sleep(0.3)
        # A broken record keeps the last good site on air.
        offer.write_text("title: [\n", encoding="utf-8")
        time.sleep(3)
        assert "<h1>Neue Beratung</h1>" in _fetch(f"{base}/de/offers/beratung-test/")[1]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
