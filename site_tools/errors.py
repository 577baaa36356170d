"""Problems found in content, and the one exception tree of the pipeline.

Stage code never prints or exits: it returns `Problem`s or raises one of these
exceptions, and only the command line turns them into output and exit codes.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, positioned like a compiler message (1-based)."""

    file: str
    line: int
    column: int
    severity: Severity
    path: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity.value}: {where}{self.message}"


class SiteToolsError(Exception):
    """Base of every error the pipeline raises on purpose."""


class ContentError(SiteToolsError):
    """The content has errors; `problems` lists all of them, errors and warnings."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(p.is_error for p in problems)
        super().__init__(f"{errors} error(s) in content")


class ConfigError(SiteToolsError):
    """The command was given something it cannot work with (a missing folder, a bad option)."""


class BuildError(SiteToolsError):
    """A later stage failed although the content was valid."""


def write_error(path: Path, exc: OSError, again: str = "build again") -> BuildError:
    """One line that names the file and the reason a write failed, e.g. a full disk."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason += f"; free some space and {again}"
    return BuildError(f"cannot write {path}: {reason}")
