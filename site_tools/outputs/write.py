"""The only code that touches the output folder.

A build writes into a fresh temporary folder next to the output folder. Only when every
page is written does the temporary folder take the output folder's place, so a failed or
killed build leaves the previous site as it was. A path may be written once, and only
inside the folder. The one other writer is the Pagefind binary (search_index.py), which
adds its bundle to the temporary folder before the swap.

Replacing a folder deletes what was in it, so the writer first makes sure the folder is
one of ours: never the content, the project, a home folder or "/", and never a folder of
files that no build wrote (each build leaves a stamp file). A lock beside the folder keeps
two builds from writing it at once.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO

from site_tools.errors import BuildError, ConfigError, write_error
from site_tools.paths import PROJECT_ROOT

_STAGING_PREFIX = ".building-"
_RETIRED_PREFIX = ".replaced-"
_TRASH_PREFIX = ".deleting-"
_LOCK_SUFFIX = ".lock"
# Every build writes this file; a folder without it holds someone else's files.
STAMP_FILE = ".site-tools-output"
STAMP_TEXT = "Written by site_tools (python build.py build). The next build replaces this whole folder.\n"


class SiteWriter:
    """Collects a site in a staging folder; `commit` puts it in place of the output folder.

    Use as a context manager: leaving the block with an exception removes the staging
    folder and leaves the output folder untouched. `protect` names folders (the content)
    that the output folder must neither be, hold nor lie inside.
    """

    def __init__(self, out: Path, protect: Iterable[Path] = ()) -> None:
        self.out = out.resolve()
        check_output_folder(self.out, protect)
        _check_ours(self.out)  # before the lock file is made beside a folder that is not ours
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(self.out.parent, exc) from None
        self._lock = _lock(self.out)
        try:
            _recover_interrupted_swap(self.out)
            _check_ours(self.out)
            self.staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + self.out.name + "-", dir=self.out.parent))
        except BaseException:
            self._lock.close()
            raise
        self._written: set[PurePosixPath] = set()
        self._committed = False
        self.write_text(STAMP_FILE, STAMP_TEXT)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._lock.close()  # closing the file releases the lock

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
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            raise write_error(target, exc) from None

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
        try:
            if retired.exists():
                if not _made_by_a_build(retired):
                    raise BuildError(f"{retired} is in the way and was not made by a build; move it away")
                shutil.rmtree(retired)
            os.chmod(self.staging, 0o755)  # mkdtemp makes it private; a web server must read it
            if self.out.exists():
                # Two renames on one file system: the only moment without a site is between them,
                # and _recover_interrupted_swap repairs even that on the next build.
                os.rename(self.out, retired)
            os.rename(self.staging, self.out)
        except OSError as exc:
            raise write_error(self.out, exc) from None
        self._committed = True
        if retired.exists():
            # The new site is in place; deleting 80,000 old files is cleanup, not building.
            trash = self.out.parent / f"{_TRASH_PREFIX}{self.out.name}-{uuid.uuid4().hex[:8]}"
            os.rename(retired, trash)
            _remove_in_background(trash)


def write_page(target: Path, text: str) -> None:
    """Write a page to a file claimed from a SiteWriter (worker processes use this)."""
    # Plain os calls: for 80,000 pages, pathlib's text layer is measurable.
    try:
        os.makedirs(target.parent, exist_ok=True)
        with open(target, "wb") as page_file:
            page_file.write(text.encode("utf-8"))
    except OSError as exc:
        raise write_error(target, exc) from None


# --- is this folder ours to replace? ---------------------------------------------------------


def check_output_folder(out: Path, protect: Iterable[Path] = ()) -> None:
    """Raise ConfigError if replacing `out` (an absolute, resolved path) could delete what is not a built site."""
    if out.parent == out:
        raise ConfigError(f"refusing to write the site to {out}: it is the root of a file system")
    if out.exists() and not out.is_dir():
        raise ConfigError(f"refusing to write the site to {out}: it is a file, not a folder")
    content = [(Path(folder).resolve(), "the content folder") for folder in protect]
    guarded = [(PROJECT_ROOT, "the project"), *content, (Path.cwd().resolve(), "the working folder")]
    guarded += [(home, "a home folder") for home in sorted(_home_folders())]
    for folder, what in guarded:
        if folder == out:
            raise ConfigError(f"refusing to write the site to {out}: it is {what}; choose a folder of its own")
    for folder, what in content:
        if out.is_relative_to(folder):
            raise ConfigError(f"refusing to write the site to {out}: it lies inside {what} {folder}")
    for folder, what in guarded:
        if folder.is_relative_to(out):
            raise ConfigError(
                f"refusing to write the site to {out}: it holds {what} {folder}; choose a folder of its own,"
                " such as public/"
            )


def _home_folders() -> set[Path]:
    """The home folders of this machine's people (the site must not replace one).

    System accounts (uid 1–999, and nobody) have "homes" such as /var/www or /bin: folders a
    site may well be published to, or that other rules already protect.
    """
    homes = {Path.home().resolve()}
    for user in pwd.getpwall():
        home = Path(user.pw_dir)
        person = user.pw_uid == 0 or 1000 <= user.pw_uid < 65534
        if person and home.is_absolute() and home.parent != home:
            homes.add(home)
    return homes


def _check_ours(out: Path) -> None:
    """An existing output folder must be one a build made: stamped by it, or still empty."""
    if out.is_dir() and not _made_by_a_build(out):
        raise ConfigError(
            f"refusing to replace {out}: it holds files that no build wrote (there is no {STAMP_FILE} in it);"
            " choose an empty or new folder, or move its files away yourself"
        )


def _lock(out: Path) -> IO[bytes]:
    """Hold the lock file beside `out` for as long as the returned file is open."""
    path = out.parent / f".{out.name}{_LOCK_SUFFIX}"
    try:
        lock_file = open(path, "ab")  # noqa: SIM115 - kept open until the writer is done
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock_file.close()
        raise BuildError(
            f"another build is writing {out} right now (it holds {path}); run this one again when it has finished"
        ) from None
    return lock_file


# --- leftovers of interrupted builds ----------------------------------------------------------


def _recover_interrupted_swap(out: Path) -> None:
    """Undo a build killed between the two renames of `commit`; drop what earlier builds left.

    Only folders a build made (they carry the stamp, or are still empty) are touched: a
    folder of someone's that happens to be named ".building-public-notes" stays.
    """
    retired = out.parent / f"{_RETIRED_PREFIX}{out.name}"
    if retired.exists() and not out.exists() and _made_by_a_build(retired):
        os.rename(retired, out)
    # Only under the lock: these are the leftovers of killed builds, not of one still running.
    for leftover in out.parent.glob(f"{_STAGING_PREFIX}{out.name}-*"):
        if _made_by_a_build(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
    # Half deleted, a trash folder may have lost its stamp: its name, with our random part, says it is ours.
    trash_name = re.compile(re.escape(f"{_TRASH_PREFIX}{out.name}-") + "[0-9a-f]{8}")
    for leftover in out.parent.glob(f"{_TRASH_PREFIX}{out.name}-*"):
        if trash_name.fullmatch(leftover.name) and not leftover.is_symlink():
            _remove_in_background(leftover)  # its first remover may have been stopped


def _made_by_a_build(folder: Path) -> bool:
    """Whether a folder carries a build's stamp, or is empty (made by a build killed at once)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    if (folder / STAMP_FILE).is_file():
        return True
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError as exc:
        raise write_error(folder, exc) from None


def _remove_in_background(folder: Path) -> None:
    """Delete `folder` in a detached process, so the command that replaced it can finish."""
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
