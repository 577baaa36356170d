"""Parse one YAML file strictly: every scalar stays text, every value keeps its position.

PyYAML's default typing turns `01067` into 567, `no` into False and `10:30` into 630,
and keeps the last of two duplicate keys. We therefore never let YAML type anything:
libyaml's event stream (fast, C) is composed here into plain dicts, lists and strings,
and the typing happens later, through the schema. Containers remember where each of
their keys and values stood, so any later check can point at file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import yaml

MAX_FILE_BYTES = 1_000_000
# Records nest a few levels deep. libyaml slows down quadratically with nesting depth, so
# reading stops here instead of letting a file of 400,000 "[" keep a build busy for minutes.
MAX_DEPTH = 20
_BOM = "\ufeff"
# Plain (unquoted) scalars that mean "no value". Everything else stays text.
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


class Position(NamedTuple):
    """A 1-based line and column."""

    line: int
    column: int


START = Position(1, 1)


def _position(mark: Any) -> Position:
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
        return _position(self.mark)

    def key_position(self, key: str) -> Position:
        return _position(self.key_marks[key])

    def value_position(self, key: str) -> Position:
        return _position(self.value_marks[key])


class LocatedList(list[Any]):
    """A sequence that knows where it and each of its items stood in the file."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Any) -> None:
        self.mark = mark
        self.item_marks: list[Any] = []

    @property
    def position(self) -> Position:
        return _position(self.mark)

    def item_position(self, index: int) -> Position:
        return _position(self.item_marks[index])


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
    if "\t" in text:
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
            problems.append(YamlProblem(Position(number, column), "tab used for indentation; indent with spaces"))
    return problems


def _events(text: str) -> Iterator[Any]:
    """libyaml's events; like yaml.parse, without its per-event Python overhead."""
    parser = yaml.CSafeLoader(text)
    try:
        get_event = parser.get_event
        while (event := get_event()) is not None:
            yield event
    finally:
        parser.dispose()


@dataclass(slots=True)
class _Frame:
    """An open container while composing; for mappings, the key awaiting its value."""

    container: LocatedDict | LocatedList
    is_list: bool
    key: str | None = None
    key_mark: Any = None
    # A key that was a duplicate: its value is read (to stay in sync) and dropped.
    dropping: bool = False


class _Composer:
    """Turn libyaml's events into located plain data, refusing what we don't allow."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[YamlProblem] = []

    def compose(self) -> LocatedDict:
        try:
            root = self._compose_stream(_events(self.text))
        except yaml.MarkedYAMLError as exc:
            raise YamlError([*self.problems, _syntax_problem(exc)]) from None
        except yaml.YAMLError as exc:  # errors without a position (rare)
            raise self._fatal(START, f"invalid YAML: {exc}") from None
        if self.problems:
            raise YamlError(self.problems)
        return root

    def _compose_stream(self, events: Iterator[Any]) -> LocatedDict:
        # The hot loop of loading: dispatch on the exact event class, most frequent first.
        scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        root: Any = None
        root_mark: Any = None
        documents = 0
        stack: list[_Frame] = []
        for event in events:
            kind = type(event)
            value: Any
            if kind is scalar:
                if event.anchor is not None or event.tag is not None:
                    self._check_anchor_and_tag(event)
                value = None if not event.style and event.value in _NULL_WORDS else event.value
                mark = event.start_mark
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    self._check_anchor_and_tag(event)
                is_list = kind is sequence_start
                container = LocatedList(event.start_mark) if is_list else LocatedDict(event.start_mark)
                stack.append(_Frame(container, is_list))
                if len(stack) > MAX_DEPTH:
                    raise self._fatal(
                        _position(event.start_mark), f"nested more than {MAX_DEPTH} levels deep; records are flatter"
                    )
                continue
            elif kind in collection_end:
                value = stack.pop().container
                mark = value.mark
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                self.problems.append(
                    YamlProblem(_position(mark), f"aliases (*{event.anchor}) are not allowed; write the value out")
                )
                value = None
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents == 2:
                    raise self._fatal(
                        _position(event.start_mark), "a record file holds one YAML document; remove the second '---'"
                    )
                continue
            else:  # stream start and end, document end
                continue

            if not stack:
                root, root_mark = value, mark
                continue
            frame = stack[-1]
            if frame.is_list:
                items = cast(LocatedList, frame.container)
                items.append(value)
                items.item_marks.append(mark)
            elif frame.key is None:
                self._take_key(frame, value, mark)
            else:
                if not frame.dropping:
                    fields = frame.container
                    assert isinstance(fields, LocatedDict)
                    fields[frame.key] = value
                    fields.key_marks[frame.key] = frame.key_mark
                    fields.value_marks[frame.key] = mark
                frame.key = None
                frame.dropping = False

        if documents == 0 or root is None:
            raise self._fatal(START, "file is empty; a record needs its fields")
        if not isinstance(root, LocatedDict):
            found = "a list" if isinstance(root, LocatedList) else "a single value"
            raise self._fatal(_position(root_mark), f"file must be a mapping of fields (name: value), found {found}")
        return root

    def _fatal(self, position: Position, message: str) -> YamlError:
        """The error that ends reading: every problem so far, and this one."""
        return YamlError([*self.problems, YamlProblem(position, message)])

    def _check_anchor_and_tag(self, event: Any) -> None:
        position = _position(event.start_mark)
        if event.anchor is not None:
            self.problems.append(
                YamlProblem(position, f"anchors (&{event.anchor}) are not allowed; write each value out")
            )
        if event.tag is not None and not _is_implicit_tag(event):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(YamlProblem(position, f"tags ({tag}) are not allowed; values are typed by the schema"))

    def _take_key(self, frame: _Frame, key: Any, mark: Any) -> None:
        frame.key_mark = mark
        frame.dropping = False
        fields = frame.container
        assert isinstance(fields, LocatedDict)
        if not isinstance(key, str):
            kind = "empty" if key is None else "a list or mapping"
            self.problems.append(YamlProblem(_position(mark), f"a field name must be plain text, found {kind}"))
            frame.key, frame.dropping = "", True
            return
        if key in fields:  # the first one's value is in already: it came before this key
            first = fields.key_position(key)
            self.problems.append(
                YamlProblem(_position(mark), f'duplicate field "{key}" (first at line {first.line}); keep only one')
            )
            frame.dropping = True
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
