"""The output folder: a build never deletes what it did not write, two builds never mix, and a
full or read-only disk ends in one line that names the path, with the old site still in place."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from cli_tools import run
from fixture_paths import TESTS

from site_tools import pipeline
from site_tools.errors import BuildError, ConfigError
from site_tools.outputs.write import STAMP_FILE, SiteWriter
from site_tools.paths import EXAMPLE_CONTENT, PROJECT_ROOT
from site_tools.pipeline import build_site

FIXTURE = TESTS / "fixtures" / "content"
TODAY = "2026-11-21"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def after_rendering(monkeypatch: pytest.MonkeyPatch, action: Callable[[Path], object]) -> None:
    """Do `action(staging folder)` once every page is written, before the search stage (as another program might)."""
    real_render_pages = pipeline.render_pages

    def render_then_act(*args: Any, **kwargs: Any) -> Any:
        report = real_render_pages(*args, **kwargs)
        action(args[3].staging)
        return report

    monkeypatch.setattr(pipeline, "render_pages", render_then_act)


def build_command(*args: str) -> list[str]:
    return [sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--today", TODAY, *args]


# --- folders that are not ours ---------------------------------------------------------------


@pytest.fixture(scope="module")
def repository_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's tracked files, copied: as a careless operator's checkout would be."""
    copy = tmp_path_factory.mktemp("checkout") / "project"
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, tracked.split("\0")):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (PROJECT_ROOT / name).is_file():  # a file deleted in the work tree is still listed
            shutil.copy2(PROJECT_ROOT / name, target)
    (copy / ".git").mkdir()
    (copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return copy


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (".", "it is the project"),
        ("content", "it is the content folder"),
        ("content/offers", "it lies inside the content folder"),
        ("..", "it holds the project"),
        ("/", "it is the root of a file system"),
        ("HOME", "it is a home folder"),
        ("site_tools", "holds files that no build wrote"),
    ],
)
def test_a_build_into_the_repository_or_a_folder_holding_it_is_refused_and_deletes_nothing(
    repository_copy: Path, out: str, message: str
) -> None:
    home = repository_copy.parent / "home"
    home.mkdir(exist_ok=True)
    (home / "notes.txt").write_text("mine")
    before = snapshot(repository_copy.parent)
    command = [sys.executable, str(repository_copy / "build.py"), "build", "--no-search", "--today", TODAY]
    command += ["--out", str(home) if out == "HOME" else out]
    result = subprocess.run(
        command, cwd=repository_copy, capture_output=True, text=True, env={**os.environ, "HOME": str(home)}
    )
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(repository_copy.parent) == before


def test_a_folder_of_other_files_is_refused_an_empty_or_built_one_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "urlaub.jpg").write_bytes(b"photo")
    with pytest.raises(ConfigError, match="holds files that no build wrote"):
        build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)
    assert snapshot(out) == {"urlaub.jpg": b"photo"}
    assert not (tmp_path / ".public.lock").exists()  # nothing left beside a folder that is not ours

    (out / "urlaub.jpg").unlink()  # empty: fine
    build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)
    assert (out / STAMP_FILE).is_file() and (out / "de" / "index.html").is_file()
    build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)  # stamped: ours to replace
    assert (out / "de" / "index.html").is_file()


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.write_text("not a folder")
    code, _, err = run("build", "--content", str(FIXTURE), "--out", str(out), "--today", TODAY)
    assert code == 2 and "is a file" in err
    with pytest.raises(ConfigError, match="it is a file, not a folder"):
        build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)
    assert out.read_text() == "not a folder"


# --- one build at a time -----------------------------------------------------------------------


def test_a_second_build_stops_while_the_first_holds_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)
    before = snapshot(out)
    with SiteWriter(out) as first:
        first.write_text("de/index.html", "the first build's page")
        code, _, err = run("build", "--content", str(FIXTURE), "--out", str(out), "--today", TODAY)
        assert code == 1
        assert err.strip() == (
            f"build failed: another build is writing {out} right now (it holds {tmp_path / '.public.lock'});"
            f" run this one again when it has finished; {out} was not changed"
        )
        assert (first.staging / "de" / "index.html").read_text() == "the first build's page"  # not swept away
    assert snapshot(out) == before


def _index_is_complete(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in ("de", "en"):
        marked = sum(
            BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("[data-pagefind-body]")
            is not None
            for page in (site / language).rglob("index.html")
        )
        assert entry["languages"][language]["page_count"] == marked > 0


def test_builds_started_together_never_publish_a_partial_index(tmp_path: Path) -> None:
    out = tmp_path / "public"
    command = build_command("--content", str(FIXTURE), "--out", str(out))
    outcomes = []
    for delay in (0.0, 0.1, 0.3, 0.6):
        first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        second = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for process in (first, second):
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0 or "another build is writing" in err, err
            outcomes.append(process.returncode)
        _index_is_complete(out)
    assert 0 in outcomes


def test_a_page_missing_from_the_index_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "public"
    build_site(FIXTURE, out, dt.date(2026, 11, 21))
    before = snapshot(out)
    after_rendering(monkeypatch, lambda staging: (staging / "de/offers/beratung-test/index.html").unlink())
    with pytest.raises(BuildError, match=r"the de search index holds \d+ of \d+ pages"):
        build_site(FIXTURE, out, dt.date(2026, 11, 21))
    assert snapshot(out) == before


# --- full and read-only disks ----------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system of its own (tmpfs), so that it can really fill up."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def _fill(disk: Path, leave: int) -> None:
    """Take all but `leave` bytes of the disk's free space."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with open(disk / "filler", "wb") as filler:
        filler.truncate(0)
        filler.write(b"\0" * max(0, free - leave))


def test_a_full_disk_ends_in_one_line_naming_the_file_and_keeps_the_old_site(small_disk: Path) -> None:
    out = small_disk / "public"
    build_site(FIXTURE, out, dt.date(2026, 11, 21))
    before = snapshot(out)
    _fill(small_disk, leave=64_000)
    code, stdout, err = run("build", "--content", str(FIXTURE), "--out", str(out), "--today", TODAY)
    assert code == 1
    assert stdout == "" and len(err.strip().splitlines()) == 1
    assert err.startswith(f"build failed: cannot write {small_disk}/.building-public-")
    assert "No space left on device; free some space and build again" in err
    assert snapshot(out) == before
    assert sorted(p.name for p in small_disk.iterdir()) == [".public.lock", "filler", "public"]


def test_a_disk_that_fills_while_pagefind_writes_stops_the_build(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = small_disk / "public"
    build_site(FIXTURE, out, dt.date(2026, 11, 21))
    before = snapshot(out)
    after_rendering(monkeypatch, lambda _: _fill(small_disk, leave=20_000))  # Pagefind's index will not fit
    code, _, err = run("build", "--content", str(FIXTURE), "--out", str(out), "--today", TODAY)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "cannot write the search index into" in err and "the disk is full" in err
    assert snapshot(out) == before


def test_a_read_only_disk_ends_in_one_line_naming_the_path(small_disk: Path) -> None:
    out = small_disk / "public"
    build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, _, err = run("build", "--content", str(FIXTURE), "--out", str(out), "--today", TODAY)
    assert code == 1
    assert err.strip() == (
        f"build failed: cannot write {small_disk / '.public.lock'}: Read-only file system; {out} was not changed"
    )
    assert snapshot(out) == before


@pytest.mark.parametrize("command", ["new", "import", "import-issue"])
def test_writing_records_to_a_read_only_disk_ends_in_one_line(small_disk: Path, command: str) -> None:
    content = small_disk / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)  # what the import fixtures are written for
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    fixtures = TESTS / "fixtures"
    arguments = {
        "new": ["new", "company", "optik-klarsicht"],
        "import": ["import", str(fixtures / "import" / "companies.csv"), "--today", TODAY],
        "import-issue": ["import-issue", str(fixtures / "issues" / "complete.md"), "--today", TODAY, "--id", "x"],
    }[command]
    code, _, err = run(*arguments, "--content", str(content))
    assert code == 1, err
    assert len(err.strip().splitlines()) == 1, err
    assert f"cannot write {content / 'companies'}/" in err and "Read-only file system" in err


def test_folders_beside_that_only_look_like_leftovers_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "public"
    for name in (".building-public-notes", ".deleting-public-old", ".replaced-public"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "mine.txt").write_text("mine")
    with pytest.raises(BuildError, match=r"\.replaced-public is in the way and was not made by a build"):
        build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)  # commit would need that name
    (tmp_path / ".replaced-public" / "mine.txt").rename(tmp_path / "mine.txt")
    build_site(FIXTURE, out, dt.date(2026, 11, 21), search=False)
    time.sleep(0.5)  # the old site is deleted in the background; nothing else may be
    assert (tmp_path / ".building-public-notes" / "mine.txt").read_text() == "mine"
    assert (tmp_path / ".deleting-public-old" / "mine.txt").read_text() == "mine"


def test_the_home_folders_guarded_are_peoples_not_system_accounts() -> None:
    from site_tools.outputs.write import _home_folders

    homes = _home_folders()
    assert Path.home().resolve() in homes
    assert not {Path("/bin"), Path("/var/www"), Path("/dev"), Path("/nonexistent")} & homes
