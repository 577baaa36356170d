"""Parse one YAML file strictly: every scalar stays text, every value keeps its position.

PyYAML's default typing turns `01067` into 567, `no` into False and `10:30` into 630,
and keeps the last of two duplicate keys. We therefore never let YAML type anything:
libyaml's event stream (fast, C) is composed here into plain dicts, lists and strings,
and the typing happens later, through the schema. Containers remember where each of
their keys and values stood, so any later check can point at file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

MAX_FILE_BYTES = 1_000_000
_BOM = "\ufeff"
# Plain (unquoted) scalars that mean "no value". Everything else stays text.
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


class Position(NamedTuple):
    """A 1-based line and column."""

    line: int
    column: int


START = Position(1, 1)


class LocatedDict(dict[str, Any]):
    """A mapping that knows where it, each key and each value stood in the file."""

    __slots__ = ("position", "key_positions", "value_positions")

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.key_positions: dict[str, Position] = {}
        self.value_positions: dict[str, Position] = {}


class LocatedList(list[Any]):
    """A sequence that knows where it and each of its items stood in the file."""

    __slots__ = ("position", "item_positions")

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.item_positions: list[Position] = []


@dataclass(frozen=True)
class YamlProblem:
    """A problem found while reading a file; the loader adds the file name."""

    position: Position
    message: str
    path: str = ""


class YamlError(Exception):
    """The file cannot be read as a record; `problems` says every reason found."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def parse_yaml(raw: bytes) -> LocatedDict:
    """Parse a whole YAML file into a located mapping, or raise `YamlError`."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(
            [YamlProblem(START, f"file is {len(raw):,} bytes; a record must be under 1 MB (1,000,000 bytes)")]
        )
    text = decode_utf8(raw)
    if text.startswith(_BOM):
        text = text[1:]
    tab_problems = _find_tab_indentation(text)
    if tab_problems:
        raise YamlError(tab_problems)
    return _Composer(text).compose()


def decode_utf8(raw: bytes) -> str:
    """Decode UTF-8 strictly, saying where the first bad byte is."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        bad = raw[exc.start : exc.end].hex(" ")
        raise YamlError(
            [
                YamlProblem(
                    Position(line, column),
                    f"file is not valid UTF-8 (byte {bad}); save it as UTF-8",
                )
            ]
        ) from None


def _find_tab_indentation(text: str) -> list[YamlProblem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            column = indent.index("\t") + 1
            problems.append(
                YamlProblem(Position(number, column), "tab used for indentation; indent with spaces")
            )
    return problems


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


@dataclass
class _Frame:
    """An open container while composing; for mappings, the key awaiting its value."""

    container: LocatedDict | LocatedList
    key: str | None = None
    key_position: Position = START
    # A key that was a duplicate: its value is read (to stay in sync) and dropped.
    dropping: bool = False
    seen: set[str] = field(default_factory=set)


class _Composer:
    """Turn libyaml's events into located plain data, refusing what we don't allow."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[YamlProblem] = []

    def compose(self) -> LocatedDict:
        try:
            root = self._compose_stream(yaml.parse(self.text, Loader=yaml.CSafeLoader))
        except yaml.MarkedYAMLError as exc:
            raise YamlError(self.problems + [_syntax_problem(exc)]) from None
        except yaml.YAMLError as exc:  # errors without a position (rare)
            raise YamlError(self.problems + [YamlProblem(START, f"invalid YAML: {exc}")]) from None
        if self.problems:
            raise YamlError(self.problems)
        return root

    def _compose_stream(self, events: Iterator[yaml.Event]) -> LocatedDict:
        root: Any = None
        root_position = START
        documents = 0
        stack: list[_Frame] = []
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    raise YamlError(
                        self.problems
                        + [
                            YamlProblem(
                                _position(event.start_mark),
                                "a record file holds one YAML document; remove the second '---'",
                            )
                        ]
                    )
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if stack:
                    self._attach(stack[-1], frame.container, frame.container.position)
                else:
                    root = frame.container
                continue

            position = _position(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                self.problems.append(
                    YamlProblem(position, f"aliases (*{event.anchor}) are not allowed; write the value out")
                )
                value: Any = None
            else:
                self._check_anchor_and_tag(event, position)
                if isinstance(event, yaml.ScalarEvent):
                    plain = not event.style  # libyaml says "" for plain, PyYAML None
                    value = None if plain and event.value in _NULL_WORDS else event.value
                elif isinstance(event, yaml.MappingStartEvent):
                    stack.append(_Frame(LocatedDict(position)))
                    continue
                elif isinstance(event, yaml.SequenceStartEvent):
                    stack.append(_Frame(LocatedList(position)))
                    continue
                else:  # pragma: no cover - libyaml emits no other events
                    continue
            if stack:
                self._attach(stack[-1], value, position)
            else:
                root, root_position = value, position

        if documents == 0 or root is None:
            raise YamlError(self.problems + [YamlProblem(START, "file is empty; a record needs its fields")])
        if not isinstance(root, LocatedDict):
            found = "a list" if isinstance(root, LocatedList) else "a single value"
            raise YamlError(
                self.problems
                + [YamlProblem(root_position, f"file must be a mapping of fields (name: value), found {found}")]
            )
        return root

    def _check_anchor_and_tag(self, event: Any, position: Position) -> None:
        if event.anchor is not None:
            self.problems.append(
                YamlProblem(position, f"anchors (&{event.anchor}) are not allowed; write each value out")
            )
        if event.tag is not None and not _is_implicit_tag(event):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(
                YamlProblem(position, f"tags ({tag}) are not allowed; values are typed by the schema")
            )

    def _attach(self, frame: _Frame, value: Any, position: Position) -> None:
        container = frame.container
        if isinstance(container, LocatedList):
            container.append(value)
            container.item_positions.append(position)
            return
        if frame.key is None:
            self._take_key(frame, value, position)
            return
        if not frame.dropping:
            container[frame.key] = value
            container.key_positions[frame.key] = frame.key_position
            container.value_positions[frame.key] = position
        frame.key = None
        frame.dropping = False

    def _take_key(self, frame: _Frame, key: Any, position: Position) -> None:
        frame.key_position = position
        frame.dropping = False
        if not isinstance(key, str):
            kind = "empty" if key is None else "a list or mapping"
            self.problems.append(YamlProblem(position, f"a field name must be plain text, found {kind}"))
            frame.key, frame.dropping = "", True
            return
        if key in frame.seen:
            first = frame.container.key_positions[key]
            self.problems.append(
                YamlProblem(
                    position,
                    f'duplicate field "{key}" (first at line {first.line}); keep only one',
                )
            )
            frame.dropping = True
        frame.seen.add(key)
        frame.key = key


def _is_implicit_tag(event: Any) -> bool:
    # libyaml reports the non-specific tag "!" for quoted scalars; that is not a user tag.
    return bool(event.tag == "!")


def _syntax_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    position = _position(mark) if mark is not None else START
    problem = exc.problem or "invalid YAML"
    context = ""
    if exc.context:
        # e.g. "while parsing a flow sequence": say where that sequence began.
        started = exc.context_mark
        where = "" if started is None else f" that starts at line {started.line + 1}, column {started.column + 1}"
        context = f" ({exc.context}{where})"
    return YamlProblem(position, f"YAML syntax error: {problem}{context}")
