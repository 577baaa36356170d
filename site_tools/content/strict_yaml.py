"""Parse one YAML file strictly: every scalar stays text, every value keeps its position.

PyYAML's default typing turns `01067` into 567, `no` into False and `10:30` into 630,
and keeps the last of two duplicate keys. We therefore never let YAML type anything:
libyaml's event stream (fast, C) is composed here into plain dicts, lists and strings,
and the typing happens later, through the schema. Containers remember where each of
their keys and values stood, so any later check can point at file, line and column.

Problems come in two weights. Some end reading (bad UTF-8, a syntax error, tabs): there
is no data. Others (a duplicate field, an anchor, a tag) are reported, and the data is
kept so that the rest of the file can still be checked in the same run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from site_tools.content.located import START, LocatedDict, LocatedList, Position, position_of

MAX_FILE_BYTES = 1_000_000
# Records nest a few levels deep. libyaml slows down quadratically with nesting depth, so
# reading stops here instead of letting a file of 400,000 "[" keep a build busy for minutes.
MAX_DEPTH = 20
_BOM = "\ufeff"
# Plain (unquoted) scalars that mean "no value". Everything else stays text.
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
# libyaml ends a line at these too, editors don't: line numbers would drift apart.
_INVISIBLE_LINE_BREAKS = {"\x85": "U+0085", "\u2028": "U+2028", "\u2029": "U+2029"}
# A line with a value and then " #text": likely part of the value ("Markt 2 #Hinterhof", "Tor #3")
# swallowed as a comment. Comments meant as comments start with "# ", as in our templates.
_INLINE_COMMENT = re.compile(r"^\s*[^#\s].*?\s#[^\s#]")
# Stands for the value of an alias (*name), which is refused and then left out.
_ALIAS = object()
# Control characters (all but tab and line ends) have no place in text a page shows; the
# direction controls (embeddings, overrides, isolates) make text show in another order than
# it is written ("Trojan Source"), in a reviewer's editor as on the site.
# (U+0085 in the file itself is a line break, read as a space with a warning below.)
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
_DIRECTION = "\u202a-\u202e\u2066-\u2069"
_HIDDEN = re.compile(f"[{_CONTROL}{_DIRECTION}]")
_RAW_CONTROL = re.compile(f"[{_CONTROL}]")
_DIRECTION_CONTROL = re.compile(f"[{_DIRECTION}]")
# In a value (after escapes such as "\e" are read), tab and line feed may stand; nothing else of these.
_HIDDEN_IN_VALUE = re.compile(f"[{_CONTROL}\r\x85\u2028\u2029{_DIRECTION}]")


@dataclass(frozen=True)
class YamlProblem:
    """A problem found while reading a file; the loader adds the file name."""

    position: Position
    message: str
    warning: bool = False
    path: str = ""  # the field, like validate.py names it ("open_door.hours[0].opens"), where known


@dataclass
class YamlDocument:
    """A file read as far as it could be: its data and what was wrong with it."""

    data: LocatedDict
    problems: list[YamlProblem] = field(default_factory=list)


class YamlError(Exception):
    """The file cannot be read as a record; `problems` says every reason found."""

    def __init__(self, problems: list[YamlProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def read_yaml(raw: bytes) -> YamlDocument:
    """Read a whole YAML file: its data and its problems, or raise `YamlError` if no data."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError([YamlProblem(START, too_large_message(len(raw)))])
    text = decode_utf8(raw)
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:  # Windows and old Mac line ends: one kind of line for every check below
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    hidden: list[YamlProblem] = []
    if _HIDDEN.search(text):
        hidden = hidden_character_problems(text)
        if _RAW_CONTROL.search(text):  # libyaml cannot read past these: nothing more to check
            raise YamlError(hidden)
    if "\t" in text:
        tab_problems = _find_tab_indentation(text)
        if tab_problems:
            raise YamlError([*hidden, *tab_problems])
    warnings: list[YamlProblem] = []
    if any(char in text for char in _INVISIBLE_LINE_BREAKS):
        text, warnings = _replace_invisible_line_breaks(text)
    try:
        document = _Composer(text).compose()
    except YamlError as exc:
        raise YamlError([*hidden, *exc.problems]) from None
    document.problems[:0] = hidden + warnings
    return document


def parse_yaml(raw: bytes) -> LocatedDict:
    """Read a YAML file that must be without any problem; raise `YamlError` otherwise."""
    document = read_yaml(raw)
    if document.problems:
        raise YamlError(document.problems)
    return document.data


def is_direction_control(char: str) -> bool:
    """Whether `char` is an embedding, override or isolate (U+202A–U+202E, U+2066–U+2069)."""
    return bool(_DIRECTION_CONTROL.fullmatch(char))


def _describe_character(char: str) -> str:
    """ "U+202E (RIGHT-TO-LEFT OVERRIDE)", or "U+001B" for characters without a name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _hidden_message(char: str, escaped: bool = False) -> str:
    written = ", written as an escape," if escaped else ""
    if is_direction_control(char):
        return (
            f"invisible direction control {_describe_character(char)}{written} makes text show in another order"
            " than it is written; delete it (the site sets the direction of names itself)"
        )
    return f"control character {_describe_character(char)}{written} is not allowed in text; delete it"


def hidden_character_problems(text: str, line_offset: int = 0) -> list[YamlProblem]:
    """Every control or direction-control character in `text`, at its line and column."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _HIDDEN.finditer(line):
            position = Position(number + line_offset, match.start() + 1)
            problems.append(YamlProblem(position, _hidden_message(match.group())))
    return problems


def too_large_message(size: int) -> str:
    return f"file is {size:,} bytes; a record must be under 1 MB (1,000,000 bytes)"


def decode_utf8(raw: bytes) -> str:
    """Decode UTF-8 strictly, saying where the first bad byte is."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        before = raw[line_start : exc.start].decode("utf-8", errors="replace").lstrip(_BOM)
        bad = raw[exc.start : exc.end].hex(" ")
        message = f"file is not valid UTF-8 (byte {bad}); save it as UTF-8"
        raise YamlError([YamlProblem(Position(line, len(before) + 1), message)]) from None


def _find_tab_indentation(text: str) -> list[YamlProblem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            column = indent.index("\t") + 1
            problems.append(
                YamlProblem(
                    Position(number, column),
                    "tab at the start of a line; YAML indents with spaces only, replace the tab with spaces",
                )
            )
    return problems


def _replace_invisible_line_breaks(text: str) -> tuple[str, list[YamlProblem]]:
    """Turn U+2028 and friends into spaces, so libyaml counts lines as editors do."""
    warnings = []
    for number, line in enumerate(text.split("\n"), start=1):
        for column, char in enumerate(line, start=1):
            if char in _INVISIBLE_LINE_BREAKS:
                warnings.append(
                    YamlProblem(
                        Position(number, column),
                        f"invisible line separator ({_INVISIBLE_LINE_BREAKS[char]}, often pasted from a word"
                        " processor) read as a space; delete it",
                        warning=True,
                    )
                )
    for char in _INVISIBLE_LINE_BREAKS:
        text = text.replace(char, " ")
    return text, warnings


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
        # Lines where a "#" follows other text: checked for comments cutting a value short.
        self.comment_lines: list[str] | None = None
        if " #" in text or "\t#" in text:
            self.comment_lines = text.split("\n")

    def compose(self) -> YamlDocument:
        try:
            root = self._compose_stream(_events(self.text))
        except yaml.MarkedYAMLError as exc:
            raise YamlError([*self.problems, _syntax_problem(exc, self.text)]) from None
        except yaml.YAMLError as exc:  # errors without a position (rare)
            raise self._fatal(START, f"invalid YAML: {exc}") from None
        return YamlDocument(root, self.problems)

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
                plain = not event.style
                value = None if plain and event.value in _NULL_WORDS else event.value
                mark = event.start_mark
                if event.style == '"':  # only escapes can bring in what the file-wide check did not see
                    self._check_escapes(event, stack)
                if plain and self.comment_lines is not None:
                    self._check_comment_after(event)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    self._check_anchor_and_tag(event)
                is_list = kind is sequence_start
                container = LocatedList(event.start_mark) if is_list else LocatedDict(event.start_mark)
                stack.append(_Frame(container, is_list))
                if len(stack) > MAX_DEPTH:
                    raise self._fatal(
                        position_of(event.start_mark), f"nested more than {MAX_DEPTH} levels deep; records are flatter"
                    )
                continue
            elif kind in collection_end:
                value = stack.pop().container
                mark = value.mark
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                self.problems.append(
                    YamlProblem(position_of(mark), f"aliases (*{event.anchor}) are not allowed; write the value out")
                )
                value = _ALIAS
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents == 2:
                    raise self._fatal(
                        position_of(event.start_mark), "a record file holds one YAML document; remove the second '---'"
                    )
                continue
            else:  # stream start and end, document end
                continue

            if not stack:
                root, root_mark = value, mark
                continue
            frame = stack[-1]
            if frame.is_list:
                if value is not _ALIAS:
                    items = cast(LocatedList, frame.container)
                    items.append(value)
                    items.item_marks.append(mark)
            elif frame.key is None:
                self._take_key(frame, value, mark)
            else:
                # An alias's value is left out: it is reported, and not checked a second time.
                if not frame.dropping and value is not _ALIAS:
                    fields = cast(LocatedDict, frame.container)
                    fields[frame.key] = value
                    fields.key_marks[frame.key] = frame.key_mark
                    fields.value_marks[frame.key] = mark
                frame.key = None
                frame.dropping = False

        if documents == 0 or root is None:
            raise self._fatal(START, "file is empty; a record needs its fields")
        if not isinstance(root, LocatedDict):
            found = "a list" if isinstance(root, LocatedList) else "a single value"
            raise self._fatal(position_of(root_mark), f"file must be a mapping of fields (name: value), found {found}")
        return root

    def _fatal(self, position: Position, message: str) -> YamlError:
        """The error that ends reading: every problem so far, and this one."""
        return YamlError([*self.problems, YamlProblem(position, message)])

    def _check_anchor_and_tag(self, event: Any) -> None:
        position = position_of(event.start_mark)
        if event.anchor is not None:
            self.problems.append(
                YamlProblem(position, f"anchors (&{event.anchor}) are not allowed; write each value out")
            )
        if event.tag is not None and not _is_implicit_tag(event):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(YamlProblem(position, f"tags ({tag}) are not allowed; values are typed by the schema"))

    def _check_escapes(self, event: Any, stack: list[_Frame]) -> None:
        found = _HIDDEN_IN_VALUE.search(event.value)
        if found:
            message = _hidden_message(found.group(), escaped=True)
            self.problems.append(YamlProblem(position_of(event.start_mark), message, path=_field_path(stack)))

    def _check_comment_after(self, event: Any) -> None:
        """Warn when " #" ends an unquoted value: `street: Markt 2 #Hinterhof` loses "#Hinterhof"."""
        assert self.comment_lines is not None
        end = event.end_mark
        line = self.comment_lines[end.line] if end.line < len(self.comment_lines) else ""
        if not _INLINE_COMMENT.match(line):
            return
        rest = line[end.column :]
        if _INLINE_COMMENT.match(f"x {rest.lstrip(' ')}") and rest.lstrip(" \t").startswith("#") and event.value:
            self.problems.append(
                YamlProblem(
                    Position(end.line + 1, end.column + 1 + len(rest) - len(rest.lstrip(" \t"))),
                    f'"{rest.strip()}" is a comment and not part of the value "{event.value}";'
                    " put the whole value in quotes to keep it",
                    warning=True,
                )
            )

    def _take_key(self, frame: _Frame, key: Any, mark: Any) -> None:
        frame.key_mark = mark
        frame.dropping = False
        fields = cast(LocatedDict, frame.container)
        if not isinstance(key, str):
            kind = "empty" if key is None else "an alias" if key is _ALIAS else "a list or mapping"
            self.problems.append(YamlProblem(position_of(mark), f"a field name must be plain text, found {kind}"))
            frame.key, frame.dropping = "", True
            return
        if key in fields:  # the first one's value is in already: it came before this key
            first = fields.key_position(key)
            self.problems.append(
                YamlProblem(
                    position_of(mark),
                    f'duplicate field "{key}" (first at line {first.line}); keep only one, the first one counts',
                )
            )
            frame.dropping = True
        frame.key = key


def _field_path(stack: list[_Frame]) -> str:
    """The field the next value belongs to, e.g. "open_door.hours[0].opens" (a key: its mapping's)."""
    path = ""
    for frame in stack:
        if frame.is_list:
            path += f"[{len(frame.container)}]"
        elif frame.key is not None:
            path += f".{frame.key}" if path else frame.key
        else:
            break
    return path


def _is_implicit_tag(event: Any) -> bool:
    # libyaml reports the non-specific tag "!" for quoted scalars; that is not a user tag.
    return bool(event.tag == "!")


# libyaml's complaint -> what a person should do about it. First match wins.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        'a ": " inside a value, or a missing space after a field\'s ":" on the line before;'
        ' put such a value in quotes, e.g. name: "Bäckerei: Brot & mehr"',
    ),
    ("while scanning a quoted scalar", "this quoted text is never closed; add the closing quote"),
    ("while scanning an alias", 'a value that starts with "*" must be put in quotes, e.g. "*Neu*"'),
    ("while scanning an anchor", 'a value that starts with "&" must be put in quotes, e.g. "& Co."'),
    ("cannot start any token", 'a value that starts with "@", "`" or "%" must be put in quotes'),
    ("could not find expected ':'", 'every line needs "field: value"; check this line and the one before'),
    ("did not find expected ',' or ']'", 'a list in "[…]" is not closed; add "]" or a missing ","'),
    ("did not find expected ',' or '}'", 'a group in "{…}" is not closed; add "}" or a missing ","'),
    (
        "did not find expected key",
        "check the indentation: fields of the same group need the same number of spaces",
    ),
    ("expected <block end>", "check the indentation of this line: it does not line up with the fields above"),
    ("did not find expected '-' indicator", 'check the indentation: list items start with "- " at the same column'),
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unclosed_quote(lines: list[str], last: int) -> Position | None:
    """The first line up to `last` that opens a double quote and does not close it."""
    for number, line in enumerate(lines[: last + 1]):
        code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        quotes = [i for i, char in enumerate(code) if char == '"' and (i == 0 or code[i - 1] != "\\")]
        if len(quotes) % 2:
            return Position(number + 1, quotes[-1] + 1)
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if "quoted scalar" in context and exc.context_mark is not None:
        mark = exc.context_mark  # where the quote was opened, not the end of the file
    position = position_of(mark) if mark is not None else START
    libyaml_says = problem + (f", {context}" if context else "")
    if exc.context_mark is not None and mark is not exc.context_mark and context:
        libyaml_says += f" starting at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
    hint = next((hint for clue, hint in _SYNTAX_HINTS if clue in problem or clue in context), "")

    # Quoted text may run over several lines in YAML, so a forgotten closing quote shows up
    # lines later; point at the quote that was opened instead.
    lines = text.split("\n")
    opened = _unclosed_quote(lines, position.line - 1)
    if opened is not None and opened.line < position.line:
        position, hint = opened, "this quote is never closed; add the closing quote at the end of the value"
    elif "mapping values are not allowed" in problem and 1 < position.line <= len(lines):
        line, before = lines[position.line - 1], lines[position.line - 2]
        if before.strip() and _indent(line) > _indent(before) and not before.rstrip().endswith((":", "|", ">")):
            position = Position(position.line, _indent(line) + 1)
            hint = f"this line is indented more than the line before; use {_indent(before)} spaces like the field above"
    if position.line > len(lines):  # libyaml's end of a file without a final newline
        position = Position(len(lines), len(lines[-1]) + 1)
    if hint:
        return YamlProblem(position, f"YAML syntax error: {hint} (YAML says: {libyaml_says})")
    return YamlProblem(position, f"YAML syntax error: {libyaml_says}")
