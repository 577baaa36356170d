"""The site's own CSS and JavaScript, bundled and minified, and its images, with content hashes in their names.

The CSS and JavaScript are source files per feature in templates/assets/css/ and js/. esbuild
(pinned in package-lock.json, installed by `make setup`) bundles each entry file with the files
it imports, in their order, and minifies it. No source map is written: the site serves only
what browsers run. esbuild's warnings stop the build like its errors: they are about our own
code (a stylesheet rule that had lost its selector went unnoticed in the single old sheet).

The stylesheet's fonts (templates/assets/fonts/, named in css/fonts.css by url()) go through
esbuild's file loader: it copies each into /assets/ and writes its address into the CSS; the
copies get fingerprinted names like every asset.

A changed file gets a new name, so browsers may cache every asset for a year.
"""

from __future__ import annotations

import hashlib
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from site_tools.content.validate import Content
from site_tools.errors import BuildError
from site_tools.outputs.search_index import BUNDLE_DIR
from site_tools.outputs.write import SiteWriter
from site_tools.paths import NODE_MODULES, PROJECT_ROOT

ASSET_DIR = PROJECT_ROOT / "templates" / "assets"
# name in templates -> entry file in templates/assets/, bundled with everything it imports
SITE_BUNDLES = {"css": "css/site.css", "js": "js/site.js"}
# The browsers the script has always needed: it loads Pagefind with import(), which older
# browsers cannot even parse. esbuild writes no JavaScript or CSS syntax these cannot read (the
# sources are ES5 apart from import(), and it adds -webkit-clip-path for Safari before 13.1).
BROWSERS = "chrome63,edge79,firefox67,ios11.3,opera50,safari11.1"
ESBUILD_TIMEOUT_SECONDS = 120
# Files the stylesheets point to by url(): copied by esbuild as NAME.HASH.EXT into /assets/.
FILE_LOADERS = ("woff2",)
# Python's name for the processor -> Node's (process.arch), which esbuild's packages are named by.
NODE_ARCH = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "i386": "ia32", "i686": "ia32", "armv7l": "arm"}
# esbuild reports "✘ [ERROR] Unexpected ";"" and, indented below, "path/file.js:2:4:" (column from 0).
ESBUILD_MESSAGE = re.compile(r"\[(ERROR|WARNING)\] (.+)")
ESBUILD_LOCATION = re.compile(r"^\s+(.+):(\d+):(\d+):$")


def fingerprinted(name: str, data: bytes) -> str:
    """ "site.css" -> "site.3f2a9c1b0d.css"."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def write_assets(writer: SiteWriter, content: Content, *, search: bool = True) -> dict[str, str]:
    """Bundle the CSS and JavaScript and copy the images into the site; return their URLs by name.

    With `search`, "search_ui" is the URL of Pagefind's UI script, which the search stage writes.
    """
    files = {}
    for key, entry in SITE_BUNDLES.items():
        code, loaded = bundle_with_files(ASSET_DIR / entry)
        files[key] = (Path(entry).name, code)
        for name, data in sorted(loaded.items()):  # already fingerprinted
            writer.write_bytes(f"assets/{name}", data)
    sticker = content.root / content.site.campaign.sticker
    files["sticker"] = (sticker.name, sticker.read_bytes())
    urls = {}
    for key, (name, data) in files.items():
        path = f"assets/{fingerprinted(name, data)}"
        writer.write_bytes(path, data)
        urls[key] = f"/{path}"
    if search:
        urls["search_ui"] = f"/{BUNDLE_DIR}/pagefind-ui.js"
    return urls


def bundle(entry: Path) -> bytes:
    """`entry` and every file it imports as one minified file: an IIFE for JavaScript."""
    return bundle_with_files(entry)[0]


def bundle_with_files(entry: Path) -> tuple[bytes, dict[str, bytes]]:
    """The bundle of `entry`, and the files its url()s point to, by their fingerprinted names.

    esbuild names them NAME.HASH.EXT with a hash of its own kind; they are renamed as every
    other asset ("NAME.0123456789.EXT", which the host's cache rule knows) in the bundle too.
    """
    with tempfile.TemporaryDirectory(prefix="site-assets-") as folder:
        code = run_esbuild(entry, Path(folder))
        loaded = {}
        for path in sorted(Path(folder).iterdir()):
            if path.name == entry.name:
                continue
            data = path.read_bytes()
            stem = path.name.split(".")[0]
            name = fingerprinted(f"{stem}{path.suffix}", data)
            code = code.replace(f"/assets/{path.name}".encode(), f"/assets/{name}".encode())
            loaded[name] = data
    return code, loaded


def run_esbuild(entry: Path, outdir: Path) -> bytes:
    """Run esbuild on `entry`, writing into `outdir`; return the bundle."""
    esbuild = esbuild_binary()
    if not esbuild.is_file():
        raise BuildError(
            f"esbuild, which bundles the site's CSS and JavaScript, is not installed: run `make setup` ({esbuild})"
        )
    command = [str(esbuild), str(entry), "--bundle", "--minify", f"--target={BROWSERS}"]
    if entry.suffix == ".js":
        command.append("--format=iife")
    command += [f"--loader:.{suffix}=file" for suffix in FILE_LOADERS]
    command += [f"--outdir={outdir}", "--asset-names=[name].[hash]", "--public-path=/assets/"]
    command += ["--log-level=warning", "--color=false"]
    try:
        # From the project folder, so that esbuild names files as templates/assets/js/….
        run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, timeout=ESBUILD_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"cannot run {esbuild}: {exc}; run `make setup` to install esbuild again") from exc
    report = run.stderr.decode("utf-8", "replace")
    output = outdir / entry.name
    if run.returncode != 0 or report.strip() or not output.is_file():
        problems = esbuild_problems(report)
        first_line = next((line.strip() for line in report.splitlines() if line.strip()), "no message")
        raise BuildError("\n".join(problems) or f"esbuild failed with exit code {run.returncode}: {first_line}")
    return output.read_bytes()


def esbuild_binary() -> Path:
    """esbuild's executable for this machine, in its package @esbuild/OS-ARCH.

    npm installs only the package that fits the machine. The executable is run directly, not
    through node_modules/.bin/esbuild: after `npm ci --ignore-scripts` that is a launcher
    written in JavaScript, which would make the build need Node.js.
    """
    system = sys.platform.rstrip("0123456789")  # Node's name too: "linux", "darwin", "win32", "freebsd"
    machine = platform.machine().lower()
    package = NODE_MODULES / "@esbuild" / f"{system}-{NODE_ARCH.get(machine, machine)}"
    return package / "esbuild.exe" if system == "win32" else package / "bin" / "esbuild"


def esbuild_problems(report: str) -> list[str]:
    """esbuild's messages as `file:line:column: error: message`, one line each."""
    problems: list[str] = []
    message = ""
    for line in report.splitlines():
        if found := ESBUILD_MESSAGE.search(line):
            message = f"{found.group(1).lower()}: {found.group(2)}"
            problems.append(message)
        elif (at := ESBUILD_LOCATION.match(line)) and message:  # the first place named; notes follow
            column = int(at.group(3)) + 1  # esbuild counts columns from 0, compilers and editors from 1
            problems[-1] = f"{at.group(1)}:{at.group(2)}:{column}: {message}"
            message = ""
    return problems
