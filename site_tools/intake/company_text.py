"""Company records as text, shared by the two importers (import_table.py, import_issue.py).

Both read open-door times as people write them ("Mo–Fr 09:00–12:00; Sa 10–12 Uhr") and
both write the record as YAML laid out like templates/records/company.yaml, so that the
strict loader (strict_yaml.py) reads every value back exactly as it was given.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from site_tools.content.load import RawContent, RecordFile
from site_tools.content.scalars import GERMAN_WEEKDAYS, WEEKDAYS, is_id
from site_tools.content.strict_yaml import is_direction_control
from site_tools.content.validate import ValidationResult, validate_content
from site_tools.intake.scaffold import schema_line

# --- open-door times ---------------------------------------------------------------------

# Every way of writing a day -> its id: Mo Di Mi Do Fr Sa So, the full German names, and the
# record's own ids (tu, we, th, su), which people copy from existing records.
_DAY_WORDS: dict[str, str] = {
    **GERMAN_WEEKDAYS,
    **{day: day for day in WEEKDAYS},
    "montag": "mo",
    "dienstag": "tu",
    "mittwoch": "we",
    "donnerstag": "th",
    "freitag": "fr",
    "samstag": "sa",
    "sonnabend": "sa",
    "sonntag": "su",
}
_GERMAN_DAY = {day: word.capitalize() for word, day in GERMAN_WEEKDAYS.items()}
_TIME = r"[0-9]{1,2}(?:[:.][0-9]{2})?"
_SLOT = re.compile(
    rf"^(?P<days>.*?)\s*(?P<opens>{_TIME})\s*(?:uhr)?\s*(?:-|–|—|bis)\s*(?P<closes>{_TIME})\s*(?:uhr)?$",
    re.IGNORECASE,
)
_DAY_RANGE = re.compile(r"\s*(?:-|–|—|\bbis\b)\s*", re.IGNORECASE)
_DAY_SEPARATORS = re.compile(r"(?:[\s,+&/]|\bund\b)+", re.IGNORECASE)
_EXAMPLE = '"Mo–Fr 09:00–12:00"'
_HOW = f'write days and times like {_EXAMPLE}, several separated by ";"'


class DoorSlot(NamedTuple):
    """One span of open-door time: weekday ids and "HH:MM" times, as the record holds them."""

    days: list[str]
    opens: str
    closes: str


def parse_door_hours(text: str) -> list[DoorSlot]:
    """Read "Mo–Fr 09:00–12:00; Sa 10–12 Uhr" (spans separated by ";" or line breaks) as slots.

    Raise `ValueError` saying what to write instead. Times are only brought into the
    form HH:MM ("9" -> "09:00", "9.30" -> "09:30"); the validator names impossible ones.
    """
    slots = []
    for part in (part.strip() for part in re.split(r"[;\n]", text)):
        if not part:
            continue
        match = _SLOT.match(part)
        # "Mo 9–12, Di 14–16" matches with "Mo 9–12, Di" as days: two spans missing their ";".
        if not match or any(char.isdigit() for char in match["days"]):
            raise ValueError(f'cannot read "{part}"; {_HOW}')
        slots.append(DoorSlot(parse_days(match["days"]), _time(match["opens"]), _time(match["closes"])))
    if not slots:
        raise ValueError(f"no days and times found; {_HOW}")
    return slots


def parse_days(text: str) -> list[str]:
    """The weekday ids of "Mo–Fr", "Di, Do", "Mo, Mi bis Fr" or "Dienstag und Donnerstag"; raise `ValueError`."""
    days: list[str] = []
    for part in _DAY_SEPARATORS.split(_DAY_RANGE.sub("–", text.strip())):
        if not part:
            continue
        ends = part.split("–")
        if len(ends) > 2 or not all(ends):
            raise ValueError(f'"{part}" is not a range of days; write the first and the last day, e.g. "Mo–Mi"')
        first, last = WEEKDAYS.index(_day(ends[0])), WEEKDAYS.index(_day(ends[-1]))
        if last < first:
            wrapped = f"{_written(WEEKDAYS[: last + 1])}, {_written(WEEKDAYS[first:])}"
            raise ValueError(f'"{part}" runs backwards; write the days from Monday on, e.g. "{wrapped}"')
        days += [day for day in WEEKDAYS[first : last + 1] if day not in days]
    if not days:
        raise ValueError(f"the days are missing; {_HOW}")
    return days


def _day(word: str) -> str:
    day = _DAY_WORDS.get(word.strip(" .").casefold())
    if day is None:
        raise ValueError(f'"{word}" is not a day; write Mo, Di, Mi, Do, Fr, Sa or So, e.g. {_EXAMPLE}')
    return day


def _written(days: Sequence[str]) -> str:
    """("fr", "sa", "su") -> "Fr–So"."""
    return _GERMAN_DAY[days[0]] if len(days) == 1 else f"{_GERMAN_DAY[days[0]]}–{_GERMAN_DAY[days[-1]]}"


def _time(text: str) -> str:
    hours, _, minutes = text.replace(".", ":").partition(":")
    return f"{int(hours):02d}:{minutes or '00'}"


# --- the record as YAML ------------------------------------------------------------------

# The fields in the order of templates/records/company.yaml (a test keeps them in step);
# list items as "open_door.hours.days". Keys not named here follow in the order given.
FIELD_ORDER: tuple[str, ...] = (
    "name",
    "description",
    "description.de",
    "branches",
    "address",
    "address.street",
    "address.postcode",
    "address.city",
    "address.district",
    "geo",
    "geo.lat",
    "geo.lon",
    "occupations",
    "dual_study",
    "internships",
    "open_door",
    "open_door.hours",
    "open_door.hours.days",
    "open_door.hours.opens",
    "open_door.hours.closes",
    "open_door.ask_for",
    "open_door.ask_for.de",
    "open_door.ask_about",
    "open_door.ask_about.de",
    "contact",
    "contact.person",
    "contact.phone",
    "contact.email",
    "contact.website",
    "languages",
    "accessibility",
    "accessibility.step_free",
    "accessibility.accessible_toilet",
    "accessibility.note",
    "joined",
    "consent",
    "reviewed",
)
_POSITION = {path: index for index, path in enumerate(FIELD_ORDER)}
# Top-level fields that start a group of the file: a blank line before them.
_GROUP_STARTS = frozenset({"address", "occupations", "open_door", "contact", "languages", "joined"})
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?").fullmatch
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fullmatch
# Fields whose values are written bare when they have the form the field wants; every
# other text is quoted, so postcodes, times and names stay text for any YAML reader.
_BARE_WHEN: dict[str, Callable[[str], object]] = {
    "branches": is_id,
    "address.district": is_id,
    "occupations": is_id,
    "open_door.hours.days": is_id,
    "languages": is_id,
    "geo.lat": _DECIMAL,
    "geo.lon": _DECIMAL,
    "joined": _DATE,
    "reviewed": _DATE,
}
# Words YAML 1.1 readers (editors, PyYAML) take for true, false or null: always quoted.
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


def company_yaml(record: Mapping[str, Any], folder: Path, notes: Sequence[str] = ()) -> str:
    """Write `record` as the text of a file in `folder`, laid out like a hand-written record.

    Values are text (lists and mappings of text) and bools. The first line points editors
    at the schema; `notes` become comment lines below it.
    """
    header = [schema_line("company", folder), *(["#", *(f"# {note}" for note in notes)] if notes else []), ""]
    return "\n".join([*header, *_mapping_lines(record, "", 0), ""])


def _mapping_lines(data: Mapping[str, Any], path: str, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    # sorted() is stable: keys not in FIELD_ORDER keep the order they were given in.
    for key, value in sorted(data.items(), key=lambda item: _POSITION.get(path + item[0], len(_POSITION))):
        field = path + key
        if not path and key in _GROUP_STARTS:
            lines.append("")
        if isinstance(value, Mapping):
            lines += (
                [f"{pad}{key}:", *_mapping_lines(value, field + ".", indent + 2)] if value else [f"{pad}{key}: {{}}"]
            )
        elif isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
            lines.append(f"{pad}{key}:")
            for item in value:
                first, *rest = _mapping_lines(item, field + ".", indent + 4) or ["{}"]
                lines += [f"{pad}  - {first.lstrip()}", *rest]
        elif isinstance(value, list):
            lines.append(f"{pad}{key}: [{', '.join(_scalar(item, field) for item in value)}]")
        elif isinstance(value, str) and _fits_block(value):
            # A literal block, "|-": the lines as they are, without a final line break.
            lines += [f"{pad}{key}: |-", *(f"{pad}  {line}" if line else "" for line in value.split("\n"))]
        else:
            lines.append(f"{pad}{key}: {_scalar(value, field)}")
    return lines


def _scalar(value: object, field: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        raise TypeError(f"{field}: cannot write {type(value).__name__} {value!r}; give text or a bool")
    bare = _BARE_WHEN.get(field)
    if bare is not None and bare(value) and value.casefold() not in _YAML_WORDS:
        return value
    return _quoted(value)


def _fits_block(text: str) -> bool:
    """Whether text of several lines reads back unchanged from a literal block scalar."""
    return (
        "\n" in text
        and text == text.strip()
        and all(line == line.rstrip() for line in text.split("\n"))
        and all(_printable(char) for char in text if char != "\n")
    )


def _printable(char: str) -> bool:
    """A character written as it is: YAML's printable set, without tab, line separators and direction controls.

    Direction controls are written as escapes, so that validation names the field they are in.
    """
    code = ord(char)
    return (
        (
            0x20 <= code <= 0x7E
            or 0xA0 <= code <= 0xD7FF
            or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
            or 0x10000 <= code <= 0x10FFFF
        )
        and char not in "\u2028\u2029"
        and not is_direction_control(char)
    )


def _quoted(text: str) -> str:
    """Text as a YAML double-quoted scalar, with every character libyaml won't take escaped."""
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}
    out = []
    for char in text:
        code = ord(char)
        if char in escapes:
            out.append(escapes[char])
        elif _printable(char):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


__all__ = ["FIELD_ORDER", "DoorSlot", "company_yaml", "parse_days", "parse_door_hours"]


def check_companies(
    raw: RawContent, records: Sequence[tuple[str, str, str]], today: dt.date, workers: int | None = None
) -> ValidationResult:
    """Validate company texts as the companies of the content folder `raw` was read from.

    `records` are (id, text, name shown in problems). They are checked against that
    folder's site.yaml and taxonomies without touching it; its own offers, venues and
    companies are left out, as they are not the importer's to fix.
    """
    with tempfile.TemporaryDirectory(prefix="import-") as scratch:
        files = []
        for number, (record_id, text, shown) in enumerate(records):
            path = Path(scratch) / f"{number}.yaml"
            path.write_bytes(text.encode("utf-8"))
            files.append(RecordFile("companies", record_id, path, shown))
        checked = replace(raw, record_files={"companies": files}, problems=list(raw.problems))
        return validate_content(checked, today, keep_content=False, workers=workers)
