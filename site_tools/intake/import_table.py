"""Import companies from a staff spreadsheet (.xlsx or .csv) into content/companies/.

The first row of the table holds the German column headings listed in `COLUMNS`; every
further row is one company. Each row becomes a YAML record written like a hand-written
one, and all of them are checked by validate.py together with the content folder's
site.yaml and taxonomies, before anything is written (gather everything, then write):
rows without errors are written, rows with errors are reported by row number (as the
spreadsheet shows it, the heading row is row 1) and German column name, and not written.

Spreadsheets type their cells: a postcode 01067 arrives as the number 1067, a date as a
datetime, "ja" as text. Cells are therefore turned into text on purpose, column by
column (`_cell_text`), and written quoted where the strict loader must keep them text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from openpyxl.utils import get_column_letter

from site_tools.content.load import SITE_FILE, TAXONOMY_DIR, RawContent, display_path, load_content
from site_tools.content.scalars import is_id, suggest_id
from site_tools.errors import ConfigError, ContentError, Problem, Severity
from site_tools.intake.company_text import check_companies, company_yaml, parse_door_hours
from site_tools.intake.scaffold import write_record_file
from site_tools.intake.table_file import Cell, read_table

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
# Validator messages that read oddly for a table cell, reworded.
_REWORDED = {
    "is required but missing": "is empty; it must be filled in",
    "must be true: the company confirms that this entry may be published": (
        'must be "ja": the company must agree that its entry may be published'
    ),
}
# Imported texts are German only by design; `validate` still lists the missing translations.
_TRANSLATION_WARNING = "not translated into"

_COLUMNS_BY_KEY = {column.header.casefold(): column for column in COLUMNS}
_COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS if column.field}
_ORDER = {column.header: index for index, column in enumerate(COLUMNS)}
_TRUE_WORDS = frozenset({"ja", "j", "x", "yes", "y", "true", "wahr", "1"})
_FALSE_WORDS = frozenset({"nein", "n", "no", "false", "falsch", "0"})
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


# --- outcome ---------------------------------------------------------------------------


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


RowStatus = Literal["written", "unchanged", "skipped", "failed"]


@dataclass
class RowOutcome:
    """What became of one row: written, unchanged, skipped (record exists) or failed."""

    row: int
    record_id: str
    status: RowStatus
    path: Path | None
    problems: list[RowProblem] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The lines that tell staff about this row."""
        shown = display_path(self.path) if self.path else ""
        said = {
            "written": f"row {self.row}: wrote {shown}",
            "unchanged": f"row {self.row}: {shown} is unchanged",
            "skipped": f"row {self.row}: skipped: {shown} exists, use --update to replace it",
            "failed": "",
        }[self.status]
        return ([said] if said else []) + [str(problem) for problem in self.problems]


@dataclass
class ImportResult:
    """The outcome of every non-empty row of the table, in table order."""

    rows: list[RowOutcome]

    @property
    def failed(self) -> bool:
        return any(outcome.status == "failed" for outcome in self.rows)

    def lines(self) -> list[str]:
        """Every row's outcome and problems, in table order."""
        return [line for outcome in self.rows for line in outcome.lines()]

    def summary(self) -> str:
        """ "2 written, 0 unchanged, 1 skipped, 3 with errors (not written)"."""
        counts = {status: sum(o.status == status for o in self.rows) for status in get_args(RowStatus)}
        return (
            f"{counts['written']} written, {counts['unchanged']} unchanged, {counts['skipped']} skipped,"
            f" {counts['failed']} with errors (not written)"
        )


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


def _match_headings(headings: Sequence[Cell]) -> dict[int, Column]:
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


# --- one row -> one record ----------------------------------------------------------------


@dataclass
class _Candidate:
    """One row turned into a record's text, with the problems met on the way."""

    row: int
    record_id: str
    text: str
    problems: list[RowProblem]
    # Columns whose cell could not be read: the field is left out, and the validator's
    # "is required" about it would only repeat the problem already reported.
    unreadable: set[str]


def _row_cells(
    row: int, values: Sequence[Cell], columns: dict[int, Column], headings: Sequence[Cell]
) -> tuple[dict[str, str], list[RowProblem]]:
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


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{separators}\n]", text) if part.strip()]


def _bool(text: str) -> bool | None:
    word = text.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None


def _candidate(row: int, cells: dict[str, str], problems: list[RowProblem], folder: Path) -> _Candidate:
    """Write the row as a record, laid out like the example records; note what could not be read."""
    unreadable: set[str] = set()

    def cell(header: str) -> str:
        return cells.get(header, "")

    def cells_of(fields: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        # An empty group stays, so the validator names each missing field, not the group.
        return {key: cell(header) for key, header in fields if cell(header)}

    def flag(header: str) -> bool | None:
        if not cell(header):
            return None
        value = _bool(cell(header))
        if value is None:
            problems.append(RowProblem(row, (header,), f'"{cell(header)}" is neither ja nor nein; write ja or nein'))
            unreadable.add(header)
        return value

    record: dict[str, Any] = {}
    if cell("Name"):
        record["name"] = cell("Name")
    if cell("Beschreibung"):
        record["description"] = {"de": cell("Beschreibung")}
    if cell("Branchen"):
        record["branches"] = _split(cell("Branchen"), ",;")
    record["address"] = cells_of(
        (("street", "Straße"), ("postcode", "PLZ"), ("city", "Ort"), ("district", "Stadtteil"))
    )
    record["geo"] = cells_of((("lat", "Breitengrad"), ("lon", "Längengrad")))
    if cell("Ausbildungsberufe"):
        record["occupations"] = _split(cell("Ausbildungsberufe"), ",;")
    if cell("Duales Studium"):
        record["dual_study"] = _split(cell("Duales Studium"), ";")
    record["internships"] = flag("Praktikum") or False

    open_door: dict[str, Any] = {}
    if cell("Offene Tür"):
        try:
            open_door["hours"] = [slot._asdict() for slot in parse_door_hours(cell("Offene Tür"))]
        except ValueError as exc:
            problems.append(RowProblem(row, ("Offene Tür",), str(exc)))
            unreadable.add("Offene Tür")
    for key, header in (("ask_for", "Fragen nach"), ("ask_about", "Fragen zu")):
        if cell(header):
            open_door[key] = {"de": cell(header)}
    record["open_door"] = open_door
    record["contact"] = cells_of(
        (("person", "Ansprechperson"), ("phone", "Telefon"), ("email", "E-Mail"), ("website", "Website"))
    )
    record["languages"] = _split(cell("Sprachen"), ",;") or ["de"]
    step_free = flag("Stufenlos")
    if step_free is not None:
        record["accessibility"] = {"step_free": step_free}
    if cell("Dabei seit"):
        record["joined"] = cell("Dabei seit")
    consent = flag("Einwilligung")
    if consent is not None:
        record["consent"] = consent
    if cell("Geprüft am"):
        record["reviewed"] = cell("Geprüft am")

    text = company_yaml(record, folder)
    return _Candidate(row, _record_id(row, cells, problems), text, problems, unreadable)


def _record_id(row: int, cells: dict[str, str], problems: list[RowProblem]) -> str:
    """The id from "Kennung", else made from the name; "" if there is none."""
    given = cells.get("Kennung", "")
    if given:
        if not is_id(given):
            problems.append(
                RowProblem(
                    row,
                    ("Kennung",),
                    f'"{given}" is not a valid id: use lowercase letters a-z, digits and "-",'
                    f' e.g. "{suggest_id(given)}", or leave it empty to make one from the name',
                )
            )
            return ""
        return given
    name = cells.get("Name", "")
    return suggest_id(name) if name else ""


# --- the import ----------------------------------------------------------------------------


def import_companies(table: Path, content_dir: Path, today: dt.date, *, update: bool = False) -> ImportResult:
    """Check every row of `table` as a company record; write the rows without errors to content_dir.

    A record that exists is replaced only with `update`, and only if it changes.
    """
    rows = read_table(table)
    if not rows:
        raise ConfigError(f"{table} is empty; row 1 holds the column headings, see python build.py import --columns")
    headings = rows[0]
    columns = _match_headings(headings)
    raw = load_content(content_dir)
    folder = content_dir / "companies"

    # 1. Every non-empty row as a record text; ids checked against each other and the folder.
    candidates: list[_Candidate] = []
    outcomes: dict[int, RowOutcome] = {}
    first_row_of: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        cells, problems = _row_cells(number, values, columns, headings)
        if not any(cells.values()) and not problems:
            continue
        candidate = _candidate(number, cells, problems, folder)
        record_id = candidate.record_id
        path = folder / f"{record_id}.yaml" if record_id else None
        if record_id in first_row_of:
            made = "" if cells.get("Kennung") else " made from the name"
            candidate.problems.append(
                RowProblem(
                    number,
                    ("Kennung",),
                    f'the id "{record_id}"{made} is already used in row {first_row_of[record_id]};'
                    " give this row its own Kennung",
                )
            )
        elif record_id:
            first_row_of[record_id] = number
            if not update and path is not None and (path.exists() or path.is_symlink()) and not candidate.problems:
                outcomes[number] = RowOutcome(number, record_id, "skipped", path)
                continue
        candidates.append(candidate)
        outcomes[number] = RowOutcome(number, record_id, "failed", path)

    # 2. Check them all with the project's own validation, beside site.yaml and the taxonomies.
    by_row = {candidate.row: candidate for candidate in candidates}
    for problem in _validate(candidates, raw, today):
        candidate = by_row[problem.row]
        if not (set(problem.columns) & candidate.unreadable):
            candidate.problems.append(problem)

    # 3. Write the rows without errors; a record that would not change is not touched.
    for candidate in candidates:
        outcome = outcomes[candidate.row]
        outcome.problems = sorted(candidate.problems, key=_problem_order)
        if any(problem.is_error for problem in candidate.problems) or outcome.path is None:
            continue
        new = candidate.text.encode("utf-8")
        if outcome.path.is_file() and not outcome.path.is_symlink() and outcome.path.read_bytes() == new:
            outcome.status = "unchanged"
        else:
            write_record_file(outcome.path, new, replace=update)  # without --update, never over a file
            outcome.status = "written"
    return ImportResult([outcomes[number] for number in sorted(outcomes)])


def _problem_order(problem: RowProblem) -> tuple[int, int]:
    first = _ORDER.get(problem.columns[0], len(_ORDER)) if problem.columns else -1
    return (first, 0 if problem.is_error else 1)


def _validate(candidates: list[_Candidate], raw: RawContent, today: dt.date) -> list[RowProblem]:
    """Validate the candidates as company records of the content folder `raw` was read from."""
    row_of = {f"row {candidate.row}": candidate.row for candidate in candidates}
    result = check_companies(
        raw,
        [(c.record_id or f"row-{c.row}", c.text, f"row {c.row}") for c in candidates],
        today,
    )

    site_file = display_path(raw.root / SITE_FILE)
    taxonomy_dir = display_path(raw.root / TAXONOMY_DIR)
    foundation = [
        problem
        for problem in result.errors
        if problem.file in (site_file, taxonomy_dir) or problem.file.startswith(taxonomy_dir + "/")
    ]
    if foundation:  # rows cannot be checked against a broken site.yaml or taxonomy
        raise ContentError(foundation)
    return [
        _row_problem(row_of[problem.file], problem)
        for problem in result.problems
        if problem.file in row_of and not problem.message.startswith(_TRANSLATION_WARNING)
    ]


def _row_problem(row: int, problem: Problem) -> RowProblem:
    """A validator problem about a record field, told as one about the row's column."""
    return RowProblem(row, _columns_of(problem.path), _REWORDED.get(problem.message, problem.message), problem.severity)


def _columns_of(path: str) -> tuple[str, ...]:
    """`open_door.hours[0].closes` -> ("Offene Tür",): the column that filled the field."""
    parts = re.sub(r"\[[0-9]+\]", "", path).split(".") if path else []
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in _COLUMNS_BY_FIELD:
            return (_COLUMNS_BY_FIELD[prefix].header,)
        if prefix in _GROUP_COLUMNS:
            return _GROUP_COLUMNS[prefix]
    return ()


__all__ = [
    "COLUMNS",
    "Column",
    "ImportResult",
    "RowOutcome",
    "RowProblem",
    "format_columns",
    "import_companies",
]
