"""Read the content folder into located, still untyped data.

Nothing here decides whether a value is right; it only finds every file that belongs
to the content, reads it strictly (strict_yaml.py) and reports files it cannot read
or that would otherwise be silently ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from site_tools.errors import ConfigError, Problem, Severity
from site_tools.model import RECORD_MODELS, TAXONOMIES
from site_tools.scalars import is_id, suggest_id
from site_tools.strict_yaml import START, LocatedDict, Position, YamlError, YamlProblem, decode_utf8, parse_yaml

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


@dataclass
class RawContent:
    """Everything read from one content folder, and the problems met reading it."""

    root: Path
    site: RawRecord | None = None
    taxonomies: dict[str, RawRecord] = field(default_factory=dict)
    records: dict[str, dict[str, RawRecord]] = field(default_factory=dict)
    pages: list[RawPage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0

    def add_problem(
        self, file: str, position: Position, message: str, path: str = "", severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(Problem(file, position.line, position.column, severity, path, message))


def display_path(path: Path) -> str:
    """Return the path as people should read it: relative to the working folder if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_content(root: Path) -> RawContent:
    """Read every content file below `root`; unreadable files become problems, not exceptions."""
    if not root.is_dir():
        raise ConfigError(f"content folder not found: {root}")
    content = RawContent(root=root)
    _load_site(content)
    _load_taxonomies(content)
    for kind in RECORD_MODELS:
        content.records[kind] = _load_record_folder(content, kind)
    _load_pages(content)
    _report_stray_entries(content)
    return content


def _read(
    content: RawContent, path: Path, line_offset: int = 0, raw: bytes | None = None, file: str = ""
) -> LocatedDict | None:
    """Parse one YAML file; on failure record its problems and return None."""
    file = file or display_path(path)
    content.files_read += 1
    try:
        return parse_yaml(path.read_bytes() if raw is None else raw)
    except YamlError as exc:
        for problem in exc.problems:
            position = Position(problem.position.line + line_offset, problem.position.column)
            content.add_problem(file, position, problem.message, problem.path)
    except OSError as exc:
        content.add_problem(file, START, f"cannot read file: {exc.strerror}")
    return None


def _load_site(content: RawContent) -> None:
    path = content.root / SITE_FILE
    if not path.is_file():
        content.add_problem(display_path(path), START, "site configuration is missing")
        return
    data = _read(content, path)
    if data is not None:
        content.site = RawRecord("site", "site", display_path(path), data)


def _load_taxonomies(content: RawContent) -> None:
    folder = content.root / TAXONOMY_DIR
    for name in TAXONOMIES:
        path = folder / f"{name}.yaml"
        if not path.is_file():
            content.add_problem(display_path(path), START, f"taxonomy {name!r} is missing")
            continue
        data = _read(content, path)
        if data is not None:
            content.taxonomies[name] = RawRecord("taxonomies", name, display_path(path), data)


def _load_record_folder(content: RawContent, kind: str) -> dict[str, RawRecord]:
    records: dict[str, RawRecord] = {}
    folder = content.root / kind
    if not folder.is_dir():
        return records
    shown_folder = display_path(folder)  # once: resolving every path is slow for 10,000 files
    for path in sorted(folder.iterdir()):
        file = f"{shown_folder}/{path.name}"
        if _is_ignorable(path):
            continue
        if path.suffix == ".yml":
            content.add_problem(file, START, f'rename to "{path.stem}.yaml"; records must end in .yaml')
            continue
        if path.suffix != ".yaml":
            content.add_problem(
                file, START, "not a record (records end in .yaml); this file is ignored", severity=Severity.WARNING
            )
            continue
        record_id = path.stem
        if not is_id(record_id):
            content.add_problem(
                file,
                START,
                f'file name "{record_id}" is not a valid id; use lowercase letters a-z, digits and "-",'
                f' e.g. "{suggest_id(record_id)}.yaml"',
            )
            continue
        data = _read(content, path, file=file)
        if data is not None:
            records[record_id] = RawRecord(kind, record_id, file, data)
    return records


def _load_pages(content: RawContent) -> None:
    folder = content.root / PAGE_DIR
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if _is_ignorable(path):
            continue
        file = display_path(path)
        page_id, _, language = path.stem.rpartition(".")
        if path.suffix != ".md" or not page_id or not is_id(page_id) or not language:
            content.add_problem(
                file, START, 'a page file is named ID.LANGUAGE.md, e.g. "about.de.md"', severity=Severity.ERROR
            )
            continue
        _load_page(content, path, file, page_id, language)


def _load_page(content: RawContent, path: Path, file: str, page_id: str, language: str) -> None:
    try:
        text = decode_utf8(path.read_bytes()).lstrip("\ufeff")
    except YamlError as exc:
        content.files_read += 1
        for problem in exc.problems:
            content.add_problem(file, problem.position, problem.message)
        return
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        content.add_problem(file, START, 'a page starts with a "---" line, then "title: …", then another "---" line')
        return
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    except StopIteration:
        content.add_problem(file, START, 'the front matter is not closed; add a "---" line after the title')
        return
    front_matter = "\n".join(lines[1:end]).encode("utf-8")
    data = _read(content, path, line_offset=1, raw=front_matter)
    if data is None:
        return
    body = "\n".join(lines[end + 1 :])
    content.pages.append(RawPage("pages", page_id, file, data, line_offset=1, language=language, body=body))


def _is_ignorable(path: Path) -> bool:
    """Hidden files and editor backups are never content."""
    return path.name.startswith(".") or path.name.endswith("~")


def _report_stray_entries(content: RawContent) -> None:
    """Warn about files at the top of the content folder that nothing reads."""
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
    if taxonomy_folder.is_dir():
        for path in sorted(taxonomy_folder.iterdir()):
            if not _is_ignorable(path) and path.suffix == ".yaml" and path.stem not in TAXONOMIES:
                content.add_problem(
                    display_path(path),
                    START,
                    f"unknown taxonomy {path.stem!r}; known are {', '.join(TAXONOMIES)}",
                )


__all__ = ["RawContent", "RawPage", "RawRecord", "YamlProblem", "display_path", "load_content"]
