"""Turn problems into text: compiler-style lines, GitHub annotations, JSON, a Markdown summary."""

from __future__ import annotations

import json
from collections.abc import Sequence

from site_tools.errors import Problem


def count_problems(problems: Sequence[Problem]) -> str:
    """ "3 errors, 1 warning"."""
    errors = sum(p.is_error for p in problems)
    return f"{_plural(errors, 'error')}, {_plural(len(problems) - errors, 'warning')}"


def count_line(problems: Sequence[Problem], records: int) -> str:
    """Say in one line how many errors and warnings were found in how many records."""
    return f"{count_problems(problems)} in {_plural(records, 'record')}"


def format_text(problems: Sequence[Problem]) -> str:
    """One line per problem: `file:line:column: error: field.path: message`."""
    return "\n".join(str(problem) for problem in problems)


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, shown as annotations on the lines at fault."""
    lines = []
    for problem in problems:
        properties = ",".join(
            f"{name}={_escape_property(value)}"
            for name, value in (("file", problem.file), ("line", str(problem.line)), ("col", str(problem.column)))
        )
        where = f"{problem.path}: " if problem.path else ""
        lines.append(f"::{problem.severity.value} {properties}::{_escape_data(where + problem.message)}")
    return "\n".join(lines)


def format_json(problems: Sequence[Problem], records: int) -> str:
    """Problems as a JSON document for other tools."""
    document = {
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error for p in problems),
        "records": records,
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "severity": p.severity.value,
                "path": p.path,
                "message": p.message,
            }
            for p in problems
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def summary_markdown(problems: Sequence[Problem], records: int) -> str:
    """A Markdown summary of every problem, for a CI job summary page."""
    lines = ["## Content check", "", count_line(problems, records), ""]
    if problems:
        lines += ["| | file | line | field | problem |", "|---|---|---|---|---|"]
        for p in problems:
            icon = "❌" if p.is_error else "⚠️"
            lines.append(f"| {icon} | `{p.file}` | {p.line}:{p.column} | `{p.path}` | {_escape_cell(p.message)} |")
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
