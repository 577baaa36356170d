"""Data read from YAML that remembers where each key and value stood, for errors at file:line:column."""

from __future__ import annotations

from typing import Any, NamedTuple


class Position(NamedTuple):
    """A 1-based line and column."""

    line: int
    column: int


START = Position(1, 1)


def position_of(mark: Any) -> Position:
    """The position of one of libyaml's marks (0-based) as people count (1-based)."""
    return Position(mark.line + 1, mark.column + 1)


class LocatedDict(dict[str, Any]):
    """A mapping that knows where it, each key and each value stood in the file.

    It keeps libyaml's marks and makes positions only when asked: most values never
    need one, and a large site has a million of them.
    """

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: Any) -> None:  # dict.__init__ is not needed: it starts empty
        self.mark = mark
        self.key_marks: dict[str, Any] = {}
        self.value_marks: dict[str, Any] = {}

    @property
    def position(self) -> Position:
        return position_of(self.mark)

    def key_position(self, key: str) -> Position:
        return position_of(self.key_marks[key])

    def value_position(self, key: str) -> Position:
        return position_of(self.value_marks[key])


class LocatedList(list[Any]):
    """A sequence that knows where it and each of its items stood in the file."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Any) -> None:
        self.mark = mark
        self.item_marks: list[Any] = []

    @property
    def position(self) -> Position:
        return position_of(self.mark)

    def item_position(self, index: int) -> Position:
        return position_of(self.item_marks[index])
