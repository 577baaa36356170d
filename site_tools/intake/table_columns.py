"""The import table's columns: what each heading fills, how its cells become text, which row is wrong."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl.utils import get_column_letter

from site_tools.errors import ConfigError, Severity
from site_tools.intake.table_file import Cell

ColumnKind = Literal["id", "text", "ids", "names", "postcode", "decimal", "bool", "date", "hours"]


@dataclass(frozen=True)
class Column:
    """One column staff may put in the table."""

    header: str
    # The record field it fills, as validate.py names it in problems ("" for the file name).
    field: str
    required: bool
    kind: ColumnKind
    format: str


# The table's columns, in the order a template table should have them. Headings are
# matched ignoring case and surrounding spaces ("Strasse" also matches "Straße").
COLUMNS: tuple[Column, ...] = (
    Column(
        "Kennung",
        "",
        False,
        "id",
        'file name and page address: lowercase letters a-z, digits and "-"; empty: made from the name'
        " (Bäckerei Müller → baeckerei-mueller)",
    ),
    Column("Name", "name", True, "text", "the name as it should appear on the site"),
    Column(
        "Beschreibung", "description", True, "text", "two or three sentences in German: what you do, whom you train"
    ),
    Column(
        "Branchen", "branches", True, "ids", "ids from taxonomies/branches.yaml, separated by commas, e.g. crafts, food"
    ),
    Column("Straße", "address.street", True, "text", "street and number, e.g. Hauptstraße 12"),
    Column(
        "PLZ",
        "address.postcode",
        True,
        "postcode",
        "5 digits, e.g. 44801; a postcode that lost its leading zero (1067) gets it back",
    ),
    Column("Ort", "address.city", True, "text", "e.g. Bochum"),
    Column("Stadtteil", "address.district", True, "id", "id from taxonomies/districts.yaml, e.g. hamme"),
    Column(
        "Breitengrad",
        "geo.lat",
        True,
        "decimal",
        "latitude in decimal degrees, with a point or a comma, e.g. 51.4818"
        " (right-click the place on openstreetmap.org)",
    ),
    Column("Längengrad", "geo.lon", True, "decimal", "longitude in decimal degrees, e.g. 7.2162"),
    Column(
        "Ausbildungsberufe",
        "occupations",
        False,
        "ids",
        "apprenticeships, ids from taxonomies/occupations.yaml, separated by commas, e.g. tischler, maurer",
    ),
    Column(
        "Duales Studium",
        "dual_study",
        False,
        "names",
        "names of dual study programmes, separated by semicolons, e.g. B.Eng. Maschinenbau (dual)",
    ),
    Column("Praktikum", "internships", False, "bool", "internships offered: ja or nein; empty: nein"),
    Column(
        "Offene Tür",
        "open_door.hours",
        True,
        "hours",
        "when people may walk in: days and times, e.g. Mo–Fr 09:00–12:00; several separated by semicolons,"
        " e.g. Mo–Do 09:00–12:00; Fr 13:00–15:00. Days: Mo Di Mi Do Fr Sa So",
    ),
    Column(
        "Fragen nach",
        "open_door.ask_for",
        True,
        "text",
        "whom to ask at the door, e.g. Frau Beispiel, Ausbildungsleitung",
    ),
    Column(
        "Fragen zu", "open_door.ask_about", False, "text", "what people may ask about, e.g. Ausbildung und Praktikum"
    ),
    Column("Ansprechperson", "contact.person", False, "text", "a name or a role people can ask for"),
    Column(
        "Telefon",
        "contact.phone",
        False,
        "text",
        "with area code, e.g. 0234 123456 (format the cells as text so the 0 stays);"
        " at least one of Telefon, E-Mail, Website is needed",
    ),
    Column("E-Mail", "contact.email", False, "text", "e.g. ausbildung@beispiel.de"),
    Column("Website", "contact.website", False, "text", "starting with https://, e.g. https://www.beispiel.de/"),
    Column(
        "Sprachen",
        "languages",
        False,
        "ids",
        "languages the staff speak, ids from taxonomies/languages.yaml, separated by commas, e.g. de, tr; empty: de",
    ),
    Column(
        "Stufenlos", "accessibility.step_free", False, "bool", "entrance without steps: ja, nein, or empty if unknown"
    ),
    Column("Dabei seit", "joined", True, "date", "the day the company joined, e.g. 31.03.2026 or 2026-03-31"),
    Column(
        "Einwilligung",
        "consent",
        True,
        "bool",
        "ja: the company agreed that its entry may be published; rows without ja are not imported",
    ),
    Column("Geprüft am", "reviewed", True, "date", "the day the data was last checked, e.g. 31.03.2026 or 2026-03-31"),
)

# Problems about a whole group of fields, and the columns that fill it.
_GROUP_COLUMNS = {"contact": ("Telefon", "E-Mail", "Website")}
# A heading starting with this is a note column and not read.
NOTE_PREFIX = "#"

_COLUMNS_BY_KEY = {column.header.casefold(): column for column in COLUMNS}
_COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS if column.field}
_ORDER = {column.header: index for index, column in enumerate(COLUMNS)}
_GERMAN_DATE = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")
_DECIMAL_COMMA = re.compile(r"^-?[0-9]+,[0-9]+$")


def format_columns() -> str:
    """The columns a table may have, as a Markdown table for staff."""
    lines = ["| column | required | what to write |", "|---|---|---|"]
    for column in COLUMNS:
        lines.append(f"| {column.header} | {'yes' if column.required else 'no'} | {column.format} |")
    lines += [
        "",
        "The first row holds these headings; each further row is one company. Empty rows are skipped;"
        f' columns whose heading starts with "{NOTE_PREFIX}" are notes and not read.'
        " Save CSV files as UTF-8 (Excel: CSV UTF-8), separated by ; or ,.",
    ]
    return "\n".join(lines)


# --- cells ---------------------------------------------------------------------------------


def _cell_text(value: Cell, kind: ColumnKind) -> str:
    """A cell's value as the text a person sees, fit for the column's kind."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.datetime):
        if kind == "date" or value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        if kind == "decimal":
            return repr(value)  # the shortest text for the number: 51.4818, not 51.481799999999998
        if value.is_integer():
            value = int(value)
        else:
            return repr(value)
    if isinstance(value, int):
        if kind == "postcode" and 0 <= value < 100_000:
            return f"{value:05d}"
        return str(value)
    text = str(value).strip()
    if kind == "postcode" and len(text) == 4 and text.isdigit():
        return "0" + text  # the table lost the leading zero; German postcodes have 5 digits
    if kind == "decimal" and _DECIMAL_COMMA.match(text):
        return text.replace(",", ".")
    if kind == "date":
        german = _GERMAN_DATE.match(text)
        if german:
            day, month, year = german.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return text


def _column_name(index: int) -> str:
    return str(get_column_letter(index + 1))


def match_headings(headings: Sequence[Cell]) -> dict[int, Column]:
    """Which column of the table is which; unknown, doubled or missing headings stop the import."""
    found: dict[int, Column] = {}
    problems: list[str] = []
    for index, value in enumerate(headings):
        heading = _cell_text(value, "text")
        if not heading or heading.startswith(NOTE_PREFIX):
            continue
        column = _COLUMNS_BY_KEY.get(" ".join(heading.split()).casefold())
        if column is None:
            guess = difflib.get_close_matches(heading, [c.header for c in COLUMNS], n=1, cutoff=0.6)
            hint = f'; did you mean "{guess[0]}"?' if guess else ""
            problems.append(f'unknown column heading "{heading}" in column {_column_name(index)}{hint}')
        elif column in found.values():
            problems.append(f'column heading "{column.header}" appears twice (column {_column_name(index)})')
        else:
            found[index] = column
    missing = [column.header for column in COLUMNS if column.required and column not in found.values()]
    if missing:
        problems.append("required columns are missing: " + ", ".join(missing))
    if problems:
        raise ConfigError(
            "; ".join(problems) + ". Headings go in row 1; see them with: python build.py import --columns"
        )
    return found


def row_cells(
    row: int, values: Sequence[Cell], columns: dict[int, Column], headings: Sequence[Cell]
) -> tuple[dict[str, str], list[RowProblem]]:
    """The row's cells as text by column heading, and a problem for each value without a heading."""
    cells: dict[str, str] = {}
    problems: list[RowProblem] = []
    for index, value in enumerate(values):
        column = columns.get(index)
        if column is not None:
            cells[column.header] = _cell_text(value, column.kind)
            continue
        heading = _cell_text(headings[index], "text") if index < len(headings) else ""
        if not heading and _cell_text(value, "text"):
            problems.append(
                RowProblem(
                    row,
                    (),
                    f"column {_column_name(index)} has a value but no heading; add a heading from"
                    " python build.py import --columns, or delete the value",
                )
            )
    return cells, problems


# --- problems ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """Something wrong in one row of the table, in one column (or a few, or none)."""

    row: int
    columns: tuple[str, ...]
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"row {self.row}"
        if len(self.columns) == 1:
            where += f', column "{self.columns[0]}"'
        elif self.columns:
            where += ", columns " + ", ".join(f'"{name}"' for name in self.columns)
        return f"{where}: {self.severity.value}: {self.message}"


def problem_order(problem: RowProblem) -> tuple[int, int]:
    """Sort key: problems of the whole row first, then in column order, errors before warnings."""
    first = _ORDER.get(problem.columns[0], len(_ORDER)) if problem.columns else -1
    return (first, 0 if problem.is_error else 1)


def columns_of(path: str) -> tuple[str, ...]:
    """`open_door.hours[0].closes` -> ("Offene Tür",): the column that filled the field."""
    parts = re.sub(r"\[[0-9]+\]", "", path).split(".") if path else []
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in _COLUMNS_BY_FIELD:
            return (_COLUMNS_BY_FIELD[prefix].header,)
        if prefix in _GROUP_COLUMNS:
            return _GROUP_COLUMNS[prefix]
    return ()
