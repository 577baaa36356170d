"""The only code that touches the output folder.

A build writes into a fresh temporary folder next to the output folder. Only when every
page is written does the temporary folder take the output folder's place, so a failed or
killed build leaves the previous site as it was. A path may be written once, and only
inside the folder. The one other writer is the Pagefind binary (search_index.py), which
adds its bundle to the temporary folder before the swap.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path, PurePosixPath
from types import TracebackType

from site_tools.errors import BuildError

_STAGING_PREFIX = ".building-"
_RETIRED_PREFIX = ".replaced-"
_TRASH_PREFIX = ".deleting-"


class SiteWriter:
    """Collects a site in a staging folder; `commit` puts it in place of the output folder.

    Use as a context manager: leaving the block with an exception removes the staging
    folder and leaves the output folder untouched.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _recover_interrupted_swap(self.out)
        self.staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + self.out.name + "-", dir=self.out.parent))
        self._written: set[PurePosixPath] = set()
        self._committed = False

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if not self._committed:
            shutil.rmtree(self.staging, ignore_errors=True)

    def target(self, site_path: str) -> Path:
        """The staging file for a site path such as "de/offers/x/index.html"; claims it once."""
        relative = PurePosixPath(site_path)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise BuildError(f"refusing to write outside the site: {site_path!r}")
        if relative in self._written:
            raise BuildError(f"two pages want the same file: {site_path}")
        self._written.add(relative)
        return self.staging.joinpath(*relative.parts)

    def write_text(self, site_path: str, text: str) -> None:
        write_page(self.target(site_path), text)

    def write_bytes(self, site_path: str, data: bytes) -> None:
        target = self.target(site_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def claim(self, site_paths: list[str]) -> list[Path]:
        """Claim many paths at once for pages that worker processes write with `write_page`.

        Only the bookkeeping happens here; folders are made by whoever writes the file,
        so the work is shared by the workers.
        """
        return [self.target(site_path) for site_path in site_paths]

    @property
    def written(self) -> frozenset[PurePosixPath]:
        return frozenset(self._written)

    def commit(self) -> None:
        """Put the staged site in place of the output folder."""
        retired = self.out.parent / f"{_RETIRED_PREFIX}{self.out.name}"
        if retired.exists():
            shutil.rmtree(retired)
        os.chmod(self.staging, 0o755)  # mkdtemp makes it private; a web server must read it
        if self.out.exists():
            # Two renames on one file system: the only moment without a site is between them,
            # and _recover_interrupted_swap repairs even that on the next build.
            os.rename(self.out, retired)
        os.rename(self.staging, self.out)
        self._committed = True
        if retired.exists():
            # The new site is in place; deleting 80,000 old files is cleanup, not building.
            trash = self.out.parent / f"{_TRASH_PREFIX}{self.out.name}-{uuid.uuid4().hex[:8]}"
            os.rename(retired, trash)
            _remove_in_background(trash)


def write_page(target: Path, text: str) -> None:
    """Write a page to a file claimed from a SiteWriter (worker processes use this)."""
    # Plain os calls: for 80,000 pages, pathlib's text layer is measurable.
    os.makedirs(target.parent, exist_ok=True)
    with open(target, "wb") as page_file:
        page_file.write(text.encode("utf-8"))


def _recover_interrupted_swap(out: Path) -> None:
    """Undo a build killed between the two renames of `commit`; drop what earlier builds left."""
    retired = out.parent / f"{_RETIRED_PREFIX}{out.name}"
    if retired.exists() and not out.exists():
        os.rename(retired, out)
    for leftover in out.parent.glob(f"{_STAGING_PREFIX}{out.name}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f"{_TRASH_PREFIX}{out.name}-*"):
        _remove_in_background(leftover)  # its first remover may have been stopped


def _remove_in_background(folder: Path) -> None:
    """Delete `folder` in a detached process, so the command that replaced it can finish."""
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
