"""Read the content folder into located, still untyped data.

Nothing here decides whether a value is right; it only finds every file that belongs
to the content, reads it strictly (strict_yaml.py) and reports files it cannot read
or that would otherwise be silently left out.

Content arrives by pull request, so files are read with care: symbolic links and
special files (a FIFO, /dev/zero) are refused, and nothing over 1 MB is read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from site_tools.content.located import START, LocatedDict, Position
from site_tools.content.model import RECORD_MODELS, TAXONOMIES
from site_tools.content.scalars import is_id, suggest_id
from site_tools.content.strict_yaml import (
    MAX_FILE_BYTES,
    YamlError,
    YamlProblem,
    decode_utf8,
    hidden_character_problems,
    read_yaml,
    too_large_message,
)
from site_tools.errors import ConfigError, Problem, Severity

SITE_FILE = "site.yaml"
TAXONOMY_DIR = "taxonomies"
PAGE_DIR = "pages"
# Folders that hold files other than records (images, downloads); not read as records.
ASSET_DIRS = ("assets",)


@dataclass
class RawRecord:
    """One file's data as read, with the path to print in messages."""

    kind: str
    id: str
    file: str
    data: LocatedDict
    # Pages: the YAML front matter starts below the opening "---" line.
    line_offset: int = 0


@dataclass
class RawPage(RawRecord):
    language: str = ""
    body: str = ""


@dataclass(frozen=True)
class RecordFile:
    """A record file found in offers/, companies/ or venues/, not read yet."""

    kind: str
    id: str
    path: Path
    file: str


@dataclass
class RawContent:
    """Everything read from one content folder, and the problems met reading it.

    Records are only listed here; `read_record` reads one, so that validation can read
    and check them in several processes at once.
    """

    root: Path
    site: RawRecord | None = None
    taxonomies: dict[str, RawRecord] = field(default_factory=dict)
    record_files: dict[str, list[RecordFile]] = field(default_factory=dict)
    pages: list[RawPage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0

    def add_problem(
        self, file: str, position: Position, message: str, path: str = "", severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(Problem(file, position.line, position.column, severity, path, message))


def printable(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 become "�" (Linux allows them)."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def display_path(path: Path) -> str:
    """Return the path as people should read it: relative to the working folder if inside it."""
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    return printable(shown)


def load_content(root: Path) -> RawContent:
    """Read every content file below `root`; unreadable files become problems, not exceptions."""
    if not root.is_dir():
        raise ConfigError(f"content folder not found: {root}")
    content = RawContent(root=root)
    _load_site(content)
    _load_taxonomies(content)
    for kind in RECORD_MODELS:
        content.record_files[kind] = _list_record_folder(content, kind)
    _load_pages(content)
    _report_stray_entries(content)
    return content


def _read_bytes(content: RawContent, path: Path, file: str) -> bytes | None:
    """The bytes of a regular file under 1 MB; anything else becomes a problem."""
    try:
        info = path.lstat()
    except OSError as exc:
        content.add_problem(file, START, f"cannot read file: {exc.strerror}")
        return None
    if stat.S_ISLNK(info.st_mode):
        content.add_problem(file, START, "symbolic links are not read; put the file itself here")
        return None
    if not stat.S_ISREG(info.st_mode):
        content.add_problem(file, START, "not a regular file; it is not read")
        return None
    if info.st_size > MAX_FILE_BYTES:
        content.add_problem(file, START, too_large_message(info.st_size))
        return None
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        content.add_problem(file, START, f"cannot read file: {exc.strerror}")
        return None


def _add_yaml_problems(content: RawContent, file: str, problems: list[YamlProblem], line_offset: int) -> None:
    for problem in problems:
        position = Position(problem.position.line + line_offset, problem.position.column)
        severity = Severity.WARNING if problem.warning else Severity.ERROR
        content.add_problem(file, position, problem.message, path=problem.path, severity=severity)


def _read(content: RawContent, path: Path, file: str, line_offset: int = 0) -> LocatedDict | None:
    """Read one YAML file: its data, with every problem recorded; None if there is no data."""
    content.files_read += 1
    raw = _read_bytes(content, path, file)
    if raw is None:
        return None
    return _parse(content, raw, file, line_offset)


def _parse(content: RawContent, raw: bytes, file: str, line_offset: int = 0) -> LocatedDict | None:
    try:
        document = read_yaml(raw)
    except YamlError as exc:
        _add_yaml_problems(content, file, exc.problems, line_offset)
        return None
    _add_yaml_problems(content, file, document.problems, line_offset)
    return document.data


def _load_site(content: RawContent) -> None:
    path = content.root / SITE_FILE
    file = display_path(path)
    if not path.exists() and not path.is_symlink():
        content.add_problem(file, START, "site configuration is missing")
        return
    data = _read(content, path, file)
    if data is not None:
        content.site = RawRecord("site", "site", file, data)


def _load_taxonomies(content: RawContent) -> None:
    folder = content.root / TAXONOMY_DIR
    if not _usable_folder(content, folder):
        return
    for name in TAXONOMIES:
        path = folder / f"{name}.yaml"
        file = display_path(path)
        if not path.exists() and not path.is_symlink():
            content.add_problem(file, START, f"taxonomy {name!r} is missing")
            continue
        data = _read(content, path, file)
        if data is not None:
            content.taxonomies[name] = RawRecord("taxonomies", name, file, data)


def _usable_folder(content: RawContent, folder: Path) -> bool:
    """A content folder must be a real folder, not a link that could point anywhere."""
    if folder.is_symlink():
        content.add_problem(display_path(folder), START, "symbolic links are not read; put the folder itself here")
        return False
    return folder.is_dir()


def _list_record_folder(content: RawContent, kind: str) -> list[RecordFile]:
    found: list[RecordFile] = []
    folder = content.root / kind
    if not _usable_folder(content, folder):
        return found
    shown_folder = display_path(folder)  # once: resolving every path is slow for 10,000 files
    for path in sorted(folder.iterdir()):
        file = f"{shown_folder}/{printable(path.name)}"
        if path.is_symlink() and _is_ignorable(path):  # hidden, a link could lead a later write elsewhere
            content.add_problem(file, START, "symbolic links are not read; put the file itself here")
            continue
        if _looks_like_a_hidden_record(path):
            stem = path.name.rpartition(".")[0].strip(".")
            content.add_problem(
                file,
                START,
                f'file name "{printable(path.name)}" starts with "." and is not read; records are named ID.yaml,'
                f' e.g. "{suggest_id(stem)}.yaml"',
            )
            continue
        if _is_ignorable(path):
            continue
        name_problem = _record_name_problem(path)
        if name_problem:
            content.add_problem(file, START, name_problem)
            continue
        found.append(RecordFile(kind, path.stem, path, file))
    return found


def read_record(record_file: RecordFile) -> tuple[RawRecord | None, list[Problem]]:
    """Read one record file: its data (None if unreadable) and the problems met reading it."""
    scratch = RawContent(root=record_file.path.parent)
    data = _read(scratch, record_file.path, record_file.file)
    if data is None:
        return None, scratch.problems
    return RawRecord(record_file.kind, record_file.id, record_file.file, data), scratch.problems


def _record_name_problem(path: Path) -> str:
    """Why a file in a record folder cannot be a record, or "" if it can."""
    name = printable(path.name)
    if path.is_dir() and not path.is_symlink():
        return "folders inside a record folder are not read; move the records up one level"
    stem, _, suffix = name.partition(".")
    if suffix in ("yml", "YAML", "YML", "Yaml"):
        return f'rename to "{stem}.yaml"; records must end in .yaml'
    if suffix != "yaml":
        return 'not a record: records are files named ID.yaml, e.g. "baeckerei-beispiel.yaml"'
    if not is_id(stem):
        return (
            f'file name "{stem}" is not a valid id; use lowercase letters a-z, digits and "-",'
            f' e.g. "{suggest_id(stem)}.yaml"'
        )
    return ""


def _load_pages(content: RawContent) -> None:
    folder = content.root / PAGE_DIR
    if not _usable_folder(content, folder):
        return
    shown_folder = display_path(folder)
    for path in sorted(folder.iterdir()):
        if _is_ignorable(path):
            continue
        file = f"{shown_folder}/{printable(path.name)}"
        page_id, _, language = path.stem.rpartition(".")
        if path.suffix != ".md" or not page_id or not is_id(page_id) or not language:
            content.add_problem(file, START, 'a page file is named ID.LANGUAGE.md, e.g. "about.de.md"')
            continue
        _load_page(content, path, file, page_id, language)


def _load_page(content: RawContent, path: Path, file: str, page_id: str, language: str) -> None:
    content.files_read += 1
    raw = _read_bytes(content, path, file)
    if raw is None:
        return
    try:
        text = decode_utf8(raw).lstrip("\ufeff")
    except YamlError as exc:
        _add_yaml_problems(content, file, exc.problems, 0)
        return
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        content.add_problem(file, START, 'a page starts with a "---" line, then "title: …", then another "---" line')
        return
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        content.add_problem(file, START, 'the front matter is not closed; add a "---" line after the title')
        return
    front_matter = "\n".join(lines[1:end]).encode("utf-8")
    data = _parse(content, front_matter, file, line_offset=1)
    if data is None:
        return
    body = "\n".join(lines[end + 1 :])
    # The front matter's were found while reading it; the Markdown's are as unwelcome.
    _add_yaml_problems(content, file, hidden_character_problems(body.replace("\r", ""), line_offset=end + 1), 0)
    content.pages.append(RawPage("pages", page_id, file, data, line_offset=1, language=language, body=body))


def _looks_like_a_hidden_record(path: Path) -> bool:
    """ ".yaml", "..yaml", ".kurs.yaml": meant as records, but hidden; not an editor's lock file (".#x.yaml")."""
    return path.name.startswith(".") and not path.name.startswith(".#") and path.name.endswith((".yaml", ".yml"))


def _is_ignorable(path: Path) -> bool:
    """Hidden files and editor backups are never content."""
    return path.name.startswith(".") or path.name.endswith("~")


def _report_stray_entries(content: RawContent) -> None:
    """Report files that nothing reads, so no record is silently left out."""
    known = {SITE_FILE, TAXONOMY_DIR, PAGE_DIR, *RECORD_MODELS, *ASSET_DIRS}
    for entry in sorted(os.listdir(content.root)):
        path = content.root / entry
        if entry in known or _is_ignorable(path):
            continue
        hint = ""
        if entry.endswith((".yaml", ".yml")):
            hint = "; records go into offers/, companies/ or venues/"
        content.add_problem(
            display_path(path), START, f"not part of the content and not read{hint}", severity=Severity.WARNING
        )
    taxonomy_folder = content.root / TAXONOMY_DIR
    if taxonomy_folder.is_dir() and not taxonomy_folder.is_symlink():
        for path in sorted(taxonomy_folder.iterdir()):
            if _is_ignorable(path) or path.name in {f"{name}.yaml" for name in TAXONOMIES}:
                continue
            stem = path.name.partition(".")[0]
            if stem in TAXONOMIES:
                message = f'rename to "{stem}.yaml"; taxonomies must end in .yaml'
            else:
                message = f"unknown taxonomy file; known are {', '.join(f'{name}.yaml' for name in TAXONOMIES)}"
            content.add_problem(display_path(path), START, message)


__all__ = [
    "RawContent",
    "RawPage",
    "RawRecord",
    "RecordFile",
    "display_path",
    "load_content",
    "printable",
    "read_record",
]
