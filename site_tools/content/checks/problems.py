"""Collect problems, each at the file, line and column its key path points to."""

from __future__ import annotations

from typing import Any

from site_tools.content.load import RawRecord
from site_tools.content.located import START, LocatedDict, LocatedList, Position
from site_tools.errors import Problem, Severity

# A key path into a record, e.g. ("open_door", "hours", 0, "closes").
Loc = tuple[str | int, ...]


class Problems:
    """Collects problems, turning a key path into the file, line and column it is about."""

    def __init__(self, items: list[Problem]) -> None:
        self.items = items

    def add(
        self,
        source: RawRecord,
        loc: Loc,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> None:
        position = locate(source.data, loc, at_key=at_key) if loc else START
        # Page front matter starts below its "---" line; a whole-file problem stays at 1:1.
        line = position.line + source.line_offset if loc else 1
        self.items.append(Problem(source.file, line, position.column, severity, format_loc(loc), message))

    def warn(self, source: RawRecord, loc: Loc, message: str, *, at_key: bool = False) -> None:
        self.add(source, loc, message, severity=Severity.WARNING, at_key=at_key)


def locate(data: LocatedDict, loc: Loc, *, at_key: bool = False) -> Position:
    """Find where `loc` stands in the file: the value, or its key with `at_key`.

    For a path that does not exist (a missing field), the deepest existing field's key.
    """
    node: Any = data
    value_position = START
    key_position = START
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, LocatedDict) and isinstance(part, str) and part in node:
            key_position = node.key_position(part)
            value_position = node.value_position(part)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and 0 <= part < len(node):
            key_position = value_position = node.item_position(part)
            node = node[part]
        else:
            return key_position
        if last:
            return key_position if at_key else value_position
    return value_position


def format_loc(loc: Loc) -> str:
    """Write a key path as people read it: `open_door.hours[0].closes`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
